// Protects the face the provider uses against the emulator: lookups carry the shared flow's schemas without
// a read, publish returns the flow as it is afterwards, and one client serves each org and OAuth client.

import { graphDocument } from "../../../provider/flowFormats/graph/graphFormat";
import { GenesysClient, genesysClientFor } from "../../../provider/genesys/genesysClient";
import { apiRequests, devSettings, flowIdByName, useEmulator } from "./emulatorFixture";

const emulator = useEmulator();

describe("GenesysClient", () => {
  it("finds a flow by name with its schemas in one listing request, no read", async () => {
    const emu = emulator.current();
    const client = GenesysClient.create(devSettings(emu));
    const { exact: [shared] } = await client.lookupFlows("Global Auth Subflow");
    expect(shared).toMatchObject({ id: flowIdByName(emu, "Global Auth Subflow"), inputSchema: { properties: { callerPhone: { type: "string" } } } });
    expect(apiRequests(emu, "GET").map((entry) => entry.path)).toEqual(["/api/v2/flows"]);
  });

  it("publishes and returns the flow as it is afterwards", async () => {
    const emu = emulator.current();
    const billingId = flowIdByName(emu, "Billing Inbound");
    const client = GenesysClient.create(devSettings(emu));
    const published = await client.publishFlow(billingId, emu.getFlow("dev", billingId)!.version);
    expect(published.publishedVersion).toBeDefined();
    expect(emu.publishedFlow("dev", billingId)).toBeDefined();
    expect(apiRequests(emu, "POST").map((entry) => `${entry.path}?flow=${entry.query.flow}`)).toEqual([`/api/v2/flows/actions/publish?flow=${billingId}`]);
    const read = (await client.readFlowDocument(billingId))!;
    await expect(client.readPublishedDocument(read)).resolves.toEqual({ format: "graph", graph: { triggers: published.triggers, edges: published.edges } });
  });

  it("publishes each saved version once, however many callers ask at once or after, and a later version again", async () => {
    const emu = emulator.current();
    const salesId = flowIdByName(emu, "Sales Inbound");
    const client = GenesysClient.create(devSettings(emu));
    const version = emu.getFlow("dev", salesId)!.version;
    await Promise.all(Array.from({ length: 5 }, () => client.publishFlow(salesId, version)));
    await client.publishFlow(salesId, version);
    // An earlier version than one already published is covered by that publish.
    await client.publishFlow(salesId, version - 1);
    const publishes = () => apiRequests(emu, "POST").filter((entry) => entry.query.flow === salesId);
    expect(publishes()).toHaveLength(1);
    const flow = (await client.readFlow(salesId))!;
    const reordered = graphDocument({ triggers: flow.triggers, edges: [...flow.edges].reverse().map((edge) => ({ ...edge, label: "reordered" })) });
    const written = await client.editFlow(salesId, () => ({ document: reordered, result: undefined }));
    await client.publishFlow(salesId, written.flow.version);
    expect(publishes()).toHaveLength(2);
  });
});

describe("genesysClientFor", () => {
  it("shares one client per org and OAuth client in the process", () => {
    const emu = emulator.current();
    const first = genesysClientFor(devSettings(emu));
    expect(genesysClientFor(devSettings(emu))).toBe(first);
    expect(genesysClientFor(devSettings(emu, { clientId: "prod-client", clientSecret: "prod-secret" }))).not.toBe(first);
    expect(genesysClientFor(devSettings(emu, { clientSecret: "rotated-secret" }))).not.toBe(first);
  });
});
