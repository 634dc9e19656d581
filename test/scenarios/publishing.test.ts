// Scenarios for `publish: true` through the real provider host: what runs is the published version. Protects
// that a create whose publish never happened (the process died after the write) converges on the next up by
// publishing, with no write; that a published version without the call is drift that up publishes; that a
// shared flow published after its callers makes each caller stale, republished once per parent however many
// of its attachments notice; and that attachments written in one PUT publish that version once.
import { startEmulator, type RequestLogEntry } from "../../emulator";
import { findTrigger, spliceIn, spliceOut } from "../../provider/flowFormats/graph/graphEdits";
import { attachment, failedSteps, ORG_ID, PROVIDER_CLIENT, putsBy, SHARED_FLOW_NAME, stackFor, stressSeed } from "../stress/stressSupport";
import { changedSteps, declareFor, driftLines, flowsByName, hostStack, PARENT_FLOWS, SHARED_FLOW, stackWiring, TRIGGER_ID, useDevOrg, WIRING_KEY } from "./rootProgramStack";

const publishesOf = (log: readonly RequestLogEntry[], flowId?: string) =>
  log.filter((entry) => entry.method === "POST" && entry.path === "/api/v2/flows/actions/publish" && entry.status === 200 && (flowId === undefined || entry.query.flow === flowId));
const writesOf = (log: readonly RequestLogEntry[]) => log.filter((entry) => entry.method === "PUT");

/** The dev wiring with `publish` set for every attachment, and a second call in Sales Inbound. */
function devWiring(publish: boolean): Record<string, string> {
  const wiring = stackWiring("dev") as ReturnType<typeof stackWiring> & { publish?: boolean };
  wiring.publish = publish;
  wiring.attachments["sales-survey"] = { parentFlowName: "Sales Inbound", triggerId: "callSurvey" };
  return { [WIRING_KEY]: JSON.stringify(wiring) };
}

describe("publish: true in the dev org", () => {
  const dev = useDevOrg();

  it("a create whose write landed but whose publish never happened is published by the next up, with no write", async () => {
    const { emulator } = dev;
    // The writes of a first up land; then the process dies before publishing and before the engine
    // records anything: the org holds the saved calls, the state holds nothing.
    const unpublished = await declareFor(emulator, "dev", devWiring(false));
    expect((await hostStack({ declared: unpublished }).up(unpublished.resources)).ok).toBe(true);
    const saved = flowsByName(emulator, "dev");
    for (const parent of Object.values(PARENT_FLOWS)) expect(emulator.publishedFlow("dev", saved[parent].id)).toBeUndefined();

    const declared = await declareFor(emulator, "dev", devWiring(true));
    const retried = hostStack({ declared });
    emulator.clearRequestLog();
    const up = await retried.up(declared.resources);
    expect(failedSteps(up)).toEqual([]);
    expect(writesOf(emulator.requestLog)).toEqual([]);
    for (const parent of Object.values(PARENT_FLOWS)) {
      expect(publishesOf(emulator.requestLog, saved[parent].id)).toHaveLength(1);
      expect(findTrigger(emulator.publishedFlow("dev", saved[parent].id)!, TRIGGER_ID)).toEqual(findTrigger(saved[parent], TRIGGER_ID));
    }
    const preview = await retried.preview(declared.resources);
    expect(changedSteps(preview)).toEqual([]);
    expect(driftLines(preview.log)).toEqual([]);
  });

  it("a published version without the call is drift that up publishes; a republished shared flow makes every caller stale, republished once per parent", async () => {
    const { emulator, other } = dev;
    const declared = await declareFor(emulator, "dev", devWiring(true));
    const stack = hostStack({ declared });
    expect(failedSteps(await stack.up(declared.resources))).toEqual([]);
    expect(changedSteps(await stack.preview(declared.resources))).toEqual([]);
    const sales = flowsByName(emulator, "dev")["Sales Inbound"];

    // Someone removes the call, publishes, then puts the call back without publishing.
    const call = findTrigger(sales, TRIGGER_ID)!;
    await other.editFlow(sales.id, (flow) => void Object.assign(flow, spliceOut(flow, TRIGGER_ID)));
    await other.publishFlow(sales.id);
    await other.editFlow(sales.id, (flow) => void Object.assign(flow, spliceIn(flow, call, "start")));
    const versionsBefore = emulator.flows("dev").map((flow) => flow.version);

    const preview = await stack.preview(declared.resources);
    expect(changedSteps(preview)).toEqual([["sales-auth", "update"]]);
    const publishedVersion = emulator.getFlow("dev", sales.id)!.publishedVersion!.id;
    expect(driftLines(preview.log)).toEqual([
      `drift: trigger 'callGlobalAuth' in flow 'Sales Inbound': the call is saved but not published (the published version ${publishedVersion} does not carry it); ` +
        "up publishes the flow, which also releases whatever else is saved but unpublished in 'Sales Inbound'",
    ]);
    emulator.clearRequestLog();
    expect(failedSteps(await stack.up(declared.resources))).toEqual([]);
    expect(writesOf(emulator.requestLog)).toEqual([]);
    expect(publishesOf(emulator.requestLog).map((entry) => entry.query.flow)).toEqual([sales.id]);
    expect(findTrigger(emulator.publishedFlow("dev", sales.id)!, TRIGGER_ID)).toEqual(call);
    expect(changedSteps(await stack.preview(declared.resources))).toEqual([]);

    // The shared flow is republished: each caller runs an older copy of it.
    await other.publishFlow(flowsByName(emulator, "dev")[SHARED_FLOW].id);
    const stale = await stack.preview(declared.resources);
    expect(changedSteps(stale)).toEqual([...Object.keys(PARENT_FLOWS), "sales-survey"].sort().map((name) => [name, "update"]));
    const staleLines = driftLines(stale.log);
    expect(staleLines).toHaveLength(4);
    for (const line of staleLines) expect(line).toMatch(/the shared flow 'Global Auth Subflow' was published \(.+\) after this flow \(.+\), so this flow runs an older copy of it; up republishes this flow/);
    emulator.clearRequestLog();
    expect(failedSteps(await stack.up(declared.resources))).toEqual([]);
    expect(writesOf(emulator.requestLog)).toEqual([]);
    expect(publishesOf(emulator.requestLog).map((entry) => entry.query.flow).sort()).toEqual(Object.values(PARENT_FLOWS).map((name) => flowsByName(emulator, "dev")[name].id).sort());
    const clean = await stack.preview(declared.resources);
    expect(changedSteps(clean)).toEqual([]);
    expect(driftLines(clean.log)).toEqual([]);
    expect(emulator.flows("dev").map((flow) => flow.version)).toEqual(versionsBefore);
    // Eight commands, each a provider host of its own: more than the default limit on a loaded machine.
  }, 240_000);
});

describe("attachments of one flow written in one PUT", () => {
  it("publish that version once", async () => {
    const emulator = await startEmulator({ seed: stressSeed({ parentFlowNames: ["Inbound A"] }) });
    try {
      const triggerIds = ["callAuth1", "callAuth2", "callAuth3", "callAuth4"];
      const program = await Promise.all(triggerIds.map((triggerId) => attachment(triggerId, { parentFlowName: "Inbound A", sharedFlowName: SHARED_FLOW_NAME, triggerId, publish: true })));
      const up = await stackFor(emulator.url, { parallelism: triggerIds.length }).up(program);
      expect(failedSteps(up)).toEqual([]);
      const parent = emulator.findFlowByName(ORG_ID, "Inbound A")!;
      const landedWrites = putsBy(emulator.requestLog, PROVIDER_CLIENT.clientId, parent.id).filter((entry) => entry.status === 200);
      expect(landedWrites.length).toBeLessThan(triggerIds.length);
      expect(publishesOf(emulator.requestLog, parent.id)).toHaveLength(landedWrites.length);
      expect(emulator.publishedFlow(ORG_ID, parent.id)!.triggers.filter((trigger) => triggerIds.includes(trigger.id))).toHaveLength(triggerIds.length);
    } finally {
      await emulator.close();
    }
  });
});
