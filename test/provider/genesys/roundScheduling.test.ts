// Protects the rule that picks the flows a gathering writes now: flows that expect nothing more go at once,
// the others wait while a round is under way, something is always written when none is, and a flow waits
// only when the operations a write lets through are likely to bring it an edit.

import { flowsToWriteNow, Gathering, WaitingFlow } from "../../../provider/genesys/roundScheduling";

const flow = (flowId: string, edits: number, expected?: number, due = false): WaitingFlow => ({ flowId, edits, expected, due });
const gathering = (waiting: WaitingFlow[], overrides: Partial<Gathering> = {}): Gathering => ({
  waiting,
  roundsUnderWay: 0,
  moreHandedOver: true,
  stillHandingOver: true,
  ...overrides,
});

describe("flowsToWriteNow", () => {
  it("writes at once the flows whose waiting edits are all that can come, and the flows that are due", () => {
    const waiting = [flow("a", 3, 0), flow("b", 5, 4), flow("c", 1, 9, true)];
    expect(flowsToWriteNow(gathering(waiting))).toEqual(["a", "c"]);
    expect(flowsToWriteNow(gathering(waiting, { roundsUnderWay: 2 }))).toEqual(["a", "c"]);
  });

  it("holds every other flow while a round is under way: its settling lets the engine hand over more", () => {
    expect(flowsToWriteNow(gathering([flow("a", 4, 6), flow("b", 1)], { roundsUnderWay: 1 }))).toEqual([]);
  });

  it("writes the flow with the most edits when nothing is under way, and holds flows likely to gain from what its write lets through", () => {
    // Five flows of a destroy, each calling for several more removals: the write of 'b' lets three operations
    // through, and each other flow expects a good share of what is to come.
    const waiting = [flow("a", 2, 8), flow("b", 3, 7), flow("c", 1, 9), flow("d", 2, 8)];
    expect(flowsToWriteNow(gathering(waiting))).toEqual(["b"]);
  });

  it("among flows with as many edits, writes the one expecting fewest more", () => {
    expect(flowsToWriteNow(gathering([flow("a", 2, 8), flow("b", 2, 3), flow("c", 2, 9)]))).toEqual(["b"]);
  });

  it("does not hold flows that would wait for nothing: among many flows each expecting a few, all are written together", () => {
    const waiting = Array.from({ length: 8 }, (_, index) => flow(`f${index}`, 1, 4));
    expect(flowsToWriteNow(gathering(waiting))).toEqual(waiting.map((w) => w.flowId));
    // One flow expecting most of what is to come is worth a wait even so.
    expect(flowsToWriteNow(gathering([...waiting, flow("big", 1, 100)]))).toEqual(waiting.map((w) => w.flowId));
  });

  it("where nothing says what is expected, holds the few flows that waiting edits share, not the many", () => {
    expect(flowsToWriteNow(gathering([flow("a", 6), flow("b", 2)]))).toEqual(["a"]);
    const many = Array.from({ length: 8 }, (_, index) => flow(`f${index}`, 1));
    expect(flowsToWriteNow(gathering(many))).toEqual(many.map((w) => w.flowId));
  });

  it("writes every flow once nothing suggests more is coming", () => {
    const waiting = [flow("a", 2), flow("b", 1, 5)];
    // Nothing arrived after the last round settled, and the engine stopped handing operations over.
    expect(flowsToWriteNow(gathering(waiting, { moreHandedOver: false, stillHandingOver: false }))).toEqual(["a", "b"]);
    // A flow still calling for removals keeps the hold while the engine is handing operations over.
    expect(flowsToWriteNow(gathering(waiting, { moreHandedOver: false, stillHandingOver: true }))).toEqual(["a"]);
    // Without such a flow, a settled round with nothing new behind it means the engine has nothing waiting.
    expect(flowsToWriteNow(gathering([flow("a", 2), flow("b", 1)], { moreHandedOver: false, stillHandingOver: true }))).toEqual(["a", "b"]);
  });

  it("writes nothing when nothing waits", () => {
    expect(flowsToWriteNow(gathering([]))).toEqual([]);
  });

  it("always writes something when no round is under way, so a hold never takes every slot of the engine", () => {
    for (const moreHandedOver of [true, false]) {
      for (const stillHandingOver of [true, false]) {
        for (const waiting of [[flow("a", 1, 3)], [flow("a", 2, 5), flow("b", 2, 5)], [flow("a", 1), flow("b", 1)]]) {
          expect(flowsToWriteNow(gathering(waiting, { moreHandedOver, stillHandingOver })).length).toBeGreaterThan(0);
        }
      }
    }
  });
});
