// Which calls a command looks at: `--shared` and `--parent` name patterns, where `*` stands for any run
// of characters and letter case is ignored, as in Genesys Cloud's own name filter. Pure.

import { WiredCall } from "./orgWiring";

export interface CallFilters {
  /** Patterns of shared flow names; a call matches when its shared flow's name matches one. None: all. */
  shared: readonly string[];
  /** Patterns of parent flow names, the same way. */
  parent: readonly string[];
}

export const NO_FILTERS: CallFilters = { shared: [], parent: [] };

export function selectCalls(calls: readonly WiredCall[], filters: CallFilters): WiredCall[] {
  const sharedMatches = anyPattern(filters.shared);
  const parentMatches = anyPattern(filters.parent);
  // A call whose shared flow is not among the org's flows has no name to match.
  return calls.filter((call) => parentMatches(call.parent.name) && (filters.shared.length === 0 || (call.shared !== undefined && sharedMatches(call.shared.name))));
}

/** A test of a name against every pattern; with no pattern, every name passes. */
export function anyPattern(patterns: readonly string[]): (name: string) => boolean {
  if (patterns.length === 0) return () => true;
  const expressions = patterns.map((pattern) => new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`, "is"));
  return (name) => expressions.some((expression) => expression.test(name));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
