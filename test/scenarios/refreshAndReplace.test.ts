// Scenarios: `pulumi refresh` after a call was removed in the org, and a stack config change that moves an
// attachment to another parent flow. Protects that refresh drops what is gone (and the next up puts it
// back), and that a new parent flow is a replacement: the call moves, and the old flow loses it.
import { startEmulator, type RunningEmulator } from "../../emulator";
import { spliceOut } from "../../provider/graphEdits";
import { canonicalGraph, expectAttached } from "../support/graphAssertions";
import { OutsideWriter } from "../../emulator/outsideWriter";
import { clientSecretOf, declareFor, flowsByName, hostStack, stackWiring, TRIGGER_ID, WIRING_KEY } from "./rootProgramStack";

describe("the dev stack after changes", () => {
  let emulator: RunningEmulator;

  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(() => emulator.close());

  it("refresh drops an attachment whose call was removed in the org, and the next up re-creates it", async () => {
    const declared = await declareFor(emulator, "dev");
    const stack = hostStack({ declared });
    expect((await stack.up(declared.resources)).ok).toBe(true);
    const billing = flowsByName(emulator, "dev")["Billing Inbound"];
    const other = await OutsideWriter.connect(emulator, { clientId: "dev-client", clientSecret: clientSecretOf("dev") });
    await other.editFlow(billing.id, (flow) => Object.assign(flow, spliceOut(flow, TRIGGER_ID)));

    const refresh = await stack.refresh();
    expect(refresh.ok).toBe(true);
    expect(refresh.steps.map((s) => [s.name, s.op]).sort()).toEqual([
      ["billing-auth", "delete"],
      ["sales-auth", "same"],
      ["support-auth", "same"],
    ]);
    expect(stack.state.resources.map((r) => r.name).sort()).toEqual(["sales-auth", "support-auth"]);

    expect((await stack.preview(declared.resources)).counts).toMatchObject({ create: 1, same: 2 });
    const up = await stack.up(declared.resources);
    expect(up.counts).toMatchObject({ create: 1, same: 2 });
    expect(canonicalGraph(flowsByName(emulator, "dev")["Billing Inbound"])).toEqual(canonicalGraph(billing));
  });

  it("a new parent flow in config is a replacement: up moves the call and removes it from the old flow", async () => {
    const before = flowsByName(emulator, "dev");
    const declared = await declareFor(emulator, "dev");
    const stack = hostStack({ declared });
    expect((await stack.up(declared.resources)).ok).toBe(true);
    const other = await OutsideWriter.connect(emulator, { clientId: "dev-client", clientSecret: clientSecretOf("dev") });
    const collections = await other.createFlow({
      name: "Collections Inbound",
      type: "inboundcall",
      triggers: [{ id: "queue-transfer", type: "transfertoqueue", properties: { type: "transfertoqueue", queueName: "Collections" } }],
      edges: [
        { fromId: "start", toId: "queue-transfer", conditions: [] },
        { fromId: "queue-transfer", toId: "end", conditions: [] },
      ],
    });

    // Only the parent flow's name changes; the trigger ID stays.
    const wiring = stackWiring("dev");
    wiring.attachments["billing-auth"].parentFlowName = "Collections Inbound";
    const moved = await declareFor(emulator, "dev", { [WIRING_KEY]: JSON.stringify(wiring) });

    const preview = await stack.preview(moved.resources);
    expect(preview.steps.filter((s) => s.op !== "same").map((s) => [s.name, s.op])).toEqual([["billing-auth", "replace"]]);

    const up = await stack.up(moved.resources);
    expect(up.steps.filter((s) => !s.ok)).toEqual([]);
    expect(up.steps.map((s) => [s.name, s.op]).filter(([, op]) => op !== "same")).toEqual([
      ["billing-auth", "replace"],
      ["billing-auth", "delete"],
    ]);
    const after = flowsByName(emulator, "dev");
    expect(canonicalGraph(after["Billing Inbound"])).toEqual(canonicalGraph(before["Billing Inbound"]));
    expectAttached(collections, after["Collections Inbound"], TRIGGER_ID);
    expect(stack.state.resources.find((r) => r.name === "billing-auth")!.outputs.parentFlowId).toBe(collections.id);
  });
});
