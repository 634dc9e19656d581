// Compares a declared attachment with the live parent graph (drift is a missing trigger, changed properties
// or a moved trigger: anything else in the flow is the org's own business), and says what drifted in one
// line for `diff`.

import { fieldPath, KnownAttachmentInputs } from "./attachmentInputs";
import { CALL_SUBFLOW_TYPE, CallSubflowProperties, CallSubflowTrigger, FlowGraph, JsonValue } from "./flowModel";
import { findTrigger, isPlacedAfter, predecessorsOf } from "./graphEdits";

export interface DesiredAttachment {
  triggerId: string;
  properties: CallSubflowProperties;
  /** `start` or the ID of the trigger this one is declared to follow. */
  after: string;
  /** The stack that manages the call, written as the trigger's ownership marker; none for a declaration without one. */
  managedBy?: string;
}

export type AttachmentDrift =
  | { missing: true }
  | {
      missing: false;
      /** Changed property paths: `type`, `flowId`, then `arguments.callerPhone`, `returnVariables["Flow.x"]` (keys sorted). */
      changedProperties: string[];
      /** Not placed after `declaredAfter` (see `isPlacedAfter`). */
      moved: boolean;
      /** When moved: the node the trigger now directly follows, if it has exactly one in-edge. */
      placedAfter?: string;
      declaredAfter: string;
    };

/**
 * The keys of a call's `properties` this project writes and compares; any other key on the trigger (one
 * Architect or a person added) belongs to the org and is kept by every edit.
 */
export const MANAGED_PROPERTY_KEYS: readonly string[] = ["type", "flowId", "arguments", "returnVariables", "managedBy"];

/** The key of a call's `properties` holding its ownership marker: the stack that manages the call. */
export const OWNERSHIP_PROPERTY = "managedBy";

/** The attachment the declared inputs ask for, calling the shared flow they resolved to; empty maps are left out. */
export function desiredAttachment(inputs: KnownAttachmentInputs, sharedFlowId: string): DesiredAttachment {
  return {
    triggerId: inputs.triggerId,
    after: inputs.after,
    ...(inputs.managedBy === undefined ? {} : { managedBy: inputs.managedBy }),
    properties: {
      type: CALL_SUBFLOW_TYPE,
      flowId: sharedFlowId,
      ...(inputs.arguments && Object.keys(inputs.arguments).length > 0 ? { arguments: inputs.arguments } : {}),
      ...(inputs.returnVariables && Object.keys(inputs.returnVariables).length > 0 ? { returnVariables: inputs.returnVariables } : {}),
    },
  };
}

/** The trigger a declared attachment writes; maps left out of the declaration are left out here. */
export function callSubflowTrigger(desired: DesiredAttachment): CallSubflowTrigger {
  const { flowId, arguments: args, returnVariables } = desired.properties;
  const properties: CallSubflowTrigger["properties"] = { type: CALL_SUBFLOW_TYPE, flowId };
  if (args !== undefined) properties.arguments = { ...args };
  if (returnVariables !== undefined) properties.returnVariables = { ...returnVariables };
  if (desired.managedBy !== undefined) properties[OWNERSHIP_PROPERTY] = desired.managedBy;
  return { id: desired.triggerId, type: CALL_SUBFLOW_TYPE, properties };
}

/**
 * How the live trigger differs from the declaration. Compared: the trigger's and the properties' `type`,
 * `flowId`, each entry of `arguments` and `returnVariables` (an absent map equals `{}`), and the ownership
 * marker when the declaration and the live call both have one; other keys the server adds are ignored.
 */
export function findDrift(graph: FlowGraph, desired: DesiredAttachment): AttachmentDrift {
  const live = findTrigger(graph, desired.triggerId);
  if (!live) return { missing: true };
  const changedProperties: string[] = [];
  if (live.type !== CALL_SUBFLOW_TYPE || live.properties.type !== CALL_SUBFLOW_TYPE) changedProperties.push("type");
  if (live.properties.flowId !== desired.properties.flowId) changedProperties.push("flowId");
  changedProperties.push(...changedEntries("arguments", live.properties.arguments, desired.properties.arguments));
  changedProperties.push(...changedEntries("returnVariables", live.properties.returnVariables, desired.properties.returnVariables));
  // An unmarked call (made by hand, adopted without a write) is not drift: only another stack's marker is.
  const marker = live.properties[OWNERSHIP_PROPERTY];
  if (desired.managedBy !== undefined && marker !== undefined && marker !== desired.managedBy) changedProperties.push(OWNERSHIP_PROPERTY);
  const moved = !isPlacedAfter(graph, desired.triggerId, desired.after);
  const predecessors = predecessorsOf(graph, desired.triggerId);
  const drift: AttachmentDrift = { missing: false, changedProperties, moved, declaredAfter: desired.after };
  if (moved && predecessors.length === 1) drift.placedAfter = predecessors[0];
  return drift;
}

export function hasDrift(drift: AttachmentDrift): boolean {
  return drift.missing || drift.changedProperties.length > 0 || drift.moved;
}

/** Whether the call itself differs (missing, moved, another property), whoever the marker says manages it. */
export function hasCallDrift(drift: AttachmentDrift): boolean {
  return drift.missing || drift.moved || drift.changedProperties.some((property) => property !== OWNERSHIP_PROPERTY);
}

/**
 * One line saying what drifted, for `diff` to print, e.g.
 * `drift in 'sales-auth': trigger 'callGlobalAuth' in flow 'Sales Inbound': flowId changed, moved (now after 'playGreeting', declared after 'start')`.
 * Without a resource name (a dynamic provider's `diff` is not told it) the line starts `drift: trigger ...`.
 */
export function describeDrift(drift: AttachmentDrift, context: { resourceName?: string; parentFlowName?: string; triggerId: string }): string {
  const subject = `trigger '${oneLine(context.triggerId)}'${context.parentFlowName === undefined ? "" : ` in flow '${oneLine(context.parentFlowName)}'`}`;
  const resource = context.resourceName === undefined ? "" : ` in '${oneLine(context.resourceName)}'`;
  if (drift.missing) return `drift${resource}: ${subject} was removed in the org`;
  if (!hasDrift(drift)) return `no drift${resource}: ${subject} is as declared`;
  const parts: string[] = [];
  if (drift.changedProperties.length > 0) parts.push(`${drift.changedProperties.map(oneLine).join(", ")} changed`);
  if (drift.moved) {
    const where = drift.placedAfter === undefined ? "no longer after a single node" : `now after '${oneLine(drift.placedAfter)}'`;
    parts.push(`moved (${where}, declared after '${oneLine(drift.declaredAfter)}')`);
  }
  return `drift${resource}: ${subject}: ${parts.join(", ")}`;
}

/** Paths of the entries that differ between a live map (any JSON the server sent) and a declared one. */
function changedEntries(field: string, live: JsonValue | undefined, declared: Record<string, string> | undefined): string[] {
  const liveMap = live ?? {};
  if (typeof liveMap !== "object" || liveMap === null || Array.isArray(liveMap)) return [field];
  const declaredMap = declared ?? {};
  const keys = [...new Set([...Object.keys(liveMap), ...Object.keys(declaredMap)])].sort();
  const own = (map: object, key: string): unknown => (Object.hasOwn(map, key) ? (map as Record<string, unknown>)[key] : undefined);
  return keys.filter((key) => own(liveMap, key) !== own(declaredMap, key)).map((key) => fieldPath([field, key]));
}

/** Names from the org or the program, escaped so that the description stays on one line. */
export function oneLine(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
