// Protects the graph rules of DESIGN.md on every write: for each rule, a PUT (and a POST) breaking
// it gets 400 naming the rule, and the stored flow is unchanged.

import { GraphRule } from "../../provider/flowGraph";
import { FlowEdge, FlowTrigger } from "../../provider/flowModel";
import { startEmulator, RunningEmulator } from "../../emulator";
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

/** One graph per rule that breaks it; `selfId` is the ID of the flow being written. */
const brokenGraphs: Array<{ rule: GraphRule; graph: (selfId: string) => { triggers: FlowTrigger[]; edges: FlowEdge[] } }> = [
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
    const graph = {
      triggers: [call("auth", sharedId), ...flow.triggers],
      edges: [edge("start", "auth"), ...flow.edges.map((existing) => (existing.fromId === "start" ? { ...existing, fromId: "auth" } : existing))],
    };
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
    const caller = emulator.findFlowByName("dev", "Support Inbound")!;
    // The shared flow calls the inbound flow first: valid on its own.
    const sharedCallsCaller = { triggers: [call("back", caller.id), ...shared.triggers], edges: [edge("start", "back"), ...shared.edges.map((e) => (e.fromId === "start" ? { ...e, fromId: "back" } : e))] };
    const sharedWritten = (await dev.architect.putFlow(shared.id, { ...shared, ...sharedCallsCaller })).body;
    try {
      const loop = { triggers: [call("auth", shared.id), ...caller.triggers], edges: [edge("start", "auth"), ...caller.edges.map((e) => (e.fromId === "start" ? { ...e, fromId: "auth" } : e))] };
      const failure = await rejection(dev.architect.putFlow(caller.id, { ...caller, ...loop }));
      expect(failure.status).toBe(400);
      expect(failure.body.message).toContain("subflow-call-loop");
      expect(emulator.getFlow("dev", caller.id)).toEqual(caller);
    } finally {
      await dev.architect.putFlow(shared.id, { ...sharedWritten, triggers: shared.triggers, edges: shared.edges });
    }
  });
});
