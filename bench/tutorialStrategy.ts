// The baseline: the strategy of the shared-flow tutorial this project grew from, with the real SDK. Per attachment
// it lists one page of flows to find the shared flow by name and again for the parent, GETs the parent,
// adds the trigger and PUTs the whole flow back, retrying a 409 immediately as its "Code Fix" does.

import type { RunningEmulator } from "../emulator";
import { CALL_SUBFLOW_TYPE, Flow, FlowGraph, FlowTrigger } from "../provider/flowModel";
import { findTrigger, replaceTriggerProperties, spliceIn, spliceOut } from "../provider/flowFormats/graph/graphEdits";
import { ArchitectSdk, loggedInSdk } from "../emulator/sdkClient";
import { defaultParallelism, mapWithParallelism } from "../engineReplay/parallel";
import type { BenchAttachment } from "./benchOrg";
import { CommandOutcome, DeploymentStrategy, describeFailure } from "./deploymentStrategy";
import { sameJsonValue } from "./wiringCheck";

/** The tutorial's `retries = 3; for i in range(retries)`: three attempts in all, no delay between them. */
export const TUTORIAL_PUT_ATTEMPTS = 3;
/** The tutorial fetches one page of this size and filters by name client-side. */
export const TUTORIAL_LIST_PAGE_SIZE = 100;

export interface TutorialStrategyOptions {
  emulator: Pick<RunningEmulator, "host" | "port">;
  credentials: { clientId: string; clientSecret: string };
  attachments: readonly BenchAttachment[];
  /** Attachments handled at once; default `pulumi up --parallel`'s, as the benchmark gives both strategies. */
  parallelism?: number;
}

type Architect = ArchitectSdk;

/**
 * `up` is one run of the tutorial's script per attachment. The tutorial has no preview or destroy, so the
 * closest honest equivalents are: `preview` = GET each attachment's parent flow and compare the trigger
 * (what a script must do to see drift), `destroy` = GET and PUT each parent without the trigger.
 * Flow IDs found by `up` are remembered, which spares those two the name lookups (generous to the baseline).
 */
export class TutorialStrategy implements DeploymentStrategy {
  readonly name = "tutorial" as const;
  private readonly parallelism: number;
  private readonly flowIdsByName = new Map<string, string>();

  constructor(private readonly options: TutorialStrategyOptions) {
    this.parallelism = options.parallelism ?? defaultParallelism();
  }

  up(): Promise<CommandOutcome> {
    return this.loggedIn((architect) => async (attachment) => {
      const sharedFlowId = await this.findFlowIdByName(architect, attachment.sharedFlowName);
      const parentFlowId = await this.findFlowIdByName(architect, attachment.parentFlowName);
      const trigger = callSubflowTrigger(attachment, sharedFlowId);
      // Minimal change to the tutorial's edges (start->T, T->end after dropping T's edges, which breaks
      // any flow that already has a start edge): splice T in after start, so the PUT is a valid graph.
      await editWithImmediateRetries(architect, parentFlowId, (flow) =>
        findTrigger(flow, trigger.id) ? replaceTriggerProperties(flow, trigger.id, trigger.properties) : spliceIn(flow, trigger),
      );
      return true;
    });
  }

  preview(): Promise<CommandOutcome> {
    return this.loggedIn((architect) => async (attachment) => {
      const parentFlowId = this.flowIdsByName.get(attachment.parentFlowName) ?? (await this.findFlowIdByName(architect, attachment.parentFlowName));
      const sharedFlowId = this.flowIdsByName.get(attachment.sharedFlowName) ?? (await this.findFlowIdByName(architect, attachment.sharedFlowName));
      const flow: Flow = await architect.getFlow(parentFlowId);
      const live = findTrigger(flow, attachment.triggerId);
      return !live || !sameJsonValue(live, callSubflowTrigger(attachment, sharedFlowId));
    });
  }

  destroy(): Promise<CommandOutcome> {
    return this.loggedIn((architect) => async (attachment) => {
      const parentFlowId = this.flowIdsByName.get(attachment.parentFlowName) ?? (await this.findFlowIdByName(architect, attachment.parentFlowName));
      return editWithImmediateRetries(architect, parentFlowId, (flow) =>
        findTrigger(flow, attachment.triggerId) ? spliceOut(flow, attachment.triggerId) : undefined,
      );
    });
  }

  /** The tutorial's `get_flow_by_name`: one page of up to 100 flows, matched client-side. */
  private async findFlowIdByName(architect: Architect, name: string): Promise<string> {
    const listing = await architect.getFlows({ pageSize: TUTORIAL_LIST_PAGE_SIZE });
    const found = (listing.entities ?? []).find((flow: { name: string }) => flow.name === name);
    if (!found) throw new Error(`Flow with name '${name}' not found in the first ${TUTORIAL_LIST_PAGE_SIZE} results.`);
    this.flowIdsByName.set(name, found.id);
    return found.id;
  }

  /**
   * One run of the script: a login, then `work` for every attachment. A login that fails (the org refused
   * it, or the connection broke) fails every attachment of the run, as it would the script's.
   */
  private async loggedIn(work: (architect: Architect) => (attachment: BenchAttachment) => Promise<boolean>): Promise<CommandOutcome> {
    let architect: Architect;
    try {
      ({ architect } = await loggedInSdk(this.options.emulator, this.options.credentials));
    } catch (error) {
      return { failures: this.options.attachments.length, changes: 0, firstError: `login failed: ${describeFailure(error)}` };
    }
    return this.forEachAttachment(work(architect));
  }

  /** Runs `work` for every attachment; `true` counts as a change, a rejection as a failure. */
  private async forEachAttachment(work: (attachment: BenchAttachment) => Promise<boolean>): Promise<CommandOutcome> {
    const results = await mapWithParallelism(this.options.attachments, this.parallelism, async (attachment) => {
      try {
        return { changed: await work(attachment) };
      } catch (error) {
        return { error: describeFailure(error) };
      }
    });
    const errors = results.flatMap((result) => (result.error === undefined ? [] : [result.error]));
    return {
      failures: errors.length,
      changes: results.filter((result) => result.changed === true).length,
      ...(errors.length > 0 ? { firstError: errors[0] } : {}),
    };
  }
}

function callSubflowTrigger(attachment: BenchAttachment, sharedFlowId: string): FlowTrigger {
  return {
    id: attachment.triggerId,
    type: CALL_SUBFLOW_TYPE,
    properties: { type: CALL_SUBFLOW_TYPE, flowId: sharedFlowId, arguments: attachment.arguments, returnVariables: attachment.returnVariables },
  };
}

/**
 * GET, change, PUT the whole flow back; on 409 start over at once, up to TUTORIAL_PUT_ATTEMPTS in all.
 * `change` returning undefined means there is nothing to write. Resolves true when it wrote.
 */
async function editWithImmediateRetries(architect: Architect, flowId: string, change: (flow: Flow) => FlowGraph | undefined): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const flow: Flow = await architect.getFlow(flowId);
    const graph = change(flow);
    if (!graph) return false;
    try {
      await architect.putFlow(flowId, { ...flow, triggers: graph.triggers, edges: graph.edges });
      return true;
    } catch (error) {
      if (statusOf(error) !== 409 || attempt >= TUTORIAL_PUT_ATTEMPTS) throw error;
    }
  }
}

/** The SDK rejects with the bare Genesys error body, which carries `status`. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === "number" ? status : undefined;
}
