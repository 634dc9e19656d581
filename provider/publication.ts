// Publishing for `publish: true` attachments: whether the parent flow must be published (what its published
// version runs and when the shared flow was last published, judged by orgFindings.ts) and the publish itself,
// which the Genesys client shares among the attachments of one flow.

import { DesiredAttachment } from "./attachmentDrift";
import { Flow } from "./flowModel";
import { findPublicationDrift, OrgFinding } from "./orgFindings";
import { GenesysClient } from "./genesys/genesysClient";

/** Why the parent's published version is not as a `publish: true` attachment declares it; empty when it is. */
export async function readPublicationDrift(api: GenesysClient, desired: DesiredAttachment, parent: Flow): Promise<OrgFinding[]> {
  const [published, sharedFlow] = await Promise.all([api.readPublishedGraph(parent), api.readFlow(desired.properties.flowId)]);
  return findPublicationDrift(desired, parent, published, sharedFlow);
}

/**
 * After an edit of a `publish: true` attachment: publishes the parent when the edit wrote, or when the
 * published version does not run the call as declared (a write whose publish never happened, a shared flow
 * published since). Returns the flow as it is afterwards.
 */
export async function publishIfAsked(api: GenesysClient, publish: boolean, desired: DesiredAttachment, flow: Flow, wrote: boolean): Promise<Flow> {
  if (!publish) return flow;
  if (!wrote && (await readPublicationDrift(api, desired, flow)).length === 0) return flow;
  return api.publishFlow(flow.id, flow.version);
}
