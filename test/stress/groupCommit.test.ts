// Protects group commit per parent flow (issue 5): 50 attachments on ONE flow, applied at once through the
// real host while another client edits that flow 20 times, all land, every outside edit is kept, no step
// fails, and the emulator's request log shows the provider wrote far fewer times than there are attachments.

import { startEmulator, type RunningEmulator } from "../../emulator";
import { findGraphViolations } from "../../provider/flowFormats/graph/flowGraph";
import type { Flow, FlowGraph } from "../../provider/flowModel";
import { findTrigger, isPlacedAfter, spliceIn, spliceOut } from "../../provider/flowFormats/graph/graphEdits";
import { canonicalGraph } from "../support/graphAssertions";
import { OutsideWriter } from "../../emulator/outsideWriter";
import { attachment, failedSteps, ORG_ID, OUTSIDE_CLIENT, PROVIDER_CLIENT, putsBy, SHARED_FLOW_NAME, stackFor, stressSeed } from "./stressSupport";

const PARENT = "Busy Inbound";
const ATTACHMENTS = 50;
const OUTSIDE_EDITS = 20;

let emulator: RunningEmulator;

beforeAll(async () => {
  // A little latency keeps each read-modify-write open long enough for the outside edits to collide with it.
  emulator = await startEmulator({ seed: stressSeed({ parentFlowNames: [PARENT] }), randomSeed: 11, latencyMs: 5 });
});
afterAll(() => emulator.close());

const markerId = (index: number) => `outside-marker-${index}`;

/** One outside edit: an ordinary prompt spliced in after the welcome prompt, away from where the calls go. */
function addMarker(flow: Flow, index: number): void {
  const edited = spliceIn(flow, { id: markerId(index), type: "playprompt", properties: { type: "playprompt", prompt: `Prompt.Outside${index}` } }, "welcome-prompt");
  flow.triggers = edited.triggers;
  flow.edges = edited.edges;
}

/** Until the provider has read the flow: on its own, or in a listing of flows (which carries whole flows). */
async function untilProviderReadsFlow(flowId: string): Promise<void> {
  const readByProvider = () =>
    emulator.requestLog.some((entry) => entry.clientId === PROVIDER_CLIENT.clientId && entry.method === "GET" && [`/api/v2/flows/${flowId}`, "/api/v2/flows"].includes(entry.path));
  while (!readByProvider()) await new Promise((resolve) => setTimeout(resolve, 2));
}

it("applies 50 concurrent attachments to one flow in a few coalesced writes, keeping 20 concurrent outside edits", async () => {
  const before = emulator.findFlowByName(ORG_ID, PARENT)!;
  const sharedFlowId = emulator.findFlowByName(ORG_ID, SHARED_FLOW_NAME)!.id;
  const outsider = await OutsideWriter.connect(emulator, OUTSIDE_CLIENT);
  const triggerIds = Array.from({ length: ATTACHMENTS }, (_, index) => `callAuth${index}`);
  const program = await Promise.all(
    triggerIds.map((triggerId) => attachment(triggerId, { parentFlowName: PARENT, sharedFlowName: SHARED_FLOW_NAME, triggerId, arguments: { callerPhone: "${Call.Ani}" } })),
  );
  const stack = stackFor(emulator.url, { parallelism: ATTACHMENTS });

  const outsideEdits = (async () => {
    await untilProviderReadsFlow(before.id);
    for (let index = 0; index < OUTSIDE_EDITS; index++) {
      await outsider.editFlow(before.id, (flow) => addMarker(flow, index));
    }
  })();
  const [up] = await Promise.all([stack.up(program), outsideEdits]);

  expect(failedSteps(up)).toEqual([]);
  expect(up.ok).toBe(true);
  expect(up.counts.create).toBe(ATTACHMENTS);

  const after = emulator.getFlow(ORG_ID, before.id)!;
  expect(findGraphViolations(after)).toEqual([]);
  const ids = after.triggers.map((trigger) => trigger.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const triggerId of triggerIds) {
    expect(findTrigger(after, triggerId)?.properties).toEqual({ type: "callsubflow", flowId: sharedFlowId, arguments: { callerPhone: "${Call.Ani}" } });
    expect({ triggerId, placedAfterStart: isPlacedAfter(after, triggerId, "start") }).toEqual({ triggerId, placedAfterStart: true });
  }
  const markers = Array.from({ length: OUTSIDE_EDITS }, (_, index) => markerId(index));
  expect(markers.filter((marker) => !findTrigger(after, marker))).toEqual([]);
  // Without the calls and the outside markers, the flow is exactly what it was: nothing else was touched.
  const bare = [...triggerIds, ...markers].reduce<FlowGraph>((graph, id) => spliceOut(graph, id), after);
  expect(canonicalGraph(bare)).toEqual(canonicalGraph(before));

  // Coalescing: every outside edit is its own PUT, the provider's 50 edits share a handful.
  const providerPuts = putsBy(emulator.requestLog, PROVIDER_CLIENT.clientId, before.id);
  const landedProviderPuts = providerPuts.filter((entry) => entry.status === 200);
  expect(putsBy(emulator.requestLog, OUTSIDE_CLIENT.clientId, before.id).filter((entry) => entry.status === 200)).toHaveLength(OUTSIDE_EDITS);
  expect(providerPuts.length).toBeLessThan(ATTACHMENTS / 5);
  expect(landedProviderPuts.length).toBeGreaterThanOrEqual(1);
  expect(after.version).toBe(before.version + OUTSIDE_EDITS + landedProviderPuts.length);
  // The outside writer really did write while the deployment was writing: some provider write was refused as stale, or
  // some outside write landed between two provider writes.
  const firstProviderPut = emulator.requestLog.indexOf(landedProviderPuts[0]);
  const lastProviderPut = emulator.requestLog.indexOf(landedProviderPuts[landedProviderPuts.length - 1]);
  const outsideWritesDuringDeployment = emulator.requestLog
    .slice(firstProviderPut, lastProviderPut)
    .filter((entry) => entry.method === "PUT" && entry.clientId === OUTSIDE_CLIENT.clientId && entry.status === 200).length;
  expect(providerPuts.some((entry) => entry.status === 409) || outsideWritesDuringDeployment > 0).toBe(true);
});
