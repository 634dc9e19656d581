// Protects the flows slice of the API as the real SDK sees it: listing by name across pages and
// wildcards, get, create, optimistic concurrency on `version`, delete (410 afterwards), and publish.

import { startEmulator, RunningEmulator } from "../../emulator";
import { loggedInSdk, SdkConnection } from "../../emulator/sdkClient";
import { rejection } from "./rejection";

let emulator: RunningEmulator;
let dev: SdkConnection;
let devExtended: SdkConnection;

beforeAll(async () => {
  emulator = await startEmulator();
  dev = await loggedInSdk(emulator);
  devExtended = await loggedInSdk(emulator, { extended: true });
});

afterAll(() => emulator.close());

function linearFlow(name: string) {
  return {
    name,
    type: "inboundcall",
    triggers: [{ id: "hello", type: "playprompt", properties: { type: "playprompt", prompt: "Prompt.Hello" } }],
    edges: [
      { fromId: "start", toId: "hello", conditions: [] },
      { fromId: "hello", toId: "end", conditions: [] },
    ],
  };
}

describe("GET /api/v2/flows", () => {
  it("finds a demo flow by exact name, with the Genesys paging envelope", async () => {
    const page = await dev.architect.getFlows({ name: "Sales Inbound" });
    expect(page).toMatchObject({ pageSize: 25, pageNumber: 1, total: 1, pageCount: 1 });
    expect(page.entities).toHaveLength(1);
    expect(page.entities[0]).toMatchObject({ name: "Sales Inbound", type: "inboundcall", version: 1 });
    expect(page.entities[0].id).toBe(emulator.findFlowByName("dev", "Sales Inbound")!.id);
  });

  it("pages through many matches without losing or repeating one", async () => {
    for (let index = 0; index < 7; index += 1) {
      await dev.architect.postFlows(linearFlow(`Paging Flow ${index}`));
    }
    const seen: string[] = [];
    let pageNumber = 1;
    let pageCount = 0;
    do {
      const page = await dev.architect.getFlows({ name: "Paging Flow*", pageSize: 3, pageNumber });
      expect(page.total).toBe(7);
      pageCount = page.pageCount;
      seen.push(...page.entities.map((flow: { name: string }) => flow.name));
      pageNumber += 1;
    } while (pageNumber <= pageCount);
    expect(pageCount).toBe(3);
    expect(seen).toEqual(Array.from({ length: 7 }, (_, index) => `Paging Flow ${index}`));
  });

  it("matches `*` anywhere, ignores case, and filters by a comma-joined type list", async () => {
    const inbound = await dev.architect.getFlows({ name: "*INBOUND", type: ["inboundcall", "inboundchat"] });
    expect(inbound.entities.map((flow: { name: string }) => flow.name)).toEqual(["Billing Inbound", "Sales Inbound", "Support Inbound"]);
    const shared = await dev.architect.getFlows({ name: "global*", type: ["commonmodule"] });
    expect(shared.entities.map((flow: { name: string }) => flow.name)).toEqual(["Global Auth Subflow"]);
    expect(emulator.requestLog.at(-1)!.query.type).toBe("commonmodule");
  });

  it("decodes `+` in the query as a space, as URLSearchParams does", async () => {
    const response = await fetch(`${emulator.url}/api/v2/flows?name=Support+Inbound`, {
      headers: { Authorization: `Bearer ${dev.accessToken}` },
    });
    const page = (await response.json()) as { entities: Array<{ name: string }> };
    expect(page.entities.map((flow) => flow.name)).toEqual(["Support Inbound"]);
  });

  it("rejects a page size over the maximum with 400", async () => {
    const failure = await rejection(devExtended.architect.getFlows({ pageSize: 501 }));
    expect(failure.status).toBe(400);
    expect(failure.body.message).toMatch(/pageSize/);
  });
});

describe("GET/PUT /api/v2/flows/{id}", () => {
  it("returns the stored flow and 404 for an unknown ID", async () => {
    const support = emulator.findFlowByName("dev", "Support Inbound")!;
    expect(await dev.architect.getFlow(support.id)).toEqual(support);
    const failure = await rejection(devExtended.architect.getFlow("no-such-flow"));
    expect(failure.status).toBe(404);
    expect(failure.body).toMatchObject({ code: "not.found", status: 404, contextId: failure.headers["inin-correlation-id"] });
  });

  it("increments the version on a write and answers a stale version with 409, changing nothing", async () => {
    const flow = await dev.architect.postFlows(linearFlow("Concurrency Flow"));
    expect(flow.version).toBe(1);
    const written = await dev.architect.putFlow(flow.id, { ...flow, description: "first writer" });
    expect(written).toMatchObject({ version: 2, description: "first writer" });

    const stale = await rejection(devExtended.architect.putFlow(flow.id, { ...flow, description: "second writer" }));
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/version 2/);
    expect(emulator.getFlow("dev", flow.id)).toMatchObject({ version: 2, description: "first writer" });
  });

  it("answers a PUT without a version with 400, changing nothing", async () => {
    const flow = emulator.findFlowByName("dev", "Billing Inbound")!;
    const { version: _version, ...withoutVersion } = flow;
    const failure = await rejection(devExtended.architect.putFlow(flow.id, { ...withoutVersion, description: "lost" }));
    expect(failure.status).toBe(400);
    expect(failure.body.message).toMatch(/version/);
    expect(emulator.getFlow("dev", flow.id)).toEqual(flow);
  });
});

describe("POST and DELETE /api/v2/flows", () => {
  it("creates a flow with a start -> end graph when none is given", async () => {
    const created = await dev.architect.postFlows({ name: "Empty Flow", type: "inboundcall" });
    expect(created).toMatchObject({ name: "Empty Flow", type: "inboundcall", version: 1, triggers: [], edges: [{ fromId: "start", toId: "end", conditions: [] }] });
    expect(emulator.getFlow("dev", created.id)).toEqual(created);
  });

  it("refuses a second flow with the same name and type with 409", async () => {
    const failure = await rejection(devExtended.architect.postFlows({ name: "sales inbound", type: "inboundcall" }));
    expect(failure.status).toBe(409);
  });

  it("answers a deleted flow with 410 Gone, and 404 for an ID that never existed", async () => {
    const created = await dev.architect.postFlows(linearFlow("Doomed Flow"));
    const deleted = await devExtended.architect.deleteFlow(created.id);
    expect(deleted.status).toBe(204);
    expect((await rejection(devExtended.architect.getFlow(created.id))).status).toBe(410);
    expect((await rejection(devExtended.architect.putFlow(created.id, created))).status).toBe(410);
    expect((await dev.architect.getFlows({ name: "Doomed Flow" })).total).toBe(0);
    expect(await dev.architect.getFlow(created.id, { deleted: true })).toMatchObject({ id: created.id, deleted: true });
  });
});

describe("variable schemas in the listing", () => {
  it("lists a flow's inputSchema and outputSchema only with includeSchemas=true, as the service does", async () => {
    const { architect } = await loggedInSdk(emulator);
    const plain = await architect.getFlows({ name: "Global Auth Subflow" });
    expect(plain.entities[0].inputSchema).toBeUndefined();
    const withSchemas = await architect.getFlows({ name: "Global Auth Subflow", includeSchemas: true });
    expect(withSchemas.entities[0].inputSchema.properties).toHaveProperty("callerPhone");
    expect(withSchemas.entities[0].outputSchema.properties).toHaveProperty("authenticationResult");
  });
});
