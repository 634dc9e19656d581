// Pure edits of a flow graph: splice a trigger in or out, move it, replace its properties, and ask where it
// sits. No I/O; inputs are never mutated; valid graphs stay valid.

import { CALL_SUBFLOW_TYPE, END_NODE, FlowEdge, FlowGraph, FlowTrigger, START_NODE } from "../../flowModel";
import { canonicalJson } from "./graphComparison";

export type GraphEditErrorCode =
  | "after-is-end"
  | "after-not-found"
  | "after-is-trigger-itself"
  | "trigger-exists"
  | "trigger-not-found"
  | "reserved-trigger-id";

/** A graph edit that cannot be made; `code` says which rule, the message says what to do. */
export class GraphEditError extends Error {
  override readonly name = "GraphEditError";
  constructor(
    readonly code: GraphEditErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function findTrigger(graph: FlowGraph, triggerId: string): FlowTrigger | undefined {
  return graph.triggers.find((trigger) => trigger.id === triggerId);
}

/**
 * Puts `trigger` right after node `after`: every edge after->X becomes trigger->X (conditions kept) and
 * one unconditional edge after->trigger is added. Rewired edges keep their position in the edge list and
 * the new edge comes last, so `spliceOut` of the same trigger gives back the original graph exactly.
 */
export function spliceIn(graph: FlowGraph, trigger: FlowTrigger, after: string = START_NODE): FlowGraph {
  assertCanPlace(trigger.id, after);
  if (findTrigger(graph, trigger.id)) {
    throw new GraphEditError(
      "trigger-exists",
      `cannot add trigger '${trigger.id}': the flow already has a trigger with that ID; choose another trigger ID or edit the existing trigger`,
    );
  }
  if (after !== START_NODE && !findTrigger(graph, after)) {
    throw new GraphEditError(
      "after-not-found",
      `cannot place trigger '${trigger.id}' after '${after}': the flow has no trigger '${after}'; use '${START_NODE}' or the ID of a trigger in the flow`,
    );
  }
  const edges = graph.edges.map((edge) => (edge.fromId === after ? { ...edge, fromId: trigger.id } : edge));
  edges.push({ fromId: after, toId: trigger.id, conditions: [] });
  return { ...graph, triggers: [...graph.triggers, trigger], edges };
}

/**
 * Removes a trigger and bridges over it: each in-edge P->T (conditions a) and out-edge T->X (conditions b)
 * become P->X with conditions a+b, placed where T->X was (see `bridgeEdge` for the other fields it keeps).
 * A bridge identical to an edge already present (JSON-equal: same ends, conditions and other fields) is dropped. A bridge
 * cannot be a self-loop or close a cycle, since it stands for the path P->T->X of a graph that had none.
 * An absent trigger leaves the graph as it is.
 */
export function spliceOut(graph: FlowGraph, triggerId: string): FlowGraph {
  if (!findTrigger(graph, triggerId)) return graph;
  const inEdges = graph.edges.filter((edge) => edge.toId === triggerId && edge.fromId !== triggerId);
  const untouched = graph.edges.filter((edge) => edge.fromId !== triggerId && edge.toId !== triggerId);
  const present = new Set(untouched.map(edgeKey));
  const edges: FlowEdge[] = [];
  for (const edge of graph.edges) {
    if (edge.toId === triggerId) continue;
    if (edge.fromId !== triggerId) {
      edges.push(edge);
      continue;
    }
    for (const inEdge of inEdges) {
      const bridge = bridgeEdge(inEdge, edge);
      const key = edgeKey(bridge);
      if (present.has(key)) continue;
      present.add(key);
      edges.push(bridge);
    }
  }
  return { ...graph, triggers: graph.triggers.filter((trigger) => trigger.id !== triggerId), edges };
}

/**
 * The edge P->X that replaces P->T->X. Fields other than the ends and conditions (a label, say) belong to
 * the org, not to this project, and are kept: the out-edge's win where both edges have one, since the
 * bridge takes the out-edge's place and leads where it led (and `spliceIn` moved the original edge's
 * fields onto the out-edge, so a splice-in and splice-out give that edge back whole); the in-edge's
 * fields are kept where the out-edge has none.
 */
export function bridgeEdge(inEdge: FlowEdge, outEdge: FlowEdge): FlowEdge {
  return { ...inEdge, ...outEdge, fromId: inEdge.fromId, toId: outEdge.toId, conditions: [...inEdge.conditions, ...outEdge.conditions] };
}

/** Moves a trigger (the same object) to right after `after`: splice out, then splice in. */
export function moveTrigger(graph: FlowGraph, triggerId: string, after: string): FlowGraph {
  const trigger = requireTrigger(graph, triggerId, "move");
  assertCanPlace(triggerId, after);
  return spliceIn(spliceOut(graph, triggerId), trigger, after);
}

/**
 * Replaces a trigger's `properties` (and its `type`, when given), keeping its place and its other fields;
 * edges are untouched. With `managedKeys`, only those keys are replaced (a key absent from `properties` is
 * removed) and every other property the org gave the trigger is kept.
 */
export function replaceTriggerProperties(
  graph: FlowGraph,
  triggerId: string,
  properties: FlowTrigger["properties"],
  type?: string,
  managedKeys?: readonly string[],
): FlowGraph {
  const current = requireTrigger(graph, triggerId, "change the properties of");
  const kept = managedKeys === undefined ? {} : Object.fromEntries(Object.entries(current.properties).filter(([key]) => !managedKeys.includes(key)));
  const replaced = { ...kept, ...properties };
  return {
    ...graph,
    triggers: graph.triggers.map((trigger) => (trigger.id === triggerId ? { ...trigger, type: type ?? trigger.type, properties: replaced } : trigger)),
  };
}

/**
 * Whether trigger T is placed after node N. Several attachments may share one `after`, and each later
 * splice-in pushes the earlier ones down, so N counts when it is reached walking back from T along
 * single in-edges through other `callsubflow` triggers.
 */
export function isPlacedAfter(graph: FlowGraph, triggerId: string, after: string): boolean {
  if (!findTrigger(graph, triggerId)) return false;
  const visited = new Set<string>([triggerId]);
  let current = triggerId;
  for (;;) {
    const predecessors = predecessorsOf(graph, current);
    if (predecessors.length !== 1) return false;
    const [previous] = predecessors;
    if (previous === after) return true;
    if (visited.has(previous) || findTrigger(graph, previous)?.type !== CALL_SUBFLOW_TYPE) return false;
    visited.add(previous);
    current = previous;
  }
}

/** The nodes with an edge into `nodeId`, once each, in edge order. */
export function predecessorsOf(graph: FlowGraph, nodeId: string): string[] {
  return [...new Set(graph.edges.filter((edge) => edge.toId === nodeId).map((edge) => edge.fromId))];
}

/** The rules of placing a trigger that hold whatever the graph (whether `after` exists is the caller's). */
function assertCanPlace(triggerId: string, after: string): void {
  if (triggerId === START_NODE || triggerId === END_NODE) {
    throw new GraphEditError(
      "reserved-trigger-id",
      `cannot use '${triggerId}' as a trigger ID: it names the graph's virtual ${triggerId} node; choose another trigger ID`,
    );
  }
  if (after === END_NODE) {
    throw new GraphEditError(
      "after-is-end",
      `cannot place trigger '${triggerId}' after '${END_NODE}': nothing follows the end of a flow; use '${START_NODE}' or the ID of a trigger in the flow`,
    );
  }
  if (after === triggerId) {
    throw new GraphEditError(
      "after-is-trigger-itself",
      `cannot place trigger '${triggerId}' after itself; use '${START_NODE}' or the ID of another trigger in the flow`,
    );
  }
}

function requireTrigger(graph: FlowGraph, triggerId: string, action: string): FlowTrigger {
  const trigger = findTrigger(graph, triggerId);
  if (!trigger) {
    throw new GraphEditError(
      "trigger-not-found",
      `cannot ${action} trigger '${triggerId}': the flow has no trigger with that ID; splice it in instead`,
    );
  }
  return trigger;
}

/** Identity of an edge for duplicate dropping, every field included; object keys are sorted so JSON-equal edges match. */
function edgeKey(edge: FlowEdge): string {
  return canonicalJson(edge);
}
