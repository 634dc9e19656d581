// Protects reading many flows with few requests, against the emulator through the real SDK: reads asked
// for together go as `?id=` lists, reads that keep coming one by one switch to listing their type, names
// asked for together are settled by one listing of every flow, exactly as lookups settle them, and our
// own writes are never hidden by what a listing showed.

import { EmulatorSeed } from "../../../emulator";
import { FlowLookupError } from "../../../provider/genesys/errors";
import { FlowsApi } from "../../../provider/genesys/flowsApi";
import { createConnection } from "../../../provider/genesys/genesysConnection";
import { apiRequests, devSettings, useEmulator } from "./emulatorFixture";

const straight = { triggers: [], edges: [{ fromId: "start", toId: "end", conditions: [] }] };
const INBOUND_FLOWS = 250;
const inboundName = (index: number) => `Inbound ${String(index).padStart(3, "0")}`;
const seed: EmulatorSeed = {
  orgs: [
    {
      id: "dev",
      clients: [{ clientId: "dev-client", clientSecret: "dev-secret" }],
      flows: [
        ...Array.from({ length: INBOUND_FLOWS }, (_, index) => ({ id: `inbound-${index}`, name: inboundName(index), type: "inboundcall", ...straight })),
        { id: "router-call", name: "Router", type: "inboundcall", ...straight },
        { id: "router-module", name: "Router", type: "commonmodule", inputSchema: { properties: { callerPhone: { type: "string" } } }, ...straight },
        { id: "auth-module", name: "Auth", type: "commonmodule", inputSchema: { properties: { callerPhone: { type: "string" } } }, ...straight },
      ],
    },
  ],
};
const ORG_FLOWS = INBOUND_FLOWS + 3;

const emulator = useEmulator({ seed });

function flowsApi(options: { listing?: boolean } = {}) {
  return new FlowsApi(createConnection(devSettings(emulator.current())), options);
}

/** The listing requests (not `?id=` lists, not name lookups) the emulator saw. */
function listingPages() {
  return apiRequests(emulator.current(), "GET").filter((entry) => entry.path === "/api/v2/flows" && entry.query.id === undefined && entry.query.name === undefined);
}

describe("reading flows", () => {
  it("reads flows asked for together with one `?id=` request per 100", async () => {
    const api = flowsApi();
    const ids = Array.from({ length: 150 }, (_, index) => `inbound-${index}`);
    const flows = await Promise.all([...ids, "no-such-flow"].map((id) => api.getFlow(id)));
    expect(flows.map((flow) => flow?.id)).toEqual([...ids, undefined]);
    expect(apiRequests(emulator.current()).map((entry) => String(entry.query.id).split(",").length)).toEqual([100, 51]);
  });

  it("switches to listing the flows' type when they keep coming one by one: all 250 for a handful of requests", async () => {
    const api = flowsApi();
    for (let index = 0; index < INBOUND_FLOWS; index++) {
      expect((await api.getFlow(`inbound-${index}`))?.name).toBe(inboundName(index));
    }
    const requests = apiRequests(emulator.current());
    // One read to learn the type, then the listing: its first page tells its size, the other two follow.
    expect(requests.length).toBeLessThanOrEqual(1 + Math.ceil((INBOUND_FLOWS + 1) / 100));
    expect(listingPages().map((entry) => [entry.query.type, entry.query.pageSize, entry.query.sortBy])).toEqual(Array(3).fill(["inboundcall", "100", "id"]));
  });

  it("with listing off, reads every flow on its own, one after the other or together", async () => {
    const api = flowsApi({ listing: false });
    for (let index = 0; index < 20; index++) await api.getFlow(`inbound-${index}`);
    await Promise.all(Array.from({ length: 10 }, (_, index) => api.getFlow(`inbound-${100 + index}`)));
    const paths = apiRequests(emulator.current()).map((entry) => entry.path);
    expect(paths.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, index) => `/api/v2/flows/inbound-${index}`));
    expect(paths.slice(20).sort()).toEqual(Array.from({ length: 10 }, (_, index) => `/api/v2/flows/inbound-${100 + index}`).sort());
  });

  it("serves our own write, not the listed flow, after writing a listed flow", async () => {
    const api = flowsApi();
    for (let index = 0; index < 5; index++) await api.getFlow(`inbound-${index}`);
    const listed = (await api.getFlow("inbound-1"))!;
    const requestsBefore = apiRequests(emulator.current()).length;
    await api.putFlow({ ...listed, description: "written by us" });
    const read = await api.getFlow("inbound-1");
    expect(read).toMatchObject({ version: listed.version + 1, description: "written by us" });
    // The write's answer is the read: no request after the PUT.
    expect(apiRequests(emulator.current()).length).toBe(requestsBefore + 1);
  });
});

describe("reading a few flows of a big org", () => {
  const BIG_ORG_FLOWS = 2_000;
  const bigOrg = useEmulator({
    seed: {
      orgs: [
        {
          id: "dev",
          clients: [{ clientId: "dev-client", clientSecret: "dev-secret" }],
          flows: Array.from({ length: BIG_ORG_FLOWS }, (_, index) => ({ id: `flow-${index}`, name: `Flow ${index}`, type: "inboundcall", ...straight })),
        },
      ],
    },
  });

  it("reads three flows one by one: the org is never listed beyond the first page that tells its size", async () => {
    const api = new FlowsApi(createConnection(devSettings(bigOrg.current())));
    for (const id of ["flow-3", "flow-1700", "flow-1249"]) expect((await api.getFlow(id))?.id).toBe(id);
    const requests = apiRequests(bigOrg.current());
    expect(requests.filter((entry) => entry.path === "/api/v2/flows")).toHaveLength(1);
    expect(requests.length).toBeLessThanOrEqual(3 + 1);
  });
});

describe("looking names up", () => {
  const names = Array.from({ length: 30 }, (_, index) => inboundName(index * 8));

  it("settles names asked for together with one listing of every flow, as lookups would", async () => {
    const api = flowsApi();
    const found = await Promise.all(names.map((name) => api.findFlowByName(name)));
    expect(found).toEqual(names.map((name, index) => ({ id: `inbound-${index * 8}`, name, type: "inboundcall" })));
    expect(apiRequests(emulator.current()).length).toBe(Math.ceil(ORG_FLOWS / 100));
    expect(listingPages().every((entry) => entry.query.type === undefined && entry.query.includeSchemas === "true")).toBe(true);
    // The listing carries the schemas a shared flow's lookup needs.
    await expect(api.findFlowByName("Auth")).resolves.toEqual({ id: "auth-module", name: "Auth", type: "commonmodule", inputSchema: { properties: { callerPhone: { type: "string" } } } });
    expect(apiRequests(emulator.current()).length).toBe(Math.ceil(ORG_FLOWS / 100));
  });

  it("fails an ambiguous or missing name from the listing exactly as a lookup fails it", async () => {
    const listed = flowsApi();
    const [ambiguous, missing] = await Promise.all([
      ...["Router", "router"].map((name) => listed.findFlowByName(name).catch((error: unknown) => error)),
      ...names.map((name) => listed.findFlowByName(name)),
    ]);
    expect(listingPages().length).toBe(Math.ceil(ORG_FLOWS / 100));
    const lookedUp = flowsApi({ listing: false });
    for (const [fromListing, name] of [[ambiguous, "Router"], [missing, "router"]] as const) {
      const fromLookup = await lookedUp.findFlowByName(name).catch((error: unknown) => error);
      expect(fromListing).toBeInstanceOf(FlowLookupError);
      expect((fromListing as Error).message).toBe((fromLookup as Error).message);
    }
  });

  it("narrows a typed name to the listing of that type", async () => {
    const api = flowsApi();
    const found = await Promise.all(["Router", "Auth"].map((name) => api.findFlowByName(name, { type: "commonmodule" })));
    expect(found.map((flow) => flow.id)).toEqual(["router-module", "auth-module"]);
    expect(listingPages().map((entry) => entry.query.type)).toEqual(["commonmodule"]);
  });
});
