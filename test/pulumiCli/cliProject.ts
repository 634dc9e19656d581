// Real-CLI test support: a copy of the root Pulumi project in a temp directory (its stack files pointed at
// a test emulator, its build and node_modules linked from this checkout), run with the real `pulumi`,
// a local state backend and a Pulumi home of its own, so tests never touch the repository's stack files
// or the user's Pulumi login.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { DEMO_CLIENTS } from "../../emulator";
import { REPOSITORY_ROOT } from "../../engineReplay/repositoryRoot";
import { locatePulumiCli, type PulumiCli } from "../../pulumiCli/locatePulumiCli";
import { runPulumi, startPulumi, type PulumiResult, type PulumiWorkspace, type RunningPulumi } from "../../pulumiCli/pulumiCommand";

/** A scenario runs a dozen CLI commands of several seconds each on a loaded 2-core machine. */
export const CLI_SCENARIO_TIMEOUT_MS = 10 * 60 * 1000;

/** The CLI the suite runs; jest.config.js leaves the suite out (and says so) when there is none. */
export function requirePulumiCli(): PulumiCli {
  const cli = locatePulumiCli();
  if (!cli) throw new Error("no Pulumi CLI: run 'npm run -s pulumi-cli' to build one, or put pulumi on PATH");
  return cli;
}

export class CliProject {
  readonly workspace: PulumiWorkspace;

  private constructor(readonly directory: string, cli: PulumiCli) {
    this.workspace = {
      cli,
      projectDirectory: directory,
      stateDirectory: path.join(directory, ".state"),
      pulumiHome: path.join(directory, ".pulumi-home"),
      env: {
        GENESYS_CLIENT_SECRET: undefined,
        GENESYS_CLIENT_ID: undefined,
        GENESYS_API_URL: undefined,
        GENESYS_ENV: undefined,
        PULUMI_CONFIG_PASSPHRASE: "",
      },
    };
  }

  /** The root project with the given stacks' files (from this checkout), each pointed at `service` (an emulator or a relay to one). */
  static async create(service: { url: string }, stacks: string[]): Promise<CliProject> {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "subflow-cli-"));
    fs.copyFileSync(path.join(REPOSITORY_ROOT, "Pulumi.yaml"), path.join(directory, "Pulumi.yaml"));
    for (const linked of ["package.json", "node_modules", "dist"]) {
      fs.symlinkSync(path.join(REPOSITORY_ROOT, linked), path.join(directory, linked));
    }
    const project = new CliProject(directory, requirePulumiCli());
    for (const stack of stacks) {
      const file = yaml.load(fs.readFileSync(path.join(REPOSITORY_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
      file.config["genesys:apiUrl"] = service.url;
      project.writeStackConfig(stack, file.config);
      const init = await project.pulumi(["stack", "init", stack, "--non-interactive"]);
      expectSuccess(init);
    }
    return project;
  }

  stackConfig(stack: string): Record<string, unknown> {
    return (yaml.load(fs.readFileSync(this.stackFile(stack), "utf8")) as { config: Record<string, unknown> }).config;
  }

  writeStackConfig(stack: string, config: Record<string, unknown>): void {
    const existing = fs.existsSync(this.stackFile(stack)) ? (yaml.load(fs.readFileSync(this.stackFile(stack), "utf8")) as Record<string, unknown>) : {};
    fs.writeFileSync(this.stackFile(stack), yaml.dump({ ...existing, config }));
  }

  pulumi(args: string[], env: Record<string, string | undefined> = {}): Promise<PulumiResult> {
    return runPulumi(this.withEnv(env), args);
  }

  start(args: string[], env: Record<string, string | undefined> = {}): RunningPulumi {
    return startPulumi(this.withEnv(env), args);
  }

  cleanup(): void {
    fs.rmSync(this.directory, { recursive: true, force: true });
  }

  private stackFile(stack: string): string {
    return path.join(this.directory, `Pulumi.${stack}.yaml`);
  }

  private withEnv(env: Record<string, string | undefined>): PulumiWorkspace {
    return { ...this.workspace, env: { ...this.workspace.env, ...env } };
  }
}

/** The emulator org's demo client secret, given the way the README tells users to: in the environment. */
export function clientSecretEnv(org: string): Record<string, string> {
  const client = DEMO_CLIENTS.find((candidate) => candidate.orgId === org);
  if (!client) throw new Error(`the emulator has no demo client for org '${org}'`);
  return { GENESYS_CLIENT_SECRET: client.clientSecret };
}

/** Fails with the command's whole output, so a red test says what the CLI said. */
export function expectSuccess(result: PulumiResult): void {
  if (result.status !== 0) {
    throw new Error(`${result.command} exited ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
  }
}

/** `pulumi preview --json`'s steps as [resource name, op]: what would change (it lists no unchanged resource). */
export function previewSteps(result: PulumiResult): Array<[string, string]> {
  expectSuccess(result);
  const preview = JSON.parse(result.stdout) as { steps?: Array<{ op: string; urn: string }> };
  return (preview.steps ?? [])
    .filter((step) => step.op !== "same" && !step.urn.includes("pulumi:pulumi:Stack"))
    .map((step): [string, string] => [step.urn.split("::").pop()!, step.op])
    .sort();
}
