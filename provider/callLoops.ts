// Finds whether a shared flow already leads back to the parent flow through subflow calls, which would make
// the new call recurse without end. Follows the calls by reading flows (in either format: a graph names
// the flows it calls by ID, Archy YAML by name); the path search itself is pure.

import { callsOf } from "./flowFormats/formats";
import { findCallPath } from "./flowFormats/graph/flowGraph";
import { COMMON_MODULE_FLOW_TYPE } from "./flowModel";
import { pickNamedFlow } from "./flowNames";
import { FlowRead } from "./genesys/flowStore";
import { GenesysClient } from "./genesys/genesysClient";

/** How far the loop check follows subflow calls; shared flows nest a few levels, not dozens. */
const MAX_FLOWS_FOLLOWED_FOR_LOOPS = 50;

/**
 * Whether a call from a parent of this type can close a loop: only a flow that other flows can call (a
 * common module). For an
 * inbound flow the search would cost reads for nothing. An unknown type may be callable, so it is searched.
 */
export function canCloseCallLoop(parentType: string | undefined): boolean {
  return parentType === undefined || parentType === COMMON_MODULE_FLOW_TYPE;
}

/** Flow names along a chain of subflow calls from the shared flow back to the parent, or undefined. */
export async function findCallLoop(api: GenesysClient, sharedFlowId: string, parent: { id: string; name: string }): Promise<string[] | undefined> {
  const names = new Map([[parent.id, parent.name]]);
  const calls = new Map<string, string[]>();
  let frontier = [sharedFlowId];
  while (frontier.length > 0 && calls.size <= MAX_FLOWS_FOLLOWED_FOR_LOOPS) {
    const unseen = [...new Set(frontier)].filter((id) => id !== parent.id && !calls.has(id));
    const reads = (await Promise.all(unseen.map((id) => api.readFlowDocument(id)))).filter((read): read is FlowRead => read !== undefined);
    for (const read of reads) {
      calls.set(read.flow.id, await calledFlowIds(api, read));
      names.set(read.flow.id, read.flow.name);
    }
    frontier = reads.flatMap((read) => calls.get(read.flow.id)!);
  }
  return findCallPath(sharedFlowId, parent.id, (id) => calls.get(id))?.map((id) => names.get(id) ?? id);
}

/** The IDs of the flows a flow calls: as its graph names them, or the common modules its YAML names. */
async function calledFlowIds(api: GenesysClient, read: FlowRead): Promise<string[]> {
  const called = [...new Set(callsOf(read.document).all().flatMap((call) => (call.isCall && call.sharedFlow !== undefined ? [call.sharedFlow] : [])))];
  if (read.document.format === "graph") return called;
  // A module no lookup settles (renamed, gone) calls nothing this search can follow.
  const ids = await Promise.all(called.map((name) => api.lookupFlows(name).then((found) => pickNamedFlow(found, "shared").id, () => undefined)));
  return ids.filter((id): id is string => id !== undefined);
}
