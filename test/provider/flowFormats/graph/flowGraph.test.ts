// Protects the provider's graph rules: the pre-write check refuses graphs that break them and graph edits
// are checked against them, so each rule must fire on its own broken graph and stay quiet on valid ones.
import { findGraphViolations, GraphRule } from "../../../../provider/flowFormats/graph/flowGraph";
import { FlowGraph } from "../../../../provider/flowModel";

const edge = (fromId: string, toId: string) => ({ fromId, toId, conditions: [] });
const trigger = (id: string, type = "prompt") => ({ id, type, properties: { type } });
const rulesOf = (graph: FlowGraph, flowId?: string, existing: string[] = []) =>
  findGraphViolations(graph, { flowId, flowExists: (id) => existing.includes(id) }).map((v) => v.rule);

describe("findGraphViolations", () => {
  it("reports a call into a flow that leads back to this one, and not a call chain without a loop", () => {
    const callsShared = { triggers: [{ id: "c", type: "callsubflow", properties: { type: "callsubflow", flowId: "shared" } }], edges: [edge("start", "c"), edge("c", "end")] };
    const calls: Record<string, string[]> = { shared: ["helper"], helper: ["me"] };
    const loops = findGraphViolations(callsShared, { flowId: "me", callsOf: (id) => calls[id] });
    expect(loops.map((v) => v.rule)).toEqual(["subflow-call-loop"]);
    expect(loops[0].message).toContain("shared -> helper -> me");
    expect(findGraphViolations(callsShared, { flowId: "me", callsOf: (id) => ({ shared: ["helper"], helper: [] })[id] })).toEqual([]);
  });

  it("accepts a linear graph, a branching graph and an empty graph with start -> end", () => {
    expect(rulesOf({ triggers: [trigger("a")], edges: [edge("start", "a"), edge("a", "end")] })).toEqual([]);
    expect(
      rulesOf({
        triggers: [trigger("a"), trigger("b"), trigger("c")],
        edges: [edge("start", "a"), edge("a", "b"), edge("a", "c"), edge("b", "end"), edge("c", "end")],
      }),
    ).toEqual([]);
    expect(rulesOf({ triggers: [], edges: [edge("start", "end")] })).toEqual([]);
  });

  const cases: Array<[GraphRule, FlowGraph, string | undefined, string[]]> = [
    ["reserved-trigger-id", { triggers: [trigger("end")], edges: [edge("start", "end")] }, undefined, []],
    ["duplicate-trigger-id", { triggers: [trigger("a"), trigger("a")], edges: [edge("start", "a"), edge("a", "end")] }, undefined, []],
    ["unknown-edge-end", { triggers: [], edges: [edge("start", "end"), edge("start", "ghost")] }, undefined, []],
    ["edge-into-start", { triggers: [trigger("a")], edges: [edge("start", "a"), edge("a", "end"), edge("a", "start")] }, undefined, []],
    ["edge-out-of-end", { triggers: [trigger("a")], edges: [edge("start", "a"), edge("a", "end"), edge("end", "a")] }, undefined, []],
    ["self-loop", { triggers: [trigger("a")], edges: [edge("start", "a"), edge("a", "a"), edge("a", "end")] }, undefined, []],
    ["cycle", { triggers: [trigger("a"), trigger("b")], edges: [edge("start", "a"), edge("a", "b"), edge("b", "a"), edge("b", "end")] }, undefined, []],
    ["unreachable-trigger", { triggers: [trigger("a"), trigger("b")], edges: [edge("start", "a"), edge("a", "end"), edge("b", "end")] }, undefined, []],
    ["dead-end-trigger", { triggers: [trigger("a"), trigger("b")], edges: [edge("start", "a"), edge("a", "end"), edge("a", "b")] }, undefined, []],
    ["start-does-not-reach-end", { triggers: [], edges: [] }, undefined, []],
    ["subflow-calls-itself", { triggers: [{ id: "c", type: "callsubflow", properties: { type: "callsubflow", flowId: "me" } }], edges: [edge("start", "c"), edge("c", "end")] }, "me", ["me"]],
    ["subflow-flow-missing", { triggers: [{ id: "c", type: "callsubflow", properties: { type: "callsubflow", flowId: "gone" } }], edges: [edge("start", "c"), edge("c", "end")] }, "me", ["me"]],
  ];
  it.each(cases)("reports %s", (rule, graph, flowId, existing) => {
    expect(rulesOf(graph, flowId, existing)).toContain(rule);
  });
});
