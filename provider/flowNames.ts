// Which flow a declared name means among the org's flows of that name, and what to tell the user when none
// or several fit: pure rules over what a name lookup found. Architect calls only common modules, and its
// names are unique per flow type, so a name held by several flows is always held by flows of different types.

import { COMMON_MODULE_FLOW_TYPE } from "./flowModel";
import type { ListedFlow, NamedFlows } from "./genesys/flowsApi";

/** The part a flow plays in an attachment: the flow that makes the call, or the common module it calls. */
export type FlowRole = "parent" | "shared";

/** A declared flow name (or ID) that names no usable flow; the message says which flows exist and what to write. */
export class FlowNameError extends Error {
  override readonly name = "FlowNameError";
}

/** The flow that held the declared name when the stack last wrote, now under another name. */
export interface RenamedFlow {
  id: string;
  name: string;
}

const FIELD = { parent: { name: "parentFlowName", id: "parentFlowId" }, shared: { name: "sharedFlowName", id: "sharedFlowId" } } as const;

/**
 * The flow `found.name` means in this role: the one flow named exactly so, or for a shared flow the one
 * common module named so (an inbound flow of the same name is not a candidate). `renamed` is the flow the
 * state recorded under this name, if the org renamed it since: the error then says its new name.
 */
export function pickNamedFlow(found: NamedFlows, role: FlowRole, renamed?: RenamedFlow): ListedFlow {
  const candidates = role === "shared" ? found.exact.filter(isCallable) : found.exact;
  if (candidates.length === 1) return candidates[0];
  if (candidates.length > 1) {
    throw new FlowNameError(`${candidates.length} flows${ofRole(role)} are named '${found.name}': ${listed(candidates)}. Give ${FIELD[role].id}, the ID of the one you mean, instead of the name.`);
  }
  if (found.exact.length > 0) throw notCallableError(found.exact);
  const sameButCase = role === "shared" ? found.otherCase.filter(isCallable) : found.otherCase;
  const hint =
    renamed !== undefined
      ? ` Flow ${renamed.id}, which this attachment ${role === "parent" ? "is in" : "calls"}, is now named '${renamed.name}' in the org: write ${FIELD[role].name}: "${renamed.name}" to follow the rename, or rename it back in Architect.`
      : sameButCase.length > 0
        ? ` Names are case-sensitive: did you mean ${sameButCase.map((flow) => `'${flow.name}'`).join(" or ")}?`
        : ` Names are case-sensitive. Check the spelling and the stack's org, or give ${FIELD[role].id} instead of the name.`;
  throw new FlowNameError(`No flow${ofRole(role)} is named exactly '${found.name}'.${hint}`);
}

/** The shared flow given by ID must be a common module: any other flow cannot be called. */
export function requireCallable<T extends ListedFlow>(flow: T): T {
  if (!isCallable(flow)) throw notCallableError([flow]);
  return flow;
}

function isCallable(flow: ListedFlow): boolean {
  return flow.type === COMMON_MODULE_FLOW_TYPE;
}

function notCallableError(flows: readonly ListedFlow[]): FlowNameError {
  const [first] = flows;
  const what = flows.length === 1 ? `'${first.name}' (${first.id}) is a flow of type '${first.type}'` : `'${first.name}' names only flows that cannot be called: ${listed(flows)}`;
  return new FlowNameError(`${what}, and Architect calls only common modules (${COMMON_MODULE_FLOW_TYPE} flows). Name a common module as the shared flow. Nothing was written.`);
}

function ofRole(role: FlowRole): string {
  return role === "shared" ? ` of type '${COMMON_MODULE_FLOW_TYPE}'` : "";
}

function listed(flows: readonly ListedFlow[]): string {
  return flows.map((flow) => `${flow.id} (${flow.type})`).join(", ");
}
