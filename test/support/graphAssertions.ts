// Test support: what must hold for a parent flow after any lifecycle operation: the graph is valid, the
// attachment is where it belongs, and every other trigger and edge is exactly as it was.

import { findGraphViolations } from "../../provider/flowFormats/graph/flowGraph";
import type { FlowEdge, FlowGraph, FlowTrigger } from "../../provider/flowModel";
import { canonicalJson } from "../../provider/flowFormats/graph/graphComparison";
import { findTrigger, isPlacedAfter, spliceOut } from "../../provider/flowFormats/graph/graphEdits";

/**
 * Every trigger and every edge, each whole and at every depth, in the core's canonical JSON, sorted: two
 * graphs compare equal whatever their item order and key order, and only when no value differs.
 */
export function canonicalGraph(graph: FlowGraph): { triggers: string[]; edges: string[] } {
  return {
    triggers: graph.triggers.map(canonicalJson).sort(),
    edges: graph.edges.map(canonicalJson).sort(),
  };
}

/** `after` is `before` plus the trigger, placed after `afterNode`, and nothing else changed. */
export function expectAttached(before: FlowGraph, after: FlowGraph, triggerId: string, afterNode = "start"): void {
  expect(findGraphViolations(after)).toEqual([]);
  expect(findTrigger(after, triggerId)).toBeDefined();
  expect(isPlacedAfter(after, triggerId, afterNode)).toBe(true);
  expect(canonicalGraph(spliceOut(after, triggerId))).toEqual(canonicalGraph(spliceOut(before, triggerId)));
}

/** Two graphs hold the same triggers and edges. */
export function expectSameGraph(actual: FlowGraph, expected: FlowGraph): void {
  expect(canonicalGraph(actual)).toEqual(canonicalGraph(expected));
}

/**
 * `after` is `before` with `trigger` spliced in after `afterNode`, as the lifecycle promises: every edge
 * afterNode->X became trigger->X with all its other fields, afterNode->trigger was added, the graph is
 * valid, and every other trigger and edge is exactly as it was.
 */
export function expectSplicedIn(before: FlowGraph, after: FlowGraph, trigger: FlowTrigger, afterNode: string): void {
  expect(findGraphViolations(after)).toEqual([]);
  const rerooted = before.edges.map((edge) => (edge.fromId === afterNode ? { ...edge, fromId: trigger.id } : edge));
  expectSameGraph(after, { triggers: [...before.triggers, trigger], edges: [...rerooted, { fromId: afterNode, toId: trigger.id, conditions: [] }] });
}

/**
 * `after` is `before` with trigger `triggerId` spliced out, as the lifecycle promises: the graph is valid,
 * every other trigger and every edge not touching it is exactly as it was, and each path P->T->X became
 * an edge P->X with the conditions of both (in-edge's first) and the other fields of both (the out-edge's
 * where both have one); such a
 * bridge may be left out only where an edge P->X with those conditions is already there.
 */
export function expectSplicedOut(before: FlowGraph, after: FlowGraph, triggerId: string): void {
  expect(findGraphViolations(after)).toEqual([]);
  expectSameGraph({ triggers: after.triggers, edges: [] }, { triggers: before.triggers.filter((trigger) => trigger.id !== triggerId), edges: [] });
  const untouched = before.edges.filter((edge) => edge.fromId !== triggerId && edge.toId !== triggerId);
  const bridges = before.edges
    .filter((inEdge) => inEdge.toId === triggerId)
    .flatMap((inEdge) =>
      before.edges
        .filter((outEdge) => outEdge.fromId === triggerId)
        .map((outEdge) => ({ ...inEdge, ...outEdge, fromId: inEdge.fromId, conditions: [...inEdge.conditions, ...outEdge.conditions] })),
    );
  const { missing, extra } = multisetDifference(untouched, after.edges);
  expect({ untouchedEdgesLost: missing }).toEqual({ untouchedEdgesLost: [] });
  const bridgeJson = new Set(bridges.map(canonicalJson));
  expect({ addedEdgesThatAreNoBridge: extra.filter((edge) => !bridgeJson.has(edge)) }).toEqual({ addedEdgesThatAreNoBridge: [] });
  const endsAndConditions = (edge: FlowEdge) => canonicalJson([edge.fromId, edge.toId, edge.conditions]);
  const present = new Set(after.edges.map(endsAndConditions));
  expect({ bridgesMissing: bridges.filter((bridge) => !present.has(endsAndConditions(bridge))) }).toEqual({ bridgesMissing: [] });
}

/** Canonical JSON of the items of `expected` that `actual` lacks, and of those `actual` has beyond them. */
function multisetDifference(expected: readonly object[], actual: readonly object[]): { missing: string[]; extra: string[] } {
  const extra = actual.map(canonicalJson);
  const missing: string[] = [];
  for (const item of expected.map(canonicalJson)) {
    const index = extra.indexOf(item);
    if (index === -1) missing.push(item);
    else extra.splice(index, 1);
  }
  return { missing, extra };
}
