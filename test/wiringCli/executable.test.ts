// Protects the `subflow-wiring` executable as installed: `npx subflow-wiring` finds it through package.json
// `bin`, each command's help has examples, and trouble before any request (missing settings, a bad env
// file line, bad arguments) exits 2 with a message saying what to fix, never a secret.
import { execFile } from "node:child_process";
import { REPOSITORY_ROOT } from "../../engineReplay/repositoryRoot";
import { EnvFiles, runWiringCli } from "./wiringCliProcess";

describe("the subflow-wiring executable", () => {
  let envFiles: EnvFiles;

  beforeAll(() => {
    envFiles = new EnvFiles();
  });
  afterAll(() => envFiles.cleanup());

  it("runs as `npx subflow-wiring` in the package", async () => {
    const npx = process.platform === "win32" ? "npx.cmd" : "npx";
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(npx, ["--no-install", "subflow-wiring", "--help"], { cwd: REPOSITORY_ROOT }, (error, out) => (error ? reject(error) : resolve(out))),
    );
    expect(stdout).toMatch(/^Usage: subflow-wiring <command> \[options\]\n/);
    expect(stdout).toContain("  export    ");
    expect(stdout).toContain("  compare   ");
  });

  it("shows each command's help with examples, exit 0", async () => {
    const help = await runWiringCli(["compare", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Examples:\n  subflow-wiring compare --left dev.env --right prod.env\n");
  });

  it("exits 2 naming the missing variables when the environment has no credentials", async () => {
    const run = await runWiringCli(["export"], { GENESYS_API_URL: "http://127.0.0.1:1" });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "subflow-wiring: error: Genesys Cloud credentials are missing from the environment: set GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET. Or give the settings in a file: --env-file FILE.\n",
    );
  });

  it("exits 2 naming the env file and line that is not a setting, without showing the line", async () => {
    const file = envFiles.write("prod.env", { GENESYS_CLIENT_ID: "prod-client" });
    const withBadLine = envFiles.write("bad.env", { GENESYS_CLIENT_ID: "prod-client", "GENESYS_CLIENT_SECRET prod-secret-value #": "" });
    const run = await runWiringCli(["compare", "--left", file, "--right", withBadLine]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`subflow-wiring: error: Genesys Cloud credentials are missing from env file ${file}: set GENESYS_CLIENT_SECRET.\n`);
    const bad = await runWiringCli(["export", "--env-file", withBadLine]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(`subflow-wiring: error: ${withBadLine} line 3: the text before '=' is not a variable name such as GENESYS_CLIENT_ID (it is not shown, as it may hold a secret).\n`);
    expect(bad.stderr).not.toContain("prod-secret-value");
  });

  it("exits 2 on arguments it does not know, pointing at the help", async () => {
    const run = await runWiringCli(["export", "--formt", "mermaid"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("subflow-wiring: Unknown option '--formt'. Run `subflow-wiring export --help`.\n");
  });
});
