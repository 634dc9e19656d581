// The project's way: every attachment a SubflowAttachment resource, driven through the real Pulumi
// provider host by the engine replay's Stack (a fresh host per command, as the CLI runs it).

import { EMULATOR_HOST_ENVIRONMENT } from "../engineReplay/hostEnvironment";
import { serializeDynamicProvider } from "../engineReplay/serializeDynamicProvider";
import { CommandResult, DeclaredResource, Stack } from "../engineReplay/stack";
import { PROVIDER_KEY, SUBFLOW_ATTACHMENT_TYPE } from "../provider/identifiers";
import { subflowAttachmentProvider } from "../provider/providerShell";
import type { BenchAttachment } from "./benchOrg";
import { CommandOutcome, DeploymentStrategy } from "./deploymentStrategy";

export interface PulumiStrategyOptions {
  emulatorUrl: string;
  credentials: { clientId: string; clientSecret: string };
  attachments: readonly BenchAttachment[];
  /** The serialized shell (`serializedProvider()`), shared by every stack of a run. */
  providerText: string;
  /** Operations at once, `pulumi up --parallel`; default the CLI's (see `defaultParallelism`). */
  parallelism?: number;
  /** Whether the provider may list flows (`genesys:flowListing`); default true. */
  listing?: boolean;
}

let serialized: Promise<string> | undefined;

/** The `__provider` text a Pulumi program would send; serialized once per process. */
export function serializedProvider(): Promise<string> {
  serialized ??= serializeDynamicProvider(subflowAttachmentProvider);
  return serialized;
}

/** The ownership marker of the benchmark's stack (`<project>/<stack>`). */
export const BENCH_STACK_MARKER = "genesys-subflow-attachment/bench";

let doNothing: Promise<string> | undefined;

/**
 * The `__provider` text of a provider that answers every call at once without a request: the same
 * program run with it costs only what the engine and Pulumi's host take.
 */
export function doNothingProviderText(): Promise<string> {
  doNothing ??= serializeDynamicProvider({
    check: async (_olds, news) => ({ inputs: news }),
    create: async (inputs) => ({ id: String(inputs.triggerId), outs: inputs }),
    diff: async () => ({ changes: false }),
    delete: async () => undefined,
  });
  return doNothing;
}

let loadOnly: Promise<string> | undefined;

/**
 * The `__provider` text of a provider that loads this project's code, as the real shell does at `Configure`,
 * and then answers every call at once like the do-nothing one: beside it, what loading our code costs.
 */
export function loadOnlyProviderText(): Promise<string> {
  loadOnly ??= serializeDynamicProvider({
    configure: (request) => subflowAttachmentProvider.configure!(request),
    check: async (_olds, news) => ({ inputs: news }),
    create: async (inputs) => ({ id: String(inputs.triggerId), outs: inputs }),
    diff: async () => ({ changes: false }),
    delete: async () => undefined,
  });
  return loadOnly;
}

export class PulumiStrategy implements DeploymentStrategy {
  readonly name = "pulumi" as const;
  private readonly stack: Stack;
  private readonly program: DeclaredResource[];

  constructor(private readonly options: PulumiStrategyOptions) {
    this.stack = this.newStack();
    this.program = options.attachments.map(({ name, ...inputs }) => ({
      name,
      type: SUBFLOW_ATTACHMENT_TYPE,
      // As `SubflowAttachment` declares it: marked with its project and stack, which makes the check of a new
      // attachment ask the org whether another stack owns the call.
      inputs: { ...inputs, managedBy: BENCH_STACK_MARKER, [PROVIDER_KEY]: options.providerText },
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
      config: {
        "genesys:apiUrl": this.options.emulatorUrl,
        "genesys:clientId": this.options.credentials.clientId,
        "genesys:clientSecret": this.options.credentials.clientSecret,
        ...(this.options.listing === false ? { "genesys:flowListing": "off" } : {}),
      },
      // Only the stack config may point the provider at an org: nothing leaks in from this shell.
      env: EMULATOR_HOST_ENVIRONMENT,
      parallelism: this.options.parallelism,
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
