// Protects the flows API of an Architect org (`flowFormat: "architect"`), through the real SDK: flow
// entities are metadata only (no graph, no integer version) with one published, saved and checked-in
// version, listed and paged as in a graph org; PUT changes the name and description only; POST makes a
// flow with no configuration; publish makes a new version of the current YAML; delete and dependency
// tracking follow the calls in the stored YAML; what one format serves is refused in the other.

import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { defaultSeed, RunningEmulator, startEmulator } from "../../emulator";
import { OutsideArchitect } from "../../emulator/outsideArchitect";
import { loggedInSdk, SdkConnection } from "../../emulator/sdkClient";
import { startArchitectEmulator } from "./architectTestEmulator";
import { rejection } from "./rejection";

const FIXTURES = path.join(__dirname, "../fixtures/architect");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");

let emulator: RunningEmulator;
let dev: SdkConnection;
let devExtended: SdkConnection;
let outside: OutsideArchitect;

beforeEach(async () => {
  ({ emulator, dev, devExtended } = await startArchitectEmulator());
  outside = await OutsideArchitect.connect(emulator);
});

afterEach(() => emulator.close());

const flowNamed = (name: string, type = "inboundcall") => emulator.findArchitectFlowByName("dev", name, type)!;

describe("flow entities of an Architect org", () => {
  it("are metadata only, each seeded flow published, saved and checked in at version 1.0", async () => {
    const sales = await dev.architect.getFlow(flowNamed("Sales Inbound").id);
    expect(Object.keys(sales).sort()).toEqual(
      ["active", "checkedInVersion", "deleted", "description", "division", "id", "name", "publishedVersion", "savedVersion", "selfUri", "system", "type"].sort(),
    );
    // The entity spells its type in upper case, as a real org's do; the `type` query and the YAML use lower case.
    expect(sales).toMatchObject({ name: "Sales Inbound", type: "INBOUNDCALL", active: true, system: false, deleted: false, division: { name: "Home" }, selfUri: `/api/v2/flows/${sales.id}` });
    for (const version of [sales.publishedVersion, sales.savedVersion, sales.checkedInVersion]) {
      expect(version).toMatchObject({ id: "1.0", name: "1.0", selfUri: `/api/v2/flows/${sales.id}/versions/1.0`, configurationUri: `/api/v2/flows/${sales.id}/versions/1.0/configuration` });
    }
    expect(Date.parse(sales.publishedVersion.datePublished)).toBeGreaterThan(0);
    expect(sales.savedVersion.datePublished).toBeUndefined();
    const module = await dev.architect.getFlow(flowNamed("Global Auth Subflow", "commonmodule").id);
    expect(module).toMatchObject({ type: "COMMONMODULE", publishedVersion: { id: "1.0" } });
    expect(module.inputSchema).toBeUndefined();
  });

  it("are listed, looked up and paged as in a graph org", async () => {
    const page = await dev.architect.getFlows({ pageSize: 3, pageNumber: 2 });
    expect(page).toMatchObject({ total: 4, pageCount: 2, pageNumber: 2, pageSize: 3 });
    expect(page.entities.map((flow: { name: string }) => flow.name)).toEqual(["Support Inbound"]);
    expect(page.entities[0].triggers).toBeUndefined();
    const byName = await dev.architect.getFlows({ name: "sales inbound" });
    expect(byName.entities.map((flow: { id: string }) => flow.id)).toEqual([flowNamed("Sales Inbound").id]);
    const ids = [flowNamed("Billing Inbound").id, flowNamed("Global Auth Subflow", "commonmodule").id];
    const byId = await dev.architect.getFlows({ id: ids, includeSchemas: true });
    expect(byId.entities.map((flow: { id: string }) => flow.id).sort()).toEqual([...ids].sort());
    const modules = await dev.architect.getFlows({ type: ["commonmodule"] });
    expect(modules.entities.map((flow: { type: string }) => flow.type)).toEqual(["COMMONMODULE"]);
  });

  it("differ between orgs in ID only: prod has the same flows under its own IDs", async () => {
    const prod = await loggedInSdk(emulator, { clientId: "prod-client", clientSecret: "prod-secret" });
    const prodNames = (await prod.architect.getFlows({})).entities.map((flow: { name: string }) => flow.name);
    expect(prodNames).toEqual(["Billing Inbound", "Global Auth Subflow", "Sales Inbound", "Support Inbound"]);
    const prodSales = emulator.findArchitectFlowByName("prod", "Sales Inbound")!;
    expect(prodSales.id).not.toBe(flowNamed("Sales Inbound").id);
    expect(emulator.flowYaml("prod", prodSales.id)).toBe(emulator.flowYaml("dev", flowNamed("Sales Inbound").id));
  });
});

describe("the demo Architect seed", () => {
  it("gives each inbound flow a task Main that plays a welcome prompt and transfers to its queue; Sales checks business hours first", () => {
    const yamlOf = (name: string) => parse(emulator.flowYaml("dev", flowNamed(name).id)!).inboundCall;
    const sales = yamlOf("Sales Inbound");
    expect(sales).toMatchObject({ name: "Sales Inbound", division: "Home", startUpRef: "/inboundCall/tasks/task[Main_10]", defaultLanguage: "en-us" });
    expect(Object.keys(sales)).toEqual(expect.arrayContaining(["supportedLanguages", "initialGreeting", "settingsActionDefaults", "settingsErrorHandling", "tasks"]));
    const [main] = sales.tasks;
    expect(main.task).toMatchObject({ name: "Main", refId: "Main_10" });
    const actionNames = (actions: Array<Record<string, { name: string }>>) => actions.map((action) => Object.values(action)[0].name);
    expect(actionNames(main.task.actions)).toEqual(["Play welcome prompt", "Business hours?", "Transfer to Sales", "Disconnect"]);
    expect(actionNames(main.task.actions[1].decision.outputs.no.actions)).toEqual(["Play closed message", "Disconnect when closed"]);
    expect(actionNames(yamlOf("Support Inbound").tasks[0].task.actions)).toEqual(["Play welcome prompt", "Transfer to Support", "Disconnect"]);
    expect(emulator.flowYaml("dev", flowNamed("Billing Inbound").id)).not.toContain("callCommonModule");
  });

  it("gives the common module its inputs and outputs, a lookup as it starts, and inbound calls as its only callers", () => {
    const module = parse(emulator.flowYaml("dev", flowNamed("Global Auth Subflow", "commonmodule").id)!).commonModule;
    expect(module.variables).toEqual([
      { stringVariable: { name: "Common.callerPhone", isInput: true, isOutput: false } },
      { stringVariable: { name: "Common.language", isInput: true, isOutput: false } },
      { stringVariable: { name: "Common.authenticationResult", isInput: false, isOutput: true } },
      { stringVariable: { name: "Common.resolvedCustomerId", isInput: false, isOutput: true } },
    ]);
    expect(Object.keys(module.startUpTaskActions[0])).toEqual(["dataTableLookup"]);
    expect(module.settingsCommonModule).toEqual({ compatibleFlowTypes: ["inboundcall"] });
  });
});

describe("PUT /api/v2/flows/{id} on an Architect org", () => {
  it("changes the name and description only: a graph in the body is neither stored nor answered, and no version is made", async () => {
    const sales = flowNamed("Sales Inbound");
    const yamlBefore = emulator.flowYaml("dev", sales.id)!;
    const answer = await dev.architect.putFlow(sales.id, { ...sales, name: "Sales Line", description: "renamed", triggers: [{ id: "x", type: "playprompt" }], edges: [] });
    expect(answer).toMatchObject({ name: "Sales Line", description: "renamed", publishedVersion: { id: "1.0" } });
    expect(answer.triggers).toBeUndefined();
    expect(answer.edges).toBeUndefined();
    // The body sent back the type as read (`INBOUNDCALL`); the store keeps the query's spelling.
    expect(emulator.getArchitectFlow("dev", sales.id)).toEqual({ ...answer, type: "inboundcall" });
    expect(emulator.flowVersionIds("dev", sales.id)).toEqual(["1.0"]);
    // The export is written afresh under the flow's name now; nothing else of the YAML changes.
    expect(parse(await outside.exportYaml(sales.id))).toEqual({ inboundCall: { ...parse(yamlBefore).inboundCall, name: "Sales Line" } });
  });

  it("refuses a change of type (400) and a name another flow of the type has (409), changing nothing", async () => {
    const sales = flowNamed("Sales Inbound");
    expect(await rejection(devExtended.architect.putFlow(sales.id, { type: "commonmodule" }))).toMatchObject({ status: 400, body: { message: expect.stringMatching(/type cannot change/) } });
    expect(await rejection(devExtended.architect.putFlow(sales.id, { name: "support inbound" }))).toMatchObject({ status: 409, body: { code: "flow.name.conflict" } });
    expect(await rejection(devExtended.architect.putFlow(sales.id, { name: 5 }))).toMatchObject({ status: 400, body: { message: expect.stringMatching(/at name/) } });
    expect(emulator.getArchitectFlow("dev", sales.id)).toEqual(sales);
  });
});

describe("POST /api/v2/flows on an Architect org", () => {
  it("makes a flow with no configuration and no version, which an import then fills", async () => {
    const created = await dev.architect.postFlows({ name: "Calls Global Auth Inbound", type: "inboundcall", triggers: [], edges: [] });
    expect(created).toMatchObject({ name: "Calls Global Auth Inbound", type: "INBOUNDCALL", division: { name: "Home" } });
    expect(created.publishedVersion).toBeUndefined();
    expect(created.triggers).toBeUndefined();
    await expect(outside.exportYaml(created.id)).rejects.toThrow(/has no configuration to export/);

    const imported = await outside.importYaml(fixture("calls-global-auth-inbound.yaml"));
    expect(imported).toMatchObject({ flowId: created.id, command: "Update" });
    expect(emulator.getArchitectFlow("dev", created.id)).toMatchObject({ publishedVersion: { id: "1.0" }, savedVersion: { id: "1.0" }, checkedInVersion: { id: "1.0" } });
  });

  it("needs a name and a type, and a name no flow of the type has", async () => {
    expect(await rejection(devExtended.architect.postFlows({ name: "Only A Name" }))).toMatchObject({ status: 400, body: { message: "A new flow needs type." } });
    expect(await rejection(devExtended.architect.postFlows({ name: "SALES INBOUND", type: "inboundcall" }))).toMatchObject({ status: 409 });
    expect(emulator.architectFlows("dev")).toHaveLength(4);
  });
});

describe("POST /api/v2/flows/actions/publish on an Architect org", () => {
  it("publishes the current configuration again as the next version", async () => {
    const support = flowNamed("Support Inbound");
    const operation = await dev.architect.postFlowsActionsPublish(support.id);
    expect(operation).toMatchObject({ complete: true, actionName: "PUBLISH", flow: { id: support.id }, publishedVersion: { id: "2.0", createdByClient: { id: "dev-client" } } });
    expect(emulator.flowVersionIds("dev", support.id)).toEqual(["1.0", "2.0"]);
    expect(emulator.flowYaml("dev", support.id, "2.0")).toBe(emulator.flowYaml("dev", support.id, "1.0"));
    expect(emulator.getArchitectFlow("dev", support.id)).toMatchObject({ publishedVersion: { id: "2.0" }, savedVersion: { id: "2.0" }, checkedInVersion: { id: "2.0" } });
  });

  it("refuses a flow that has no configuration to publish", async () => {
    const created = await dev.architect.postFlows({ name: "Empty", type: "inboundcall" });
    expect(await rejection(devExtended.architect.postFlowsActionsPublish(created.id))).toMatchObject({ status: 400, body: { code: "flow.configuration.missing" } });
  });
});

describe("versions of an Architect flow", () => {
  it("serves each version as publishedVersion described it, and names the versions there are for one it never had", async () => {
    const support = flowNamed("Support Inbound");
    await dev.architect.postFlowsActionsPublish(support.id);
    await expect(dev.architect.getFlowVersion(support.id, "1.0")).resolves.toEqual(support.publishedVersion);
    await expect(dev.architect.getFlowVersion(support.id, "2.0")).resolves.toMatchObject({ id: "2.0" });
    expect(await rejection(devExtended.architect.getFlowVersion(support.id, "3.0"))).toMatchObject({ status: 404, body: { message: expect.stringMatching(/are 1.0, 2.0/) } });
  });

  it("does not serve Architect's configuration document: an export gives the flow's logic", async () => {
    const refused = await rejection(devExtended.architect.getFlowVersionConfiguration(flowNamed("Support Inbound").id, "1.0"));
    expect(refused).toMatchObject({ status: 400, body: { code: "flow.format.unsupported", message: expect.stringMatching(/org 'dev' keeps its flows in the architect format/) } });
  });
});

describe("who calls a common module, from the stored YAML", () => {
  const consumers = async (moduleId: string, options: Record<string, unknown> = {}) =>
    (await dev.architect.getArchitectDependencytrackingConsumingresources(moduleId, "COMMONMODULEFLOW", options)).entities;

  it("lists the flows whose current version calls it, at that version, and forgets a flow whose new version does not", async () => {
    const module = flowNamed("Global Auth Subflow", "commonmodule");
    expect(await consumers(module.id)).toEqual([]);
    const caller = await outside.importYaml(fixture("calls-global-auth-inbound.yaml"));
    expect(await consumers(module.id)).toEqual([
      { id: caller.flowId, name: "Calls Global Auth Inbound", type: "INBOUNDCALLFLOW", version: "1.0", deleted: false, updated: false, stateUnknown: false, selfUri: `/api/v2/flows/${caller.flowId}` },
    ]);
    expect(await consumers(module.id, { resourceType: ["INQUEUECALLFLOW"] })).toEqual([]);
    await outside.editYaml(caller.flowId, (document) => document.deleteIn(["inboundCall", "tasks", 0, "task", "actions", 0]));
    expect(await consumers(module.id)).toEqual([]);
    expect(await consumers(flowNamed("Sales Inbound").id, {}).catch((error: { status: number }) => error.status)).toBe(400);
  });

  it("follows a renamed module: its callers' YAML names it by its new name, in every version, and they still count as callers", async () => {
    const module = flowNamed("Global Auth Subflow", "commonmodule");
    const caller = await outside.importYaml(fixture("calls-global-auth-inbound.yaml"));
    await outside.editYaml(caller.flowId, (document) => document.setIn(["inboundCall", "description"], "second version"));
    await dev.architect.putFlow(module.id, { name: "Caller Authentication" });
    for (const version of ["1.0", "2.0"]) {
      const call = parse(emulator.flowYaml("dev", caller.flowId, version)!).inboundCall.tasks[0].task.actions[0].callCommonModule;
      expect(Object.keys(call.commonModule)).toEqual(["Caller Authentication"]);
      expect(call.commonModule["Caller Authentication"].ver_latestPublished.inputs).toEqual({ "Common.callerPhone": { exp: "Call.Ani" }, "Common.language": { lit: "en-us" } });
    }
    expect((await consumers(module.id)).map((consumer: { id: string }) => consumer.id)).toEqual([caller.flowId]);
    expect(await rejection(devExtended.architect.deleteFlow(module.id))).toMatchObject({ status: 409 });
    await expect(outside.importYaml(fixture("calls-global-auth-inbound.yaml"))).rejects.toThrow(/calls 'Global Auth Subflow': this org has no common module of that name/);
  });

  it("keeps a called module from being deleted (409 naming its callers), and lets it go once nothing calls it", async () => {
    const module = flowNamed("Global Auth Subflow", "commonmodule");
    const caller = await outside.importYaml(fixture("calls-global-auth-inbound.yaml"));
    expect(await rejection(devExtended.architect.deleteFlow(module.id))).toMatchObject({ status: 409, body: { code: "flow.in.use", message: expect.stringMatching(/'Calls Global Auth Inbound'/) } });
    await dev.architect.deleteFlow(caller.flowId);
    expect(await rejection(devExtended.architect.getFlow(caller.flowId))).toMatchObject({ status: 410 });
    await dev.architect.deleteFlow(module.id);
    expect(emulator.getArchitectFlow("dev", module.id)).toMatchObject({ deleted: true });
  });
});

describe("one emulator, orgs of both formats", () => {
  it("serves each org in its own format, and refuses what the other format serves with 400 naming the org", async () => {
    const seed = defaultSeed();
    seed.orgs[1] = { ...defaultSeed("architect").orgs[1] };
    const mixed = await startEmulator({ seed });
    try {
      expect([mixed.flowFormat("dev"), mixed.flowFormat("prod")]).toEqual(["graph", "architect"]);
      const graphDev = await loggedInSdk(mixed, { extended: true });
      const graphSales = mixed.findFlowByName("dev", "Sales Inbound")!;
      expect((await graphDev.architect.getFlow(graphSales.id)).body.triggers.length).toBeGreaterThan(0);
      for (const call of [
        () => graphDev.architect.postFlowsExportJobs({ flows: [{ flow: { id: graphSales.id } }] }),
        () => graphDev.architect.postFlowsJobs(),
        () => graphDev.architect.postFlowsActionsCheckout(graphSales.id),
      ]) {
        expect(await rejection(call())).toMatchObject({ status: 400, body: { code: "flow.format.unsupported", message: expect.stringMatching(/org 'dev' keeps its flows in the graph format/) } });
      }
      const prodSales = mixed.findArchitectFlowByName("prod", "Sales Inbound")!;
      expect(prodSales.publishedVersion!.id).toBe("1.0");
      expect(() => mixed.flows("prod")).toThrow(/Architect org/);
      expect(() => mixed.architectFlows("dev")).toThrow(/keeps its flows as graphs/);
    } finally {
      await mixed.close();
    }
  });
});
