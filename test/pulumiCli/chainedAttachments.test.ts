// Chained attachments from stack config through the real Pulumi CLI: an attachment placed `after` another
// attachment's trigger in the same flow, declared before it in the config. Protects that the root program
// orders them, so the first `up` creates both in order, a preview is then clean, and destroy removes both;
// and that the program marks each call with the stack's identity as the real engine runs it.

import { startEmulator, type RunningEmulator } from "../../emulator";
import { isPlacedAfter } from "../../provider/flowFormats/graph/graphEdits";
import type { RootProjectCopy } from "../../pulumiCli/rootProjectCopy";
import { expectSameGraph } from "../support/graphAssertions";
import { CLI_SCENARIO_TIMEOUT_MS, clientSecretEnv, expectSuccess, rootProjectFor } from "./cliProject";

describe("attachments chained in stack config", () => {
  let emulator: RunningEmulator;
  let project: RootProjectCopy;

  beforeAll(async () => {
    emulator = await startEmulator();
    project = await rootProjectFor(emulator, ["dev"]);
  });
  afterAll(async () => {
    project?.remove();
    await emulator?.close();
  });

  it("are created in order by the first up, and removed by destroy", async () => {
    const dev = clientSecretEnv("dev");
    const config = project.stackConfig("dev");
    const wiring = config["subflow-wiring:wiring"] as { attachments: Record<string, Record<string, unknown>> };
    // The dependent attachment comes first, and each of the three flows gets a chain.
    const chained: Record<string, Record<string, unknown>> = {};
    for (const [name, attachment] of Object.entries(wiring.attachments)) {
      chained[`${name}-survey`] = { parentFlowName: attachment.parentFlowName, triggerId: "callSurvey", after: "callGlobalAuth" };
      chained[name] = attachment;
    }
    project.writeStackConfig("dev", { ...config, "subflow-wiring:wiring": { ...wiring, attachments: chained } });
    const before = Object.fromEntries(emulator.flows("dev").map((flow) => [flow.name, flow]));

    expectSuccess(await project.pulumi(["up", "--yes", "--non-interactive", "-s", "dev"], dev));
    for (const name of ["Sales Inbound", "Support Inbound", "Billing Inbound"]) {
      const flow = emulator.findFlowByName("dev", name)!;
      expect({ name, authAfterStart: isPlacedAfter(flow, "callGlobalAuth", "start"), surveyAfterAuth: isPlacedAfter(flow, "callSurvey", "callGlobalAuth") }).toEqual({
        name,
        authAfterStart: true,
        surveyAfterAuth: true,
      });
    }
    expectSuccess(await project.pulumi(["preview", "--expect-no-changes", "--non-interactive", "-s", "dev"], dev));
    // The program, run by the real language host, marks every call with its project and stack.
    const markers = emulator.flows("dev").flatMap((flow) => flow.triggers.filter((trigger) => trigger.type === "callsubflow").map((trigger) => trigger.properties.managedBy));
    expect(new Set(markers)).toEqual(new Set(["subflow-wiring/dev"]));

    expectSuccess(await project.pulumi(["destroy", "--yes", "--non-interactive", "-s", "dev"], dev));
    for (const name of ["Sales Inbound", "Support Inbound", "Billing Inbound"]) expectSameGraph(emulator.findFlowByName("dev", name)!, before[name]);
  }, CLI_SCENARIO_TIMEOUT_MS);
});
