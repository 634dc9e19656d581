// The SubflowAttachment lifecycle (configure, check, diff, create, read, update, delete), loaded at call
// time by the serialized shell (providerShell.ts). It only sequences the steps: decisions are pure functions
// of other modules, all Genesys I/O goes through genesys/, and failures get their context from lifecycleErrors.

import type * as pulumi from "@pulumi/pulumi";
import { AttachmentInputs, checkAttachmentInputs, isKnown, KnownAttachmentInputs } from "./attachmentInputs";
import { describeDrift, desiredCall, findDrift, hasDrift } from "./attachmentDrift";
import { convergeAttachment, createAttachment, ParentFlow, removeAttachment } from "./attachmentEdits";
import { AttachmentOutputs, outputsOf, refreshedOutputs, ResolvedSharedFlow } from "./attachmentOutputs";
import { callChanged, declarationChanged, parentReplacementKey, replacedKeysWithoutLookup } from "./declarationChanges";
import { FlowFormatName, LiveCall } from "./flowFormats/flowFormat";
import { callsOf, versionNumberOf } from "./flowFormats/formats";
import { START_NODE } from "./flowModel";
import { pickNamedFlow } from "./flowNames";
import { resolveParent, resolveParentAndSharedFlow } from "./flowResolution";
import { describeFinding, findSharedFlowRename } from "./orgFindings";
import { callsManagedBy, describeLostOwnership, ownershipOf, takeoverRefusal } from "./ownership";
import { importPublishesNotice, publishes, publishFalseRefusal, publishIfAsked, readPublicationDrift } from "./publication";
import { afterNotInFlowError, parentFlowGoneError, requireKnown, withContext } from "./lifecycleErrors";
import { checkSharedFlowCall, resolveSharedFlowCall } from "./sharedFlowCall";
import { reportSlowJobs } from "./genesys/architectJobs";
import { resolveConnectionSettings } from "./genesys/connectionSettings";
import { FlowNotFoundError } from "./genesys/errors";
import { GenesysClient, genesysClientFor } from "./genesys/genesysClient";

let stackConfig: pulumi.dynamic.Config | undefined;

export async function configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
  stackConfig = request.config;
}

/**
 * The client for the configured settings; `genesysClientFor` keeps the one per provider process. Architect
 * jobs that run long say so on stderr, which the CLI shows on the stack's row while the command runs.
 */
function genesys(): GenesysClient {
  return genesysClientFor(resolveConnectionSettings({ config: stackConfig, env: process.env }), { jobs: { onProgress: reportSlowJobs(console.error) } });
}

export async function check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  const checked = checkAttachmentInputs(news);
  if (checked.failures.length > 0) return checked;
  // Without failures, `inputs` are the checked inputs (see CheckedAttachmentInputs).
  const inputs = checked.inputs as AttachmentInputs;
  const client = configuredClient();
  // The engine creates or updates right after a check: a round of the group commit gathering edits waits for it.
  client?.expectEdit();
  if (Object.keys(olds ?? {}).length > 0) {
    // A resource with state is diffed next, which reads the org: the login starts now, while the engine
    // moves on. Settings that do not resolve are reported by the first operation that needs the org.
    client?.logInAhead();
    return { inputs, failures: [] };
  }
  // A new attachment that would take over a call another stack manages is told so now, in the preview,
  // rather than at create. Only a declaration with an owner asks (a preview of new resources declared
  // without one makes no request).
  if (!isKnown(inputs) || inputs.managedBy === undefined || inputs.adopt === true) return { inputs, failures: [] };
  return { inputs, failures: await findTakeover(inputs) };
}

/** The client for the configured settings, or undefined when they do not resolve (the operation that needs them says so). */
function configuredClient(): GenesysClient | undefined {
  try {
    return genesys();
  } catch {
    return undefined;
  }
}

/**
 * Why creating this attachment would take over another stack's call, or set `publish: false` where every
 * write publishes, if it would. Best effort: without settings, or when the flows cannot be found, create
 * reports the problem (nothing is written before it).
 */
async function findTakeover(inputs: KnownAttachmentInputs): Promise<pulumi.dynamic.CheckFailure[]> {
  const api = configuredClient();
  if (!api) return [];
  // The create looks the shared flow up too: asked for now, beside the parent, both names are settled in one
  // round trip (the first page of the org's listing, which holds every flow of a small org).
  if (inputs.sharedFlowName !== undefined) settledLater(api.lookupFlows(inputs.sharedFlowName));
  try {
    const parent = await resolveParent(api, inputs);
    const live = await api.readFlowDocument(parent.id);
    if (!live) return [];
    const context = { triggerId: inputs.triggerId, parentFlowName: parent.name };
    const refusal = publishFalseRefusal(inputs.publish, live.document.format, context);
    if (refusal) return [{ property: "publish", reason: refusal }];
    const ownership = ownershipOf(callsOf(live.document).find(inputs.triggerId), [inputs.managedBy]);
    if (ownership.kind === "other") return [{ property: "triggerId", reason: takeoverRefusal({ ...context, owner: ownership.owner }) }];
    noticeImportPublishes(live.document.format, context);
    return [];
  } catch {
    return [];
  }
}

/** Flows this process has said will be published by an import, so the note comes once per flow. */
const publishNoticesGiven = new Set<string>();

function noticeImportPublishes(format: FlowFormatName, context: { triggerId: string; parentFlowName: string }): void {
  if (format !== "architect" || publishNoticesGiven.has(context.parentFlowName)) return;
  publishNoticesGiven.add(context.parentFlowName);
  console.error(importPublishesNotice(context));
}

export async function diff(_id: string, olds: AttachmentOutputs, declared: AttachmentInputs): Promise<pulumi.dynamic.DiffResult> {
  const replaces = replacedKeysWithoutLookup(olds, declared);
  // In a preview, inputs computed from other resources are not known yet: they may change anything.
  if (replaces.length > 0 || !isKnown(declared)) {
    return { changes: true, replaces, deleteBeforeReplace: false };
  }
  return withContext(declared, () => diffKnown(olds, declared), olds.parentFlowName);
}

async function diffKnown(olds: AttachmentOutputs, news: KnownAttachmentInputs): Promise<pulumi.dynamic.DiffResult> {
  const api = genesys();
  const callRedeclared = callChanged(olds, news);
  // The shared flow a call names by name is read to see whether it was renamed; on an Architect org, where a
  // call names its module by name, always. Asked for together with the parent, both come in one request (an
  // `?id=` list), so a drift check of one flow stays at one read.
  const readSharedFlow = () => settledLater(api.readFlow(olds.sharedFlowId));
  let sharedFlowRead = !callRedeclared && (news.sharedFlowName !== undefined || api.flowFormat === "architect") ? readSharedFlow() : undefined;
  const parent = await resolveParent(api, news, olds);
  if (parent.id !== olds.parentFlowId) {
    // A new parent flow means a trigger in another flow: create it there, then remove the old one.
    return { changes: true, replaces: [parentReplacementKey(news)], deleteBeforeReplace: false };
  }
  const live = await api.readFlowDocument(parent.id);
  if (!live) throw parentFlowGoneError(olds);
  const { format } = live.document;
  if (!callRedeclared && sharedFlowRead === undefined && format === "architect") sharedFlowRead = readSharedFlow();
  const context = { parentFlowName: live.flow.name, triggerId: news.triggerId };
  const refusal = publishFalseRefusal(news.publish, format, context);
  if (refusal) throw new Error(refusal);
  const calls = callsOf(live.document);
  // A newly declared `after` must name a trigger that is there; an unchanged one whose trigger vanished is
  // drift, which this same `up` may repair (when that trigger is another attachment).
  if (news.after !== olds.after && news.after !== START_NODE && !calls.hasNode(news.after)) {
    throw afterNotInFlowError(news.after, live.flow.name);
  }
  // A call another stack took over (it adopted it) is that stack's: this one changes nothing unless it adopts it back.
  const ownership = ownershipOf(calls.find(news.triggerId), [olds.managedBy, news.managedBy]);
  if (ownership.kind === "other") {
    console.error(describeLostOwnership({ ...context, owner: ownership.owner }));
    return { changes: news.adopt === true, replaces: [], deleteBeforeReplace: false };
  }
  // What the shared flow is called now: an Architect call names its module by that name.
  const sharedFlowNow = sharedFlowRead === undefined ? undefined : await sharedFlowRead();
  const recordedShared = { id: olds.sharedFlowId, name: format === "architect" ? (sharedFlowNow?.name ?? olds.sharedFlowName) : olds.sharedFlowName };
  // Re-check the shared flow only when the call changed: what was checked at the last write still holds,
  // and skipping it keeps a no-change preview at one read per parent flow.
  const shared = callRedeclared ? await resolveSharedFlowCall(api, news, parent, olds) : recordedShared;
  // Drift is what changed in the org since the last write: the live call against the state. A change
  // of the declaration is an update, not drift, and is not reported as such.
  const orgDrift = findDrift(live.document, desiredCall(olds, recordedShared));
  if (hasDrift(orgDrift)) {
    console.error(describeDrift(orgDrift, context));
  }
  const desired = desiredCall(news, shared);
  const savedAsDeclared = !hasDrift(findDrift(live.document, desired));
  const redeclared = declarationChanged(olds, news, shared.id, format);
  const findings = [
    // A shared flow declared by name that the org renamed: the name now means another flow, or none.
    ...(sharedFlowRead === undefined ? [] : findSharedFlowRename(news, shared.id, sharedFlowNow)),
    // What runs is the published version: with `publish: true` it must carry the call, and a copy of the
    // shared flow as of its last publish. (When the saved flow or the declaration differ, up writes and
    // publishes anyway.)
    ...(publishes(news.publish, format) && savedAsDeclared && !redeclared ? await readPublicationDrift(api, desired, live) : []),
  ];
  for (const finding of findings) console.error(describeFinding(finding, context));
  const changes = redeclared || !savedAsDeclared || findings.length > 0;
  if (changes) noticeImportPublishes(format, context);
  return { changes, replaces: [], deleteBeforeReplace: false };
}

/**
 * Starts `work` now and hands back a way to await it later; a failure nobody awaits (the diff stopped
 * earlier for another reason) is not reported as an unhandled rejection.
 */
function settledLater<T>(work: Promise<T>): () => Promise<T> {
  work.catch(() => undefined);
  return () => work;
}

export async function create(declared: AttachmentInputs): Promise<pulumi.dynamic.CreateResult<AttachmentOutputs>> {
  const inputs = requireKnown(declared);
  return withContext(inputs, async () => {
    const api = genesys();
    const [parent, sharedFlow] = await resolveParentAndSharedFlow(api, inputs);
    const shared = await checkSharedFlowCall(api, inputs, parent, sharedFlow);
    const desired = desiredCall(inputs, shared);
    const claim = { ours: [inputs.managedBy], adopt: inputs.adopt === true };
    const { flow, document, wrote } = await api.editFlow(parent.id, (current) => {
      requirePublishable(inputs, current);
      return createAttachment(current, desired, claim);
    });
    // An adopted trigger (a create retried after its write landed, say) is published only when the published
    // version lacks it: publishing also releases other people's unpublished edits.
    const written = await publishIfAsked(api, publishes(inputs.publish, document.format), desired, { flow, document }, wrote);
    return { id: `${parent.id}:${inputs.triggerId}`, outs: outputsOf(inputs, written, shared) };
  });
}

export async function update(_id: string, olds: AttachmentOutputs, declared: AttachmentInputs): Promise<pulumi.dynamic.UpdateResult<AttachmentOutputs>> {
  const news = requireKnown(declared);
  return withContext(news, async () => {
    const api = genesys();
    const shared = await resolveSharedFlowCall(api, news, { id: olds.parentFlowId, name: olds.parentFlowName }, olds);
    const desired = desiredCall(news, shared);
    const claim = { ours: [news.managedBy, olds.managedBy], adopt: news.adopt === true };
    const { flow, document, wrote } = await api.editFlow(olds.parentFlowId, (current) => {
      requirePublishable(news, current);
      return convergeAttachment(current, desired, claim);
    });
    const written = await publishIfAsked(api, publishes(news.publish, document.format), desired, { flow, document }, wrote);
    return { outs: outputsOf(news, written, shared) };
  }, olds.parentFlowName);
}

/** `publish: false` where every write publishes is refused before the write (see `publishFalseRefusal`). */
function requirePublishable(inputs: KnownAttachmentInputs, parent: ParentFlow): void {
  const refusal = publishFalseRefusal(inputs.publish, parent.document.format, { triggerId: inputs.triggerId, parentFlowName: parent.name });
  if (refusal) throw new Error(refusal);
}

export async function read(id: string, props: AttachmentOutputs): Promise<pulumi.dynamic.ReadResult<AttachmentOutputs>> {
  // Each command runs in a fresh provider process, so a cached read here is one this refresh made itself.
  const api = genesys();
  const live = await withContext(props, () => api.readFlowDocument(props.parentFlowId), props.parentFlowName);
  const call = live && callsOf(live.document).find(props.triggerId);
  if (!live || !call || !call.isCall) {
    // An empty ID tells the engine the resource is gone, so refresh drops it from the state.
    return { id: "", props: {} as AttachmentOutputs };
  }
  const drift = findDrift(live.document, desiredCall(props, { id: props.sharedFlowId, name: props.sharedFlowName }));
  // The shared flow as the org has it now (repointed to another flow, or renamed): its name is what diff
  // compares with the declaration.
  const sharedFlow = await withContext(props, () => liveSharedFlow(api, live.document.format, call, props), live.flow.name);
  return { id, props: refreshedOutputs(props, live.flow, call, drift, sharedFlow) };
}

/** The flow a live call calls: named by ID in a graph (read for its name), by name in Archy YAML (looked up for its ID). */
async function liveSharedFlow(api: GenesysClient, format: FlowFormatName, call: LiveCall, recorded: AttachmentOutputs): Promise<ResolvedSharedFlow> {
  const reference = call.sharedFlow ?? recorded.sharedFlowId;
  if (format === "graph") return { id: reference, name: (await api.readFlow(reference))?.name ?? reference };
  if (reference === recorded.sharedFlowName) return { id: recorded.sharedFlowId, name: reference };
  return { id: pickNamedFlow(await api.lookupFlows(reference), "shared").id, name: reference };
}

// Pulumi's dynamic provider interface names this method `delete`, a reserved word for a function name.
async function deleteAttachment(_id: string, props: AttachmentOutputs): Promise<void> {
  await withContext(props, async () => {
    const api = genesys();
    // A destroy removes every call of this stack from the flow, one engine operation each, in any order and
    // at most `--parallel` at once: the flow's write can wait for the stack's other calls in it while other
    // flows are written. (State written before markers cannot tell its calls apart, and does not wait.)
    const { managedBy } = props;
    const siblings = managedBy === undefined ? undefined : { key: props.triggerId, keysIn: (flow: ParentFlow) => callsManagedBy(flow.document, managedBy) };
    try {
      // A call another stack took over is left to it: destroy never removes a call another stack manages.
      const { flow, document, wrote } = await api.editFlow(props.parentFlowId, (current) => removeAttachment(current, props.triggerId, [props.managedBy]), { siblings });
      // An Architect import has published the removal already.
      if (wrote && props.publish === true && document.format === "graph") await api.publishFlow(flow.id, versionNumberOf(flow));
    } catch (error) {
      // The whole parent flow is gone, and the call with it.
      if (!(error instanceof FlowNotFoundError)) throw error;
    }
  }, props.parentFlowName);
}
export { deleteAttachment as delete };
