// Turns the emulator's request log of one phase into what the benchmark reports: requests per
// endpoint template (GET /api/v2/flows/{id}), and how many were answered 409 or 429.

import type { RequestLogEntry } from "../emulator";

export interface RequestSummary {
  total: number;
  /** "METHOD /path/template" -> count. */
  byEndpoint: Record<string, number>;
  conflicts: number;
  rateLimited: number;
}

/** Paths that carry an ID, most specific first; `actions/publish` is a fixed path, not an ID. */
const PATH_TEMPLATES: Array<{ pattern: RegExp; template: string }> = [
  { pattern: /^\/api\/v2\/flows\/actions\/publish$/, template: "/api/v2/flows/actions/publish" },
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
