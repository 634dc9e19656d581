// Reads the wiring out of an org's flows, in either flow format: every call of a shared flow (a
// `callsubflow` trigger, or a `callCommonModule` action) with the flows it joins, what it passes and
// receives, and the nodes it follows. Pure: the flows are plain data.

import { FlowDocument, LiveCall } from "../provider/flowFormats/flowFormat";
import { callsOf, entityFormat, formatOf } from "../provider/flowFormats/formats";
import { graphDocument } from "../provider/flowFormats/graph/graphFormat";
import { COMMON_MODULE_FLOW_TYPE, Flow, FlowVariableSchema, JsonValue } from "../provider/flowModel";

/**
 * A flow of the org as the command line read it: its entity and, for an Architect flow whose logic was
 * exported, that logic (a flow in the tutorial's model carries its graph on the entity).
 */
export type OrgFlow = Flow & { document?: FlowDocument };

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
  /** The flow called as the call names it: an ID in the tutorial's model, a common module's name in Architect's. */
  sharedFlowKey: string;
  /** That flow, when the org's flows include it. */
  shared?: FlowFacts;
  /** Shared-flow input name -> value; `{}` when the call passes none. */
  arguments: Record<string, string>;
  /** Parent variable name -> shared-flow output name; `{}` when the call receives none. */
  returnVariables: Record<string, string>;
  /** The nodes leading into the call: exactly one for a call placed after a node. */
  predecessors: string[];
  /** Why no single node leads into it, when none does. */
  placementNote?: string;
  /** What the call holds that no declaration can say (a pinned version, a value that is not a string). */
  inexpressible: string[];
  /** How the flows of its org name the flow a call calls, for messages about one the org lacks. */
  sharedFlowNaming: "id" | "name";
}

export interface OrgWiring {
  /** Every flow of the org, in the order given. */
  flows: FlowFacts[];
  /** Every call, ordered by parent flow name, then trigger ID. */
  calls: WiredCall[];
}

export function extractWiring(flows: readonly OrgFlow[]): OrgWiring {
  const facts = flows.map(flowFacts);
  const byId = new Map(facts.map((flow) => [flow.id, flow]));
  const modulesByName = new Map<string, FlowFacts[]>();
  for (const flow of facts.filter((candidate) => candidate.type === COMMON_MODULE_FLOW_TYPE)) modulesByName.set(flow.name, [...(modulesByName.get(flow.name) ?? []), flow]);
  const calls = flows.flatMap((flow, index) => {
    const document = documentOf(flow);
    if (!document) return [];
    const naming = document.format === "graph" ? "id" : "name";
    return callsOf(document)
      .all()
      .filter((call) => call.isCall && call.sharedFlow !== undefined)
      .map((call): WiredCall => {
        const key = call.sharedFlow!;
        // A graph names the flow it calls by ID; Archy YAML names a common module, unique by name among modules.
        const named = naming === "id" ? byId.get(key) : modulesByName.get(key)?.length === 1 ? modulesByName.get(key)![0] : undefined;
        const args = stringMap(call.arguments, "arguments");
        const returned = stringMap(call.returnVariables, "returnVariables");
        return {
          parent: facts[index],
          triggerId: call.triggerId,
          sharedFlowKey: key,
          ...(named ? { shared: named } : {}),
          arguments: args.map,
          returnVariables: returned.map,
          predecessors: call.predecessors,
          ...(call.placementNote === undefined ? {} : { placementNote: call.placementNote }),
          inexpressible: [...call.otherDifferences, ...args.inexpressible, ...returned.inexpressible],
          sharedFlowNaming: naming,
        };
      });
  });
  return { flows: facts, calls: calls.sort(byParentThenTrigger) };
}

/** The flow's logic: what was read of it, or the graph the tutorial's model carries on the entity. */
function documentOf(flow: OrgFlow): FlowDocument | undefined {
  return flow.document ?? (entityFormat(flow) === "graph" ? graphDocument(flow) : undefined);
}

/** A live map's string entries, and the paths of entries (or of the whole map) that are not strings. */
function stringMap(map: LiveCall["arguments"], field: string): { map: Record<string, string>; inexpressible: string[] } {
  if (map === undefined || map === null) return { map: {}, inexpressible: [] };
  if (typeof map !== "object" || Array.isArray(map)) return { map: {}, inexpressible: [field] };
  const strings: Record<string, string> = {};
  const inexpressible: string[] = [];
  for (const [key, value] of Object.entries(map as Record<string, JsonValue>)) {
    if (typeof value === "string") strings[key] = value;
    else inexpressible.push(`${field}.${key} (${JSON.stringify(value)})`);
  }
  return { map: strings, inexpressible };
}

/** The name of the flow a call calls, or, when the org's flows do not include it, how the call names it, said as such. */
export function sharedFlowLabel(call: WiredCall): string {
  if (call.shared) return call.shared.name;
  return call.sharedFlowNaming === "id" ? `flow ID ${call.sharedFlowKey} (not among the org's flows)` : `common module '${call.sharedFlowKey}' (not one of the org's common modules)`;
}

function flowFacts(flow: OrgFlow): FlowFacts {
  const datePublished = flow.publishedVersion?.datePublished;
  const document = documentOf(flow);
  const schemas = document ? formatOf(document).variableSchemas(flow, document) : flow;
  return {
    id: flow.id,
    name: flow.name,
    type: flow.type,
    ...(flow.publishedVersion ? { published: typeof datePublished === "string" ? { datePublished } : {} } : {}),
    ...(schemas.inputSchema ? { inputSchema: schemas.inputSchema } : {}),
    ...(schemas.outputSchema ? { outputSchema: schemas.outputSchema } : {}),
  };
}

function byParentThenTrigger(left: WiredCall, right: WiredCall): number {
  return compareText(left.parent.name, right.parent.name) || compareText(left.parent.type, right.parent.type) || compareText(left.triggerId, right.triggerId);
}

/** Code-point order, the same on every machine (unlike `localeCompare`). */
export function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
