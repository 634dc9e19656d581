// The Genesys Cloud flow document on the wire: the types and constants a client and the service both
// speak. Only data lives here; each side keeps its own rules about what a valid document is.

/** The virtual entry node every flow graph starts from; never a trigger ID. */
export const START_NODE = "start";
/** The virtual exit node every flow graph ends in; never a trigger ID. */
export const END_NODE = "end";
/** Trigger type (and `properties.type`) of a call to a shared flow. */
export const CALL_SUBFLOW_TYPE = "callsubflow";
/** Flow type of a shared flow ("common module"), the only kind a `callsubflow` trigger can call. */
export const COMMON_MODULE_FLOW_TYPE = "commonmodule";

/** Any JSON value; edge conditions and unknown flow fields are carried through untouched. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface FlowEdge {
  fromId: string;
  toId: string;
  /** Opaque to this project: kept, concatenated on splice-out, compared as JSON. */
  conditions: JsonValue[];
}

export interface FlowTrigger {
  id: string;
  type: string;
  properties: { [key: string]: JsonValue | undefined };
}

/** `properties` of a `callsubflow` trigger. */
export interface CallSubflowProperties {
  type: typeof CALL_SUBFLOW_TYPE;
  flowId: string;
  /** Shared-flow input name -> literal or `${parentVariable}` expression. */
  arguments?: Record<string, string>;
  /** Parent variable name -> shared-flow output name. */
  returnVariables?: Record<string, string>;
}

export interface CallSubflowTrigger extends FlowTrigger {
  type: typeof CALL_SUBFLOW_TYPE;
  properties: CallSubflowProperties & { [key: string]: JsonValue | undefined };
}

/** The part of a flow that graph edits touch. */
export interface FlowGraph {
  triggers: FlowTrigger[];
  edges: FlowEdge[];
}

/** A declared variable of a flow's `inputSchema`/`outputSchema` (a JSON-schema-like object). */
export interface FlowVariableSchema {
  properties?: { [name: string]: JsonValue };
  [key: string]: JsonValue | undefined;
}

/** The Genesys Cloud `Flow` entity plus the graph, as `GET /api/v2/flows/{id}` returns it. */
export interface Flow extends FlowGraph {
  id: string;
  name: string;
  type: string;
  description?: string;
  division?: { id: string; name?: string; selfUri?: string };
  inputSchema?: FlowVariableSchema;
  outputSchema?: FlowVariableSchema;
  publishedVersion?: { id: string; [key: string]: JsonValue | undefined };
  savedVersion?: { id: string; [key: string]: JsonValue | undefined };
  lockedUser?: { id: string; [key: string]: JsonValue | undefined };
  selfUri?: string;
  /** Incremented by every successful write; a PUT must carry the version it read. */
  version: number;
  [key: string]: unknown;
}
