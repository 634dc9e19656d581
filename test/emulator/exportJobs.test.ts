// Protects Architect export jobs, through the real SDK and plain fetch for the signed URL: the job
// snapshots each flow's YAML when it is registered, moves Registered -> Started -> Success or Failure with
// `jobLatencyMs`, fails (not 400) for a flow it cannot export with one message per problem naming the
// flow, and gives a download URL that takes no token: one flow's YAML, or a zip of several, for 10
// minutes. Malformed requests get 400 naming the field; an org registering too many gets 429.

import { strFromU8, unzipSync } from "fflate";
import { parse } from "yaml";
import { RunningEmulator } from "../../emulator";
import { OutsideArchitect } from "../../emulator/outsideArchitect";
import { loggedInSdk, SdkConnection } from "../../emulator/sdkClient";
import { devFlowId, startArchitectEmulator } from "./architectTestEmulator";
import { rejection } from "./rejection";

let emulator: RunningEmulator;
let dev: SdkConnection;
let devExtended: SdkConnection;

beforeEach(async () => {
  ({ emulator, dev, devExtended } = await startArchitectEmulator());
});

afterEach(async () => {
  jest.useRealTimers();
  await emulator.close();
});

const flowId = (name: string, type?: string) => devFlowId(emulator, name, type);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Registers an export of `flows` and reads its state once (final at once: `jobLatencyMs` is 0 unless set). */
async function exportState(flows: unknown[]): Promise<{ id: string; status: string; downloadUrl?: string; messages?: Array<{ type: string; text: string }> }> {
  const job = await dev.architect.postFlowsExportJobs({ flows });
  return dev.architect.getFlowsExportJob(job.id, { expand: ["messages"] });
}

/** Lets the test move the clock of the process (the emulator's included) while every timer stays real. */
function takeControlOfTheClock(): (advanceMs: number) => void {
  jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "clearImmediate", "setInterval", "clearInterval", "setTimeout", "clearTimeout", "queueMicrotask", "hrtime", "performance"] });
  jest.setSystemTime(new Date());
  return (advanceMs) => jest.setSystemTime(Date.now() + advanceMs);
}

describe("POST /api/v2/flows/export/jobs", () => {
  it("registers a job and answers Registered with the number of flows", async () => {
    const job = await dev.architect.postFlowsExportJobs({ flows: [{ flow: { id: flowId("Sales Inbound") } }, { flow: { id: flowId("Support Inbound") }, exportType: "Yaml" }] });
    expect(job).toEqual({ id: expect.any(String), status: "Registered", totalFlows: 2, selfUri: `/api/v2/flows/export/jobs/${job.id}` });
  });

  it.each([
    { case: "no flows", body: { flows: [] }, field: /flows must list at least one flow/ },
    { case: "flows that are not a list", body: { flows: { flow: {} } }, field: /flows must be a list/ },
    { case: "a flow with neither id nor name and type", body: { flows: [{ flow: { name: "Sales Inbound" } }] }, field: /flow needs its id, or its name and type \(at flows\.0\.flow\)/ },
    { case: "a version that is not a string", body: { flows: [{ flow: { id: "x", version: 2 } }] }, field: /at flows\.0\.flow\.version/ },
    { case: "another export type", body: { flows: [{ flow: { id: "x" }, exportType: "Architect" }] }, field: /exportType must be Yaml, .*\(at flows\.0\.exportType\)/ },
    { case: "a file name with a path", body: { flows: [{ flow: { id: "x" }, fileName: "../sales.yaml" }] }, field: /at flows\.0\.fileName/ },
    {
      case: "two flows given one file name",
      body: { flows: [{ flow: { id: "x" }, fileName: "a.yaml" }, { flow: { id: "y" }, fileName: "A.yaml" }] },
      field: /flows\.1\.fileName 'A\.yaml' is also the fileName of flows\.0/,
    },
  ])("answers $case with 400 naming the field, and registers nothing", async ({ body, field }) => {
    const refused = await rejection(devExtended.architect.postFlowsExportJobs(body));
    expect(refused).toMatchObject({ status: 400, body: { code: "bad.request", message: expect.stringMatching(field) } });
    expect(emulator.architectJobs("dev")).toEqual([]);
  });
});

describe("GET /api/v2/flows/export/jobs/{jobId}", () => {
  it("moves Registered, Started after half of jobLatencyMs, then Success with a download URL", async () => {
    emulator.setFaults({ jobLatencyMs: 600 });
    const job = await dev.architect.postFlowsExportJobs({ flows: [{ flow: { id: flowId("Sales Inbound") } }] });
    const first = await dev.architect.getFlowsExportJob(job.id);
    expect(first).toEqual({ id: job.id, status: "Registered", command: "Export", selfUri: `/api/v2/flows/export/jobs/${job.id}` });
    await sleep(350);
    expect(await dev.architect.getFlowsExportJob(job.id)).toMatchObject({ status: "Started" });
    await sleep(350);
    const done = await dev.architect.getFlowsExportJob(job.id);
    expect(done).toEqual({ id: job.id, status: "Success", command: "Export", downloadUrl: expect.stringMatching(new RegExp(`^${emulator.url}/downloads/[A-Za-z0-9_-]{43}$`)), selfUri: first.selfUri });
  });

  it("adds messages only when asked with expand=messages", async () => {
    const job = await dev.architect.postFlowsExportJobs({ flows: [{ flow: { id: flowId("Sales Inbound") } }] });
    expect((await dev.architect.getFlowsExportJob(job.id)).messages).toBeUndefined();
    expect((await dev.architect.getFlowsExportJob(job.id, { expand: ["messages"] })).messages).toEqual([]);
  });

  it("answers another org's job, and a job that never was, with 404", async () => {
    const job = await dev.architect.postFlowsExportJobs({ flows: [{ flow: { id: flowId("Sales Inbound") } }] });
    const prod = await loggedInSdk(emulator, { clientId: "prod-client", clientSecret: "prod-secret", extended: true });
    expect(await rejection(prod.architect.getFlowsExportJob(job.id))).toMatchObject({ status: 404, body: { message: `Export job '${job.id}' was not found.` } });
    expect(await rejection(devExtended.architect.getFlowsExportJob("no-such-job"))).toMatchObject({ status: 404 });
  });

  it("ends in Failure with one message per flow it cannot export, each naming the flow and what is wrong", async () => {
    const deleted = flowId("Billing Inbound");
    await dev.architect.deleteFlow(deleted);
    const empty = await dev.architect.postFlows({ name: "No Configuration", type: "inboundcall" });
    const state = await exportState([
      { flow: { id: flowId("Sales Inbound") } },
      { flow: { id: "no-such-flow" } },
      { flow: { id: deleted } },
      { flow: { id: empty.id } },
      { flow: { id: flowId("Support Inbound"), version: "2.0" } },
      { flow: { name: "Nobody", type: "inboundcall" } },
    ]);
    expect(state.status).toBe("Failure");
    expect(state.downloadUrl).toBeUndefined();
    expect(state.messages!.map((message) => [message.type, message.text])).toEqual([
      ["Error", "Flow 'no-such-flow' is not a flow of this org."],
      ["Error", `Flow '${deleted}' (Billing Inbound) has been deleted.`],
      ["Error", `Flow '${empty.id}' (No Configuration) has no configuration to export: it was created without one and nothing was imported into it since.`],
      ["Error", `Flow '${flowId("Support Inbound")}' (Support Inbound) has no version '2.0'; its versions are 1.0.`],
      ["Error", "This org has no inboundcall flow named 'Nobody'."],
    ]);
  });
});

describe("the download URL", () => {
  it("gives one flow's YAML, at the version it was asked for, with no token and not as JSON", async () => {
    const support = flowId("Support Inbound");
    const firstYaml = emulator.flowYaml("dev", support)!;
    const outside = await OutsideArchitect.connect(emulator);
    await outside.editYaml(support, (document) => document.setIn(["inboundCall", "description"], "changed"));
    const state = await exportState([{ flow: { id: support, version: "1.0" }, fileName: "support.yaml" }]);
    const download = await fetch(state.downloadUrl!);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/x-yaml");
    expect(download.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''support.yaml");
    expect(await download.text()).toBe(firstYaml);
  });

  it("takes the YAML when the job is registered: a later import does not change the download", async () => {
    emulator.setFaults({ jobLatencyMs: 300 });
    const sales = flowId("Sales Inbound");
    const before = emulator.flowYaml("dev", sales)!;
    const job = await dev.architect.postFlowsExportJobs({ flows: [{ flow: { id: sales } }] });
    emulator.setFaults({ jobLatencyMs: 0 });
    await (await OutsideArchitect.connect(emulator)).editYaml(sales, (document) => document.setIn(["inboundCall", "description"], "changed meanwhile"));
    await sleep(350);
    const state = await dev.architect.getFlowsExportJob(job.id);
    expect(await (await fetch(state.downloadUrl)).text()).toBe(before);
  });

  it("gives several flows as a zip of one file per flow, named as asked or <flow name>_v<version>.yaml", async () => {
    const flows = [{ flow: { id: flowId("Sales Inbound") } }, { flow: { name: "global auth subflow", type: "commonmodule" }, fileName: "auth.yaml" }, { flow: { id: flowId("Sales Inbound") } }];
    const download = await fetch((await exportState(flows)).downloadUrl!);
    expect(download.headers.get("content-type")).toBe("application/zip");
    const files = unzipSync(new Uint8Array(await download.arrayBuffer()));
    expect(Object.keys(files)).toEqual(["Sales Inbound_v1.0.yaml", "auth.yaml", "Sales Inbound_v1.0_2.yaml"]);
    expect(strFromU8(files["auth.yaml"])).toBe(emulator.flowYaml("dev", flowId("Global Auth Subflow", "commonmodule")));
    expect(parse(strFromU8(files["Sales Inbound_v1.0.yaml"])).inboundCall.name).toBe("Sales Inbound");
  });

  it("refuses a request carrying an Authorization header: the URL is signed and must not carry a token", async () => {
    const state = await exportState([{ flow: { id: flowId("Sales Inbound") } }]);
    const leaking = await fetch(state.downloadUrl!, { headers: { Authorization: `Bearer ${dev.accessToken}` } });
    expect(leaking.status).toBe(400);
    expect(await leaking.json()).toMatchObject({ code: "InvalidArgument", message: expect.stringMatching(/signed and must not carry an Authorization header/) });
    expect((await fetch(state.downloadUrl!)).status).toBe(200);
  });

  it("answers a token that opens nothing with 404, and an upload URL's token with 404 too", async () => {
    expect((await fetch(`${emulator.url}/downloads/not-a-token`)).status).toBe(404);
    const upload = await dev.architect.postFlowsJobs();
    expect((await fetch(upload.presignedUrl.replace("/uploads/", "/downloads/"))).status).toBe(404);
  });

  it("expires 10 minutes after the job succeeded, then answers 403", async () => {
    const advance = takeControlOfTheClock();
    const state = await exportState([{ flow: { id: flowId("Sales Inbound") } }]);
    advance(9 * 60_000);
    expect((await fetch(state.downloadUrl!)).status).toBe(200);
    advance(61_000);
    const expired = await fetch(state.downloadUrl!);
    expect(expired.status).toBe(403);
    expect(await expired.json()).toMatchObject({ code: "AccessDenied", message: expect.stringMatching(/expired/) });
  });

  it("is not rate-limited, nor failed by the API's injected faults, and is in the request log with its org", async () => {
    const state = await exportState([{ flow: { id: flowId("Sales Inbound") } }]);
    emulator.setFaults({ rateLimitPerMinute: 1, errorRate: 1, throttledRate: 1 });
    for (let attempt = 0; attempt < 3; attempt++) expect((await fetch(state.downloadUrl!)).status).toBe(200);
    const downloads = emulator.requestLog.filter((entry) => entry.path.startsWith("/downloads/"));
    expect(downloads).toHaveLength(3);
    expect(downloads[0]).toMatchObject({ method: "GET", status: 200, orgId: "dev", clientId: "dev-client" });
  });

  it("waits out the configured latency like every request", async () => {
    const state = await exportState([{ flow: { id: flowId("Sales Inbound") } }]);
    emulator.setFaults({ latencyMs: 150 });
    const startedAt = Date.now();
    await fetch(state.downloadUrl!);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
  });
});

describe("exportJobsPerMinute", () => {
  it("answers an org's registrations over the limit in a sliding minute with 429 and Retry-After until a slot frees", async () => {
    const advance = takeControlOfTheClock();
    emulator.setFaults({ exportJobsPerMinute: 2 });
    const body = { flows: [{ flow: { id: flowId("Sales Inbound") } }] };
    await dev.architect.postFlowsExportJobs(body);
    advance(30_000);
    await dev.architect.postFlowsExportJobs(body);
    advance(10_000);
    const limited = await rejection(devExtended.architect.postFlowsExportJobs(body));
    expect(limited).toMatchObject({ status: 429, body: { code: "too.many.requests", message: expect.stringMatching(/registered 2 export jobs in the last minute/) } });
    expect(limited.headers["retry-after"]).toBe("20");
    // Another org has its own window.
    const prod = await loggedInSdk(emulator, { clientId: "prod-client", clientSecret: "prod-secret" });
    await prod.architect.postFlowsExportJobs({ flows: [{ flow: { name: "Sales Inbound", type: "inboundcall" } }] });
    advance(20_000);
    await expect(dev.architect.postFlowsExportJobs(body)).resolves.toMatchObject({ status: "Registered" });
    expect(emulator.architectJobs("dev").filter((job) => job.kind === "export")).toHaveLength(3);
  });

  it("leaves registrations unlimited at 0, the default", async () => {
    for (let index = 0; index < 10; index++) await dev.architect.postFlowsExportJobs({ flows: [{ flow: { id: flowId("Sales Inbound") } }] });
    expect(emulator.architectJobs("dev")).toHaveLength(10);
  });

  it("comes on top of the per-client rate limit and the API's injected faults", async () => {
    emulator.setFaults({ errorRate: 1 });
    expect((await rejection(devExtended.architect.postFlowsExportJobs({ flows: [{ flow: { id: flowId("Sales Inbound") } }] }))).status).toBeGreaterThanOrEqual(500);
    emulator.setFaults({ errorRate: 0, rateLimitPerMinute: 1 });
    await dev.architect.postFlowsExportJobs({ flows: [{ flow: { id: flowId("Sales Inbound") } }] });
    expect((await rejection(devExtended.architect.postFlowsExportJobs({ flows: [{ flow: { id: flowId("Sales Inbound") } }] }))).status).toBe(429);
  });
});
