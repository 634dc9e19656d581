// Protects the root Pulumi program (Pulumi.yaml `main:`): what it declares from each stack's config, the
// summary it exports, how it reports bad config, and that its declarations, fed to the real provider
// host, wire the org (program -> provider -> emulator).
import { startEmulator, type RunningEmulator } from "../../emulator";
import { isCallSubflowTrigger } from "../../provider/flowModel";
import { findTrigger } from "../../provider/flowFormats/graph/graphEdits";
import { declareProgram } from "../../engineReplay/programDeclarations";
import { PROVIDER_KEY, SUBFLOW_ATTACHMENT_TYPE } from "../../provider/identifiers";
import { expectAttached } from "../support/graphAssertions";
import { declareFor, flowsByName, hostStack, PARENT_FLOWS, SHARED_FLOW, stackWiring, TRIGGER_ID, WIRING_KEY } from "../scenarios/rootProgramStack";

describe("the root program under Pulumi's mocks", () => {
  it.each([
    { stack: "dev", clientId: "dev-client" },
    { stack: "prod", clientId: "prod-client" },
  ])("declares the $stack stack's three attachments with the inputs its file gives, and its org's client", async ({ stack, clientId }) => {
    const declared = await declareProgram({ stack });
    const wiring = stackWiring(stack);

    expect(declared.resources.map((r) => r.name).sort()).toEqual(Object.keys(PARENT_FLOWS).sort());
    for (const resource of declared.resources) {
      const { [PROVIDER_KEY]: provider, ...inputs } = resource.inputs;
      expect(resource.type).toBe(SUBFLOW_ATTACHMENT_TYPE);
      expect(provider).toEqual(expect.stringContaining("loadProviderImplementation"));
      // The stack's identity comes from the program, so each stack marks the calls it makes as its own.
      expect(inputs).toEqual({ sharedFlowName: wiring.sharedFlowName, ...wiring.attachments[resource.name], managedBy: `subflow-wiring/${stack}` });
    }
    expect(declared.providerConfig).toEqual({ "genesys:apiUrl": "http://127.0.0.1:8080", "genesys:clientId": clientId });
  });

  it("exports one readable line per attachment from what the engine returned, and the attachments' IDs", async () => {
    const { outputs } = await declareProgram({
      stack: "dev",
      registeredState: ({ name, inputs }) => ({
        id: `id-of-${name}`,
        outputs: { ...inputs, after: "start", parentFlowId: `flow-of-${name}`, sharedFlowId: "shared", version: 4 },
      }),
    });

    expect(outputs.wiring).toEqual([
      "Billing Inbound: start -> callGlobalAuth (Global Auth Subflow), version 4",
      "Sales Inbound: start -> callGlobalAuth (Global Auth Subflow), version 4",
      "Support Inbound: start -> callGlobalAuth (Global Auth Subflow), version 4",
    ]);
    expect(outputs.attachmentIds).toEqual({ "sales-auth": "id-of-sales-auth", "support-auth": "id-of-support-auth", "billing-auth": "id-of-billing-auth" });
  });

  it("fails on bad wiring with a message naming the config path, before declaring anything", async () => {
    const wiring = stackWiring("dev");
    delete wiring.attachments["support-auth"].triggerId;

    await expect(declareProgram({ stack: "dev", configOverrides: { [WIRING_KEY]: JSON.stringify(wiring) } })).rejects.toThrow(
      "→ at subflow-wiring:wiring.attachments.support-auth.triggerId",
    );
  });

  it("names the config key when the wiring is not an object at all", async () => {
    await expect(declareProgram({ stack: "dev", configOverrides: { wiring: "Sales Inbound" } })).rejects.toThrow(WIRING_KEY);
  });
});

describe("the root program's declarations through the provider host", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  it("wire the dev org: each parent flow calls the shared flow first, with the configured variables", async () => {
    const before = flowsByName(emulator, "dev");
    const declared = await declareFor(emulator, "dev");
    const up = await hostStack({ declared }).up(declared.resources);

    expect(up.steps.filter((s) => !s.ok)).toEqual([]);
    expect(up.counts.create).toBe(3);
    const after = flowsByName(emulator, "dev");
    const wiring = stackWiring("dev");
    for (const [name, flowName] of Object.entries(PARENT_FLOWS)) {
      expectAttached(before[flowName], after[flowName], TRIGGER_ID);
      const trigger = findTrigger(after[flowName], TRIGGER_ID)!;
      expect(isCallSubflowTrigger(trigger)).toBe(true);
      expect(trigger.properties).toEqual({
        type: "callsubflow",
        flowId: after[SHARED_FLOW].id,
        arguments: wiring.attachments[name].arguments,
        returnVariables: wiring.attachments[name].returnVariables,
        managedBy: "subflow-wiring/dev",
      });
    }
  });
});
