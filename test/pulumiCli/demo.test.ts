// Protects `npm run demo` where a Pulumi CLI is found: it runs the real `pulumi up` for dev, then prod,
// shows the CLI's display, wires both orgs, and leaves the repository's stack files untouched.

import { spawn } from "child_process";
import * as fs from "fs";
import { REPOSITORY_ROOT } from "../../engineReplay/repositoryRoot";
import { CLI_SCENARIO_TIMEOUT_MS } from "./cliProject";

function runDemo(): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["dist/program/demo.js"], { cwd: REPOSITORY_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

it("runs the real pulumi up for dev and prod and wires both orgs", async () => {
  const stackFiles = ["Pulumi.dev.yaml", "Pulumi.prod.yaml"].map((file) => fs.readFileSync(`${REPOSITORY_ROOT}/${file}`, "utf8"));
  const run = await runDemo();
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.stdout).not.toContain("No Pulumi CLI here");
  for (const stack of ["dev", "prod"]) {
    expect(run.stdout).toContain(`== ${stack}: pulumi up`);
    expect(run.stdout).toContain(`Updating (${stack}):`);
  }
  expect(run.stdout.match(/Resources:\n\s+\+ 4 created/g)).toHaveLength(4);
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
  expect(["Pulumi.dev.yaml", "Pulumi.prod.yaml"].map((file) => fs.readFileSync(`${REPOSITORY_ROOT}/${file}`, "utf8"))).toEqual(stackFiles);
}, CLI_SCENARIO_TIMEOUT_MS);
