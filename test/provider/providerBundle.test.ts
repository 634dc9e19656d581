// Protects the provider host's cold start: the implementation the serialized shell loads is one bundled
// file (scripts/bundleProvider.mjs), so a fresh host resolves and compiles no other module of ours or of
// node_modules, and that file still serves the shell, with the real SDK over HTTP.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { startEmulator, RunningEmulator } from "../../emulator";
import { IMPLEMENTATION_BUNDLE_MODULE } from "../../provider/identifiers";
import { subflowAttachmentProvider } from "../../provider/providerShell";
import { REPOSITORY_ROOT } from "../../engineReplay/repositoryRoot";
import { expectAttached } from "../support/graphAssertions";

const BUNDLE = path.join(REPOSITORY_ROOT, "dist", `${IMPLEMENTATION_BUNDLE_MODULE}.js`);

/** Runs in a fresh Node process: load the bundle, configure it, check and create one attachment. */
const COLD_START = `
const implementation = require(process.env.BUNDLE);
const config = { "genesys:apiUrl": process.env.API_URL, "genesys:clientId": "dev-client", "genesys:clientSecret": "dev-secret" };
(async () => {
  await implementation.configure({ config: { get: (key) => config[key] } });
  const checked = await implementation.check({}, { parentFlowName: "Support Inbound", sharedFlowName: "Global Auth Subflow", triggerId: "bundled" });
  const created = await implementation.create(checked.inputs);
  process.stdout.write(JSON.stringify({
    exports: Object.keys(implementation).sort(),
    checkFailures: checked.failures ?? [],
    createdId: created.id,
    loadedFiles: Object.keys(require.cache),
  }));
  process.exit(0);
})().catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });
`;

let emulator: RunningEmulator;

beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(() => emulator.close());

describe("the bundled provider implementation", () => {
  it("is built where the shell looks for it (npm run build makes it)", () => {
    expect(fs.existsSync(BUNDLE)).toBe(true);
  });

  it("holds only the SDK classes the provider uses, and links no source map", () => {
    const bundled = fs.readFileSync(BUNDLE, "utf8");
    // A method of another API class: there whenever the SDK's main entry (every class, 3.9 MB) is bundled.
    expect(bundled).not.toContain("postAnalyticsConversationsDetailsQuery");
    expect(bundled).toContain("postFlowsActionsPublish");
    // The host installs source-map-support, which would parse a linked map the first time any stack is
    // read (about 0.2 s on the first error response of each command).
    expect(bundled).not.toMatch(/^\/\/# sourceMappingURL=/m);
  });

  it("loads no other file, exports every method the shell calls, and creates an attachment over real HTTP", async () => {
    const before = emulator.findFlowByName("dev", "Support Inbound")!;
    // Asynchronously: the emulator answers from this process.
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", COLD_START], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, BUNDLE, API_URL: emulator.url },
      encoding: "utf8",
      timeout: 60_000,
    });
    const result = JSON.parse(stdout) as { exports: string[]; checkFailures: unknown[]; createdId: string; loadedFiles: string[] };

    expect(result.loadedFiles).toEqual([BUNDLE]);
    // Every lifecycle method the serialized shell calls (the source module is not loaded here: that would
    // load the SDK's main entry into this process).
    expect(result.exports).toEqual(expect.arrayContaining(Object.keys(subflowAttachmentProvider)));
    expect(result.checkFailures).toEqual([]);
    expect(result.createdId).toBe(`${before.id}:bundled`);
    expectAttached(before, emulator.getFlow("dev", before.id)!, "bundled");
  });
});
