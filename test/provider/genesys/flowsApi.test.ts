// Protects the flows proxy against the emulator: exact name lookup over every page, clear none/several
// errors, shared in-flight reads and lookups, and caches dropped by writes.

import { EmulatorSeed } from "../../../emulator";
import { FlowLookupError } from "../../../provider/genesys/errors";
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

describe("FlowsApi.findFlowByName", () => {
  it("reads every page and matches the name exactly, case included", async () => {
    const emu = emulator.current();
    const found = await flowsApi().findFlowByName("Billing");
    expect(found).toEqual({ id: "billing-exact", name: "Billing", type: "inboundcall" });
    // 5 loose matches at 2 per page: all 3 pages read, even after the exact match was seen.
    expect(apiRequests(emu, "GET").map((entry) => entry.path)).toEqual(Array(3).fill("/api/v2/flows"));
  });

  it("lists every exact match with its ID when the name is ambiguous", async () => {
    const error = await flowsApi()
      .findFlowByName("Router")
      .catch((rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(FlowLookupError);
    expect((error as FlowLookupError).matches.map((match) => match.id).sort()).toEqual(["router-call", "router-module"]);
    expect((error as Error).message).toContain("router-call (inboundcall)");
    expect((error as Error).message).toContain("router-module (commonmodule)");
    expect((error as Error).message).toMatch(/flow ID .* instead of the name/);
  });

  it("narrows by type when asked", async () => {
    await expect(flowsApi().findFlowByName("Router", { type: "commonmodule" })).resolves.toMatchObject({ id: "router-module", name: "Router", type: "commonmodule" });
  });

  it("says clearly when no flow has the name", async () => {
    const error = await flowsApi()
      .findFlowByName("billing ")
      .catch((rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(FlowLookupError);
    expect((error as Error).message).toContain("No flow is named exactly 'billing '");
    expect((error as Error).message).toContain("case-sensitive");
  });

  it("shares one lookup among concurrent callers and reuses it briefly", async () => {
    const emu = emulator.current();
    const api = flowsApi(100);
    const results = await Promise.all(Array.from({ length: 10 }, () => api.findFlowByName("Billing")));
    expect(new Set(results.map((result) => result.id))).toEqual(new Set(["billing-exact"]));
    await api.findFlowByName("Billing");
    expect(apiRequests(emu, "GET")).toHaveLength(1);
  });

  it("looks again after this process wrote the flow it found", async () => {
    const emu = emulator.current();
    const api = flowsApi(100);
    await api.findFlowByName("Billing");
    const flow = (await api.getFlow("billing-exact"))!;
    await api.putFlow({ ...flow, name: "Billing Renamed" });
    await expect(api.findFlowByName("Billing")).rejects.toBeInstanceOf(FlowLookupError);
    expect(apiRequests(emu, "GET").filter((entry) => entry.path === "/api/v2/flows")).toHaveLength(2);
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
});
