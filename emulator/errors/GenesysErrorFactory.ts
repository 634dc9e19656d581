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
  flowLocked(flow: { id: string; name: string }, holderClientId: string): ApiError {
    return new ApiError(409, "flow.locked", `Flow '${flow.name}' (${flow.id}) is checked out by OAuth client '${holderClientId}'; it must check the flow in, or an Architect admin unlock it (POST /api/v2/flows/actions/unlock).`, {
      details: [{ entityId: flow.id, entityName: flow.name }],
    });
  },
  flowNotCheckedOut(flow: { id: string; name: string }): ApiError {
    return new ApiError(409, "flow.not.checked.out", `Flow '${flow.name}' (${flow.id}) is not checked out; there is nothing to check in.`, { details: [{ entityId: flow.id }] });
  },
  flowWithoutConfiguration(flow: { id: string; name: string }): ApiError {
    return new ApiError(400, "flow.configuration.missing", `Flow '${flow.name}' (${flow.id}) has no configuration to publish; import one first (POST /api/v2/flows/jobs).`, {
      details: [{ entityId: flow.id }],
    });
  },
  /** An endpoint one flow format serves, asked of an org that keeps its flows in the other. */
  notServedInFlowFormat(what: string, orgId: string, orgFormat: "graph" | "architect"): ApiError {
    const other = orgFormat === "graph" ? "Architect orgs (Archy YAML through export and import jobs)" : "graph-format orgs (flow documents with triggers and edges)";
    return new ApiError(400, "flow.format.unsupported", `${what} is served for ${other}; org '${orgId}' keeps its flows in the ${orgFormat} format.`);
  },
  jobNotFound(kind: "export" | "import", jobId: string): ApiError {
    return new ApiError(404, "not.found", `${kind === "export" ? "Export" : "Import"} job '${jobId}' was not found.`, { details: [{ entityId: jobId }] });
  },
  tooManyExportJobs(limitPerMinute: number, retryAfterSeconds: number): ApiError {
    return new ApiError(429, "too.many.requests", `This org registered ${limitPerMinute} export jobs in the last minute, the most it may. Retry the request in [${retryAfterSeconds}] seconds.`, {
      headers: { "Retry-After": String(retryAfterSeconds) },
    });
  },
  // The signed URLs are served by the file host, not the API: their errors carry its codes (as S3 names them).
  signedUrlWithAuthorization(): ApiError {
    return new ApiError(400, "InvalidArgument", "This URL is signed and must not carry an Authorization header: send no bearer token to the file host.");
  },
  signedUrlUnknown(): ApiError {
    return new ApiError(404, "NoSuchKey", "No file or upload is behind this URL.");
  },
  signedUrlExpired(): ApiError {
    return new ApiError(403, "AccessDenied", "Request has expired: this download URL was valid for 10 minutes after its job succeeded; run the export again.");
  },
  uploadSignatureMismatch(headerName: string, problem: "missing" | "different"): ApiError {
    return new ApiError(
      403,
      "SignatureDoesNotMatch",
      `The request signature we calculated does not match the signature you provided: the header '${headerName}' is ${problem === "missing" ? "missing" : "not the value the URL was signed with"}. Send exactly the headers POST /api/v2/flows/jobs returned.`,
    );
  },
  uploadAlreadyReceived(jobId: string): ApiError {
    return new ApiError(409, "UploadAlreadyReceived", `Import job '${jobId}' has received its file already; register a new job for another upload.`);
  },
  uploadTooLarge(receivedBytes: number, limitBytes: number): ApiError {
    return new ApiError(413, "EntityTooLarge", `Your proposed upload exceeds the maximum allowed size: ${receivedBytes} bytes, over the limit of ${limitBytes}. The import job fails.`);
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
