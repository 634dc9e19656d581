// Looks at the org itself after a phase: how many declared attachments are really wired (trigger
// present with the declared properties, in a valid graph; on an Architect org, a `callCommonModule` action
// making the declared call in the flow's YAML), so a strategy cannot look fast by doing less.

import type { RunningEmulator } from "../emulator";
import { ArchitectFormatError, parseArchyFlow } from "../provider/flowFormats/architect/archyDocument";
import { ArchitectDocument, OWNERSHIP_KEY } from "../provider/flowFormats/flowFormat";
import { callsOf, flowFormat } from "../provider/flowFormats/formats";
import { isValidGraph } from "../provider/flowFormats/graph/flowGraph";
import { CALL_SUBFLOW_TYPE } from "../provider/flowModel";
import { findTrigger } from "../provider/flowFormats/graph/graphEdits";
import { BENCH_ORG_ID, BenchAttachment, SHARED_FLOW_NAME } from "./benchOrg";

export interface WiringCount {
  /** Attachments whose trigger is present with exactly the declared call. */
  wired: number;
  /** Attachments whose trigger ID is present at all (wired or not). */
  present: number;
  /** Parent flows whose graph breaks a rule (should always be 0: the emulator rejects invalid writes). */
  invalidFlows: number;
}

/** The views of the org the count reads: its format, and its flows in that format. */
export type WiringView = Pick<RunningEmulator, "flowFormat" | "findFlowByName" | "findArchitectFlowByName" | "flowYaml">;

export function countWiring(emulator: WiringView, attachments: readonly BenchAttachment[]): WiringCount {
  if (emulator.flowFormat(BENCH_ORG_ID) === "architect") return countArchitectWiring(emulator, attachments);
  const sharedFlowId = emulator.findFlowByName(BENCH_ORG_ID, SHARED_FLOW_NAME)?.id;
  const count: WiringCount = { wired: 0, present: 0, invalidFlows: 0 };
  const parentNames = new Set(attachments.map((attachment) => attachment.parentFlowName));
  for (const name of parentNames) {
    const flow = emulator.findFlowByName(BENCH_ORG_ID, name);
    if (flow && !isValidGraph(flow, { flowId: flow.id })) count.invalidFlows += 1;
  }
  for (const attachment of attachments) {
    const flow = emulator.findFlowByName(BENCH_ORG_ID, attachment.parentFlowName);
    const trigger = flow && findTrigger(flow, attachment.triggerId);
    if (!trigger) continue;
    count.present += 1;
    const expected = {
      type: CALL_SUBFLOW_TYPE,
      flowId: sharedFlowId,
      arguments: attachment.arguments,
      returnVariables: attachment.returnVariables,
    };
    // The call itself; a stack's ownership marker beside it is not part of what the attachment declares.
    const { [OWNERSHIP_KEY]: _marker, ...call } = trigger.properties;
    if (trigger.type === CALL_SUBFLOW_TYPE && sameJsonValue(call, expected)) count.wired += 1;
  }
  return count;
}

/**
 * Each parent's latest YAML read with the provider's own functions: an attachment is present when an action
 * has its trigger ID as name, and wired when that action calls the shared module, latest publish, with exactly
 * the declared inputs and outputs. A flow whose YAML the provider could not edit (it does not parse, two actions
 * share a call's name, it is not the flow it is stored as) counts as invalid, and its attachments as absent.
 */
function countArchitectWiring(emulator: WiringView, attachments: readonly BenchAttachment[]): WiringCount {
  const count: WiringCount = { wired: 0, present: 0, invalidFlows: 0 };
  const parentNames = new Set(attachments.map((attachment) => attachment.parentFlowName));
  for (const name of parentNames) {
    const flow = emulator.findArchitectFlowByName(BENCH_ORG_ID, name, "inboundcall");
    const yaml = flow && emulator.flowYaml(BENCH_ORG_ID, flow.id);
    if (!flow || yaml === undefined) continue;
    try {
      const document: ArchitectDocument = { format: "architect", archy: parseArchyFlow(yaml, { name, id: flow.id }) };
      if (flowFormat("architect").problemsBeforeWrite(document, flow).length > 0) {
        count.invalidFlows += 1;
        continue;
      }
      const calls = callsOf(document);
      for (const attachment of attachments.filter((candidate) => candidate.parentFlowName === name)) {
        const call = calls.find(attachment.triggerId);
        if (!call) continue;
        count.present += 1;
        const asDeclared =
          call.isCall &&
          call.sharedFlow === SHARED_FLOW_NAME &&
          call.otherDifferences.length === 0 &&
          sameJsonValue(call.arguments, attachment.arguments) &&
          sameJsonValue(call.returnVariables, attachment.returnVariables);
        if (asDeclared) count.wired += 1;
      }
    } catch (error) {
      if (!(error instanceof ArchitectFormatError)) throw error;
      count.invalidFlows += 1;
    }
  }
  return count;
}

/**
 * Equality of JSON-like values by content (key order and absent-vs-undefined ignored). Unlike
 * `isDeepStrictEqual` it ignores prototypes, so values from the emulator's `structuredClone` (another
 * realm under jest) compare equal to local literals.
 */
export function sameJsonValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJsonValue(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].every((key) => sameJsonValue(left[key], right[key]));
}
