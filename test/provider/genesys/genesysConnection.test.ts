// Protects the connection against the emulator over real HTTP with the real SDK: one login shared,
// renewal before expiry and once after a 401, Retry-After honoured, budget and cap, and no secrets in errors.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { AuthenticationError, GenesysApiError } from "../../../provider/genesys/errors";
import type { Flow } from "../../../provider/flowModel";
import { FlowsApi } from "../../../provider/genesys/flowsApi";
import { createConnection, LOGIN_OPERATION } from "../../../provider/genesys/genesysConnection";
import { DEV_SECRET, apiRequests, devSettings, flowIdByName, useEmulator } from "./emulatorFixture";

const emulator = useEmulator();
const GET_FLOW = "GET /api/v2/flows/{flowId}";

function uncachedFlows(connection: ReturnType<typeof createConnection>) {
  return new FlowsApi(connection, { readCacheTtlMs: 0 });
}

/** One GET of a flow straight through the connection: every call its own request, whatever the flows API would share. */
function getThrough(connection: ReturnType<typeof createConnection>, flowId: string): Promise<Flow> {
  return connection.request<Flow>(GET_FLOW, (api) => api.getFlow(flowId));
}

describe("GenesysConnection against the emulator", () => {
  it("logs in once for many concurrent requests", async () => {
    const emu = emulator.current();
    const connection = createConnection(devSettings(emu));
    const ids = emu.flows("dev").map((flow) => flow.id);
    const read = await Promise.all([...ids, ...ids, ...ids].map((id) => getThrough(connection, id)));
    expect(read.every((flow) => flow !== undefined)).toBe(true);
    expect(emu.requestLog.filter((entry) => entry.path === "/oauth/token")).toHaveLength(1);
    expect(connection.counters()).toMatchObject({ logins: 1, requestsByOperation: { [LOGIN_OPERATION]: 1, [GET_FLOW]: ids.length * 3 } });
  });

  it("logs in ahead once: a request made while that login is in flight waits for it", async () => {
    const emu = emulator.current();
    const connection = createConnection(devSettings(emu));
    connection.logInAhead();
    connection.logInAhead();
    const flow = await uncachedFlows(connection).getFlow(flowIdByName(emu, "Sales Inbound"));
    expect(flow?.name).toBe("Sales Inbound");
    expect(emu.requestLog.map((entry) => `${entry.method} ${entry.path === "/oauth/token" ? "/oauth/token" : "flow"} ${entry.status}`)).toEqual(["POST /oauth/token 200", "GET flow 200"]);
  });

  it("does not retry a failed login ahead in the background; the first request logs in again, with retries, and reports", async () => {
    const emu = emulator.current();
    // Nothing listens on port 1: every attempt is refused, a failure the retry policy would repeat.
    const connection = createConnection({ ...devSettings(emu), apiUrl: "http://127.0.0.1:1" }, { retry: { minDelayMs: 1, maxDelayMs: 5, retries: 3 } });
    connection.logInAhead();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(connection.counters().requestsByOperation[LOGIN_OPERATION]).toBe(1);
    await expect(uncachedFlows(connection).getFlow("any")).rejects.toThrow(/ECONNREFUSED|refused/i);
    expect(connection.counters().requestsByOperation[LOGIN_OPERATION]).toBeGreaterThan(1);
  });

  it("tries an unreachable org's login as often as the retry policy says, not that again for every retry of the request", async () => {
    const emu = emulator.current();
    const connection = createConnection({ ...devSettings(emu), apiUrl: "http://127.0.0.1:1" }, { retry: { minDelayMs: 1, maxDelayMs: 5, retries: 3 } });
    await expect(uncachedFlows(connection).getFlow("any")).rejects.toThrow(/ECONNREFUSED|refused/i);
    // One attempt and 3 retries of the login; the request itself is never sent.
    expect(connection.counters().requestsByOperation).toEqual({ [LOGIN_OPERATION]: 4 });
  });

  it("logs in again once when the server stops accepting the token", async () => {
    const emu = emulator.current();
    const connection = createConnection(devSettings(emu));
    const flows = uncachedFlows(connection);
    const salesId = flowIdByName(emu, "Sales Inbound");
    await flows.getFlow(salesId);
    emu.expireAllTokens();
    const flow = await flows.getFlow(salesId);
    expect(flow?.name).toBe("Sales Inbound");
    expect(emu.requestLog.map((entry) => `${entry.method} ${entry.path === "/oauth/token" ? "/oauth/token" : "flow"} ${entry.status}`)).toEqual([
      "POST /oauth/token 200",
      "GET flow 200",
      "GET flow 401",
      "POST /oauth/token 200",
      "GET flow 200",
    ]);
    expect(connection.counters()).toMatchObject({ logins: 2, reloginsAfter401: 1 });
  });

  it("renews a short-lived token before it expires instead of running into 401s", async () => {
    const emu = emulator.current();
    emu.setFaults({ tokenTtlSeconds: 1 });
    const connection = createConnection(devSettings(emu));
    const flows = uncachedFlows(connection);
    const salesId = flowIdByName(emu, "Sales Inbound");
    for (let round = 0; round < 6; round++) {
      await flows.getFlow(salesId);
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    expect(connection.counters().logins).toBeGreaterThanOrEqual(2);
    expect(apiRequests(emu).filter((entry) => entry.status === 401)).toEqual([]);
  });

  it("fails a wrong secret with an AuthenticationError that never shows the secret", async () => {
    const emu = emulator.current();
    const wrongSecret = "wrong-secret-4f9a1c";
    const connection = createConnection(devSettings(emu, { clientSecret: wrongSecret }));
    const error = await uncachedFlows(connection)
      .getFlow(flowIdByName(emu, "Sales Inbound"))
      .then(() => undefined, (rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(AuthenticationError);
    const text = `${(error as Error).message} ${(error as Error).stack} ${JSON.stringify(error)}`;
    expect(text).not.toContain(wrongSecret);
    expect(text).not.toContain(Buffer.from(`dev-client:${wrongSecret}`).toString("base64"));
    expect((error as Error).message).toContain("dev-client");
    expect((error as Error).message).toContain("GENESYS_CLIENT_SECRET");
    // A refused login is not retried: it would only lock the client out faster.
    expect(emu.requestLog.filter((entry) => entry.path === "/oauth/token")).toHaveLength(1);
  });

  it("waits for Retry-After on a 429 and then succeeds", async () => {
    const emu = emulator.current();
    // A 429 from the service's own throttling, which no window predicts.
    emu.setFaults({ throttledRate: 1, throttleRetryAfterSeconds: 7 });
    // A clock that jumps on sleep: no real seconds waited.
    let offsetMs = 0;
    const waitsMs: number[] = [];
    const connection = createConnection(devSettings(emu), {
      retry: {
        now: () => Date.now() + offsetMs,
        sleep: async (ms) => {
          waitsMs.push(ms);
          offsetMs += ms;
          emu.setFaults({ throttledRate: 0 });
        },
      },
    });
    const flows = uncachedFlows(connection);
    expect(await flows.getFlow(flowIdByName(emu, "Sales Inbound"))).toBeDefined();
    expect(apiRequests(emu).map((entry) => entry.status)).toEqual([429, 200]);
    // Honoured, not guessed.
    expect(waitsMs).toEqual([7000]);
    expect(connection.counters().retries).toBe(1);
  });

  /** A clock that jumps on sleep, and a sleep that starts the emulator's windows over: no real minute waited. */
  function windowPassingClock(emu: ReturnType<typeof emulator.current>, limitPerMinute: number) {
    let offsetMs = 0;
    const waitsMs: number[] = [];
    emu.setFaults({ rateLimitPerMinute: limitPerMinute });
    return {
      waitsMs,
      retry: {
        now: () => Date.now() + offsetMs,
        sleep: async (ms: number) => {
          waitsMs.push(ms);
          offsetMs += ms;
          emu.setFaults({ rateLimitPerMinute: limitPerMinute });
        },
      },
    };
  }

  it("paces by the window the org reports: waits for it to start over instead of running into 429", async () => {
    const emu = emulator.current();
    const clock = windowPassingClock(emu, 2);
    const flows = uncachedFlows(createConnection(devSettings(emu), { retry: clock.retry }));
    const salesId = flowIdByName(emu, "Sales Inbound");
    for (let round = 0; round < 3; round++) {
      expect(await flows.getFlow(salesId)).toBeDefined();
    }
    expect(apiRequests(emu).map((entry) => entry.status)).toEqual([200, 200, 200]);
    // One wait, for the rest of the emulator's minute as its `inin-ratelimit-reset` said.
    expect(clock.waitsMs).toHaveLength(1);
    expect(clock.waitsMs[0]).toBeGreaterThanOrEqual(55_000);
    expect(clock.waitsMs[0]).toBeLessThanOrEqual(61_000);
  });

  it("a new connection after another used most of the window waits for it instead of getting 429, with or without a budget of its own", async () => {
    const emu = emulator.current();
    const clock = windowPassingClock(emu, 10);
    const ids = emu.flows("dev").map((flow) => flow.id);
    // The previous command: 8 of the client's 10.
    const previous = createConnection(devSettings(emu), { retry: clock.retry });
    await Promise.all([...ids, ...ids].map((id) => getThrough(previous, id)));
    // A new process knows nothing of them; its answers tell it.
    const unbudgeted = createConnection(devSettings(emu), { requestsPerMinute: 100_000, retry: { ...clock.retry, retries: 0 } });
    const outcomes = await Promise.allSettled([...ids, ...ids].map((id) => getThrough(unbudgeted, id)));
    expect(outcomes.filter((outcome) => outcome.status === "rejected")).toEqual([]);
    expect(apiRequests(emu).map((entry) => entry.status)).toEqual(Array(16).fill(200));
    expect(clock.waitsMs).toHaveLength(1);
    expect(unbudgeted.counters().requestsByOperation[GET_FLOW]).toBe(8);
  });

  it("retries injected 5xx on reads until they succeed", async () => {
    const emu = emulator.current();
    emu.setFaults({ errorRate: 0.5 });
    const connection = createConnection(devSettings(emu), { retry: { retries: 10, minDelayMs: 1, maxDelayMs: 5 } });
    const flows = uncachedFlows(connection);
    const ids = emu.flows("dev").map((flow) => flow.id);
    // One after the other, so that each is a request of its own.
    const read: Array<Flow | undefined> = [];
    for (const id of ids) read.push(await flows.getFlow(id));
    expect(read.map((flow) => flow?.id)).toEqual(ids);
    expect(apiRequests(emu).some((entry) => entry.status >= 500)).toBe(true);
    expect(connection.counters().retries).toBe(apiRequests(emu).filter((entry) => entry.status >= 500).length);
  });

  it("sends requests under the budget at once, and the emulator's limit is never reached", async () => {
    const emu = emulator.current();
    // 10/minute at the emulator; a budget of 9/minute lets the login and 8 reads go at once (the window
    // itself is unit-tested with a fake clock).
    emu.setFaults({ rateLimitPerMinute: 10, latencyMs: 50 });
    const connection = createConnection(devSettings(emu), { maxConcurrentRequests: 8, requestsPerMinute: 9, retry: { retries: 0 } });
    const ids = emu.flows("dev").map((flow) => flow.id);
    await Promise.all([...ids, ...ids].map((id) => getThrough(connection, id)));
    expect(apiRequests(emu).map((entry) => entry.status)).toEqual(Array(8).fill(200));
    expect(connection.counters().throttledMs).toBe(0);
  });

  it("never puts the secret or a token into errors from faults", async () => {
    const emu = emulator.current();
    const connection = createConnection(devSettings(emu), { retry: { retries: 0 } });
    const flows = uncachedFlows(connection);
    const salesId = flowIdByName(emu, "Sales Inbound");
    const flow = (await flows.getFlow(salesId))!;
    emu.setFaults({ errorRate: 1 });
    const failures: unknown[] = [];
    await flows.getFlow(salesId, { fresh: true }).catch((error: unknown) => failures.push(error));
    emu.setFaults({ errorRate: 0, droppedWriteRate: 1 });
    await flows.putFlow(flow).catch((error: unknown) => failures.push(error));
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatchObject({ kind: "http" });
    expect(failures[1]).toMatchObject({ kind: "network" });
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(GenesysApiError);
      const text = `${(failure as Error).message} ${JSON.stringify(failure)}`;
      expect(text).not.toContain(DEV_SECRET);
      expect(text).not.toMatch(/Bearer\s+(?!\[REDACTED\])/);
    }
  });

  it("says what a file host refused without what signed the request: an S3-style error's code and message only", async () => {
    const signature = "c2lnbmF0dXJlLXRoYXQtbXVzdC1ub3QtbGVhaw";
    const securityToken = "dG9rZW4tdGhhdC1tdXN0LW5vdC1sZWFr";
    // A stand-in for the file host on 127.0.0.1, answering as S3 does to a bad signature: it echoes what was signed.
    const fileHost = createServer((_request, response) => {
      response.writeHead(403, { "Content-Type": "application/xml" });
      response.end(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message>` +
          `<AWSAccessKeyId>ASIAEXAMPLEKEY</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256 ${securityToken}</StringToSign><SignatureProvided>${signature}</SignatureProvided></Error>`,
      );
    });
    await new Promise<void>((resolve) => fileHost.listen(0, "127.0.0.1", resolve));
    try {
      const connection = createConnection(devSettings(emulator.current()), { retry: { retries: 0 } });
      const url = `http://127.0.0.1:${(fileHost.address() as AddressInfo).port}/upload?X-Amz-Signature=${signature}`;
      const failure = await connection.transfer("PUT upload", { method: "PUT", url, headers: { "x-amz-security-token": securityToken }, body: new Uint8Array([1]) }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(GenesysApiError);
      expect(failure).toMatchObject({ status: 403 });
      const text = `${(failure as Error).message} ${JSON.stringify(failure)}`;
      expect(text).toContain("SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided.");
      for (const secret of [signature, securityToken, "ASIAEXAMPLEKEY"]) expect(text).not.toContain(secret);
    } finally {
      await new Promise((resolve) => fileHost.close(resolve));
    }
  });
});
