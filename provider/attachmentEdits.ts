// What each lifecycle operation does to a parent flow, as pure functions of the flow it read, in the flow's
// own format. The group commit (genesys/flowEditor.ts) may run them again on a fresher flow, so each must
// be idempotent: run on a flow that already holds its change, it asks for no write.

import { describeDrift, findDrift, hasCallDrift, hasDrift } from "./attachmentDrift";
import { DesiredCall, FlowDocument } from "./flowFormats/flowFormat";
import { callsOf } from "./flowFormats/formats";
import { OwnershipError, ownershipOf, takeoverRefusal } from "./ownership";

/** A parent flow as the edits see it: its logic in the org's format, and the name used in messages. */
export interface ParentFlow {
  id: string;
  name: string;
  document: FlowDocument;
}

/** `document` is the flow's new logic; absent when the flow already is as wanted (no write). */
export interface AttachmentEdit<Outcome> {
  document?: FlowDocument;
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
export function createAttachment(flow: ParentFlow, desired: DesiredCall, claim: OwnershipClaim): AttachmentEdit<CreateOutcome> {
  const calls = callsOf(flow.document);
  if (!calls.find(desired.triggerId)) {
    return { document: calls.withCall(desired), result: "spliced" };
  }
  requireOwnership(flow, desired.triggerId, claim);
  const drift = findDrift(flow.document, desired);
  // The call as declared: adopted. A hand-made (unmarked) one is adopted without a write, so hand-made
  // wiring comes under management with zero writes; its marker is written with the flow's next repair.
  if (!hasCallDrift(drift)) return { document: convergeAttachment(flow, desired, claim).document, result: "adopted" };
  const difference = describeDrift(drift, { parentFlowName: flow.name, triggerId: desired.triggerId });
  throw new TriggerConflictError(
    `flow '${flow.name}' (${flow.id}) already has a trigger '${desired.triggerId}' that differs from this declaration ` +
      `(${difference}). Nothing was written. To adopt it, declare it exactly as it is in the org; otherwise choose ` +
      `another triggerId, or remove that trigger in Architect.`,
  );
}

export type UpdateOutcome = "unchanged" | "repaired";

/** Update (and drift repair): make the live trigger match the declaration in one edit, if this stack may. */
export function convergeAttachment(flow: ParentFlow, desired: DesiredCall, claim: OwnershipClaim): AttachmentEdit<UpdateOutcome> {
  requireOwnership(flow, desired.triggerId, claim);
  const drift = findDrift(flow.document, desired);
  if (!hasDrift(drift)) return { result: "unchanged" };
  if (drift.missing) {
    return { document: callsOf(flow.document).withCall(desired), result: "repaired" };
  }
  let document = flow.document;
  // Whatever the org added beside the call's own fields is kept.
  if (drift.changedProperties.length > 0) document = callsOf(document).withCallRewritten(desired);
  if (drift.moved) document = callsOf(document).withCallMoved(desired.triggerId, desired.after);
  return { document, result: "repaired" };
}

export type DeleteOutcome = "removed" | "already-gone" | "managed-elsewhere";

/**
 * Delete: splice the trigger out; a trigger already gone is success. A trigger with the ID that is no
 * longer a call of a shared flow was put there by someone else, and a call whose marker names another
 * stack is that stack's: both are left alone.
 */
export function removeAttachment(flow: ParentFlow, triggerId: string, ours: readonly (string | undefined)[]): AttachmentEdit<DeleteOutcome> {
  const calls = callsOf(flow.document);
  const call = calls.find(triggerId);
  if (!call || !call.isCall) return { result: "already-gone" };
  if (ownershipOf(call, ours).kind === "other") return { result: "managed-elsewhere" };
  return { document: calls.withoutCall(triggerId), result: "removed" };
}

/** Refuses, before any write, to change a call another stack manages, unless the declaration adopts it. */
function requireOwnership(flow: ParentFlow, triggerId: string, claim: OwnershipClaim): void {
  const ownership = ownershipOf(callsOf(flow.document).find(triggerId), claim.ours);
  if (ownership.kind === "other" && !claim.adopt) {
    throw new OwnershipError(takeoverRefusal({ triggerId, parentFlowName: flow.name, owner: ownership.owner }));
  }
}
