// The SubflowAttachment lifecycle (configure, check, diff, create, read, update, delete), loaded at call
// time by the serialized shell (providerShell.ts). It only sequences the steps: decisions are pure functions
// of other modules, all Genesys I/O goes through genesys/, and failures get their context from lifecycleErrors.

import type * as pulumi from "@pulumi/pulumi";
import { AttachmentInputs, checkAttachmentInputs, isKnown, KnownAttachmentInputs } from "./attachmentInputs";
import { describeDrift, desiredAttachment, findDrift, hasDrift } from "./attachmentDrift";
import { convergeAttachment, createAttachment, removeAttachment } from "./attachmentEdits";
import { AttachmentOutputs, outputsOf, refreshedOutputs } from "./attachmentOutputs";
import { callChanged, declarationChanged, parentReplacementKey, replacedKeysWithoutLookup } from "./declarationChanges";
import { Flow, isCallSubflowTrigger, START_NODE } from "./flowModel";
import { resolveParent, resolveParentAndSharedFlow } from "./flowResolution";
import { describeFinding, findSharedFlowRename } from "./orgFindings";
import { findTrigger } from "./graphEdits";
import { afterNotInFlowError, parentFlowGoneError, requireKnown, withContext } from "./lifecycleErrors";
import { checkSharedFlowCall, resolveSharedFlowCall } from "./sharedFlowCall";
import { resolveConnectionSettings } from "./genesys/connectionSettings";
import { FlowNotFoundError } from "./genesys/errors";
import { GenesysClient, genesysClientFor } from "./genesys/genesysClient";

let stackConfig: pulumi.dynamic.Config | undefined;

export async function configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
  stackConfig = request.config;
  // Nearly every command reads the org, so the login starts now, while the engine checks inputs. Settings
  // that do not resolve are reported by the first operation that needs the org: `check` works without them.
  let client: GenesysClient;
  try {
    client = genesys();
  } catch {
    return;
  }
  client.logInAhead();
}

/** The client for the configured settings; `genesysClientFor` keeps the one per provider process. */
function genesys(): GenesysClient {
  return genesysClientFor(resolveConnectionSettings({ config: stackConfig, env: process.env }));
}

export async function check(_olds: unknown, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  const { inputs, failures } = checkAttachmentInputs(news);
  return { inputs, failures };
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
  const parent = await resolveParent(api, news, olds);
  if (parent.id !== olds.parentFlowId) {
    // A new parent flow means a trigger in another flow: create it there, then remove the old one.
    return { changes: true, replaces: [parentReplacementKey(news)], deleteBeforeReplace: false };
  }
  // Re-check the shared flow only when the call changed: what was checked at the last write still holds,
  // and skipping it keeps a no-change preview at one read per parent flow.
  const callRedeclared = callChanged(olds, news);
  const shared = callRedeclared ? await resolveSharedFlowCall(api, news, parent, olds) : { id: olds.sharedFlowId, name: olds.sharedFlowName };

  const liveFlow = parent.flow ?? (await api.readFlow(parent.id));
  if (!liveFlow) throw parentFlowGoneError(olds);
  // A newly declared `after` must name a trigger that is there; an unchanged one whose trigger vanished is
  // drift, which this same `up` may repair (when that trigger is another attachment).
  if (news.after !== olds.after && news.after !== START_NODE && !findTrigger(liveFlow, news.after)) {
    throw afterNotInFlowError(news.after, liveFlow.name);
  }
  // Drift is what changed in the org since the last write: the live trigger against the state. A change
  // of the declaration is an update, not drift, and is not reported as such.
  const orgDrift = findDrift(liveFlow, desiredAttachment(olds, olds.sharedFlowId));
  const context = { parentFlowName: liveFlow.name, triggerId: news.triggerId };
  if (hasDrift(orgDrift)) {
    console.error(describeDrift(orgDrift, context));
  }
  // A shared flow declared by name that the org renamed: the name now means another flow, or none.
  const findings = callRedeclared || news.sharedFlowName === undefined ? [] : findSharedFlowRename(news, shared.id, await api.readFlow(shared.id));
  for (const finding of findings) console.error(describeFinding(finding, context));
  const differsFromDeclaration = hasDrift(findDrift(liveFlow, desiredAttachment(news, shared.id))) || findings.length > 0;
  return { changes: declarationChanged(olds, news, shared.id) || differsFromDeclaration, replaces: [], deleteBeforeReplace: false };
}

export async function create(declared: AttachmentInputs): Promise<pulumi.dynamic.CreateResult<AttachmentOutputs>> {
  const inputs = requireKnown(declared);
  return withContext(inputs, async () => {
    const api = genesys();
    const [parent, sharedFlow] = await resolveParentAndSharedFlow(api, inputs);
    const shared = await checkSharedFlowCall(api, inputs, parent, sharedFlow);
    const { flow, wrote } = await api.editFlow(parent.id, (current) => createAttachment(current, desiredAttachment(inputs, shared.id)));
    // An adopted trigger changed nothing, and publishing would release other people's unpublished edits.
    const written = wrote ? await publishIfAsked(api, inputs, flow) : flow;
    return { id: `${parent.id}:${inputs.triggerId}`, outs: outputsOf(inputs, written, shared) };
  });
}

export async function update(_id: string, olds: AttachmentOutputs, declared: AttachmentInputs): Promise<pulumi.dynamic.UpdateResult<AttachmentOutputs>> {
  const news = requireKnown(declared);
  return withContext(news, async () => {
    const api = genesys();
    const shared = await resolveSharedFlowCall(api, news, { id: olds.parentFlowId, name: olds.parentFlowName }, olds);
    const { flow, wrote } = await api.editFlow(olds.parentFlowId, (current) => convergeAttachment(current, desiredAttachment(news, shared.id)));
    const written = wrote || (news.publish && !olds.publish) ? await publishIfAsked(api, news, flow) : flow;
    return { outs: outputsOf(news, written, shared) };
  }, olds.parentFlowName);
}

export async function read(id: string, props: AttachmentOutputs): Promise<pulumi.dynamic.ReadResult<AttachmentOutputs>> {
  // Each command runs in a fresh provider process, so a cached read here is one this refresh made itself.
  const api = genesys();
  const flow = await withContext(props, () => api.readFlow(props.parentFlowId), props.parentFlowName);
  const trigger = flow && findTrigger(flow, props.triggerId);
  if (!flow || !trigger || !isCallSubflowTrigger(trigger)) {
    // An empty ID tells the engine the resource is gone, so refresh drops it from the state.
    return { id: "", props: {} as AttachmentOutputs };
  }
  const live = trigger.properties;
  const drift = findDrift(flow, desiredAttachment(props, props.sharedFlowId));
  // The shared flow's name as the org has it now (repointed to another flow, or renamed): the name is what
  // diff compares with the declaration.
  const sharedFlowName = (await withContext(props, () => api.readFlow(live.flowId), flow.name))?.name ?? live.flowId;
  return { id, props: refreshedOutputs(props, flow, live, drift, sharedFlowName) };
}

// Pulumi's dynamic provider interface names this method `delete`, a reserved word for a function name.
async function deleteAttachment(_id: string, props: AttachmentOutputs): Promise<void> {
  await withContext(props, async () => {
    const api = genesys();
    try {
      const { flow, wrote } = await api.editFlow(props.parentFlowId, (current) => removeAttachment(current, props.triggerId));
      if (wrote) await publishIfAsked(api, props, flow);
    } catch (error) {
      // The whole parent flow is gone, and the call with it.
      if (!(error instanceof FlowNotFoundError)) throw error;
    }
  }, props.parentFlowName);
}
export { deleteAttachment as delete };

async function publishIfAsked(api: GenesysClient, inputs: KnownAttachmentInputs, flow: Flow): Promise<Flow> {
  return inputs.publish ? api.publishFlow(flow.id) : flow;
}
