// Protects the emulator against requests the SDK cannot express: malformed JSON, wrong types, missing
// fields, oversized and too deeply nested bodies, unknown routes. Each gets a clear 4xx in the Genesys format, never a 500
// or a crash, and changes nothing. Raw HTTP on purpose.

import { startEmulator, RunningEmulator } from "../../emulator";
import { loggedInSdk } from "../../emulator/sdkClient";

let emulator: RunningEmulator;
let bearer: string;

beforeAll(async () => {
  emulator = await startEmulator();
  bearer = `Bearer ${(await loggedInSdk(emulator)).accessToken}`;
});

afterAll(() => emulator.close());

async function send(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    body,
    headers: { Authorization: bearer, "Content-Type": "application/json", ...headers },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

describe("malformed flow writes", () => {
  const salesPath = () => `/api/v2/flows/${emulator.findFlowByName("dev", "Sales Inbound")!.id}`;
  const sales = () => emulator.findFlowByName("dev", "Sales Inbound")!;

  it.each([
    { case: "invalid JSON", body: () => '{"version": 1,', message: /not valid JSON/ },
    { case: "a JSON array", body: () => "[]", message: /must be a JSON object, not an array/ },
    { case: "an empty body", body: () => "", message: /empty/ },
    { case: "a string version", body: () => JSON.stringify({ ...sales(), version: "1" }), message: /'version' must be an integer/ },
    { case: "triggers that are not an array", body: () => JSON.stringify({ ...sales(), triggers: {} }), message: /at triggers/ },
    { case: "a trigger without an id", body: () => JSON.stringify({ ...sales(), triggers: [{ type: "playprompt" }] }), message: /at triggers\.0\.id/ },
    {
      case: "a callsubflow trigger without flowId",
      body: () => JSON.stringify({ ...sales(), triggers: [...sales().triggers, { id: "c", type: "callsubflow", properties: { type: "callsubflow" } }] }),
      message: /properties\.flowId/,
    },
    {
      case: "callsubflow arguments that are not strings",
      body: () =>
        JSON.stringify({ ...sales(), triggers: [...sales().triggers, { id: "c", type: "callsubflow", properties: { type: "callsubflow", flowId: "x", arguments: { callerPhone: 5 } } }] }),
      message: /properties\.arguments/,
    },
    { case: "an edge with a numeric end", body: () => JSON.stringify({ ...sales(), edges: [{ fromId: 1, toId: "end" }] }), message: /at edges\.0\.fromId/ },
    { case: "an id that differs from the path", body: () => JSON.stringify({ ...sales(), id: "other" }), message: /does not match/ },
    { case: "a changed type", body: () => JSON.stringify({ ...sales(), type: "commonmodule" }), message: /type cannot change/ },
  ])("answers a PUT with $case with 400 and changes nothing", async ({ body, message }) => {
    const before = sales();
    const response = await send("PUT", salesPath(), body());
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status: 400, code: "bad.request", contextId: response.headers.get("inin-correlation-id") });
    expect(response.body!.message).toMatch(message);
    expect(sales()).toEqual(before);
  });

  it.each([
    { case: "no name", body: { type: "inboundcall" }, message: /needs name/ },
    { case: "no type", body: { name: "Typeless" }, message: /needs type/ },
    { case: "a blank name", body: { name: "  ", type: "inboundcall" }, message: /name must be a non-empty string/ },
    { case: "an invalid type", body: { name: "Odd", type: "Inbound Call" }, message: /lower-case flow type/ },
  ])("answers a POST with $case with 400 and creates nothing", async ({ body, message }) => {
    const countBefore = emulator.flows("dev").length;
    const response = await send("POST", "/api/v2/flows", JSON.stringify(body));
    expect(response.status).toBe(400);
    expect(response.body!.message).toMatch(message);
    expect(emulator.flows("dev")).toHaveLength(countBefore);
  });

  it("answers a body over 1 MiB with 400 naming the limit", async () => {
    const huge = JSON.stringify({ name: "Huge", type: "inboundcall", description: "x".repeat(1024 * 1024) });
    const response = await send("POST", "/api/v2/flows", huge);
    expect(response.status).toBe(400);
    expect(response.body!.message).toMatch(/limit is 1048576/);
    expect(emulator.findFlowByName("dev", "Huge")).toBeUndefined();
  });
});

describe("hostile flow writes: validated whole before anything is stored", () => {
  /** `{"x":{"x":...}}` nested `depth` levels, as JSON text: deeper than the test's own JSON.stringify could write. */
  const nestedText = (depth: number) => `${'{"x":'.repeat(depth)}1${"}".repeat(depth)}`;
  const nested = (depth: number) => JSON.parse(nestedText(depth));

  it("refuses a new flow nested thousands of levels deep with 400, stores nothing, and keeps every listing working", async () => {
    const flowsBefore = emulator.flows("dev").length;
    const response = await send("POST", "/api/v2/flows", `{"name":"Deep Inbound","type":"inboundcall","layout":${nestedText(5000)}}`);
    expect(response.status).toBe(400);
    expect(response.body!.message).toMatch(/more than 64 levels deep/);
    expect(emulator.flows("dev")).toHaveLength(flowsBefore);
    const listing = await send("GET", "/api/v2/flows?pageSize=100");
    expect(listing.status).toBe(200);
    expect((listing.body!.entities as Array<{ name: string }>).map((flow) => flow.name)).not.toContain("Deep Inbound");
    const prod = await loggedInSdk(emulator, { clientId: "prod-client", clientSecret: "prod-secret" });
    await expect(prod.architect.getFlows({ pageSize: 100 })).resolves.toMatchObject({ total: emulator.flows("prod").length });
  });

  it("refuses a deep replacement of a flow with 400 and leaves the flow as it was", async () => {
    const sales = emulator.findFlowByName("dev", "Sales Inbound")!;
    const body = JSON.stringify({ ...sales, triggers: [...sales.triggers, { id: "deep", type: "playprompt", properties: { type: "playprompt", prompt: "DEEP" } }] });
    const response = await send("PUT", `/api/v2/flows/${sales.id}`, body.replace('"DEEP"', nestedText(3000)));
    expect(response.status).toBe(400);
    expect(emulator.getFlow("dev", sales.id)).toEqual(sales);
    expect((await send("GET", `/api/v2/flows/${sales.id}`)).status).toBe(200);
  });

  it("stores a document nested as deep as flows are, and answers it back whole", async () => {
    const response = await send("POST", "/api/v2/flows", JSON.stringify({ name: "Nested Inbound", type: "inboundcall", layout: nested(40) }));
    expect(response.status).toBe(200);
    expect(response.body!.layout).toEqual(nested(40));
    expect((await send("GET", `/api/v2/flows/${String(response.body!.id)}`)).body!.layout).toEqual(nested(40));
  });
});

describe("malformed queries and routes", () => {
  it.each([
    { path: "/api/v2/flows?pageSize=0", message: /pageSize/ },
    { path: "/api/v2/flows?pageSize=ten", message: /pageSize/ },
    { path: "/api/v2/flows?pageNumber=-1", message: /pageNumber/ },
    { path: "/api/v2/flows?sortOrder=sideways", message: /sortOrder/ },
    { path: "/api/v2/architect/dependencytracking/consumingresources?objectType=COMMONMODULEFLOW", message: /id is required/ },
    { path: "/api/v2/flows/%E0%A4%A", message: /URI-encoded/ },
  ])("answers GET $path with 400", async ({ path, message }) => {
    const response = await send("GET", path);
    expect(response.status).toBe(400);
    expect(response.body!.message).toMatch(message);
  });

  it("answers an unknown route with 404 and an unsupported method with 405, in the Genesys format", async () => {
    const unknown = await send("GET", "/api/v2/routing/queues");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: "not.found", status: 404, details: [], errors: [] });
    const outside = await send("GET", "/");
    expect(outside.status).toBe(404);
    const wrongMethod = await send("PATCH", "/api/v2/flows");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, POST");
  });

  it("answers a token request with another grant type with 400", async () => {
    const response = await send("POST", "/oauth/token", "grant_type=password", {
      Authorization: `Basic ${Buffer.from("dev-client:dev-secret").toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: "unsupported_grant_type" });
  });

  it("keeps serving after all of the above", async () => {
    expect(emulator.requestLog.some((entry) => entry.status >= 500)).toBe(false);
    const response = await send("GET", "/api/v2/flows?name=Sales%20Inbound");
    expect(response.status).toBe(200);
  });
});
