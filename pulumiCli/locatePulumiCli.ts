// Finds the Pulumi CLI to run: a `pulumi` on PATH (a user's own install) first, else the one this project
// built into the per-user cache. Nothing here builds; see buildPulumiCli.ts.

import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPOSITORY_ROOT } from "../engineReplay/repositoryRoot";
import { PULUMI_CLI_EXECUTABLES, PULUMI_CLI_VERSION } from "./pulumiCliRelease";

/** The wrapper Go module that pins the CLI's modules (go.mod, go.sum) and holds our language host. */
export const GO_MODULE_DIRECTORY = path.join(REPOSITORY_ROOT, "pulumiCli", "go");
/** What the plugins beside the CLI are built from: a change to any of them makes a new build directory. */
const PLUGIN_SOURCES = ["go.mod", "go.sum", "languagehost/main.go", "pulumi-resource-pulumi-nodejs"];

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

/** Where the `pulumi` binary of the pinned release is built once: it depends on the release alone. */
export function pulumiBinaryDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(pulumiCliCacheDirectory(env), `pulumi-v${PULUMI_CLI_VERSION}`);
}

/**
 * Where this checkout's CLI directory lives: the release's `pulumi` beside plugins built from this
 * checkout's sources, so a changed language host is rebuilt while the slow CLI build is reused.
 * Undefined outside a checkout (an installed package has no Go sources).
 */
export function builtPulumiCliDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const hash = createHash("sha256");
  for (const source of PLUGIN_SOURCES) {
    const file = path.join(GO_MODULE_DIRECTORY, source);
    if (!fs.existsSync(file)) return undefined;
    hash.update(`${source}\0`).update(fs.readFileSync(file));
  }
  return path.join(pulumiCliCacheDirectory(env), `v${PULUMI_CLI_VERSION}-${hash.digest("hex").slice(0, 12)}`);
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
  return built && isCompletePulumiCliDirectory(built) ? { directory: built, source: "cache" } : undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
