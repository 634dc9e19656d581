// Scenario: `pulumi up -s dev`, then the same program `pulumi up -s prod` in one emulator holding both orgs.
// Protects "one program, every org": names resolve to each org's own flow IDs and the wiring comes out
// the same in both.
import { startEmulator, type RunningEmulator } from "../../emulator";
import { declareFor, hostStack, orgGraphsByName, PARENT_FLOWS } from "./rootProgramStack";

describe("promoting the program from dev to prod", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  it("resolves prod's own flow IDs and gives prod the same wiring as dev", async () => {
    const outputsByStack: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const stackName of ["dev", "prod"]) {
      const declared = await declareFor(emulator, stackName);
      const stack = hostStack({ declared });
      const up = await stack.up(declared.resources);
      expect(up.steps.filter((s) => !s.ok)).toEqual([]);
      expect(up.counts.create).toBe(3);
      outputsByStack[stackName] = Object.fromEntries(stack.state.resources.map((r) => [r.name, r.outputs]));
    }

    for (const name of Object.keys(PARENT_FLOWS)) {
      const [dev, prod] = [outputsByStack.dev[name], outputsByStack.prod[name]];
      expect(prod.parentFlowName).toBe(dev.parentFlowName);
      expect(prod.parentFlowId).not.toBe(dev.parentFlowId);
      expect(prod.sharedFlowId).not.toBe(dev.sharedFlowId);
      expect(emulator.getFlow("prod", prod.parentFlowId as string)?.name).toBe(PARENT_FLOWS[name as keyof typeof PARENT_FLOWS]);
    }
    expect(orgGraphsByName(emulator, "prod")).toEqual(orgGraphsByName(emulator, "dev"));
  });
});
