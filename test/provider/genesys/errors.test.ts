// Protects how SDK rejections become user-facing errors: operation, status, code, correlation ID, and no secrets.

import {
  AuthenticationError,
  FlowNotFoundError,
  GenesysApiError,
  isBadRequest,
  isConflict,
  isGone,
  isNotFound,
  isServerError,
  isTooManyRequests,
  isUnauthorized,
  redactSecrets,
  toGenesysError,
} from "../../../provider/genesys/errors";

const operation = "PUT /api/v2/flows/{flowId}";

describe("toGenesysError", () => {
  it("reads status, code, message and correlation ID from an extended response", () => {
    const error = toGenesysError(
      {
        status: 409,
        headers: { "inin-correlation-id": "corr-1" },
        body: { message: "Version 3 is stale", code: "flow.conflict", status: 409, contextId: "ctx" },
        error: new Error("axios internals"),
      },
      { operation },
    );
    expect(error).toBeInstanceOf(GenesysApiError);
    const apiError = error as GenesysApiError;
    expect(apiError).toMatchObject({ operation, kind: "http", status: 409, code: "flow.conflict", correlationId: "corr-1" });
    expect(apiError.message).toBe(
      "Genesys Cloud PUT /api/v2/flows/{flowId} failed with 409 flow.conflict: Version 3 is stale (correlation ID corr-1). " +
        "Another client kept changing the flow while this one wrote; run the command again (nothing was half-applied: every write carries the version it read)",
    );
  });

  it("tells a user without the permission which ones to grant", () => {
    const error = toGenesysError({ status: 403, headers: {}, body: { message: "Missing permission", code: "missing.permissions", status: 403 } }, { operation: "PUT /api/v2/flows/{flowId}" });
    expect(error.message).toMatch(/architect:flow:edit/);
  });

  it("keeps Retry-After of a 429 and falls back to the body contextId for correlation", () => {
    const error = toGenesysError({ status: 429, headers: { "retry-after": "3" }, body: { message: "slow down", contextId: "ctx-9" } }, { operation }) as GenesysApiError;
    expect(error.retryAfter).toBe("3");
    expect(error.correlationId).toBe("ctx-9");
    expect(isTooManyRequests(error)).toBe(true);
  });

  it("turns an axios error without a response into a network error", () => {
    const error = toGenesysError({ isAxiosError: true, code: "ECONNRESET", message: "socket hang up" }, { operation }) as GenesysApiError;
    expect(error).toMatchObject({ kind: "network", networkCode: "ECONNRESET", status: undefined });
    expect(error.message).toContain("network error ECONNRESET: socket hang up");
  });

  it("reads an axios error that has a response (login failures)", () => {
    const error = toGenesysError(
      { isAxiosError: true, message: "Request failed with status code 401", response: { status: 401, headers: {}, data: { error: "invalid_client", error_description: "bad credentials" } } },
      { operation: "POST /oauth/token" },
    ) as GenesysApiError;
    expect(error).toMatchObject({ kind: "http", status: 401, code: "invalid_client", serviceMessage: "bad credentials" });
  });

  it("turns the SDK's thrown string for a missing argument into a usage error", () => {
    const error = toGenesysError('Missing the required parameter "flowId" when calling getFlow', { operation }) as GenesysApiError;
    expect(error.kind).toBe("usage");
    expect(error.message).toContain('Missing the required parameter "flowId"');
  });

  it("passes this module's own errors through unchanged", () => {
    const own = new FlowNotFoundError("sales-1");
    expect(toGenesysError(own, { operation })).toBe(own);
    const auth = new AuthenticationError("nope", 401);
    expect(toGenesysError(auth, { operation })).toBe(auth);
  });

  it("removes the secret and tokens from the service's message", () => {
    const error = toGenesysError(
      { status: 400, headers: {}, body: { message: "bad request with secret s3cr3t-value and Authorization: Bearer abc.def.ghi" } },
      { operation, secrets: ["s3cr3t-value"] },
    );
    expect(error.message).not.toContain("s3cr3t-value");
    expect(error.message).not.toContain("abc.def.ghi");
  });
});

describe("redactSecrets", () => {
  it.each([
    { text: "Authorization: Bearer eyJhbGciOi.payload.sig", leaked: "eyJhbGciOi.payload.sig" },
    { text: "header Basic ZGV2LWNsaWVudDpkZXYtc2VjcmV0", leaked: "ZGV2LWNsaWVudDpkZXYtc2VjcmV0" },
    { text: '{"access_token":"tok-123456","expires_in":86400}', leaked: "tok-123456" },
    { text: "grant_type=client_credentials&client_secret=plain-secret", leaked: "plain-secret" },
    { text: "{ authorization: 'Custom xyz-987' }", leaked: "xyz-987" },
  ])("scrubs $leaked", ({ text, leaked }) => {
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain(leaked);
    expect(redacted).toContain("[REDACTED]");
  });

  it("replaces every occurrence of a known secret", () => {
    expect(redactSecrets("a dev-secret b dev-secret", ["dev-secret"])).toBe("a [REDACTED] b [REDACTED]");
  });

  it("leaves ordinary text alone", () => {
    expect(redactSecrets("Flow 'Sales Inbound' not found", ["dev-secret", undefined])).toBe("Flow 'Sales Inbound' not found");
  });
});

describe("status guards accept exactly one meaning", () => {
  const at = (status: number) => new GenesysApiError({ operation, kind: "http", status, message: "x" });
  it.each([
    { guard: isBadRequest, status: 400 },
    { guard: isUnauthorized, status: 401 },
    { guard: isNotFound, status: 404 },
    { guard: isConflict, status: 409 },
    { guard: isGone, status: 410 },
    { guard: isTooManyRequests, status: 429 },
  ])("$guard.name is true for $status only", ({ guard, status }) => {
    for (const other of [200, 400, 401, 403, 404, 408, 409, 410, 429, 500, 503]) {
      expect(guard(at(other))).toBe(other === status);
    }
    expect(guard(new Error(String(status)))).toBe(false);
  });

  it("isServerError covers 500-599 only", () => {
    expect([499, 500, 503, 599, 600].map((status) => isServerError(at(status)))).toEqual([false, true, true, true, false]);
  });

});
