// The "proxy" of Architect's asynchronous jobs: the only code that registers export and import jobs, polls
// them to their end and moves their files through the signed URLs they hand out. Waits are bounded, a
// failed job's messages are shown (redacted), and progress is reported for people to follow.

import { unzipSync } from "fflate";
import { parseDocument, isMap, isScalar } from "yaml";
import {
  ArchitectExportJobStateResponse,
  ArchitectJobMessage,
  ArchitectJobStateResponse,
  FINAL_JOB_STATUSES,
  JOB_STATUS,
  JobStatus,
  RegisterArchitectExportJobResponse,
  RegisterArchitectJobResponse,
  YAML_EXPORT_TYPE,
} from "../../wire/architectJobs";
import { ArchitectJobError, redactSecrets } from "./errors";
import { GenesysConnection } from "./genesysConnection";
import { resolveRetryOptions, RetryOptions } from "./retryPolicy";

export const JOB_OPERATIONS = {
  registerExport: "POST /api/v2/flows/export/jobs",
  exportState: "GET /api/v2/flows/export/jobs/{jobId}",
  download: "GET {downloadUrl}",
  registerImport: "POST /api/v2/flows/jobs",
  upload: "PUT {presignedUrl}",
  importState: "GET /api/v2/flows/jobs/{jobId}",
} as const;

/** A job's state as people follow it: which job, for which flows, where it is and for how long. */
export interface JobProgress {
  kind: "export" | "import";
  jobId: string;
  /** The flows the job is for, by name. */
  flows: string[];
  status: JobStatus | string;
  elapsedMs: number;
  /** Whether the job has ended. */
  done: boolean;
}

/** One line for people following a job: `export job 8f1c… for flow 'Sales Inbound': Started, 4.0 s`. */
export function describeJobProgress(progress: JobProgress): string {
  return `${progress.kind} job ${progress.jobId} for ${describeFlows(progress.flows)}: ${progress.status}, ${seconds(progress.elapsedMs)} s`;
}

/** A job's progress is worth a line once it has run this long (most jobs end sooner, and say nothing). */
const SLOW_JOB_MS = 2000;
/** Then a line at most this often while it runs, and one when it ends. */
const SLOW_JOB_REPORT_EVERY_MS = 10_000;

/**
 * Progress for a person waiting on a command: nothing for jobs that end within a couple of seconds, and for
 * a slower one a line when it passes that, every ten seconds after, and when it ends.
 */
export function reportSlowJobs(write: (line: string) => void): (progress: JobProgress) => void {
  const lastReportMs = new Map<string, number>();
  return (progress) => {
    const last = lastReportMs.get(progress.jobId);
    const due = last === undefined ? progress.elapsedMs >= SLOW_JOB_MS : progress.done || progress.elapsedMs - last >= SLOW_JOB_REPORT_EVERY_MS;
    if (!due) return;
    lastReportMs.set(progress.jobId, progress.elapsedMs);
    if (progress.done) lastReportMs.delete(progress.jobId);
    write(describeJobProgress(progress));
  };
}

/** Milliseconds as seconds for people: a tenth of a second while it matters. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);
}

export interface ArchitectJobsOptions {
  /** The longest a job may take before the wait ends with an error naming it. Default 300000 (5 minutes). */
  jobTimeoutMs?: number;
  /** The first poll's delay after registering (or uploading); each later one doubles it. Default 200. */
  firstPollDelayMs?: number;
  /** The longest delay between two polls. Default 2000 (Architect's own tools poll every 2 s). */
  maxPollDelayMs?: number;
  /** Told of each poll's answer. */
  onProgress?: (progress: JobProgress) => void;
  /** Delays and the clock (tests make them instant). */
  retry?: RetryOptions;
}

/** A flow to export: the version to export (its published one) and how messages name it. */
export interface FlowToExport {
  id: string;
  name: string;
  version?: string;
}

/** What an import job did: the job, and the flow it created or updated. */
export interface ImportOutcome {
  jobId: string;
  flowId?: string;
  command?: string;
}

/** The signature of a zip archive: a download of several flows is one. */
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

export class ArchitectJobs {
  private readonly jobTimeoutMs: number;
  private readonly firstPollDelayMs: number;
  private readonly maxPollDelayMs: number;
  private readonly onProgress: (progress: JobProgress) => void;
  private readonly clock: ReturnType<typeof resolveRetryOptions>;

  constructor(
    private readonly connection: GenesysConnection,
    options: ArchitectJobsOptions = {},
  ) {
    this.jobTimeoutMs = options.jobTimeoutMs ?? 300_000;
    this.firstPollDelayMs = options.firstPollDelayMs ?? 200;
    this.maxPollDelayMs = options.maxPollDelayMs ?? 2000;
    this.onProgress = options.onProgress ?? (() => undefined);
    this.clock = resolveRetryOptions(options.retry);
    for (const [key, value] of [["jobTimeoutMs", this.jobTimeoutMs], ["firstPollDelayMs", this.firstPollDelayMs], ["maxPollDelayMs", this.maxPollDelayMs]] as const) {
      if (!Number.isFinite(value) || value < 0) throw new TypeError(`Expected \`${key}\` to be a non-negative number, got ${String(options[key])}.`);
    }
  }

  /**
   * The Archy YAML of each flow, by flow ID, from one export job. The flows' files are named by flow ID in
   * the request; a download that names them otherwise is matched by the flow name inside each file.
   */
  async exportFlows(flows: readonly FlowToExport[]): Promise<Map<string, string>> {
    const registered = await this.connection.request<RegisterArchitectExportJobResponse>(JOB_OPERATIONS.registerExport, (api) =>
      api.postFlowsExportJobs({
        flows: flows.map((flow) => ({ flow: { id: flow.id, ...(flow.version === undefined ? {} : { version: flow.version }) }, fileName: fileNameOf(flow), exportType: YAML_EXPORT_TYPE })),
      }),
    );
    const jobId = requireJobId(registered?.id, JOB_OPERATIONS.registerExport);
    const names = flows.map((flow) => flow.name);
    const state = await this.untilDone("export", jobId, names, () =>
      this.connection.request<ArchitectExportJobStateResponse>(JOB_OPERATIONS.exportState, (api) => api.getFlowsExportJob(jobId, { expand: ["messages"] })),
    );
    if (state.status !== JOB_STATUS.success) throw this.failed("export", jobId, names, state);
    if (typeof state.downloadUrl !== "string" || state.downloadUrl === "") {
      throw new ArchitectJobError(`export job ${jobId} for ${describeFlows(names)} ended in Success without a downloadUrl, so there is nothing to read; run the command again`, jobId, "unusable");
    }
    const file = await this.connection.transfer(JOB_OPERATIONS.download, { method: "GET", url: state.downloadUrl, headers: {} });
    return filesByFlow(jobId, flows, file);
  }

  /** Imports one flow's YAML (which publishes it) and waits for the job to succeed. */
  async importFlow(yaml: string, flow: { id: string; name: string }): Promise<ImportOutcome> {
    // A registration repeated after a lost answer only leaves a job nobody uploads to, which changes nothing.
    const registered = await this.connection.request<RegisterArchitectJobResponse>(JOB_OPERATIONS.registerImport, (api) => api.postFlowsJobs());
    const jobId = requireJobId(registered?.id, JOB_OPERATIONS.registerImport);
    if (typeof registered.presignedUrl !== "string" || registered.presignedUrl === "") {
      throw new ArchitectJobError(`import job ${jobId} for flow '${flow.name}' came without a presignedUrl to upload the flow to; nothing was written`, jobId, "unusable");
    }
    // Exactly the headers the service signed: one more or one less and the file host refuses the upload.
    await this.connection.transfer(JOB_OPERATIONS.upload, { method: "PUT", url: registered.presignedUrl, headers: { ...(registered.headers ?? {}) }, body: Buffer.from(yaml, "utf8") });
    const state = await this.untilDone("import", jobId, [flow.name], () =>
      this.connection.request<ArchitectJobStateResponse>(JOB_OPERATIONS.importState, (api) => api.getFlowsJob(jobId, { expand: ["messages"] })),
    );
    if (state.status !== JOB_STATUS.success) throw this.failed("import", jobId, [flow.name], state);
    return { jobId, flowId: state.flow?.id, command: state.command };
  }

  /** Polls until the job ends (doubling the delay up to `maxPollDelayMs`), at most `jobTimeoutMs`. */
  private async untilDone<S extends { status?: string }>(kind: JobProgress["kind"], jobId: string, flows: string[], poll: () => Promise<S>): Promise<S> {
    const startedAtMs = this.clock.now();
    let delayMs = this.firstPollDelayMs;
    let last: string = JOB_STATUS.registered;
    for (;;) {
      const elapsedMs = this.clock.now() - startedAtMs;
      if (elapsedMs >= this.jobTimeoutMs) {
        throw new ArchitectJobError(
          `${kind} job ${jobId} for ${describeFlows(flows)} did not end within ${seconds(this.jobTimeoutMs)} s (last status ${last}); ` +
            `Architect may still run it: look it up by its ID (GET /api/v2/flows/${kind === "export" ? "export/" : ""}jobs/${jobId}), then run the command again`,
          jobId,
          "timeout",
        );
      }
      await this.clock.sleep(Math.min(delayMs, Math.max(0, this.jobTimeoutMs - elapsedMs)));
      delayMs = Math.min(delayMs * 2, this.maxPollDelayMs);
      const state = await poll();
      last = String(state?.status);
      const done = (FINAL_JOB_STATUSES as readonly string[]).includes(last);
      this.onProgress({ kind, jobId, flows, status: last, elapsedMs: this.clock.now() - startedAtMs, done });
      if (done) return state;
    }
  }

  private failed(kind: JobProgress["kind"], jobId: string, flows: string[], state: { status?: string; messages?: ArchitectJobMessage[] }): ArchitectJobError {
    const messages = (state.messages ?? []).map(messageText).filter((text) => text !== "");
    const said = messages.length > 0 ? `: ${messages.join(" | ")}` : " without a message";
    return new ArchitectJobError(`${kind} job ${jobId} for ${describeFlows(flows)} ended in ${state.status}${said}`, jobId, "failure", messages);
  }
}

/** A message of a job for people: its text and the details' codes, redacted like every error of this module. */
function messageText(message: ArchitectJobMessage): string {
  const details = (message.details ?? []).map((detail) => detail.errorCode ?? detail.statusMessage).filter((text): text is string => typeof text === "string");
  const text = [message.text, ...details].filter((part) => typeof part === "string" && part !== "").join(" ");
  return redactSecrets(text);
}

function requireJobId(id: unknown, operation: string): string {
  if (typeof id !== "string" || id === "") throw new ArchitectJobError(`${operation} answered without a job ID; nothing was done`, "(none)", "unusable");
  return id;
}

function describeFlows(names: readonly string[]): string {
  return names.length === 1 ? `flow '${names[0]}'` : `${names.length} flows (${names.slice(0, 3).map((name) => `'${name}'`).join(", ")}${names.length > 3 ? ", ..." : ""})`;
}

function fileNameOf(flow: FlowToExport): string {
  return `${flow.id}.yaml`;
}

/** The downloaded file(s) by flow ID: one YAML file for one flow, a zip of one file per flow for several. */
export function filesByFlow(jobId: string, flows: readonly FlowToExport[], download: Buffer): Map<string, string> {
  const isZip = ZIP_SIGNATURE.every((byte, index) => download[index] === byte);
  if (!isZip) {
    if (flows.length !== 1) throw new ArchitectJobError(`export job ${jobId} for ${flows.length} flows downloaded one file, not a zip of one file per flow`, jobId, "unusable");
    return new Map([[flows[0].id, download.toString("utf8")]]);
  }
  const files = Object.entries(unzipSync(download)).map(([name, bytes]) => ({ name, text: Buffer.from(bytes).toString("utf8") }));
  const byFlow = new Map<string, string>();
  for (const flow of flows) {
    const file = files.find((candidate) => baseName(candidate.name) === fileNameOf(flow)) ?? matchByName(files, flow.name);
    if (file) byFlow.set(flow.id, file.text);
  }
  const missing = flows.filter((flow) => !byFlow.has(flow.id));
  if (missing.length > 0) {
    throw new ArchitectJobError(
      `export job ${jobId} downloaded ${files.length} file(s) (${files.map((file) => file.name).join(", ")}), none of them the flow ${missing.map((flow) => `'${flow.name}'`).join(", ")}`,
      jobId,
      "unusable",
    );
  }
  return byFlow;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The one file whose YAML names the flow `name` (its top level's `name`), if exactly one does. */
function matchByName(files: ReadonlyArray<{ name: string; text: string }>, name: string): { name: string; text: string } | undefined {
  const named = files.filter((file) => {
    const contents = parseDocument(file.text).contents;
    const body = isMap(contents) && contents.items.length === 1 ? contents.items[0].value : undefined;
    const flowName: unknown = isMap(body) ? body.get("name", true) : undefined;
    return isScalar(flowName) && flowName.value === name;
  });
  return named.length === 1 ? named[0] : undefined;
}
