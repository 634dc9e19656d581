// Finds the flows an attachment names in the stack's org: the parent flow (by ID, or by name, checked first
// against the flow it resolved to last time) and the shared flow with the variable schemas it declares.
// Which flow a name means is flowNames.ts's rule; this file fetches what that rule looks at.

import { AttachmentOutputs } from "./attachmentOutputs";
import { KnownAttachmentInputs } from "./attachmentInputs";
import { Flow } from "./flowModel";
import { pickNamedFlow, requireCallable } from "./flowNames";
import { FlowNotFoundError } from "./genesys/errors";
import { ListedFlow } from "./genesys/flowsApi";
import { GenesysClient } from "./genesys/genesysClient";
import { parentFlowGoneError } from "./lifecycleErrors";

export interface ResolvedFlow {
  id: string;
  name: string;
  /** The flow type, when known (`commonmodule` flows are the ones other flows can call). */
  type?: string;
  /** The flow as read while resolving, when it was read (saves the diff a second read). */
  flow?: Flow;
}

/** The shared flow with its variable schemas, which the call's `arguments` and `returnVariables` must name. */
export type SharedFlow = Pick<Flow, "id" | "name" | "type" | "inputSchema" | "outputSchema">;

/**
 * The parent flow in this org. A name seen before is first checked against the flow it resolved to
 * last time (one read, which diff needs anyway), and looked up again only if that flow is gone or renamed;
 * when no flow has the name any more, the error says whether that flow was deleted or renamed, and to what.
 */
export async function resolveParent(api: GenesysClient, declared: KnownAttachmentInputs, previous?: AttachmentOutputs): Promise<ResolvedFlow> {
  if (declared.parentFlowId !== undefined) {
    const flow = await api.readFlow(declared.parentFlowId);
    if (flow) return { id: flow.id, name: flow.name, type: flow.type, flow };
    throw previous?.parentFlowId === declared.parentFlowId ? parentFlowGoneError(previous) : new FlowNotFoundError(declared.parentFlowId);
  }
  const name = declared.parentFlowName!;
  if (previous?.parentFlowId !== undefined && previous.parentFlowName === name) {
    const flow = await api.readFlow(previous.parentFlowId);
    if (flow && flow.name === name) return { id: flow.id, name, type: flow.type, flow };
    const found = await api.lookupFlows(name);
    if (!flow && found.exact.length === 0) throw parentFlowGoneError(previous);
    return listedParent(pickNamedFlow(found, "parent", flow && { id: flow.id, name: flow.name }));
  }
  return listedParent(pickNamedFlow(await api.lookupFlows(name), "parent"));
}

/** The listing is enough: the group commit reads the flow before writing it. */
function listedParent(found: ListedFlow): ResolvedFlow {
  return { id: found.id, name: found.name, type: found.type };
}

/**
 * The shared flow with its variable schemas: by ID a read; by name the listing, which carries the schemas.
 * Only a common module can be called. When the name the state recorded no longer names a common module,
 * the flow the call used is read to tell the user its new name.
 */
export async function findSharedFlow(api: GenesysClient, declared: KnownAttachmentInputs, previous?: AttachmentOutputs): Promise<SharedFlow> {
  if (declared.sharedFlowId !== undefined) {
    const flow = await api.readFlow(declared.sharedFlowId);
    if (!flow) throw new FlowNotFoundError(declared.sharedFlowId);
    return requireCallable(flow);
  }
  const name = declared.sharedFlowName!;
  const found = await api.lookupFlows(name);
  const stillNamed = found.exact.some((flow) => flow.id === previous?.sharedFlowId);
  const recorded = previous?.sharedFlowName === name && !stillNamed ? await api.readFlow(previous.sharedFlowId) : undefined;
  return pickNamedFlow(found, "shared", recorded && recorded.name !== name ? { id: recorded.id, name: recorded.name } : undefined);
}

/**
 * Both flows of a new attachment. They are found independently, so both lookups go out at once; when both
 * fail, the parent's error is reported, so the order the answers arrive in does not change the message.
 */
export async function resolveParentAndSharedFlow(api: GenesysClient, declared: KnownAttachmentInputs): Promise<[ResolvedFlow, SharedFlow]> {
  const [parent, shared] = await Promise.allSettled([resolveParent(api, declared), findSharedFlow(api, declared)]);
  if (parent.status === "rejected") throw parent.reason;
  if (shared.status === "rejected") throw shared.reason;
  return [parent.value, shared.value];
}
