// Test support: flows as plain data, built with the project's own graph edits, for the pure wiring
// functions of the command line.

import { CALL_SUBFLOW_TYPE, Flow, FlowGraph } from "../../provider/flowModel";
import { spliceIn } from "../../provider/graphEdits";

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
  const graph = calls.reduce<FlowGraph>((current, call) => spliceIn(current, callTrigger(call), call.after ?? "start"), base);
  return { ...base, ...graph };
}

function callTrigger(call: CallSpec): Flow["triggers"][number] {
  return {
    id: call.triggerId,
    type: CALL_SUBFLOW_TYPE,
    properties: {
      type: CALL_SUBFLOW_TYPE,
      flowId: call.flowId,
      ...(call.arguments ? { arguments: call.arguments } : {}),
      ...(call.returnVariables ? { returnVariables: call.returnVariables } : {}),
    },
  };
}

/** A published version as the org reports it. */
export function publishedAt(datePublished: string): Pick<Flow, "publishedVersion"> {
  return { publishedVersion: { id: "1.0", datePublished } };
}
