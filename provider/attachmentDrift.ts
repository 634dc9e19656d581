// Compares a declared attachment with the live parent flow, in whichever format the org keeps it (drift is a
// missing call, changed properties or a moved call: anything else in the flow is the org's own business),
// and says what drifted in one line for `diff`.

import { fieldPath, KnownAttachmentInputs } from "./attachmentInputs";
import { JsonValue } from "./flowModel";
import { DesiredCall, FlowDocument, OWNERSHIP_KEY } from "./flowFormats/flowFormat";
import { formatOf } from "./flowFormats/formats";

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

/** The call the declared inputs ask for, calling the shared flow they resolved to; empty maps are left out. */
export function desiredCall(inputs: KnownAttachmentInputs, sharedFlow: { id: string; name: string }): DesiredCall {
  return {
    triggerId: inputs.triggerId,
    after: inputs.after,
    sharedFlow: { id: sharedFlow.id, name: sharedFlow.name },
    ...(inputs.managedBy === undefined ? {} : { managedBy: inputs.managedBy }),
    ...(inputs.arguments && Object.keys(inputs.arguments).length > 0 ? { arguments: inputs.arguments } : {}),
    ...(inputs.returnVariables && Object.keys(inputs.returnVariables).length > 0 ? { returnVariables: inputs.returnVariables } : {}),
  };
}

/**
 * How the live call differs from the declaration, in the flow's own format. Compared: that the node is a
 * call of a shared flow (`type`), the shared flow it names (`flowId` in the graph, `commonModule` in Archy
 * YAML), what only the format can tell (a pinned version), each entry of `arguments` and `returnVariables`
 * (an absent map equals `{}`), and the ownership marker when the declaration and the live call both have
 * one; anything else the org keeps beside the call is ignored.
 */
export function findDrift(document: FlowDocument, desired: DesiredCall): AttachmentDrift {
  const format = formatOf(document);
  const calls = format.calls(document);
  const live = calls.find(desired.triggerId);
  if (!live) return { missing: true };
  const changedProperties: string[] = [];
  if (!live.isCall) changedProperties.push("type");
  if (live.sharedFlow !== format.sharedFlowOf(desired)) changedProperties.push(format.sharedFlowField);
  changedProperties.push(...live.otherDifferences);
  changedProperties.push(...changedEntries("arguments", live.arguments, desired.arguments));
  changedProperties.push(...changedEntries("returnVariables", live.returnVariables, desired.returnVariables));
  // An unmarked call (made by hand, adopted without a write) is not drift: only another stack's marker is.
  if (desired.managedBy !== undefined && live.managedBy !== undefined && live.managedBy !== desired.managedBy) changedProperties.push(OWNERSHIP_KEY);
  const moved = !calls.isPlacedAfter(desired.triggerId, desired.after);
  const drift: AttachmentDrift = { missing: false, changedProperties, moved, declaredAfter: desired.after };
  if (moved && live.predecessors.length === 1) drift.placedAfter = live.predecessors[0];
  return drift;
}

export function hasDrift(drift: AttachmentDrift): boolean {
  return drift.missing || drift.changedProperties.length > 0 || drift.moved;
}

/** Whether the call itself differs (missing, moved, another property), whoever the marker says manages it. */
export function hasCallDrift(drift: AttachmentDrift): boolean {
  return drift.missing || drift.moved || drift.changedProperties.some((property) => property !== OWNERSHIP_KEY);
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
