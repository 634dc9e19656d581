// Test support for the stress, bad-input and security tests: an org seed with many parent flows and two
// OAuth clients (the provider's and an outside writer's), a Stack running the real SubflowAttachment
// provider in the real host, and whole-org assertions (every graph exactly as declared, nothing written).

import { authenticationSharedFlow, inboundFlow, type EmulatorSeed, type RequestLogEntry, type SeedFlow } from "../../emulator";
import { findGraphViolations } from "../../provider/flowFormats/graph/flowGraph";
import type { Flow, FlowGraph } from "../../provider/flowModel";
import { isPlacedAfter, spliceOut } from "../../provider/flowFormats/graph/graphEdits";
import { subflowAttachmentProvider } from "../../provider/providerShell";
import { EMULATOR_HOST_ENVIRONMENT } from "../../engineReplay/hostEnvironment";
import { serializeDynamicProvider } from "../../engineReplay/serializeDynamicProvider";
import { PROVIDER_KEY, SUBFLOW_ATTACHMENT_TYPE } from "../../provider/identifiers";
import { Stack, type CommandResult, type DeclaredResource, type StackOptions } from "../../engineReplay/stack";
import { canonicalGraph } from "../support/graphAssertions";

export const ORG_ID = "stress";
/** The client the provider logs in with; requests in the emulator's log carry it. */
export const PROVIDER_CLIENT = { clientId: "provider-client", clientSecret: "provider-secret-value" };
/** Another integration (or a person in Architect) editing the same flows. */
export const OUTSIDE_CLIENT = { clientId: "outside-client", clientSecret: "outside-secret-value" };
export const SHARED_FLOW_NAME = "Global Auth Subflow";

/** An inbound call flow with a branch, so splices have conditions to carry: start -> welcome -> (queue | closed) -> end. */
export function inboundSeedFlow(name: string): SeedFlow {
  return inboundFlow({ name, queue: "Sales", prompt: "Prompt.Welcome", withBranch: true });
}

export function sharedSeedFlow(name = SHARED_FLOW_NAME): SeedFlow {
  return authenticationSharedFlow(name);
}

/** One org with the provider's and the outside writer's clients, the shared flow and `parentFlowNames` inbound flows. */
export function stressSeed(options: { parentFlowNames: string[]; extraFlows?: SeedFlow[] }): EmulatorSeed {
  return {
    orgs: [
      {
        id: ORG_ID,
        clients: [PROVIDER_CLIENT, OUTSIDE_CLIENT],
        flows: [sharedSeedFlow(), ...options.parentFlowNames.map(inboundSeedFlow), ...(options.extraFlows ?? [])],
      },
    ],
  };
}

export const parentFlowName = (index: number) => `Inbound ${String(index).padStart(2, "0")}`;

let providerText: Promise<string> | undefined;

/** The `__provider` text a program declaring SubflowAttachment would send (serialized once per test file). */
export function attachmentProviderText(): Promise<string> {
  providerText ??= serializeDynamicProvider(subflowAttachmentProvider);
  return providerText;
}

/** A declared SubflowAttachment as a Pulumi program would register it. */
export async function attachment(name: string, inputs: Record<string, unknown>): Promise<DeclaredResource> {
  return { name, type: SUBFLOW_ATTACHMENT_TYPE, inputs: { ...inputs, [PROVIDER_KEY]: await attachmentProviderText() } };
}

/** The stack config and environment of a Pulumi stack pointed at `apiUrl` with the provider's client. */
export function stackFor(apiUrl: string, options: Partial<StackOptions> & { clientSecret?: string } = {}): Stack {
  const { clientSecret, ...rest } = options;
  return new Stack({
    config: {
      "genesys:apiUrl": apiUrl,
      "genesys:clientId": PROVIDER_CLIENT.clientId,
      "genesys:clientSecret": clientSecret ?? PROVIDER_CLIENT.clientSecret,
    },
    // The host must see only the stack config, never credentials from the machine running the tests.
    env: EMULATOR_HOST_ENVIRONMENT,
    ...rest,
  });
}

/** What one attachment declares about its parent flow, for checking the org afterwards. */
export interface DeclaredCall {
  parentFlowName: string;
  triggerId: string;
  after?: string;
}

/**
 * Every parent flow holds exactly its declared calls, each placed after its node, each trigger ID once,
 * with a valid graph, and with the calls spliced out it is exactly the graph it started as.
 */
export function expectOrgAsDeclared(options: { before: Flow[]; after: Flow[]; declared: DeclaredCall[]; sharedFlowId: string }): void {
  const afterByName = new Map(options.after.map((flow) => [flow.name, flow]));
  for (const original of options.before) {
    const live = afterByName.get(original.name);
    expect(live).toBeDefined();
    const calls = options.declared.filter((call) => call.parentFlowName === original.name);
    const ids = live!.triggers.map((trigger) => trigger.id);
    expect({ flow: original.name, duplicateIds: ids.filter((id, index) => ids.indexOf(id) !== index) }).toEqual({ flow: original.name, duplicateIds: [] });
    expect({ flow: original.name, violations: findGraphViolations(live!) }).toEqual({ flow: original.name, violations: [] });
    const callIds = live!.triggers.filter((trigger) => trigger.type === "callsubflow").map((trigger) => trigger.id).sort();
    expect({ flow: original.name, callIds }).toEqual({ flow: original.name, callIds: calls.map((call) => call.triggerId).sort() });
    for (const call of calls) {
      const trigger = live!.triggers.find((candidate) => candidate.id === call.triggerId)!;
      expect(trigger.properties).toMatchObject({ type: "callsubflow", flowId: options.sharedFlowId });
      expect({ trigger: call.triggerId, placedAfter: isPlacedAfter(live!, call.triggerId, call.after ?? "start") }).toEqual({ trigger: call.triggerId, placedAfter: true });
    }
    const withoutCalls = calls.reduce<FlowGraph>((graph, call) => spliceOut(graph, call.triggerId), live!);
    expect({ flow: original.name, graph: canonicalGraph(withoutCalls) }).toEqual({ flow: original.name, graph: canonicalGraph(original) });
  }
}

/** Every flow's graph is exactly what it was (after destroy). */
export function expectGraphsRestored(before: Flow[], after: Flow[]): void {
  const afterById = new Map(after.map((flow) => [flow.id, flow]));
  for (const flow of before) {
    const live = afterById.get(flow.id);
    expect(live).toBeDefined();
    expect({ flow: flow.name, graph: canonicalGraph(live!) }).toEqual({ flow: flow.name, graph: canonicalGraph(flow) });
  }
}

/** Flow name -> version, to show that nothing was written. */
export function versionsByName(flows: Flow[]): Record<string, number> {
  return Object.fromEntries(flows.map((flow) => [`${flow.name} (${flow.type})`, flow.version]));
}

export function putsBy(log: readonly RequestLogEntry[], clientId: string, flowId?: string): RequestLogEntry[] {
  return log.filter((entry) => entry.method === "PUT" && entry.clientId === clientId && (flowId === undefined || entry.path === `/api/v2/flows/${flowId}`));
}

/** The failed steps of a command, for a readable assertion message. */
export function failedSteps(result: { steps: Array<{ name: string; op: string; ok: boolean; error?: string }> }): Array<{ name: string; op: string; error?: string }> {
  return result.steps.filter((step) => !step.ok).map(({ name, op, error }) => ({ name, op, error }));
}

/**
 * Runs a command until it succeeds, at most `maxRuns` times, as an operator re-runs `pulumi up` after a
 * step failed for good. Returns every run, so a test can assert and explain how many it took.
 */
export async function runUntilOk(command: () => Promise<CommandResult>, maxRuns: number): Promise<CommandResult[]> {
  const runs: CommandResult[] = [];
  do {
    runs.push(await command());
  } while (!runs[runs.length - 1].ok && runs.length < maxRuns);
  return runs;
}

/** One line per run: how many steps failed and the first distinct errors, for a failure message or a report. */
export function describeRuns(runs: CommandResult[]): string[] {
  return runs.map((run, index) => {
    const failed = failedSteps(run);
    const errors = [...new Set(failed.map((step) => step.error))].slice(0, 3);
    return `run ${index + 1}: ${run.ok ? "ok" : `${failed.length} failed, ${run.skipped.length} skipped: ${errors.join(" | ")}`}`;
  });
}
