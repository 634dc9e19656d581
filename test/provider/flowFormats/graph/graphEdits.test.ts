// Protects the graph edits the provider writes with: over many generated valid flow graphs, every edit
// returns a valid graph, places the trigger where asked and leaves everything else as it was.
import fc from "fast-check";
import { findGraphViolations } from "../../../../provider/flowFormats/graph/flowGraph";
import { FlowGraph, FlowTrigger } from "../../../../provider/flowModel";
import {
  findTrigger,
  GraphEditError,
  isPlacedAfter,
  moveTrigger,
  predecessorsOf,
  replaceTriggerProperties,
  spliceIn,
  spliceOut,
} from "../../../../provider/flowFormats/graph/graphEdits";
import { deepFreeze, edge, graphArb, graphWithTriggerArb, spliceCaseArb } from "../../../support/flowGraphArbitraries";
import { expectSplicedIn, expectSplicedOut } from "../../../support/graphAssertions";

const RUNS = { numRuns: 300 };

const prompt = (id: string): FlowTrigger => ({ id, type: "prompt", properties: { type: "prompt" } });
const call = (id: string, flowId = "shared-1"): FlowTrigger => ({ id, type: "callsubflow", properties: { type: "callsubflow", flowId } });

const violationsOf = (graph: FlowGraph) => findGraphViolations(graph).map((violation) => violation.message);

// ---- properties ----------------------------------------------------------------------------------

describe("the graph generator", () => {
  const hasUnknownKey = (value: object, known: string[]) => Object.keys(value).some((key) => !known.includes(key));
  const unknownOnTrigger = (trigger: FlowTrigger) =>
    hasUnknownKey(trigger, ["id", "type", "properties"]) || hasUnknownKey(trigger.properties, ["type", "flowId", "arguments", "returnVariables", "label"]);

  it("yields only valid graphs, with branches, calls with arguments and return variables, and unknown fields", () => {
    const seen = { branching: 0, callsWithArguments: 0, callsWithReturnVariables: 0, unknownTriggerFields: 0, unknownEdgeFields: 0 };
    fc.assert(
      fc.property(graphArb, (graph) => {
        expect(violationsOf(graph)).toEqual([]);
        const calls = graph.triggers.filter((trigger) => trigger.type === "callsubflow");
        if (graph.edges.length > graph.triggers.length + 1) seen.branching++;
        if (calls.some((trigger) => trigger.properties.arguments !== undefined)) seen.callsWithArguments++;
        if (calls.some((trigger) => trigger.properties.returnVariables !== undefined)) seen.callsWithReturnVariables++;
        if (graph.triggers.some(unknownOnTrigger)) seen.unknownTriggerFields++;
        if (graph.edges.some((e) => hasUnknownKey(e, ["fromId", "toId", "conditions"]))) seen.unknownEdgeFields++;
      }),
      RUNS,
    );
    const tooRare = Object.entries(seen).filter(([, count]) => count <= RUNS.numRuns / 4);
    expect(tooRare).toEqual([]);
  });
});

describe("spliceIn", () => {
  it("returns a valid graph with the trigger right after the node, rewiring only that node's out-edges", () => {
    fc.assert(
      fc.property(spliceCaseArb, ({ graph, trigger, after }) => {
        const result = spliceIn(graph, trigger, after);
        expectSplicedIn(graph, result, trigger, after);
        expect(isPlacedAfter(result, trigger.id, after)).toBe(true);
        expect(predecessorsOf(result, trigger.id)).toEqual([after]);
        expect(result.triggers).toEqual([...graph.triggers, trigger]);
      }),
      RUNS,
    );
  });

  it("is undone exactly by spliceOut of the same trigger, edge order included", () => {
    fc.assert(
      fc.property(spliceCaseArb, ({ graph, trigger, after }) => {
        expect(spliceOut(spliceIn(graph, trigger, after), trigger.id)).toEqual(graph);
      }),
      RUNS,
    );
  });

  it("keeps every trigger placed when several are spliced in after the same node, and after removing one", () => {
    fc.assert(
      fc.property(spliceCaseArb, fc.integer({ min: 2, max: 5 }), fc.nat(), ({ graph, after }, count, removeIndex) => {
        // Eight characters: longer than any generated trigger ID, so never taken.
        const ids = Array.from({ length: count }, (_, index) => `attach_${index}`);
        const result = ids.reduce((current, id) => spliceIn(current, call(id), after), graph);
        expect(violationsOf(result)).toEqual([]);
        for (const id of ids) expect(isPlacedAfter(result, id, after)).toBe(true);
        const removed = ids[removeIndex % ids.length];
        const afterRemoval = spliceOut(result, removed);
        expect(violationsOf(afterRemoval)).toEqual([]);
        for (const id of ids.filter((other) => other !== removed)) expect(isPlacedAfter(afterRemoval, id, after)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe("spliceOut", () => {
  it("keeps any valid graph valid when any trigger is removed, bridges each path through it, and leaves the rest alone", () => {
    fc.assert(
      fc.property(graphWithTriggerArb, ({ graph, trigger }) => {
        const result = spliceOut(graph, trigger.id);
        expectSplicedOut(graph, result, trigger.id);
        expect(result.triggers).toEqual(graph.triggers.filter((t) => t.id !== trigger.id));
        const unrelated = graph.edges.filter((e) => e.fromId !== trigger.id && e.toId !== trigger.id);
        expect(result.edges.filter((e) => unrelated.includes(e))).toEqual(unrelated);
      }),
      RUNS,
    );
  });

  it("returns the graph unchanged when the trigger is absent", () => {
    const graph = deepFreeze({ triggers: [prompt("a")], edges: [edge("start", "a"), edge("a", "end")] });
    expect(spliceOut(graph, "missing")).toBe(graph);
  });
});

describe("moveTrigger", () => {
  it("places the same trigger object after the new node and keeps the graph valid", () => {
    const moveCaseArb = graphWithTriggerArb.chain(({ graph, trigger }) =>
      fc.record({
        graph: fc.constant(graph),
        trigger: fc.constant(trigger),
        after: fc.constantFrom("start", ...graph.triggers.filter((t) => t.id !== trigger.id).map((t) => t.id)),
      }),
    );
    fc.assert(
      fc.property(moveCaseArb, ({ graph, trigger, after }) => {
        const result = moveTrigger(graph, trigger.id, after);
        expect(violationsOf(result)).toEqual([]);
        expect(isPlacedAfter(result, trigger.id, after)).toBe(true);
        expect(findTrigger(result, trigger.id)).toBe(trigger);
        expect(result.triggers.filter((t) => t.id !== trigger.id)).toEqual(graph.triggers.filter((t) => t.id !== trigger.id));
      }),
      RUNS,
    );
  });

  it("refuses to move a trigger that is not there, after end, or after itself", () => {
    const graph = { triggers: [prompt("a")], edges: [edge("start", "a"), edge("a", "end")] };
    expect(() => moveTrigger(graph, "ghost", "start")).toThrow(expect.objectContaining({ code: "trigger-not-found" }));
    expect(() => moveTrigger(graph, "a", "end")).toThrow(expect.objectContaining({ code: "after-is-end" }));
    expect(() => moveTrigger(graph, "a", "a")).toThrow(expect.objectContaining({ code: "after-is-trigger-itself" }));
    expect(() => moveTrigger(graph, "a", "nowhere")).toThrow(expect.objectContaining({ code: "after-not-found" }));
  });
});

describe("replaceTriggerProperties", () => {
  it("replaces only that trigger's properties, in place, and touches no edge", () => {
    fc.assert(
      fc.property(graphWithTriggerArb, ({ graph, trigger }) => {
        const properties = { type: "callsubflow", flowId: "shared-new", arguments: { pin: "${Flow.pin}" } };
        const result = replaceTriggerProperties(graph, trigger.id, properties);
        expect(result.edges).toBe(graph.edges);
        expect(result.triggers.map((t) => (t.id === trigger.id ? { ...trigger, properties } : t))).toEqual(result.triggers);
        expect(result.triggers.filter((t) => t.id !== trigger.id)).toEqual(graph.triggers.filter((t) => t.id !== trigger.id));
        expect(result.triggers.map((t) => t.id)).toEqual(graph.triggers.map((t) => t.id));
      }),
      RUNS,
    );
  });

  it("with managed keys, replaces only those and keeps the trigger's other properties and fields", () => {
    const labelled = { id: "t", type: "callsubflow", label: "Authenticate", properties: { type: "callsubflow", flowId: "old", arguments: { a: "1" }, note: "added in Architect" } };
    const graph = deepFreeze({ triggers: [labelled], edges: [edge("start", "t"), edge("t", "end")] });
    const result = replaceTriggerProperties(graph, "t", { type: "callsubflow", flowId: "new" }, undefined, ["type", "flowId", "arguments"]);
    expect(result.triggers).toEqual([{ ...labelled, properties: { type: "callsubflow", flowId: "new", note: "added in Architect" } }]);
  });

  it("refuses a trigger that is not there", () => {
    expect(() => replaceTriggerProperties({ triggers: [], edges: [edge("start", "end")] }, "ghost", {})).toThrow(
      expect.objectContaining({ code: "trigger-not-found" }),
    );
  });
});

// ---- hand-picked cases ---------------------------------------------------------------------------

describe("hand-picked graphs", () => {
  it("splices into the empty graph start -> end", () => {
    const result = spliceIn(deepFreeze({ triggers: [], edges: [edge("start", "end")] }), call("auth"));
    expect(result).toEqual({ triggers: [call("auth")], edges: [edge("auth", "end"), edge("start", "auth")] });
  });

  it("moves every branch of the node below the new trigger, conditions kept", () => {
    const graph = deepFreeze({
      triggers: [prompt("menu"), prompt("sales"), prompt("support")],
      edges: [edge("start", "menu"), edge("menu", "sales", ["press 1"]), edge("menu", "support", ["press 2"]), edge("sales", "end"), edge("support", "end")],
    });
    const result = spliceIn(graph, call("auth"), "menu");
    expect(result.edges).toEqual([
      edge("start", "menu"),
      edge("auth", "sales", ["press 1"]),
      edge("auth", "support", ["press 2"]),
      edge("sales", "end"),
      edge("support", "end"),
      edge("menu", "auth"),
    ]);
    expect(violationsOf(result)).toEqual([]);
  });

  it("concatenates in-edge and out-edge conditions when splicing out", () => {
    const graph = deepFreeze({
      triggers: [prompt("a"), prompt("b"), call("t")],
      edges: [edge("start", "a"), edge("a", "t", ["a1"]), edge("start", "t", ["s1"]), edge("t", "b", ["b1"]), edge("t", "end", ["e1", "e2"]), edge("b", "end")],
    });
    expect(spliceOut(graph, "t").edges).toEqual([
      edge("start", "a"),
      edge("a", "b", ["a1", "b1"]),
      edge("start", "b", ["s1", "b1"]),
      edge("a", "end", ["a1", "e1", "e2"]),
      edge("start", "end", ["s1", "e1", "e2"]),
      edge("b", "end"),
    ]);
  });

  it("keeps the fields of an edge it rewired when the trigger is spliced out again (destroy restores the flow)", () => {
    const labelled = { ...edge("start", "menu", ["open"]), label: "office hours", uiPosition: { x: 3, y: 4 } };
    const graph = deepFreeze({ triggers: [prompt("menu")], edges: [labelled, edge("menu", "end")] });
    const attached = spliceIn(graph, call("auth"), "start");
    expect(attached.edges).toContainEqual({ ...labelled, fromId: "auth" });
    expect(spliceOut(attached, "auth")).toEqual(graph);
  });

  it("keeps the other fields of both edges on the bridge, the out-edge's where both have one", () => {
    const graph = deepFreeze({
      triggers: [prompt("menu"), call("t")],
      edges: [
        edge("start", "menu"),
        { ...edge("menu", "t", ["press 1"]), label: "press 1", color: "blue", note: "from the menu" },
        { ...edge("t", "end", ["authenticated"]), label: "authenticated", color: "green" },
        edge("menu", "end", ["press 2"]),
      ],
    });
    expect(spliceOut(graph, "t").edges).toEqual([
      edge("start", "menu"),
      { ...edge("menu", "end", ["press 1", "authenticated"]), label: "authenticated", color: "green", note: "from the menu" },
      edge("menu", "end", ["press 2"]),
    ]);
  });

  it("drops a bridge that duplicates an existing edge, comparing conditions as JSON", () => {
    const graph = deepFreeze({
      triggers: [prompt("p"), call("t")],
      edges: [edge("start", "p"), edge("p", "t"), edge("t", "end", [{ op: "==", value: 1 }]), edge("p", "end", [{ value: 1, op: "==" }])],
    });
    const result = spliceOut(graph, "t");
    expect(result.edges).toEqual([edge("start", "p"), edge("p", "end", [{ value: 1, op: "==" }])]);
    expect(violationsOf(result)).toEqual([]);
  });

  it("drops bridges that duplicate each other", () => {
    const graph = deepFreeze({
      triggers: [call("t")],
      edges: [edge("start", "t"), edge("start", "t", ["c"]), edge("t", "end"), edge("t", "end", ["c"])],
    });
    expect(spliceOut(graph, "t").edges).toEqual([edge("start", "end"), edge("start", "end", ["c"]), edge("start", "end", ["c", "c"])]);
  });

  it("counts a trigger pushed down by later attachments as placed, but not one behind another kind of trigger", () => {
    const stacked = [call("first"), call("second")].reduce((graph, trigger) => spliceIn(graph, trigger, "start"), { triggers: [], edges: [edge("start", "end")] } as FlowGraph);
    expect(isPlacedAfter(stacked, "first", "start")).toBe(true);
    expect(isPlacedAfter(stacked, "second", "start")).toBe(true);
    const behindPrompt = spliceIn(stacked, prompt("greeting"), "start");
    expect(isPlacedAfter(behindPrompt, "first", "start")).toBe(false);
    expect(isPlacedAfter(behindPrompt, "second", "greeting")).toBe(true);
  });

  it("does not count a trigger with several in-edges, or a missing one, as placed", () => {
    const graph = {
      triggers: [prompt("a"), call("t")],
      edges: [edge("start", "a"), edge("start", "t"), edge("a", "t"), edge("t", "end")],
    };
    expect(isPlacedAfter(graph, "t", "start")).toBe(false);
    expect(isPlacedAfter(graph, "ghost", "start")).toBe(false);
  });

  it.each([
    { code: "after-is-end", after: "end", trigger: call("x"), mentions: ["'x'", "'end'", "use 'start'"] },
    { code: "after-not-found", after: "nowhere", trigger: call("x"), mentions: ["'x'", "'nowhere'", "use 'start'"] },
    { code: "trigger-exists", after: "start", trigger: call("a"), mentions: ["'a'", "choose another trigger ID"] },
    { code: "after-is-trigger-itself", after: "x", trigger: call("x"), mentions: ["'x'", "itself"] },
    { code: "reserved-trigger-id", after: "start", trigger: call("end"), mentions: ["'end'", "choose another trigger ID"] },
  ])("refuses a splice-in with $code, saying what to do", ({ code, after, trigger, mentions }) => {
    const graph = { triggers: [prompt("a")], edges: [edge("start", "a"), edge("a", "end")] };
    let thrown: unknown;
    try {
      spliceIn(graph, trigger, after);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraphEditError);
    expect((thrown as GraphEditError).code).toBe(code);
    for (const text of mentions) expect((thrown as GraphEditError).message).toContain(text);
  });
});
