// Read-only views of a running emulator for tests and tools: the orgs' flows as stored (deep copies, so
// nothing can change the state behind the API's back) and the request log.

import { Flow } from "../wire/flowDocument";
import { deepCopy, findFlowRecord, findOrg, liveFlows } from "./handlers/flowRecords";
import { RequestLog, RequestLogEntry } from "./middlewares/requestLogMiddleware";
import { OrgRecord } from "./persistence/emulatorState";
import { IEmulatorStore } from "./persistence/IEmulatorStore";

export class EmulatorViews {
  constructor(
    private readonly store: IEmulatorStore,
    private readonly log: RequestLog,
  ) {}

  /** Every request answered so far, oldest first (the same array across calls). */
  get requestLog(): readonly RequestLogEntry[] {
    return this.log.entries;
  }

  clearRequestLog(): void {
    this.log.clear();
  }

  orgIds(): string[] {
    return this.store.read().orgs.map((org) => org.id);
  }

  /** Deep copies of the org's live (not deleted) flows. */
  flows(orgId: string): Flow[] {
    return liveFlows(this.requireOrg(orgId)).map(deepCopy);
  }

  /** A deep copy of the flow, deleted or not, or undefined when the org never had it. */
  getFlow(orgId: string, flowId: string): Flow | undefined {
    const record = findFlowRecord(this.requireOrg(orgId), flowId);
    return record && deepCopy(record.flow);
  }

  /** A deep copy of the live flow with exactly this name, or undefined; throws when several match. */
  findFlowByName(orgId: string, name: string): Flow | undefined {
    const matches = this.flows(orgId).filter((flow) => flow.name === name);
    if (matches.length > 1) throw new Error(`Org '${orgId}' has ${matches.length} flows named '${name}'; use getFlow with an ID.`);
    return matches[0];
  }

  /** A deep copy of the flow as of its latest publish, or undefined when it was never published. */
  publishedFlow(orgId: string, flowId: string): Flow | undefined {
    const record = findFlowRecord(this.requireOrg(orgId), flowId);
    const latest = record?.publishedVersions?.at(-1);
    return latest && deepCopy(latest);
  }

  private requireOrg(orgId: string): OrgRecord {
    const org = findOrg(this.store.read(), orgId);
    if (!org) throw new Error(`The emulator has no org '${orgId}'; it has ${this.orgIds().join(", ")}.`);
    return org;
  }
}
