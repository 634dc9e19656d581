// Turns the emulator's request log of one phase into what the benchmark reports: requests per
// endpoint template (GET /api/v2/flows/{id}), how many were answered 409 or 429, and on an Architect
// org the jobs registered, their polls and the files moved through their signed URLs.

import type { ArchitectJobRecord, RequestLogEntry } from "../emulator";

export interface RequestSummary {
  total: number;
  /** "METHOD /path/template" -> count. */
  byEndpoint: Record<string, number>;
  conflicts: number;
  rateLimited: number;
}

/** A job's state, polled until it ends: the path templates of an import's and an export's. */
const JOB_POLL_PATHS = { import: "/api/v2/flows/jobs/{jobId}", export: "/api/v2/flows/export/jobs/{jobId}" } as const;
/** The signed URLs of Architect jobs: an export's file is downloaded, an import's uploaded. */
const DOWNLOAD_PATH = "/downloads/{token}";
const UPLOAD_PATH = "/uploads/{token}";

/** Paths that carry an ID, most specific first; `actions/publish` and `jobs` are fixed paths, not IDs. */
const PATH_TEMPLATES: Array<{ pattern: RegExp; template: string }> = [
  { pattern: /^\/api\/v2\/flows\/actions\/publish$/, template: "/api/v2/flows/actions/publish" },
  { pattern: /^\/api\/v2\/flows\/jobs$/, template: "/api/v2/flows/jobs" },
  { pattern: /^\/api\/v2\/flows\/jobs\/[^/]+$/, template: JOB_POLL_PATHS.import },
  { pattern: /^\/api\/v2\/flows\/export\/jobs\/[^/]+$/, template: JOB_POLL_PATHS.export },
  { pattern: /^\/downloads\/[^/]+$/, template: DOWNLOAD_PATH },
  { pattern: /^\/uploads\/[^/]+$/, template: UPLOAD_PATH },
  { pattern: /^\/api\/v2\/flows\/[^/]+$/, template: "/api/v2/flows/{id}" },
];

export function endpointOf(entry: Pick<RequestLogEntry, "method" | "path">): string {
  const template = PATH_TEMPLATES.find(({ pattern }) => pattern.test(entry.path))?.template ?? entry.path;
  return `${entry.method} ${template}`;
}

export function summarizeRequests(entries: ReadonlyArray<Pick<RequestLogEntry, "method" | "path" | "status">>): RequestSummary {
  const byEndpoint: Record<string, number> = {};
  let conflicts = 0;
  let rateLimited = 0;
  for (const entry of entries) {
    const endpoint = endpointOf(entry);
    byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + 1;
    if (entry.status === 409) conflicts += 1;
    if (entry.status === 429) rateLimited += 1;
  }
  return { total: entries.length, byEndpoint, conflicts, rateLimited };
}

/** Reads of flows: single-flow GETs and list/lookup pages. */
export function flowReads(summary: RequestSummary): number {
  return (summary.byEndpoint["GET /api/v2/flows/{id}"] ?? 0) + (summary.byEndpoint["GET /api/v2/flows"] ?? 0);
}

export function logins(summary: RequestSummary): number {
  return summary.byEndpoint["POST /oauth/token"] ?? 0;
}

/** "GET /api/v2/flows/{id} ×6, PUT /api/v2/flows/{id} ×5", endpoints in a fixed order. */
export function describeEndpoints(byEndpoint: Record<string, number>): string {
  const entries = Object.entries(byEndpoint).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? "none" : entries.map(([endpoint, count]) => `${endpoint} ×${count}`).join(", ");
}

/** What an Architect org's jobs cost in one phase: jobs registered by kind, their polls, and the files they moved. */
export interface JobCounts {
  exportJobs: number;
  importJobs: number;
  /** State requests, of either kind of job, until each ended. */
  polls: number;
  downloads: number;
  uploads: number;
}

/** The job counts of a phase: `jobs` registered during it, and what its request log says of polls and files. */
export function countJobs(summary: RequestSummary, jobs: ReadonlyArray<Pick<ArchitectJobRecord, "kind">>): JobCounts {
  const requests = (endpoint: string) => summary.byEndpoint[endpoint] ?? 0;
  return {
    exportJobs: jobs.filter((job) => job.kind === "export").length,
    importJobs: jobs.filter((job) => job.kind === "import").length,
    polls: requests(`GET ${JOB_POLL_PATHS.export}`) + requests(`GET ${JOB_POLL_PATHS.import}`),
    downloads: requests(`GET ${DOWNLOAD_PATH}`),
    uploads: requests(`PUT ${UPLOAD_PATH}`),
  };
}

/** Requests to the API itself: every request but the files moved through signed URLs (the file host's, not the API's). */
export function apiRequests(summary: RequestSummary): number {
  return summary.total - (summary.byEndpoint[`GET ${DOWNLOAD_PATH}`] ?? 0) - (summary.byEndpoint[`PUT ${UPLOAD_PATH}`] ?? 0);
}
