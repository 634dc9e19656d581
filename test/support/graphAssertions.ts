// Test support: what must hold for a parent flow after any lifecycle operation: the graph is valid, the
// attachment is where it belongs, and every other trigger and edge is exactly as it was.

import { findGraphViolations } from "../../provider/flowGraph";
import type { FlowGraph } from "../../provider/flowModel";
import { canonicalJson } from "../../provider/graphComparison";
import { findTrigger, isPlacedAfter, spliceOut } from "../../provider/graphEdits";

/** Edges and triggers as sorted JSON, every field at every depth, so two graphs compare equal whatever their order. */
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
