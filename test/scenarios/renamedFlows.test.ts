// Scenarios: flows renamed or deleted in the org after `pulumi up`, and names shared by flows of different
// types. Protects, through the real provider host, that a plain preview shows a renamed shared flow as drift
// and up repoints the call (or fails clearly, writing nothing); that refresh records real names; that a
// renamed or deleted parent gets an error saying so; and that a shared flow's name means the common module.
import { findTrigger } from "../../provider/flowFormats/graph/graphEdits";
import type { Flow } from "../../provider/flowModel";
import { changedSteps, declareFor, flowsByName, hostStack, PARENT_FLOWS, SHARED_FLOW, stackWiring, TRIGGER_ID, useDevOrg, versionsByFlowName, WIRING_KEY } from "./rootProgramStack";

const rename = (name: string) => (flow: Flow) => void (flow.name = name);

describe("flows renamed or deleted in the org", () => {
  const dev = useDevOrg();

  it("a renamed shared flow is drift: up fails while no common module has the declared name, then repoints the calls to the one that has it", async () => {
    const { emulator, other } = dev;
    const declared = await declareFor(emulator, "dev");
    const stack = hostStack({ declared });
    expect((await stack.up(declared.resources)).ok).toBe(true);
    const original = flowsByName(emulator, "dev")[SHARED_FLOW];
    await other.editFlow(original.id, rename("Global Auth (retired)"));

    const preview = await stack.preview(declared.resources);
    expect(preview.ok).toBe(true);
    expect(changedSteps(preview)).toEqual(Object.keys(PARENT_FLOWS).sort().map((name) => [name, "update"]));
    const driftLines = preview.log.split("\n").filter((line) => line.startsWith("drift: "));
    expect(driftLines).toHaveLength(3);
    for (const line of driftLines) {
      expect(line).toContain(`the shared flow it calls (${original.id}) is now named 'Global Auth (retired)', not '${SHARED_FLOW}' as declared`);
    }

    const versionsBefore = versionsByFlowName(emulator);
    const refused = await stack.up(declared.resources);
    expect(refused.ok).toBe(false);
    for (const step of refused.steps.filter((s) => s.op !== "same")) {
      expect(step.ok).toBe(false);
      expect(step.error).toContain(`No flow of type 'commonmodule' is named exactly '${SHARED_FLOW}'`);
      expect(step.error).toContain(`Flow ${original.id}, which this attachment calls, is now named 'Global Auth (retired)'`);
    }
    expect(versionsByFlowName(emulator)).toEqual(versionsBefore);

    // Another common module takes the name: up points every call at it.
    const successor = await other.createFlow({ ...original, id: undefined, name: SHARED_FLOW } as unknown as Flow);
    const up = await stack.up(declared.resources);
    expect(up.steps.filter((s) => !s.ok)).toEqual([]);
    expect(up.counts.update).toBe(3);
    for (const parent of Object.values(PARENT_FLOWS)) {
      expect(findTrigger(flowsByName(emulator, "dev")[parent], TRIGGER_ID)!.properties.flowId).toBe(successor.id);
    }
    expect(changedSteps(await stack.preview(declared.resources))).toEqual([]);

    // Refresh records the name the org gives the shared flow now.
    await other.editFlow(successor.id, rename("Global Auth v2"));
    expect((await stack.refresh()).ok).toBe(true);
    for (const resource of stack.state.resources) expect(resource.outputs).toMatchObject({ sharedFlowId: successor.id, sharedFlowName: "Global Auth v2" });
  });

  it("a renamed parent gets an error naming its new name; following the rename updates the recorded name", async () => {
    const { emulator, other } = dev;
    const declared = await declareFor(emulator, "dev");
    const stack = hostStack({ declared });
    expect((await stack.up(declared.resources)).ok).toBe(true);
    await other.editFlow(flowsByName(emulator, "dev")["Sales Inbound"].id, rename("Sales Inbound 2024"));

    const versionsBefore = versionsByFlowName(emulator);
    const preview = await stack.preview(declared.resources);
    const failed = preview.steps.find((step) => step.name === "sales-auth")!;
    expect(failed).toMatchObject({ op: "check", ok: false });
    expect(failed.error).toContain("is now named 'Sales Inbound 2024' in the org");
    expect(failed.error).toContain('write parentFlowName: "Sales Inbound 2024" to follow the rename');
    expect(failed.error).not.toMatch(/spelling/);
    expect((await stack.up(declared.resources)).ok).toBe(false);
    expect(versionsByFlowName(emulator)).toEqual(versionsBefore);

    const wiring = stackWiring("dev");
    wiring.attachments["sales-auth"].parentFlowName = "Sales Inbound 2024";
    const followed = await declareFor(emulator, "dev", { [WIRING_KEY]: JSON.stringify(wiring) });
    expect(changedSteps(await stack.preview(followed.resources))).toEqual([["sales-auth", "update"]]);
    expect((await stack.up(followed.resources)).ok).toBe(true);
    expect(versionsByFlowName(emulator)).toEqual(versionsBefore);
    expect(stack.state.resources.find((resource) => resource.name === "sales-auth")!.outputs.parentFlowName).toBe("Sales Inbound 2024");
    expect(changedSteps(await stack.preview(followed.resources))).toEqual([]);
  });

  it("a deleted parent gets an error saying it no longer exists and what to do", async () => {
    const { emulator, other } = dev;
    const declared = await declareFor(emulator, "dev");
    const stack = hostStack({ declared });
    expect((await stack.up(declared.resources)).ok).toBe(true);
    await other.deleteFlow(flowsByName(emulator, "dev")["Billing Inbound"].id);

    const failed = (await stack.preview(declared.resources)).steps.find((step) => step.name === "billing-auth")!;
    expect(failed).toMatchObject({ op: "check", ok: false });
    expect(failed.error).toMatch(/parent flow 'Billing Inbound' \(.+\) no longer exists in the org \(it was deleted\)/);
    expect(failed.error).toContain("run 'pulumi refresh' to drop this attachment from the state, or remove it from the program");
    expect(failed.error).not.toMatch(/spelling/);
  });

  it("a shared flow's name held by an inbound flow too means the common module", async () => {
    const { emulator, other } = dev;
    await other.createFlow({ name: SHARED_FLOW, type: "inboundcall" });
    const declared = await declareFor(emulator, "dev");
    const up = await hostStack({ declared }).up(declared.resources);
    expect(up.steps.filter((s) => !s.ok)).toEqual([]);
    const commonModule = emulator.flows("dev").find((flow) => flow.name === SHARED_FLOW && flow.type === "commonmodule")!;
    for (const parent of Object.values(PARENT_FLOWS)) {
      expect(findTrigger(flowsByName(emulator, "dev")[parent], TRIGGER_ID)!.properties.flowId).toBe(commonModule.id);
    }
  });
});
