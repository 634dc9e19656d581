// Every org's Architect jobs, kept in memory only (jobs are short-lived; the flows they change are in the
// store): export jobs with the files they snapshotted, import jobs waiting for or processing their upload,
// the signed URLs of both, each job's status as time passes, and each org's window of export registrations.

import { randomBytes, randomUUID } from "node:crypto";
import { ArchitectJobMessage, JOB_STATUS, JobStatus } from "../../wire/architectJobs";
import { ArchyProblem } from "./archyYaml";

/** A download URL works for this long after its job succeeded, then answers 403. */
const DOWNLOAD_URL_LIFETIME_MS = 10 * 60_000;
const EXPORT_WINDOW_MS = 60_000;

/** One flow's file in an export. */
export interface ExportedFile {
  fileName: string;
  yaml: string;
  flowId: string;
  versionId: string;
}

export type ExportOutcome = { status: typeof JOB_STATUS.success; files: ExportedFile[] } | { status: typeof JOB_STATUS.failure; messages: ArchitectJobMessage[] };

export interface ExportJob {
  id: string;
  orgId: string;
  clientId: string;
  totalFlows: number;
  registeredAtMs: number;
  startedAtMs: number;
  finishedAtMs: number;
  /** Decided at registration, from the flows as they were then; shown once the job is final. */
  outcome: ExportOutcome;
  /** The token of its download URL, for a job that succeeds. */
  downloadToken?: string;
}

/** What an import job did with its file. */
export interface ImportOutcome {
  status: typeof JOB_STATUS.success | typeof JOB_STATUS.failure;
  /** `Create` when the file named a flow the org did not have, else `Update`; absent when the file named none. */
  command?: "Create" | "Update";
  flow?: { id: string; name: string; selfUri: string };
  messages: ArchitectJobMessage[];
}

/** What reached an import job's upload URL: the file, or only how large it was. */
export type ReceivedFile = { kind: "file"; bytes: Uint8Array; limitBytes: number } | { kind: "tooLarge"; receivedBytes: number; limitBytes: number };

export interface ImportJob {
  id: string;
  orgId: string;
  clientId: string;
  registeredAtMs: number;
  uploadToken: string;
  /** The headers the upload must carry, exactly. */
  uploadHeaders: Record<string, string>;
  upload?: { receivedAtMs: number; finishedAtMs: number };
  outcome?: ImportOutcome;
}

/** What a signed URL's token opens. */
export type SignedTransfer = { kind: "upload"; job: ImportJob } | { kind: "download"; job: ExportJob; expiresAtMs: number };

/** One job as tests and the benchmark see it. */
export interface ArchitectJobRecord {
  id: string;
  kind: "export" | "import";
  orgId: string;
  clientId: string;
  status: JobStatus;
  registeredAt: Date;
  /** Import jobs: when their file arrived. */
  uploadedAt?: Date;
  command?: string;
  /** Export jobs: the flows exported; import jobs: the flow imported. */
  flowIds: string[];
  messages: ArchitectJobMessage[];
}

/** A job message for a problem, as the service writes one. */
export function jobErrorMessage(problem: ArchyProblem, at: Date): ArchitectJobMessage {
  return { dateTime: at.toISOString(), type: "Error", text: problem.message, details: [{ type: "Error", errorCode: problem.rule }] };
}

export class ArchitectJobs {
  private readonly exportJobs = new Map<string, ExportJob>();
  private readonly importJobs = new Map<string, ImportJob>();
  private readonly transfers = new Map<string, SignedTransfer>();
  /** Files received and not yet processed, by import job ID. */
  private readonly pendingFiles = new Map<string, ReceivedFile>();
  private readonly exportRegistrations = new Map<string, number[]>();
  private readonly timers = new Set<NodeJS.Timeout>();

  /** `processImport` applies a received file to the org; it runs when the job's time is up. */
  constructor(private readonly processImport: (job: ImportJob, file: ReceivedFile, at: Date) => ImportOutcome) {}

  /** Seconds until the org may register another export job, or undefined when it may now. */
  exportRetryAfterSeconds(orgId: string, limitPerMinute: number, nowMs: number): number | undefined {
    if (limitPerMinute <= 0) return undefined;
    const recent = this.recentExportRegistrations(orgId, nowMs);
    if (recent.length < limitPerMinute) return undefined;
    // A slot frees when the oldest registration that keeps the window full leaves it.
    const freedAtMs = recent[recent.length - limitPerMinute] + EXPORT_WINDOW_MS;
    return Math.min(60, Math.max(1, Math.ceil((freedAtMs - nowMs) / 1000)));
  }

  registerExport(options: { orgId: string; clientId: string; totalFlows: number; outcome: ExportOutcome; latencyMs: number; nowMs: number }): ExportJob {
    const { nowMs, latencyMs } = options;
    const job: ExportJob = {
      id: randomUUID(),
      orgId: options.orgId,
      clientId: options.clientId,
      totalFlows: options.totalFlows,
      registeredAtMs: nowMs,
      startedAtMs: nowMs + latencyMs / 2,
      finishedAtMs: nowMs + latencyMs,
      outcome: options.outcome,
    };
    if (job.outcome.status === JOB_STATUS.success) {
      job.downloadToken = unguessableToken();
      this.transfers.set(job.downloadToken, { kind: "download", job, expiresAtMs: job.finishedAtMs + DOWNLOAD_URL_LIFETIME_MS });
    }
    this.exportJobs.set(job.id, job);
    this.exportRegistrations.set(options.orgId, [...this.recentExportRegistrations(options.orgId, nowMs), nowMs]);
    return job;
  }

  /** The org's export job with this ID; another org's is not found. */
  findExport(orgId: string, jobId: string): ExportJob | undefined {
    const job = this.exportJobs.get(jobId);
    return job?.orgId === orgId ? job : undefined;
  }

  exportStatus(job: ExportJob, nowMs: number): JobStatus {
    if (nowMs >= job.finishedAtMs) return job.outcome.status;
    return nowMs >= job.startedAtMs ? JOB_STATUS.started : JOB_STATUS.registered;
  }

  registerImport(options: { orgId: string; clientId: string; nowMs: number }): ImportJob {
    const job: ImportJob = {
      id: randomUUID(),
      orgId: options.orgId,
      clientId: options.clientId,
      registeredAtMs: options.nowMs,
      uploadToken: unguessableToken(),
      uploadHeaders: { "Content-Type": "application/octet-stream", "x-emulator-upload-signature": randomBytes(16).toString("hex") },
    };
    this.importJobs.set(job.id, job);
    this.transfers.set(job.uploadToken, { kind: "upload", job });
    return job;
  }

  /** The org's import job with this ID, processed first if its time is up; another org's is not found. */
  findImport(orgId: string, jobId: string, nowMs: number): ImportJob | undefined {
    const job = this.importJobs.get(jobId);
    if (job?.orgId !== orgId) return undefined;
    this.processIfDue(job, nowMs);
    return job;
  }

  importStatus(job: ImportJob, nowMs: number): JobStatus {
    if (job.outcome) return job.outcome.status;
    return job.upload && nowMs >= job.upload.receivedAtMs ? JOB_STATUS.started : JOB_STATUS.registered;
  }

  /** Takes the one upload of `job`; it is processed `latencyMs` from now (at once when 0). */
  receiveUpload(job: ImportJob, file: ReceivedFile, latencyMs: number, nowMs: number): void {
    job.upload = { receivedAtMs: nowMs, finishedAtMs: nowMs + latencyMs };
    this.pendingFiles.set(job.id, file);
    if (latencyMs <= 0) {
      this.processIfDue(job, nowMs);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.processIfDue(job, Date.now());
    }, latencyMs);
    timer.unref();
    this.timers.add(timer);
  }

  /** What the token of a signed URL opens, or undefined when it opens nothing. */
  signedTransfer(token: string): SignedTransfer | undefined {
    return this.transfers.get(token);
  }

  /** Every job so far, oldest first; `orgId` keeps one org's. */
  history(orgId?: string, nowMs = Date.now()): ArchitectJobRecord[] {
    const exports = [...this.exportJobs.values()].map((job): ArchitectJobRecord => {
      const status = this.exportStatus(job, nowMs);
      const final = status === job.outcome.status;
      return {
        id: job.id,
        kind: "export",
        orgId: job.orgId,
        clientId: job.clientId,
        status,
        registeredAt: new Date(job.registeredAtMs),
        command: "Export",
        flowIds: job.outcome.status === JOB_STATUS.success ? job.outcome.files.map((file) => file.flowId) : [],
        messages: final && job.outcome.status === JOB_STATUS.failure ? job.outcome.messages : [],
      };
    });
    const imports = [...this.importJobs.values()].map(
      (job): ArchitectJobRecord => ({
        id: job.id,
        kind: "import",
        orgId: job.orgId,
        clientId: job.clientId,
        status: this.importStatus(job, nowMs),
        registeredAt: new Date(job.registeredAtMs),
        ...(job.upload && { uploadedAt: new Date(job.upload.receivedAtMs) }),
        ...(job.outcome?.command && { command: job.outcome.command }),
        flowIds: job.outcome?.flow ? [job.outcome.flow.id] : [],
        messages: job.outcome?.messages ?? [],
      }),
    );
    return [...exports, ...imports].filter((job) => orgId === undefined || job.orgId === orgId).sort((left, right) => left.registeredAt.getTime() - right.registeredAt.getTime());
  }

  /** Forgets the export registrations counted so far, as when the limit changes. */
  resetExportWindows(): void {
    this.exportRegistrations.clear();
  }

  /** Stops the timers of imports still processing; their jobs stay `Started`. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private processIfDue(job: ImportJob, nowMs: number): void {
    const file = this.pendingFiles.get(job.id);
    if (!file || !job.upload || nowMs < job.upload.finishedAtMs) return;
    this.pendingFiles.delete(job.id);
    const at = new Date(nowMs);
    try {
      job.outcome = this.processImport(job, file, at);
    } catch (error) {
      // A bug or a failed save: the job fails with what any client can act on, and the log has the rest.
      console.error(`emulator: import job ${job.id} failed unexpectedly:`, error);
      job.outcome = { status: JOB_STATUS.failure, messages: [jobErrorMessage({ rule: "internal-error", message: "The service failed to process the file; see the emulator's log." }, at)] };
    }
  }

  private recentExportRegistrations(orgId: string, nowMs: number): number[] {
    return (this.exportRegistrations.get(orgId) ?? []).filter((atMs) => atMs > nowMs - EXPORT_WINDOW_MS);
  }
}

/** 32 random bytes: a signed URL's token cannot be guessed. */
function unguessableToken(): string {
  return randomBytes(32).toString("base64url");
}
