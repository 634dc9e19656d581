// The emulator's route table: each endpoint with its handler and what it needs from the pipeline
// (a bearer token, the rate limit, injected faults), and the pure lookup of a request's route.

import { issueToken } from "./authentication/oauthHandler";
import { ApiError, GenesysErrorFactory } from "./errors/GenesysErrorFactory";
import { listConsumingResources } from "./handlers/dependencyTrackingHandler";
import { createFlow, deleteFlow, getFlow, getFlowVersion, getFlowVersionConfiguration, listFlows, publishFlow, putFlow } from "./handlers/flowsHandler";
import { Handler } from "./http/requestContext";

/** What a route asks of the middlewares before its handler runs. */
export interface RouteNeeds {
  /** A valid bearer token; the handler then sees only the token's org. */
  authentication: boolean;
  /** Counted against the caller's per-client limit (`rateLimitPerMinute`). */
  rateLimit: boolean;
  /** Open to the faults any API request may get: throttling (`throttledRate`) and 500/503 (`errorRate`). */
  requestFaults: boolean;
  /** A flow write open to the write faults: graph not stored, connection dropped after the write. */
  writeFaults: boolean;
}

export interface Endpoint {
  handler: Handler;
  needs: RouteNeeds;
}

/** A request's route: the endpoint with its path parameters, or the error to answer once `needs` are met. */
export type RouteResolution =
  | { kind: "endpoint"; endpoint: Endpoint; needs: RouteNeeds; pathParams: string[] }
  | { kind: "refused"; needs: RouteNeeds; error: ApiError };

const NOTHING: RouteNeeds = { authentication: false, rateLimit: false, requestFaults: false, writeFaults: false };
/** Like the service, every `/api` path wants a token first, even one with no endpoint: 401 comes before 404. */
const API_PATH: RouteNeeds = { ...NOTHING, authentication: true };
const API_CALL: RouteNeeds = { authentication: true, rateLimit: true, requestFaults: true, writeFaults: false };
const FLOW_WRITE: RouteNeeds = { ...API_CALL, writeFaults: true };
const API_PREFIX = "/api/";

const apiCall = (handler: Handler): Endpoint => ({ handler, needs: API_CALL });

const ROUTES: Array<{ pattern: RegExp; methods: Partial<Record<string, Endpoint>> }> = [
  // The token endpoint needs nothing, so a client can always log in, whatever faults are set.
  { pattern: /^\/oauth\/token$/, methods: { POST: { handler: issueToken, needs: NOTHING } } },
  { pattern: /^\/api\/v2\/flows$/, methods: { GET: apiCall(listFlows), POST: apiCall(createFlow) } },
  { pattern: /^\/api\/v2\/flows\/actions\/publish$/, methods: { POST: apiCall(publishFlow) } },
  { pattern: /^\/api\/v2\/flows\/([^/]+)\/versions\/([^/]+)$/, methods: { GET: apiCall(getFlowVersion) } },
  { pattern: /^\/api\/v2\/flows\/([^/]+)\/versions\/([^/]+)\/configuration$/, methods: { GET: apiCall(getFlowVersionConfiguration) } },
  { pattern: /^\/api\/v2\/flows\/([^/]+)$/, methods: { GET: apiCall(getFlow), PUT: { handler: putFlow, needs: FLOW_WRITE }, DELETE: apiCall(deleteFlow) } },
  { pattern: /^\/api\/v2\/architect\/dependencytracking\/consumingresources$/, methods: { GET: apiCall(listConsumingResources) } },
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
