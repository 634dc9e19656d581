// The emulator's route table: each endpoint with its handler and what it needs from the pipeline
// (a bearer token or a signed URL, the rate limit, injected faults, a file body), and the pure lookup of
// a request's route.

import { issueToken } from "./authentication/oauthHandler";
import { ApiError, GenesysErrorFactory } from "./errors/GenesysErrorFactory";
import {
  createArchitectFlow,
  deleteArchitectFlow,
  getArchitectFlowVersion,
  publishArchitectFlow,
  putArchitectFlow,
} from "./handlers/architectFlowsHandler";
import { listConsumingResources } from "./handlers/dependencyTrackingHandler";
import { getExportJob, registerExportJob } from "./handlers/exportJobsHandler";
import { architectOnly, byFlowFormat, graphOnly } from "./handlers/flowFormats";
import { checkinFlow, checkoutFlow, unlockFlow } from "./handlers/flowLocksHandler";
import { createFlow, deleteFlow, getFlow, getFlowVersion, getFlowVersionConfiguration, listFlows, publishFlow, putFlow } from "./handlers/flowsHandler";
import { getImportJob, registerImportJob } from "./handlers/importJobsHandler";
import { receiveUpload, serveDownload } from "./handlers/signedUrlHandler";
import { Handler } from "./http/requestContext";

/** What a route asks of the middlewares before its handler runs. */
export interface RouteNeeds {
  /**
   * `bearer`: a valid bearer token; the handler then sees only the token's org. `signedUrl`: the token in
   * the path opens a job's upload or download, and the request carries no Authorization header.
   */
  authentication: "none" | "bearer" | "signedUrl";
  /** Counted against the caller's per-client limit (`rateLimitPerMinute`). */
  rateLimit: boolean;
  /** Open to the faults any API request may get: throttling (`throttledRate`) and 500/503 (`errorRate`). */
  requestFaults: boolean;
  /** A flow write open to the write faults: graph not stored, connection dropped after the write. */
  writeFaults: boolean;
  /** The body is a file of up to `maxUploadBytes`; a larger one reaches the handler as its size only. */
  fileBody: boolean;
}

export interface Endpoint {
  handler: Handler;
  needs: RouteNeeds;
}

/** A request's route: the endpoint with its path parameters, or the error to answer once `needs` are met. */
export type RouteResolution =
  | { kind: "endpoint"; endpoint: Endpoint; needs: RouteNeeds; pathParams: string[] }
  | { kind: "refused"; needs: RouteNeeds; error: ApiError };

const NOTHING: RouteNeeds = { authentication: "none", rateLimit: false, requestFaults: false, writeFaults: false, fileBody: false };
/** Like the service, every `/api` path wants a token first, even one with no endpoint: 401 comes before 404. */
const API_PATH: RouteNeeds = { ...NOTHING, authentication: "bearer" };
const API_CALL: RouteNeeds = { ...API_PATH, rateLimit: true, requestFaults: true };
const FLOW_WRITE: RouteNeeds = { ...API_CALL, writeFaults: true };
/** The file host behind signed URLs: neither the API's rate limit nor its faults (latency applies to every request). */
const SIGNED_URL: RouteNeeds = { ...NOTHING, authentication: "signedUrl" };
const API_PREFIX = "/api/";

const apiCall = (handler: Handler): Endpoint => ({ handler, needs: API_CALL });

const ROUTES: Array<{ pattern: RegExp; methods: Partial<Record<string, Endpoint>> }> = [
  // The token endpoint needs nothing, so a client can always log in, whatever faults are set.
  { pattern: /^\/oauth\/token$/, methods: { POST: { handler: issueToken, needs: NOTHING } } },
  { pattern: /^\/api\/v2\/flows$/, methods: { GET: apiCall(listFlows), POST: apiCall(byFlowFormat({ graph: createFlow, architect: createArchitectFlow })) } },
  { pattern: /^\/api\/v2\/flows\/actions\/publish$/, methods: { POST: apiCall(byFlowFormat({ graph: publishFlow, architect: publishArchitectFlow })) } },
  { pattern: /^\/api\/v2\/flows\/actions\/checkout$/, methods: { POST: apiCall(architectOnly("Checking a flow out", checkoutFlow)) } },
  { pattern: /^\/api\/v2\/flows\/actions\/checkin$/, methods: { POST: apiCall(architectOnly("Checking a flow in", checkinFlow)) } },
  { pattern: /^\/api\/v2\/flows\/actions\/unlock$/, methods: { POST: apiCall(architectOnly("Unlocking a flow", unlockFlow)) } },
  { pattern: /^\/api\/v2\/flows\/export\/jobs$/, methods: { POST: apiCall(architectOnly("An export job", registerExportJob)) } },
  { pattern: /^\/api\/v2\/flows\/export\/jobs\/([^/]+)$/, methods: { GET: apiCall(architectOnly("An export job", getExportJob)) } },
  { pattern: /^\/api\/v2\/flows\/jobs$/, methods: { POST: apiCall(architectOnly("An import job", registerImportJob)) } },
  { pattern: /^\/api\/v2\/flows\/jobs\/([^/]+)$/, methods: { GET: apiCall(architectOnly("An import job", getImportJob)) } },
  { pattern: /^\/api\/v2\/flows\/([^/]+)\/versions\/([^/]+)$/, methods: { GET: apiCall(byFlowFormat({ graph: getFlowVersion, architect: getArchitectFlowVersion })) } },
  {
    pattern: /^\/api\/v2\/flows\/([^/]+)\/versions\/([^/]+)\/configuration$/,
    // Architect's own configuration JSON is not emulated: an Architect flow's logic is read by exporting it.
    methods: { GET: apiCall(graphOnly("A version's configuration document", getFlowVersionConfiguration)) },
  },
  {
    pattern: /^\/api\/v2\/flows\/([^/]+)$/,
    methods: {
      GET: apiCall(getFlow),
      PUT: { handler: byFlowFormat({ graph: putFlow, architect: putArchitectFlow }), needs: FLOW_WRITE },
      DELETE: apiCall(byFlowFormat({ graph: deleteFlow, architect: deleteArchitectFlow })),
    },
  },
  { pattern: /^\/api\/v2\/architect\/dependencytracking\/consumingresources$/, methods: { GET: apiCall(listConsumingResources) } },
  { pattern: /^\/uploads\/([^/]+)$/, methods: { PUT: { handler: receiveUpload, needs: { ...SIGNED_URL, fileBody: true } } } },
  { pattern: /^\/downloads\/([^/]+)$/, methods: { GET: { handler: serveDownload, needs: SIGNED_URL } } },
];

export function resolveRoute(method: string, path: string): RouteResolution {
  const refused = (error: ApiError): RouteResolution => ({ kind: "refused", needs: path.startsWith(API_PREFIX) ? API_PATH : NOTHING, error });
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const endpoint = route.methods[method];
    if (!endpoint) return refused(GenesysErrorFactory.methodNotAllowed(method, path, Object.keys(route.methods)));
    try {
      return { kind: "endpoint", endpoint, needs: endpoint.needs, pathParams: match.slice(1).map((segment) => decodeURIComponent(segment)) };
    } catch {
      return refused(GenesysErrorFactory.badRequest(`The path ${path} is not validly URI-encoded.`));
    }
  }
  return refused(GenesysErrorFactory.routeNotFound(method, path));
}
