// Architect's export and import jobs on the wire: the request and answer shapes (as the Genesys SDK's
// models name them) and the constants a client and the service both speak. Only data lives here; the
// Archy YAML inside the files is each side's own business.

/** Status of an export or import job; `Success` and `Failure` are final. */
export const JOB_STATUS = {
  registered: "Registered",
  started: "Started",
  success: "Success",
  failure: "Failure",
} as const;
export type JobStatus = (typeof JOB_STATUS)[keyof typeof JOB_STATUS];

export const FINAL_JOB_STATUSES: readonly JobStatus[] = [JOB_STATUS.success, JOB_STATUS.failure];

/** The only export type this project asks for: Archy YAML (the service's default). */
export const YAML_EXPORT_TYPE = "Yaml";

/** A flow to export: by ID (with the version to export, e.g. "3.0"), or by name and type. */
export interface ArchitectFlowReference {
  id?: string;
  name?: string;
  type?: string;
  version?: string;
}

export interface ExportDetails {
  flow: ArchitectFlowReference;
  /** The name of the flow's file in the download (inside the zip when several flows are exported). */
  fileName?: string;
  exportType?: string;
}

/** Body of `POST /api/v2/flows/export/jobs`. */
export interface RegisterArchitectExportJob {
  flows: ExportDetails[];
}

export interface RegisterArchitectExportJobResponse {
  id: string;
  status: JobStatus;
  totalFlows: number;
  selfUri?: string;
}

export interface ArchitectJobMessageDetail {
  type?: string;
  errorCode?: string;
  statusCode?: number;
  statusMessage?: string;
  correlationId?: string;
}

export interface ArchitectJobMessage {
  dateTime?: string;
  /** e.g. `Error`, `Warning`, `Info`. */
  type?: string;
  text?: string;
  details?: ArchitectJobMessageDetail[];
}

/** `GET /api/v2/flows/export/jobs/{jobId}?expand=messages`. */
export interface ArchitectExportJobStateResponse {
  id: string;
  status: JobStatus;
  command?: string;
  /** Set once the job succeeded: fetched with a plain GET and no Authorization header. */
  downloadUrl?: string;
  messages?: ArchitectJobMessage[];
  selfUri?: string;
}

/** Body of `POST /api/v2/flows/jobs` (optional). */
export interface RegisterArchitectJobRequest {
  createStubs?: boolean;
}

/** Answer of `POST /api/v2/flows/jobs`: the file goes to `presignedUrl` with exactly `headers` and no Authorization header. */
export interface RegisterArchitectJobResponse {
  id: string;
  presignedUrl: string;
  headers: Record<string, string>;
  selfUri?: string;
}

/** `GET /api/v2/flows/jobs/{jobId}?expand=messages`. */
export interface ArchitectJobStateResponse {
  id: string;
  /** The flow the import created or updated, once known. */
  flow?: { id: string; name?: string; selfUri?: string };
  status: JobStatus;
  /** e.g. `Publish`, `Create`, `Update`. */
  command?: string;
  messages?: ArchitectJobMessage[];
  selfUri?: string;
}
