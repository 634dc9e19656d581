// Scenario: `pulumi up -s dev`, `pulumi preview`, `pulumi destroy` with the root program, through the real
// provider host against the emulator. Protects the main job: three parent flows wired, a quiet preview
// afterwards, and a destroy that leaves the org exactly as it was.
import { startEmulator, type RunningEmulator } from "../../emulator";
import { expectAttached } from "../support/graphAssertions";
import { declareFor, flowsByName, hostStack, orgGraphs, PARENT_FLOWS, TRIGGER_ID } from "./rootProgramStack";

const NO_CHANGES = { create: 0, update: 0, replace: 0, delete: 0 };

describe("the dev stack", () => {
  let emulator: RunningEmulator;

  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(() => emulator.close());

  it("up wires the three parent flows; a second preview shows no changes and writes nothing", async () => {
    const before = flowsByName(emulator, "dev");
    const declared = await declareFor(emulator, "dev");
    const stack = hostStack({ declared });

    const up = await stack.up(declared.resources);
    expect(up.steps.filter((s) => !s.ok)).toEqual([]);
    expect(up.counts).toEqual({ ...NO_CHANGES, create: 3, same: 0 });
    const after = flowsByName(emulator, "dev");
    for (const flowName of Object.values(PARENT_FLOWS)) expectAttached(before[flowName], after[flowName], TRIGGER_ID);

    emulator.clearRequestLog();
    const preview = await stack.preview(declared.resources);
    expect(preview.ok).toBe(true);
    expect(preview.counts).toEqual({ ...NO_CHANGES, same: 3 });
    expect(preview.log).not.toContain("drift");
    expect(emulator.requestLog.filter((entry) => entry.method !== "GET" && !entry.path.startsWith("/oauth"))).toEqual([]);
  });

  it("destroy leaves every flow of the org exactly as it was before the first up", async () => {
    const before = orgGraphs(emulator, "dev");
    const declared = await declareFor(emulator, "dev");
    const stack = hostStack({ declared });
    expect((await stack.up(declared.resources)).ok).toBe(true);
    expect(orgGraphs(emulator, "dev")).not.toEqual(before);

    const destroy = await stack.destroy();

    expect(destroy.steps.map((s) => [s.name, s.op, s.ok]).sort()).toEqual(Object.keys(PARENT_FLOWS).sort().map((name) => [name, "delete", true]));
    expect(stack.state.resources).toEqual([]);
    expect(orgGraphs(emulator, "dev")).toEqual(before);
  });
});
