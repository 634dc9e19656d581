// `subflow-wiring export` and `compare` on orgs that keep flows in Architect's format, as a user runs them:
// the calls found through dependency tracking and read from export jobs, declared by flow names and bare
// variable names, and compared across orgs whose flow IDs differ.

import { parse } from "yaml";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { desiredCall } from "../../provider/attachmentDrift";
import { createAttachment } from "../../provider/attachmentEdits";
import { GenesysClient } from "../../provider/genesys/genesysClient";
import { readWiringConfig, WIRING_CONFIG_KEY } from "../../program/wiringConfig";
import { demoOrgSettings, EnvFiles, runWiringCli } from "./wiringCliProcess";

/** Wires `triggerId` into each named flow of the org through the provider's own client (one import per flow). */
async function wire(emulator: RunningEmulator, org: "dev" | "prod", flows: string[], declared: { triggerId: string; arguments: Record<string, string>; after?: string }): Promise<void> {
  const settings = demoOrgSettings(emulator, org);
  const client = GenesysClient.create({ clientId: settings.GENESYS_CLIENT_ID, clientSecret: settings.GENESYS_CLIENT_SECRET, environment: "mypurecloud.com", apiUrl: emulator.url });
  const module = emulator.findArchitectFlowByName(org, "Global Auth Subflow")!;
  await Promise.all(
    flows.map((name) => {
      const desired = desiredCall({ after: "start", ...declared, returnVariables: { "Flow.authResult": "authenticationResult" } }, { id: module.id, name: module.name });
      return client.editFlow(emulator.findArchitectFlowByName(org, name)!.id, (flow) => createAttachment(flow, desired, { ours: [], adopt: false }));
    }),
  );
}

describe("subflow-wiring on Architect orgs", () => {
  let emulator: RunningEmulator;
  let envFiles: EnvFiles;

  beforeEach(async () => {
    emulator = await startEmulator({ flowFormat: "architect" });
    envFiles = new EnvFiles();
    await wire(emulator, "dev", ["Sales Inbound", "Support Inbound"], { triggerId: "callGlobalAuth", arguments: { callerPhone: "${Call.Ani}" } });
    await wire(emulator, "dev", ["Sales Inbound"], { triggerId: "callAuthAgain", arguments: { callerPhone: "${Call.Ani}" }, after: "Transfer to Sales" });
    await wire(emulator, "prod", ["Sales Inbound"], { triggerId: "callGlobalAuth", arguments: { callerPhone: "${Call.Dnis}" } });
  });
  afterEach(async () => {
    envFiles.cleanup();
    await emulator.close();
  });

  it("exports the calls as stack config, by flow names and the names declarations use, finding callers by dependency tracking", async () => {
    emulator.clearRequestLog();
    const run = await runWiringCli(["export"], demoOrgSettings(emulator, "dev"));
    // The module and its callers, read together: one export job.
    expect(run.stderr).toMatch(/environment: export job \S+ for 3 flows \('Global Auth Subflow', 'Sales Inbound', 'Support Inbound'\): Success, /);
    expect(run.stderr.match(/export job/g)).toHaveLength(1);
    expect(run.status).toBe(0);
    const wiring = readWiringConfig((parse(run.stdout) as { config: Record<string, unknown> }).config[WIRING_CONFIG_KEY]);
    expect(wiring.map(({ name, parentFlowName, triggerId, after, arguments: args }) => ({ name, parentFlowName, triggerId, after, args }))).toEqual([
      { name: "sales-inbound-callauthagain", parentFlowName: "Sales Inbound", triggerId: "callAuthAgain", after: "Transfer to Sales", args: { callerPhone: "${Call.Ani}" } },
      { name: "sales-inbound-callglobalauth", parentFlowName: "Sales Inbound", triggerId: "callGlobalAuth", after: "start", args: { callerPhone: "${Call.Ani}" } },
      { name: "support-inbound-callglobalauth", parentFlowName: "Support Inbound", triggerId: "callGlobalAuth", after: "start", args: { callerPhone: "${Call.Ani}" } },
    ]);
    expect(wiring.every((attachment) => attachment.sharedFlowName === "Global Auth Subflow")).toBe(true);
    // Who calls the module came from dependency tracking; only the module and its callers were exported.
    expect(emulator.requestLog.filter((entry) => entry.path === "/api/v2/architect/dependencytracking/consumingresources").map((entry) => entry.query.objectType)).toEqual(["COMMONMODULEFLOW"]);
    const [exportJob] = emulator.architectJobs("dev").filter((job) => job.kind === "export").slice(-1);
    expect(exportJob.flowIds.map((id) => emulator.getArchitectFlow("dev", id)!.name).sort()).toEqual(["Global Auth Subflow", "Sales Inbound", "Support Inbound"]);
  });

  it("compares two Architect orgs by names: exit 1, naming the argument that differs and the calls one org lacks", async () => {
    const dev = envFiles.write("dev.env", demoOrgSettings(emulator, "dev"));
    const prod = envFiles.write("prod.env", demoOrgSettings(emulator, "prod"));
    const run = await runWiringCli(["compare", "--left", dev, "--right", prod, "--json"]);
    expect(run.status).toBe(1);
    const comparison = JSON.parse(run.stdout) as { counts: Record<string, number>; calls: Array<{ parentFlowName: string; triggerId: string; status: string; differences?: Array<{ field: string }> }> };
    expect(comparison.counts).toEqual({ same: 0, different: 1, "left-only": 2, "right-only": 0 });
    expect(comparison.calls.map((call) => [call.parentFlowName, call.triggerId, call.status, call.differences?.map((difference) => difference.field)])).toEqual([
      ["Sales Inbound", "callAuthAgain", "left-only", undefined],
      ["Sales Inbound", "callGlobalAuth", "different", ["arguments.callerPhone"]],
      ["Support Inbound", "callGlobalAuth", "left-only", undefined],
    ]);
  });
});
