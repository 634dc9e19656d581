// The root Pulumi project copied into a temp directory for one run of the real CLI: Pulumi.yaml and the
// chosen stack files (pointed at a given Genesys API URL), with the build and node_modules linked from
// this checkout, a local state backend and a Pulumi home of its own. The demo and the real-CLI tests run
// here, so neither touches the repository's stack files nor the user's Pulumi login.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { EMULATOR_HOST_ENVIRONMENT } from "../engineReplay/hostEnvironment";
import { REPOSITORY_ROOT } from "../engineReplay/repositoryRoot";
import type { PulumiCli } from "./locatePulumiCli";
import { runPulumi, startPulumi, type PulumiResult, type PulumiWorkspace, type RunningPulumi } from "./pulumiCommand";

export type StackConfig = Record<string, unknown>;

export class RootProjectCopy {
  readonly workspace: PulumiWorkspace;

  private constructor(readonly directory: string, cli: PulumiCli) {
    this.workspace = {
      cli,
      projectDirectory: directory,
      stateDirectory: path.join(directory, ".state"),
      pulumiHome: path.join(directory, ".pulumi-home"),
      // Only what a command is given reaches the provider: no Genesys settings from the caller's shell.
      env: EMULATOR_HOST_ENVIRONMENT,
    };
  }

  /**
   * A copy with `stacks` created, each stack file as the repository has it (or as `stackConfigs` gives it,
   * for a stack the repository does not have) but for `genesys:apiUrl`.
   */
  static async create(options: {
    cli: PulumiCli;
    apiUrl: string;
    stacks: readonly string[];
    stackConfigs?: Readonly<Record<string, StackConfig>>;
  }): Promise<RootProjectCopy> {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "subflow-wiring-"));
    fs.copyFileSync(path.join(REPOSITORY_ROOT, "Pulumi.yaml"), path.join(directory, "Pulumi.yaml"));
    for (const linked of ["package.json", "node_modules", "dist"]) {
      fs.symlinkSync(path.join(REPOSITORY_ROOT, linked), path.join(directory, linked));
    }
    const project = new RootProjectCopy(directory, options.cli);
    for (const stack of options.stacks) {
      const config = options.stackConfigs?.[stack] ?? (yaml.load(fs.readFileSync(path.join(REPOSITORY_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: StackConfig }).config;
      project.writeStackConfig(stack, { ...config, "genesys:apiUrl": options.apiUrl });
      const init = await project.pulumi(["stack", "init", stack, "--non-interactive"]);
      if (init.status !== 0) throw new Error(`${init.command} failed:\n${init.stdout}${init.stderr}`);
    }
    return project;
  }

  stackConfig(stack: string): StackConfig {
    return (yaml.load(fs.readFileSync(this.stackFile(stack), "utf8")) as { config: StackConfig }).config;
  }

  /** Replaces the stack's `config:`, keeping what Pulumi keeps beside it (the secrets salt). */
  writeStackConfig(stack: string, config: StackConfig): void {
    const existing = fs.existsSync(this.stackFile(stack)) ? (yaml.load(fs.readFileSync(this.stackFile(stack), "utf8")) as StackConfig) : {};
    fs.writeFileSync(this.stackFile(stack), yaml.dump({ ...existing, config }));
  }

  pulumi(args: string[], env: Record<string, string | undefined> = {}, options: { echo?: NodeJS.WritableStream } = {}): Promise<PulumiResult> {
    return runPulumi(this.withEnv(env), args, options);
  }

  start(args: string[], env: Record<string, string | undefined> = {}): RunningPulumi {
    return startPulumi(this.withEnv(env), args);
  }

  remove(): void {
    fs.rmSync(this.directory, { recursive: true, force: true });
  }

  private stackFile(stack: string): string {
    return path.join(this.directory, `Pulumi.${stack}.yaml`);
  }

  private withEnv(env: Record<string, string | undefined>): PulumiWorkspace {
    return { ...this.workspace, env: { ...this.workspace.env, ...env } };
  }
}
