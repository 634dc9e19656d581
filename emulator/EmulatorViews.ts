// Read-only views of a running emulator for tests and tools: the orgs' flows as stored (deep copies, so
// nothing can change the state behind the API's back), graph flows and Architect flows with their YAML,
// the Architect jobs, and the request log.

import { Flow } from "../wire/flowDocument";
import { ArchitectJobRecord, ArchitectJobs } from "./architect/ArchitectJobs";
import { exportedYaml } from "./architect/architectFlowRecords";
import { deepCopy, findFlowRecord, findOrg, liveFlows } from "./handlers/flowRecords";
import { RequestLog, RequestLogEntry } from "./middlewares/requestLogMiddleware";
import { ArchitectFlowEntity, ArchitectOrgRecord, FlowFormat, GraphOrgRecord, OrgRecord } from "./persistence/emulatorState";
import { IEmulatorStore } from "./persistence/IEmulatorStore";

export class EmulatorViews {
  constructor(
    private readonly store: IEmulatorStore,
    private readonly log: RequestLog,
    private readonly jobs: ArchitectJobs,
  ) {}

  /** Every request answered so far, oldest first (the same array across calls); uploads to and downloads from signed URLs included. */
  get requestLog(): readonly RequestLogEntry[] {
    return this.log.entries;
  }

  clearRequestLog(): void {
    this.log.clear();
  }

  orgIds(): string[] {
    return this.store.read().orgs.map((org) => org.id);
  }

  /** How the org keeps its flows: `graph` (the views below) or `architect` (the Architect views further down). */
  flowFormat(orgId: string): FlowFormat {
    return this.requireOrg(orgId).flowFormat ?? "graph";
  }

  /** Deep copies of the graph org's live (not deleted) flows. */
  flows(orgId: string): Flow[] {
    return liveFlows(this.requireGraphOrg(orgId)).map(deepCopy);
  }

  /** A deep copy of the graph org's flow, deleted or not, or undefined when the org never had it. */
  getFlow(orgId: string, flowId: string): Flow | undefined {
    const record = findFlowRecord(this.requireGraphOrg(orgId), flowId);
    return record && deepCopy(record.flow);
  }

  /** A deep copy of the graph org's live flow with exactly this name, or undefined; throws when several match. */
  findFlowByName(orgId: string, name: string): Flow | undefined {
    return onlyMatch(orgId, name, this.flows(orgId));
  }

  /** A deep copy of the graph org's flow as of its latest publish, or undefined when it was never published. */
  publishedFlow(orgId: string, flowId: string): Flow | undefined {
    const record = findFlowRecord(this.requireGraphOrg(orgId), flowId);
    const latest = record?.publishedVersions?.at(-1);
    return latest && deepCopy(latest);
  }

  /** Deep copies of the Architect org's live flow entities (metadata, as the flows API returns them). */
  architectFlows(orgId: string): ArchitectFlowEntity[] {
    return this.requireArchitectOrg(orgId)
      .architectFlows.filter((record) => !record.deleted)
      .map((record) => deepCopy(record.flow));
  }

  /** A deep copy of the Architect org's flow entity, deleted or not, or undefined when the org never had it. */
  getArchitectFlow(orgId: string, flowId: string): ArchitectFlowEntity | undefined {
    const record = findFlowRecord(this.requireArchitectOrg(orgId), flowId);
    return record && deepCopy(record.flow);
  }

  /** The Architect org's live flow with exactly this name (and type, when given), or undefined; throws when several match. */
  findArchitectFlowByName(orgId: string, name: string, type?: string): ArchitectFlowEntity | undefined {
    return onlyMatch(orgId, name, this.architectFlows(orgId).filter((flow) => type === undefined || flow.type === type));
  }

  /**
   * The YAML of a version of the Architect org's flow (the latest without `versionId`) as an export gives it,
   * or undefined when the flow has no such version (a flow created without configuration has none).
   */
  flowYaml(orgId: string, flowId: string, versionId?: string): string | undefined {
    const record = this.requireArchitectRecord(orgId, flowId);
    const version = versionId === undefined ? record.versions.at(-1) : record.versions.find((candidate) => candidate.id === versionId);
    return version && exportedYaml(record, version);
  }

  /** The version IDs of the Architect org's flow, oldest first (`1.0`, `2.0`, ...). */
  flowVersionIds(orgId: string, flowId: string): string[] {
    return this.requireArchitectRecord(orgId, flowId).versions.map((version) => version.id);
  }

  /** Every Architect export and import job so far (of one org, when given), oldest first, with its status now. */
  architectJobs(orgId?: string): ArchitectJobRecord[] {
    return this.jobs.history(orgId);
  }

  private requireOrg(orgId: string): OrgRecord {
    const org = findOrg(this.store.read(), orgId);
    if (!org) throw new Error(`The emulator has no org '${orgId}'; it has ${this.orgIds().join(", ")}.`);
    return org;
  }

  private requireGraphOrg(orgId: string): GraphOrgRecord {
    const org = this.requireOrg(orgId);
    if (org.flowFormat === "architect") {
      throw new Error(`Org '${orgId}' is an Architect org: its flows have no graph. Use architectFlows, getArchitectFlow, findArchitectFlowByName and flowYaml.`);
    }
    return org;
  }

  private requireArchitectOrg(orgId: string): ArchitectOrgRecord {
    const org = this.requireOrg(orgId);
    if (org.flowFormat !== "architect") throw new Error(`Org '${orgId}' keeps its flows as graphs, not Archy YAML. Use flows, getFlow and findFlowByName.`);
    return org;
  }

  private requireArchitectRecord(orgId: string, flowId: string) {
    const record = findFlowRecord(this.requireArchitectOrg(orgId), flowId);
    if (!record) throw new Error(`Org '${orgId}' has no flow '${flowId}'.`);
    return record;
  }
}

/** The one flow named exactly `name`, or undefined; several are an error that says to use an ID. */
function onlyMatch<F extends { name: string }>(orgId: string, name: string, flows: F[]): F | undefined {
  const matches = flows.filter((flow) => flow.name === name);
  if (matches.length > 1) throw new Error(`Org '${orgId}' has ${matches.length} flows named '${name}'; use an ID.`);
  return matches[0];
}
