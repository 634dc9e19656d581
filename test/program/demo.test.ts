// Protects the newcomer's first command, `npm run demo`: with no Pulumi CLI on PATH it must say so and
// how to install it, then still wire dev and prod in the embedded emulator through Pulumi's provider host.

import { spawnSync } from "child_process";
import * as path from "path";
import { LOOPBACK_WITHOUT_PROXY } from "../../engineReplay/hostEnvironment";
import { REPOSITORY_ROOT } from "../../engineReplay/repositoryRoot";

it("explains the missing Pulumi CLI and wires both orgs through the provider host", () => {
  const nodeDir = path.dirname(process.execPath);
  const run = spawnSync(process.execPath, ["dist/program/demo.js", "--port", "0"], {
    cwd: REPOSITORY_ROOT,
    // Only node's own directory on PATH: no `pulumi` to be found.
    env: { PATH: nodeDir, HOME: process.env.HOME, ...LOOPBACK_WITHOUT_PROXY },
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.stdout).toContain("The Pulumi CLI is not installed here");
  expect(run.stdout).toContain("curl -fsSL https://get.pulumi.com | sh");
  for (const stack of ["dev", "prod"]) {
    expect(run.stdout).toContain(`== ${stack}: up, through Pulumi's provider host`);
  }
  for (const flow of ["Sales Inbound", "Support Inbound", "Billing Inbound"]) {
    const wired = run.stdout.split("\n").filter((line) => line.includes(`${flow} (`) && line.includes("start -> callGlobalAuth calls 'Global Auth Subflow'"));
    expect(wired).toHaveLength(2);
  }
  expect(run.stdout).toContain("Done: the same wiring in dev and prod");
}, 150_000);
