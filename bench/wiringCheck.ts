// Looks at the org itself after a phase: how many declared attachments are really wired (trigger
// present with the declared properties, in a valid graph), so a strategy cannot look fast by doing less.

import type { RunningEmulator } from "../emulator";
import { OWNERSHIP_KEY } from "../provider/flowFormats/flowFormat";
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

export function countWiring(emulator: Pick<RunningEmulator, "findFlowByName">, attachments: readonly BenchAttachment[]): WiringCount {
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
