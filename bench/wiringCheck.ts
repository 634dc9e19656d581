// Looks at the org itself after a phase: how many declared attachments are really wired (trigger
// present with the declared properties, in a valid graph), so a strategy cannot look fast by doing less.

import { isDeepStrictEqual } from "node:util";
import type { RunningEmulator } from "../emulator";
import { isValidGraph } from "../provider/flowGraph";
import { CALL_SUBFLOW_TYPE } from "../provider/flowModel";
import { findTrigger } from "../provider/graphEdits";
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
    if (trigger.type === CALL_SUBFLOW_TYPE && isDeepStrictEqual(trigger.properties, expected)) count.wired += 1;
  }
  return count;
}
