// The project's way: every attachment a SubflowAttachment resource, driven through the real Pulumi
// provider host by the harness's Stack (a fresh host per command, as the CLI runs it).

import { UNBOUNDED_PARALLELISM } from "../test/harness/parallel";
import * as fs from "node:fs";
import * as path from "node:path";
import { subflowAttachmentProvider } from "../provider/providerShell";
import { PROVIDER_KEY, serializeDynamicProvider } from "../test/harness/serializeDynamicProvider";
import { CommandResult, DeclaredResource, Stack } from "../test/harness/stack";
import type { BenchAttachment } from "./benchOrg";
import { CommandOutcome, DeploymentStrategy } from "./deploymentStrategy";

const PACKAGE_NAME = "genesys-subflow-attachment";
const RESOURCE_TYPE = "pulumi-nodejs:dynamic/genesys:SubflowAttachment";

/** This repository's root (the Pulumi project the host runs in), from the source tree or from dist/. */
export function findRepositoryRoot(startDir: string = __dirname): string {
  for (let dir = startDir; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No ${PACKAGE_NAME} package.json above ${startDir}.`);
  }
}

export interface PulumiStrategyOptions {
  emulatorUrl: string;
  credentials: { clientId: string; clientSecret: string };
  attachments: readonly BenchAttachment[];
  /** The serialized shell (`serializedProvider()`), shared by every stack of a run. */
  providerText: string;
  /** Operations at once, `pulumi up --parallel`; default no cap, as the CLI. */
  parallelism?: number;
}

let serialized: Promise<string> | undefined;

/** The `__provider` text a Pulumi program would send; serialized once per process. */
export function serializedProvider(): Promise<string> {
  serialized ??= serializeDynamicProvider(subflowAttachmentProvider);
  return serialized;
}

export class PulumiStrategy implements DeploymentStrategy {
  readonly name = "pulumi" as const;
  private readonly stack: Stack;
  private readonly program: DeclaredResource[];

  constructor(private readonly options: PulumiStrategyOptions) {
    this.stack = this.newStack();
    this.program = options.attachments.map(({ name, ...inputs }) => ({
      name,
      type: RESOURCE_TYPE,
      inputs: { ...inputs, [PROVIDER_KEY]: options.providerText },
    }));
  }

  async up(): Promise<CommandOutcome> {
    return outcomeOf(await this.stack.up(this.program));
  }

  async preview(): Promise<CommandOutcome> {
    return outcomeOf(await this.stack.preview(this.program));
  }

  async destroy(): Promise<CommandOutcome> {
    return outcomeOf(await this.stack.destroy());
  }

  /** A command with nothing declared: the fixed cost of starting and configuring a host, no API calls. */
  async startEmptyHost(): Promise<void> {
    const result = await this.newStack().preview([]);
    if (!result.ok) throw new Error(`An empty preview failed:\n${result.log}`);
  }

  private newStack(): Stack {
    return new Stack({
      cwd: findRepositoryRoot(),
      config: {
        "genesys:apiUrl": this.options.emulatorUrl,
        "genesys:clientId": this.options.credentials.clientId,
        "genesys:clientSecret": this.options.credentials.clientSecret,
      },
      // Only the stack config may point the provider at an org: nothing leaks in from this shell.
      env: {
        NO_PROXY: "127.0.0.1,localhost",
        no_proxy: "127.0.0.1,localhost",
        GENESYS_CLIENT_ID: undefined,
        GENESYS_CLIENT_SECRET: undefined,
        GENESYS_ENV: undefined,
        GENESYS_API_URL: undefined,
      },
      parallelism: this.options.parallelism ?? UNBOUNDED_PARALLELISM,
    });
  }
}

function outcomeOf(result: CommandResult): CommandOutcome {
  const failed = result.steps.filter((step) => !step.ok);
  const { create, update, replace, delete: deleted } = result.counts;
  return {
    failures: failed.length + result.skipped.length,
    changes: create + update + replace + deleted,
    ...(failed.length > 0 ? { firstError: failed[0].error ?? "failed" } : {}),
  };
}
