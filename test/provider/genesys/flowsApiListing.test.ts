// Protects reading many flows with few requests, against the emulator through the real SDK: reads asked
// for together go as `?id=` lists, reads that keep coming one by one switch to listing their type, names
// asked for together are found from one listing of every flow, exactly as lookups find them, and our own
// writes are never hidden by what a listing showed.

import { EmulatorSeed } from "../../../emulator";
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


  it("lists the parents' type, not the shared flow's, when every drift check reads the shared flow again", async () => {
    const api = flowsApi();
    // As diffs one at a time do: each reads its parent and, together with it, the shared flow.
    for (let index = 0; index < 10; index++) {
      await Promise.all([api.getFlow(`inbound-${index}`), api.getFlow("auth-module")]);
    }
    expect(listingPages().map((entry) => entry.query.type ?? "every flow")).toContain("inboundcall");
    expect(listingPages().map((entry) => entry.query.type)).not.toContain("commonmodule");
  });

  it("reads one by one while as many flows of one type were read as of another, then lists the type that leads", async () => {
    const api = flowsApi();
    await Promise.all([api.getFlow("inbound-0"), api.getFlow("auth-module")]);
    await api.getFlow("inbound-1");
    // Tied at one flow each: the second read goes alone, though two requests were spent.
    expect(listingPages()).toEqual([]);
    await api.getFlow("inbound-2");
    // Its three pages: the first tells the size, and three reads are worth the other two.
    expect(listingPages().map((entry) => entry.query.type)).toEqual(["inboundcall", "inboundcall", "inboundcall"]);
  });

  it("lists every flow when each read brings one flow of each of two types: parents calling shared flows of their own", async () => {
    const api = flowsApi();
    await Promise.all([api.getFlow("inbound-0"), api.getFlow("auth-module")]);
    await Promise.all([api.getFlow("inbound-1"), api.getFlow("router-module")]);
    expect(listingPages()).toEqual([]);
    await api.getFlow("inbound-2");
    // Two of each read and still even: the listing of every flow, which holds both types.
    expect(listingPages().map((entry) => entry.query.type ?? "every flow")).toEqual(["every flow", "every flow", "every flow"]);
    expect(apiRequests(emulator.current()).length).toBeLessThanOrEqual(2 + Math.ceil(ORG_FLOWS / 100));
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

describe("a flow found by name", () => {
  it("is read from the lookup's answer, which carries the whole flow, and with listing off by a read of its own", async () => {
    const api = flowsApi();
    const [found] = (await api.findFlowsByName(inboundName(7))).exact;
    expect((await api.getFlow(found.id))?.name).toBe(inboundName(7));
    expect(apiRequests(emulator.current()).map((entry) => entry.query.name ?? entry.path)).toEqual([inboundName(7)]);

    const off = flowsApi({ listing: false });
    await off.findFlowsByName(inboundName(8));
    await off.getFlow("inbound-8");
    expect(apiRequests(emulator.current()).map((entry) => entry.query.name ?? entry.path).slice(1)).toEqual([inboundName(8), "/api/v2/flows/inbound-8"]);
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

  it("settles names asked for together with one listing of every flow, with the schemas a lookup carries", async () => {
    const api = flowsApi();
    const found = await Promise.all(names.map((name) => api.findFlowsByName(name)));
    expect(found).toEqual(names.map((name, index) => ({ name, exact: [{ id: `inbound-${index * 8}`, name, type: "inboundcall" }], otherCase: [] })));
    expect(apiRequests(emulator.current()).length).toBe(Math.ceil(ORG_FLOWS / 100));
    expect(listingPages().every((entry) => entry.query.type === undefined && entry.query.includeSchemas === "true")).toBe(true);
    // The listing is reused for a name asked for afterwards, schemas included.
    await expect(api.findFlowsByName("Auth")).resolves.toEqual({
      name: "Auth",
      exact: [{ id: "auth-module", name: "Auth", type: "commonmodule", inputSchema: { properties: { callerPhone: { type: "string" } } } }],
      otherCase: [],
    });
    expect(apiRequests(emulator.current()).length).toBe(Math.ceil(ORG_FLOWS / 100));
  });

  it("finds from the listing exactly what lookups find: several flows of a name, other letter case, none", async () => {
    const asked = ["Router", "router", "No Such Flow", ...names];
    const listed = flowsApi();
    const fromListing = await Promise.all(asked.map((name) => listed.findFlowsByName(name)));
    expect(listingPages().length).toBe(Math.ceil(ORG_FLOWS / 100));
    const lookedUp = flowsApi({ listing: false });
    const inIdOrder = (found: Awaited<ReturnType<FlowsApi["findFlowsByName"]>>) => {
      const byId = (flows: typeof found.exact) => [...flows].sort((a, b) => a.id.localeCompare(b.id));
      return { ...found, exact: byId(found.exact), otherCase: byId(found.otherCase) };
    };
    for (const [index, name] of asked.slice(0, 3).entries()) {
      expect(inIdOrder(fromListing[index])).toEqual(inIdOrder(await lookedUp.findFlowsByName(name)));
    }
    expect(fromListing[0].exact.map((flow) => flow.id).sort()).toEqual(["router-call", "router-module"]);
    expect(fromListing[1]).toMatchObject({ exact: [], otherCase: [{ name: "Router" }, { name: "Router" }] });
    expect(fromListing[2]).toEqual({ name: "No Such Flow", exact: [], otherCase: [] });
  });
});

describe("a name with the service's wildcard", () => {
  // The service's `name` filter takes `*` as a wildcard: a flow named "Sales Line *" is looked up through every
  // flow named "Sales Line …", here 1,200 of them besides itself.
  const SIMILAR_FLOWS = 1_200;
  const similarOrg = useEmulator({
    seed: {
      orgs: [
        {
          id: "dev",
          clients: [{ clientId: "dev-client", clientSecret: "dev-secret" }],
          flows: [
            ...Array.from({ length: SIMILAR_FLOWS }, (_, index) => ({ id: `line-${index}`, name: `Sales Line ${String(index).padStart(4, "0")}`, type: "inboundcall", ...straight })),
            { id: "wildcard-parent", name: "Sales Line *", type: "inboundcall", ...straight },
            { id: "auth-module", name: "Auth", type: "commonmodule", ...straight },
          ],
        },
      ],
    },
  });

  it("costs the pages of its matches and one listing request more, with the shared flow's own lookup beside it", async () => {
    const emu = similarOrg.current();
    const api = new FlowsApi(createConnection(devSettings(emu)));
    // As one attachment's command asks: the parent alone (the ownership check), then the shared flow beside it (the create).
    await expect(api.findFlowsByName("Sales Line *")).resolves.toMatchObject({ exact: [{ id: "wildcard-parent" }] });
    await expect(api.getFlow("wildcard-parent")).resolves.toMatchObject({ name: "Sales Line *" });
    await expect(api.findFlowsByName("Auth")).resolves.toMatchObject({ exact: [{ id: "auth-module" }] });
    const pagesOfMatches = Math.ceil((SIMILAR_FLOWS + 1) / 100);
    const requests = apiRequests(emu);
    expect(requests.filter((entry) => entry.query.name === "Sales Line *")).toHaveLength(pagesOfMatches);
    expect(requests.filter((entry) => entry.query.name === "Auth")).toHaveLength(1);
    expect(requests.length).toBeLessThanOrEqual(pagesOfMatches + 1 + 1);
    expect(emu.requestLog.filter((entry) => entry.path === "/oauth/token")).toHaveLength(1);
  });
});
