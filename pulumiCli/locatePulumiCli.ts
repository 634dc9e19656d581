// Finds the Pulumi CLI to run: a `pulumi` on PATH (a user's own install) first, else the one this project
// built into the per-user cache. Nothing here builds; see buildPulumiCli.ts.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PULUMI_CLI_EXECUTABLES, PULUMI_CLI_VERSION } from "./pulumiCliRelease";

export interface PulumiCli {
  /** The directory holding `pulumi` and, for a built CLI, its plugins: put it first on PATH. */
  directory: string;
  /** Where it was found: a user's install on PATH, or this project's build in the cache. */
  source: "path" | "cache";
}

/** The per-user cache of built CLIs (outside any repository): `$PULUMI_CLI_CACHE_DIR`, else the XDG cache. */
export function pulumiCliCacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PULUMI_CLI_CACHE_DIR) return path.resolve(env.PULUMI_CLI_CACHE_DIR);
  const cacheHome = env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(cacheHome, "genesys-subflow-attachment", "pulumi-cli");
}

/** Where this project's build of the pinned release lives. */
export function builtPulumiCliDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(pulumiCliCacheDirectory(env), `v${PULUMI_CLI_VERSION}`);
}

export function isCompletePulumiCliDirectory(directory: string): boolean {
  return PULUMI_CLI_EXECUTABLES.every((name) => isExecutable(path.join(directory, name)));
}

/** The CLI to use, or undefined when there is none on PATH and none built yet. */
export function locatePulumiCli(env: NodeJS.ProcessEnv = process.env): PulumiCli | undefined {
  const onPath = (env.PATH ?? "")
    .split(path.delimiter)
    .find((dir) => dir !== "" && isExecutable(path.join(dir, "pulumi")));
  if (onPath) return { directory: onPath, source: "path" };
  const built = builtPulumiCliDirectory(env);
  return isCompletePulumiCliDirectory(built) ? { directory: built, source: "cache" } : undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
