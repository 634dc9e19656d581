// Which stack manages a call: the ownership marker in the trigger's properties (`managedBy`, the stack's
// `<project>/<stack>`) against the stack asking. Pure rules over a trigger already read, and the errors and
// lines a user sees when a stack would take over, or has lost, a call another stack manages.

import { OWNERSHIP_PROPERTY, oneLine } from "./attachmentDrift";
import { FlowGraph, FlowTrigger, isCallSubflowTrigger } from "./flowModel";

export type Ownership =
  /** No trigger, or one whose marker names this stack. */
  | { kind: "ours" }
  /** A trigger without a marker: made by hand, or by a build without markers. */
  | { kind: "unmarked" }
  | { kind: "other"; owner: string };

/** Who manages `trigger`, given the identities that count as this stack (the declared one, and the one the state recorded). */
export function ownershipOf(trigger: FlowTrigger | undefined, ours: readonly (string | undefined)[]): Ownership {
  const marker = trigger?.properties[OWNERSHIP_PROPERTY];
  if (trigger === undefined || (typeof marker === "string" && ours.includes(marker))) return { kind: "ours" };
  if (marker === undefined) return { kind: "unmarked" };
  return { kind: "other", owner: typeof marker === "string" ? marker : JSON.stringify(marker) };
}

/** The trigger IDs of the calls in the graph whose marker names `stack`: what a destroy of that stack removes from it. */
export function callsManagedBy(graph: Pick<FlowGraph, "triggers">, stack: string): string[] {
  return graph.triggers.filter((trigger) => isCallSubflowTrigger(trigger) && trigger.properties[OWNERSHIP_PROPERTY] === stack).map((trigger) => trigger.id);
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
