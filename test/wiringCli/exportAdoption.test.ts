// `subflow-wiring export` as a user runs it, against the emulator: hand-made wiring read in one listing
// request per 100 flows, printed as stack config that the root program reads, and adopted by the real
// provider through Pulumi's provider host with zero writes, after which a preview shows no changes.
import * as yaml from "js-yaml";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { readWiringConfig, WIRING_CONFIG_KEY } from "../../program/wiringConfig";
import { loggedInSdk } from "../../emulator/sdkClient";
import { declareFor, hostStack, orgGraphs } from "../scenarios/rootProgramStack";
import { callingFlow } from "./wiringFixtures";
import { BRANCHED_PARENT, DECLARABLE_CALLS, GLOBAL_AUTH, QUEUE_ROUTING, wireByHand } from "./handMadeWiring";
import { demoOrgSettings, runWiringCli } from "./wiringCliProcess";

const NO_CHANGES = { create: 0, update: 0, replace: 0, delete: 0 };

/** Every request other than a read: a write, a publish, a create. */
function changes(emulator: RunningEmulator) {
  return emulator.requestLog.filter((entry) => entry.method !== "GET" && entry.path !== "/oauth/token");
}

describe("subflow-wiring export", () => {
  let emulator: RunningEmulator;

  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(() => emulator.close());

  it("prints hand-made wiring as stack config that the first up adopts without a write and the next preview finds unchanged", async () => {
    await wireByHand(emulator, "dev");
    const before = orgGraphs(emulator, "dev");
    emulator.clearRequestLog();

    const run = await runWiringCli(["export"], demoOrgSettings(emulator, "dev"));
    expect(run.stderr).toContain("environment: 6 of 6 flows read (page 1 of 1)");
    expect(run.status).toBe(0);
    // One login, one page of flows.
    expect(emulator.requestLog.map((entry) => `${entry.method} ${entry.path}`)).toEqual(["POST /oauth/token", "GET /api/v2/flows"]);

    const config = (yaml.load(run.stdout) as { config: Record<string, unknown> }).config;
    const wiring = config[WIRING_CONFIG_KEY] as { sharedFlowName: string; attachments: Record<string, Record<string, unknown>> };
    expect(wiring.sharedFlowName).toBe(GLOBAL_AUTH);
    const declared = readWiringConfig(wiring);
    const placements = Object.fromEntries(
      Object.entries(DECLARABLE_CALLS).flatMap(([parent, calls]) => Object.entries(calls).map(([triggerId, after]) => [`${parent}/${triggerId}`, after])),
    );
    expect(Object.fromEntries(declared.map((attachment) => [`${attachment.parentFlowName}/${attachment.triggerId}`, attachment.after]))).toEqual(placements);
    expect(wiring.attachments["sales-inbound-callqueuerouting"]).toEqual({
      parentFlowName: "Sales Inbound",
      sharedFlowName: QUEUE_ROUTING,
      triggerId: "callQueueRouting",
      after: "callGlobalAuth",
      arguments: { queue: "Sales" },
      returnVariables: { "Flow.agentGroup": "agentGroup" },
    });
    expect(wiring.attachments["billing-inbound-callglobalauth"]).toEqual({
      parentFlowName: "Billing Inbound",
      triggerId: "callGlobalAuth",
      after: "callQueueRouting",
      arguments: { callerPhone: "${Call.Ani}", language: "en-US" },
      returnVariables: { "Flow.customerId": "resolvedCustomerId" },
    });
    // The call reached from two nodes is left out, and both the file and stderr say why.
    const reason = `${BRANCHED_PARENT} › callGlobalAuth: 2 nodes lead into it (menu, start), but an attachment is placed after exactly one node`;
    expect(run.stdout).toContain(`#   ${reason}`);
    expect(run.stderr).toContain(`environment: left out ${reason}`);

    // The stack file with the exported wiring, as `pulumi up` would hand it to the program.
    const program = await declareFor(emulator, "dev", { [WIRING_CONFIG_KEY]: JSON.stringify(wiring) });
    const stack = hostStack({ declared: program });
    emulator.clearRequestLog();
    const up = await stack.up(program.resources);
    expect(up.steps.filter((step) => !step.ok)).toEqual([]);
    expect(up.counts).toEqual({ ...NO_CHANGES, create: 5, same: 0 });
    expect(changes(emulator)).toEqual([]);
    expect(orgGraphs(emulator, "dev")).toEqual(before);

    const preview = await stack.preview(program.resources);
    expect(preview.ok).toBe(true);
    expect(preview.counts).toEqual({ ...NO_CHANGES, same: 5 });
    expect(preview.log).not.toContain("drift");
    expect(changes(emulator)).toEqual([]);
  });

  it("charts the calls in Mermaid, marking a published caller that runs a stale copy", async () => {
    await wireByHand(emulator, "dev");
    const { architect } = await loggedInSdk(emulator);
    const id = (name: string) => emulator.findFlowByName("dev", name)!.id;
    // Auth published, then Support; Auth again, so Support runs a stale copy; then Sales, which runs the latest.
    let lastPublishedMs = 0;
    for (const name of [GLOBAL_AUTH, "Support Inbound", GLOBAL_AUTH, "Sales Inbound"]) {
      // Publish dates have millisecond resolution: each publish waits for the clock to pass the one before.
      while (Date.now() <= lastPublishedMs) await new Promise((resolve) => setTimeout(resolve, 1));
      lastPublishedMs = Date.parse((await architect.postFlowsActionsPublish(id(name))).publishedVersion.datePublished);
    }

    const run = await runWiringCli(["export", "--format", "mermaid", "--shared", GLOBAL_AUTH], demoOrgSettings(emulator, "dev"));
    expect(run.status).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines).toContain("flowchart LR");
    const node = (name: string) => lines.find((line) => line.includes(`"${name}"`))!.trim().split(/[[(]/)[0];
    expect(lines).toContain(`  ${node("Sales Inbound")} -->|"callGlobalAuth: published, runs the latest"| ${node(GLOBAL_AUTH)}`);
    expect(lines).toContain(`  ${node("Support Inbound")} -.->|"callGlobalAuth: published before the shared flow's latest publish: runs a stale copy"| ${node(GLOBAL_AUTH)}`);
    expect(lines).toContain(`  ${node("Billing Inbound")} -->|"callGlobalAuth: caller not published"| ${node(GLOBAL_AUTH)}`);
    expect(lines.filter((line) => line.includes("-->") || line.includes("-.->"))).toHaveLength(4);
    expect(lines.some((line) => line.includes(QUEUE_ROUTING))).toBe(false);
  });
});

describe("subflow-wiring export of a large org", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    const lines = Array.from({ length: 230 }, (_, index) => ({ name: `Line ${String(index).padStart(3, "0")}`, type: "inboundcall" }));
    const flows = [
      { id: "auth-id", name: "Global Auth", type: "commonmodule" },
      { id: "route-id", name: "Routing", type: "commonmodule" },
      ...lines,
      // Sorted by name, these come last, on the third page.
      callingFlow({ id: "zeta-in", name: "Zeta Inbound", calls: [{ triggerId: "callAuth", flowId: "auth-id" }, { triggerId: "callRoute", flowId: "route-id" }] }),
      callingFlow({ id: "zeta-out", name: "Zeta Outbound", calls: [{ triggerId: "callAuth", flowId: "auth-id" }] }),
    ];
    emulator = await startEmulator({ seed: { orgs: [{ id: "dev", clients: [{ clientId: "dev-client", clientSecret: "dev-secret" }], flows }] } });
  });
  afterAll(() => emulator.close());

  it("reads every page in one request each and keeps only the calls the filters name", async () => {
    const run = await runWiringCli(["export", "--shared", "global*", "--parent", "*Inbound"], demoOrgSettings(emulator, "dev"));
    expect(run.status).toBe(0);
    expect(run.stderr.split("\n").filter((line) => line.includes("flows read"))).toEqual([
      "environment: 100 of 234 flows read (page 1 of 3)",
      "environment: 200 of 234 flows read (page 2 of 3)",
      "environment: 234 of 234 flows read (page 3 of 3)",
    ]);
    expect(emulator.requestLog.filter((entry) => entry.path === "/api/v2/flows").map((entry) => entry.query.pageSize)).toEqual(["100", "100", "100"]);
    const wiring = (yaml.load(run.stdout) as { config: Record<string, { attachments: Record<string, unknown> }> }).config[WIRING_CONFIG_KEY];
    expect(wiring).toEqual({ sharedFlowName: "Global Auth", attachments: { "zeta-inbound-callauth": { parentFlowName: "Zeta Inbound", triggerId: "callAuth", after: "callRoute" } } });
  });
});
