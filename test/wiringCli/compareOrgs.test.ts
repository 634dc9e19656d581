// `subflow-wiring compare` as a user (or a CI job gating a promotion) runs it, against the emulator's dev
// and prod orgs: exit 0 for the same wiring, exit 1 naming each difference, exit 2 for bad credentials.
import { startEmulator, type RunningEmulator } from "../../emulator";
import type { Flow } from "../../provider/flowModel";
import { findTrigger, moveTrigger, spliceIn, spliceOut } from "../../provider/flowFormats/graph/graphEdits";
import { GLOBAL_AUTH, wireByHand, writerFor } from "./handMadeWiring";
import { callTrigger } from "./wiringFixtures";
import { demoOrgSettings, EnvFiles, runWiringCli } from "./wiringCliProcess";

describe("subflow-wiring compare", () => {
  let emulator: RunningEmulator;
  let envFiles: EnvFiles;
  let dev: string;
  let prod: string;

  beforeEach(async () => {
    emulator = await startEmulator();
    envFiles = new EnvFiles();
    dev = envFiles.write("dev.env", demoOrgSettings(emulator, "dev"));
    prod = envFiles.write("prod.env", demoOrgSettings(emulator, "prod"));
    await wireByHand(emulator, "dev");
    await wireByHand(emulator, "prod");
  });
  afterEach(async () => {
    envFiles.cleanup();
    await emulator.close();
  });

  async function editProd(flowName: string, change: (flow: Flow) => void): Promise<void> {
    const writer = await writerFor(emulator, "prod");
    await writer.editFlow(emulator.findFlowByName("prod", flowName)!.id, change);
  }

  it("exits 0 when both orgs hold the same calls, whatever their flow IDs", async () => {
    const run = await runWiringCli(["compare", "--left", dev, "--right", prod]);
    expect(run.stderr).toContain(`${dev}: 6 of 6 flows read (page 1 of 1)`);
    expect(run.stderr).toContain(`${prod}: 6 of 6 flows read (page 1 of 1)`);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`left:  ${dev} (${emulator.url}, OAuth client dev-client)`);
    expect(run.stdout).toContain("same        Sales Inbound › callQueueRouting");
    expect(run.stdout.trimEnd().split("\n").pop()).toBe("The wiring is the same: 6 same, 0 different, 0 only in left, 0 only in right.");
  });

  it("exits 1 and names each difference: a call in one org only, arguments, return variables, position", async () => {
    const auth = emulator.findFlowByName("prod", GLOBAL_AUTH)!.id;
    await editProd("Sales Inbound", (flow) => {
      const call = findTrigger(flow, "callGlobalAuth")!;
      call.properties.arguments = { callerPhone: "${Call.Dnis}", language: "${Call.Language}" };
      call.properties.returnVariables = {};
    });
    await editProd("Support Inbound", (flow) => Object.assign(flow, moveTrigger(flow, "callGlobalAuth", "start")));
    await editProd("Billing Inbound", (flow) => Object.assign(flow, spliceOut(flow, "callQueueRouting")));
    await editProd("Billing Inbound", (flow) => Object.assign(flow, spliceIn(flow, callTrigger("callAuthAgain", auth), "welcome-prompt")));

    const run = await runWiringCli(["compare", "--left", dev, "--right", prod]);
    expect(run.status).toBe(1);
    const section = (title: string) => {
      const lines = run.stdout.split("\n");
      const start = lines.indexOf(title);
      expect(start).toBeGreaterThan(-1);
      const end = lines.findIndex((line, index) => index > start && !line.startsWith(" "));
      return lines.slice(start + 1, end).map((line) => line.trim().split(/\s{2,}/));
    };
    expect(section("different   Sales Inbound › callGlobalAuth")).toEqual([
      ["field", "left", "right"],
      ["arguments.callerPhone", '"${Call.Ani}"', '"${Call.Dnis}"'],
      ['returnVariables["Flow.authResult"]', '"authenticationResult"', "(none)"],
    ]);
    expect(section("different   Support Inbound › callGlobalAuth")).toEqual([
      ["field", "left", "right"],
      ["after", "welcome-prompt", "start"],
    ]);
    // Billing's auth call followed the routing call, which prod no longer has.
    expect(section("different   Billing Inbound › callGlobalAuth")).toEqual([
      ["field", "left", "right"],
      ["after", "callQueueRouting", "start"],
    ]);
    expect(section("left only   Billing Inbound › callQueueRouting")[1]).toEqual(["sharedFlowName", "Queue Routing", "(no call)"]);
    expect(section("right only  Billing Inbound › callAuthAgain")[1]).toEqual(["sharedFlowName", "(no call)", GLOBAL_AUTH]);
    expect(run.stdout.trimEnd().split("\n").pop()).toBe("The wiring differs: 2 same, 3 different, 1 only in left, 1 only in right.");

    const json = await runWiringCli(["compare", "--left", dev, "--right", prod, "--json"]);
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout) as { same: boolean; calls: Array<{ parentFlowName: string; triggerId: string; status: string }> };
    expect(report.same).toBe(false);
    expect(report.calls.filter((call) => call.status !== "same").map((call) => `${call.status} ${call.parentFlowName}/${call.triggerId}`)).toEqual([
      "right-only Billing Inbound/callAuthAgain",
      "different Billing Inbound/callGlobalAuth",
      "left-only Billing Inbound/callQueueRouting",
      "different Sales Inbound/callGlobalAuth",
      "different Support Inbound/callGlobalAuth",
    ]);

    // Filtered to the calls that agree, the orgs are the same again.
    expect((await runWiringCli(["compare", "--left", dev, "--right", prod, "--parent", "After*", "--shared", "Global*"])).status).toBe(0);
  });

  it("exits 2 with a message naming the side and the failed login, never the secret, for bad credentials", async () => {
    const wrongSecret = "not-the-prod-secret-7f3a";
    const badProd = envFiles.write("bad-prod.env", demoOrgSettings(emulator, "prod", { GENESYS_CLIENT_SECRET: wrongSecret }));
    const run = await runWiringCli(["compare", "--left", dev, "--right", badProd, "--json"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(new RegExp(`^subflow-wiring: error: right \\(${badProd}\\): Genesys Cloud login to ${emulator.url} with client ID 'prod-client' failed with 401 bad\\.credentials`, "m"));
    expect(run.stderr).not.toContain(wrongSecret);
  });
});
