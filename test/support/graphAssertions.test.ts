// Protects the "exactly as it was" assertions themselves: they ignore item order and key order, and fail
// on any other difference, however deep, in a trigger or an edge.

import type { FlowGraph } from "../../provider/flowModel";
import { spliceIn, spliceOut } from "../../provider/flowFormats/graph/graphEdits";
import { expectAttached, expectSameGraph, expectSplicedIn, expectSplicedOut } from "./graphAssertions";

const graph: FlowGraph = {
  triggers: [
    {
      id: "auth",
      type: "callsubflow",
      properties: { type: "callsubflow", flowId: "shared-auth", arguments: { callerPhone: "${Call.Ani}" }, returnVariables: { "Flow.ok": "authenticated" } },
    },
    { id: "greeting", type: "prompt", properties: { type: "prompt", label: "hello" } },
  ],
  edges: [
    { fromId: "start", toId: "auth", conditions: [] },
    { fromId: "auth", toId: "greeting", conditions: [{ variable: "Flow.ok", operator: "==", value: true }] },
    { fromId: "greeting", toId: "end", conditions: [], label: "after greeting" } as FlowGraph["edges"][number],
  ],
};

/** A deep copy of `graph` with one change made to it. */
function changed(edit: (copy: FlowGraph) => void): FlowGraph {
  const copy = structuredClone(graph);
  edit(copy);
  return copy;
}

describe("expectSameGraph", () => {
  it("accepts the same graph with triggers, edges and keys at every depth in another order", () => {
    const reordered: FlowGraph = {
      triggers: [
        { properties: { label: "hello", type: "prompt" }, type: "prompt", id: "greeting" },
        {
          properties: { returnVariables: { "Flow.ok": "authenticated" }, arguments: { callerPhone: "${Call.Ani}" }, flowId: "shared-auth", type: "callsubflow" },
          type: "callsubflow",
          id: "auth",
        },
      ],
      edges: [
        { label: "after greeting", conditions: [], toId: "end", fromId: "greeting" } as FlowGraph["edges"][number],
        { conditions: [{ value: true, operator: "==", variable: "Flow.ok" }], toId: "greeting", fromId: "auth" },
        { conditions: [], toId: "auth", fromId: "start" },
      ],
    };
    expectSameGraph(reordered, graph);
  });

  it.each([
    ["a trigger's properties.arguments value", (copy: FlowGraph) => ((copy.triggers[0].properties.arguments as Record<string, string>).callerPhone = "${Call.Dnis}")],
    ["a trigger's properties.returnVariables", (copy: FlowGraph) => delete copy.triggers[0].properties.returnVariables],
    ["a trigger's flowId", (copy: FlowGraph) => (copy.triggers[0].properties.flowId = "shared-other")],
    ["an unknown property of a trigger", (copy: FlowGraph) => (copy.triggers[1].properties.label = "goodbye")],
    ["an edge's extra field", (copy: FlowGraph) => ((copy.edges[2] as unknown as Record<string, string>).label = "renamed")],
    ["a value inside an edge's conditions", (copy: FlowGraph) => ((copy.edges[1].conditions[0] as Record<string, unknown>).value = false)],
  ])("fails when only %s differs", (_what, edit) => {
    expect(() => expectSameGraph(changed(edit), graph)).toThrow();
  });
});

describe("expectAttached", () => {
  const attached = spliceIn(graph, { id: "survey", type: "callsubflow", properties: { type: "callsubflow", flowId: "shared-survey" } }, "start");

  it("accepts a graph that is the original plus the trigger, placed after its node", () => {
    expectAttached(graph, attached, "survey", "start");
  });

  it("fails when the splice also changed another trigger's arguments or an edge's extra field", () => {
    const otherArgumentsDropped = { ...attached, triggers: attached.triggers.map((t) => (t.id === "auth" ? { ...t, properties: { ...t.properties, arguments: undefined } } : t)) };
    expect(() => expectAttached(graph, otherArgumentsDropped, "survey", "start")).toThrow();
    const edgeFieldDropped = { ...attached, edges: attached.edges.map(({ fromId, toId, conditions }) => ({ fromId, toId, conditions })) };
    expect(() => expectAttached(graph, edgeFieldDropped, "survey", "start")).toThrow();
  });
});

describe("expectSplicedIn", () => {
  const survey = { id: "survey", type: "callsubflow", properties: { type: "callsubflow", flowId: "shared-survey" } };

  it("accepts the splice the lifecycle describes", () => {
    expectSplicedIn(graph, spliceIn(graph, survey, "greeting"), survey, "greeting");
  });

  it("fails when a rewired edge lost its extra field, or another call lost its arguments", () => {
    const spliced = spliceIn(graph, survey, "greeting");
    const rewiredBare = { ...spliced, edges: spliced.edges.map(({ fromId, toId, conditions }) => ({ fromId, toId, conditions })) };
    expect(() => expectSplicedIn(graph, rewiredBare, survey, "greeting")).toThrow();
    const argumentsDropped = changed((copy) => delete copy.triggers[0].properties.arguments);
    expect(() => expectSplicedIn(graph, spliceIn(argumentsDropped, survey, "greeting"), survey, "greeting")).toThrow();
  });
});

describe("expectSplicedOut", () => {
  it("accepts the splice-out the lifecycle describes", () => {
    expectSplicedOut(graph, spliceOut(graph, "auth"), "auth");
  });

  it("fails when a bridge lost the in-edge's conditions, or an untouched edge changed", () => {
    const guarded = changed((copy) => copy.edges[0].conditions.push("open"));
    const bridgeWithoutInConditions = changed((copy) => {
      copy.triggers.splice(0, 1);
      copy.edges.splice(0, 2, { fromId: "start", toId: "greeting", conditions: [{ variable: "Flow.ok", operator: "==", value: true }] });
    });
    expect(() => expectSplicedOut(guarded, bridgeWithoutInConditions, "auth")).toThrow();
    const untouchedRelabelled = changed((copy) => ((copy.edges[2] as unknown as Record<string, string>).label = "renamed"));
    expect(() => expectSplicedOut(graph, spliceOut(untouchedRelabelled, "auth"), "auth")).toThrow();
  });
});
