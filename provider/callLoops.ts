// Finds whether a shared flow already leads back to the parent flow through subflow calls, which would make
// the new call recurse without end. Follows the calls by reading flows; the path search itself is pure.

import { calledFlowIds, findCallPath } from "./flowGraph";
import { COMMON_MODULE_FLOW_TYPE, Flow } from "./flowModel";
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
    const flows = (await Promise.all(unseen.map((id) => api.readFlow(id)))).filter((flow): flow is Flow => flow !== undefined);
    for (const flow of flows) {
      calls.set(flow.id, calledFlowIds(flow));
      names.set(flow.id, flow.name);
    }
    frontier = flows.flatMap((flow) => calls.get(flow.id)!);
  }
  return findCallPath(sharedFlowId, parent.id, (id) => calls.get(id))?.map((id) => names.get(id) ?? id);
}
