// What `diff` decides from the state and the declaration alone, before and after it looks at the org:
// which changes replace the attachment and which change the call. Pure functions over plain data.

import { AttachmentInputs, isUnknown, KnownAttachmentInputs } from "./attachmentInputs";
import { AttachmentOutputs } from "./attachmentOutputs";
import { FlowFormatName } from "./flowFormats/flowFormat";
import { publishes } from "./publication";

/**
 * Replacement keys that need no lookup: a new trigger ID (the attachment is keyed by it), a parent declared
 * by a new ID, or a parent name not computed yet (it may name any flow).
 */
export function replacedKeysWithoutLookup(olds: AttachmentOutputs, news: AttachmentInputs): string[] {
  const replaces: string[] = [];
  if (news.parentFlowId !== undefined && news.parentFlowId !== olds.parentFlowId) replaces.push("parentFlowId");
  if (isUnknown(news.parentFlowName)) replaces.push("parentFlowName");
  if (news.triggerId !== olds.triggerId) replaces.push("triggerId");
  return replaces;
}

/** The key that replaces the attachment when its parent resolved to another flow: the one the parent is declared by. */
export function parentReplacementKey(news: KnownAttachmentInputs): "parentFlowId" | "parentFlowName" {
  return news.parentFlowId !== undefined ? "parentFlowId" : "parentFlowName";
}

/** Whether the call itself is declared differently: another shared flow, or other arguments or return variables. */
export function callChanged(olds: AttachmentOutputs, news: KnownAttachmentInputs): boolean {
  return !sameSharedFlowDeclared(olds, news) || !sameMap(olds.arguments, news.arguments) || !sameMap(olds.returnVariables, news.returnVariables);
}

/**
 * Whether the declaration asks for anything other than what the state records, given the shared flow it
 * resolved to and the org's flow format (which says what a left-out `publish` means). A parent declared by
 * a new name that resolved to the same flow (the user followed a rename made in the org) is a change too:
 * the update records the new name in the outputs.
 */
export function declarationChanged(olds: AttachmentOutputs, news: KnownAttachmentInputs, sharedFlowId: string, format: FlowFormatName): boolean {
  const parentRenamed = news.parentFlowName !== undefined && news.parentFlowName !== olds.parentFlowName;
  const publishChanged = publishes(olds.publish, format) !== publishes(news.publish, format);
  return callChanged(olds, news) || sharedFlowId !== olds.sharedFlowId || olds.after !== news.after || publishChanged || parentRenamed;
}

/** The state records the resolved name and ID; the shared flow is the same if the way it is declared matches. */
function sameSharedFlowDeclared(olds: AttachmentOutputs, news: KnownAttachmentInputs): boolean {
  return news.sharedFlowId !== undefined ? news.sharedFlowId === olds.sharedFlowId : news.sharedFlowName === olds.sharedFlowName;
}

/** An absent map equals an empty one. */
function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const left = Object.entries(a ?? {});
  const right = b ?? {};
  return left.length === Object.keys(right).length && left.every(([key, value]) => right[key] === value);
}
