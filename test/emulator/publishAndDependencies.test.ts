// Protects publish (publishedVersion bumps with its date, each published version and what it released can
// be read back, the saved version is untouched) and
// dependency tracking (the flows whose callsubflow triggers call a flow, paged), through the SDK.

import { Flow } from "../../provider/flowModel";
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

/** Writes `flow` with a call to `sharedId` spliced in right after start. */
async function callFromStart(flow: Flow, sharedId: string, triggerId = "auth"): Promise<Flow> {
  return dev.architect.putFlow(flow.id, {
    ...flow,
    triggers: [{ id: triggerId, type: "callsubflow", properties: { type: "callsubflow", flowId: sharedId, arguments: { callerPhone: "${ani}" } } }, ...flow.triggers],
    edges: [{ fromId: "start", toId: triggerId, conditions: [] }, ...flow.edges.map((edge) => (edge.fromId === "start" ? { ...edge, fromId: triggerId } : edge))],
  });
}

describe("POST /api/v2/flows/actions/publish", () => {
  it("bumps publishedVersion on each publish and keeps a snapshot of what was published", async () => {
    const flow = emulator.findFlowByName("dev", "Support Inbound")!;
    expect(flow.publishedVersion).toBeUndefined();

    const first = await dev.architect.postFlowsActionsPublish(flow.id);
    expect(first).toMatchObject({ complete: true, actionName: "PUBLISH", flow: { id: flow.id }, publishedVersion: { id: "1.0", configurationVersion: "1" } });

    const edited = await dev.architect.putFlow(flow.id, { ...flow, description: "edited after publish" });
    expect(emulator.publishedFlow("dev", flow.id)!.description).toBe(flow.description);

    const second = await dev.architect.postFlowsActionsPublish(flow.id, { version: String(edited.version) });
    expect(second.publishedVersion).toMatchObject({ id: "2.0", configurationVersion: "2" });
    const stored = emulator.getFlow("dev", flow.id)!;
    expect(stored).toMatchObject({ version: 2, publishedVersion: { id: "2.0" } });
    expect(emulator.publishedFlow("dev", flow.id)).toMatchObject({ description: "edited after publish", publishedVersion: { id: "2.0" } });

    // Publishing leaves the saved version alone, so a writer holding it is not made stale.
    expect((await dev.architect.putFlow(flow.id, { ...stored, description: "after second publish" })).version).toBe(3);
  });

  it("dates every publish, and serves each published version and the document it released", async () => {
    const flow = emulator.findFlowByName("dev", "Sales Inbound")!;
    const first = await dev.architect.postFlowsActionsPublish(flow.id);
    await dev.architect.putFlow(flow.id, { ...flow, description: "saved, not published" });
    const second = await dev.architect.postFlowsActionsPublish(flow.id);
    const stored = emulator.getFlow("dev", flow.id)!;
    expect(stored.publishedVersion).toEqual(second.publishedVersion);
    expect(Date.parse(String(second.publishedVersion.datePublished))).toBeGreaterThanOrEqual(Date.parse(String(first.publishedVersion.datePublished)));
    expect(stored.publishedVersion).toMatchObject({ id: "2.0", selfUri: `/api/v2/flows/${flow.id}/versions/2.0`, configurationUri: `/api/v2/flows/${flow.id}/versions/2.0/configuration` });

    await expect(dev.architect.getFlowVersion(flow.id, "1.0")).resolves.toEqual(first.publishedVersion);
    const released = await dev.architect.getFlowVersionConfiguration(flow.id, "1.0");
    expect(released).toMatchObject({ id: flow.id, description: flow.description, triggers: flow.triggers, edges: flow.edges });
    expect((await dev.architect.getFlowVersionConfiguration(flow.id, "2.0")).description).toBe("saved, not published");

    const unknown = await rejection(devExtended.architect.getFlowVersionConfiguration(flow.id, "3.0"));
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.body)).toContain("its published versions are 1.0, 2.0");
    const neverPublished = emulator.findFlowByName("dev", "Global Auth Subflow")!;
    expect((await rejection(devExtended.architect.getFlowVersion(neverPublished.id, "1.0"))).status).toBe(404);
  });

  it("needs the flow query parameter and answers unknown flows with 404", async () => {
    const missing = await fetch(`${emulator.url}/api/v2/flows/actions/publish`, { method: "POST", headers: { Authorization: `Bearer ${dev.accessToken}` } });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toMatch(/flow/);
    expect((await rejection(devExtended.architect.postFlowsActionsPublish("no-such-flow"))).status).toBe(404);
  });

  it("answers a publish of a stale version with 409", async () => {
    const flow = emulator.findFlowByName("dev", "Billing Inbound")!;
    const failure = await rejection(devExtended.architect.postFlowsActionsPublish(flow.id, { version: String(flow.version + 5) }));
    expect(failure.status).toBe(409);
    expect(emulator.getFlow("dev", flow.id)!.publishedVersion).toBeUndefined();
  });
});

describe("GET /api/v2/architect/dependencytracking/consumingresources", () => {
  it("lists exactly the flows that call the shared flow, paged", async () => {
    const shared = emulator.findFlowByName("dev", "Global Auth Subflow")!;
    const none = await dev.architect.getArchitectDependencytrackingConsumingresources(shared.id, "COMMONMODULEFLOW");
    expect(none).toMatchObject({ entities: [], total: 0 });

    const sales = await callFromStart(emulator.findFlowByName("dev", "Sales Inbound")!, shared.id);
    await callFromStart(emulator.findFlowByName("dev", "Billing Inbound")!, shared.id);
    const page = await dev.architect.getArchitectDependencytrackingConsumingresources(shared.id, "COMMONMODULEFLOW", { pageSize: 1 });
    expect(page).toMatchObject({ total: 2, pageCount: 2, pageSize: 1, pageNumber: 1 });
    expect(page.entities).toEqual([{ id: emulator.findFlowByName("dev", "Billing Inbound")!.id, name: "Billing Inbound", type: "INBOUNDCALLFLOW", version: "2.0", deleted: false, updated: false, stateUnknown: false, selfUri: expect.any(String) }]);
    const second = await dev.architect.getArchitectDependencytrackingConsumingresources(shared.id, "COMMONMODULEFLOW", { pageSize: 1, pageNumber: 2 });
    expect(second.entities.map((entity: { id: string }) => entity.id)).toEqual([sales.id]);

    // The other org's flows never show up, even though it has a shared flow of the same name.
    const prodShared = emulator.findFlowByName("prod", "Global Auth Subflow")!;
    expect((await rejection(devExtended.architect.getArchitectDependencytrackingConsumingresources(prodShared.id, "COMMONMODULEFLOW"))).status).toBe(404);
  });

  it("refuses to delete a shared flow while flows call it", async () => {
    const shared = emulator.findFlowByName("dev", "Global Auth Subflow")!;
    const failure = await rejection(devExtended.architect.deleteFlow(shared.id));
    expect(failure.status).toBe(409);
    expect(failure.body.message).toMatch(/Billing Inbound/);
    expect(emulator.getFlow("dev", shared.id)!.deleted).toBe(false);
  });

  it("answers an objectType that does not fit the flow with 400", async () => {
    const shared = emulator.findFlowByName("dev", "Global Auth Subflow")!;
    const failure = await rejection(devExtended.architect.getArchitectDependencytrackingConsumingresources(shared.id, "INBOUNDCALLFLOW"));
    expect(failure.status).toBe(400);
    expect(failure.body.message).toMatch(/COMMONMODULEFLOW/);
  });
});
