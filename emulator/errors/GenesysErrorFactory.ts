// The one place emulator errors are built: each method returns an `ApiError` carrying the status and
// the Genesys Cloud error body (https://developer.genesys.cloud/platform/api/rest/errors), which the
// server writes out together with the `inin-correlation-id` header.

export interface GenesysErrorBody {
  message: string;
  code: string;
  status: number;
  contextId: string;
  details: Array<{ errorCode?: string; fieldName?: string; entityId?: string; entityName?: string }>;
  errors: Array<{ message: string; code: string; status: number }>;
  [extra: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extras: {
      errors?: GenesysErrorBody["errors"];
      details?: GenesysErrorBody["details"];
      /** Response headers to add, e.g. `Retry-After`. */
      headers?: Record<string, string>;
      /** Extra body fields, e.g. the OAuth `error`/`error_description` pair. */
      bodyFields?: Record<string, unknown>;
    } = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  toBody(contextId: string): GenesysErrorBody {
    return {
      message: this.message,
      code: this.code,
      status: this.status,
      contextId,
      details: this.extras.details ?? [],
      errors: this.extras.errors ?? [],
      ...this.extras.bodyFields,
    };
  }
}

export const GenesysErrorFactory = {
  badRequest(message: string, errors?: GenesysErrorBody["errors"]): ApiError {
    return new ApiError(400, "bad.request", message, { errors });
  },
  invalidFlowGraph(violations: Array<{ rule: string; message: string }>): ApiError {
    const summary = violations.map((violation) => `${violation.rule}: ${violation.message}`).join("; ");
    return new ApiError(400, "flow.graph.invalid", `The flow graph is invalid (${summary}).`, {
      errors: violations.map((violation) => ({ message: violation.message, code: `flow.graph.${violation.rule}`, status: 400 })),
    });
  },
  invalidClientCredentials(): ApiError {
    return new ApiError(401, "bad.credentials", "Invalid login credentials.", {
      bodyFields: { error: "invalid_client", error_description: "client not found or secret does not match" },
    });
  },
  unsupportedGrantType(grantType: string | null): ApiError {
    return new ApiError(400, "bad.request", `Unsupported grant_type '${grantType ?? ""}'; this emulator accepts client_credentials.`, {
      bodyFields: { error: "unsupported_grant_type", error_description: "only client_credentials is supported" },
    });
  },
  authenticationRequired(): ApiError {
    return new ApiError(401, "authentication.required", "No authentication bearer token specified in authorization header.");
  },
  invalidToken(): ApiError {
    return new ApiError(401, "bad.credentials", "Invalid login credentials: the bearer token is unknown or expired.");
  },
  routeNotFound(method: string, path: string): ApiError {
    return new ApiError(404, "not.found", `No API resource matches ${method} ${path}.`);
  },
  methodNotAllowed(method: string, path: string, allowed: string[]): ApiError {
    return new ApiError(405, "method.not.allowed", `${method} is not supported on ${path}; use ${allowed.join(", ")}.`, {
      headers: { Allow: allowed.join(", ") },
    });
  },
  flowNotFound(flowId: string): ApiError {
    return new ApiError(404, "not.found", `Flow '${flowId}' was not found.`, { details: [{ entityId: flowId }] });
  },
  flowVersionNotFound(flowId: string, versionId: string, published: string[]): ApiError {
    const known = published.length === 0 ? "it was never published" : `its published versions are ${published.join(", ")}`;
    return new ApiError(404, "not.found", `Flow '${flowId}' has no version '${versionId}'; ${known}.`, { details: [{ entityId: flowId, fieldName: "versionId" }] });
  },
  flowGone(flowId: string): ApiError {
    return new ApiError(410, "flow.deleted", `Flow '${flowId}' has been deleted.`, { details: [{ entityId: flowId }] });
  },
  versionConflict(flowId: string, sentVersion: number, currentVersion: number): ApiError {
    return new ApiError(409, "conflict", `Flow '${flowId}' is at version ${currentVersion}, the request was based on version ${sentVersion}; read it again and retry.`, {
      details: [{ entityId: flowId, fieldName: "version" }],
    });
  },
  flowNameConflict(name: string, type: string): ApiError {
    return new ApiError(409, "flow.name.conflict", `A ${type} flow named '${name}' already exists.`, { details: [{ entityName: name, fieldName: "name" }] });
  },
  flowInUse(flowId: string, consumerNames: string[]): ApiError {
    return new ApiError(409, "flow.in.use", `Flow '${flowId}' is called by ${consumerNames.map((name) => `'${name}'`).join(", ")}; remove those calls first.`, {
      details: [{ entityId: flowId }],
    });
  },
  tooManyRequests(retryAfterSeconds: number): ApiError {
    return new ApiError(429, "too.many.requests", `Rate limit exceeded the maximum. Retry the request in [${retryAfterSeconds}] seconds.`, {
      headers: { "Retry-After": String(retryAfterSeconds) },
    });
  },
  injectedFault(status: 500 | 503): ApiError {
    return status === 500
      ? new ApiError(500, "internal.server.error", "The server encountered an unexpected error (injected fault).")
      : new ApiError(503, "service.unavailable", "The service is temporarily unavailable (injected fault).");
  },
  internalError(): ApiError {
    return new ApiError(500, "internal.server.error", "The emulator failed to handle the request; see its log.");
  },
};

/** `error` itself when it is an `ApiError`; anything else is a bug in the emulator, answered as a 500. */
export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : GenesysErrorFactory.internalError();
}
