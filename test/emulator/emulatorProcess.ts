// Test helper: runs the emulator CLI (emulator/main.ts) as a real child process, waits for the URL it
// prints, and can stop it gracefully or kill it with SIGKILL, for persistence and CLI tests.

import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { REPOSITORY_ROOT } from "../../engineReplay/repositoryRoot";

export interface EmulatorProcess {
  child: ChildProcess;
  url: string;
  host: string;
  port: number;
  /** Everything printed so far on stdout. */
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
}

export async function spawnEmulatorCli(args: string[], options: { startTimeoutMs?: number } = {}): Promise<EmulatorProcess> {
  const child = spawn(
    process.execPath,
    ["--require", path.join(__dirname, "fixtures/registerTypeScript.js"), path.join(REPOSITORY_ROOT, "emulator/main.ts"), ...args],
    { cwd: REPOSITORY_ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator printed no URL in time; stderr: ${stderr}`)), options.startTimeoutMs ?? 20_000);
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on("data", check);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited (${code}) before listening; stderr: ${stderr}`));
    });
  });
  const parsed = new URL(url);
  return { child, url, host: parsed.hostname, port: Number(parsed.port), output: () => stdout, exited };
}
