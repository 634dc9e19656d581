// The flow formats by name, and the one for a document: what code written once over the flow-format face
// uses to reach the format a flow was read in.

import { architectFormat } from "./architect/architectFormat";
import type { FlowCalls, FlowDocument, FlowFormat, FlowFormatName } from "./flowFormat";
import { graphFormat } from "./graph/graphFormat";

const FORMATS: { [Name in FlowFormatName]: FlowFormat<Extract<FlowDocument, { format: Name }>> } = {
  graph: graphFormat,
  architect: architectFormat,
};

export function flowFormat(name: FlowFormatName): FlowFormat {
  return FORMATS[name] as FlowFormat;
}

export function formatOf(document: FlowDocument): FlowFormat {
  return flowFormat(document.format);
}

/** The calls of a document, in its own format. */
export function callsOf(document: FlowDocument): FlowCalls {
  return formatOf(document).calls(document);
}

/**
 * The format a flow entity shows: the tutorial's model carries the graph on the entity (`triggers` and
 * `edges`); a real Genesys Cloud flow entity carries metadata only, its logic being Architect's.
 */
export function entityFormat(flow: { triggers?: unknown; edges?: unknown }): FlowFormatName {
  return Array.isArray(flow.triggers) && Array.isArray(flow.edges) ? "graph" : "architect";
}

/**
 * The number the outputs record as the parent's `version`: the tutorial's version counter, or on an
 * Architect org the published version's number (3 for "3.0"), which every import moves on.
 */
export function versionNumberOf(flow: { id?: string; version?: unknown; publishedVersion?: { id?: unknown }; triggers?: unknown; edges?: unknown; name: string }): number {
  if (entityFormat(flow) === "graph") return flow.version as number;
  const id = flow.publishedVersion?.id;
  const number = typeof id === "string" ? /^(\d+)(?:\.\d+)?$/.exec(id)?.[1] : undefined;
  if (number === undefined) {
    throw new Error(`flow '${flow.name}'${flow.id === undefined ? "" : ` (${flow.id})`} reports its published version as ${JSON.stringify(id)}, not a number such as "3.0"; report this, with the flow's entity, as a mismatch with the real service`);
  }
  return Number(number);
}
