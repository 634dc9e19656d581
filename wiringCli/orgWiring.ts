// Reads the wiring out of an org's flows: every call of a shared flow (`callsubflow` trigger) with the
// flows it joins, what it passes and receives, and the nodes it follows. Pure: the flows are plain data.

import { CallSubflowProperties, Flow, FlowVariableSchema, isCallSubflowTrigger } from "../provider/flowModel";
import { predecessorsOf } from "../provider/graphEdits";

/** What the wiring needs to know of a flow. */
export interface FlowFacts {
  id: string;
  name: string;
  type: string;
  /** Set when the flow has a published version; `datePublished` as the org reports it, when it does. */
  published?: { datePublished?: string };
  inputSchema?: FlowVariableSchema;
  outputSchema?: FlowVariableSchema;
}

/** One call of a shared flow as the org holds it. */
export interface WiredCall {
  parent: FlowFacts;
  triggerId: string;
  /** The flow called, by the ID in the trigger. */
  sharedFlowId: string;
  /** That flow, when the org's flows include it. */
  shared?: FlowFacts;
  /** Shared-flow input name -> value; `{}` when the trigger passes none. */
  arguments: Record<string, string>;
  /** Parent variable name -> shared-flow output name; `{}` when the trigger receives none. */
  returnVariables: Record<string, string>;
  /** The nodes with an edge into the call, in edge order: exactly one for a call placed after a node. */
  predecessors: string[];
}

export interface OrgWiring {
  /** Every flow of the org, in the order given. */
  flows: FlowFacts[];
  /** Every call, ordered by parent flow name, then trigger ID. */
  calls: WiredCall[];
}

export function extractWiring(flows: readonly Flow[]): OrgWiring {
  const facts = flows.map(flowFacts);
  const byId = new Map(facts.map((flow) => [flow.id, flow]));
  const calls = flows.flatMap((flow, index) =>
    flow.triggers.filter(isCallSubflowTrigger).map((trigger): WiredCall => {
      const properties: CallSubflowProperties = trigger.properties;
      return {
        parent: facts[index],
        triggerId: trigger.id,
        sharedFlowId: properties.flowId,
        ...(byId.has(properties.flowId) ? { shared: byId.get(properties.flowId) } : {}),
        arguments: { ...properties.arguments },
        returnVariables: { ...properties.returnVariables },
        predecessors: predecessorsOf(flow, trigger.id),
      };
    }),
  );
  return { flows: facts, calls: calls.sort(byParentThenTrigger) };
}

/** The name of the flow a call calls, or, when the org's flows do not include it, its ID said as such. */
export function sharedFlowLabel(call: WiredCall): string {
  return call.shared?.name ?? `flow ID ${call.sharedFlowId} (not among the org's flows)`;
}

function flowFacts(flow: Flow): FlowFacts {
  const datePublished = flow.publishedVersion?.datePublished;
  return {
    id: flow.id,
    name: flow.name,
    type: flow.type,
    ...(flow.publishedVersion ? { published: typeof datePublished === "string" ? { datePublished } : {} } : {}),
    ...(flow.inputSchema ? { inputSchema: flow.inputSchema } : {}),
    ...(flow.outputSchema ? { outputSchema: flow.outputSchema } : {}),
  };
}

function byParentThenTrigger(left: WiredCall, right: WiredCall): number {
  return compareText(left.parent.name, right.parent.name) || compareText(left.parent.type, right.parent.type) || compareText(left.triggerId, right.triggerId);
}

/** Code-point order, the same on every machine (unlike `localeCompare`). */
export function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
