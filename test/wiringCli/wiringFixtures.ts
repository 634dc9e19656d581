// Test support: flows as plain data, built with the project's own graph edits, for the pure wiring
// functions of the command line.

import { CALL_SUBFLOW_TYPE, Flow, FlowGraph, FlowTrigger } from "../../provider/flowModel";
import { spliceIn } from "../../provider/flowFormats/graph/graphEdits";

export interface CallSpec {
  triggerId: string;
  flowId: string;
  arguments?: Record<string, string>;
  returnVariables?: Record<string, string>;
  /** Spliced in after this node (default `start`), in the order given. */
  after?: string;
}

/** A flow with a prompt between start and end unless a graph is given. */
export function flow(fields: Partial<Flow> & { id: string; name: string }): Flow {
  return {
    type: "inboundcall",
    version: 1,
    triggers: [{ id: "welcome-prompt", type: "playprompt", properties: { type: "playprompt", prompt: "Prompt.Welcome" } }],
    edges: [
      { fromId: "start", toId: "welcome-prompt", conditions: [] },
      { fromId: "welcome-prompt", toId: "end", conditions: [] },
    ],
    ...fields,
  };
}

/** A flow (by default an inbound call flow with a welcome prompt) with `calls` spliced in, in order. */
export function callingFlow(fields: Partial<Flow> & { id: string; name: string; calls: CallSpec[] }): Flow {
  const { calls, ...rest } = fields;
  const base = flow(rest);
  const graph = calls.reduce<FlowGraph>((current, call) => {
    const maps = { ...(call.arguments ? { arguments: call.arguments } : {}), ...(call.returnVariables ? { returnVariables: call.returnVariables } : {}) };
    return spliceIn(current, callTrigger(call.triggerId, call.flowId, maps), call.after ?? "start");
  }, base);
  return { ...base, ...graph };
}

/** A graph whose `call` is reached from two nodes, `menu` and `start`, so no single node is the one it follows. */
export function branchedGraph(call: FlowTrigger): FlowGraph {
  return {
    triggers: [{ id: "menu", type: "menu", properties: { type: "menu" } }, call],
    edges: [
      { fromId: "start", toId: "menu", conditions: [] },
      { fromId: "menu", toId: call.id, conditions: [{ expression: "IsBusinessHours()" }] },
      { fromId: "start", toId: call.id, conditions: [{ expression: "Call.IsVip" }] },
      { fromId: "menu", toId: "end", conditions: [] },
      { fromId: call.id, toId: "end", conditions: [] },
    ],
  };
}

/** A `callsubflow` trigger of flow `flowId`, with `properties` such as `arguments` added. */
export function callTrigger(triggerId: string, flowId: string, properties: Record<string, Record<string, string>> = {}): FlowTrigger {
  return { id: triggerId, type: CALL_SUBFLOW_TYPE, properties: { type: CALL_SUBFLOW_TYPE, flowId, ...properties } };
}

/** A published version as the org reports it. */
export function publishedAt(datePublished: string): Pick<Flow, "publishedVersion"> {
  return { publishedVersion: { id: "1.0", datePublished } };
}
