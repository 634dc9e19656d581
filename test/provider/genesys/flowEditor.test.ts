// Protects group commit against the emulator over real HTTP with the real SDK: coalescing, isolation of a
// bad edit, 409 from another writer, verified writes, uncertain writes settled by re-reading, missing flows.

import { authenticationSharedFlow, inboundFlow, RunningEmulator } from "../../../emulator";
import { mapWithParallelism } from "../../../engineReplay/parallel";
import { ParentFlow } from "../../../provider/attachmentEdits";
import { isValidGraph } from "../../../provider/flowFormats/graph/flowGraph";
import { graphDocument } from "../../../provider/flowFormats/graph/graphFormat";
import { spliceIn, spliceOut } from "../../../provider/flowFormats/graph/graphEdits";
import { CALL_SUBFLOW_TYPE, Flow, FlowGraph, FlowTrigger } from "../../../provider/flowModel";
import { FlowNotFoundError, GenesysApiError, InvalidFlowChangeError } from "../../../provider/genesys/errors";
import { FlowEdit, FlowEditor } from "../../../provider/genesys/flowEditor";
import { FlowsApi } from "../../../provider/genesys/flowsApi";
import { createFlowStore } from "../../../provider/genesys/genesysClient";
import { createConnection, GenesysConnection } from "../../../provider/genesys/genesysConnection";
import { callsManagedBy } from "../../../provider/ownership";
import { apiRequests, devSettings, flowIdByName, useEmulator } from "./emulatorFixture";

const emulator = useEmulator();
const fastRetry = { minDelayMs: 1, maxDelayMs: 10 };

function editorFor(emu: RunningEmulator, options: { maxRounds?: number } = {}) {
  // A budget far above the default keeps these tests from waiting on it; the budget has its own tests.
  const connection = createConnection(devSettings(emu), { requestsPerMinute: 60_000, retry: { ...fastRetry, retries: 10 } });
  const flows = new FlowsApi(connection);
  return { connection, flows, editor: new FlowEditor(storeOf(connection, flows), { ...options, retry: fastRetry }) };
}

/** The flow store the editor reads and writes through; these flows are in the tutorial's format. */
function storeOf(connection: GenesysConnection, flows: FlowsApi) {
  return createFlowStore(connection, flows, {});
}

/** An edit of the graph of a flow in the tutorial's format. */
function onGraph<T>(change: (graph: FlowGraph) => { graph?: FlowGraph; result: T }): FlowEdit<T> {
  return (flow: ParentFlow) => {
    if (flow.document.format !== "graph") throw new Error("expected a flow in the tutorial's format");
    const { graph, result } = change(flow.document.graph);
    return { document: graph && graphDocument(graph), result };
  };
}

function callOf(emu: RunningEmulator, triggerId: string): FlowTrigger {
  return { id: triggerId, type: CALL_SUBFLOW_TYPE, properties: { type: CALL_SUBFLOW_TYPE, flowId: flowIdByName(emu, "Global Auth Subflow") } };
}

const addTrigger = (trigger: FlowTrigger): FlowEdit<string> => onGraph((flow) => ({ graph: spliceIn(flow, trigger), result: trigger.id }));

function storedSales(emu: RunningEmulator): Flow {
  return emu.getFlow("dev", flowIdByName(emu, "Sales Inbound"))!;
}

/** The stored flow holds each of these triggers exactly once, everything seeded is untouched, and the graph is valid. */
function expectHoldsOnce(flow: Flow, triggerIds: string[], seeded: Flow) {
  for (const triggerId of triggerIds) {
    expect(flow.triggers.filter((trigger) => trigger.id === triggerId)).toHaveLength(1);
  }
  for (const trigger of seeded.triggers) {
    expect(flow.triggers).toContainEqual(trigger);
  }
  expect(isValidGraph(flow, { flowId: flow.id })).toBe(true);
}

describe("FlowEditor.editFlow", () => {
  it("applies 20 concurrent edits of one flow in one GET and one PUT", async () => {
    const emu = emulator.current();
    const { editor } = editorFor(emu);
    const seeded = storedSales(emu);
    const triggerIds = Array.from({ length: 20 }, (_, index) => `auth-${index}`);
    emu.clearRequestLog();
    const outcomes = await Promise.all(triggerIds.map((id) => editor.editFlow(seeded.id, addTrigger(callOf(emu, id)))));
    expect(outcomes.map((outcome) => outcome.result)).toEqual(triggerIds);
    expect(outcomes.every((outcome) => outcome.wrote && outcome.flow.version === seeded.version + 1)).toBe(true);
    expect(apiRequests(emu).map((entry) => entry.method)).toEqual(["GET", "PUT"]);
    expectHoldsOnce(storedSales(emu), triggerIds, seeded);
  });

  it("gathers edits that trickle in a few milliseconds apart over two flows into one write per flow", async () => {
    const emu = emulator.current();
    const { editor } = editorFor(emu);
    const sales = storedSales(emu);
    const support = emu.getFlow("dev", flowIdByName(emu, "Support Inbound"))!;
    emu.clearRequestLog();
    // As the engine hands over operations: one every 3 ms, alternating between the flows.
    const outcomes: Promise<unknown>[] = [];
    for (let index = 0; index < 16; index++) {
      const flowId = index % 2 === 0 ? sales.id : support.id;
      outcomes.push(editor.editFlow(flowId, addTrigger(callOf(emu, `trickle-${index}`))));
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await Promise.all(outcomes);
    const puts = apiRequests(emu).filter((entry) => entry.method === "PUT").map((entry) => entry.path).sort();
    expect(puts).toEqual([`/api/v2/flows/${sales.id}`, `/api/v2/flows/${support.id}`].sort());
  });

  it("waits out a pause in a long stream of edits that would end a batch of a few: one write per flow", async () => {
    const emu = emulator.current();
    const connection = createConnection(devSettings(emu), { requestsPerMinute: 60_000, retry: { ...fastRetry, retries: 10 } });
    // The batch's clock moves only when it waits, 10 ms a wait; `waits` counts them.
    let nowMs = 0;
    let waits = 0;
    const editor = new FlowEditor(storeOf(connection, new FlowsApi(connection)), {
      retry: {
        ...fastRetry,
        now: () => nowMs,
        sleep: (ms) =>
          new Promise<void>((resolve) =>
            setImmediate(() => {
              nowMs += ms;
              waits++;
              resolve();
            }),
          ),
      },
    });
    const sales = storedSales(emu);
    const support = emu.getFlow("dev", flowIdByName(emu, "Support Inbound"))!;
    emu.clearRequestLog();
    const editBoth = (from: number, count: number) =>
      Array.from({ length: count }, (_, offset) => editor.editFlow(offset % 2 === 0 ? sales.id : support.id, addTrigger(callOf(emu, `stream-${from + offset}`))));
    const outcomes = editBoth(0, 40);
    // The gathering waits three times: its first wait sees the 40 come in, then 20 ms pass without an edit,
    // which would end a batch of a few edits (10 ms) but not one of 40.
    while (waits < 3) await new Promise((resolve) => setImmediate(resolve));
    outcomes.push(...editBoth(40, 10));
    await Promise.all(outcomes);
    expect(apiRequests(emu, "PUT")).toHaveLength(2);
    expectHoldsOnce(storedSales(emu), Array.from({ length: 25 }, (_, index) => `stream-${2 * index}`), sales);
  });

  it("keeps a round gathering while edits are announced (the engine's checks), so edits further apart than the window still share a write", async () => {
    const emu = emulator.current();
    const connection = createConnection(devSettings(emu), { requestsPerMinute: 60_000, retry: { ...fastRetry, retries: 10 } });
    // A wide window, so the machine's own pauses stay far inside it: announcements come every 20 ms, the
    // edits 500 ms apart, well beyond the window.
    const editor = new FlowEditor(storeOf(connection, new FlowsApi(connection)), { retry: fastRetry, batchWindowMs: 200, maxBatchWaitMs: 10_000 });
    const sales = storedSales(emu);
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    emu.clearRequestLog();
    const announced: Promise<unknown>[] = [];
    for (let index = 0; index < 3; index++) {
      announced.push(editor.editFlow(sales.id, addTrigger(callOf(emu, `announced-${index}`))));
      for (let tick = 0; tick < 25 && index < 2; tick++) {
        editor.expectEdit();
        await pause(20);
      }
    }
    await Promise.all(announced);
    expect(apiRequests(emu).map((entry) => entry.method)).toEqual(["GET", "PUT"]);

    // Without announcements the same spacing gives each edit a round of its own.
    emu.clearRequestLog();
    const unannounced: Promise<unknown>[] = [];
    for (let index = 0; index < 3; index++) {
      unannounced.push(editor.editFlow(sales.id, addTrigger(callOf(emu, `unannounced-${index}`))));
      if (index < 2) await pause(500);
    }
    await Promise.all(unannounced);
    expect(apiRequests(emu).filter((entry) => entry.method === "PUT")).toHaveLength(3);
  });

  it("reads the flows gathered together in one request once edits stop coming, and an edit that arrives during the read joins the write", async () => {
    const emu = emulator.current();
    // The read takes 300 ms at the server: long enough for an edit to arrive while it is out.
    emu.setFaults({ latencyMs: 300 });
    const connection = createConnection(devSettings(emu), { requestsPerMinute: 60_000 });
    // The gathering's quiet ends only when the test says so.
    const windowEnds: Array<() => void> = [];
    const sleep = (): Promise<void> => new Promise((resolve) => windowEnds.push(resolve));
    const editor = new FlowEditor(storeOf(connection, new FlowsApi(connection)), { retry: { ...fastRetry, sleep } });
    const sales = storedSales(emu);
    const support = emu.getFlow("dev", flowIdByName(emu, "Support Inbound"))!;
    emu.clearRequestLog();
    const edits = [editor.editFlow(sales.id, addTrigger(callOf(emu, "early-sales"))), editor.editFlow(support.id, addTrigger(callOf(emu, "early-support")))];
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(emu.requestLog).toEqual([]);
    windowEnds.splice(0).forEach((end) => end());
    for (let polls = 0; polls < 400 && apiRequests(emu).length === 0; polls++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    edits.push(editor.editFlow(sales.id, addTrigger(callOf(emu, "late-sales"))));
    let settled = false;
    const all = Promise.all(edits).finally(() => (settled = true));
    while (!settled) {
      windowEnds.splice(0).forEach((end) => end());
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await all;
    const [read, ...writes] = apiRequests(emu);
    expect([read.method, read.path, String(read.query.id).split(",").sort()]).toEqual(["GET", "/api/v2/flows", [sales.id, support.id].sort()]);
    expect(writes.map((entry) => `${entry.method} ${entry.path}`).sort()).toEqual([`PUT /api/v2/flows/${sales.id}`, `PUT /api/v2/flows/${support.id}`].sort());
    expectHoldsOnce(storedSales(emu), ["early-sales", "late-sales"], sales);
  });

  it("lets each edit see the graph after the edits before it", async () => {
    const emu = emulator.current();
    const { editor } = editorFor(emu);
    const salesId = flowIdByName(emu, "Sales Inbound");
    const seen: number[] = [];
    const counting: FlowEdit<void> = onGraph((flow) => {
      seen.push(flow.triggers.length);
      return { graph: spliceIn(flow, callOf(emu, `t-${seen.length}`)), result: undefined };
    });
    await Promise.all([editor.editFlow(salesId, counting), editor.editFlow(salesId, counting), editor.editFlow(salesId, counting)]);
    expect(seen).toEqual([3, 4, 5]);
  });

  it("fails a throwing edit and an edit that breaks the graph alone; the others land", async () => {
    const emu = emulator.current();
    const { editor } = editorFor(emu);
    const seeded = storedSales(emu);
    const throwing: FlowEdit<string> = () => {
      throw new Error("trigger 'x' exists with other properties");
    };
    const breaking: FlowEdit<string> = onGraph((flow) => ({ graph: { triggers: flow.triggers, edges: [...flow.edges, { fromId: "end", toId: "start", conditions: [] }] }, result: "cycle" }));
    const outcomes = await Promise.allSettled([
      editor.editFlow(seeded.id, addTrigger(callOf(emu, "first"))),
      editor.editFlow(seeded.id, throwing),
      editor.editFlow(seeded.id, breaking),
      editor.editFlow(seeded.id, addTrigger(callOf(emu, "last"))),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toContain("exists with other properties");
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(InvalidFlowChangeError);
    expect(apiRequests(emu, "PUT")).toHaveLength(1);
    expectHoldsOnce(storedSales(emu), ["first", "last"], seeded);
  });

  it("writes each edit alone when the server refuses the combined graph, so only the culprit fails", async () => {
    const emu = emulator.current();
    const { editor } = editorFor(emu);
    const seeded = storedSales(emu);
    // Locally valid, but the server knows no flow 'no-such-flow' and answers 400.
    const ghost: FlowTrigger = { id: "ghost", type: CALL_SUBFLOW_TYPE, properties: { type: CALL_SUBFLOW_TYPE, flowId: "no-such-flow" } };
    const outcomes = await Promise.allSettled([
      editor.editFlow(seeded.id, addTrigger(callOf(emu, "good-1"))),
      editor.editFlow(seeded.id, addTrigger(ghost)),
      editor.editFlow(seeded.id, addTrigger(callOf(emu, "good-2"))),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ status: 400 });
    const stored = storedSales(emu);
    expectHoldsOnce(stored, ["good-1", "good-2"], seeded);
    expect(stored.triggers.some((trigger) => trigger.id === "ghost")).toBe(false);
  });

  it("re-reads and re-applies every pending edit after a 409 from another writer", async () => {
    const emu = emulator.current();
    // Each request waits 300 ms at the server, so the outside write sent 100 ms after our GET lands
    // between our GET and our PUT.
    emu.setFaults({ latencyMs: 300 });
    const { editor, flows } = editorFor(emu);
    const outside = new FlowsApi(createConnection(devSettings(emu)));
    const seeded = storedSales(emu);
    // Log both clients in before the race, so the first request of the edits is their GET.
    await Promise.all([outside.getFlow(seeded.id), flows.getFlow(flowIdByName(emu, "Billing Inbound"))]);
    emu.clearRequestLog();
    const edits = Promise.all(["a", "b", "c"].map((id) => editor.editFlow(seeded.id, addTrigger(callOf(emu, id)))));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const outsideWrite = outside.putFlow({ ...seeded, description: "edited in Architect meanwhile" });
    const [outcomes] = await Promise.all([edits, outsideWrite]);
    expect(outcomes.every((outcome) => outcome.wrote)).toBe(true);
    expect(apiRequests(emu, "PUT").map((entry) => entry.status)).toEqual([200, 409, 200]);
    const stored = storedSales(emu);
    expectHoldsOnce(stored, ["a", "b", "c"], seeded);
    expect(stored.description).toBe("edited in Architect meanwhile");
    expect(stored.version).toBe(seeded.version + 2);
  });

  it("does not write again when a write landed but its answer was lost", async () => {
    const emu = emulator.current();
    emu.setFaults({ droppedWriteRate: 1 });
    const { editor } = editorFor(emu);
    const seeded = storedSales(emu);
    emu.clearRequestLog();
    const outcome = await editor.editFlow(seeded.id, addTrigger(callOf(emu, "once")));
    expect(outcome).toMatchObject({ wrote: true, result: "once" });
    expect(outcome.flow.version).toBe(seeded.version + 1);
    expect(apiRequests(emu, "PUT").map((entry) => entry.connectionDropped)).toEqual([true]);
    expectHoldsOnce(storedSales(emu), ["once"], seeded);
  });

  it("writes again when a write failed with a 5xx and did not land", async () => {
    const emu = emulator.current();
    emu.setFaults({ errorRate: 0.4 });
    const { editor } = editorFor(emu);
    const seeded = storedSales(emu);
    const triggerIds = Array.from({ length: 12 }, (_, index) => `retry-${index}`);
    // Sequential, so that many PUTs are made and some meet the injected faults.
    for (const id of triggerIds) {
      await editor.editFlow(seeded.id, addTrigger(callOf(emu, id)));
    }
    const puts = apiRequests(emu, "PUT");
    expect(puts.some((entry) => entry.status >= 500)).toBe(true);
    expect(puts.filter((entry) => entry.status === 200)).toHaveLength(triggerIds.length);
    const stored = storedSales(emu);
    expectHoldsOnce(stored, triggerIds, seeded);
    expect(stored.version).toBe(seeded.version + triggerIds.length);
  });

  it("survives token expiry in the middle of a run", async () => {
    const emu = emulator.current();
    const { editor, connection } = editorFor(emu);
    const seeded = storedSales(emu);
    await editor.editFlow(seeded.id, addTrigger(callOf(emu, "before")));
    emu.expireAllTokens();
    await editor.editFlow(seeded.id, addTrigger(callOf(emu, "after")));
    expectHoldsOnce(storedSales(emu), ["before", "after"], seeded);
    expect(connection.counters()).toMatchObject({ logins: 2, reloginsAfter401: 1 });
  });

  it("writes nothing when no edit changes the graph", async () => {
    const emu = emulator.current();
    const { editor } = editorFor(emu);
    const seeded = storedSales(emu);
    const outcomes = await Promise.all([
      editor.editFlow(seeded.id, onGraph((flow) => ({ result: flow.triggers.length }))),
      editor.editFlow(seeded.id, onGraph((flow) => ({ graph: spliceOut(flow, "not-there"), result: "absent" }))),
    ]);
    expect(outcomes.map((outcome) => [outcome.result, outcome.wrote])).toEqual([
      [3, false],
      ["absent", false],
    ]);
    expect(apiRequests(emu, "PUT")).toEqual([]);
    expect(storedSales(emu).version).toBe(seeded.version);
  });

  it("fails every edit of a missing flow with FlowNotFoundError", async () => {
    const emu = emulator.current();
    const { editor } = editorFor(emu);
    const outcomes = await Promise.allSettled(["x", "y"].map((id) => editor.editFlow("no-such-flow", addTrigger(callOf(emu, id)))));
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected");
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(FlowNotFoundError);
    }
  });

  it("gives up after maxRounds of conflicts with the last error, keeping the outside writes", async () => {
    const emu = emulator.current();
    // One request at a time on this connection: the outside write the edit starts is sent (and answered)
    // before the editor's PUT, every round, so every PUT of the editor meets a 409.
    const connection = createConnection(devSettings(emu), { maxConcurrentRequests: 1 });
    const flows = new FlowsApi(connection);
    const editor = new FlowEditor(storeOf(connection, flows), { maxRounds: 2, retry: fastRetry });
    const seeded = storedSales(emu);
    const outsideWrites: Promise<Flow>[] = [];
    const contested: FlowEdit<string> = onGraph((flow) => {
      // The version the editor's round just read: the outside write lands first and makes its PUT stale.
      outsideWrites.push(flows.putFlow({ ...seeded, version: storedSales(emu).version, description: `outside write ${outsideWrites.length + 1}` }));
      return { graph: spliceIn(flow, callOf(emu, "contested")), result: "contested" };
    });
    emu.clearRequestLog();
    const error = await editor.editFlow(seeded.id, contested).then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    await Promise.all(outsideWrites);
    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error).toMatchObject({ status: 409 });
    expect(apiRequests(emu, "PUT").map((entry) => entry.status)).toEqual([200, 409, 200, 409]);
    const stored = storedSales(emu);
    expect(stored.triggers.some((trigger) => trigger.id === "contested")).toBe(false);
    expect(stored.description).toBe("outside write 2");
  });
});

describe("reads beside the editor (the FlowsApi the editor writes through)", () => {
  it("shares reads so N reads of M flows asked for together cost one `?id=` request", async () => {
    const emu = emulator.current();
    const { flows } = editorFor(emu);
    const ids = emu.flows("dev").map((flow) => flow.id);
    emu.clearRequestLog();
    const reads = await Promise.all(Array.from({ length: 5 }, () => ids.map((id) => flows.getFlow(id))).flat());
    expect(reads.map((flow) => flow?.id)).toEqual(Array.from({ length: 5 }, () => ids).flat());
    expect(apiRequests(emu, "GET").map((entry) => [entry.path, String(entry.query.id).split(",").sort()])).toEqual([["/api/v2/flows", [...ids].sort()]]);
    // Reused within the TTL, and each caller has its own copy.
    const again = await flows.getFlow(ids[0]);
    expect(apiRequests(emu, "GET")).toHaveLength(1);
    again!.triggers.push({ id: "local-only", type: "x", properties: {} });
    expect((await flows.getFlow(ids[0]))!.triggers.some((trigger) => trigger.id === "local-only")).toBe(false);
  });

  it("does not serve a cached read after this process wrote the flow", async () => {
    const emu = emulator.current();
    const { editor, flows } = editorFor(emu);
    const salesId = flowIdByName(emu, "Sales Inbound");
    const before = await flows.getFlow(salesId);
    await editor.editFlow(salesId, addTrigger(callOf(emu, "new")));
    const after = await flows.getFlow(salesId);
    expect(after!.version).toBe(before!.version + 1);
    expect(after!.triggers.some((trigger) => trigger.id === "new")).toBe(true);
  });
});

describe("removals handed over the way the engine's destroy does: at most 8 at a time, the next as each finishes", () => {
  const FLOWS = 5;
  const CALLS_PER_FLOW = 10;
  const STACK = "project/stack";
  const destroyOrg = useEmulator({
    seed: {
      orgs: [
        {
          id: "dev",
          clients: [{ clientId: "dev-client", clientSecret: "dev-secret" }],
          flows: [authenticationSharedFlow(), ...Array.from({ length: FLOWS }, (_, index) => inboundFlow({ name: `Inbound ${index}`, queue: "Q", prompt: "Prompt.Welcome" }))],
        },
      ],
    },
  });

  /** Each flow calls the shared flow CALLS_PER_FLOW times, every call marked as the stack's: what its state holds. */
  async function wiredOrg(emu: RunningEmulator): Promise<Array<{ flowId: string; triggerId: string }>> {
    const { editor } = editorFor(emu);
    const calls = emu.flows("dev").filter((flow) => flow.type === "inboundcall").flatMap((flow) => Array.from({ length: CALLS_PER_FLOW }, (_, index) => ({ flowId: flow.id, triggerId: `call-${index}` })));
    await Promise.all(
      calls.map(({ flowId, triggerId }) => {
        const call = callOf(emu, triggerId);
        return editor.editFlow(flowId, addTrigger({ ...call, properties: { ...call.properties, managedBy: STACK } }));
      }),
    );
    return calls;
  }

  /** The engine's order of deletions is its own (a set's iteration order): here a fixed shuffle, by seed. */
  function shuffled<T>(items: readonly T[], seed: number): T[] {
    const result = [...items];
    let state = seed;
    for (let index = result.length - 1; index > 0; index--) {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      const other = state % (index + 1);
      [result[index], result[other]] = [result[other], result[index]];
    }
    return result;
  }

  it.each([
    ["round-robin over the flows", (calls: Array<{ flowId: string }>) => [...calls].sort((a, b) => calls.indexOf(a) % CALLS_PER_FLOW - calls.indexOf(b) % CALLS_PER_FLOW)],
    ["shuffled (seed 7)", (calls: Array<{ flowId: string }>) => shuffled(calls, 7)],
    ["shuffled (seed 2024)", (calls: Array<{ flowId: string }>) => shuffled(calls, 2024)],
  ])("removes 50 calls over 5 flows reading each flow once and writing each flow a few times, in any order: %s", async (_order, order) => {
    const emu = destroyOrg.current();
    const calls = await wiredOrg(emu);
    // A new command: a client of its own, which has read nothing yet.
    const { editor } = editorFor(emu);
    emu.clearRequestLog();
    const removals = order(calls) as typeof calls;
    await mapWithParallelism(removals, 8, ({ flowId, triggerId }) =>
      editor.editFlow(
        flowId,
        onGraph((flow) => ({ graph: spliceOut(flow, triggerId), result: undefined })),
        { siblings: { key: triggerId, keysIn: (flow) => callsManagedBy(flow.document, STACK) } },
      ),
    );
    for (const flow of emu.flows("dev").filter((flow) => flow.type === "inboundcall")) expect(callsManagedBy(graphDocument(flow), STACK)).toEqual([]);
    const flowsRead = apiRequests(emu, "GET").flatMap((entry) => (entry.query.id === undefined ? [entry.path] : String(entry.query.id).split(",")));
    expect(new Set(flowsRead).size).toBe(flowsRead.length);
    // A write per flow for every removal in flight would be about 30: the flows expecting more removals wait
    // while the fullest is written, and gather what its write lets through.
    expect(apiRequests(emu, "PUT").length).toBeLessThanOrEqual(22);
  });
});
