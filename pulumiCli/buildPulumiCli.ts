// Builds the pinned Pulumi CLI from the Go module proxy into the per-user cache: the CLI itself, our
// Node.js language host (Pulumi's is not served as a Go module) and the dynamic-provider plugin launcher.
// The CLI takes minutes the first time (Go downloads and compiles about 1,500 packages) and is reused for
// every later build; the plugins take seconds and are rebuilt whenever their sources change.

import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { builtPulumiCliDirectory, GO_MODULE_DIRECTORY, isCompletePulumiCliDirectory, pulumiBinaryDirectory } from "./locatePulumiCli";
import { PULUMI_CLI_VERSION } from "./pulumiCliRelease";

const CLI_PACKAGE = "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi";
const VERSION_VARIABLE = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";
/** A progress line every so many compiled packages. */
const PROGRESS_EVERY_PACKAGES = 100;

export interface BuildOptions {
  env?: NodeJS.ProcessEnv;
  /** Progress lines for a person (stderr by default). */
  log?: (line: string) => void;
}

/** Builds the CLI into the cache unless it is already there; returns the directory holding it. */
export async function buildPulumiCli(options: BuildOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const target = builtPulumiCliDirectory(env);
  if (!target) {
    throw new Error(`building the Pulumi CLI needs a checkout of this repository (${GO_MODULE_DIRECTORY} is missing); or put \`pulumi\` on PATH`);
  }
  if (isCompletePulumiCliDirectory(target)) return target;

  const goVersion = spawnSync("go", ["version"], { env, encoding: "utf8" });
  if (goVersion.error || goVersion.status !== 0) {
    throw new Error(
      `building the Pulumi CLI needs Go (1.25 or later) on PATH, and none was found. Install Go, or install ` +
        `the Pulumi CLI ${PULUMI_CLI_VERSION} and put \`pulumi\` on PATH; then run this again.`,
    );
  }
  const pulumiBinary = path.join(await buildPulumiBinary(env, goVersion.stdout.trim(), log), "pulumi");

  // Assembled beside the target and renamed into place, so an interrupted build never looks complete.
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(`${target}.partial-`);
  try {
    log("Building the Node.js language host and the dynamic-provider plugin...");
    await goBuild(["-ldflags", `-X main.version=${PULUMI_CLI_VERSION}`, "-o", path.join(staging, "pulumi-language-nodejs"), "./languagehost"], env, () => {});
    const launcher = path.join(staging, "pulumi-resource-pulumi-nodejs");
    fs.copyFileSync(path.join(GO_MODULE_DIRECTORY, "pulumi-resource-pulumi-nodejs"), launcher);
    fs.chmodSync(launcher, 0o755);
    // A link, not a copy: the CLI finds its bundled plugins beside its own executable's real path.
    fs.linkSync(pulumiBinary, path.join(staging, "pulumi"));
    renameIntoPlace(staging, target);
    return target;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The release's `pulumi` binary, built once per cache. */
async function buildPulumiBinary(env: NodeJS.ProcessEnv, goVersion: string, log: (line: string) => void): Promise<string> {
  const target = pulumiBinaryDirectory(env);
  if (fs.existsSync(path.join(target, "pulumi"))) return target;
  log(`Building Pulumi CLI v${PULUMI_CLI_VERSION} with ${goVersion} into ${target}`);
  log("The first build downloads and compiles Pulumi's Go modules: several minutes on two cores.");
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(`${target}.partial-`);
  try {
    const started = Date.now();
    await goBuild(["-ldflags", `-X ${VERSION_VARIABLE}=v${PULUMI_CLI_VERSION}`, "-o", path.join(staging, "pulumi"), CLI_PACKAGE], env, (compiled) =>
      log(`  ${compiled} packages compiled, ${Math.round((Date.now() - started) / 1000)} s`),
    );
    renameIntoPlace(staging, target);
    log(`Built in ${Math.round((Date.now() - started) / 1000)} s.`);
    return target;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function renameIntoPlace(staging: string, target: string): void {
  try {
    fs.renameSync(staging, target);
  } catch (error) {
    // Another build finished first: keep its result.
    if (!fs.existsSync(target)) throw error;
  }
}

/** `go build -v` in the wrapper module: its stderr names each package compiled, which drives the progress. */
function goBuild(args: string[], env: NodeJS.ProcessEnv, onProgress: (compiled: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("go", ["build", "-v", "-mod=readonly", "-trimpath", "-buildvcs=false", ...args], {
      cwd: GO_MODULE_DIRECTORY,
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let compiled = 0;
    let pending = "";
    const lastLines: string[] = [];
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      const lines = (pending + chunk).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        lastLines.push(line);
        if (lastLines.length > 20) lastLines.shift();
        if (!line.startsWith("go: ") && ++compiled % PROGRESS_EVERY_PACKAGES === 0) onProgress(compiled);
      }
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`go build ${args[args.length - 1]} failed (exit ${code}):\n${[...lastLines, pending].join("\n")}`));
    });
  });
}
