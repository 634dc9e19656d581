// examples/shared-auth-first installed as a user would: the package packed with `npm pack`, the tarball
// installed into a copy of the example, then the real `pulumi up`, `preview` and `destroy` on it (a
// TypeScript program, so the language host's runner compiles it), against the emulator's dev org.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_CLIENTS, startEmulator, type RunningEmulator } from "../../emulator";
import { REPOSITORY_ROOT } from "../../engineReplay/repositoryRoot";
import { PACKAGE_NAME } from "../../provider/identifiers";
import { runPulumi, type PulumiWorkspace } from "../../pulumiCli/pulumiCommand";
import { expectAttached, expectSameGraph } from "../support/graphAssertions";
import { CLI_SCENARIO_TIMEOUT_MS, expectSuccess, requirePulumiCli } from "./cliProject";

const EXAMPLE = path.join(REPOSITORY_ROOT, "examples", "shared-auth-first");
const PARENT_FLOWS = ["Sales Inbound", "Support Inbound", "Billing Inbound"];
const DEV_CLIENT = DEMO_CLIENTS.find((client) => client.orgId === "dev")!;

describe("the example, installed from the packed package", () => {
  let emulator: RunningEmulator;
  let workDir: string;
  let workspace: PulumiWorkspace;

  beforeAll(async () => {
    emulator = await startEmulator();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "packed-example-"));
    // dist/ was built by `pretest`; prepack would build it again.
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", workDir], { cwd: REPOSITORY_ROOT, encoding: "utf8" }),
    ) as Array<{ filename: string }>;
    const tarball = path.join(workDir, packed[0].filename);
    const project = path.join(workDir, "shared-auth-first");
    fs.cpSync(EXAMPLE, project, { recursive: true, filter: (source) => !source.includes("node_modules") });
    const manifest = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8"));
    manifest.dependencies[PACKAGE_NAME] = `file:${tarball}`;
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify(manifest, null, 2));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: project, encoding: "utf8", stdio: "pipe" });
    workspace = {
      cli: requirePulumiCli(),
      projectDirectory: project,
      stateDirectory: path.join(workDir, "state"),
      pulumiHome: path.join(workDir, "pulumi-home"),
      env: { GENESYS_CLIENT_ID: undefined, GENESYS_CLIENT_SECRET: undefined, GENESYS_API_URL: undefined, GENESYS_ENV: undefined },
    };
  }, CLI_SCENARIO_TIMEOUT_MS);
  afterAll(async () => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    await emulator?.close();
  });

  it("runs up, a clean preview and destroy, as its README tells a user to", async () => {
    const pulumi = async (...args: string[]) => {
      const result = await runPulumi(workspace, [...args, "--non-interactive"]);
      expectSuccess(result);
      return result;
    };
    await pulumi("stack", "init", "dev");
    await pulumi("config", "set", "genesys:apiUrl", emulator.url);
    await pulumi("config", "set", "genesys:clientId", DEV_CLIENT.clientId);
    await pulumi("config", "set", "--secret", "genesys:clientSecret", DEV_CLIENT.clientSecret);
    const before = Object.fromEntries(PARENT_FLOWS.map((name) => [name, emulator.findFlowByName("dev", name)!]));

    await pulumi("up", "--yes");
    for (const name of PARENT_FLOWS) expectAttached(before[name], emulator.findFlowByName("dev", name)!, "callGlobalAuth");
    await pulumi("preview", "--expect-no-changes");
    await pulumi("destroy", "--yes");
    for (const name of PARENT_FLOWS) expectSameGraph(emulator.findFlowByName("dev", name)!, before[name]);
  }, CLI_SCENARIO_TIMEOUT_MS);
});
