// Scenario: someone edits the org with another client after `pulumi up`. Protects drift detection and
// repair: `pulumi preview` names exactly the two drifted attachments (one line each in its output), and
// `pulumi up` puts back the calls without undoing that client's unrelated edits.
import { startEmulator, type RunningEmulator } from "../../emulator";
import type { Flow } from "../../provider/flowModel";
import { findTrigger, replaceTriggerProperties, spliceIn, spliceOut } from "../../provider/graphEdits";
import { expectAttached } from "../support/graphAssertions";
import { OutsideWriter } from "../../emulator/outsideWriter";
import { clientSecretOf, declareFor, flowsByName, hostStack, TRIGGER_ID } from "./rootProgramStack";

/** An edit nobody declared: a new description and an extra prompt after the welcome prompt. */
function unrelatedEdit(flow: Flow): void {
  flow.description = `${flow.description} (edited in Architect)`;
  const graph = spliceIn(flow, { id: "survey-offer", type: "playprompt", properties: { type: "playprompt", prompt: "Prompt.Survey" } }, "welcome-prompt");
  flow.triggers = graph.triggers;
  flow.edges = graph.edges;
}

describe("drift made by another client", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  it("preview reports exactly the two drifted attachments; up repairs them and keeps the other edits", async () => {
    const declared = await declareFor(emulator, "dev");
    const stack = hostStack({ declared });
    expect((await stack.up(declared.resources)).ok).toBe(true);
    const wired = flowsByName(emulator, "dev");

    const other = await OutsideWriter.connect(emulator, { clientId: "dev-client", clientSecret: clientSecretOf("dev") });
    await other.editFlow(wired["Sales Inbound"].id, (flow) => {
      const graph = spliceOut(flow, TRIGGER_ID);
      flow.triggers = graph.triggers;
      flow.edges = graph.edges;
      unrelatedEdit(flow);
    });
    await other.editFlow(wired["Support Inbound"].id, (flow) => {
      const call = findTrigger(flow, TRIGGER_ID)!;
      const graph = replaceTriggerProperties(flow, TRIGGER_ID, { ...call.properties, arguments: { callerPhone: "${Call.Dnis}" } });
      flow.triggers = graph.triggers;
      flow.edges = graph.edges;
      unrelatedEdit(flow);
    });
    const edited = flowsByName(emulator, "dev");

    const preview = await stack.preview(declared.resources);
    expect(preview.ok).toBe(true);
    expect(preview.steps.filter((s) => s.op !== "same").map((s) => [s.name, s.op]).sort()).toEqual([
      ["sales-auth", "update"],
      ["support-auth", "update"],
    ]);
    const driftLines = preview.log.split("\n").filter((line) => line.startsWith("drift: "));
    expect(driftLines).toHaveLength(2);
    expect(driftLines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/in flow 'Sales Inbound' was removed in the org/),
        expect.stringMatching(/in flow 'Support Inbound': arguments\.callerPhone changed/),
      ]),
    );

    const up = await stack.up(declared.resources);
    expect(up.steps.filter((s) => !s.ok)).toEqual([]);
    expect(up.counts).toMatchObject({ update: 2, same: 1 });
    const repaired = flowsByName(emulator, "dev");
    for (const flowName of ["Sales Inbound", "Support Inbound"]) {
      expectAttached(edited[flowName], repaired[flowName], TRIGGER_ID);
      expect(findTrigger(repaired[flowName], TRIGGER_ID)).toEqual(findTrigger(wired[flowName], TRIGGER_ID));
      expect(findTrigger(repaired[flowName], "survey-offer")).toBeDefined();
      expect(repaired[flowName].description).toBe(edited[flowName].description);
    }
    expect(repaired["Billing Inbound"].version).toBe(wired["Billing Inbound"].version);
    expect((await stack.preview(declared.resources)).counts).toMatchObject({ update: 0, same: 3 });
  });
});
