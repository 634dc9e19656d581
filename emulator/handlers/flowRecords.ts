// Pure helpers over the stored state that several handlers share: building a flow document with the
// server-managed fields, finding orgs and flows (of either format), and the Genesys object type of a flow.

import { END_NODE, Flow, START_NODE } from "../../wire/flowDocument";
import { ArchitectFlowRecord, EmulatorState, FlowRecord, GraphOrgRecord, OrgRecord } from "../persistence/emulatorState";
import { calledFlowIds } from "../rules/flowGraphRules";

/** Fields the server owns: whatever a client sends for them is ignored. */
export const SERVER_MANAGED_FIELDS = [
  "id",
  "version",
  "selfUri",
  "division",
  "publishedVersion",
  "savedVersion",
  "checkedInVersion",
  "deleted",
  "system",
  "lockedUser",
  "lockedClient",
] as const;

export function flowSelfUri(flowId: string): string {
  return `/api/v2/flows/${encodeURIComponent(flowId)}`;
}

/** Where one published version of a flow is served. */
export function flowVersionUri(flowId: string, versionId: string): string {
  return `${flowSelfUri(flowId)}/versions/${encodeURIComponent(versionId)}`;
}

/** A complete stored flow from client-writable fields; a flow created with no graph gets `start -> end`. */
export function buildFlow(options: {
  id: string;
  version: number;
  division: OrgRecord["division"];
  /** Client-writable fields, already checked against `flowWritableFieldsSchema`. */
  fields: { name: string; type: string; triggers?: readonly unknown[]; edges?: readonly unknown[]; [field: string]: unknown };
  publishedVersion?: Flow["publishedVersion"];
}): Flow {
  const clientFields: Record<string, unknown> = { ...options.fields };
  for (const field of SERVER_MANAGED_FIELDS) delete clientFields[field];
  const { fields } = options;
  return {
    ...clientFields,
    id: options.id,
    name: fields.name,
    type: fields.type,
    division: { ...options.division, selfUri: `/api/v2/authorization/divisions/${options.division.id}` },
    triggers: (fields.triggers ?? []) as Flow["triggers"],
    edges: (fields.edges ?? [{ fromId: START_NODE, toId: END_NODE, conditions: [] }]) as Flow["edges"],
    version: options.version,
    savedVersion: { id: `${options.version}.0`, name: `${options.version}.0`, dateSaved: Date.now() },
    ...(options.publishedVersion ? { publishedVersion: options.publishedVersion } : {}),
    active: true,
    system: false,
    deleted: false,
    selfUri: flowSelfUri(options.id),
  };
}

export function findOrg(state: EmulatorState, orgId: string): OrgRecord | undefined {
  return state.orgs.find((org) => org.id === orgId);
}

/** The org's flow records, of whichever format it keeps them in. */
export function flowRecordsOf<O extends OrgRecord>(org: O): Array<O extends GraphOrgRecord ? FlowRecord : ArchitectFlowRecord> {
  return (org.flowFormat === "architect" ? org.architectFlows : org.flows) as Array<O extends GraphOrgRecord ? FlowRecord : ArchitectFlowRecord>;
}

export function findFlowRecord<O extends OrgRecord>(org: O, flowId: string): ReturnType<typeof flowRecordsOf<O>>[number] | undefined {
  return flowRecordsOf(org).find((record) => record.flow.id === flowId);
}

/** The org's live (not deleted) flows. */
export function liveFlows(org: GraphOrgRecord): Flow[] {
  return org.flows.filter((record) => !record.deleted).map((record) => record.flow);
}

/** Live flows of `org` whose `callsubflow` triggers call `flowId`. */
export function flowsCalling(org: GraphOrgRecord, flowId: string): Flow[] {
  return liveFlows(org).filter((flow) => calledFlowIds(flow).includes(flowId));
}

/** Another live flow of the same type whose name equals `name` ignoring case (Architect names are unique per type). */
export function flowWithSameName(org: OrgRecord, options: { name: string; type: string; exceptFlowId?: string }): { id: string; name: string } | undefined {
  const wanted = options.name.toLowerCase();
  return flowRecordsOf(org).find(
    (record) => !record.deleted && record.flow.id !== options.exceptFlowId && record.flow.type === options.type && record.flow.name.toLowerCase() === wanted,
  )?.flow;
}

/** The dependency-tracking object type of a flow, e.g. `inboundcall` -> `INBOUNDCALLFLOW`. */
export function dependencyObjectType(flowType: string): string {
  return `${flowType.toUpperCase()}FLOW`;
}

export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}
