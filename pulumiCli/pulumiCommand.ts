// Runs the real `pulumi` CLI for a project, kept offline and apart from the user's own Pulumi login: a
// local file state backend, no update check, no plugin downloads. Asynchronous, so an emulator serving
// the same process keeps answering while the CLI runs.

import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { LOOPBACK_WITHOUT_PROXY } from "../engineReplay/hostEnvironment";
import type { PulumiCli } from "./locatePulumiCli";

export interface PulumiWorkspace {
  cli: PulumiCli;
  /** The Pulumi project directory (holds Pulumi.yaml and the stack files). */
  projectDirectory: string;
  /** Where the local backend keeps stacks and state (`file://` backend). */
  stateDirectory: string;
  /** Pulumi's own home (plugins, workspace settings); by default the user's. */
  pulumiHome?: string;
  /** Variables for every command on top of the process's own; `undefined` removes one. */
  env?: Record<string, string | undefined>;
}

export interface PulumiResult {
  command: string;
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningPulumi {
  process: ChildProcess;
  /** Everything printed so far, stdout and stderr interleaved as they arrived. */
  output(): string;
  done: Promise<PulumiResult>;
}

export function pulumiEnvironment(workspace: PulumiWorkspace): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [workspace.cli.directory, process.env.PATH].filter(Boolean).join(path.delimiter),
    PULUMI_BACKEND_URL: `file://${workspace.stateDirectory}`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // The engine's own gRPC and the emulator are on loopback: a configured proxy must not take them.
    ...LOOPBACK_WITHOUT_PROXY,
    ...(workspace.pulumiHome ? { PULUMI_HOME: workspace.pulumiHome } : {}),
  };
  for (const [key, value] of Object.entries(workspace.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Starts `pulumi <args>` in the project; output is collected (and echoed to `echo` when given). */
export function startPulumi(workspace: PulumiWorkspace, args: string[], options: { echo?: NodeJS.WritableStream } = {}): RunningPulumi {
  fs.mkdirSync(workspace.stateDirectory, { recursive: true });
  const child = spawn(path.join(workspace.cli.directory, "pulumi"), args, {
    cwd: workspace.projectDirectory,
    env: pulumiEnvironment(workspace),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let interleaved = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    interleaved += chunk;
    options.echo?.write(chunk);
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    interleaved += chunk;
    options.echo?.write(chunk);
  });
  const command = `pulumi ${args.join(" ")}`;
  const done = new Promise<PulumiResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status, signal) => resolve({ command, status, signal, stdout, stderr }));
  });
  return { process: child, output: () => interleaved, done };
}

export function runPulumi(workspace: PulumiWorkspace, args: string[], options: { echo?: NodeJS.WritableStream } = {}): Promise<PulumiResult> {
  return startPulumi(workspace, args, options).done;
}
