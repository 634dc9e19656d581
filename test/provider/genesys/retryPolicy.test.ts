// Protects the single retry policy: what is retried, how long it waits (backoff, Retry-After), and its bounds.

import { GenesysApiError } from "../../../provider/genesys/errors";
import {
  RetryContext,
  backoffDelayMs,
  isSafeToRepeatWrite,
  isTransientError,
  isUncertainWriteError,
  parseRetryAfterMs,
  resolveRetryOptions,
  retryDelayMs,
  withRetry,
} from "../../../provider/genesys/retryPolicy";

const httpError = (status: number, retryAfter?: string) =>
  new GenesysApiError({ operation: "GET /api/v2/flows/{flowId}", kind: "http", status, message: "x", retryAfter });
const networkError = (networkCode: string) => new GenesysApiError({ operation: "PUT /api/v2/flows/{flowId}", kind: "network", networkCode, message: "x" });

function recordingSleep() {
  const waitsMs: number[] = [];
  return { waitsMs, sleep: async (ms: number) => void waitsMs.push(ms) };
}

describe("withRetry", () => {
  it("retries transient failures and returns the first success", async () => {
    const { waitsMs, sleep } = recordingSleep();
    const failures = [httpError(503), networkError("ECONNRESET"), httpError(429, "2")];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        const failure = failures.shift();
        if (failure) throw failure;
        return "ok";
      },
      { sleep, random: () => 0.5, minDelayMs: 100 },
    );
    expect(result).toBe("ok");
    expect(calls).toBe(4);
    // backoff attempt 1: 0.5*100, attempt 2: 0.5*200, then Retry-After 2 s honoured exactly
    expect(waitsMs).toEqual([50, 100, 2000]);
  });

  it.each([{ status: 400 }, { status: 401 }, { status: 403 }, { status: 404 }, { status: 409 }])("does not retry $status", async ({ status }) => {
    const { waitsMs, sleep } = recordingSleep();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw httpError(status);
        },
        { sleep },
      ),
    ).rejects.toMatchObject({ status });
    expect(calls).toBe(1);
    expect(waitsMs).toEqual([]);
  });

  it("gives up after the configured retries with the last error", async () => {
    const { sleep } = recordingSleep();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw httpError(500);
        },
        { sleep, retries: 2 },
      ),
    ).rejects.toMatchObject({ status: 500 });
    expect(calls).toBe(3);
  });

  it("calls onRetry with a frozen context", async () => {
    const { sleep } = recordingSleep();
    const contexts: RetryContext[] = [];
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls < 3) throw httpError(502);
        return calls;
      },
      { sleep, random: () => 0, onRetry: (context) => contexts.push(context) },
    );
    expect(contexts.map(({ attemptNumber, retriesLeft }) => ({ attemptNumber, retriesLeft }))).toEqual([
      { attemptNumber: 1, retriesLeft: 4 },
      { attemptNumber: 2, retriesLeft: 3 },
    ]);
    expect(Object.isFrozen(contexts[0])).toBe(true);
  });

  it("fails instead of waiting longer than maxRetryAfterMs", async () => {
    const { waitsMs, sleep } = recordingSleep();
    await expect(withRetry(async () => Promise.reject(httpError(429, "3600")), { sleep, maxRetryAfterMs: 60_000 })).rejects.toMatchObject({ status: 429 });
    expect(waitsMs).toEqual([]);
  });

  it("uses a custom shouldRetry (callers retry 409 themselves this way)", async () => {
    const { sleep } = recordingSleep();
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 2) throw httpError(409);
        return "done";
      },
      { sleep, shouldRetry: (error) => error instanceof GenesysApiError && error.status === 409 },
    );
    expect(result).toBe("done");
  });
});

describe("delays", () => {
  it("backs off exponentially with full jitter, capped", () => {
    const options = resolveRetryOptions({ minDelayMs: 100, maxDelayMs: 1000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, options))).toEqual([100, 200, 400, 800, 1000, 1000]);
    const zero = resolveRetryOptions({ random: () => 0 });
    expect(backoffDelayMs(3, zero)).toBe(0);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const nowMs = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfterMs("5", nowMs)).toBe(5000);
    expect(parseRetryAfterMs("0.5", nowMs)).toBe(500);
    expect(parseRetryAfterMs("Wed, 01 Jan 2025 00:00:07 GMT", nowMs)).toBe(7000);
    expect(parseRetryAfterMs("Tue, 31 Dec 2024 00:00:00 GMT", nowMs)).toBe(0);
    expect(parseRetryAfterMs("soon", nowMs)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, nowMs)).toBeUndefined();
  });

  it("falls back when a 429 has no readable Retry-After", () => {
    const options = resolveRetryOptions({ fallbackRetryAfterMs: 700, random: () => 0 });
    expect(retryDelayMs(httpError(429), 1, options)).toBe(700);
    expect(retryDelayMs(httpError(429, "garbage"), 1, options)).toBe(700);
    expect(retryDelayMs(httpError(503, "2"), 1, options)).toBe(2000);
  });
});

describe("classification", () => {
  it("treats 429, 5xx and network failures as transient", () => {
    expect([httpError(429), httpError(500), networkError("ETIMEDOUT")].every(isTransientError)).toBe(true);
    expect([httpError(400), httpError(401), httpError(409), new Error("x")].some(isTransientError)).toBe(false);
  });

  it("repeats a write only when the failure proves it was not applied", () => {
    expect(isSafeToRepeatWrite(httpError(429))).toBe(true);
    expect(isSafeToRepeatWrite(networkError("ECONNREFUSED"))).toBe(true);
    expect(isSafeToRepeatWrite(networkError("ECONNRESET"))).toBe(false);
    expect(isSafeToRepeatWrite(httpError(503))).toBe(false);
    expect(isUncertainWriteError(networkError("ECONNRESET"))).toBe(true);
    expect(isUncertainWriteError(networkError("ECONNABORTED"))).toBe(true);
    expect(isUncertainWriteError(httpError(500))).toBe(true);
    expect(isUncertainWriteError(networkError("ECONNREFUSED"))).toBe(false);
    expect(isUncertainWriteError(httpError(409))).toBe(false);
  });
});

describe("option checks", () => {
  it.each([
    { options: { retries: -1 }, message: "Expected `retries` to be a non-negative number" },
    { options: { retries: 1.5 }, message: "Expected `retries` to be a non-negative integer" },
    { options: { minDelayMs: Number.NaN }, message: "Expected `minDelayMs`" },
    { options: { factor: 0.5 }, message: "Expected `factor` to be a number >= 1" },
  ])("rejects $options", ({ options, message }) => {
    expect(() => resolveRetryOptions(options)).toThrow(message);
  });
});
