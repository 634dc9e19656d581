// Scenarios on an Architect org through the real provider host, beside the real-CLI run of the root
// program: publish: false refused before any write (check in the preview, and create); a variable the
// module's YAML does not declare refused with "did you mean"; a common module republished after its
// callers is drift that up repairs by publishing each caller once, but never a caller checked out in
// Architect; refresh drops a call removed in the org.

import { startEmulator, type RunningEmulator } from "../../emulator";
import { OutsideArchitect } from "../../emulator/outsideArchitect";
import { parseArchyFlow } from "../../provider/flowFormats/architect/archyDocument";
import { callsOf } from "../../provider/flowFormats/formats";
import { failedSteps } from "../stress/stressSupport";
import { changedSteps, clientSecretOf, declareFor, driftLines, hostStack, stackWiring, TRIGGER_ID, WIRING_KEY } from "./rootProgramStack";

/** The dev stack's wiring with `change` applied, as a config override. */
function devWiring(change: (wiring: ReturnType<typeof stackWiring> & { publish?: boolean }) => void = () => undefined): Record<string, string> {
  const wiring = stackWiring("dev");
  change(wiring);
  return { [WIRING_KEY]: JSON.stringify(wiring) };
}

const importJobs = (emulator: RunningEmulator) => emulator.architectJobs("dev").filter((job) => job.kind === "import");
const publishes = (emulator: RunningEmulator) => emulator.requestLog.filter((entry) => entry.method === "POST" && entry.path === "/api/v2/flows/actions/publish");

describe("the root program's dev stack on an Architect org", () => {
  let emulator: RunningEmulator;
  let outsider: OutsideArchitect;
  beforeEach(async () => {
    emulator = await startEmulator({ flowFormat: "architect" });
    outsider = await OutsideArchitect.connect(emulator, { clientId: "dev-client", clientSecret: clientSecretOf("dev") });
  });
  afterEach(() => emulator.close());

  it("refuses publish: false, which an import cannot honour, in the preview and at create, writing nothing", async () => {
    const declared = await declareFor(emulator, "dev", devWiring((wiring) => (wiring.publish = false)));
    const stack = hostStack({ declared });
    const preview = await stack.preview(declared.resources);
    expect(preview.ok).toBe(false);
    expect(preview.steps.filter((step) => step.error).map((step) => step.error)).toEqual(
      Array.from({ length: 3 }, () => expect.stringMatching(/publish: trigger 'callGlobalAuth' in flow '\w+ Inbound' sets publish: false, but this org keeps flows in Architect's format, .*there is no save-only import.*nothing was written/)),
    );
    expect(failedSteps(await stack.up(declared.resources))).toHaveLength(3);
    expect(importJobs(emulator)).toEqual([]);
  });

  it("refuses a variable the module's YAML does not declare, with the names it does declare, writing nothing", async () => {
    const declared = await declareFor(emulator, "dev", devWiring((wiring) => (wiring.attachments["sales-auth"].arguments = { callerPhon: "${Call.Ani}" })));
    const up = await hostStack({ declared }).up(declared.resources);
    expect(failedSteps(up).map((step) => step.name)).toEqual(["sales-auth"]);
    expect(up.steps.find((step) => step.name === "sales-auth")?.error).toMatch(
      /arguments\.callerPhon: shared flow 'Global Auth Subflow' declares no input 'callerPhon'; did you mean 'callerPhone'\? \(its inputs are 'callerPhone', 'language'\)/,
    );
    expect(importJobs(emulator).map((job) => emulator.getArchitectFlow("dev", job.flowIds[0])?.name).sort()).toEqual(["Billing Inbound", "Support Inbound"]);
  });

  it("sees a module republished after its callers as drift, and republishes each caller once; refresh drops a call removed in the org", async () => {
    const declared = await declareFor(emulator, "dev");
    const stack = hostStack({ declared });
    expect(failedSteps(await stack.up(declared.resources))).toEqual([]);
    expect(changedSteps(await stack.preview(declared.resources))).toEqual([]);

    // The module is published again (an import of its YAML as it is): every caller now runs an older copy.
    const moduleId = emulator.findArchitectFlowByName("dev", "Global Auth Subflow")!.id;
    await outsider.importYaml(await outsider.exportYaml(moduleId));
    const preview = await stack.preview(declared.resources);
    expect(changedSteps(preview)).toEqual([
      ["billing-auth", "update"],
      ["sales-auth", "update"],
      ["support-auth", "update"],
    ]);
    expect(driftLines(preview.log)).toEqual(
      Array.from({ length: 3 }, () => expect.stringMatching(/^drift: trigger 'callGlobalAuth' in flow '\w+ Inbound': the shared flow 'Global Auth Subflow' was published \(.*\) after this flow \(.*\), so this flow runs an older copy of it; up republishes this flow/)),
    );
    const importsBefore = importJobs(emulator).length;
    emulator.clearRequestLog();
    expect(failedSteps(await stack.up(declared.resources))).toEqual([]);
    expect(publishes(emulator).map((entry) => emulator.getArchitectFlow("dev", entry.query.flow)!.name).sort()).toEqual(["Billing Inbound", "Sales Inbound", "Support Inbound"]);
    expect(importJobs(emulator)).toHaveLength(importsBefore);
    expect(changedSteps(await stack.preview(declared.resources))).toEqual([]);

    // Someone removes the Billing call in Architect: refresh drops it from the state.
    const billingId = emulator.findArchitectFlowByName("dev", "Billing Inbound")!.id;
    await outsider.editYaml(billingId, (document) => {
      const actions = document.getIn(["inboundCall", "tasks", 0, "task", "actions"]) as { items: unknown[] };
      actions.items.splice(0, 1);
    });
    expect(callsOf({ format: "architect", archy: parseArchyFlow(emulator.flowYaml("dev", billingId)!, { name: "Billing Inbound" }) }).find(TRIGGER_ID)).toBeUndefined();
    const refreshed = await stack.refresh();
    expect(refreshed.ok).toBe(true);
    expect(stack.state.resources.map((resource) => resource.name).sort()).toEqual(["sales-auth", "support-auth"]);
  });

  it("republishes no caller checked out in Architect (a publish would release what it holds), naming the flow and how to unlock it", async () => {
    const declared = await declareFor(emulator, "dev");
    const stack = hostStack({ declared });
    expect(failedSteps(await stack.up(declared.resources))).toEqual([]);
    const moduleId = emulator.findArchitectFlowByName("dev", "Global Auth Subflow")!.id;
    await outsider.importYaml(await outsider.exportYaml(moduleId));
    const salesId = emulator.findArchitectFlowByName("dev", "Sales Inbound")!.id;
    await outsider.checkout(salesId);
    emulator.clearRequestLog();
    const up = await stack.up(declared.resources);
    expect(failedSteps(up).map((step) => step.name)).toEqual(["sales-auth"]);
    expect(up.steps.find((step) => step.name === "sales-auth")?.error).toMatch(/flow 'Sales Inbound' \(.+\) cannot be changed: it is checked out by .* in Architect; nothing was written\..*This tool never unlocks a flow itself/);
    expect(publishes(emulator).map((entry) => emulator.getArchitectFlow("dev", entry.query.flow)!.name).sort()).toEqual(["Billing Inbound", "Support Inbound"]);

    await outsider.unlock(salesId);
    expect(failedSteps(await stack.up(declared.resources))).toEqual([]);
    expect(changedSteps(await stack.preview(declared.resources))).toEqual([]);
  });
});
