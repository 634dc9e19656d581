// Protects the fault injection tests and benchmarks rely on: per-client rate limit (429 with
// Retry-After), a share of 500/503 answers, writes that land but lose their answer, and added latency.

import { startEmulator, RunningEmulator } from "../../emulator";
import { loggedInSdk, rejection } from "./sdkClient";

let emulator: RunningEmulator;

beforeEach(async () => {
  emulator = await startEmulator({ randomSeed: 42 });
});

afterEach(() => emulator.close());

describe("rate limit", () => {
  it("answers requests over the per-client limit with 429 and a Retry-After in seconds", async () => {
    emulator.setFaults({ rateLimitPerMinute: 3 });
    const dev = await loggedInSdk(emulator, { extended: true });
    for (let index = 0; index < 3; index += 1) {
      expect((await dev.architect.getFlows({})).status).toBe(200);
    }
    const limited = await rejection(dev.architect.getFlows({}));
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe("too.many.requests");
    const retryAfterSeconds = Number(limited.headers["retry-after"]);
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(retryAfterSeconds).toBeLessThanOrEqual(60);

    // The limit is per client: another client (here of another org) is not affected.
    const prod = await loggedInSdk(emulator, { clientId: "prod-client", clientSecret: "prod-secret", extended: true });
    expect((await prod.architect.getFlows({})).status).toBe(200);
  });

  it("is off by default", async () => {
    const dev = await loggedInSdk(emulator);
    await Promise.all(Array.from({ length: 50 }, () => dev.architect.getFlows({ pageSize: 1 })));
    expect(emulator.requestLog.filter((entry) => entry.status === 429)).toEqual([]);
  });
});

describe("injected errors", () => {
  it("answers about the configured share of API requests with 500 or 503, repeatably for one seed", async () => {
    const dev = await loggedInSdk(emulator, { extended: true });
    emulator.setFaults({ errorRate: 0.3 });
    const statuses: number[] = [];
    for (let index = 0; index < 200; index += 1) {
      statuses.push(await dev.architect.getFlows({ pageSize: 1 }).then((response: { status: number }) => response.status, (failure: { status: number }) => failure.status));
    }
    const failures = statuses.filter((status) => status !== 200);
    expect(new Set(failures)).toEqual(new Set([500, 503]));
    expect(failures.length).toBeGreaterThan(35);
    expect(failures.length).toBeLessThan(85);

    await emulator.close();
    emulator = await startEmulator({ randomSeed: 42, errorRate: 0.3 });
    const again = await loggedInSdk(emulator, { extended: true });
    const repeated: number[] = [];
    for (let index = 0; index < 200; index += 1) {
      repeated.push(await again.architect.getFlows({ pageSize: 1 }).then((response: { status: number }) => response.status, (failure: { status: number }) => failure.status));
    }
    expect(repeated).toEqual(statuses);
  });

  it("never fails the token endpoint, so a client can always log in", async () => {
    emulator.setFaults({ errorRate: 1 });
    const dev = await loggedInSdk(emulator, { extended: true });
    const failure = await rejection(dev.architect.getFlows({}));
    expect([500, 503]).toContain(failure.status);
    expect(failure.headers["inin-correlation-id"]).toBe(failure.body.contextId);
  });
});

describe("dropped writes", () => {
  it("applies the PUT, then drops the connection so the client sees a network error", async () => {
    const dev = await loggedInSdk(emulator);
    const flow = emulator.findFlowByName("dev", "Sales Inbound")!;
    emulator.setFaults({ droppedWriteRate: 1 });
    const error = (await dev.architect.putFlow(flow.id, { ...flow, description: "landed silently" }).then(
      () => undefined,
      (failure: unknown) => failure,
    )) as { isAxiosError?: boolean; code?: string; response?: unknown };
    expect(error?.isAxiosError).toBe(true);
    expect(error.response).toBeUndefined();
    expect(emulator.getFlow("dev", flow.id)).toMatchObject({ version: flow.version + 1, description: "landed silently" });
    expect(emulator.requestLog.at(-1)).toMatchObject({ method: "PUT", status: 200, connectionDropped: true });

    // Reads are never dropped, so the client can check whether its write landed.
    expect(await dev.architect.getFlow(flow.id)).toMatchObject({ description: "landed silently" });
  });
});

describe("latency", () => {
  it("delays every request by the configured time", async () => {
    const dev = await loggedInSdk(emulator);
    emulator.setFaults({ latencyMs: 150 });
    const startedAtMs = Date.now();
    await dev.architect.getFlows({});
    expect(Date.now() - startedAtMs).toBeGreaterThanOrEqual(145);
    emulator.setFaults({ latencyMs: 0 });
    const fastStartedAtMs = Date.now();
    await dev.architect.getFlows({});
    expect(Date.now() - fastStartedAtMs).toBeLessThan(145);
  });

  it("rejects fault settings outside their range with a message naming the setting", () => {
    expect(() => emulator.setFaults({ errorRate: 1.5 })).toThrow("Expected `errorRate` to be a number from 0 to 1, got 1.5.");
    expect(() => emulator.setFaults({ latencyMs: -1 })).toThrow(/latencyMs/);
  });
});
