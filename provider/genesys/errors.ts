// The errors users see when talking to Genesys Cloud fails, and the one function that turns whatever the
// SDK rejects with (extended response, axios error, thrown string) into them, with every secret removed.

/** Why a request failed: the service answered (`http`), the network did (`network`), or the call was malformed (`usage`). */
export type GenesysFailureKind = "http" | "network" | "usage";

export interface GenesysApiErrorDetails {
  /** The endpoint, e.g. `PUT /api/v2/flows/{flowId}`. */
  operation: string;
  kind: GenesysFailureKind;
  /** HTTP status when the service answered. */
  status?: number;
  /** The Genesys error `code` (e.g. `flow.version.conflict`). */
  code?: string;
  /** Already redacted. */
  message: string;
  /** `inin-correlation-id` header (or body `contextId`), for Genesys support. */
  correlationId?: string;
  /** Raw `Retry-After` header of a 429/503, parsed by the retry policy. */
  retryAfter?: string;
  /** Network error code such as `ECONNRESET` or `ECONNABORTED`. */
  networkCode?: string;
}

/** A Genesys Cloud API call that failed; `message` says which operation, what the service said and how to trace it. */
export class GenesysApiError extends Error {
  override readonly name = "GenesysApiError";
  readonly operation: string;
  readonly kind: GenesysFailureKind;
  readonly status?: number;
  readonly code?: string;
  readonly correlationId?: string;
  readonly retryAfter?: string;
  readonly networkCode?: string;
  /** The service's own message (redacted), without the operation prefix. */
  readonly serviceMessage: string;

  constructor(details: GenesysApiErrorDetails) {
    super(describeFailure(details));
    this.operation = details.operation;
    this.kind = details.kind;
    this.status = details.status;
    this.code = details.code;
    this.correlationId = details.correlationId;
    this.retryAfter = details.retryAfter;
    this.networkCode = details.networkCode;
    this.serviceMessage = details.message;
  }
}

function describeFailure(details: GenesysApiErrorDetails): string {
  const what =
    details.kind === "http"
      ? `${details.status}${details.code ? ` ${details.code}` : ""}: ${details.message}`
      : details.kind === "network"
        ? `network error${details.networkCode ? ` ${details.networkCode}` : ""}: ${details.message}`
        : details.message;
  const trace = details.correlationId ? ` (correlation ID ${details.correlationId})` : "";
  const advice = details.kind === "http" && details.status !== undefined ? ADVICE_BY_STATUS[details.status] : undefined;
  return `Genesys Cloud ${details.operation} failed with ${what}${trace}${advice ? `. ${advice}` : ""}`;
}

/** What a user can do about a status that reaches them after the retries (https://developer.genesys.cloud/platform/api/rest/errors). */
const ADVICE_BY_STATUS: Record<number, string> = {
  401: "Check genesys:clientId and genesys:clientSecret (or GENESYS_CLIENT_ID/GENESYS_CLIENT_SECRET) and that the OAuth client uses the Client Credentials grant in this region (genesys:environment)",
  403: "The OAuth client's role lacks a permission: grant architect:flow:view and architect:flow:edit (and architect:flow:publish for publish: true) in the client's division",
  409: "Another client kept changing the flow while this one wrote; run the command again (nothing was half-applied: every write carries the version it read)",
  429: "The org's rate limit for this OAuth client is used up by other integrations too; run the command again later",
};

/** The flow to be read or edited does not exist (any more) in the org. */
export class FlowNotFoundError extends Error {
  override readonly name = "FlowNotFoundError";
  constructor(readonly flowId: string) {
    super(`Flow '${flowId}' does not exist in the Genesys Cloud org (it may have been deleted); check the flow ID or the stack's org.`);
  }
}

/** The server accepted a write but the flow it returned does not hold what was sent. */
export class WriteVerificationError extends Error {
  override readonly name = "WriteVerificationError";
  constructor(
    readonly flowId: string,
    readonly problems: readonly string[],
  ) {
    super(
      `The write of flow '${flowId}' was answered as a success, but the flow returned does not hold what was sent: ${problems.join("; ")}. ` +
        "Nothing is assumed to have been applied; check the flow in Architect and run the operation again.",
    );
  }
}

/** An edit produced a flow the provider will not send (a graph breaking the graph rules, YAML an import would misread); only that edit fails. */
export class InvalidFlowChangeError extends Error {
  override readonly name = "InvalidFlowChangeError";
  constructor(
    readonly flowId: string,
    readonly violations: readonly string[],
  ) {
    super(`The change to flow '${flowId}' would leave it invalid: ${violations.join("; ")}.`);
  }
}

/** An Architect export or import job that ended in `Failure`, did not end in time, or was answered with something unusable. */
export class ArchitectJobError extends Error {
  override readonly name = "ArchitectJobError";
  constructor(
    message: string,
    readonly jobId: string,
    /** Why: the job ended in `Failure` (its messages say why), it did not end in time, or its answer could not be used. */
    readonly reason: "failure" | "timeout" | "unusable",
    /** The job's messages as the service gave them (redacted). */
    readonly jobMessages: readonly string[] = [],
  ) {
    super(message);
  }
}

/** The flow is checked out (locked) by someone in Architect: nothing was written, and nothing unlocks it here. */
export class FlowLockedError extends Error {
  override readonly name = "FlowLockedError";
}

/** The org does not speak the flow format asked for, or its flows disagree about it. */
export class FlowFormatError extends Error {
  override readonly name = "FlowFormatError";
}

/** Connection settings are missing or malformed. */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
}

/** Client-credentials login failed (wrong client ID/secret, or the client lacks the grant). */
export class AuthenticationError extends Error {
  override readonly name = "AuthenticationError";
  constructor(
    message: string,
    readonly status?: number,
    readonly correlationId?: string,
  ) {
    super(message);
  }
}

const REDACTED = "[REDACTED]";

// Credentials can surface in error text as Authorization headers, OAuth response bodies or
// form-encoded bodies; scrub each shape in addition to the literal secrets we know.
const SECRET_PATTERNS: readonly RegExp[] = [
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi,
  /(["']?(?:access_token|refresh_token|client_secret|clientSecret|id_token)["']?\s*[:=]\s*["']?)[^"'&,\s}]+/gi,
  /(["']?authorization["']?\s*[:=]\s*["']?)[^"',}\n]+/gi,
];

/** `text` with every given secret and every token-looking value replaced by `[REDACTED]`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let redacted = text;
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; real secrets and tokens are long.
    if (secret && secret.length >= 4) {
      redacted = redacted.split(secret).join(REDACTED);
    }
  }
  for (const pattern of SECRET_PATTERNS) {
    redacted = redacted.replace(pattern, (match, prefix: string) =>
      /^(Bearer|Basic)\s/i.test(match) ? `${match.split(/\s+/)[0]} ${REDACTED}` : `${prefix}${REDACTED}`,
    );
  }
  return redacted;
}

export interface ErrorContext {
  operation: string;
  /** Values that must never appear in the message (client secret, current token). */
  secrets?: readonly (string | undefined)[];
}

interface ExtendedResponse {
  status: number;
  headers?: Record<string, unknown>;
  body?: unknown;
}

interface AxiosLikeError {
  isAxiosError?: boolean;
  code?: string;
  message?: string;
  response?: { status: number; headers?: Record<string, unknown>; data?: unknown };
}

/**
 * Normalises a rejection from the SDK into a `GenesysApiError` (errors of this module pass through).
 * Shapes, measured with SDK 262: `{ status, headers, body, error }` with extended responses; an axios
 * error for network failures and for login; a thrown string for a missing required argument.
 */
export function toGenesysError(rejection: unknown, context: ErrorContext): Error {
  if (isOwnError(rejection)) {
    return rejection;
  }
  const clean = (text: string) => redactSecrets(text, context.secrets);
  if (typeof rejection === "string") {
    return new GenesysApiError({ operation: context.operation, kind: "usage", message: clean(rejection) });
  }
  const response = responseOf(rejection);
  if (response) {
    const body = (typeof response.body === "object" && response.body !== null ? response.body : {}) as Record<string, unknown>;
    const bodyText = typeof response.body === "string" ? response.body : undefined;
    const message = stringField(body, "message") ?? stringField(body, "error_description") ?? stringField(body, "error") ?? bodyText ?? "no error message in the response";
    return new GenesysApiError({
      operation: context.operation,
      kind: "http",
      status: response.status,
      code: stringField(body, "code") ?? stringField(body, "error"),
      message: clean(message),
      correlationId: headerValue(response.headers, "inin-correlation-id") ?? stringField(body, "contextId"),
      retryAfter: headerValue(response.headers, "retry-after"),
    });
  }
  const axiosError = rejection as AxiosLikeError | undefined;
  if (axiosError && typeof axiosError === "object" && (axiosError.isAxiosError || typeof axiosError.code === "string")) {
    return new GenesysApiError({
      operation: context.operation,
      kind: "network",
      networkCode: axiosError.code,
      message: clean(axiosError.message ?? "request failed without a response"),
    });
  }
  const text = rejection instanceof Error ? rejection.message : safeStringify(rejection);
  return new GenesysApiError({ operation: context.operation, kind: "usage", message: clean(text) });
}

function isOwnError(value: unknown): value is Error {
  return (
    value instanceof GenesysApiError ||
    value instanceof FlowNotFoundError ||
    value instanceof WriteVerificationError ||
    value instanceof InvalidFlowChangeError ||
    value instanceof ConfigurationError ||
    value instanceof AuthenticationError ||
    value instanceof ArchitectJobError ||
    value instanceof FlowLockedError ||
    value instanceof FlowFormatError
  );
}

function responseOf(rejection: unknown): ExtendedResponse | undefined {
  if (typeof rejection !== "object" || rejection === null) {
    return undefined;
  }
  const candidate = rejection as Partial<ExtendedResponse> & AxiosLikeError;
  if (typeof candidate.status === "number" && "body" in candidate) {
    return { status: candidate.status, headers: candidate.headers, body: candidate.body };
  }
  if (candidate.response && typeof candidate.response.status === "number") {
    return { status: candidate.response.status, headers: candidate.response.headers, body: candidate.response.data };
  }
  return undefined;
}

function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** A header of an SDK answer: an extended response, or a rejection that carries one; undefined without it. */
export function answerHeader(answer: unknown, name: string): string | undefined {
  return headerValue(responseOf(answer)?.headers, name);
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!headers) {
    return undefined;
  }
  // axios 1.x hands out an AxiosHeaders object (case-insensitive `get`); plain objects are lower-cased.
  const getter = (headers as { get?: (key: string) => unknown }).get;
  const value = typeof getter === "function" ? getter.call(headers, name) : (headers[name] ?? headers[name.toLowerCase()]);
  return value === undefined || value === null ? undefined : String(value);
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function statusOf(error: unknown): number | undefined {
  return error instanceof GenesysApiError && error.kind === "http" ? error.status : undefined;
}

/** 400: the request was invalid (e.g. a graph the server rejects); not retried. */
export const isBadRequest = (error: unknown): boolean => statusOf(error) === 400;
/** 401: the token was missing, expired or revoked. */
export const isUnauthorized = (error: unknown): boolean => statusOf(error) === 401;
/** 403: the OAuth client lacks a permission. */
/** 404: no such entity. */
export const isNotFound = (error: unknown): boolean => statusOf(error) === 404;
/** 409: the version sent is stale (someone else wrote in between). */
export const isConflict = (error: unknown): boolean => statusOf(error) === 409;
/** 410: the entity was deleted. */
export const isGone = (error: unknown): boolean => statusOf(error) === 410;
/** 429: over the rate limit; `Retry-After` says when to come back. */
export const isTooManyRequests = (error: unknown): boolean => statusOf(error) === 429;
/** 500-599: the service failed. */
export const isServerError = (error: unknown): boolean => {
  const status = statusOf(error);
  return status !== undefined && status >= 500 && status <= 599;
};
/** No HTTP answer at all (reset, timeout, refused). */
export const isNetworkError = (error: unknown): boolean => error instanceof GenesysApiError && error.kind === "network";
/** The connection was refused, so the request was never sent (safe to repeat even for a write). */
export const isConnectionRefused = (error: unknown): boolean => isNetworkError(error) && (error as GenesysApiError).networkCode === "ECONNREFUSED";
