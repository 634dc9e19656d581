// Protects client and service from drifting apart on what a valid flow graph is: over generated graphs
// and generated edits, valid and invalid, the provider's pre-write check and the emulator's answer to
// the PUT must agree, except where the provider cannot know what only the service knows.

import fc from "fast-check";
import { startEmulator, RunningEmulator, type SeedFlow } from "../../emulator";
import { findGraphViolations } from "../../provider/flowFormats/graph/flowGraph";
import { moveTrigger, spliceIn, spliceOut } from "../../provider/flowFormats/graph/graphEdits";
import type { FlowGraph, FlowTrigger } from "../../wire/flowDocument";
import { edge, GENERATED_CALLED_FLOW_IDS, graphArb, triggerIdArb } from "../support/flowGraphArbitraries";
import { loggedInSdk, SdkConnection } from "../../emulator/sdkClient";

const RUNS = 250;
const ORG_ID = "agreement";
const CLIENT = { clientId: "agreement-client", clientSecret: "agreement-secret" };
/** The flow every generated graph is written to. */
const PARENT_ID = "parent-inbound";
/** Call targets that only the org can judge: a flow that is not a common module, and no flow at all. */
const INBOUND_FLOW_ID = "other-inbound";
const MISSING_FLOW_ID = "no-such-flow";
/** The emulator's rules that need the org's flows, which the provider's graph check is not given. */
const ORG_ONLY_RULES = ["subflow-flow-missing", "subflow-not-common-module"];

let emulator: RunningEmulator;
let connection: SdkConnection;

beforeAll(async () => {
  const emptyFlow = (id: string, type: string): SeedFlow => ({ id, name: id, type, edges: [{ fromId: "start", toId: "end", conditions: [] }] });
  emulator = await startEmulator({
    randomSeed: 11,
    seed: {
      orgs: [
        {
          id: ORG_ID,
          clients: [CLIENT],
          flows: [...GENERATED_CALLED_FLOW_IDS.map((id) => emptyFlow(id, "commonmodule")), emptyFlow(PARENT_ID, "inboundcall"), emptyFlow(INBOUND_FLOW_ID, "inboundcall")],
        },
      ],
    },
  });
  connection = await loggedInSdk(emulator, { ...CLIENT, extended: true });
});

afterAll(() => emulator.close());

const call = (id: string, flowId: string): FlowTrigger => ({ id, type: "callsubflow", properties: { type: "callsubflow", flowId } });
const prompt = (id: string): FlowTrigger => ({ id, type: "prompt", properties: { type: "prompt" } });

/** The flow a new or retargeted call names: as often one of the org's common modules as the flow itself or one only the org can judge. */
const calledFlowIdArb = fc.oneof(fc.constantFrom(...GENERATED_CALLED_FLOW_IDS), fc.constantFrom(PARENT_ID, INBOUND_FLOW_ID, MISSING_FLOW_ID));

/**
 * One edit of a valid graph. The provider's own edits (splice in, splice out, move) keep it valid; the
 * raw ones (add or drop an edge, add or rename a trigger, retarget a call) may break any rule or none.
 */
function editedGraphArb(graph: FlowGraph): fc.Arbitrary<FlowGraph> {
  const triggerIds = graph.triggers.map((trigger) => trigger.id);
  const nodeArb = fc.constantFrom("start", "end", "ghost", ...triggerIds);
  const edits: Array<fc.Arbitrary<FlowGraph>> = [
    fc.constant(graph),
    fc
      .record({ id: triggerIdArb.filter((id) => !triggerIds.includes(id)), flowId: calledFlowIdArb, after: fc.constantFrom("start", ...triggerIds) })
      .map(({ id, flowId, after }) => spliceIn(graph, call(id, flowId), after)),
    fc.record({ from: nodeArb, to: nodeArb }).map(({ from, to }) => ({ ...graph, edges: [...graph.edges, edge(from, to)] })),
    fc
      .record({ id: fc.oneof(triggerIdArb, fc.constantFrom("start", "end", ...triggerIds)), wired: fc.boolean() })
      .map(({ id, wired }) => ({ triggers: [...graph.triggers, prompt(id)], edges: wired ? [...graph.edges, edge("start", id), edge(id, "end")] : graph.edges })),
  ];
  if (graph.edges.length > 0) {
    edits.push(fc.nat({ max: graph.edges.length - 1 }).map((index) => ({ ...graph, edges: graph.edges.filter((_, at) => at !== index) })));
  }
  if (triggerIds.length > 0) {
    const triggerIdOfGraph = fc.constantFrom(...triggerIds);
    edits.push(
      triggerIdOfGraph.map((id) => spliceOut(graph, id)),
      triggerIdOfGraph.chain((id) => fc.constantFrom("start", ...triggerIds.filter((other) => other !== id)).map((after) => moveTrigger(graph, id, after))),
      fc
        .record({ id: triggerIdOfGraph, renamed: fc.oneof(triggerIdArb, fc.constantFrom("start", "end", ...triggerIds)) })
        .map(({ id, renamed }) => ({ ...graph, triggers: graph.triggers.map((trigger) => (trigger.id === id ? { ...trigger, id: renamed } : trigger)) })),
      fc
        .record({ id: triggerIdOfGraph, flowId: calledFlowIdArb })
        .map(({ id, flowId }) => ({ ...graph, triggers: graph.triggers.map((trigger) => (trigger.id === id ? call(id, flowId) : trigger)) })),
    );
  }
  return fc.oneof(...edits);
}

/** The emulator's verdict on writing `graph` to the parent flow: accepted, or refused naming the rules. */
async function emulatorVerdict(graph: FlowGraph): Promise<{ accepted: boolean; rules: string[] }> {
  const before = emulator.getFlow(ORG_ID, PARENT_ID)!;
  const answer = await connection.architect.putFlow(PARENT_ID, { ...before, ...graph }).catch((failure: unknown) => failure as { status: number; body: any });
  if (answer.status === 200) {
    expect(emulator.getFlow(ORG_ID, PARENT_ID)).toMatchObject({ version: before.version + 1, triggers: graph.triggers, edges: graph.edges });
    return { accepted: true, rules: [] };
  }
  // A refused write is a graph-rule 400 (never a shape error: the edits keep the document well-formed) and changes nothing.
  expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 400, code: "flow.graph.invalid" });
  expect(emulator.getFlow(ORG_ID, PARENT_ID)).toEqual(before);
  return { accepted: false, rules: answer.body.errors.map((error: { code: string }) => error.code.replace(/^flow\.graph\./, "")) };
}

/** Whether the graph calls a flow that only the org can judge (not itself, not one of the generated common modules). */
function callsFlowOnlyTheOrgCanJudge(graph: FlowGraph): boolean {
  return graph.triggers.some((trigger) => trigger.type === "callsubflow" && (trigger.properties.flowId === INBOUND_FLOW_ID || trigger.properties.flowId === MISSING_FLOW_ID));
}

describe("the provider's pre-write check and the emulator", () => {
  it("agree on which generated graphs and edits are valid", async () => {
    const outcomes = { bothAccept: 0, bothRefuse: 0, onlyTheOrgCanJudge: 0 };
    await fc.assert(
      fc.asyncProperty(graphArb.chain(editedGraphArb), async (graph) => {
        // Exactly the check the provider runs on every edited graph before it writes.
        const providerAccepts = findGraphViolations(graph, { flowId: PARENT_ID }).length === 0;
        const verdict = await emulatorVerdict(graph);
        if (callsFlowOnlyTheOrgCanJudge(graph)) {
          // Where they may differ: the provider's graph check is not told which flows the org has nor
          // their types (it sees one flow's graph), so a call of a missing flow or of a flow that is not
          // a common module passes it; the service refuses it, naming one of the rules that need the org.
          expect(verdict.accepted).toBe(false);
          expect(verdict.rules.filter((rule) => ORG_ONLY_RULES.includes(rule))).not.toEqual([]);
          outcomes.onlyTheOrgCanJudge += 1;
        } else {
          expect(verdict.accepted).toBe(providerAccepts);
          outcomes[providerAccepts ? "bothAccept" : "bothRefuse"] += 1;
        }
      }),
      { numRuns: RUNS },
    );
    // Both verdicts, and the excluded case, must be exercised for the agreement to mean anything.
    expect(outcomes.bothAccept).toBeGreaterThan(RUNS / 10);
    expect(outcomes.bothRefuse).toBeGreaterThan(RUNS / 10);
    expect(outcomes.onlyTheOrgCanJudge).toBeGreaterThan(0);
  });
});
