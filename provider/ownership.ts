// Which stack manages a call: its ownership marker (the stack's `<project>/<stack>`, kept where the flow's
// format keeps it) against the stack asking. Pure rules over a trigger already read, and the errors and
// lines a user sees when a stack would take over, or has lost, a call another stack manages.

import { oneLine } from "./attachmentDrift";
import { FlowDocument, LiveCall } from "./flowFormats/flowFormat";
import { callsOf } from "./flowFormats/formats";

export type Ownership =
  /** No trigger, or one whose marker names this stack. */
  | { kind: "ours" }
  /** A trigger without a marker: made by hand, or by a build without markers. */
  | { kind: "unmarked" }
  | { kind: "other"; owner: string };

/** Who manages `call`, given the identities that count as this stack (the declared one, and the one the state recorded). */
export function ownershipOf(call: LiveCall | undefined, ours: readonly (string | undefined)[]): Ownership {
  const marker = call?.managedBy;
  if (call === undefined || (typeof marker === "string" && ours.includes(marker))) return { kind: "ours" };
  if (marker === undefined) return { kind: "unmarked" };
  return { kind: "other", owner: typeof marker === "string" ? marker : JSON.stringify(marker) };
}

/** The trigger IDs of the calls in the flow whose marker names `stack`: what a destroy of that stack removes from it. */
export function callsManagedBy(document: FlowDocument, stack: string): string[] {
  return callsOf(document)
    .all()
    .filter((call) => call.isCall && call.managedBy === stack)
    .map((call) => call.triggerId);
}

/** The call is managed by another stack and the declaration does not ask to adopt it: nothing is written. */
export class OwnershipError extends Error {
  override readonly name = "OwnershipError";
}

/** Why this stack may not take over the call: another stack manages it. */
export function takeoverRefusal(context: { triggerId: string; parentFlowName: string; owner: string }): string {
  return (
    `trigger '${oneLine(context.triggerId)}' in flow '${oneLine(context.parentFlowName)}' is managed by stack '${oneLine(context.owner)}', ` +
    `and this stack would take it over (destroying that stack would then leave, or this one remove, a call the other still declares). ` +
    `Nothing was written. Set adopt: true on this attachment to take the call over, or choose another triggerId.`
  );
}

/** The drift line of a call another stack took over: this stack leaves it alone. */
export function describeLostOwnership(context: { triggerId: string; parentFlowName: string; owner: string }): string {
  return (
    `drift: trigger '${oneLine(context.triggerId)}' in flow '${oneLine(context.parentFlowName)}' is now managed by stack '${oneLine(context.owner)}'; ` +
    `this stack leaves it alone (up changes nothing, destroy keeps it): remove it from this program, or set adopt: true to take it back`
  );
}
