// What besides the saved trigger itself (attachmentDrift.ts) keeps an attachment from being as declared in
// the org: the shared flow it names by name now has another name; for `publish: true`, the published
// version does not carry the call, or runs a copy of the shared flow older than the shared flow's last
// publish. Pure findings over flows already read, and the one drift line `diff` prints for each.

import { findDrift, hasCallDrift, oneLine } from "./attachmentDrift";
import { KnownAttachmentInputs } from "./attachmentInputs";
import { Flow } from "./flowModel";
import { DesiredCall, FlowDocument } from "./flowFormats/flowFormat";

export type OrgFinding =
  | {
      kind: "shared-flow-renamed";
      sharedFlowId: string;
      declaredName: string;
      /** The flow's name now; undefined when the flow is gone. */
      nowNamed?: string;
    }
  | {
      /** The published version does not carry the call as declared (saved, not published). */
      kind: "call-unpublished";
      /** The parent's published version, when it was ever published. */
      publishedVersion?: string;
    }
  | {
      /**
       * Architect copies a common module into each caller when the caller is published, so a caller published
       * before the shared flow's last publish runs an older copy of it.
       */
      kind: "stale-shared-copy";
      sharedFlowName: string;
      sharedPublished: string;
      parentPublished: string;
    };

/**
 * The call points at `sharedFlowId`, found under the declared name at the last write; when the declaration
 * names the shared flow by name and that flow is now called something else (or is gone), the name no
 * longer means the flow the call points at.
 */
export function findSharedFlowRename(declared: KnownAttachmentInputs, sharedFlowId: string, sharedFlow: Pick<Flow, "name"> | undefined): OrgFinding[] {
  if (declared.sharedFlowName === undefined || sharedFlow?.name === declared.sharedFlowName) return [];
  return [{ kind: "shared-flow-renamed", sharedFlowId, declaredName: declared.sharedFlowName, nowNamed: sharedFlow?.name }];
}

/**
 * For a `publish: true` attachment whose saved flow carries the call: whether the parent's published version
 * (`published`, undefined when never published) carries it too, and whether it was published after the
 * shared flow's last publish (`datePublished` of each `publishedVersion`).
 */
export function findPublicationDrift(desired: DesiredCall, parent: Pick<Flow, "publishedVersion">, published: FlowDocument | undefined, sharedFlow: Pick<Flow, "name" | "publishedVersion"> | undefined): OrgFinding[] {
  if (!published || hasCallDrift(findDrift(published, desired))) {
    return [{ kind: "call-unpublished", publishedVersion: published ? parent.publishedVersion?.id : undefined }];
  }
  const sharedPublished = publishDate(sharedFlow);
  const parentPublished = publishDate(parent);
  if (sharedFlow && sharedPublished !== undefined && parentPublished !== undefined && Date.parse(sharedPublished) > Date.parse(parentPublished)) {
    return [{ kind: "stale-shared-copy", sharedFlowName: sharedFlow.name, sharedPublished, parentPublished }];
  }
  return [];
}

function publishDate(flow: Pick<Flow, "publishedVersion"> | undefined): string | undefined {
  const date = flow?.publishedVersion?.datePublished;
  return typeof date === "string" && !Number.isNaN(Date.parse(date)) ? date : undefined;
}

/** One line for `diff` to print, e.g. `drift: trigger 'callGlobalAuth' in flow 'Sales Inbound': the shared flow ...`. */
export function describeFinding(finding: OrgFinding, context: { parentFlowName: string; triggerId: string }): string {
  const subject = `drift: trigger '${oneLine(context.triggerId)}' in flow '${oneLine(context.parentFlowName)}'`;
  const alsoReleases = `which also releases whatever else is saved but unpublished in '${oneLine(context.parentFlowName)}'`;
  switch (finding.kind) {
    case "shared-flow-renamed": {
      const now = finding.nowNamed === undefined ? "no longer exists" : `is now named '${oneLine(finding.nowNamed)}'`;
      return (
        `${subject}: the shared flow it calls (${finding.sharedFlowId}) ${now}, not '${oneLine(finding.declaredName)}' as declared; ` +
        `up points the call at the common module named '${oneLine(finding.declaredName)}', and fails if there is none`
      );
    }
    case "call-unpublished": {
      const published = finding.publishedVersion === undefined ? "the flow was never published with it" : `the published version ${oneLine(finding.publishedVersion)} does not carry it`;
      return `${subject}: the call is saved but not published (${published}); up publishes the flow, ${alsoReleases}`;
    }
    case "stale-shared-copy":
      return (
        `${subject}: the shared flow '${oneLine(finding.sharedFlowName)}' was published (${finding.sharedPublished}) after this flow (${finding.parentPublished}), ` +
        `so this flow runs an older copy of it; up republishes this flow, ${alsoReleases}`
      );
  }
}
