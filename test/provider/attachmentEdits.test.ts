// Protects the lifecycle edits every create, update, drift repair and delete writes with: over generated
// valid flows, each leaves a valid graph, puts the call where declared, and leaves every other trigger
// and edge (all of their fields, unknown ones included) exactly as they were.
import fc from "fast-check";
import { AttachmentEdit, convergeAttachment, createAttachment, ParentFlow, removeAttachment, TriggerConflictError } from "../../provider/attachmentEdits";
import { DesiredCall } from "../../provider/flowFormats/flowFormat";
import { callSubflowTrigger, graphDocument, MANAGED_PROPERTY_KEYS } from "../../provider/flowFormats/graph/graphFormat";
import { findGraphViolations } from "../../provider/flowFormats/graph/flowGraph";
import { CallSubflowTrigger, FlowGraph } from "../../provider/flowModel";
import { canonicalJson } from "../../provider/flowFormats/graph/graphComparison";
import { isPlacedAfter, spliceIn } from "../../provider/flowFormats/graph/graphEdits";
import { callTriggerArb, graphWithTriggerArb, spliceCaseArb } from "../support/flowGraphArbitraries";
import { expectSameGraph, expectSplicedIn, expectSplicedOut } from "../support/graphAssertions";

/** A stack with no marker of its own: generated calls carry none, so each counts as unmarked. */
const THIS_STACK = { ours: [] as string[], adopt: false };
const RUNS = { numRuns: 200 };

/** The parent flow as read from the org, around a generated graph (the tutorial's format). */
const parentFlow = (graph: FlowGraph): ParentFlow => ({ id: "parent-flow-id", name: "Sales Inbound", document: graphDocument(graph) });

/** The graph an edit asks to write. */
function graphOf(edit: AttachmentEdit<unknown>): FlowGraph {
  if (edit.document?.format !== "graph") throw new Error(`expected a graph to write, got ${JSON.stringify(edit)}`);
  return edit.document.graph;
}

/** What a program declares for a generated call: its shared flow and maps, not the fields the server adds. */
function declarationOf(trigger: CallSubflowTrigger, after: string): DesiredCall {
  const { flowId, arguments: args, returnVariables } = trigger.properties;
  const desired: DesiredCall = { triggerId: trigger.id, sharedFlow: { id: flowId, name: `Flow ${flowId}` }, after };
  if (args !== undefined) desired.arguments = args;
  if (returnVariables !== undefined) desired.returnVariables = returnVariables;
  return desired;
}

/** A flow that already holds the call `live` (as the org stores it, unknown fields included) after `after`. */
const attachedCaseArb = spliceCaseArb.map(({ graph, trigger, after }) => {
  const attached = spliceIn(graph, trigger, after);
  return { graph, live: trigger, after, attached, flow: parentFlow(attached) };
});

describe("createAttachment, and convergeAttachment of a call removed in the org", () => {
  it.each([
    { operation: "createAttachment", edit: createAttachment, outcome: "spliced" },
    { operation: "convergeAttachment", edit: convergeAttachment, outcome: "repaired" },
  ])("$operation splices the declared call in after its node, leaving every other trigger and edge exactly as it was", ({ edit, outcome }) => {
    fc.assert(
      fc.property(spliceCaseArb, ({ graph, trigger, after }) => {
        const desired = declarationOf(trigger, after);
        const result = edit(parentFlow(graph), desired, THIS_STACK);
        expect(result.result).toBe(outcome);
        expectSplicedIn(graph, graphOf(result), callSubflowTrigger(desired), after);
      }),
      RUNS,
    );
  });
});

describe("createAttachment", () => {

  it("refuses a trigger with the declared ID that is not the declared call, so nothing is written", () => {
    fc.assert(
      fc.property(graphWithTriggerArb, ({ graph, trigger }) => {
        const elsewhere: DesiredCall = { triggerId: trigger.id, sharedFlow: { id: "shared-never-generated", name: "Never Generated" }, after: "start" };
        expect(() => createAttachment(parentFlow(graph), elsewhere, THIS_STACK)).toThrow(TriggerConflictError);
      }),
      RUNS,
    );
  });
});

describe("removeAttachment", () => {
  it("splices a call out, bridging every path through it, and leaves every other trigger and edge exactly as it was", () => {
    let removed = 0;
    fc.assert(
      fc.property(graphWithTriggerArb, ({ graph, trigger }) => {
        const edit = removeAttachment(parentFlow(graph), trigger.id, THIS_STACK.ours);
        if (trigger.type === "callsubflow") {
          removed++;
          expect(edit.result).toBe("removed");
          expectSplicedOut(graph, graphOf(edit), trigger.id);
        } else {
          // Someone else's trigger reusing the ID: not ours to remove.
          expect(edit).toEqual({ result: "already-gone" });
        }
      }),
      RUNS,
    );
    expect(removed).toBeGreaterThan(RUNS.numRuns / 4);
  });

  it("gives back exactly the flow a create started from (destroy leaves the org as it found it)", () => {
    fc.assert(
      fc.property(spliceCaseArb, ({ graph, trigger, after }) => {
        const created = graphOf(createAttachment(parentFlow(graph), declarationOf(trigger, after), THIS_STACK));
        const edit = removeAttachment(parentFlow(created), trigger.id, THIS_STACK.ours);
        expect(edit.result).toBe("removed");
        expectSameGraph(graphOf(edit), graph);
      }),
      RUNS,
    );
  });

  it("succeeds, asking for no write, when the call is already gone", () => {
    fc.assert(
      fc.property(spliceCaseArb, ({ graph, trigger }) => {
        expect(removeAttachment(parentFlow(graph), trigger.id, THIS_STACK.ours)).toEqual({ result: "already-gone" });
      }),
      RUNS,
    );
  });
});

describe("convergeAttachment", () => {
  it("asks for no write, nor does create (it adopts), when the call is as declared, whatever fields the server added", () => {
    fc.assert(
      fc.property(attachedCaseArb, ({ live, after, flow }) => {
        expect(convergeAttachment(flow, declarationOf(live, after), THIS_STACK)).toEqual({ result: "unchanged" });
        expect(createAttachment(flow, declarationOf(live, after), THIS_STACK)).toEqual({ result: "adopted" });
      }),
      RUNS,
    );
  });

  it("replaces the call's own properties in place, keeping the ones the org added, and every other trigger and edge exactly as it was", () => {
    const changedCaseArb = attachedCaseArb.chain((attached) =>
      callTriggerArb(attached.live.id)
        .map((redeclared) => ({ ...attached, desired: declarationOf(redeclared, attached.after) }))
        .filter(({ live, after, desired }) => canonicalJson(desired) !== canonicalJson(declarationOf(live, after))),
    );
    fc.assert(
      fc.property(changedCaseArb, ({ live, attached, flow, desired }) => {
        const edit = convergeAttachment(flow, desired, THIS_STACK);
        expect(edit.result).toBe("repaired");
        expect(findGraphViolations(graphOf(edit))).toEqual([]);
        const declared = callSubflowTrigger(desired);
        const orgOwnProperties = Object.fromEntries(Object.entries(live.properties).filter(([key]) => !MANAGED_PROPERTY_KEYS.includes(key)));
        const redeclared = { ...live, ...declared, properties: { ...orgOwnProperties, ...declared.properties } };
        expectSameGraph(graphOf(edit), { triggers: attached.triggers.map((trigger) => (trigger.id === live.id ? redeclared : trigger)), edges: attached.edges });
      }),
      RUNS,
    );
  });

  it("moves a call declared after another node there, leaving every other trigger and edge exactly as it was", () => {
    const movedCaseArb = attachedCaseArb
      .filter(({ graph }) => graph.triggers.length > 0)
      .chain((attached) => {
        const elsewhere = ["start", ...attached.graph.triggers.map((trigger) => trigger.id)].filter((node) => node !== attached.after);
        return fc.constantFrom(...elsewhere).map((newAfter) => ({ ...attached, newAfter }));
      });
    let moved = 0;
    fc.assert(
      fc.property(movedCaseArb, ({ graph, live, attached, flow, newAfter }) => {
        const edit = convergeAttachment(flow, declarationOf(live, newAfter), THIS_STACK);
        if (isPlacedAfter(attached, live.id, newAfter)) {
          // Its node is a call stacked after newAfter, so it already counts as placed there.
          expect(edit).toEqual({ result: "unchanged" });
          return;
        }
        moved++;
        expect(edit.result).toBe("repaired");
        expectSplicedIn(graph, graphOf(edit), live, newAfter);
      }),
      RUNS,
    );
    expect(moved).toBeGreaterThan(RUNS.numRuns / 2);
  });
});
