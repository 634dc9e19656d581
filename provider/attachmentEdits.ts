// What each lifecycle operation does to a parent flow, as pure functions of the flow it read. The group
// commit (genesys/flowEditor.ts) may run them again on a fresher flow, so each must be idempotent: run on
// a flow that already holds its change, it asks for no write.

import { describeDrift, callSubflowTrigger, DesiredAttachment, findDrift, hasCallDrift, hasDrift, MANAGED_PROPERTY_KEYS } from "./attachmentDrift";
import { FlowGraph, isCallSubflowTrigger } from "./flowModel";
import { findTrigger, moveTrigger, replaceTriggerProperties, spliceIn, spliceOut } from "./graphEdits";
import { OwnershipError, ownershipOf, takeoverRefusal } from "./ownership";

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

/** What decides whether this stack may change a call whose marker names another stack. */
export interface OwnershipClaim {
  /** The identities that count as this stack: the declared one, and the one its state recorded. */
  ours: readonly (string | undefined)[];
  /** The declaration asks to take over a call another stack manages. */
  adopt: boolean;
}

/**
 * Create: splice the call in, or adopt an existing trigger that is the declared call (writing only this
 * stack's marker over another stack's, when the declaration asks to adopt); refuse a different one, and one another stack manages unless
 * the declaration asks to adopt it.
 */
export function createAttachment(flow: ParentFlow, desired: DesiredAttachment, claim: OwnershipClaim): AttachmentEdit<CreateOutcome> {
  if (!findTrigger(flow, desired.triggerId)) {
    return { graph: spliceIn(flow, callSubflowTrigger(desired), desired.after), result: "spliced" };
  }
  requireOwnership(flow, desired.triggerId, claim);
  const drift = findDrift(flow, desired);
  // The call as declared: adopted. A hand-made (unmarked) one is adopted without a write, so hand-made
  // wiring comes under management with zero writes; its marker is written with the flow's next repair.
  if (!hasCallDrift(drift)) return { graph: convergeAttachment(flow, desired, claim).graph, result: "adopted" };
  const difference = describeDrift(drift, { parentFlowName: flow.name, triggerId: desired.triggerId });
  throw new TriggerConflictError(
    `flow '${flow.name}' (${flow.id}) already has a trigger '${desired.triggerId}' that differs from this declaration ` +
      `(${difference}). Nothing was written. To adopt it, declare it exactly as it is in the org; otherwise choose ` +
      `another triggerId, or remove that trigger in Architect.`,
  );
}

export type UpdateOutcome = "unchanged" | "repaired";

/** Update (and drift repair): make the live trigger match the declaration in one edit, if this stack may. */
export function convergeAttachment(flow: ParentFlow, desired: DesiredAttachment, claim: OwnershipClaim): AttachmentEdit<UpdateOutcome> {
  requireOwnership(flow, desired.triggerId, claim);
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

export type DeleteOutcome = "removed" | "already-gone" | "managed-elsewhere";

/**
 * Delete: splice the trigger out; a trigger already gone is success. A trigger with the ID that is no
 * longer a call of a shared flow was put there by someone else, and a call whose marker names another
 * stack is that stack's: both are left alone.
 */
export function removeAttachment(flow: ParentFlow, triggerId: string, ours: readonly (string | undefined)[]): AttachmentEdit<DeleteOutcome> {
  const trigger = findTrigger(flow, triggerId);
  if (!trigger || !isCallSubflowTrigger(trigger)) return { result: "already-gone" };
  if (ownershipOf(trigger, ours).kind === "other") return { result: "managed-elsewhere" };
  return { graph: spliceOut(flow, triggerId), result: "removed" };
}

/** Refuses, before any write, to change a call another stack manages, unless the declaration adopts it. */
function requireOwnership(flow: ParentFlow, triggerId: string, claim: OwnershipClaim): void {
  const ownership = ownershipOf(findTrigger(flow, triggerId), claim.ours);
  if (ownership.kind === "other" && !claim.adopt) {
    throw new OwnershipError(takeoverRefusal({ triggerId, parentFlowName: flow.name, owner: ownership.owner }));
  }
}
