// Handlers of /api/v2/flows for Architect orgs, where a flow entity is metadata and its logic lives in
// versioned Archy YAML: create (an entity with no configuration), rename or describe (PUT), delete,
// publish the current configuration again, and read a version. Changes to a flow another OAuth client
// has checked out are refused (409), as Architect refuses them.

import { z } from "zod";
import { COMMON_MODULE_FLOW_TYPE } from "../../wire/flowDocument";
import { addVersion, architectEntityOnWire, callsOfRenamedModule, flowsCallingModule, newArchitectEntity } from "../architect/architectFlowRecords";
import { GenesysErrorFactory } from "../errors/GenesysErrorFactory";
import { describeIssues } from "../flowDocumentSchema";
import { callerClientId, HandlerContext, HandlerResult, jsonObjectBody, requiredQuery } from "../http/requestContext";
import { ArchitectFlowRecord, ArchitectOrgRecord, EmulatorState } from "../persistence/emulatorState";
import { requireArchitectOrg } from "./flowFormats";
import { deepCopy, findFlowRecord, findOrg, flowWithSameName } from "./flowRecords";
import { completedOperation, markFlowDeleted, requireFlowRecord } from "./flowsHandler";

/** What a client may set on an Architect flow entity; anything else it sends (`triggers`, `edges`, ...) is ignored. */
const entityFieldsSchema = z.looseObject({
  name: z.string().trim().min(1, "name must be a non-empty string").optional(),
  // Clients send back the entity they read (`INBOUNDCALL`) or the query's spelling (`inboundcall`); stored in lower case.
  type: z
    .string()
    .regex(/^[a-zA-Z]+$/, "type must be a flow type such as inboundcall or commonmodule")
    .transform((type) => type.toLowerCase())
    .optional(),
  description: z.string().optional(),
});

export function createArchitectFlow(context: HandlerContext): HandlerResult {
  const org = requireArchitectOrg(context);
  const { name, type, description } = entityFields(context);
  if (name === undefined || type === undefined) {
    throw GenesysErrorFactory.badRequest(`A new flow needs ${[name === undefined ? "name" : "", type === undefined ? "type" : ""].filter(Boolean).join(" and ")}.`);
  }
  if (flowWithSameName(org, { name, type })) throw GenesysErrorFactory.flowNameConflict(name, type);
  const record: ArchitectFlowRecord = { flow: newArchitectEntity({ id: context.random.uuid(), name, type, description, division: org.division }), deleted: false, versions: [] };
  const answer = architectEntityOnWire(record.flow);
  context.store.update((state) => {
    storedArchitectOrg(state, org.id).architectFlows.push(record);
  });
  return { status: 200, body: answer };
}

/**
 * PUT changes the entity's name and description only: the flow's logic changes by import. A common module's
 * callers keep calling it under its new name (their YAML names it so from now on).
 */
export function putArchitectFlow(context: HandlerContext): HandlerResult {
  const [flowId] = context.pathParams;
  const org = requireArchitectOrg(context);
  const record = requireFlowRecord(org, flowId);
  const { name, type, description } = entityFields(context);
  if (type !== undefined && type !== record.flow.type) {
    throw GenesysErrorFactory.badRequest(`A flow's type cannot change (it is ${record.flow.type}, the body says ${type}).`);
  }
  requireNotLockedByAnother(context, record);
  if (name !== undefined && flowWithSameName(org, { name, type: record.flow.type, exceptFlowId: flowId })) throw GenesysErrorFactory.flowNameConflict(name, record.flow.type);
  const updated = { ...deepCopy(record.flow), ...(name !== undefined && { name }), ...(description !== undefined && { description }) };
  const renamedCalls = record.flow.type === COMMON_MODULE_FLOW_TYPE && name !== undefined && name !== record.flow.name ? callsOfRenamedModule(org, record.flow.name, name) : [];
  context.store.update((state) => {
    storedRecord(state, org.id, flowId).flow = updated;
    for (const change of renamedCalls) {
      const version = storedRecord(state, org.id, change.flowId).versions.find((candidate) => candidate.id === change.versionId)!;
      version.yaml = change.yaml;
      version.calledModules = change.calledModules;
    }
  });
  return { status: 200, body: architectEntityOnWire(updated) };
}

/** A common module that live flows call (by their current YAML) cannot be deleted. */
export function deleteArchitectFlow(context: HandlerContext): HandlerResult {
  const [flowId] = context.pathParams;
  const org = requireArchitectOrg(context);
  const record = requireFlowRecord(org, flowId);
  requireNotLockedByAnother(context, record);
  if (record.flow.type === COMMON_MODULE_FLOW_TYPE) {
    const callers = flowsCallingModule(org, record.flow.name).filter((caller) => caller.flow.id !== flowId);
    if (callers.length > 0) throw GenesysErrorFactory.flowInUse(flowId, callers.map((caller) => caller.flow.name));
  }
  return markFlowDeleted(context, org.id, flowId);
}

/** Publishes the current configuration again, as a new version. */
export function publishArchitectFlow(context: HandlerContext): HandlerResult {
  const org = requireArchitectOrg(context);
  const flowId = requiredQuery(context.query, "flow");
  const record = requireFlowRecord(org, flowId);
  requireNotLockedByAnother(context, record);
  const current = record.versions.at(-1);
  if (!current) throw GenesysErrorFactory.flowWithoutConfiguration(record.flow);
  const published = context.store.update((state) => {
    const stored = storedRecord(state, org.id, flowId);
    return addVersion(stored, { ...current, name: stored.flow.name }, { clientId: callerClientId(context), now: new Date() });
  });
  return { status: 200, body: { ...completedOperation(context, "PUBLISH", record.flow), publishedVersion: deepCopy(published.flowVersion) } };
}

/** `GET /api/v2/flows/{flowId}/versions/{versionId}`: one version, as `publishedVersion` described it. */
export function getArchitectFlowVersion(context: HandlerContext): HandlerResult {
  const [flowId, versionId] = context.pathParams;
  const record = requireFlowRecord(requireArchitectOrg(context), flowId, { allowDeleted: context.query.get("deleted") === "true" });
  const version = record.versions.find((candidate) => candidate.id === versionId);
  if (!version) throw GenesysErrorFactory.flowVersionNotFound(flowId, versionId, record.versions.map((candidate) => candidate.id));
  return { status: 200, body: deepCopy(version.flowVersion) };
}

/** 409 when another OAuth client has the flow checked out. */
export function requireNotLockedByAnother(context: HandlerContext, record: ArchitectFlowRecord): void {
  const holder = record.flow.lockedClient?.id;
  if (holder !== undefined && holder !== callerClientId(context)) throw GenesysErrorFactory.flowLocked(record.flow, holder);
}

/** The stored record of a flow a handler has already found, inside a store update. */
export function storedRecord(state: EmulatorState, orgId: string, flowId: string): ArchitectFlowRecord {
  return findFlowRecord(storedArchitectOrg(state, orgId), flowId)!;
}

function storedArchitectOrg(state: EmulatorState, orgId: string): ArchitectOrgRecord {
  return findOrg(state, orgId) as ArchitectOrgRecord;
}

function entityFields(context: HandlerContext): z.infer<typeof entityFieldsSchema> {
  const result = entityFieldsSchema.safeParse(jsonObjectBody(context));
  if (!result.success) throw GenesysErrorFactory.badRequest(`The flow body is malformed: ${describeIssues(result.error)}.`);
  return result.data;
}
