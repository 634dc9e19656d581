// Protects Architect's flow locks on an Architect org, through the real SDK: a client's checkout shows on
// the flow as lockedUser and lockedClient; another client's checkout, check-in, import, PUT, publish and
// delete of that flow are refused (409, or a failed job naming the flow and who has it) until the holder
// checks it in or an admin unlocks it.

import { defaultSeed, RunningEmulator, startEmulator } from "../../emulator";
import { OutsideArchitect } from "../../emulator/outsideArchitect";
import { loggedInSdk, SdkConnection } from "../../emulator/sdkClient";
import { rejection } from "./rejection";

const ARCHITECT_USER = { clientId: "architect-user", clientSecret: "architect-secret" };

let emulator: RunningEmulator;
let dev: SdkConnection;
let holder: SdkConnection;

beforeEach(async () => {
  // The dev org gets a second client: someone working in Architect while a deployment runs.
  const seed = defaultSeed("architect");
  seed.orgs[0].clients.push(ARCHITECT_USER);
  emulator = await startEmulator({ seed });
  dev = await loggedInSdk(emulator, { extended: true });
  holder = await loggedInSdk(emulator, ARCHITECT_USER);
});

afterEach(() => emulator.close());

const salesId = () => emulator.findArchitectFlowByName("dev", "Sales Inbound")!.id;

describe("POST /api/v2/flows/actions/checkout", () => {
  it("locks the flow for the calling client, shown as lockedUser and lockedClient, and is idempotent for it", async () => {
    const flow = await holder.architect.postFlowsActionsCheckout(salesId());
    expect(flow).toMatchObject({
      id: salesId(),
      lockedUser: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: "OAuth client architect-user", selfUri: expect.stringMatching(/^\/api\/v2\/users\//) },
      lockedClient: { id: "architect-user", name: "architect-user", selfUri: "/api/v2/oauth/clients/architect-user" },
    });
    expect(await holder.architect.postFlowsActionsCheckout(salesId())).toEqual(flow);
    expect((await dev.architect.getFlow(salesId())).body).toEqual(flow);
  });

  it("answers another client's checkout of a locked flow with 409 naming who holds it", async () => {
    await holder.architect.postFlowsActionsCheckout(salesId());
    expect(await rejection(dev.architect.postFlowsActionsCheckout(salesId()))).toMatchObject({
      status: 409,
      body: { code: "flow.locked", message: expect.stringMatching(/Flow 'Sales Inbound' \(.*\) is checked out by OAuth client 'architect-user'/) },
    });
    expect(emulator.getArchitectFlow("dev", salesId())!.lockedClient!.id).toBe("architect-user");
  });

  it("needs the flow query parameter and answers unknown flows with 404", async () => {
    expect((await fetch(`${emulator.url}/api/v2/flows/actions/checkout`, { method: "POST", headers: { Authorization: `Bearer ${dev.accessToken}` } })).status).toBe(400);
    expect((await rejection(dev.architect.postFlowsActionsCheckout("no-such-flow"))).status).toBe(404);
  });
});

describe("check in and unlock", () => {
  it("lets the holder check the flow in, releasing it; another client's check-in is refused", async () => {
    await holder.architect.postFlowsActionsCheckout(salesId());
    expect(await rejection(dev.architect.postFlowsActionsCheckin(salesId()))).toMatchObject({ status: 409, body: { code: "flow.locked" } });
    expect(await holder.architect.postFlowsActionsCheckin(salesId())).toMatchObject({ complete: true, actionName: "CHECKIN", flow: { id: salesId() } });
    const released = emulator.getArchitectFlow("dev", salesId())!;
    expect(released.lockedUser).toBeUndefined();
    expect(released.lockedClient).toBeUndefined();
    expect(await rejection(dev.architect.postFlowsActionsCheckin(salesId()))).toMatchObject({ status: 409, body: { code: "flow.not.checked.out" } });
  });

  it("lets anyone unlock the flow, as an Architect admin does", async () => {
    await holder.architect.postFlowsActionsCheckout(salesId());
    const unlocked = (await dev.architect.postFlowsActionsUnlock(salesId())).body;
    expect(unlocked.lockedClient).toBeUndefined();
    expect((await dev.architect.postFlowsActionsCheckout(salesId())).body.lockedClient.id).toBe("dev-client");
  });
});

describe("a flow checked out by another client", () => {
  beforeEach(async () => {
    await holder.architect.postFlowsActionsCheckout(salesId());
  });

  it("fails an import of it with a message naming the flow and who has it checked out, storing nothing", async () => {
    const yaml = emulator.flowYaml("dev", salesId())!.replace("Play welcome prompt", "Greet");
    const job = (await dev.architect.postFlowsJobs()).body;
    await fetch(job.presignedUrl, { method: "PUT", headers: job.headers, body: yaml });
    const state = (await dev.architect.getFlowsJob(job.id, { expand: ["messages"] })).body;
    expect(state).toMatchObject({ status: "Failure", command: "Update", flow: { id: salesId() } });
    expect(state.messages).toEqual([
      expect.objectContaining({ type: "Error", text: `Flow 'Sales Inbound' (${salesId()}) is checked out by OAuth client 'architect-user'; it must be checked in, or unlocked by an Architect admin, before an import can change it.` }),
    ]);
    expect(emulator.flowVersionIds("dev", salesId())).toEqual(["1.0"]);
  });

  it("lets the holder import it", async () => {
    const outside = await OutsideArchitect.connect(emulator, ARCHITECT_USER);
    await outside.editYaml(salesId(), (document) => document.setIn(["inboundCall", "description"], "edited while checked out"));
    expect(emulator.flowVersionIds("dev", salesId())).toEqual(["1.0", "2.0"]);
    expect(emulator.getArchitectFlow("dev", salesId())!.lockedClient!.id).toBe("architect-user");
  });

  it("refuses another client's PUT, publish and delete of it with 409", async () => {
    for (const call of [() => dev.architect.putFlow(salesId(), { name: "Taken Over" }), () => dev.architect.postFlowsActionsPublish(salesId()), () => dev.architect.deleteFlow(salesId())]) {
      expect(await rejection(call())).toMatchObject({ status: 409, body: { code: "flow.locked" } });
    }
    expect(emulator.getArchitectFlow("dev", salesId())).toMatchObject({ name: "Sales Inbound", deleted: false, publishedVersion: { id: "1.0" } });
  });
});
