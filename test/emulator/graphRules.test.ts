// Protects the service's graph rules on every write: for each rule, a PUT (and a POST) breaking it
// gets 400 naming the rule, and the stored flow is unchanged.

import { FlowGraphRule } from "../../emulator/rules/flowGraphRules";
import { Flow, FlowEdge, FlowTrigger } from "../../wire/flowDocument";
import { startEmulator, RunningEmulator, type SeedFlow } from "../../emulator";
import { loggedInSdk, SdkConnection } from "../../emulator/sdkClient";
import { rejection } from "./rejection";

let emulator: RunningEmulator;
let dev: SdkConnection;

beforeAll(async () => {
  emulator = await startEmulator();
  dev = await loggedInSdk(emulator, { extended: true });
});

afterAll(() => emulator.close());

const prompt = (id: string): FlowTrigger => ({ id, type: "playprompt", properties: { type: "playprompt" } });
const edge = (fromId: string, toId: string): FlowEdge => ({ fromId, toId, conditions: [] });
const call = (id: string, flowId: string): FlowTrigger => ({ id, type: "callsubflow", properties: { type: "callsubflow", flowId } });
/** The graph of `flow` with a call of `flowId` spliced in right after start. */
const callFirst = (flow: Flow, triggerId: string, flowId: string) => ({
  triggers: [call(triggerId, flowId), ...flow.triggers],
  edges: [edge("start", triggerId), ...flow.edges.map((existing) => (existing.fromId === "start" ? { ...existing, fromId: triggerId } : existing))],
});

/** One graph per rule that breaks it; `selfId` is the ID of the flow being written. */
const brokenGraphs: Array<{ rule: FlowGraphRule; graph: (selfId: string) => { triggers: FlowTrigger[]; edges: FlowEdge[] } }> = [
  { rule: "reserved-trigger-id", graph: () => ({ triggers: [prompt("end")], edges: [edge("start", "end")] }) },
  { rule: "duplicate-trigger-id", graph: () => ({ triggers: [prompt("a"), prompt("a")], edges: [edge("start", "a"), edge("a", "end")] }) },
  { rule: "unknown-edge-end", graph: () => ({ triggers: [prompt("a")], edges: [edge("start", "a"), edge("a", "end"), edge("a", "ghost")] }) },
  { rule: "edge-into-start", graph: () => ({ triggers: [prompt("a")], edges: [edge("start", "a"), edge("a", "end"), edge("a", "start")] }) },
  { rule: "edge-out-of-end", graph: () => ({ triggers: [prompt("a")], edges: [edge("start", "a"), edge("a", "end"), edge("end", "a")] }) },
  { rule: "self-loop", graph: () => ({ triggers: [prompt("a")], edges: [edge("start", "a"), edge("a", "a"), edge("a", "end")] }) },
  {
    rule: "cycle",
    graph: () => ({ triggers: [prompt("a"), prompt("b")], edges: [edge("start", "a"), edge("a", "b"), edge("b", "a"), edge("b", "end")] }),
  },
  { rule: "unreachable-trigger", graph: () => ({ triggers: [prompt("a"), prompt("orphan")], edges: [edge("start", "a"), edge("a", "end"), edge("orphan", "end")] }) },
  { rule: "dead-end-trigger", graph: () => ({ triggers: [prompt("a"), prompt("stuck")], edges: [edge("start", "a"), edge("a", "end"), edge("a", "stuck")] }) },
  { rule: "start-does-not-reach-end", graph: () => ({ triggers: [], edges: [] }) },
  { rule: "subflow-calls-itself", graph: (selfId) => ({ triggers: [call("me", selfId)], edges: [edge("start", "me"), edge("me", "end")] }) },
  { rule: "subflow-flow-missing", graph: () => ({ triggers: [call("nobody", "no-such-flow")], edges: [edge("start", "nobody"), edge("nobody", "end")] }) },
  {
    rule: "subflow-not-common-module",
    graph: () => {
      const inboundId = emulator.findFlowByName("dev", "Sales Inbound")!.id;
      return { triggers: [call("inbound", inboundId)], edges: [edge("start", "inbound"), edge("inbound", "end")] };
    },
  },
];

describe("graph rules on PUT /api/v2/flows/{id}", () => {
  it.each(brokenGraphs)("rejects a graph breaking $rule with 400 and changes nothing", async ({ rule, graph }) => {
    const flow = emulator.findFlowByName("dev", "Support Inbound")!;
    const failure = await rejection(dev.architect.putFlow(flow.id, { ...flow, ...graph(flow.id) }));
    expect(failure.status).toBe(400);
    expect(failure.body.code).toBe("flow.graph.invalid");
    expect(failure.body.message).toContain(rule);
    expect(failure.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ code: `flow.graph.${rule}`, status: 400 })]));
    expect(emulator.getFlow("dev", flow.id)).toEqual(flow);
  });

  it("accepts a valid graph calling the shared flow (the control case)", async () => {
    const flow = emulator.findFlowByName("dev", "Billing Inbound")!;
    const sharedId = emulator.findFlowByName("dev", "Global Auth Subflow")!.id;
    const graph = callFirst(flow, "auth", sharedId);
    const written = await dev.architect.putFlow(flow.id, { ...flow, ...graph });
    expect(written.status).toBe(200);
    expect(emulator.getFlow("dev", flow.id)).toMatchObject({ version: flow.version + 1, triggers: graph.triggers, edges: graph.edges });
  });
});

describe("graph rules on POST /api/v2/flows", () => {
  it.each(brokenGraphs.filter(({ rule }) => rule !== "subflow-calls-itself"))("rejects a new flow breaking $rule with 400 and creates nothing", async ({ rule, graph }) => {
    const name = `Broken ${rule}`;
    const failure = await rejection(dev.architect.postFlows({ name, type: "inboundcall", ...graph("not-yet-created") }));
    expect(failure.status).toBe(400);
    expect(failure.body.message).toContain(rule);
    expect(emulator.flows("dev").map((flow) => flow.name)).not.toContain(name);
  });
});

describe("call loops across flows", () => {
  it("rejects a call into a flow that already leads back to the caller, and changes nothing", async () => {
    const shared = emulator.findFlowByName("dev", "Global Auth Subflow")!;
    // Only common modules can be called, so a loop runs through two of them: a new one that calls the
    // shared flow first (valid on its own), and then the shared flow calling it back.
    const helper: Flow = (
      await dev.architect.postFlows({ name: "Loop Helper", type: "commonmodule", triggers: [call("auth", shared.id)], edges: [edge("start", "auth"), edge("auth", "end")] })
    ).body;
    try {
      const failure = await rejection(dev.architect.putFlow(shared.id, { ...shared, ...callFirst(shared, "back", helper.id) }));
      expect(failure.status).toBe(400);
      expect(failure.body.message).toContain("subflow-call-loop");
      expect(emulator.getFlow("dev", shared.id)).toEqual(shared);
    } finally {
      await dev.architect.deleteFlow(helper.id);
    }
  });
});

describe("graph rules on the seed", () => {
  const seedWith = (flows: SeedFlow[]) => ({ orgs: [{ id: "seeded", clients: [{ clientId: "seed-client", clientSecret: "seed-secret" }], flows }] });
  const calling = (name: string, type: string, id: string, calledId: string): SeedFlow => ({ id, name, type, triggers: [{ ...call("go", calledId) }], edges: [{ ...edge("start", "go") }, { ...edge("go", "end") }] });

  it("refuses to start with a flow calling a flow that is not a common module", async () => {
    const seed = seedWith([{ id: "plain", name: "Plain", type: "inboundcall" }, calling("Caller", "inboundcall", "caller", "plain")]);
    await expect(startEmulator({ seed })).rejects.toThrow(/flow 'Caller': subflow-not-common-module/);
  });

  it("refuses to start with common modules calling each other in a loop", async () => {
    const seed = seedWith([calling("Left", "commonmodule", "left", "right"), calling("Right", "commonmodule", "right", "left")]);
    await expect(startEmulator({ seed })).rejects.toThrow(/flow 'Left': subflow-call-loop.*flow 'Right': subflow-call-loop/);
  });
});
