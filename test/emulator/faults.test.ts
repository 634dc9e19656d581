// Protects the fault injection tests and benchmarks rely on: per-client rate limit (429 with Retry-After,
// each client's window in `inin-ratelimit-*` headers), service-side throttling (429 for a share of requests),
// 500/503 answers, writes that land but lose their answer, writes that drop their graph, added latency.

import { EmulatorOptions, startEmulator, RunningEmulator } from "../../emulator";
import { parseCommandLine } from "../../emulator/main";
import type { Flow } from "../../provider/flowModel";
import { loggedInSdk, SdkConnection } from "../../emulator/sdkClient";
import { rejection } from "./rejection";

let emulator: RunningEmulator;

beforeEach(async () => {
  emulator = await startEmulator({ randomSeed: 42 });
});

afterEach(() => emulator.close());

/** The status of each of `count` sequential list requests, failed or not (extended responses must be on). */
async function listStatuses(connection: SdkConnection, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let index = 0; index < count; index += 1) {
    statuses.push(
      await connection.architect.getFlows({ pageSize: 1 }).then(
        (response: { status: number }) => response.status,
        (failure: { status: number }) => failure.status,
      ),
    );
  }
  return statuses;
}

/** `flow` with a call of `sharedFlowId` spliced in after start: a valid graph that differs from the stored one. */
function withCallAfterStart(flow: Flow, sharedFlowId: string): Flow {
  const triggerId = "callAuth";
  return {
    ...flow,
    triggers: [...flow.triggers, { id: triggerId, type: "callsubflow", properties: { type: "callsubflow", flowId: sharedFlowId } }],
    edges: [
      ...flow.edges.map((edge) => (edge.fromId === "start" ? { ...edge, fromId: triggerId } : edge)),
      { fromId: "start", toId: triggerId, conditions: [] },
    ],
  };
}

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

  it("reports each client's own window in inin-ratelimit headers, 429s included", async () => {
    emulator.setFaults({ rateLimitPerMinute: 3 });
    const dev = await loggedInSdk(emulator, { extended: true });
    const prod = await loggedInSdk(emulator, { clientId: "prod-client", clientSecret: "prod-secret", extended: true });
    const standing = (headers: Record<string, string>) => [headers["inin-ratelimit-allowed"], headers["inin-ratelimit-count"]];
    expect(standing((await dev.architect.getFlows({})).headers)).toEqual(["3", "1"]);
    const second = await dev.architect.getFlows({});
    expect(standing(second.headers)).toEqual(["3", "2"]);
    // The window opened with the client's first request and lasts a minute.
    expect(Number(second.headers["inin-ratelimit-reset"])).toBeGreaterThanOrEqual(59);
    expect(Number(second.headers["inin-ratelimit-reset"])).toBeLessThanOrEqual(60);
    // Another client has a window of its own.
    expect(standing((await prod.architect.getFlows({})).headers)).toEqual(["3", "1"]);
    // Errors of the API count and report too; a 429 reports the full window and when it starts over.
    expect(standing((await rejection(dev.architect.getFlow("no-such-flow"))).headers)).toEqual(["3", "3"]);
    const limited = await rejection(dev.architect.getFlows({}));
    expect(limited.status).toBe(429);
    expect(standing(limited.headers)).toEqual(["3", "3"]);
    expect(limited.headers["inin-ratelimit-reset"]).toBe(limited.headers["retry-after"]);
  });

  it("is off by default, and then reports no window", async () => {
    const dev = await loggedInSdk(emulator);
    await Promise.all(Array.from({ length: 50 }, () => dev.architect.getFlows({ pageSize: 1 })));
    expect(emulator.requestLog.filter((entry) => entry.status === 429)).toEqual([]);
    const extended = await loggedInSdk(emulator, { extended: true });
    expect(Object.keys((await extended.architect.getFlows({})).headers).filter((name) => name.startsWith("inin-ratelimit"))).toEqual([]);
  });
});

describe("injected errors", () => {
  it("answers about the configured share of API requests with 500 or 503, repeatably for one seed", async () => {
    const dev = await loggedInSdk(emulator, { extended: true });
    emulator.setFaults({ errorRate: 0.3 });
    const statuses = await listStatuses(dev, 200);
    const failures = statuses.filter((status) => status !== 200);
    expect(new Set(failures)).toEqual(new Set([500, 503]));
    expect(failures.length).toBeGreaterThan(35);
    expect(failures.length).toBeLessThan(85);

    await emulator.close();
    emulator = await startEmulator({ randomSeed: 42, errorRate: 0.3 });
    const again = await loggedInSdk(emulator, { extended: true });
    expect(await listStatuses(again, 200)).toEqual(statuses);
  });

  it("never fails the token endpoint, so a client can always log in", async () => {
    emulator.setFaults({ errorRate: 1 });
    const dev = await loggedInSdk(emulator, { extended: true });
    const failure = await rejection(dev.architect.getFlows({}));
    expect([500, 503]).toContain(failure.status);
    expect(failure.headers["inin-correlation-id"]).toBe(failure.body.contextId);
  });
});

describe("throttling", () => {
  it("answers a throttled request with 429 in the Genesys body and the configured Retry-After, and never throttles login", async () => {
    emulator.setFaults({ throttledRate: 1, throttleRetryAfterSeconds: 7 });
    const dev = await loggedInSdk(emulator, { extended: true });
    const throttled = await rejection(dev.architect.getFlows({}));
    expect(throttled.status).toBe(429);
    expect(throttled.headers["retry-after"]).toBe("7");
    expect(throttled.body).toMatchObject({ code: "too.many.requests", status: 429, contextId: throttled.headers["inin-correlation-id"] });
    expect(emulator.requestLog.filter((entry) => entry.path === "/oauth/token").map((entry) => entry.status)).toEqual([200]);
  });

  it("tells clients to retry after 1 second unless configured otherwise", async () => {
    emulator.setFaults({ throttledRate: 1 });
    const dev = await loggedInSdk(emulator, { extended: true });
    expect((await rejection(dev.architect.getFlows({}))).headers["retry-after"]).toBe("1");
  });

  it("throttles about the configured share of requests of every client, with no per-client limit set, repeatably for one seed", async () => {
    emulator.setFaults({ throttledRate: 0.3 });
    const dev = await loggedInSdk(emulator, { extended: true });
    const statuses = await listStatuses(dev, 200);
    const throttled = statuses.filter((status) => status === 429);
    expect(statuses.filter((status) => status !== 429 && status !== 200)).toEqual([]);
    expect(throttled.length).toBeGreaterThan(35);
    expect(throttled.length).toBeLessThan(85);
    // Not the per-client limiter: a fresh client is throttled from its first requests too.
    const prod = await loggedInSdk(emulator, { clientId: "prod-client", clientSecret: "prod-secret", extended: true });
    expect(await listStatuses(prod, 20)).toContain(429);

    await emulator.close();
    emulator = await startEmulator({ randomSeed: 42, throttledRate: 0.3 });
    const again = await loggedInSdk(emulator, { extended: true });
    expect(await listStatuses(again, 200)).toEqual(statuses);
  });
});

describe("graphs dropped on write", () => {
  it("answers the PUT as a normal write but keeps the stored graph, so only the response shows what was lost", async () => {
    const dev = await loggedInSdk(emulator);
    const before = emulator.findFlowByName("dev", "Sales Inbound")!;
    const shared = emulator.findFlowByName("dev", "Global Auth Subflow")!;
    emulator.setFaults({ graphDroppedOnWriteRate: 1 });
    const answered = await dev.architect.putFlow(before.id, { ...withCallAfterStart(before, shared.id), description: "kept" });

    expect(answered).toMatchObject({ id: before.id, version: before.version + 1, description: "kept", triggers: before.triggers, edges: before.edges });
    expect(emulator.getFlow("dev", before.id)).toMatchObject({ version: before.version + 1, description: "kept", triggers: before.triggers, edges: before.edges });
    expect(emulator.requestLog.at(-1)).toMatchObject({ method: "PUT", status: 200, graphDropped: true, connectionDropped: false });

    // With the fault off the same graph is stored: the fault, not the graph, made the write lose it.
    emulator.setFaults({ graphDroppedOnWriteRate: 0 });
    const current = emulator.getFlow("dev", before.id)!;
    const stored = await dev.architect.putFlow(before.id, withCallAfterStart(current, shared.id));
    expect(stored.triggers.map((trigger: { id: string }) => trigger.id)).toContain("callAuth");
    expect(emulator.requestLog.at(-1)).toMatchObject({ graphDropped: false });
  });

  it("still refuses an invalid graph with 400 and changes nothing", async () => {
    const dev = await loggedInSdk(emulator, { extended: true });
    const before = emulator.findFlowByName("dev", "Sales Inbound")!;
    emulator.setFaults({ graphDroppedOnWriteRate: 1 });
    const refused = await rejection(dev.architect.putFlow(before.id, { ...before, edges: [...before.edges, { fromId: "end", toId: "start", conditions: [] }] }));
    expect(refused.status).toBe(400);
    expect(emulator.getFlow("dev", before.id)).toEqual(before);
  });

  it("drops the graph of about the configured share of writes, repeatably for one seed", async () => {
    const droppedPattern = async (): Promise<boolean[]> => {
      const dev = await loggedInSdk(emulator);
      const flow = emulator.findFlowByName("dev", "Support Inbound")!;
      for (let index = 0; index < 40; index += 1) {
        const current = emulator.getFlow("dev", flow.id)!;
        await dev.architect.putFlow(flow.id, { ...current, description: `write ${index}` });
      }
      return emulator.requestLog.filter((entry) => entry.method === "PUT").map((entry) => entry.graphDropped);
    };
    emulator.setFaults({ graphDroppedOnWriteRate: 0.5 });
    const dropped = await droppedPattern();
    expect(dropped.filter(Boolean).length).toBeGreaterThan(8);
    expect(dropped.filter(Boolean).length).toBeLessThan(32);

    await emulator.close();
    emulator = await startEmulator({ randomSeed: 42, graphDroppedOnWriteRate: 0.5 });
    expect(await droppedPattern()).toEqual(dropped);
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
    expect(() => emulator.setFaults({ throttledRate: -0.1 })).toThrow("Expected `throttledRate` to be a number from 0 to 1, got -0.1.");
    expect(() => emulator.setFaults({ graphDroppedOnWriteRate: 2 })).toThrow("Expected `graphDroppedOnWriteRate` to be a number from 0 to 1, got 2.");
    expect(() => emulator.setFaults({ throttleRetryAfterSeconds: 1.5 })).toThrow("Expected `throttleRetryAfterSeconds` to be a non-negative integer, got 1.5.");
  });
});

describe("command line", () => {
  const parsed = (argv: string[]): EmulatorOptions => {
    const options = parseCommandLine(argv);
    if (options === "help") throw new Error(`${argv.join(" ")} was read as --help`);
    return options;
  };

  it("passes the fault flags through to the options, checked where every option is checked", async () => {
    const options = parsed(["--throttled-rate", "0.25", "--throttle-retry-after-seconds", "5", "--graph-dropped-on-write-rate", "0.5"]);
    expect(options).toMatchObject({ throttledRate: 0.25, throttleRetryAfterSeconds: 5, graphDroppedOnWriteRate: 0.5 });
    await emulator.close();
    emulator = await startEmulator({ randomSeed: 42, ...options });
    expect(emulator.faults).toMatchObject({ throttledRate: 0.25, throttleRetryAfterSeconds: 5, graphDroppedOnWriteRate: 0.5 });
    await expect(startEmulator(parsed(["--throttled-rate", "2"]))).rejects.toThrow("Expected `throttledRate` to be a number from 0 to 1, got 2.");
  });
});
