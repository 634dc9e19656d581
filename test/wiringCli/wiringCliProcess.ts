// Test support: the built `subflow-wiring` executable (package.json `bin`) run in a child process as a user
// runs it, with nothing GENESYS_* from the shell running the tests, and env files for its orgs.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_CLIENTS, type RunningEmulator } from "../../emulator";
import { EMULATOR_HOST_ENVIRONMENT } from "../../engineReplay/hostEnvironment";
import { REPOSITORY_ROOT } from "../../engineReplay/repositoryRoot";

const packageJson = JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
export const WIRING_CLI = path.join(REPOSITORY_ROOT, packageJson.bin["subflow-wiring"]);

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the executable itself (its shebang and mode, as npm links it); never blocks the emulator in this process. */
export function runWiringCli(args: string[], env: Record<string, string | undefined> = {}, cwd = REPOSITORY_ROOT): Promise<CliRun> {
  // Undefined values (the shell's GENESYS_* variables) are left out of the child's environment.
  const merged = { ...process.env, ...EMULATOR_HOST_ENVIRONMENT, ...env };
  return new Promise((resolve) => {
    execFile(WIRING_CLI, args, { cwd, env: merged, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

/** The settings of an emulator org's demo client, as GENESYS_* variables. */
export function demoOrgSettings(emulator: RunningEmulator, org: string, overrides: Record<string, string> = {}): Record<string, string> {
  const client = DEMO_CLIENTS.find((candidate) => candidate.orgId === org)!;
  return { GENESYS_CLIENT_ID: client.clientId, GENESYS_CLIENT_SECRET: client.clientSecret, GENESYS_API_URL: emulator.url, ...overrides };
}

/** A temporary directory for env files, removed by `cleanup`. */
export class EnvFiles {
  readonly directory = fs.mkdtempSync(path.join(os.tmpdir(), "subflow-wiring-"));

  /** Writes `name` with one KEY=value line per setting, under a comment, and returns its path. */
  write(name: string, settings: Record<string, string>): string {
    const file = path.join(this.directory, name);
    fs.writeFileSync(file, [`# ${name}`, ...Object.entries(settings).map(([key, value]) => `${key}=${value}`), ""].join("\n"));
    return file;
  }

  cleanup(): void {
    fs.rmSync(this.directory, { recursive: true, force: true });
  }
}
