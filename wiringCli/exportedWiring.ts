// Turns an org's calls into the wiring a stack declares (`subflow-wiring:wiring`): one attachment per call,
// by flow names, exactly as the org holds it so that `pulumi up` adopts it without a write, and for every
// call that no attachment can declare, the reasons. Pure.

import { checkAttachmentInputs } from "../provider/attachmentInputs";
import { findVariableNameProblems } from "../provider/variableNames";
import { compareText, FlowFacts, OrgWiring, sharedFlowLabel, WiredCall } from "./orgWiring";
import { resourceNames } from "./resourceNames";

/** One attachment of the wiring config; maps left out when empty, `sharedFlowName` when it is the wiring's default. */
export interface ExportedAttachment {
  parentFlowName: string;
  sharedFlowName?: string;
  triggerId: string;
  after: string;
  arguments?: Record<string, string>;
  returnVariables?: Record<string, string>;
}

/** The value of `subflow-wiring:wiring`. */
export interface ExportedWiringConfig {
  /** The shared flow most attachments call, when one is called more often than any other. */
  sharedFlowName?: string;
  /** By resource name, in the order of the calls. */
  attachments: Record<string, ExportedAttachment>;
}

export interface LeftOutCall {
  parentFlowName: string;
  triggerId: string;
  reasons: string[];
}

export interface WiringExport {
  wiring: ExportedWiringConfig;
  leftOut: LeftOutCall[];
}

/** The wiring of `calls` (some or all of `org.calls`); `org` tells which flow names are unique. */
export function exportWiring(org: OrgWiring, calls: readonly WiredCall[]): WiringExport {
  const flowsByName = new Map<string, number>();
  for (const flow of org.flows) flowsByName.set(flow.name, (flowsByName.get(flow.name) ?? 0) + 1);
  const declarable: DeclaredCall[] = [];
  const leftOut: LeftOutCall[] = [];
  for (const call of calls) {
    const { shared } = call;
    const reasons = shared ? reasonsLeftOut(call, shared, flowsByName) : [`it calls ${sharedFlowLabel(call)}`];
    if (shared && reasons.length === 0) declarable.push(attachmentOf(call, shared));
    else leftOut.push({ parentFlowName: call.parent.name, triggerId: call.triggerId, reasons });
  }
  const sharedFlowName = dominantSharedFlow(declarable);
  const names = resourceNames(declarable);
  const attachments = Object.fromEntries(
    declarable.map((attachment, index) => {
      const { sharedFlowName: own, ...rest } = attachment;
      return [names[index], own === sharedFlowName ? rest : attachment];
    }),
  );
  return { wiring: { ...(sharedFlowName === undefined ? {} : { sharedFlowName }), attachments }, leftOut };
}

/** An attachment before the wiring's default shared flow is chosen: it names its own. */
type DeclaredCall = ExportedAttachment & { sharedFlowName: string };

/** The attachment that declares the call as it is; `after` is its one predecessor (`start` when it has none or several: it is left out then). */
function attachmentOf(call: WiredCall, shared: FlowFacts): DeclaredCall {
  return {
    parentFlowName: call.parent.name,
    sharedFlowName: shared.name,
    triggerId: call.triggerId,
    after: call.predecessors.length === 1 ? call.predecessors[0] : "start",
    ...(Object.keys(call.arguments).length > 0 ? { arguments: call.arguments } : {}),
    ...(Object.keys(call.returnVariables).length > 0 ? { returnVariables: call.returnVariables } : {}),
  };
}

/** Why the attachment cannot be declared so that `pulumi up` adopts the call as it is; empty when it can. */
function reasonsLeftOut(call: WiredCall, shared: FlowFacts, flowsByName: ReadonlyMap<string, number>): string[] {
  const attachment = attachmentOf(call, shared);
  const reasons: string[] = [];
  for (const name of new Set([attachment.parentFlowName, attachment.sharedFlowName])) {
    const count = flowsByName.get(name) ?? 0;
    if (count > 1) reasons.push(`${count} flows are named '${name}', and the wiring names flows: rename all but one of them`);
  }
  if (call.predecessors.length !== 1) reasons.push(`${call.placementNote ?? "no single node leads into it"}, but an attachment is placed after exactly one node`);
  for (const part of call.inexpressible) reasons.push(`it holds ${part}, which no attachment declares`);
  reasons.push(...checkAttachmentInputs({ ...attachment }).failures.map((failure) => failure.reason));
  reasons.push(...findVariableNameProblems({ arguments: attachment.arguments, returnVariables: attachment.returnVariables, sharedFlow: shared }));
  return reasons;
}

/** The shared flow called by more attachments than any other, if there is one. */
function dominantSharedFlow(attachments: readonly DeclaredCall[]): string | undefined {
  const counts = new Map<string, number>();
  for (const { sharedFlowName } of attachments) counts.set(sharedFlowName, (counts.get(sharedFlowName) ?? 0) + 1);
  const ranked = [...counts].sort(([leftName, left], [rightName, right]) => right - left || compareText(leftName, rightName));
  return ranked.length > 0 && (ranked.length === 1 || ranked[0][1] > ranked[1][1]) ? ranked[0][0] : undefined;
}
