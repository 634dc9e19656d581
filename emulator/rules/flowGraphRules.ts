// The service's own rules for a flow graph, checked on every write and on the seed: which documents
// the emulator stores and which it refuses with 400. Pure functions over the document and the org's flows.

import { CALL_SUBFLOW_TYPE, COMMON_MODULE_FLOW_TYPE, END_NODE, Flow, FlowEdge, FlowTrigger, START_NODE } from "../../wire/flowDocument";

/**
 * The `<rule>` of an error's `flow.graph.<rule>` code. These are public error codes, so they keep the
 * names the provider's own checks use for the same rules; the list, like the rules, is the service's own.
 */
export type FlowGraphRule =
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
  | "subflow-not-common-module"
  | "subflow-call-loop";

export interface FlowGraphProblem {
  rule: FlowGraphRule;
  message: string;
}

/** What the rules need to know about the org's other flows; deleted flows are not there. */
export interface OrgFlows {
  /** Type of the org's flow with this ID, or undefined when the org has no such flow. */
  typeOf(flowId: string): string | undefined;
  /** IDs of the flows that the org's flow with this ID calls; none for an unknown ID. */
  callsOf(flowId: string): readonly string[];
}

/** The document being checked: its ID (a new flow's too) and its graph. */
type CheckedFlow = Pick<Flow, "id" | "triggers" | "edges">;

/** Every rule `flow` breaks in an org holding `orgFlows`; empty when the service may store it. */
export function flowGraphProblems(flow: CheckedFlow, orgFlows: OrgFlows): FlowGraphProblem[] {
  const { triggerIds, problems } = triggerIdProblems(flow.triggers);
  const isNode = (id: string) => id === START_NODE || id === END_NODE || triggerIds.has(id);
  const usableEdges: FlowEdge[] = [];
  for (const edge of flow.edges) {
    const edgeProblems = edgeEndProblems(edge, isNode);
    problems.push(...edgeProblems);
    // A broken edge is reported once, by its own rule, and left out of the checks of the whole graph.
    if (edgeProblems.length === 0) usableEdges.push(edge);
  }
  problems.push(...structureProblems(triggerIds, usableEdges));
  for (const trigger of flow.triggers) {
    const problem = callProblem(trigger, flow.id, orgFlows);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** ID of the flow a trigger calls, or undefined when it is no `callsubflow` trigger. */
function calledFlowId(trigger: FlowTrigger): string | undefined {
  const flowId = trigger.properties?.flowId;
  return trigger.type === CALL_SUBFLOW_TYPE && typeof flowId === "string" ? flowId : undefined;
}

/** IDs of the flows a graph calls, each once. */
export function calledFlowIds(flow: Pick<Flow, "triggers">): string[] {
  const ids = new Set<string>();
  for (const trigger of flow.triggers) {
    const flowId = calledFlowId(trigger);
    if (flowId !== undefined) ids.add(flowId);
  }
  return [...ids];
}

/** The org view the rules need, over the flows an org holds (deleted ones already left out). */
export function orgFlowsOf(flows: ReadonlyArray<Pick<Flow, "id" | "type" | "triggers">>): OrgFlows {
  const byId = new Map(flows.map((flow) => [flow.id, flow]));
  return {
    typeOf: (flowId) => byId.get(flowId)?.type,
    callsOf: (flowId) => {
      const flow = byId.get(flowId);
      return flow ? calledFlowIds(flow) : [];
    },
  };
}

function triggerIdProblems(triggers: readonly FlowTrigger[]): { triggerIds: Set<string>; problems: FlowGraphProblem[] } {
  const triggerIds = new Set<string>();
  const problems: FlowGraphProblem[] = [];
  for (const { id } of triggers) {
    if (id === START_NODE || id === END_NODE) {
      problems.push({ rule: "reserved-trigger-id", message: `'${id}' names the flow's own ${id} node and cannot be a trigger ID` });
    } else if (triggerIds.has(id)) {
      problems.push({ rule: "duplicate-trigger-id", message: `two triggers share the ID '${id}'` });
    } else {
      triggerIds.add(id);
    }
  }
  return { triggerIds, problems };
}

function edgeEndProblems(edge: FlowEdge, isNode: (id: string) => boolean): FlowGraphProblem[] {
  const problems: FlowGraphProblem[] = [];
  const label = `edge '${edge.fromId}' -> '${edge.toId}'`;
  for (const end of new Set([edge.fromId, edge.toId])) {
    if (!isNode(end)) problems.push({ rule: "unknown-edge-end", message: `${label} refers to '${end}', which this flow has no node for` });
  }
  if (edge.toId === START_NODE) problems.push({ rule: "edge-into-start", message: `${label} leads back into start, which only has exits` });
  if (edge.fromId === END_NODE) problems.push({ rule: "edge-out-of-end", message: `${label} leaves end, which only has entries` });
  if (edge.fromId === edge.toId) problems.push({ rule: "self-loop", message: `${label} leads from a node to itself` });
  return problems;
}

/** Ordering and reachability, over edges whose ends are all nodes of the flow and distinct. */
function structureProblems(triggerIds: ReadonlySet<string>, edges: readonly FlowEdge[]): FlowGraphProblem[] {
  const problems: FlowGraphProblem[] = [];
  const circular = nodesNotTopologicallyOrderable(edges);
  if (circular.length > 0) {
    problems.push({ rule: "cycle", message: `the edges go round in a circle: no order of the nodes puts ${circular.map((id) => `'${id}'`).join(", ")} after everything leading to them` });
  }
  const fromStart = nodesReached(START_NODE, edges, "forward");
  const toEnd = nodesReached(END_NODE, edges, "backward");
  for (const id of triggerIds) {
    if (!fromStart.has(id)) problems.push({ rule: "unreachable-trigger", message: `no path from start arrives at trigger '${id}'` });
    if (!toEnd.has(id)) problems.push({ rule: "dead-end-trigger", message: `no path from trigger '${id}' arrives at end` });
  }
  if (!fromStart.has(END_NODE)) problems.push({ rule: "start-does-not-reach-end", message: "a call entering at start can never arrive at end" });
  return problems;
}

/**
 * Kahn's algorithm: repeatedly take away nodes nothing leads into any more. Whatever is left cannot be
 * ordered, because it lies on a circle of edges or behind one; empty for an acyclic graph.
 */
function nodesNotTopologicallyOrderable(edges: readonly FlowEdge[]): string[] {
  const incoming = new Map<string, number>();
  for (const { fromId, toId } of edges) {
    incoming.set(fromId, incoming.get(fromId) ?? 0);
    incoming.set(toId, (incoming.get(toId) ?? 0) + 1);
  }
  const outgoing = neighboursOf(edges, "forward");
  const free = [...incoming].filter(([, count]) => count === 0).map(([id]) => id);
  while (free.length > 0) {
    const id = free.pop()!;
    incoming.delete(id);
    for (const next of outgoing.get(id) ?? []) {
      const remaining = incoming.get(next)! - 1;
      incoming.set(next, remaining);
      if (remaining === 0) free.push(next);
    }
  }
  return [...incoming.keys()].sort();
}

/** Nodes reachable from `origin` following edges forward, or from which `origin` is reachable (backward). */
function nodesReached(origin: string, edges: readonly FlowEdge[], direction: "forward" | "backward"): Set<string> {
  const reached = new Set([origin]);
  const queue = [origin];
  const neighbours = neighboursOf(edges, direction);
  for (let head = 0; head < queue.length; head++) {
    for (const next of neighbours.get(queue[head]) ?? []) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  return reached;
}

/** Each node's neighbours along the edges: where its edges lead (forward) or come from (backward). */
function neighboursOf(edges: readonly FlowEdge[], direction: "forward" | "backward"): Map<string, string[]> {
  const neighbours = new Map<string, string[]>();
  for (const { fromId, toId } of edges) {
    const [from, to] = direction === "forward" ? [fromId, toId] : [toId, fromId];
    const list = neighbours.get(from);
    if (list) list.push(to);
    else neighbours.set(from, [to]);
  }
  return neighbours;
}

/** A `callsubflow` trigger must call an existing common module other than its own flow, which does not call back. */
function callProblem(trigger: FlowTrigger, ownFlowId: string, orgFlows: OrgFlows): FlowGraphProblem | undefined {
  const target = calledFlowId(trigger);
  if (target === undefined) return undefined;
  const call = `callsubflow trigger '${trigger.id}'`;
  if (target === ownFlowId) return { rule: "subflow-calls-itself", message: `${call} calls its own flow` };
  const targetType = orgFlows.typeOf(target);
  if (targetType === undefined) return { rule: "subflow-flow-missing", message: `${call} calls '${target}', and this org has no such flow` };
  if (targetType !== COMMON_MODULE_FLOW_TYPE) {
    return { rule: "subflow-not-common-module", message: `${call} calls '${target}', a ${targetType} flow; only ${COMMON_MODULE_FLOW_TYPE} flows can be called` };
  }
  const loop = callChain(target, ownFlowId, orgFlows);
  return loop && { rule: "subflow-call-loop", message: `${call} calls '${target}', whose calls lead back here (${loop.join(" -> ")}), so the call would never return` };
}

/** Flow IDs from `from` to `to` along calls (both ends included), found depth first, or undefined. */
function callChain(from: string, to: string, orgFlows: OrgFlows): string[] | undefined {
  const reachedVia = new Map<string, string | undefined>([[from, undefined]]);
  const toVisit = [from];
  while (toVisit.length > 0) {
    const current = toVisit.pop()!;
    if (current === to) {
      const chain: string[] = [];
      for (let step: string | undefined = current; step !== undefined; step = reachedVia.get(step)) chain.push(step);
      return chain.reverse();
    }
    for (const next of orgFlows.callsOf(current)) {
      if (!reachedVia.has(next)) {
        reachedVia.set(next, current);
        toVisit.push(next);
      }
    }
  }
  return undefined;
}
