// Handlers of /api/v2/flows: list (filters and paging) and get for orgs of either format; for graph orgs,
// create, replace (optimistic concurrency on `version`, graph rules), delete, publish, and the published
// versions with their configuration. Every change is checked in full before the store is touched, so a
// rejected request changes nothing.

import { Flow } from "../../wire/flowDocument";
import { GenesysErrorFactory } from "../errors/GenesysErrorFactory";
import { describeIssues, flowWritableFieldsSchema, FlowWritableFields } from "../flowDocumentSchema";
import { callerClientId, callerOrgId, HandlerContext, HandlerResult, jsonObjectBody, queryList, requiredQuery } from "../http/requestContext";
import { GraphOrgRecord, OrgRecord } from "../persistence/emulatorState";
import { architectEntityOnWire } from "../architect/architectFlowRecords";
import { flowGraphProblems, orgFlowsOf } from "../rules/flowGraphRules";
import { buildFlow, deepCopy, findFlowRecord, findOrg, flowRecordsOf, flowSelfUri, flowsCalling, flowVersionUri, flowWithSameName, liveFlows } from "./flowRecords";
import { pageOf } from "./paging";

const FLOWS_PATH = "/api/v2/flows";
const SORT_FIELDS = ["name", "id", "type", "description"] as const;

export function listFlows(context: HandlerContext): HandlerResult {
  const org = requireOrg(context);
  const { query } = context;
  const nameMatches = textMatcher(query.get("name"));
  const descriptionMatches = textMatcher(query.get("description"));
  const nameOrDescriptionMatches = textMatcher(query.get("nameOrDescription"));
  const types = new Set(queryList(query, "type").map((type) => type.toLowerCase()));
  const ids = new Set(queryList(query, "id"));
  const includeDeleted = query.get("deleted") === "true";
  const sortBy = query.get("sortBy") ?? "name";
  if (!(SORT_FIELDS as readonly string[]).includes(sortBy)) {
    throw GenesysErrorFactory.badRequest(`Query parameter sortBy must be one of ${SORT_FIELDS.join(", ")}, got '${sortBy}'.`);
  }
  const sortOrder = (query.get("sortOrder") ?? "asc").toLowerCase();
  if (sortOrder !== "asc" && sortOrder !== "desc") {
    throw GenesysErrorFactory.badRequest(`Query parameter sortOrder must be asc or desc, got '${query.get("sortOrder")}'.`);
  }
  const matching = flowRecordsOf(org)
    .filter((record) => includeDeleted || !record.deleted)
    .map((record): { id: string; name: string; type: string; description?: string } => record.flow)
    .filter(
      (flow) =>
        nameMatches(flow.name) &&
        descriptionMatches(flow.description ?? "") &&
        (nameOrDescriptionMatches(flow.name) || nameOrDescriptionMatches(flow.description ?? "")) &&
        (types.size === 0 || types.has(flow.type)) &&
        (ids.size === 0 || ids.has(flow.id)),
    )
    .sort((left, right) => {
      const field = sortBy as (typeof SORT_FIELDS)[number];
      const order = String(left[field] ?? "").localeCompare(String(right[field] ?? "")) || left.id.localeCompare(right.id);
      return sortOrder === "asc" ? order : -order;
    });
  // Like the service, the listing carries the variable schemas only when asked (`includeSchemas=true`).
  const includeSchemas = query.get("includeSchemas") === "true";
  const listed = matching.map((flow) => {
    const copy: Record<string, unknown> = entityOnWire(org, flow);
    if (!includeSchemas) {
      delete copy.inputSchema;
      delete copy.outputSchema;
    }
    return copy;
  });
  return { status: 200, body: pageOf(listed, { query, path: FLOWS_PATH }) };
}

export function createFlow(context: HandlerContext): HandlerResult {
  const org = requireGraphOrg(context);
  const fields = parseWritableFields(context);
  if (fields.name === undefined || fields.type === undefined) {
    throw GenesysErrorFactory.badRequest(`A new flow needs ${[fields.name === undefined ? "name" : "", fields.type === undefined ? "type" : ""].filter(Boolean).join(" and ")}.`);
  }
  const flow = buildFlow({ id: context.random.uuid(), version: 1, division: org.division, fields: { ...fields, name: fields.name, type: fields.type } });
  checkNameIsFree(org, flow);
  checkGraph(org, flow);
  // Everything that could fail happens before the store changes: the answer is copied first.
  const answer = deepCopy(flow);
  context.store.update((state) => {
    storedGraphOrg(state, org.id).flows.push({ flow, deleted: false });
  });
  return { status: 200, body: answer };
}

export function getFlow(context: HandlerContext): HandlerResult {
  const [flowId] = context.pathParams;
  const org = requireOrg(context);
  const record = requireFlowRecord(org, flowId, { allowDeleted: context.query.get("deleted") === "true" });
  return { status: 200, body: entityOnWire(org, record.flow) };
}

export function putFlow(context: HandlerContext): HandlerResult {
  const [flowId] = context.pathParams;
  const org = requireGraphOrg(context);
  const body = jsonObjectBody(context);
  const record = requireFlowRecord(org, flowId);
  const current = record.flow;
  if (body.version === undefined || body.version === null) {
    throw GenesysErrorFactory.badRequest(`The flow body needs 'version', the version you read (currently ${current.version}).`);
  }
  if (typeof body.version !== "number" || !Number.isInteger(body.version)) {
    throw GenesysErrorFactory.badRequest(`'version' must be an integer, got ${JSON.stringify(body.version)}.`);
  }
  if (body.id !== undefined && body.id !== flowId) {
    throw GenesysErrorFactory.badRequest(`The body's id '${String(body.id)}' does not match the flow '${flowId}' in the path.`);
  }
  const fields = parseWritableFields(context, body);
  if (fields.type !== undefined && fields.type !== current.type) {
    throw GenesysErrorFactory.badRequest(`A flow's type cannot change (it is ${current.type}, the body says ${fields.type}).`);
  }
  if (body.version !== current.version) {
    throw GenesysErrorFactory.versionConflict(flowId, body.version, current.version);
  }
  // Fields left out of the body keep their stored value; server-managed fields are never taken from it.
  const next = buildFlow({
    id: flowId,
    version: current.version + 1,
    division: org.division,
    fields: { ...current, ...fields, name: fields.name ?? current.name, type: current.type },
    publishedVersion: current.publishedVersion,
  });
  checkNameIsFree(org, next);
  checkGraph(org, next);
  // The injected fault keeps the stored graph, which is valid already, after the request passed every check.
  const kept = context.dropWrittenGraph ? { ...next, triggers: current.triggers, edges: current.edges } : next;
  const answer = deepCopy(kept);
  context.store.update((state) => {
    findFlowRecord(storedGraphOrg(state, org.id), flowId)!.flow = kept;
  });
  return { status: 200, body: answer };
}

export function deleteFlow(context: HandlerContext): HandlerResult {
  const [flowId] = context.pathParams;
  const org = requireGraphOrg(context);
  requireFlowRecord(org, flowId);
  // Deleting a flow that others call would leave their graphs calling nothing, which the graph rules forbid.
  const callers = flowsCalling(org, flowId);
  if (callers.length > 0) {
    throw GenesysErrorFactory.flowInUse(flowId, callers.map((flow) => flow.name));
  }
  return markFlowDeleted(context, org.id, flowId);
}

/** Deletes a flow a handler has checked may go: it stays, marked, so that its ID answers 410 Gone. */
export function markFlowDeleted(context: HandlerContext, orgId: string, flowId: string): HandlerResult {
  context.store.update((state) => {
    const record = findFlowRecord(findOrg(state, orgId)!, flowId)!;
    record.deleted = true;
    record.flow.deleted = true;
  });
  return { status: 204 };
}

export function publishFlow(context: HandlerContext): HandlerResult {
  const org = requireGraphOrg(context);
  const flowId = requiredQuery(context.query, "flow");
  const record = requireFlowRecord(org, flowId);
  const versionText = context.query.get("version");
  if (versionText !== null && versionText !== "" && versionText !== String(record.flow.version)) {
    throw GenesysErrorFactory.versionConflict(flowId, Number(versionText), record.flow.version);
  }
  const publishedNumber = (record.publishedVersions ?? []).length + 1;
  const versionId = `${publishedNumber}.0`;
  const now = new Date();
  // A `FlowVersion` as the service describes one: every publish makes a new version, dated.
  const publishedVersion = {
    id: versionId,
    name: versionId,
    commitVersion: versionId,
    configurationVersion: String(record.flow.version),
    type: "PUBLISH",
    secure: false,
    debug: false,
    createdByClient: { id: callerClientId(context) },
    configurationUri: `${flowVersionUri(flowId, versionId)}/configuration`,
    dateCreated: now.getTime(),
    datePublished: now.toISOString(),
    selfUri: flowVersionUri(flowId, versionId),
  };
  // Publishing does not change the saved document's `version`: a client's next PUT is not made stale by it.
  const published = { ...deepCopy(record.flow), publishedVersion };
  const snapshot = deepCopy(published);
  context.store.update((state) => {
    const stored = findFlowRecord(storedGraphOrg(state, org.id), flowId)!;
    stored.flow.publishedVersion = publishedVersion;
    stored.publishedVersions = [...(stored.publishedVersions ?? []), snapshot];
  });
  return { status: 200, body: { ...completedOperation(context, "PUBLISH", published), publishedVersion } };
}

/** A flow entity as an answer carries it: Architect orgs spell the type as the service does (see `architectEntityOnWire`). */
function entityOnWire<T extends { type: string }>(org: OrgRecord, flow: T): T {
  return org.flowFormat === "architect" ? architectEntityOnWire(flow) : deepCopy(flow);
}

/** An `Operation` that completed at once, as publish and check-in answer one. */
export function completedOperation(context: HandlerContext, actionName: string, flow: { id: string; name: string }): Record<string, unknown> {
  return {
    id: context.random.uuid(),
    complete: true,
    actionName,
    actionStatus: "COMPLETE",
    errorMessage: null,
    client: { id: callerClientId(context) },
    flow: { id: flow.id, name: flow.name, selfUri: flowSelfUri(flow.id) },
  };
}

/** `GET /api/v2/flows/{flowId}/versions/{versionId}`: one published version of the flow, as `publishedVersion` described it. */
export function getFlowVersion(context: HandlerContext): HandlerResult {
  return { status: 200, body: deepCopy(requirePublishedVersion(context).publishedVersion) };
}

/** `GET /api/v2/flows/{flowId}/versions/{versionId}/configuration`: the flow document as that publish released it. */
export function getFlowVersionConfiguration(context: HandlerContext): HandlerResult {
  return { status: 200, body: deepCopy(requirePublishedVersion(context)) };
}

/** The flow as of the publish that made version `versionId`; 404 naming the versions there are, otherwise. */
function requirePublishedVersion(context: HandlerContext): Flow {
  const [flowId, versionId] = context.pathParams;
  const record = requireFlowRecord(requireGraphOrg(context), flowId, { allowDeleted: context.query.get("deleted") === "true" });
  const versions = record.publishedVersions ?? [];
  const found = versions.find((snapshot) => snapshot.publishedVersion?.id === versionId);
  if (!found) throw GenesysErrorFactory.flowVersionNotFound(flowId, versionId, versions.map((snapshot) => snapshot.publishedVersion!.id));
  return found;
}

export function requireOrg(context: HandlerContext): OrgRecord {
  const org = findOrg(context.store.read(), callerOrgId(context));
  if (!org) throw GenesysErrorFactory.invalidToken();
  return org;
}

/** The caller's org, which the route table sends here only when it keeps its flows as graphs. */
function requireGraphOrg(context: HandlerContext): GraphOrgRecord {
  const org = requireOrg(context);
  if (org.flowFormat === "architect") throw new Error(`a graph-format handler was reached for the Architect org '${org.id}'`);
  return org;
}

function storedGraphOrg(state: Parameters<typeof findOrg>[0], orgId: string): GraphOrgRecord {
  return findOrg(state, orgId) as GraphOrgRecord;
}

/** The flow's record in the caller's org: 404 when it never existed there, 410 when it was deleted. */
export function requireFlowRecord<O extends OrgRecord>(org: O, flowId: string, options: { allowDeleted?: boolean } = {}): NonNullable<ReturnType<typeof findFlowRecord<O>>> {
  const record = findFlowRecord(org, flowId);
  if (!record) throw GenesysErrorFactory.flowNotFound(flowId);
  if (record.deleted && !options.allowDeleted) throw GenesysErrorFactory.flowGone(flowId);
  return record;
}

function parseWritableFields(context: HandlerContext, body = jsonObjectBody(context)): FlowWritableFields {
  const result = flowWritableFieldsSchema.safeParse(body);
  if (!result.success) {
    throw GenesysErrorFactory.badRequest(`The flow body is malformed: ${describeIssues(result.error)}.`);
  }
  return result.data;
}

function checkNameIsFree(org: GraphOrgRecord, flow: Flow): void {
  if (flowWithSameName(org, { name: flow.name, type: flow.type, exceptFlowId: flow.id })) {
    throw GenesysErrorFactory.flowNameConflict(flow.name, flow.type);
  }
}

function checkGraph(org: GraphOrgRecord, flow: Flow): void {
  // Deleted flows can be neither called nor calling.
  const problems = flowGraphProblems(flow, orgFlowsOf(liveFlows(org)));
  if (problems.length > 0) throw GenesysErrorFactory.invalidFlowGraph(problems);
}

/** Case-insensitive match of a filter value, where `*` stands for any run of characters; no filter matches all. */
function textMatcher(pattern: string | null): (text: string) => boolean {
  if (pattern === null || pattern === "") return () => true;
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  const regex = new RegExp(`^${source}$`, "is");
  return (text) => regex.test(text);
}
