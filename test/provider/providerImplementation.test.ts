// Protects every lifecycle path of SubflowAttachment against the emulator, over real HTTP with the real
// SDK: create (empty and branching graphs), adopt, refuse, update, move, replace, drift in diff, refresh,
// idempotent delete, variable names checked before any write, 409 from another writer, token expiry.
// After each operation the whole parent graph is checked, not only the attachment.

import { startEmulator, RunningEmulator } from "../../emulator";
import type { Flow } from "../../provider/flowModel";
import type { AttachmentOutputs } from "../../provider/attachmentOutputs";
import type * as Implementation from "../../provider/providerImplementation";
import { expectAttached, expectSameGraph } from "../support/graphAssertions";
import { OutsideWriter } from "../../emulator/outsideWriter";

let emulator: RunningEmulator;
let outsider: OutsideWriter;

/** The implementation as a fresh provider process would load it: no reads cached from an earlier command. */
async function freshProvider(): Promise<typeof Implementation> {
  let implementation!: typeof Implementation;
  jest.isolateModules(() => {
    implementation = require("../../provider/providerImplementation");
  });
  const config: Record<string, string> = {
    "genesys:apiUrl": emulator.url,
    "genesys:clientId": "dev-client",
    "genesys:clientSecret": "dev-secret",
  };
  await implementation.configure({ config: { get: (key: string) => config[key], require: (key: string) => config[key] } });
  return implementation;
}

const devFlow = (name: string): Flow => emulator.findFlowByName("dev", name)!;
const writesTo = (flowId: string) => emulator.requestLog.filter((entry) => entry.method === "PUT" && entry.path === `/api/v2/flows/${flowId}`);

/** Runs `check` then `create`, as `pulumi up` does for a new resource. */
async function createAttachment(news: Record<string, unknown>): Promise<{ id: string; outs: AttachmentOutputs }> {
  const provider = await freshProvider();
  const checked = await provider.check({}, news);
  expect(checked.failures).toEqual([]);
  const { id, outs } = await provider.create(checked.inputs);
  return { id, outs: outs! };
}

/** Runs `check` then `diff`, as `pulumi preview` does for an existing resource, capturing what diff prints. */
async function previewAttachment(olds: AttachmentOutputs, news: Record<string, unknown>) {
  const provider = await freshProvider();
  const checked = await provider.check(olds, news);
  const printed: string[] = [];
  const spy = jest.spyOn(console, "error").mockImplementation((line: string) => void printed.push(line));
  try {
    return { diff: await provider.diff("id", olds, checked.inputs), printed, inputs: checked.inputs };
  } finally {
    spy.mockRestore();
  }
}

const auth = { sharedFlowName: "Global Auth Subflow", arguments: { callerPhone: "${Call.Ani}" }, returnVariables: { "Flow.authResult": "authenticationResult" } };

beforeAll(async () => {
  emulator = await startEmulator({ randomSeed: 7 });
  outsider = await OutsideWriter.connect(emulator);
});
afterAll(() => emulator.close());

describe("create", () => {
  it("splices the call in after start of a branching graph, touching nothing else", async () => {
    const before = devFlow("Sales Inbound");
    const { id, outs } = await createAttachment({ parentFlowName: "Sales Inbound", triggerId: "callAuthCreate", ...auth });
    const after = devFlow("Sales Inbound");
    expectAttached(before, after, "callAuthCreate", "start");
    expect(id).toBe(`${before.id}:callAuthCreate`);
    expect(outs).toMatchObject({ parentFlowId: before.id, parentFlowName: "Sales Inbound", sharedFlowId: devFlow("Global Auth Subflow").id, version: after.version, after: "start" });
    expect(outs).not.toHaveProperty("publish");
    expect(after.version).toBe(before.version + 1);
  });

  it("splices into an empty graph (start -> end) and after a named trigger", async () => {
    const empty = await outsider.createFlow({ name: "Empty Inbound", type: "inboundcall" });
    await createAttachment({ parentFlowId: empty.id, triggerId: "first", ...auth });
    const afterFirst = emulator.getFlow("dev", empty.id)!;
    expectAttached(empty, afterFirst, "first", "start");
    await createAttachment({ parentFlowId: empty.id, triggerId: "second", after: "first", ...auth });
    expectAttached(afterFirst, emulator.getFlow("dev", empty.id)!, "second", "first");
  });

  it("publishes the parent flow when asked", async () => {
    const before = devFlow("Billing Inbound");
    await createAttachment({ parentFlowName: "Billing Inbound", triggerId: "callAuthPublished", publish: true, ...auth });
    const published = emulator.publishedFlow("dev", before.id)!;
    expect(published.triggers.map((trigger) => trigger.id)).toContain("callAuthPublished");
  });

  it("adopts an identical trigger made by hand without writing, and publishes only because the published version lacks it", async () => {
    const shared = devFlow("Global Auth Subflow");
    const handMade = await outsider.editFlow(devFlow("Support Inbound").id, (flow) => {
      flow.triggers.push({ id: "handMade", type: "callsubflow", properties: { type: "callsubflow", flowId: shared.id, arguments: { callerPhone: "${Call.Ani}" } } });
      for (const edge of flow.edges.filter((e) => e.fromId === "start")) edge.fromId = "handMade";
      flow.edges.push({ fromId: "start", toId: "handMade", conditions: [] });
    });
    const writesBefore = writesTo(handMade.id).length;
    const { outs } = await createAttachment({ parentFlowName: "Support Inbound", triggerId: "handMade", sharedFlowName: "Global Auth Subflow", arguments: { callerPhone: "${Call.Ani}" }, publish: true });
    expect(writesTo(handMade.id)).toHaveLength(writesBefore);
    expect(emulator.publishedFlow("dev", handMade.id)!.triggers.map((trigger) => trigger.id)).toContain("handMade");
    expect(outs.version).toBe(handMade.version);
    expectSameGraph(devFlow("Support Inbound"), handMade);
    // Adopted again (a retried create), with the published version carrying it: nothing is published.
    emulator.clearRequestLog();
    await createAttachment({ parentFlowName: "Support Inbound", triggerId: "handMade", sharedFlowName: "Global Auth Subflow", arguments: { callerPhone: "${Call.Ani}" }, publish: true });
    expect(emulator.requestLog.filter((entry) => entry.method !== "GET" && !entry.path.startsWith("/oauth"))).toEqual([]);
  });

  it("refuses a different trigger with the same ID, naming the difference, and writes nothing", async () => {
    const before = devFlow("Support Inbound");
    const provider = await freshProvider();
    const { inputs } = await provider.check({}, { parentFlowName: "Support Inbound", triggerId: "handMade", sharedFlowName: "Global Auth Subflow", arguments: { callerPhone: "${Call.Language}" } });
    await expect(provider.create(inputs)).rejects.toThrow(/already has a trigger 'handMade' that differs.*arguments\.callerPhone.*Nothing was written/s);
    expect(devFlow("Support Inbound").version).toBe(before.version);
  });

  it("catches misspelled variable names before any write, with a suggestion", async () => {
    const before = devFlow("Sales Inbound");
    const provider = await freshProvider();
    const { inputs } = await provider.check({}, { parentFlowName: "Sales Inbound", triggerId: "badNames", sharedFlowName: "Global Auth Subflow", arguments: { callerphone: "x" }, returnVariables: { "Flow.r": "authResult" } });
    const failure = provider.create(inputs);
    await expect(failure).rejects.toThrow(/did you mean 'callerPhone'/);
    await expect(failure).rejects.toThrow(/authResult/);
    expect(devFlow("Sales Inbound").version).toBe(before.version);
  });

  it("settles the parent and the shared flow of a new attachment at its check, in one round trip, so the create looks nothing up", async () => {
    const provider = await freshProvider();
    emulator.clearRequestLog();
    const { inputs } = await provider.check({}, { parentFlowName: "Billing Inbound", triggerId: "callAuthSettledAtCheck", managedBy: "project/stack", ...auth });
    const apiRequests = () => emulator.requestLog.filter((entry) => entry.path.startsWith("/api/"));
    // The demo org's four flows are one listing page: both names, and the parent's triggers, from one answer.
    expect(apiRequests().map((entry) => `${entry.method} ${entry.path} ${entry.query.name ?? "(no name)"}`)).toEqual(["GET /api/v2/flows (no name)"]);
    const { outs } = await provider.create(inputs);
    expect(apiRequests().slice(1).map((entry) => `${entry.method} ${entry.path}`)).toEqual([`PUT /api/v2/flows/${outs!.parentFlowId}`]);
    await provider.delete("id", outs!);
  });

  it("names the flow and what to do when a parent flow name matches nothing", async () => {
    const provider = await freshProvider();
    const { inputs } = await provider.check({}, { parentFlowName: "Sales Inbund", triggerId: "x1", ...auth });
    await expect(provider.create(inputs)).rejects.toThrow(/Sales Inbund/);
  });
});

describe("configure", () => {
  it("logs in when a resource with state is checked (its diff reads the org next), not at configure or for a new one", async () => {
    emulator.clearRequestLog();
    const provider = await freshProvider();
    await provider.check({}, { parentFlowName: "Sales Inbound", triggerId: "callAuth", ...auth });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(emulator.requestLog).toEqual([]);

    const { inputs } = await provider.check({}, { parentFlowName: "Sales Inbound", triggerId: "callAuth", ...auth });
    await provider.check(inputs, inputs);
    for (let polls = 0; polls < 400 && emulator.requestLog.length === 0; polls++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(emulator.requestLog.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual(["POST /oauth/token 200"]);
  });

  it("without credentials neither logs in nor fails: check still reports input errors", async () => {
    let implementation!: typeof Implementation;
    jest.isolateModules(() => {
      implementation = require("../../provider/providerImplementation");
    });
    emulator.clearRequestLog();
    const saved = { id: process.env.GENESYS_CLIENT_ID, secret: process.env.GENESYS_CLIENT_SECRET };
    delete process.env.GENESYS_CLIENT_ID;
    delete process.env.GENESYS_CLIENT_SECRET;
    try {
      const config: Record<string, string> = { "genesys:apiUrl": emulator.url };
      await implementation.configure({ config: { get: (key: string) => config[key], require: (key: string) => config[key] } });
      const checked = await implementation.check({ triggerId: "x" }, { parentFlowName: "Sales Inbound", triggerId: "", ...auth });
      expect((checked.failures ?? []).map((failure) => failure.property)).toEqual(["triggerId"]);
      const existing = await implementation.check({ triggerId: "x" }, { parentFlowName: "Sales Inbound", triggerId: "x", ...auth });
      expect(existing.failures ?? []).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(emulator.requestLog).toEqual([]);
    } finally {
      if (saved.id !== undefined) process.env.GENESYS_CLIENT_ID = saved.id;
      if (saved.secret !== undefined) process.env.GENESYS_CLIENT_SECRET = saved.secret;
    }
  });
});

describe("update, move, replace and drift", () => {
  let outs: AttachmentOutputs;
  let declared: Record<string, unknown>;

  beforeAll(async () => {
    declared = { parentFlowName: "Support Inbound", triggerId: "callAuthLife", ...auth };
    ({ outs } = await createAttachment(declared));
  });

  it("reports no changes when the org matches the declaration", async () => {
    const { diff, printed } = await previewAttachment(outs, declared);
    expect(diff).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(printed).toEqual([]);
  });

  it("updates changed arguments in one write, in place", async () => {
    const before = devFlow("Support Inbound");
    const changed = { ...declared, arguments: { callerPhone: "${Call.Ani}", language: "en-US" } };
    const { diff, inputs, printed } = await previewAttachment(outs, changed);
    expect(diff.changes).toBe(true);
    expect(diff.replaces).toEqual([]);
    // A change of the declaration is an update, not drift in the org.
    expect(printed).toEqual([]);
    const provider = await freshProvider();
    outs = (await provider.update("id", outs, inputs)).outs!;
    const after = devFlow("Support Inbound");
    expect(after.version).toBe(before.version + 1);
    expectAttached(before, after, "callAuthLife", "start");
    expect(after.triggers.find((t) => t.id === "callAuthLife")!.properties.arguments).toEqual({ callerPhone: "${Call.Ani}", language: "en-US" });
    declared = changed;
  });

  it("moves the call when `after` changes", async () => {
    const before = devFlow("Support Inbound");
    const moved = { ...declared, after: "welcome-prompt" };
    const { diff, inputs } = await previewAttachment(outs, moved);
    expect(diff.changes).toBe(true);
    outs = (await (await freshProvider()).update("id", outs, inputs)).outs!;
    expectAttached(before, devFlow("Support Inbound"), "callAuthLife", "welcome-prompt");
    declared = moved;
  });

  it("reports drift when another client changes the call's properties, and update repairs it", async () => {
    await outsider.editFlow(outs.parentFlowId, (flow) => {
      flow.triggers.find((t) => t.id === "callAuthLife")!.properties.arguments = { callerPhone: "0000" };
      flow.description = "edited in Architect";
    });
    const { diff, printed, inputs } = await previewAttachment(outs, declared);
    expect(diff.changes).toBe(true);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/callAuthLife.*Support Inbound.*arguments\.callerPhone/);
    outs = (await (await freshProvider()).update("id", outs, inputs)).outs!;
    const repaired = devFlow("Support Inbound");
    expect(repaired.triggers.find((t) => t.id === "callAuthLife")!.properties.arguments).toEqual({ callerPhone: "${Call.Ani}", language: "en-US" });
    expect(repaired.description).toBe("edited in Architect");
  });

  it("reports drift when the call was moved in the org", async () => {
    await outsider.editFlow(outs.parentFlowId, (flow) => {
      // Put the call back right after start, as someone dragging it in Architect would.
      flow.edges = flow.edges.filter((e) => e.toId !== "callAuthLife" && e.fromId !== "callAuthLife");
      flow.edges.push({ fromId: "welcome-prompt", toId: "queue-transfer", conditions: [] });
      for (const edge of flow.edges.filter((e) => e.fromId === "start")) edge.fromId = "callAuthLife";
      flow.edges.push({ fromId: "start", toId: "callAuthLife", conditions: [] });
    });
    const { diff, printed } = await previewAttachment(outs, declared);
    expect(diff.changes).toBe(true);
    expect(printed[0]).toMatch(/moved/);
  });

  it("reports drift when the call was removed in the org, and refresh reads it as gone", async () => {
    const repairedOuts = (await (await freshProvider()).update("id", outs, (await (await freshProvider()).check(outs, declared)).inputs)).outs!;
    outs = repairedOuts;
    await outsider.editFlow(outs.parentFlowId, (flow) => {
      flow.triggers = flow.triggers.filter((t) => t.id !== "callAuthLife");
      const into = flow.edges.filter((e) => e.toId === "callAuthLife");
      const out = flow.edges.filter((e) => e.fromId === "callAuthLife");
      flow.edges = flow.edges.filter((e) => e.toId !== "callAuthLife" && e.fromId !== "callAuthLife");
      for (const i of into) for (const o of out) flow.edges.push({ fromId: i.fromId, toId: o.toId, conditions: [] });
    });
    const { diff, printed } = await previewAttachment(outs, declared);
    expect(diff.changes).toBe(true);
    expect(printed[0]).toMatch(/callAuthLife.*removed/);
    const refreshed = await (await freshProvider()).read("id", outs);
    expect(refreshed.id).toBe("");
  });

  it("asks for a replacement when the parent flow changes, then creates in the new flow and deletes from the old", async () => {
    const oldParent = devFlow("Support Inbound");
    const newDeclared = { ...declared, parentFlowName: "Billing Inbound", after: "start" };
    const { diff, inputs } = await previewAttachment(outs, newDeclared);
    expect(diff.replaces).toEqual(["parentFlowName"]);
    const beforeNew = devFlow("Billing Inbound");
    const provider = await freshProvider();
    await provider.create(inputs);
    await provider.delete("id", outs);
    expectAttached(beforeNew, devFlow("Billing Inbound"), "callAuthLife", "start");
    expect(devFlow("Support Inbound").triggers.map((t) => t.id)).not.toContain("callAuthLife");
    expect(devFlow("Support Inbound").version).toBe(oldParent.version);
  });

  it("asks for a replacement when the trigger ID changes, without a lookup", async () => {
    const { diff } = await previewAttachment(outs, { ...declared, triggerId: "renamedCall" });
    expect(diff.replaces).toEqual(["triggerId"]);
  });
});

describe("drift that an earlier fix missed", () => {
  const shapeless = (flow: Flow, triggerId: string, change: (trigger: Flow["triggers"][number]) => void) => change(flow.triggers.find((t) => t.id === triggerId)!);

  it("repairs a call whose trigger type was changed in the org, and then sees no drift", async () => {
    const { outs } = await createAttachment({ parentFlowName: "Sales Inbound", triggerId: "callAuthType", ...auth });
    await outsider.editFlow(outs.parentFlowId, (flow) => shapeless(flow, "callAuthType", (t) => void (t.type = "playprompt")));
    const declared = { parentFlowName: "Sales Inbound", triggerId: "callAuthType", ...auth };
    const { diff, inputs } = await previewAttachment(outs, declared);
    expect(diff.changes).toBe(true);
    const repaired = (await (await freshProvider()).update("id", outs, inputs)).outs!;
    expect(devFlow("Sales Inbound").triggers.find((t) => t.id === "callAuthType")!.type).toBe("callsubflow");
    expect((await previewAttachment(repaired, declared)).diff.changes).toBe(false);
    await (await freshProvider()).delete("id", repaired);
  });

  it("still sees a call repointed to another shared flow after a refresh recorded it", async () => {
    const other = await outsider.createFlow({ name: "Other Shared", type: "commonmodule" });
    const declared = { parentFlowName: "Sales Inbound", triggerId: "callAuthRepoint", ...auth };
    const { id, outs } = await createAttachment(declared);
    await outsider.editFlow(outs.parentFlowId, (flow) => shapeless(flow, "callAuthRepoint", (t) => void (t.properties.flowId = other.id)));
    const refreshed = (await (await freshProvider()).read(id, outs)).props as AttachmentOutputs;
    expect(refreshed).toMatchObject({ sharedFlowId: other.id, sharedFlowName: "Other Shared" });
    const { diff, inputs } = await previewAttachment(refreshed, declared);
    expect(diff.changes).toBe(true);
    const repaired = (await (await freshProvider()).update("id", refreshed, inputs)).outs!;
    expect(repaired.sharedFlowId).toBe(devFlow("Global Auth Subflow").id);
    expect(devFlow("Sales Inbound").triggers.find((t) => t.id === "callAuthRepoint")!.properties.flowId).toBe(devFlow("Global Auth Subflow").id);
    await (await freshProvider()).delete("id", repaired);
  });

  it("reports an unchanged `after` whose trigger vanished as drift, without failing the preview", async () => {
    const { outs } = await createAttachment({ parentFlowName: "Billing Inbound", triggerId: "callAuthAnchored", after: "welcome-prompt", ...auth });
    await outsider.editFlow(outs.parentFlowId, (flow) => {
      // Remove the anchor: its in-edges now lead straight to what followed it.
      const into = flow.edges.filter((e) => e.toId === "welcome-prompt");
      const out = flow.edges.filter((e) => e.fromId === "welcome-prompt");
      flow.triggers = flow.triggers.filter((t) => t.id !== "welcome-prompt");
      flow.edges = flow.edges.filter((e) => e.toId !== "welcome-prompt" && e.fromId !== "welcome-prompt");
      for (const i of into) for (const o of out) flow.edges.push({ fromId: i.fromId, toId: o.toId, conditions: [] });
    });
    const { diff, printed } = await previewAttachment(outs, { parentFlowName: "Billing Inbound", triggerId: "callAuthAnchored", after: "welcome-prompt", ...auth });
    expect(diff.changes).toBe(true);
    expect(printed[0]).toMatch(/callAuthAnchored.*moved/);
    await (await freshProvider()).delete("id", outs);
  });

  it("leaves alone a trigger that reuses our ID but is no longer a call of a shared flow", async () => {
    const { outs } = await createAttachment({ parentFlowName: "Support Inbound", triggerId: "callAuthTaken", ...auth });
    await outsider.editFlow(outs.parentFlowId, (flow) => shapeless(flow, "callAuthTaken", (t) => {
      t.type = "playprompt";
      t.properties = { type: "playprompt", prompt: "Prompt.TheirOwn" };
    }));
    const before = devFlow("Support Inbound");
    await (await freshProvider()).delete("id", outs);
    expect(devFlow("Support Inbound")).toEqual(before);
  });
});

describe("refresh and delete", () => {
  it("refresh reports the live trigger", async () => {
    const { id, outs } = await createAttachment({ parentFlowName: "Sales Inbound", triggerId: "callAuthRead", ...auth });
    await outsider.editFlow(outs.parentFlowId, (flow) => {
      flow.triggers.find((t) => t.id === "callAuthRead")!.properties.returnVariables = { "Flow.other": "resolvedCustomerId" };
    });
    const refreshed = await (await freshProvider()).read(id, outs);
    expect(refreshed.id).toBe(id);
    expect(refreshed.props).toMatchObject({ returnVariables: { "Flow.other": "resolvedCustomerId" }, version: devFlow("Sales Inbound").version });
  });

  it("splices the call out, leaving the flow as it was before the create", async () => {
    const before = devFlow("Sales Inbound");
    const { outs } = await createAttachment({ parentFlowName: "Sales Inbound", triggerId: "callAuthDelete", after: "welcome-prompt", ...auth });
    await (await freshProvider()).delete("id", outs);
    expectSameGraph(devFlow("Sales Inbound"), before);
  });

  it("succeeds when the trigger is already gone, without writing", async () => {
    const { outs } = await createAttachment({ parentFlowName: "Sales Inbound", triggerId: "callAuthGone", ...auth });
    await outsider.editFlow(outs.parentFlowId, (flow) => {
      flow.triggers = flow.triggers.filter((t) => t.id !== "callAuthGone");
      flow.edges = flow.edges.filter((e) => e.toId !== "callAuthGone").map((e) => (e.fromId === "callAuthGone" ? { ...e, fromId: "start" } : e));
    });
    const writes = writesTo(outs.parentFlowId).length;
    await (await freshProvider()).delete("id", outs);
    expect(writesTo(outs.parentFlowId)).toHaveLength(writes);
  });

  it("succeeds when the whole parent flow is gone", async () => {
    const doomed = await outsider.createFlow({ name: "Doomed Inbound", type: "inboundcall" });
    const { outs } = await createAttachment({ parentFlowId: doomed.id, triggerId: "callAuthDoomed", ...auth });
    await outsider.deleteFlow(doomed.id);
    await expect((await freshProvider()).delete("id", outs)).resolves.toBeUndefined();
    expect((await (await freshProvider()).read("id", outs)).id).toBe("");
  });
});

describe("a hostile world", () => {
  it("lands the attachment and keeps another writer's edits when that writer causes 409s", async () => {
    const flowId = devFlow("Billing Inbound").id;
    emulator.setFaults({ latencyMs: 30 });
    try {
      let conflicts = 0;
      // A conflict needs the other writer to land between our read and our write: try until one did.
      for (let round = 0; round < 10 && conflicts === 0; round++) {
        emulator.clearRequestLog();
        let writing = true;
        let outsideEdits = 0;
        const busyOutsider = (async () => {
          while (writing) {
            await outsider.editFlow(flowId, (flow) => void (flow.description = `outside edit ${++outsideEdits}`));
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
        })();
        const triggerId = `callAuthRace${round}`;
        await createAttachment({ parentFlowId: flowId, triggerId, ...auth });
        writing = false;
        await busyOutsider;
        conflicts = emulator.requestLog.filter((entry) => entry.status === 409).length;
        const final = devFlow("Billing Inbound");
        expect(final.triggers.map((t) => t.id)).toContain(triggerId);
        expect(final.description).toBe(`outside edit ${outsideEdits}`);
      }
      expect(conflicts).toBeGreaterThan(0);
    } finally {
      emulator.setFaults({ latencyMs: 0 });
    }
  });

  it("logs in again when the token expires between operations", async () => {
    emulator.setFaults({ tokenTtlSeconds: 1 });
    try {
      const provider = await freshProvider();
      const { inputs } = await provider.check({}, { parentFlowName: "Sales Inbound", triggerId: "callAuthExpiry", ...auth });
      const { outs } = await provider.create(inputs);
      await new Promise((resolve) => setTimeout(resolve, 1_300));
      emulator.clearRequestLog();
      await provider.delete("id", outs!);
      expect(emulator.requestLog.some((entry) => entry.path === "/oauth/token")).toBe(true);
      expect(devFlow("Sales Inbound").triggers.map((t) => t.id)).not.toContain("callAuthExpiry");
    } finally {
      emulator.setFaults({ tokenTtlSeconds: 86_400 });
    }
  });
});
