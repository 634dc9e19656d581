// The rules a flow graph must satisfy before the provider writes it, as one pure function: every edge end
// is start, end or a trigger; nothing enters start or leaves end; no self-loop or cycle; every trigger
// reachable from start and reaching end; unique trigger IDs; a call never names its own flow. The
// emulator holds its own version of these rules; graph-edit tests check every result against these.

import { END_NODE, FlowGraph, START_NODE, isCallSubflowTrigger } from "../../flowModel";

export type GraphRule =
  | "reserved-trigger-id"
  | "duplicate-trigger-id"
  | "unknown-edge-end"
  | "edge-into-start"
  | "edge-out-of-end"
  | "self-loop"
  | "cycle"
  | "unreachable-trigger"
  | "dead-end-trigger"
  | "start-does-not-reach-end"
  | "subflow-calls-itself"
  | "subflow-flow-missing"
  | "subflow-call-loop";

export interface GraphViolation {
  rule: GraphRule;
  message: string;
}

export interface GraphContext {
  /** ID of the flow that owns the graph; a `callsubflow` trigger may not call it. */
  flowId?: string;
  /** Whether a flow with this ID exists; omit to skip the existence rule. */
  flowExists?: (flowId: string) => boolean;
  /** The flows another flow calls (see `calledFlowIds`); omit to skip the rule against call loops. */
  callsOf?: (flowId: string) => readonly string[] | undefined;
}

/**
 * Every rule the graph breaks, in a stable order; empty when it is valid.
 * A graph with no triggers is valid only with its `start -> end` edge, so that splicing a trigger in
 * after `start` always leaves a path to `end`.
 */
export function findGraphViolations(graph: FlowGraph, context: GraphContext = {}): GraphViolation[] {
  const violations: GraphViolation[] = [];
  const triggerIds = new Set<string>();
  for (const trigger of graph.triggers) {
    if (trigger.id === START_NODE || trigger.id === END_NODE) {
      violations.push({ rule: "reserved-trigger-id", message: `trigger ID '${trigger.id}' is reserved for the virtual ${trigger.id} node` });
    } else if (triggerIds.has(trigger.id)) {
      violations.push({ rule: "duplicate-trigger-id", message: `trigger ID '${trigger.id}' is used by more than one trigger` });
    }
    triggerIds.add(trigger.id);
  }
  const isNode = (id: string) => id === START_NODE || id === END_NODE || triggerIds.has(id);

  const successors = new Map<string, string[]>();
  const predecessors = new Map<string, string[]>();
  for (const edge of graph.edges) {
    for (const end of [edge.fromId, edge.toId]) {
      if (!isNode(end)) {
        violations.push({ rule: "unknown-edge-end", message: `edge ${edge.fromId} -> ${edge.toId} names '${end}', which is neither start, end nor a trigger` });
      }
    }
    if (edge.toId === START_NODE) {
      violations.push({ rule: "edge-into-start", message: `edge ${edge.fromId} -> start enters start` });
    }
    if (edge.fromId === END_NODE) {
      violations.push({ rule: "edge-out-of-end", message: `edge end -> ${edge.toId} leaves end` });
    }
    if (edge.fromId === edge.toId) {
      violations.push({ rule: "self-loop", message: `edge ${edge.fromId} -> ${edge.toId} is a self-loop` });
    }
    push(successors, edge.fromId, edge.toId);
    push(predecessors, edge.toId, edge.fromId);
  }

  const cycleNode = findNodeOnCycle(successors);
  if (cycleNode !== undefined) {
    violations.push({ rule: "cycle", message: `the edges form a cycle through '${cycleNode}'` });
  }

  const reachedFromStart = reachable(START_NODE, successors);
  const reachingEnd = reachable(END_NODE, predecessors);
  for (const id of triggerIds) {
    if (!reachedFromStart.has(id)) {
      violations.push({ rule: "unreachable-trigger", message: `trigger '${id}' is not reachable from start` });
    }
    if (!reachingEnd.has(id)) {
      violations.push({ rule: "dead-end-trigger", message: `trigger '${id}' has no path to end` });
    }
  }
  if (!reachedFromStart.has(END_NODE)) {
    violations.push({ rule: "start-does-not-reach-end", message: "there is no path from start to end" });
  }

  for (const trigger of graph.triggers) {
    if (!isCallSubflowTrigger(trigger)) continue;
    const calledFlowId = trigger.properties.flowId;
    if (context.flowId !== undefined && calledFlowId === context.flowId) {
      violations.push({ rule: "subflow-calls-itself", message: `callsubflow trigger '${trigger.id}' calls the flow it belongs to` });
    } else if (context.flowExists && !context.flowExists(calledFlowId)) {
      violations.push({ rule: "subflow-flow-missing", message: `callsubflow trigger '${trigger.id}' calls flow '${calledFlowId}', which does not exist` });
    } else if (context.flowId !== undefined && context.callsOf) {
      const loop = findCallPath(calledFlowId, context.flowId, context.callsOf);
      if (loop) {
        violations.push({ rule: "subflow-call-loop", message: `callsubflow trigger '${trigger.id}' calls flow '${calledFlowId}', which calls back into this flow (${loop.join(" -> ")})` });
      }
    }
  }
  return violations;
}

/** IDs of the flows a graph's `callsubflow` triggers call, each once. */
export function calledFlowIds(graph: FlowGraph): string[] {
  return [...new Set(graph.triggers.filter(isCallSubflowTrigger).map((trigger) => trigger.properties.flowId))];
}

/**
 * A chain of flow IDs from `from` to `to` along subflow calls (both ends included), or undefined when
 * `to` cannot be reached. A flow whose calls are unknown (`callsOf` gives undefined) ends its branch.
 */
export function findCallPath(from: string, to: string, callsOf: (flowId: string) => readonly string[] | undefined): string[] | undefined {
  const cameFrom = new Map<string, string | undefined>([[from, undefined]]);
  const pending = [from];
  while (pending.length > 0) {
    const current = pending.shift()!;
    if (current === to) {
      const path: string[] = [];
      for (let node: string | undefined = current; node !== undefined; node = cameFrom.get(node)) path.unshift(node);
      return path;
    }
    for (const next of callsOf(current) ?? []) {
      if (!cameFrom.has(next)) {
        cameFrom.set(next, current);
        pending.push(next);
      }
    }
  }
  return undefined;
}

export function isValidGraph(graph: FlowGraph, context: GraphContext = {}): boolean {
  return findGraphViolations(graph, context).length === 0;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function reachable(from: string, next: Map<string, string[]>): Set<string> {
  const seen = new Set<string>([from]);
  const pending = [from];
  while (pending.length > 0) {
    for (const neighbour of next.get(pending.pop()!) ?? []) {
      if (!seen.has(neighbour)) {
        seen.add(neighbour);
        pending.push(neighbour);
      }
    }
  }
  return seen;
}

/** A node on some cycle (self-loops excluded, they have their own rule), or undefined. Iterative DFS. */
function findNodeOnCycle(successors: Map<string, string[]>): string | undefined {
  const state = new Map<string, "open" | "done">();
  for (const root of successors.keys()) {
    if (state.has(root)) continue;
    const stack: Array<{ node: string; nextIndex: number }> = [{ node: root, nextIndex: 0 }];
    state.set(root, "open");
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const neighbours = successors.get(frame.node) ?? [];
      if (frame.nextIndex >= neighbours.length) {
        state.set(frame.node, "done");
        stack.pop();
        continue;
      }
      const neighbour = neighbours[frame.nextIndex++];
      if (neighbour === frame.node) continue;
      const seen = state.get(neighbour);
      if (seen === "open") return neighbour;
      if (seen === undefined) {
        state.set(neighbour, "open");
        stack.push({ node: neighbour, nextIndex: 0 });
      }
    }
  }
  return undefined;
}
