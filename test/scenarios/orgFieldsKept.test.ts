// Scenario: the org gave the edges and triggers fields this project does not manage (a label on an edge, a
// note on the call). Protects that up, a drift repair and destroy, through the real provider host, keep
// every such field: destroy gives back each flow exactly as it was, labels included.
import { startEmulator, type RunningEmulator } from "../../emulator";
import { OutsideWriter } from "../../emulator/outsideWriter";
import { findTrigger } from "../../provider/flowFormats/graph/graphEdits";
import { canonicalGraph } from "../support/graphAssertions";
import { clientSecretOf, declareFor, flowsByName, hostStack, TRIGGER_ID } from "./rootProgramStack";

describe("fields of the org's edges and triggers", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  it("survive splicing the call in, repairing it and splicing it out", async () => {
    const other = await OutsideWriter.connect(emulator, { clientId: "dev-client", clientSecret: clientSecretOf("dev") });
    const salesId = flowsByName(emulator, "dev")["Sales Inbound"].id;
    // Every edge gets a label: the ones the call is spliced between too.
    const labelled = await other.editFlow(salesId, (flow) => {
      flow.edges = flow.edges.map((edge) => ({ ...edge, label: `${edge.fromId} to ${edge.toId}` }));
    });
    const declared = await declareFor(emulator, "dev");
    const stack = hostStack({ declared });
    expect((await stack.up(declared.resources)).ok).toBe(true);

    // Someone notes something on the call and changes an argument: the repair restores the argument only.
    await other.editFlow(salesId, (flow) => {
      const call = findTrigger(flow, TRIGGER_ID)!;
      call.properties = { ...call.properties, note: "reviewed by the security team", arguments: { callerPhone: "${Call.Dnis}" } };
      (call as unknown as Record<string, unknown>).label = "Authenticate caller";
    });
    const up = await stack.up(declared.resources);
    expect(up.steps.filter((step) => !step.ok)).toEqual([]);
    expect(up.counts.update).toBe(1);
    const repaired = findTrigger(flowsByName(emulator, "dev")["Sales Inbound"], TRIGGER_ID)!;
    expect(repaired).toMatchObject({ label: "Authenticate caller", properties: { note: "reviewed by the security team", arguments: { callerPhone: "${Call.Ani}" } } });

    expect((await stack.destroy()).ok).toBe(true);
    expect(canonicalGraph(flowsByName(emulator, "dev")["Sales Inbound"])).toEqual(canonicalGraph(labelled));
  });
});
