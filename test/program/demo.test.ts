// Protects the newcomer's first command, `npm run demo`, on a machine with no Pulumi CLI (none on PATH,
// none built): it must say so and how to get one, then still wire dev and prod in the embedded emulator
// through Pulumi's provider host. test/pulumiCli/demo.test.ts covers the same command with a CLI.

import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LOOPBACK_WITHOUT_PROXY } from "../../engineReplay/hostEnvironment";
import { REPOSITORY_ROOT } from "../../engineReplay/repositoryRoot";

it("explains the missing Pulumi CLI and wires both orgs through the provider host", () => {
  const nodeDir = path.dirname(process.execPath);
  const emptyCliCache = fs.mkdtempSync(path.join(os.tmpdir(), "no-pulumi-cli-"));
  const run = spawnSync(process.execPath, ["dist/program/demo.js", "--port", "0"], {
    cwd: REPOSITORY_ROOT,
    // Only node's own directory on PATH and an empty CLI cache: no `pulumi` to be found.
    env: { PATH: nodeDir, HOME: process.env.HOME, PULUMI_CLI_CACHE_DIR: emptyCliCache, ...LOOPBACK_WITHOUT_PROXY },
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.stdout).toContain("No Pulumi CLI here");
  expect(run.stdout).toContain("npm run -s pulumi-cli");
  for (const stack of ["dev", "prod"]) {
    expect(run.stdout).toContain(`== ${stack}: up, through Pulumi's provider host`);
  }
  for (const flow of ["Sales Inbound", "Support Inbound", "Billing Inbound"]) {
    const wired = run.stdout.split("\n").filter((line) => line.includes(`${flow} (`) && line.includes("start -> callGlobalAuth calls 'Global Auth Subflow'"));
    // dev and prod, in each of the two flow formats.
    expect(wired).toHaveLength(4);
  }
  // On the Architect orgs the call appears in the flow's YAML, in Archy's own words.
  expect(run.stdout).toContain("#### 2. The root program on orgs that keep flows in Architect's format");
  expect(run.stdout).toMatch(/\n  \+ +- callCommonModule:\n  \+ +name: callGlobalAuth\n  \+ +commonModule:\n  \+ +Global Auth Subflow:\n/);
  expect(run.stdout).toMatch(/\n  \+ +subflow-wiring: call "callGlobalAuth" is managed by stack "subflow-wiring\/dev"\n/);
  expect(run.stdout).toContain("Done: the same wiring in dev and prod, each with its own flow IDs, in both flow formats");
  fs.rmSync(emptyCliCache, { recursive: true });
}, 150_000);
