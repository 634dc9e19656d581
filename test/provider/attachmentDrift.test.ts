// Protects drift detection for `diff`: a live trigger as declared shows no drift, and each kind of change
// made in the org (removed, properties changed, moved) is found and described in one readable line.
import { AttachmentDrift, describeDrift, desiredCall, findDrift as findDriftInDocument, hasDrift } from "../../provider/attachmentDrift";
import { DesiredCall } from "../../provider/flowFormats/flowFormat";
import { callSubflowTrigger, graphDocument } from "../../provider/flowFormats/graph/graphFormat";
import { findGraphViolations } from "../../provider/flowFormats/graph/flowGraph";
import { FlowEdge, FlowGraph, FlowTrigger } from "../../provider/flowModel";
import { moveTrigger, replaceTriggerProperties, spliceIn, spliceOut } from "../../provider/flowFormats/graph/graphEdits";

const edge = (fromId: string, toId: string): FlowEdge => ({ fromId, toId, conditions: [] });
const prompt = (id: string): FlowTrigger => ({ id, type: "prompt", properties: { type: "prompt" } });

const desired: DesiredCall = {
  triggerId: "callGlobalAuth",
  sharedFlow: { id: "shared-auth", name: "Global Auth" },
  arguments: { callerPhone: "${Call.Ani}" },
  returnVariables: { "Flow.isAuth": "isAuthenticated" },
  after: "start",
};
/** Drift in the tutorial's format, where these graphs are. */
const findDrift = (graph: FlowGraph, wanted: DesiredCall) => findDriftInDocument(graphDocument(graph), wanted);
const parent: FlowGraph = { triggers: [prompt("playGreeting")], edges: [edge("start", "playGreeting"), edge("playGreeting", "end")] };
const attached = spliceIn(parent, callSubflowTrigger(desired), desired.after);
const context = { resourceName: "sales-auth", parentFlowName: "Sales Inbound", triggerId: desired.triggerId };

describe("callSubflowTrigger", () => {
  it("builds the callsubflow trigger of the declaration", () => {
    expect(callSubflowTrigger(desired)).toEqual({
      id: "callGlobalAuth",
      type: "callsubflow",
      properties: { type: "callsubflow", flowId: "shared-auth", arguments: { callerPhone: "${Call.Ani}" }, returnVariables: { "Flow.isAuth": "isAuthenticated" } },
    });
  });

  it("leaves out maps that are not declared, and copies those that are", () => {
    const trigger = callSubflowTrigger({ ...desired, returnVariables: undefined });
    expect(Object.keys(trigger.properties)).toEqual(["type", "flowId", "arguments"]);
    expect(trigger.properties.arguments).not.toBe(desired.arguments);
  });
});

describe("desiredCall", () => {
  it("takes the call from the inputs and the shared flow they resolved to, leaving empty maps out", () => {
    const inputs = { parentFlowName: "Sales Inbound", sharedFlowName: "Global Auth", triggerId: "callGlobalAuth", after: "start", arguments: {}, returnVariables: { "Flow.isAuth": "isAuthenticated" }, managedBy: "p/dev" };
    expect(desiredCall(inputs, { id: "shared-auth", name: "Global Auth" })).toEqual({
      triggerId: "callGlobalAuth",
      after: "start",
      sharedFlow: { id: "shared-auth", name: "Global Auth" },
      returnVariables: { "Flow.isAuth": "isAuthenticated" },
      managedBy: "p/dev",
    });
  });
});

describe("findDrift", () => {
  it("finds none when the live trigger is as declared, even with keys the server added", () => {
    expect(findDrift(attached, desired)).toEqual({ missing: false, changedProperties: [], moved: false, declaredAfter: "start" });
    const decorated = replaceTriggerProperties(attached, desired.triggerId, { ...callSubflowTrigger(desired).properties, flowName: "Global Auth", flowVersion: "3.0" });
    expect(hasDrift(findDrift(decorated, desired))).toBe(false);
  });

  it("treats an absent map and an empty one alike", () => {
    const bare: DesiredCall = { ...desired, arguments: undefined, returnVariables: undefined };
    const withEmptyMaps = replaceTriggerProperties(spliceIn(parent, callSubflowTrigger(bare)), bare.triggerId, { type: "callsubflow", flowId: "shared-auth", arguments: {}, returnVariables: {} });
    expect(hasDrift(findDrift(withEmptyMaps, bare))).toBe(false);
    expect(hasDrift(findDrift(spliceIn(parent, callSubflowTrigger(bare)), { ...bare, arguments: {} }))).toBe(false);
  });

  it("finds a trigger removed in the org", () => {
    const drift = findDrift(spliceOut(attached, desired.triggerId), desired);
    expect(drift).toEqual({ missing: true });
    expect(hasDrift(drift)).toBe(true);
  });

  it("names each changed, added and removed entry, and a changed flowId and type", () => {
    const edited = replaceTriggerProperties(attached, desired.triggerId, {
      type: "callsubflow",
      flowId: "shared-other",
      arguments: { callerPhone: "${Call.Dnis}", language: "en-US" },
    });
    expect(findDrift(edited, desired)).toEqual({
      missing: false,
      changedProperties: ["flowId", "arguments.callerPhone", "arguments.language", 'returnVariables["Flow.isAuth"]'],
      moved: false,
      declaredAfter: "start",
    });
    const retyped: FlowGraph = { ...attached, triggers: attached.triggers.map((t) => (t.id === desired.triggerId ? { ...t, type: "transfer" } : t)) };
    expect(findDrift(retyped, desired)).toMatchObject({ changedProperties: ["type"] });
  });

  it("reports a whole map that the server sent as something other than an object", () => {
    const odd = replaceTriggerProperties(attached, desired.triggerId, { ...callSubflowTrigger(desired).properties, arguments: ["${Call.Ani}"] });
    expect(findDrift(odd, desired)).toMatchObject({ changedProperties: ["arguments"] });
  });

  it("finds a moved trigger and where it now is", () => {
    const moved = moveTrigger(attached, desired.triggerId, "playGreeting");
    expect(findDrift(moved, desired)).toEqual({ missing: false, changedProperties: [], moved: true, placedAfter: "playGreeting", declaredAfter: "start" });
  });

  it("does not count a trigger pushed down by a later attachment after the same node as moved", () => {
    const stacked = spliceIn(attached, callSubflowTrigger({ ...desired, triggerId: "callQueueRouting" }), "start");
    expect(findDrift(stacked, desired)).toMatchObject({ moved: false });
  });

  it("counts a trigger with a second way in as moved, with no single node it follows", () => {
    const branched: FlowGraph = { triggers: [...attached.triggers, prompt("menu")], edges: [...attached.edges, edge("start", "menu"), edge("menu", desired.triggerId)] };
    expect(findGraphViolations(branched)).toEqual([]);
    const drift = findDrift(branched, desired);
    expect(drift).toEqual({ missing: false, changedProperties: [], moved: true, declaredAfter: "start" });
  });
});

describe("describeDrift", () => {
  it.each<{ what: string; drift: AttachmentDrift; line: string }>([
    {
      what: "a removed trigger",
      drift: { missing: true },
      line: "drift in 'sales-auth': trigger 'callGlobalAuth' in flow 'Sales Inbound' was removed in the org",
    },
    {
      what: "changed properties and a move",
      drift: { missing: false, changedProperties: ["arguments.callerPhone"], moved: true, placedAfter: "playGreeting", declaredAfter: "start" },
      line: "drift in 'sales-auth': trigger 'callGlobalAuth' in flow 'Sales Inbound': arguments.callerPhone changed, moved (now after 'playGreeting', declared after 'start')",
    },
    {
      what: "several changed properties",
      drift: { missing: false, changedProperties: ["flowId", "arguments.callerPhone"], moved: false, declaredAfter: "start" },
      line: "drift in 'sales-auth': trigger 'callGlobalAuth' in flow 'Sales Inbound': flowId, arguments.callerPhone changed",
    },
    {
      what: "a move with no single predecessor",
      drift: { missing: false, changedProperties: [], moved: true, declaredAfter: "playGreeting" },
      line: "drift in 'sales-auth': trigger 'callGlobalAuth' in flow 'Sales Inbound': moved (no longer after a single node, declared after 'playGreeting')",
    },
    {
      what: "no drift",
      drift: { missing: false, changedProperties: [], moved: false, declaredAfter: "start" },
      line: "no drift in 'sales-auth': trigger 'callGlobalAuth' in flow 'Sales Inbound' is as declared",
    },
  ])("describes $what in one line", ({ drift, line }) => {
    expect(describeDrift(drift, context)).toBe(line);
  });

  it("leaves the flow out when its name is not known, and keeps names from the org on one line", () => {
    expect(describeDrift({ missing: true }, { resourceName: "sales-auth", triggerId: "callGlobalAuth" })).toBe(
      "drift in 'sales-auth': trigger 'callGlobalAuth' was removed in the org",
    );
    const line = describeDrift({ missing: true }, { ...context, parentFlowName: "Sales\nINFO: all fine" });
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toContain("Sales\\nINFO: all fine");
  });
});
