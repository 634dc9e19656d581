// What besides the trigger itself (attachmentDrift.ts) keeps an attachment from being as declared in the
// org: the shared flow it names by name now has another name. Pure findings over flows already read, and
// the one drift line `diff` prints for each.

import { oneLine } from "./attachmentDrift";
import { KnownAttachmentInputs } from "./attachmentInputs";
import { Flow } from "./flowModel";

export type OrgFinding = {
  kind: "shared-flow-renamed";
  sharedFlowId: string;
  declaredName: string;
  /** The flow's name now; undefined when the flow is gone. */
  nowNamed?: string;
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

/** One line for `diff` to print, e.g. `drift: trigger 'callGlobalAuth' in flow 'Sales Inbound': the shared flow ...`. */
export function describeFinding(finding: OrgFinding, context: { parentFlowName: string; triggerId: string }): string {
  const subject = `drift: trigger '${oneLine(context.triggerId)}' in flow '${oneLine(context.parentFlowName)}'`;
  const now = finding.nowNamed === undefined ? "no longer exists" : `is now named '${oneLine(finding.nowNamed)}'`;
  return (
    `${subject}: the shared flow it calls (${finding.sharedFlowId}) ${now}, not '${oneLine(finding.declaredName)}' as declared; ` +
    `up points the call at the common module named '${oneLine(finding.declaredName)}', and fails if there is none`
  );
}
