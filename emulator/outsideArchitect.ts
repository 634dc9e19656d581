// Another client of an Architect org, as a person in Architect or another integration would be while a
// deployment runs: exports a flow's YAML and imports YAML through the real jobs (the real SDK for the API,
// plain HTTP for the signed URLs), and checks flows out and in. Tests' and the benchmark's outside edits.

import { Document, parseDocument } from "yaml";
import { ArchitectJobStateResponse, FINAL_JOB_STATUSES, JOB_STATUS, JobStatus } from "../wire/architectJobs";
import type { RunningEmulator } from "./index";
import { loggedInSdk, SdkConnection } from "./sdkClient";

export interface OutsideArchitectOptions {
  /** Between two polls of a job's state. */
  pollIntervalMs?: number;
  /** How long a job may take before the helper gives up, naming it. */
  jobTimeoutMs?: number;
}

/** A finished import: the flow it created or updated, and whether it created it. */
export interface ImportedFlow {
  jobId: string;
  flowId: string;
  command: string;
}

export class OutsideArchitect {
  private constructor(
    private readonly sdk: SdkConnection,
    private readonly options: Required<OutsideArchitectOptions>,
  ) {}

  static async connect(
    emulator: Pick<RunningEmulator, "host" | "port">,
    credentials = { clientId: "dev-client", clientSecret: "dev-secret" },
    options: OutsideArchitectOptions = {},
  ): Promise<OutsideArchitect> {
    return new OutsideArchitect(await loggedInSdk(emulator, credentials), { pollIntervalMs: 10, jobTimeoutMs: 30_000, ...options });
  }

  /** The ID of the org's flow of this type and name. */
  async flowId(name: string, type = "inboundcall"): Promise<string> {
    const listing = await this.sdk.architect.getFlows({ name, type: [type] });
    const [flow] = listing.entities as Array<{ id: string }>;
    if (!flow) throw new Error(`the org has no ${type} flow named '${name}'`);
    return flow.id;
  }

  /** The YAML of one flow (its latest version, or `version` such as "2.0"), through an export job and its download. */
  async exportYaml(flowId: string, version?: string): Promise<string> {
    const job = await this.sdk.architect.postFlowsExportJobs({ flows: [{ flow: { id: flowId, ...(version && { version }) } }] });
    const state = await this.waitFor(job.id, "export", (jobId) => this.sdk.architect.getFlowsExportJob(jobId, { expand: ["messages"] }));
    // The download URL is signed: it gets no Authorization header.
    const download = await fetch(state.downloadUrl);
    if (!download.ok) throw new Error(`the download of export job ${job.id} answered ${download.status}: ${await download.text()}`);
    return download.text();
  }

  /** Imports `yaml` (which publishes it) through an import job and its upload. */
  async importYaml(yaml: string): Promise<ImportedFlow> {
    const job = await this.sdk.architect.postFlowsJobs();
    const upload = await fetch(job.presignedUrl, { method: "PUT", headers: job.headers, body: yaml });
    if (!upload.ok) throw new Error(`the upload of import job ${job.id} answered ${upload.status}: ${await upload.text()}`);
    const state: ArchitectJobStateResponse = await this.waitFor(job.id, "import", (jobId) => this.sdk.architect.getFlowsJob(jobId, { expand: ["messages"] }));
    return { jobId: job.id, flowId: state.flow!.id, command: state.command! };
  }

  /** Exports the flow, lets `edit` change its YAML document (comments and layout kept), and imports it back. */
  async editYaml(flowId: string, edit: (document: Document) => void): Promise<ImportedFlow> {
    const document = parseDocument(await this.exportYaml(flowId));
    edit(document);
    return this.importYaml(document.toString());
  }

  async checkout(flowId: string): Promise<void> {
    await this.sdk.architect.postFlowsActionsCheckout(flowId);
  }

  async checkin(flowId: string): Promise<void> {
    await this.sdk.architect.postFlowsActionsCheckin(flowId);
  }

  async unlock(flowId: string): Promise<void> {
    await this.sdk.architect.postFlowsActionsUnlock(flowId);
  }

  /** Polls the job until it is final; a failure is an error holding its messages. */
  private async waitFor<State extends { status: JobStatus; messages?: Array<{ text?: string }> }>(
    jobId: string,
    kind: "export" | "import",
    read: (jobId: string) => Promise<State>,
  ): Promise<State> {
    const deadline = Date.now() + this.options.jobTimeoutMs;
    for (;;) {
      const state = await read(jobId);
      if (FINAL_JOB_STATUSES.includes(state.status)) {
        if (state.status === JOB_STATUS.success) return state;
        throw new Error(`${kind} job ${jobId} failed: ${(state.messages ?? []).map((message) => message.text).join(" | ")}`);
      }
      if (Date.now() >= deadline) throw new Error(`${kind} job ${jobId} is still ${state.status} after ${this.options.jobTimeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, this.options.pollIntervalMs));
    }
  }
}
