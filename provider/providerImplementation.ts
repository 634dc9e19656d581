// The SubflowAttachment lifecycle (configure, check, diff, create, read, update, delete), loaded at call
// time by the serialized shell (providerShell.ts). Decisions are pure functions of other modules; all
// Genesys I/O goes through genesys/; this file only sequences them and words the errors.

import type * as pulumi from "@pulumi/pulumi";
import { AttachmentInputs, checkAttachmentInputs, isUnknown, UNKNOWN_VALUE } from "./attachmentInputs";
import { DesiredAttachment, describeDrift, findDrift, hasDrift } from "./attachmentDrift";
import { convergeAttachment, createAttachment, removeAttachment } from "./attachmentEdits";
import { calledFlowIds, findCallPath } from "./flowGraph";
import { CALL_SUBFLOW_TYPE, Flow, isCallSubflowTrigger, START_NODE } from "./flowModel";
import { findTrigger } from "./graphEdits";
import { findVariableNameProblems } from "./variableNames";
import { FlowNotFoundError } from "./genesys/errors";
import { GenesysClient, genesysClientFor } from "./genesys/genesysClient";
import { resolveConnectionSettings } from "./genesys/connectionSettings";

/** Checked inputs once every value is computed: what create and update receive. */
export interface KnownAttachmentInputs extends Omit<AttachmentInputs, "arguments" | "returnVariables" | "publish"> {
  arguments?: Record<string, string>;
  returnVariables?: Record<string, string>;
  publish: boolean;
}

/** What the state holds for an attachment: the checked inputs plus what was resolved in the org. */
export interface AttachmentOutputs extends KnownAttachmentInputs {
  parentFlowId: string;
  parentFlowName: string;
  sharedFlowId: string;
  sharedFlowName: string;
  /** The parent flow's version written, or read when an identical trigger was adopted. */
  version: number;
}

let stackConfig: pulumi.dynamic.Config | undefined;

/** How far the loop check follows subflow calls; shared flows nest a few levels, not dozens. */
const MAX_FLOWS_FOLLOWED_FOR_LOOPS = 50;
/** The flow type other flows call (Architect's common modules); only such a parent can be part of a loop. */
const CALLABLE_FLOW_TYPE = "commonmodule";

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
    return { changes: true, replaces: [news.parentFlowId !== undefined ? "parentFlowId" : "parentFlowName"], deleteBeforeReplace: false };
  }
  const sharedUnchanged = sameSharedFlowDeclared(olds, news);
  const callChanged = !sharedUnchanged || !sameMap(olds.arguments, news.arguments) || !sameMap(olds.returnVariables, news.returnVariables);
  // Re-check the shared flow only when the call changed: what was checked at the last write still holds,
  // and skipping it keeps a no-change preview at one read per parent flow.
  const shared = callChanged ? await resolveSharedFlow(api, news, parent) : { id: olds.sharedFlowId, name: olds.sharedFlowName };
  const declarationChanged = callChanged || shared.id !== olds.sharedFlowId || olds.after !== news.after || olds.publish !== news.publish;

  const liveFlow = parent.flow ?? (await api.readFlow(parent.id));
  if (!liveFlow) {
    throw new Error(`parent flow ${parent.id} no longer exists in the org; run 'pulumi refresh' to drop this attachment from the state, or remove it from the program`);
  }
  // A newly declared `after` must name a trigger that is there; an unchanged one whose trigger vanished is
  // drift, which this same `up` may repair (when that trigger is another attachment).
  if (news.after !== olds.after && news.after !== START_NODE && !findTrigger(liveFlow, news.after)) {
    throw new Error(`after is '${news.after}', but flow '${liveFlow.name}' has no trigger with that ID; use 'start' or the ID of a trigger in that flow`);
  }
  // Drift is what changed in the org since the last write: the live trigger against the state. A change
  // of the declaration is an update, not drift, and is not reported as such.
  const orgDrift = findDrift(liveFlow, desiredAttachment(olds, olds.sharedFlowId));
  if (hasDrift(orgDrift)) {
    console.error(describeDrift(orgDrift, { parentFlowName: liveFlow.name, triggerId: news.triggerId }));
  }
  const differsFromDeclaration = hasDrift(findDrift(liveFlow, desiredAttachment(news, shared.id)));
  return { changes: declarationChanged || differsFromDeclaration, replaces: [], deleteBeforeReplace: false };
}

export async function create(declared: AttachmentInputs): Promise<pulumi.dynamic.CreateResult<AttachmentOutputs>> {
  const inputs = requireKnown(declared);
  return withContext(inputs, async () => {
    const api = genesys();
    // The two flows are found independently, so both lookups go out at once.
    const [parent, sharedFlow] = await bothInOrder(resolveParent(api, inputs), findSharedFlow(api, inputs));
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
    const shared = await resolveSharedFlow(api, news, { id: olds.parentFlowId, name: olds.parentFlowName });
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
  // A call repointed to another shared flow must not keep the old flow's name beside the new ID: the name
  // is what diff compares with the declaration.
  const sharedFlowName = live.flowId === props.sharedFlowId ? props.sharedFlowName : ((await withContext(props, () => api.readFlow(live.flowId), flow.name))?.name ?? live.flowId);
  return {
    id,
    props: withoutUndefined({
      ...props,
      parentFlowName: flow.name,
      sharedFlowId: live.flowId,
      sharedFlowName,
      arguments: live.arguments,
      returnVariables: live.returnVariables,
      after: !drift.missing && drift.moved && drift.placedAfter !== undefined ? drift.placedAfter : props.after,
      version: flow.version,
    }),
  };
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

// -- helpers --

interface ResolvedFlow {
  id: string;
  name: string;
  /** The flow type, when known (`commonmodule` flows are the ones other flows can call). */
  type?: string;
  /** The flow as read while resolving, when it was read (saves the diff a second read). */
  flow?: Flow;
}

/** Replacement keys that need no lookup: a new trigger ID, or a parent declared by a new ID. */
function replacedKeysWithoutLookup(olds: AttachmentOutputs, news: AttachmentInputs): string[] {
  const replaces: string[] = [];
  if (news.parentFlowId !== undefined && news.parentFlowId !== olds.parentFlowId) replaces.push("parentFlowId");
  if (isUnknown(news.parentFlowName)) replaces.push("parentFlowName");
  if (news.triggerId !== olds.triggerId) replaces.push("triggerId");
  return replaces;
}

function isKnown(inputs: AttachmentInputs): inputs is KnownAttachmentInputs {
  return !containsUnknown(inputs);
}

function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN_VALUE) return true;
  return typeof value === "object" && value !== null && Object.values(value).some(containsUnknown);
}

/** The engine resolves every input before create and update; an unknown here is the engine's bug, said plainly. */
function requireKnown(inputs: AttachmentInputs): KnownAttachmentInputs {
  if (!isKnown(inputs)) throw new Error(`trigger '${inputs.triggerId}': an input is still unknown at apply time; run 'pulumi up' again`);
  return inputs;
}

/** The provider host cannot encode `undefined` in a property map, so absent values are left out. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

/**
 * The parent flow in this org. A name seen before is first checked against the flow it resolved to
 * last time (one read, which diff needs anyway), and looked up again only if that flow is gone or renamed.
 */
async function resolveParent(api: GenesysClient, declared: KnownAttachmentInputs, previous?: AttachmentOutputs): Promise<ResolvedFlow> {
  if (declared.parentFlowId !== undefined) {
    const flow = await api.readFlow(declared.parentFlowId);
    if (!flow) throw new FlowNotFoundError(declared.parentFlowId);
    return { id: flow.id, name: flow.name, type: flow.type, flow };
  }
  const name = declared.parentFlowName!;
  if (previous?.parentFlowId !== undefined && previous.parentFlowName === name) {
    const flow = await api.readFlow(previous.parentFlowId);
    if (flow && flow.name === name) return { id: flow.id, name, type: flow.type, flow };
  }
  // The listing is enough: the group commit reads the flow before writing it.
  const found = await api.lookupFlow(name);
  return { id: found.id, name: found.name, type: found.type };
}

/** Both results; when both fail, the first one's error, so the order of the lookups does not change the message. */
async function bothInOrder<A, B>(first: Promise<A>, second: Promise<B>): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled([first, second]);
  if (a.status === "rejected") throw a.reason;
  if (b.status === "rejected") throw b.reason;
  return [a.value, b.value];
}

type SharedFlow = Pick<Flow, "id" | "name" | "inputSchema" | "outputSchema">;

/** The shared flow with its variable schemas: by ID a read; by name the listing, which carries the schemas. */
async function findSharedFlow(api: GenesysClient, declared: KnownAttachmentInputs): Promise<SharedFlow> {
  if (declared.sharedFlowId === undefined) return api.lookupFlow(declared.sharedFlowName!);
  const flow = await api.readFlow(declared.sharedFlowId);
  if (!flow) throw new FlowNotFoundError(declared.sharedFlowId);
  return flow;
}

async function resolveSharedFlow(api: GenesysClient, declared: KnownAttachmentInputs, parent: ResolvedFlow): Promise<{ id: string; name: string }> {
  return checkSharedFlowCall(api, declared, parent, await findSharedFlow(api, declared));
}

/**
 * The call checked before any write: `arguments` and `returnVariables` must name variables the shared flow
 * declares, and it must not already lead back to the parent (the call would recurse without end).
 */
async function checkSharedFlowCall(api: GenesysClient, declared: KnownAttachmentInputs, parent: ResolvedFlow, shared: SharedFlow): Promise<{ id: string; name: string }> {
  const problems = findVariableNameProblems({
    arguments: declared.arguments,
    returnVariables: declared.returnVariables,
    sharedFlow: { name: shared.name, inputSchema: shared.inputSchema, outputSchema: shared.outputSchema },
  });
  if (problems.length > 0) {
    throw new Error(`the call of '${shared.name}' from '${parent.name}' names variables the shared flow does not declare; nothing was written:\n${problems.map((p) => `  ✖ ${p}`).join("\n")}`);
  }
  if (shared.id === parent.id) {
    throw new Error(`the shared flow and the parent flow are the same flow '${parent.name}', and a flow cannot call itself; name another shared flow`);
  }
  // Only a flow that other flows can call (a common module) can close a call loop; for an inbound flow
  // the check would cost a read for nothing. The emulator, like the service, refuses a loop on write anyway.
  const loop = parent.type === undefined || parent.type === CALLABLE_FLOW_TYPE ? await findCallLoop(api, shared.id, parent) : undefined;
  if (loop) {
    throw new Error(`calling '${shared.name}' from '${parent.name}' would make a call cycle, since '${shared.name}' already leads back to it (${loop.join(" -> ")}); nothing was written. Remove one of the calls.`);
  }
  return { id: shared.id, name: shared.name };
}

/** Flow names along a chain of subflow calls from `shared` back to the parent, or undefined. */
async function findCallLoop(api: GenesysClient, sharedFlowId: string, parent: { id: string; name: string }): Promise<string[] | undefined> {
  const names = new Map([[parent.id, parent.name]]);
  const calls = new Map<string, string[]>();
  let frontier = [sharedFlowId];
  while (frontier.length > 0 && calls.size <= MAX_FLOWS_FOLLOWED_FOR_LOOPS) {
    const unseen = [...new Set(frontier)].filter((id) => id !== parent.id && !calls.has(id));
    const flows = (await Promise.all(unseen.map((id) => api.readFlow(id)))).filter((flow): flow is Flow => flow !== undefined);
    for (const flow of flows) {
      calls.set(flow.id, calledFlowIds(flow));
      names.set(flow.id, flow.name);
    }
    frontier = flows.flatMap((flow) => calls.get(flow.id)!);
  }
  return findCallPath(sharedFlowId, parent.id, (id) => calls.get(id))?.map((id) => names.get(id) ?? id);
}

function sameSharedFlowDeclared(olds: AttachmentOutputs, news: KnownAttachmentInputs): boolean {
  return news.sharedFlowId !== undefined ? news.sharedFlowId === olds.sharedFlowId : news.sharedFlowName === olds.sharedFlowName;
}

function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const left = Object.entries(a ?? {});
  const right = b ?? {};
  return left.length === Object.keys(right).length && left.every(([key, value]) => right[key] === value);
}

function desiredAttachment(inputs: KnownAttachmentInputs, sharedFlowId: string): DesiredAttachment {
  return {
    triggerId: inputs.triggerId,
    after: inputs.after,
    properties: {
      type: CALL_SUBFLOW_TYPE,
      flowId: sharedFlowId,
      ...(inputs.arguments && Object.keys(inputs.arguments).length > 0 ? { arguments: inputs.arguments } : {}),
      ...(inputs.returnVariables && Object.keys(inputs.returnVariables).length > 0 ? { returnVariables: inputs.returnVariables } : {}),
    },
  };
}

function outputsOf(inputs: KnownAttachmentInputs, parent: Flow, shared: { id: string; name: string }): AttachmentOutputs {
  // The host adds `__provider` to the outputs itself.
  const { __provider: _provider, ...declared } = inputs as KnownAttachmentInputs & { __provider?: unknown };
  return withoutUndefined({ ...declared, parentFlowId: parent.id, parentFlowName: parent.name, sharedFlowId: shared.id, sharedFlowName: shared.name, version: parent.version });
}

async function publishIfAsked(api: GenesysClient, inputs: KnownAttachmentInputs, flow: Flow): Promise<Flow> {
  return inputs.publish ? api.publishFlow(flow.id) : flow;
}

/**
 * A lifecycle failure, prefixed with the trigger and flow it concerns so a user sees which resource broke.
 * A new error each time: concurrent operations may share one failed lookup, and so one error object.
 */
export class SubflowAttachmentError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = "SubflowAttachmentError";
  }
}

async function withContext<T>(inputs: Pick<AttachmentInputs, "triggerId" | "parentFlowName" | "parentFlowId">, operation: () => Promise<T>, parentFlowName?: string): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    const flowLabel = parentFlowName ?? inputs.parentFlowName ?? inputs.parentFlowId;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SubflowAttachmentError(`SubflowAttachment trigger '${inputs.triggerId}' in flow '${flowLabel}': ${reason}`, { cause: error });
  }
}
