// The one face the lifecycle, drift, ownership and the command line see of a flow's logic, whatever
// format the org keeps it in: the tutorial's graph (triggers and edges on the flow) or Architect's Archy
// YAML. Each format implements it in its own folder; the decisions written over it are written once.

import type { JsonValue } from "../../wire/flowDocument";
import type { ArchyFlow } from "./architect/archyDocument";
import type { Flow, FlowGraph, FlowVariableSchema } from "../flowModel";

/** The name of the ownership marker: the input that carries it, a graph call's property, a drift line's word. */
export const OWNERSHIP_KEY = "managedBy";

export const FLOW_FORMAT_NAMES = ["graph", "architect"] as const;
export type FlowFormatName = (typeof FLOW_FORMAT_NAMES)[number];

/** A flow's logic as the tutorial's model holds it: triggers and edges. */
export interface GraphDocument {
  format: "graph";
  graph: FlowGraph;
}

/** A flow's logic as Architect exports it: one Archy YAML document. */
export interface ArchitectDocument {
  format: "architect";
  archy: ArchyFlow;
}

export type FlowDocument = GraphDocument | ArchitectDocument;

/** A call of a shared flow (or whatever holds its trigger ID) as it is in the org, in either format's terms. */
export interface LiveCall {
  triggerId: string;
  /** False when the node with this trigger ID is not a call of a shared flow (someone put something else there). */
  isCall: boolean;
  /** The shared flow called, as the format names it: an ID in the graph, a common module's name in Archy YAML. */
  sharedFlow: string | undefined;
  /** Shared-flow input name -> value; a value that is not a string is one no declaration can give. */
  arguments: JsonValue | undefined;
  /** Parent variable name -> shared-flow output name. */
  returnVariables: JsonValue | undefined;
  /** The ownership marker: the stack that manages the call, when one wrote it. */
  managedBy: JsonValue | undefined;
  /** How the call differs from what this project writes in ways only the format has words for (a pinned version). */
  otherDifferences: string[];
  /** The nodes the call directly follows (`start`, trigger IDs, action names): one for a call placed after a node. */
  predecessors: string[];
  /** Why no single node is the one the call follows, in the format's words; set when `predecessors` is not one node. */
  placementNote?: string;
}

/** The attachment as declared, resolved against the org: what the calls of either format are compared with and made from. */
export interface DesiredCall {
  triggerId: string;
  sharedFlow: { id: string; name: string };
  /** Shared-flow input name -> literal or `${parentVariable}`; absent when none. */
  arguments?: Record<string, string>;
  /** Parent variable name -> shared-flow output name; absent when none. */
  returnVariables?: Record<string, string>;
  /** `start` or the trigger ID / action name the call is declared to follow. */
  after: string;
  /** The stack that manages the call, written as its ownership marker; none for a declaration without one. */
  managedBy?: string;
}

/** The calls of one flow document, and edits that return a new document (the given one is never changed). */
export interface FlowCalls {
  /** The node with this trigger ID, or undefined when there is none. Throws when the format finds it ambiguous. */
  find(triggerId: string): LiveCall | undefined;
  /** Every call of a shared flow in the document. */
  all(): LiveCall[];
  /**
   * Whether the call is placed after `after`: several calls may share one `after` (each later one pushes the
   * earlier ones down), so `after` counts when it is reached walking back through other calls.
   */
  isPlacedAfter(triggerId: string, after: string): boolean;
  /** Whether `after` (not `start`) names something in the flow a call can be placed after. */
  hasNode(after: string): boolean;
  withCall(desired: DesiredCall): FlowDocument;
  withoutCall(triggerId: string): FlowDocument;
  /** The call made as declared where it stands (keeping whatever the org added beside the call's own fields). */
  withCallRewritten(desired: DesiredCall): FlowDocument;
  withCallMoved(triggerId: string, after: string): FlowDocument;
}

/** A format: how to see its documents' calls, and the checks around a write of one. */
export interface FlowFormat<D extends FlowDocument = FlowDocument> {
  readonly name: D["format"];
  /** The name drift lines give the shared flow a call names: `flowId` in the graph, `commonModule` in Archy YAML. */
  readonly sharedFlowField: string;
  /** How a desired call names its shared flow in this format (compared with `LiveCall.sharedFlow`). */
  sharedFlowOf(desired: DesiredCall): string;
  calls(document: D): FlowCalls;
  /** Whether two documents hold the same logic (an edit that changes nothing writes nothing). */
  sameDocument(left: D, right: D): boolean;
  /** What makes the document one the provider will not send, each said for a person; empty when none. */
  problemsBeforeWrite(document: D, flow: { id: string; name: string }): string[];
  /** How the document the service stored differs from the one sent; empty when it holds what was sent. */
  storedProblems(sent: D, stored: D): string[];
  /**
   * The input and output variables a shared flow declares, as declarations name them (the keys of
   * `arguments`, the values of `returnVariables`), in the tutorial's schema shape.
   */
  variableSchemas(flow: Flow, document: D): { inputSchema?: FlowVariableSchema; outputSchema?: FlowVariableSchema };
}
