// Comparing flow graphs the way the server stores them: triggers and edges are sets (order is not kept),
// and two objects with the same keys in another order are the same value.

import { FlowGraph } from "../../flowModel";

/** JSON with object keys sorted and undefined properties left out, so that equal values read the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(",")}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Whether two graphs hold the same triggers and edges, in any order. */
export function sameGraph(a: FlowGraph, b: FlowGraph): boolean {
  if (a.triggers.length !== b.triggers.length || a.edges.length !== b.edges.length) {
    return false;
  }
  return countDifferences(a.triggers, b.triggers).total === 0 && countDifferences(a.edges, b.edges).total === 0;
}

/** How the stored flow differs from the graph sent (triggers and edges compared as sets); empty when equal. */
export function graphProblems(sent: FlowGraph, stored: Partial<FlowGraph>): string[] {
  const problems: string[] = [];
  for (const part of ["triggers", "edges"] as const) {
    const storedItems = stored[part];
    if (!Array.isArray(storedItems)) {
      problems.push(`the response has no ${part}`);
      continue;
    }
    const { missing, extra } = countDifferences(sent[part], storedItems);
    if (missing > 0 || extra > 0) {
      problems.push(`${part}: ${missing} sent but not stored, ${extra} stored but not sent`);
    }
  }
  return problems;
}

/**
 * Items of `expected` that `actual` lacks and items of `actual` beyond `expected`, as multisets: linear in
 * the graph's size, because group commit compares whole graphs once per edit.
 */
function countDifferences(expected: readonly unknown[], actual: readonly unknown[]): { missing: number; extra: number; total: number } {
  if (expected === actual) {
    return { missing: 0, extra: 0, total: 0 };
  }
  const unmatched = new Map<string, number>();
  for (const item of expected) {
    const key = canonicalJson(item);
    unmatched.set(key, (unmatched.get(key) ?? 0) + 1);
  }
  let extra = 0;
  for (const item of actual) {
    const key = canonicalJson(item);
    const count = unmatched.get(key) ?? 0;
    if (count > 0) unmatched.set(key, count - 1);
    else extra++;
  }
  let missing = 0;
  for (const count of unmatched.values()) missing += count;
  return { missing, extra, total: missing + extra };
}
