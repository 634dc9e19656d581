// Protects login and token handling as the SDK sees it: client-credentials login, 401 for a wrong or
// unknown client, token expiry, 401 for a bad bearer on every API path, and org isolation.

import { startEmulator, RunningEmulator } from "../../emulator";
import { loggedInSdk, sdkFor } from "../../emulator/sdkClient";
import { rejection } from "./rejection";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(() => emulator.close());

describe("POST /oauth/token", () => {
  it("issues a bearer token to a known client", async () => {
    const { client } = sdkFor(emulator);
    const authData = await client.loginClientCredentialsGrant("dev-client", "dev-secret");
    expect(authData.accessToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(authData.tokenExpiryTime).toBeGreaterThan(Date.now() + 86_000_000);
    expect(emulator.requestLog.at(-1)).toMatchObject({ method: "POST", path: "/oauth/token", status: 200 });
  });

  it.each([
    { case: "a wrong secret", clientId: "dev-client", clientSecret: "prod-secret" },
    { case: "an unknown client", clientId: "stranger", clientSecret: "dev-secret" },
  ])("answers $case with 401 in the Genesys error format", async ({ clientId, clientSecret }) => {
    const { client } = sdkFor(emulator);
    const error = await rejection(client.loginClientCredentialsGrant(clientId, clientSecret));
    // Login failures reject with the axios error, whatever the extended-response setting.
    const response = (error as unknown as { response: { status: number; data: Record<string, unknown>; headers: Record<string, string> } }).response;
    expect(response.status).toBe(401);
    expect(response.data).toMatchObject({ status: 401, code: "bad.credentials", contextId: response.headers["inin-correlation-id"] });
    expect(JSON.stringify(response.data)).not.toContain(clientSecret);
  });
});

describe("bearer tokens", () => {
  it("expires a token after its TTL, and a fresh login works again", async () => {
    emulator.setFaults({ tokenTtlSeconds: 1 });
    try {
      const dev = await loggedInSdk(emulator, { extended: true });
      expect((await dev.architect.getFlows({})).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const expired = await rejection(dev.architect.getFlows({}));
      expect(expired.status).toBe(401);
      expect(expired.body.code).toBe("bad.credentials");
      await dev.client.loginClientCredentialsGrant("dev-client", "dev-secret");
      expect((await dev.architect.getFlows({})).status).toBe(200);
    } finally {
      emulator.setFaults({ tokenTtlSeconds: 86400 });
    }
  });

  it("answers an unknown, missing or expired bearer with 401 on every API path", async () => {
    const dev = await loggedInSdk(emulator, { extended: true });
    const flowId = emulator.findFlowByName("dev", "Sales Inbound")!.id;
    emulator.expireAllTokens();
    const calls = [
      dev.architect.getFlows({}),
      dev.architect.getFlow(flowId),
      dev.architect.postFlows({ name: "Unauthorised", type: "inboundcall" }),
      dev.architect.putFlow(flowId, { version: 1 }),
      dev.architect.deleteFlow(flowId),
      dev.architect.postFlowsActionsPublish(flowId),
      dev.architect.getArchitectDependencytrackingConsumingresources(flowId, "INBOUNDCALLFLOW"),
      dev.architect.getFlow("no-such-flow"),
    ];
    for (const call of calls) {
      expect((await rejection(call)).status).toBe(401);
    }
    const missing = await fetch(`${emulator.url}/api/v2/flows`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { code: string }).code).toBe("authentication.required");
    const unknownPath = await fetch(`${emulator.url}/api/v2/users`, { headers: { Authorization: "Bearer forged" } });
    expect(unknownPath.status).toBe(401);
    expect(emulator.flows("dev").map((flow) => flow.name)).not.toContain("Unauthorised");
    expect(emulator.getFlow("dev", flowId)!.deleted).toBe(false);
  });
});

describe("orgs", () => {
  it("seeds dev and prod with the same demo flows under different IDs", () => {
    const names = (orgId: string) => emulator.flows(orgId).map((flow) => flow.name).sort();
    expect(names("prod")).toEqual(["Billing Inbound", "Global Auth Subflow", "Sales Inbound", "Support Inbound"]);
    expect(names("dev")).toEqual(expect.arrayContaining(names("prod")));
    const devIds = new Set(emulator.flows("dev").map((flow) => flow.id));
    expect(emulator.flows("prod").some((flow) => devIds.has(flow.id))).toBe(false);
    const shared = emulator.findFlowByName("prod", "Global Auth Subflow")!;
    expect(shared.type).toBe("commonmodule");
    expect(Object.keys(shared.inputSchema!.properties!)).toEqual(["callerPhone", "language"]);
    expect(Object.keys(shared.outputSchema!.properties!)).toEqual(["authenticationResult", "resolvedCustomerId"]);
  });

  it("lets a token see and change only its own org's flows", async () => {
    const prod = await loggedInSdk(emulator, { clientId: "prod-client", clientSecret: "prod-secret", extended: true });
    const devSales = emulator.findFlowByName("dev", "Sales Inbound")!;
    const prodSales = emulator.findFlowByName("prod", "Sales Inbound")!;

    const listed = await prod.architect.getFlows({ name: "Sales Inbound" });
    expect(listed.body.entities.map((flow: { id: string }) => flow.id)).toEqual([prodSales.id]);
    expect((await rejection(prod.architect.getFlow(devSales.id))).status).toBe(404);
    expect((await rejection(prod.architect.putFlow(devSales.id, { ...devSales, description: "from prod" }))).status).toBe(404);
    expect(emulator.getFlow("dev", devSales.id)).toEqual(devSales);
    expect(emulator.requestLog.at(-1)).toMatchObject({ orgId: "prod", clientId: "prod-client", status: 404 });
  });
});
