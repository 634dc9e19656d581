// Scenarios: two stacks of the root program (dev, and a feature stack beside it) declaring the same triggers
// in the same org, through the real provider host. Protects that a stack is told at preview, and refused at
// up, that it would take over calls another stack manages, unless it declares `adopt: true`; that destroy
// never removes a call another stack manages; and that a create of the same stack retried after a crash
// converges with no duplicate and no write.
import { startEmulator, type RunningEmulator } from "../../emulator";
import type { DeclaredResource } from "../../engineReplay/stack";
import { findTrigger } from "../../provider/flowFormats/graph/graphEdits";
import { failedSteps } from "../stress/stressSupport";
import { declareFor, driftLines, flowsByName, hostStack, PARENT_FLOWS, TRIGGER_ID, versionsByFlowName } from "./rootProgramStack";

const DEV = "subflow-wiring/dev";
const FEATURE = "subflow-wiring/feature";
const markerIn = (emulator: RunningEmulator, parent: string) => findTrigger(flowsByName(emulator, "dev")[parent], TRIGGER_ID)?.properties.managedBy;

/**
 * The dev program as a stack named `feature` declares it: SubflowAttachment marks calls with the program's
 * `<project>/<stack>`, so only that input differs (the feature stack has no stack file of its own here).
 */
function asFeatureStack(resources: DeclaredResource[], adopting: string[] = []): DeclaredResource[] {
  return resources.map((resource) => ({ ...resource, inputs: { ...resource.inputs, managedBy: FEATURE, ...(adopting.includes(resource.name) ? { adopt: true } : {}) } }));
}

describe("two stacks declaring the same calls", () => {
  let emulator: RunningEmulator;

  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(() => emulator.close());

  it("a second stack is told at preview and refused at up, writing nothing; with adopt: true it takes the call over, and destroying the first keeps it", async () => {
    const declared = await declareFor(emulator, "dev");
    const dev = hostStack({ declared });
    expect(failedSteps(await dev.up(declared.resources))).toEqual([]);
    for (const parent of Object.values(PARENT_FLOWS)) expect(markerIn(emulator, parent)).toBe(DEV);
    const versionsBefore = versionsByFlowName(emulator);

    const feature = hostStack({ declared });
    const preview = await feature.preview(asFeatureStack(declared.resources));
    expect(preview.ok).toBe(false);
    for (const step of preview.steps) {
      expect(step).toMatchObject({ op: "check", ok: false });
      expect(step.error).toContain(`trigger 'callGlobalAuth' in flow '${PARENT_FLOWS[step.name as keyof typeof PARENT_FLOWS]}' is managed by stack '${DEV}'`);
      expect(step.error).toContain("Nothing was written. Set adopt: true on this attachment to take the call over, or choose another triggerId.");
    }
    expect((await feature.up(asFeatureStack(declared.resources))).ok).toBe(false);
    expect(versionsByFlowName(emulator)).toEqual(versionsBefore);

    // The feature stack adopts the Sales call only (and leaves the other two out of its program).
    const salesOnly = asFeatureStack(declared.resources, ["sales-auth"]).filter((resource) => resource.name === "sales-auth");
    expect(failedSteps(await feature.up(salesOnly))).toEqual([]);
    expect(markerIn(emulator, "Sales Inbound")).toBe(FEATURE);

    // Dev is told the call is no longer its own, plans nothing for it, and its destroy leaves it.
    const devPreview = await dev.preview(declared.resources);
    expect(devPreview.steps.filter((step) => step.op !== "same")).toEqual([]);
    expect(driftLines(devPreview.log)).toEqual([
      `drift: trigger 'callGlobalAuth' in flow 'Sales Inbound' is now managed by stack '${FEATURE}'; this stack leaves it alone (up changes nothing, destroy keeps it): remove it from this program, or set adopt: true to take it back`,
    ]);
    expect(failedSteps(await dev.destroy())).toEqual([]);
    expect(markerIn(emulator, "Sales Inbound")).toBe(FEATURE);
    expect(markerIn(emulator, "Support Inbound")).toBeUndefined();
    expect(markerIn(emulator, "Billing Inbound")).toBeUndefined();

    // The stack that manages it now removes it.
    expect(failedSteps(await feature.destroy())).toEqual([]);
    expect(markerIn(emulator, "Sales Inbound")).toBeUndefined();
  });

  it("the same stack's create retried after a crash converges with no duplicate and no write", async () => {
    const declared = await declareFor(emulator, "dev");
    // The writes of a first up land, then the process dies before the engine records them.
    expect(failedSteps(await hostStack({ declared }).up(declared.resources))).toEqual([]);
    const versionsBefore = versionsByFlowName(emulator);

    const retried = hostStack({ declared });
    expect(failedSteps(await retried.preview(declared.resources))).toEqual([]);
    const up = await retried.up(declared.resources);
    expect(failedSteps(up)).toEqual([]);
    expect(up.counts.create).toBe(3);
    expect(versionsByFlowName(emulator)).toEqual(versionsBefore);
    for (const parent of Object.values(PARENT_FLOWS)) {
      expect(flowsByName(emulator, "dev")[parent].triggers.filter((trigger) => trigger.id === TRIGGER_ID)).toHaveLength(1);
    }
  });
});
