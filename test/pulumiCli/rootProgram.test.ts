// The main job through the real Pulumi CLI (engine, language host, state file, display): the root program
// wires dev, a plain preview shows drift made by another client, up repairs it, refresh follows a removal,
// destroy gives every flow back; then prod gets the same wiring with its own flow IDs. A parent flow changed
// in the stack config replaces the attachment: the call moves to the new flow and leaves the old one.

import { startEmulator, type RunningEmulator } from "../../emulator";
import type { Flow } from "../../provider/flowModel";
import { WIRING_CONFIG_KEY } from "../../program/wiringConfig";
import { findTrigger, replaceTriggerProperties, spliceIn, spliceOut } from "../../provider/flowFormats/graph/graphEdits";
import { expectAttached, expectSameGraph } from "../support/graphAssertions";
import { OutsideWriter } from "../../emulator/outsideWriter";
import type { RootProjectCopy } from "../../pulumiCli/rootProjectCopy";
import { CLI_SCENARIO_TIMEOUT_MS, clientSecretEnv, expectSalesAndSupportDrift, expectSuccess, previewSteps, rootProjectFor } from "./cliProject";

const TRIGGER_ID = "callGlobalAuth";
const PARENT_FLOWS = ["Sales Inbound", "Support Inbound", "Billing Inbound"];

function flowsByName(emulator: RunningEmulator, org: string): Record<string, Flow> {
  return Object.fromEntries(emulator.flows(org).map((flow) => [flow.name, flow]));
}

/** An edit nobody declared: a new description and an extra prompt after the welcome prompt. */
function unrelatedEdit(flow: Flow): void {
  flow.description = `${flow.description} (edited in Architect)`;
  Object.assign(flow, spliceIn(flow, { id: "survey-offer", type: "playprompt", properties: { type: "playprompt", prompt: "Prompt.Survey" } }, "welcome-prompt"));
}

describe("the root program under the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let project: RootProjectCopy;

  beforeAll(async () => {
    emulator = await startEmulator();
    project = await rootProjectFor(emulator, ["dev", "prod"]);
  });
  afterAll(async () => {
    project?.remove();
    await emulator?.close();
  });

  it("up, drift in a plain preview, repair, refresh, destroy on dev; then prod with its own IDs", async () => {
    const dev = { ...clientSecretEnv("dev") };
    const before = flowsByName(emulator, "dev");

    expectSuccess(await project.pulumi(["up", "--yes", "--non-interactive", "-s", "dev"], dev));
    const wired = flowsByName(emulator, "dev");
    for (const name of PARENT_FLOWS) expectAttached(before[name], wired[name], TRIGGER_ID);
    emulator.clearRequestLog();
    expectSuccess(await project.pulumi(["preview", "--expect-no-changes", "--non-interactive", "-s", "dev"], dev));
    expect(emulator.requestLog.filter((entry) => entry.method !== "GET" && entry.path !== "/oauth/token")).toEqual([]);

    // Another client removes one call and changes another's arguments, with unrelated edits beside them.
    const other = await OutsideWriter.connect(emulator, { clientId: "dev-client", clientSecret: dev.GENESYS_CLIENT_SECRET });
    await other.editFlow(wired["Sales Inbound"].id, (flow) => {
      Object.assign(flow, spliceOut(flow, TRIGGER_ID));
      unrelatedEdit(flow);
    });
    await other.editFlow(wired["Support Inbound"].id, (flow) => {
      const call = findTrigger(flow, TRIGGER_ID)!;
      Object.assign(flow, replaceTriggerProperties(flow, TRIGGER_ID, { ...call.properties, arguments: { callerPhone: "${Call.Dnis}" } }));
      unrelatedEdit(flow);
    });
    const edited = flowsByName(emulator, "dev");

    const plainPreview = await expectSalesAndSupportDrift(project, dev);
    const updatedRows = plainPreview.stdout.split("\n").filter((line) => /^\s*~\s+pulumi-nodejs:dynamic/.test(line));
    expect(updatedRows.map((line) => line.trim().split(/\s+/)[2]).sort()).toEqual(["sales-auth", "support-auth"]);

    expectSuccess(await project.pulumi(["up", "--yes", "--non-interactive", "-s", "dev"], dev));
    const repaired = flowsByName(emulator, "dev");
    for (const name of ["Sales Inbound", "Support Inbound"]) {
      expectAttached(edited[name], repaired[name], TRIGGER_ID);
      expect(findTrigger(repaired[name], TRIGGER_ID)).toEqual(findTrigger(wired[name], TRIGGER_ID));
      expect(findTrigger(repaired[name], "survey-offer")).toBeDefined();
      expect(repaired[name].description).toBe(edited[name].description);
    }
    expect(repaired["Billing Inbound"].version).toBe(wired["Billing Inbound"].version);
    expectSuccess(await project.pulumi(["preview", "--expect-no-changes", "--non-interactive", "-s", "dev"], dev));

    // A call removed in the org: refresh drops it from the state, the next up puts it back.
    await other.editFlow(wired["Billing Inbound"].id, (flow) => Object.assign(flow, spliceOut(flow, TRIGGER_ID)));
    expectSuccess(await project.pulumi(["refresh", "--yes", "--non-interactive", "-s", "dev"], dev));
    const exported = JSON.parse((await project.pulumi(["stack", "export", "-s", "dev"], dev)).stdout) as {
      deployment: { resources: Array<{ urn: string }> };
    };
    const managed = exported.deployment.resources.map((r) => r.urn.split("::").pop()).filter((name) => name?.endsWith("-auth"));
    expect(managed.sort()).toEqual(["sales-auth", "support-auth"]);
    expect(previewSteps(await project.pulumi(["preview", "--json", "--non-interactive", "-s", "dev"], dev))).toEqual([
      ["billing-auth", "create"],
    ]);
    expectSuccess(await project.pulumi(["up", "--yes", "--non-interactive", "-s", "dev"], dev));
    expectAttached(before["Billing Inbound"], flowsByName(emulator, "dev")["Billing Inbound"], TRIGGER_ID);

    // Destroy removes exactly the calls this stack made: each flow's graph is as it was before the first up,
    // apart from the other client's edits.
    const beforeDestroy = flowsByName(emulator, "dev");
    expectSuccess(await project.pulumi(["destroy", "--yes", "--non-interactive", "-s", "dev"], dev));
    const destroyed = flowsByName(emulator, "dev");
    for (const name of PARENT_FLOWS) {
      expectSameGraph(destroyed[name], spliceOut(beforeDestroy[name], TRIGGER_ID));
      expect(findTrigger(destroyed[name], TRIGGER_ID)).toBeUndefined();
    }
    expectSameGraph(destroyed["Billing Inbound"], before["Billing Inbound"]);

    // Prod: the same names resolve to prod's own flow IDs, and prod gets the same wiring.
    const prod = clientSecretEnv("prod");
    const prodBefore = flowsByName(emulator, "prod");
    expectSuccess(await project.pulumi(["up", "--yes", "--non-interactive", "-s", "prod"], prod));
    const prodWired = flowsByName(emulator, "prod");
    for (const name of PARENT_FLOWS) {
      expectAttached(prodBefore[name], prodWired[name], TRIGGER_ID);
      expect(prodWired[name].id).not.toBe(wired[name].id);
      const call = findTrigger(prodWired[name], TRIGGER_ID)!;
      expect(call.properties.flowId).toBe(prodWired["Global Auth Subflow"].id);
      // The same call, marked as prod's: the program, run by the real language host, names its own stack.
      expect(call.properties.managedBy).toBe("subflow-wiring/prod");
      expect({ ...call.properties, flowId: undefined, managedBy: undefined }).toEqual({ ...findTrigger(wired[name], TRIGGER_ID)!.properties, flowId: undefined, managedBy: undefined });
    }
    expectSuccess(await project.pulumi(["preview", "--expect-no-changes", "--non-interactive", "-s", "prod"], prod));
  }, CLI_SCENARIO_TIMEOUT_MS);

  it("a new parent flow in the stack config is a replacement: up moves the call and removes it from the old flow", async () => {
    const dev = clientSecretEnv("dev");
    const before = flowsByName(emulator, "dev");
    expectSuccess(await project.pulumi(["up", "--yes", "--non-interactive", "-s", "dev"], dev));
    const other = await OutsideWriter.connect(emulator, { clientId: "dev-client", clientSecret: dev.GENESYS_CLIENT_SECRET });
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
    const config = project.stackConfig("dev") as Record<string, { attachments: Record<string, { parentFlowName: string }> }>;
    config[WIRING_CONFIG_KEY].attachments["billing-auth"].parentFlowName = "Collections Inbound";
    project.writeStackConfig("dev", config);

    expect(previewSteps(await project.pulumi(["preview", "--json", "--non-interactive", "-s", "dev"], dev))).toEqual([["billing-auth", "replace"]]);
    expectSuccess(await project.pulumi(["up", "--yes", "--non-interactive", "-s", "dev"], dev));
    const after = flowsByName(emulator, "dev");
    expectSameGraph(after["Billing Inbound"], before["Billing Inbound"]);
    expectAttached(collections, after["Collections Inbound"], TRIGGER_ID);
    const outputs = JSON.parse((await project.pulumi(["stack", "output", "attachmentIds", "--json", "-s", "dev"], dev)).stdout) as Record<string, string>;
    expect(outputs["billing-auth"]).toBe(`${collections.id}:${TRIGGER_ID}`);
    expectSuccess(await project.pulumi(["destroy", "--yes", "--non-interactive", "-s", "dev"], dev));
  }, CLI_SCENARIO_TIMEOUT_MS);
});
