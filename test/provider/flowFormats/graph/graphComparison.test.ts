// Protects how graphs are compared: as sets of triggers and edges whatever their order and key order,
// which decides whether an edit changed anything and whether the server stored what was sent.

import { canonicalJson, graphProblems, sameGraph } from "../../../../provider/flowFormats/graph/graphComparison";

describe("graphProblems (write verification)", () => {
  const sent = {
    triggers: [{ id: "a", type: "callsubflow", properties: { type: "callsubflow", flowId: "f" } }],
    edges: [
      { fromId: "start", toId: "a", conditions: [] },
      { fromId: "a", toId: "end", conditions: [] },
    ],
  };

  it("accepts the same graph in any order and key order", () => {
    const reordered = {
      triggers: [{ properties: { flowId: "f", type: "callsubflow" }, type: "callsubflow", id: "a" }],
      edges: [sent.edges[1], sent.edges[0]],
    };
    expect(graphProblems(sent, reordered)).toEqual([]);
  });

  it("reports a server that silently dropped the triggers", () => {
    expect(graphProblems(sent, { edges: sent.edges })).toEqual(["the response has no triggers"]);
    expect(graphProblems(sent, { triggers: [], edges: sent.edges })).toEqual(["triggers: 1 sent but not stored, 0 stored but not sent"]);
  });

  it("reports changed properties and extra edges", () => {
    const changed = {
      triggers: [{ ...sent.triggers[0], properties: { type: "callsubflow", flowId: "other" } }],
      edges: [...sent.edges, { fromId: "start", toId: "end", conditions: [] }],
    };
    expect(graphProblems(sent, changed)).toEqual(["triggers: 1 sent but not stored, 1 stored but not sent", "edges: 0 sent but not stored, 1 stored but not sent"]);
  });
});

describe("sameGraph (did an edit change anything)", () => {
  const graph = {
    triggers: [
      { id: "a", type: "callsubflow", properties: { type: "callsubflow", flowId: "f" } },
      { id: "b", type: "callsubflow", properties: { type: "callsubflow", flowId: "g" } },
    ],
    edges: [
      { fromId: "start", toId: "a", conditions: [] },
      { fromId: "a", toId: "b", conditions: [] },
      { fromId: "b", toId: "end", conditions: [] },
    ],
  };

  it("is true for a reordered copy with keys in another order", () => {
    const copy = {
      triggers: [graph.triggers[1], { properties: { flowId: "f", type: "callsubflow" }, type: "callsubflow", id: "a" }],
      edges: [...graph.edges].reverse(),
    };
    expect(sameGraph(graph, copy)).toBe(true);
  });

  it("is false when one property value changed", () => {
    const changed = { ...graph, triggers: [graph.triggers[0], { ...graph.triggers[1], properties: { type: "callsubflow", flowId: "h" } }] };
    expect(sameGraph(graph, changed)).toBe(false);
  });

  it("counts duplicates: two copies of an edge are not one", () => {
    const doubled = { ...graph, edges: [...graph.edges, graph.edges[0]] };
    expect(sameGraph(graph, doubled)).toBe(false);
    expect(graphProblems(graph, doubled)).toEqual(["edges: 0 sent but not stored, 1 stored but not sent"]);
  });

  it("is false when an edge moved, even though the counts match", () => {
    const moved = { ...graph, edges: [{ fromId: "start", toId: "b", conditions: [] }, { fromId: "b", toId: "a", conditions: [] }, { fromId: "a", toId: "end", conditions: [] }] };
    expect(sameGraph(graph, moved)).toBe(false);
  });
});

describe("canonicalJson", () => {
  it("reads the same for equal values whatever the key order, and leaves out undefined properties", () => {
    expect(canonicalJson({ b: [1, { d: null, c: "x" }], a: undefined })).toBe(canonicalJson({ b: [1, { c: "x", d: null }] }));
    expect(canonicalJson({ b: [1, { c: "x" }] })).not.toBe(canonicalJson({ b: [{ c: "x" }, 1] }));
  });
});
