// Publishing for `publish: true` attachments: whether the parent flow must be published (what its published
// version runs and when the shared flow was last published, judged by orgFindings.ts) and the publish itself,
// which the Genesys client shares among the attachments of one flow. On an Architect org every write is an
// import, which publishes: there, only a shared flow published since calls for a publish of its own.

import { oneLine } from "./attachmentDrift";
import { DesiredCall, FlowFormatName } from "./flowFormats/flowFormat";
import { versionNumberOf } from "./flowFormats/formats";
import { Flow } from "./flowModel";
import { findPublicationDrift, OrgFinding } from "./orgFindings";
import { GenesysClient } from "./genesys/genesysClient";
import { FlowRead } from "./genesys/flowStore";

/** Why the parent's published version is not as a `publish: true` attachment declares it; empty when it is. */
export async function readPublicationDrift(api: GenesysClient, desired: DesiredCall, parent: FlowRead): Promise<OrgFinding[]> {
  const [published, sharedFlow] = await Promise.all([api.readPublishedDocument(parent), api.readFlow(desired.sharedFlow.id)]);
  return findPublicationDrift(desired, parent.flow, published, sharedFlow);
}

/**
 * After an edit of a `publish: true` attachment: publishes the parent when the edit saved without publishing,
 * or when the published version does not run the call as declared (a write whose publish never happened, a
 * shared flow published since). Returns the flow as it is afterwards.
 */
export async function publishIfAsked(api: GenesysClient, publish: boolean, desired: DesiredCall, written: FlowRead, wrote: boolean): Promise<Flow> {
  if (!publish || (wrote && written.document.format === "architect")) return written.flow;
  if (!wrote && (await readPublicationDrift(api, desired, written)).length === 0) return written.flow;
  return api.publishFlow(written.flow.id, versionNumberOf(written.flow));
}

/**
 * Whether a write of the attachment leaves the parent published: on an Architect org always (an import
 * publishes; `publish` may be left out or set to true), on the tutorial's model when `publish` is true.
 */
export function publishes(publish: boolean | undefined, format: FlowFormatName): boolean {
  return format === "architect" || publish === true;
}

/** `publish: false` asks for a saved, unpublished change, which an Architect org cannot make: refused before any write. */
export function publishFalseRefusal(publish: boolean | undefined, format: FlowFormatName, context: { triggerId: string; parentFlowName: string }): string | undefined {
  if (publish !== false || format !== "architect") return undefined;
  return (
    `trigger '${oneLine(context.triggerId)}' in flow '${oneLine(context.parentFlowName)}' sets publish: false, but this org keeps flows in Architect's format, ` +
    `where the only way to write a flow is an import job, and an import publishes (there is no save-only import). Remove publish (or set it to true) ` +
    `to accept that each change is published at once; nothing was written.`
  );
}

/** What a preview says of a change on an Architect org: the write that makes it publishes the flow. */
export function importPublishesNotice(context: { triggerId: string; parentFlowName: string }): string {
  return (
    `note: trigger '${oneLine(context.triggerId)}' in flow '${oneLine(context.parentFlowName)}': up writes the flow with an Architect import job, which publishes it ` +
    `(Architect has no save-only import), releasing the call to callers at once`
  );
}
