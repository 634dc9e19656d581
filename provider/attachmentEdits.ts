// What each lifecycle operation does to a parent flow, as pure functions of the flow it read. The group
// commit (genesys/flowEditor.ts) may run them again on a fresher flow, so each must be idempotent: run on
// a flow that already holds its change, it asks for no write.

import { describeDrift, callSubflowTrigger, DesiredAttachment, findDrift, hasDrift, MANAGED_PROPERTY_KEYS } from "./attachmentDrift";
import { FlowGraph, isCallSubflowTrigger } from "./flowModel";
import { findTrigger, moveTrigger, replaceTriggerProperties, spliceIn, spliceOut } from "./graphEdits";

/** A parent flow as the edits see it: its graph and the name used in messages. */
export interface ParentFlow extends FlowGraph {
  id: string;
  name: string;
}

/** `graph` is the flow's new graph; absent when the flow already is as wanted (no write). */
export interface AttachmentEdit<Outcome> {
  graph?: FlowGraph;
  result: Outcome;
}

/** A trigger with the declared ID exists but is not the declared call: nothing is written. */
export class TriggerConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TriggerConflictError";
  }
}

export type CreateOutcome = "spliced" | "adopted";

/** Create: splice the call in, adopt an identical existing trigger, refuse a different one. */
export function createAttachment(flow: ParentFlow, desired: DesiredAttachment): AttachmentEdit<CreateOutcome> {
  if (!findTrigger(flow, desired.triggerId)) {
    return { graph: spliceIn(flow, callSubflowTrigger(desired), desired.after), result: "spliced" };
  }
  const drift = findDrift(flow, desired);
  if (!hasDrift(drift)) return { result: "adopted" };
  const difference = describeDrift(drift, { parentFlowName: flow.name, triggerId: desired.triggerId });
  throw new TriggerConflictError(
    `flow '${flow.name}' (${flow.id}) already has a trigger '${desired.triggerId}' that differs from this declaration ` +
      `(${difference}). Nothing was written. To adopt it, declare it exactly as it is in the org; otherwise choose ` +
      `another triggerId, or remove that trigger in Architect.`,
  );
}

export type UpdateOutcome = "unchanged" | "repaired";

/** Update (and drift repair): make the live trigger match the declaration in one edit. */
export function convergeAttachment(flow: ParentFlow, desired: DesiredAttachment): AttachmentEdit<UpdateOutcome> {
  const drift = findDrift(flow, desired);
  if (!hasDrift(drift)) return { result: "unchanged" };
  if (drift.missing) {
    return { graph: spliceIn(flow, callSubflowTrigger(desired), desired.after), result: "repaired" };
  }
  let graph: FlowGraph = flow;
  if (drift.changedProperties.length > 0) {
    // `type` may have drifted too (someone turned the call into another kind of trigger): restore both.
    // Properties the org added beside the call's own are kept.
    const declared = callSubflowTrigger(desired);
    graph = replaceTriggerProperties(graph, desired.triggerId, declared.properties, declared.type, MANAGED_PROPERTY_KEYS);
  }
  if (drift.moved) graph = moveTrigger(graph, desired.triggerId, desired.after);
  return { graph, result: "repaired" };
}

export type DeleteOutcome = "removed" | "already-gone";

/**
 * Delete: splice the trigger out; a trigger already gone is success. A trigger with the ID that is no
 * longer a call of a shared flow was put there by someone else: it is left alone, as refresh reads it.
 */
export function removeAttachment(flow: ParentFlow, triggerId: string): AttachmentEdit<DeleteOutcome> {
  const trigger = findTrigger(flow, triggerId);
  if (!trigger || !isCallSubflowTrigger(trigger)) return { result: "already-gone" };
  return { graph: spliceOut(flow, triggerId), result: "removed" };
}
