// The main job through the real Pulumi CLI on orgs that keep flows in Architect's format (Archy YAML moved
// by export and import jobs, as a real Genesys Cloud org does): the root program's up on dev and prod with
// the same stack config, a clean preview, an outside client's edits made through an import job shown by a
// plain preview, up repairing them while keeping the outsider's other edits, destroy giving every flow's
// YAML back.

import type { Document } from "yaml";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { OutsideArchitect } from "../../emulator/outsideArchitect";
import { parseArchyFlow } from "../../provider/flowFormats/architect/archyDocument";
import { LiveCall } from "../../provider/flowFormats/flowFormat";
import { callsOf } from "../../provider/flowFormats/formats";
import type { RootProjectCopy } from "../../pulumiCli/rootProjectCopy";
import { CLI_SCENARIO_TIMEOUT_MS, clientSecretEnv, expectSalesAndSupportDrift, expectSuccess, rootProjectFor } from "./cliProject";

const TRIGGER_ID = "callGlobalAuth";
const PARENT_FLOWS = ["Sales Inbound", "Support Inbound", "Billing Inbound"];

/** Each flow's YAML as the org's latest version holds it, by flow name. */
function yamlByName(emulator: RunningEmulator, org: string): Record<string, string> {
  return Object.fromEntries(emulator.architectFlows(org).map((flow) => [flow.name, emulator.flowYaml(org, flow.id)!]));
}

function callIn(yaml: string, triggerId = TRIGGER_ID): LiveCall | undefined {
  return callsOf({ format: "architect", archy: parseArchyFlow(yaml, { name: "flow" }) }).find(triggerId);
}

/** An edit nobody declared, made in the outsider's import: a survey prompt right after the welcome, and another greeting. */
function unrelatedEdit(document: Document): void {
  const actions = document.getIn(["inboundCall", "tasks", 0, "task", "actions"]) as { items: unknown[] };
  actions.items.splice(actionIndex(document, "Play welcome prompt") + 1, 0, document.createNode({ playAudio: { name: "Offer the survey", audio: { exp: "ToAudio(Prompt.Survey)" } } }));
  document.setIn(["inboundCall", "initialGreeting"], document.createNode({ exp: "ToAudio(Prompt.Greeting2025)" }));
}

/** The index of an action of the startup task, by name. */
function actionIndex(document: Document, name: string): number {
  const actions = document.getIn(["inboundCall", "tasks", 0, "task", "actions"]) as { items: Array<{ toJSON(): Record<string, { name?: string }> }> };
  return actions.items.findIndex((item) => Object.values(item.toJSON())[0]?.name === name);
}

describe("the root program on Architect orgs under the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let project: RootProjectCopy;

  beforeAll(async () => {
    emulator = await startEmulator({ flowFormat: "architect" });
    project = await rootProjectFor(emulator, ["dev", "prod"]);
  });
  afterAll(async () => {
    project?.remove();
    await emulator?.close();
  });

  it("up, a clean preview, outside edits shown by a plain preview, repair, destroy giving the YAML back; then prod", async () => {
    const dev = clientSecretEnv("dev");
    const before = yamlByName(emulator, "dev");

    const firstUp = await project.pulumi(["up", "--yes", "--non-interactive", "-s", "dev"], dev);
    expectSuccess(firstUp);
    // The preview before the update says what an Architect write does.
    expect(firstUp.stdout).toMatch(/note: trigger 'callGlobalAuth' in flow 'Sales Inbound': up writes the flow with an Architect import job, which publishes it/);
    const wired = yamlByName(emulator, "dev");
    for (const name of PARENT_FLOWS) {
      expect(callIn(wired[name])).toMatchObject({ isCall: true, sharedFlow: "Global Auth Subflow", managedBy: "subflow-wiring/dev", predecessors: ["start"], otherDifferences: [] });
    }
    expect(callIn(wired["Sales Inbound"])).toMatchObject({
      arguments: { callerPhone: "${Call.Ani}", language: "${Call.Language}" },
      returnVariables: { "Flow.authResult": "authenticationResult", "Flow.customerId": "resolvedCustomerId" },
    });
    expect(wired["Sales Inbound"]).toMatch(/ {10}- callCommonModule:\n {14}name: callGlobalAuth\n {14}commonModule:\n {16}Global Auth Subflow:\n {18}ver_latestPublished:\n/);
    // One import per parent flow, in the update (the preview only reads).
    expect(emulator.architectJobs("dev").filter((job) => job.kind === "import")).toHaveLength(3);

    emulator.clearRequestLog();
    expectSuccess(await project.pulumi(["preview", "--expect-no-changes", "--non-interactive", "-s", "dev"], dev));
    expect(emulator.requestLog.filter((entry) => entry.path === "/api/v2/flows/jobs")).toEqual([]);

    // Another client removes one call and changes another's arguments, each with unrelated edits, through import jobs.
    const outsider = await OutsideArchitect.connect(emulator, { clientId: "dev-client", clientSecret: dev.GENESYS_CLIENT_SECRET });
    const salesId = emulator.findArchitectFlowByName("dev", "Sales Inbound")!.id;
    const supportId = emulator.findArchitectFlowByName("dev", "Support Inbound")!.id;
    await outsider.editYaml(salesId, (document) => {
      (document.getIn(["inboundCall", "tasks", 0, "task", "actions"]) as { items: unknown[] }).items.splice(actionIndex(document, TRIGGER_ID), 1);
      unrelatedEdit(document);
    });
    await outsider.editYaml(supportId, (document) => {
      document.setIn(["inboundCall", "tasks", 0, "task", "actions", actionIndex(document, TRIGGER_ID), "callCommonModule", "commonModule", "Global Auth Subflow", "ver_latestPublished", "inputs", "Common.callerPhone", "exp"], "Call.Dnis");
      unrelatedEdit(document);
    });

    await expectSalesAndSupportDrift(project, dev);

    const billingVersions = emulator.flowVersionIds("dev", emulator.findArchitectFlowByName("dev", "Billing Inbound")!.id);
    expectSuccess(await project.pulumi(["up", "--yes", "--non-interactive", "-s", "dev"], dev));
    const repaired = yamlByName(emulator, "dev");
    for (const name of ["Sales Inbound", "Support Inbound"]) {
      expect(callIn(repaired[name])).toEqual(callIn(wired[name]));
      // The outsider's other edits stay.
      expect(repaired[name]).toContain("name: Offer the survey");
      expect(repaired[name]).toContain("exp: ToAudio(Prompt.Greeting2025)");
    }
    expect(emulator.flowVersionIds("dev", emulator.findArchitectFlowByName("dev", "Billing Inbound")!.id)).toEqual(billingVersions);
    expectSuccess(await project.pulumi(["preview", "--expect-no-changes", "--non-interactive", "-s", "dev"], dev));

    // Destroy removes exactly the calls this stack made (and their ownership lines): each flow's YAML is what it
    // was before the first up, but for the outsider's edits. The oracle for the two the outsider edited: the
    // same edits made, through the outsider's own import, on the flow as it was before the first up.
    expectSuccess(await project.pulumi(["destroy", "--yes", "--non-interactive", "-s", "dev"], dev));
    const destroyed = yamlByName(emulator, "dev");
    expect(destroyed["Billing Inbound"]).toBe(before["Billing Inbound"]);
    for (const [name, flowId] of [["Sales Inbound", salesId], ["Support Inbound", supportId]]) {
      expect((await outsider.importYaml(before[name])).flowId).toBe(flowId);
      await outsider.editYaml(flowId, unrelatedEdit);
      expect(destroyed[name]).toBe(emulator.flowYaml("dev", flowId));
    }
    for (const name of PARENT_FLOWS) expect(callIn(destroyed[name])).toBeUndefined();

    // Prod: the same stack config, its own flow IDs, the same calls marked as prod's.
    const prod = clientSecretEnv("prod");
    expectSuccess(await project.pulumi(["up", "--yes", "--non-interactive", "-s", "prod"], prod));
    const prodWired = yamlByName(emulator, "prod");
    for (const name of PARENT_FLOWS) {
      expect(emulator.findArchitectFlowByName("prod", name)!.id).not.toBe(emulator.findArchitectFlowByName("dev", name)!.id);
      expect(callIn(prodWired[name])).toEqual({ ...callIn(wired[name]), managedBy: "subflow-wiring/prod" });
    }
    expectSuccess(await project.pulumi(["preview", "--expect-no-changes", "--non-interactive", "-s", "prod"], prod));
  }, CLI_SCENARIO_TIMEOUT_MS);
});
