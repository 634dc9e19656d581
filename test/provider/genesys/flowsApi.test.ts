// Protects the flows proxy against the emulator: name lookup over every page (exact matches apart from
// names in other letter case), shared in-flight reads and lookups, what a command learned kept for the
// command, and dropped by writes: ours, a 409, or another writer's version seen in an answer.

import { EmulatorSeed } from "../../../emulator";
import { OutsideWriter } from "../../../emulator/outsideWriter";
import { FlowsApi } from "../../../provider/genesys/flowsApi";
import { createConnection } from "../../../provider/genesys/genesysConnection";
import { apiRequests, devSettings, useEmulator } from "./emulatorFixture";

const straight = { triggers: [], edges: [{ fromId: "start", toId: "end", conditions: [] }] };
// The emulator, like Genesys Cloud, matches `name` ignoring case (names are unique per type ignoring
// case), so these all come back for "Billing"; only one is named exactly that.
const seed: EmulatorSeed = {
  orgs: [
    {
      id: "dev",
      clients: [{ clientId: "dev-client", clientSecret: "dev-secret" }],
      flows: [
        { id: "billing-exact", name: "Billing", type: "inboundcall", ...straight },
        { id: "billing-lower", name: "billing", type: "commonmodule", ...straight },
        { id: "billing-upper", name: "BILLING", type: "inboundemail", ...straight },
        { id: "billing-mixed", name: "BiLLing", type: "inboundchat", ...straight },
        { id: "billing-other", name: "billinG", type: "outboundcall", ...straight },
        { id: "router-call", name: "Router", type: "inboundcall", ...straight },
        { id: "router-module", name: "Router", type: "commonmodule", inputSchema: { properties: { callerPhone: { type: "string" } } }, ...straight },
      ],
    },
  ],
};

const emulator = useEmulator({ seed });

function flowsApi(pageSize = 2) {
  return new FlowsApi(createConnection(devSettings(emulator.current())), { pageSize });
}

describe("FlowsApi.findFlowsByName", () => {
  it("reads every page and sorts exact matches from names in other letter case", async () => {
    const emu = emulator.current();
    const found = await flowsApi().findFlowsByName("Billing");
    expect(found.exact).toEqual([{ id: "billing-exact", name: "Billing", type: "inboundcall" }]);
    expect(found.otherCase.map((flow) => flow.id).sort()).toEqual(["billing-lower", "billing-mixed", "billing-other", "billing-upper"]);
    // 5 loose matches at 2 per page: all 3 pages read, even after the exact match was seen.
    expect(apiRequests(emu, "GET").map((entry) => entry.path)).toEqual(Array(3).fill("/api/v2/flows"));
  });

  it("finds every flow of the name, whatever its type, with its schemas", async () => {
    const found = await flowsApi().findFlowsByName("Router");
    expect(found.exact.map((flow) => flow.id).sort()).toEqual(["router-call", "router-module"]);
    expect(found.exact.find((flow) => flow.id === "router-module")).toMatchObject({ type: "commonmodule", inputSchema: { properties: { callerPhone: { type: "string" } } } });
  });

  it("finds nothing exact for a name no flow has", async () => {
    await expect(flowsApi().findFlowsByName("billing ")).resolves.toEqual({ name: "billing ", exact: [], otherCase: [] });
  });

  it("shares one lookup among concurrent callers and reuses it briefly", async () => {
    const emu = emulator.current();
    const api = flowsApi(100);
    const results = await Promise.all(Array.from({ length: 10 }, () => api.findFlowsByName("Billing")));
    expect(new Set(results.map((result) => result.exact[0].id))).toEqual(new Set(["billing-exact"]));
    await api.findFlowsByName("Billing");
    expect(apiRequests(emu, "GET")).toHaveLength(1);
  });

  it.each([
    // One by one, both names are looked up again.
    { listing: false, lookups: 4 },
    // The second name brought the listing of every flow, which our own write keeps up to date.
    { listing: true, lookups: 2 },
  ])("does not answer from what it knew before this process renamed a flow it found, or gave a flow the name (listing $listing)", async ({ listing, lookups }) => {
    const emu = emulator.current();
    const api = new FlowsApi(createConnection(devSettings(emu)), { listing });
    await api.findFlowsByName("Billing");
    await api.findFlowsByName("Billing Renamed");
    const flow = (await api.getFlow("billing-exact"))!;
    await api.putFlow({ ...flow, name: "Billing Renamed" });
    await expect(api.findFlowsByName("Billing")).resolves.toMatchObject({ exact: [] });
    await expect(api.findFlowsByName("Billing Renamed")).resolves.toMatchObject({ exact: [{ id: "billing-exact" }] });
    expect(apiRequests(emu, "GET").filter((entry) => entry.path === "/api/v2/flows")).toHaveLength(lookups);
  });
});

describe("FlowsApi.listFlows", () => {
  it("reads every page once and returns every flow with its graph, reporting each page", async () => {
    const emu = emulator.current();
    const progress: unknown[] = [];
    const flows = await flowsApi(3).listFlows({ onPage: (page) => progress.push(page) });

    expect(flows.map((flow) => flow.id).sort()).toEqual(emu.flows("dev").map((flow) => flow.id).sort());
    expect(flows.find((flow) => flow.id === "router-call")).toMatchObject({ name: "Router", type: "inboundcall", ...straight });
    expect(flows.some((flow) => flow.inputSchema !== undefined)).toBe(false);
    // 7 flows at 3 per page.
    expect(apiRequests(emu, "GET").map((entry) => [entry.path, entry.query.pageNumber, entry.query.pageSize])).toEqual([
      ["/api/v2/flows", "1", "3"],
      ["/api/v2/flows", "2", "3"],
      ["/api/v2/flows", "3", "3"],
    ]);
    expect(progress).toEqual([
      { pageNumber: 1, pageCount: 3, flowsRead: 3, total: 7 },
      { pageNumber: 2, pageCount: 3, flowsRead: 6, total: 7 },
      { pageNumber: 3, pageCount: 3, flowsRead: 7, total: 7 },
    ]);
  });

  it("carries the variable schemas when asked", async () => {
    const flows = await flowsApi().listFlows({ includeSchemas: true });
    expect(flows.find((flow) => flow.id === "router-module")?.inputSchema).toEqual({ properties: { callerPhone: { type: "string" } } });
  });
});

describe("FlowsApi.getFlow", () => {
  it("reads a missing flow as undefined", async () => {
    await expect(flowsApi().getFlow("no-such-flow")).resolves.toBeUndefined();
  });

  it("asks the server again for a fresh read, and after the reuse window", async () => {
    const emu = emulator.current();
    let nowMs = 1_000;
    const api = new FlowsApi(createConnection(devSettings(emu)), { readCacheTtlMs: 3000, now: () => nowMs });
    await api.getFlow("billing-exact");
    await api.getFlow("billing-exact");
    await api.getFlow("billing-exact", { fresh: true });
    nowMs += 3001;
    await api.getFlow("billing-exact");
    expect(apiRequests(emu, "GET")).toHaveLength(3);
  });

  it("reads flows asked for fresh together in one request by ID, never from what a listing showed before", async () => {
    const emu = emulator.current();
    const api = flowsApi();
    // Reads one by one switch to listing the type: its pages now hold the flows.
    for (const id of ["billing-exact", "router-call"]) await api.getFlow(id);
    await Promise.all(["billing-exact", "router-call"].map((id) => api.getFlow(id)));
    emu.clearRequestLog();
    const outsider = await OutsideWriter.connect(emu);
    await outsider.editFlow("router-call", (flow) => void (flow.description = "changed by someone else"));
    emu.clearRequestLog();
    const fresh = await Promise.all(["billing-exact", "router-call", "billing-exact"].map((id) => api.getFlow(id, { fresh: true })));
    expect(fresh[1]?.description).toBe("changed by someone else");
    const reads = apiRequests(emu, "GET");
    expect(reads.map((entry) => [entry.path, String(entry.query.id).split(",").sort()])).toEqual([["/api/v2/flows", ["billing-exact", "router-call"]]]);
  });
});

describe("what a command learned", () => {
  const TEN_MINUTES_MS = 10 * 60_000;

  it.each([true, false])("lasts as long as the client by default: a read and a name settled are not asked again ten minutes later (listing %s)", async (listing) => {
    const emu = emulator.current();
    let nowMs = 1_000;
    const api = new FlowsApi(createConnection(devSettings(emu)), { listing, now: () => nowMs });
    await api.getFlow("router-call");
    await api.findFlowsByName("Billing");
    const asked = apiRequests(emu).length;
    nowMs += TEN_MINUTES_MS;
    await expect(api.getFlow("router-call")).resolves.toMatchObject({ id: "router-call" });
    await expect(api.findFlowsByName("Billing")).resolves.toMatchObject({ exact: [{ id: "billing-exact" }] });
    expect(apiRequests(emu)).toHaveLength(asked);
  });

  it.each([true, false])("gives way to another writer's version an answer shows: the read kept is dropped and names follow the flow (listing %s)", async (listing) => {
    const emu = emulator.current();
    const api = new FlowsApi(createConnection(devSettings(emu)), { listing });
    const outsider = await OutsideWriter.connect(emu);
    const read = (await api.getFlow("billing-exact"))!;
    await api.findFlowsByName("Billing");
    await outsider.editFlow("billing-exact", (flow) => void (flow.name = "Billing Archive"));
    // A lookup of the new name shows the flow at the version the other writer made.
    await expect(api.findFlowsByName("Billing Archive")).resolves.toMatchObject({ exact: [{ id: "billing-exact" }] });
    await expect(api.getFlow("billing-exact")).resolves.toMatchObject({ name: "Billing Archive", version: read.version + 1 });
    await expect(api.findFlowsByName("Billing")).resolves.toMatchObject({ exact: [] });
  });

  it("is dropped by a 409: the flow is read again", async () => {
    const emu = emulator.current();
    const api = new FlowsApi(createConnection(devSettings(emu)));
    const outsider = await OutsideWriter.connect(emu);
    const read = (await api.getFlow("router-call"))!;
    await outsider.editFlow("router-call", (flow) => void (flow.description = "edited in Architect"));
    await expect(api.putFlow({ ...read, description: "ours" })).rejects.toMatchObject({ status: 409 });
    await expect(api.getFlow("router-call")).resolves.toMatchObject({ description: "edited in Architect", version: read.version + 1 });
  });
});
