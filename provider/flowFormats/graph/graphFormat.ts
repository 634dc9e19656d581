// The tutorial's format: a flow's logic is its triggers and edges, and an attachment is one `callsubflow`
// trigger spliced in after `after`. The flow-format face over the pure graph edits, rules and comparisons.

import { CALL_SUBFLOW_TYPE, CallSubflowTrigger, FlowGraph, FlowTrigger, isCallSubflowTrigger } from "../../flowModel";
import { findGraphViolations } from "./flowGraph";
import { graphProblems, sameGraph } from "./graphComparison";
import { findTrigger, isPlacedAfter, moveTrigger, predecessorsOf, replaceTriggerProperties, spliceIn, spliceOut } from "./graphEdits";
import { DesiredCall, FlowCalls, FlowFormat, GraphDocument, LiveCall, OWNERSHIP_KEY } from "../flowFormat";

/**
 * The keys of a call's `properties` this project writes and compares; any other key on the trigger (one
 * Architect or a person added) belongs to the org and is kept by every edit.
 */
export const MANAGED_PROPERTY_KEYS: readonly string[] = ["type", "flowId", "arguments", "returnVariables", OWNERSHIP_KEY];

export const graphFormat: FlowFormat<GraphDocument> = {
  name: "graph",
  sharedFlowField: "flowId",
  sharedFlowOf: (desired) => desired.sharedFlow.id,
  calls: (document) => graphCalls(document.graph),
  sameDocument: (left, right) => sameGraph(left.graph, right.graph),
  problemsBeforeWrite: (document, flow) => findGraphViolations(document.graph, { flowId: flow.id }).map((violation) => violation.message),
  storedProblems: (sent, stored) => graphProblems(sent.graph, stored.graph),
  variableSchemas: (flow) => ({ inputSchema: flow.inputSchema, outputSchema: flow.outputSchema }),
};

export function graphDocument(graph: FlowGraph): GraphDocument {
  return { format: "graph", graph: { triggers: graph.triggers, edges: graph.edges } };
}

function graphCalls(graph: FlowGraph): FlowCalls {
  return {
    find: (triggerId) => {
      const trigger = findTrigger(graph, triggerId);
      return trigger && liveCallOf(graph, trigger);
    },
    all: () => graph.triggers.filter(isCallSubflowTrigger).map((trigger) => liveCallOf(graph, trigger)),
    isPlacedAfter: (triggerId, after) => isPlacedAfter(graph, triggerId, after),
    hasNode: (after) => findTrigger(graph, after) !== undefined,
    withCall: (desired) => graphDocument(spliceIn(graph, callSubflowTrigger(desired), desired.after)),
    withoutCall: (triggerId) => graphDocument(spliceOut(graph, triggerId)),
    withCallRewritten: (desired) => {
      // `type` may have drifted too (someone turned the call into another kind of trigger): both are restored.
      const declared = callSubflowTrigger(desired);
      return graphDocument(replaceTriggerProperties(graph, desired.triggerId, declared.properties, declared.type, MANAGED_PROPERTY_KEYS));
    },
    withCallMoved: (triggerId, after) => graphDocument(moveTrigger(graph, triggerId, after)),
  };
}

/** The trigger a declared call writes; maps left out of the declaration are left out here. */
export function callSubflowTrigger(desired: DesiredCall): CallSubflowTrigger {
  const properties: CallSubflowTrigger["properties"] = { type: CALL_SUBFLOW_TYPE, flowId: desired.sharedFlow.id };
  if (desired.arguments !== undefined) properties.arguments = { ...desired.arguments };
  if (desired.returnVariables !== undefined) properties.returnVariables = { ...desired.returnVariables };
  if (desired.managedBy !== undefined) properties[OWNERSHIP_KEY] = desired.managedBy;
  return { id: desired.triggerId, type: CALL_SUBFLOW_TYPE, properties };
}

function liveCallOf(graph: FlowGraph, trigger: FlowTrigger): LiveCall {
  const predecessors = predecessorsOf(graph, trigger.id);
  const { flowId, arguments: args, returnVariables } = trigger.properties;
  return {
    triggerId: trigger.id,
    isCall: trigger.type === CALL_SUBFLOW_TYPE && trigger.properties.type === CALL_SUBFLOW_TYPE,
    sharedFlow: typeof flowId === "string" ? flowId : undefined,
    arguments: args,
    returnVariables,
    managedBy: trigger.properties[OWNERSHIP_KEY],
    otherDifferences: [],
    predecessors,
    ...(predecessors.length === 1 ? {} : { placementNote: predecessors.length === 0 ? "no edge leads into it" : `${predecessors.length} nodes lead into it (${predecessors.join(", ")})` }),
  };
}
