// Scenario: state written by an earlier build of this project, taken to another machine that has today's
// build, then `pulumi refresh` and `pulumi destroy`. Delete and Read run the serialized provider stored in
// state, so the module an earlier shell loads must still be built and hold today's implementation.
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { spliceOut } from "../../provider/flowFormats/graph/graphEdits";
import { REPOSITORY_ROOT } from "../../engineReplay/repositoryRoot";
import { serializeDynamicProvider } from "../../engineReplay/serializeDynamicProvider";
import { PROVIDER_KEY } from "../../provider/identifiers";
import type { StackState } from "../../engineReplay/stack";
import { OutsideWriter } from "../../emulator/outsideWriter";
import { clientSecretOf, declareFor, flowsByName, hostStack, orgGraphs, TRIGGER_ID } from "./rootProgramStack";

/**
 * The first commit that serialized the shell into state: its provider is the earliest build whose state
 * users may hold, and its lifecycle differs from today's, so the upgrade below is a real one.
 */
const EARLIER_COMMIT = "dc4e0eff57f5b1892ede78a8a27c90dd2c9f98d2";

/**
 * Runs a serialized shell's `check` the way the provider host does (require-from-string, then handler()),
 * and prints its answer and which of the repository's built files it loaded.
 */
const RUN_SHELL_CHECK = `
  const requireFromString = require(${JSON.stringify(require.resolve("require-from-string", { paths: [require.resolve("@pulumi/pulumi")] }))});
  const provider = requireFromString(process.env.SHELL_TEXT).handler();
  provider.check({}, { parentFlowName: "Sales Inbound", sharedFlowName: "Global Auth Subflow", triggerId: "callAuth" }).then((checked) => {
    const loadedFromRepository = Object.keys(require.cache).filter((file) => file.startsWith(process.cwd() + "/dist/"));
    process.stdout.write(JSON.stringify({ checked, loadedFromRepository }));
  });
`;

/** The earlier commit's provider and package.json, built in a project directory of its own. */
function buildEarlierProject(projectDir: string): void {
  const archive = execFileSync("git", ["archive", "--format=tar", EARLIER_COMMIT, "provider", "package.json"], { cwd: REPOSITORY_ROOT, maxBuffer: 64 << 20 });
  execFileSync("tar", ["-x", "-C", projectDir], { input: archive });
  const tsconfig = {
    extends: path.join(REPOSITORY_ROOT, "tsconfig.json"),
    compilerOptions: { rootDir: ".", outDir: "dist", types: ["node"], declaration: false, sourceMap: false },
    include: ["provider"],
  };
  fs.writeFileSync(path.join(projectDir, "tsconfig.json"), JSON.stringify(tsconfig));
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(projectDir, "tsconfig.json")], { cwd: projectDir, stdio: "pipe" });
}

describe("state from an earlier build", () => {
  let emulator: RunningEmulator;
  let scratch: string;
  let earlierProject: string;

  beforeAll(() => {
    // Inside the repository, so the earlier build resolves its dependencies from its node_modules.
    fs.mkdirSync(path.join(REPOSITORY_ROOT, ".tmp-test"), { recursive: true });
    scratch = fs.mkdtempSync(path.join(REPOSITORY_ROOT, ".tmp-test", "earlier-build-"));
    earlierProject = path.join(scratch, "project");
    fs.mkdirSync(earlierProject);
    buildEarlierProject(earlierProject);
  }, 240_000);
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(() => emulator.close());

  it("runs the earlier shell on today's build: it loads today's implementation from the module it names", async () => {
    const { subflowAttachmentProvider } = require(path.join(earlierProject, "dist/provider/providerShell.js"));
    const earlierText = await serializeDynamicProvider(subflowAttachmentProvider);
    const today = await declareFor(emulator, "dev");
    // Today's shell loads the bundle; state written before it carries the earlier shell's text.
    expect(earlierText).not.toBe(today.resources[0].inputs[PROVIDER_KEY]);

    const { stdout } = await promisify(execFile)(process.execPath, ["-e", RUN_SHELL_CHECK], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, SHELL_TEXT: earlierText },
      encoding: "utf8",
    });
    const { checked, loadedFromRepository } = JSON.parse(stdout) as { checked: { failures?: unknown[] }; loadedFromRepository: string[] };

    expect(checked.failures ?? []).toEqual([]);
    expect(loadedFromRepository).toContain(path.join(REPOSITORY_ROOT, "dist/provider/providerImplementation.js"));
  });

  it("refreshes and destroys, on another machine with today's build, what the earlier build created", async () => {
    const before = orgGraphs(emulator, "dev");
    const { subflowAttachmentProvider } = require(path.join(earlierProject, "dist/provider/providerShell.js"));
    const earlierText = await serializeDynamicProvider(subflowAttachmentProvider);
    const declared = await declareFor(emulator, "dev");
    // The earlier build's class declared no ownership marker (today's adds the stack's): what it registered.
    const earlierProgram = declared.resources.map(({ inputs: { managedBy: _addedToday, ...inputs }, ...r }) => ({ ...r, inputs: { ...inputs, [PROVIDER_KEY]: earlierText } }));

    // `pulumi up` in the earlier project: its host loads the earlier build's lifecycle, not today's.
    const lifecycle = "dist/provider/providerImplementation.js";
    expect(fs.readFileSync(path.join(earlierProject, lifecycle), "utf8")).not.toBe(fs.readFileSync(path.join(REPOSITORY_ROOT, lifecycle), "utf8"));
    const earlier = hostStack({ declared, cwd: earlierProject });
    const up = await earlier.up(earlierProgram);
    expect(up.steps.filter((s) => !s.ok)).toEqual([]);
    expect(up.counts.create).toBe(3);
    const stateFile = path.join(scratch, "dev-state.json");
    fs.writeFileSync(stateFile, JSON.stringify(earlier.state));

    const other = await OutsideWriter.connect(emulator, { clientId: "dev-client", clientSecret: clientSecretOf("dev") });
    await other.editFlow(flowsByName(emulator, "dev")["Sales Inbound"].id, (flow) => Object.assign(flow, spliceOut(flow, TRIGGER_ID)));

    // Another machine: today's build at the repository root, the state loaded from the file.
    const state = JSON.parse(fs.readFileSync(stateFile, "utf8")) as StackState;
    expect(state.resources.map((r) => r.outputs[PROVIDER_KEY])).toEqual([earlierText, earlierText, earlierText]);
    const today = hostStack({ declared, state });

    const refresh = await today.refresh();
    expect(refresh.steps.filter((s) => !s.ok)).toEqual([]);
    expect(refresh.steps.filter((s) => s.op === "delete").map((s) => s.name)).toEqual(["sales-auth"]);
    expect(today.state.resources.map((r) => r.name).sort()).toEqual(["billing-auth", "support-auth"]);

    const destroy = await today.destroy();
    expect(destroy.steps.filter((s) => !s.ok)).toEqual([]);
    expect(destroy.counts.delete).toBe(2);
    expect(orgGraphs(emulator, "dev")).toEqual(before);
  });
});
