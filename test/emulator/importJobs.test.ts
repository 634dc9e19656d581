// Protects Architect import jobs, through the real SDK and plain fetch for the signed upload URL: the
// upload must carry exactly the headers the job was given and no token, once; the job moves Registered
// (until the upload), Started, then Success or Failure with `jobLatencyMs`; a file that breaks a rule
// fails the job with one message per problem and stores nothing; a good one becomes the next published
// version of the flow it names (Update), or a new flow (Create), in the service's canonical YAML.

import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { RunningEmulator, startEmulator } from "../../emulator";
import { OutsideArchitect } from "../../emulator/outsideArchitect";
import { loggedInSdk, SdkConnection } from "../../emulator/sdkClient";
import { devFlowId, devOrgSnapshot, startArchitectEmulator } from "./architectTestEmulator";
import { rejection } from "./rejection";

const FIXTURES = path.join(__dirname, "../fixtures/architect");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");

let emulator: RunningEmulator;
let dev: SdkConnection;
let devExtended: SdkConnection;

beforeEach(async () => {
  ({ emulator, dev, devExtended } = await startArchitectEmulator());
});

afterEach(() => emulator.close());

const flowId = (name: string, type?: string) => devFlowId(emulator, name, type);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const salesYaml = () => emulator.flowYaml("dev", flowId("Sales Inbound"))!;

const orgSnapshot = () => devOrgSnapshot(emulator);

/** Registers an import job and uploads `file` with the headers it was given; the job's state after. */
async function importFile(file: string | Uint8Array): Promise<{ id: string; status: string; command?: string; flow?: { id: string; name: string }; messages: Array<{ type: string; text: string }> }> {
  const job = await dev.architect.postFlowsJobs();
  const upload = await fetch(job.presignedUrl, { method: "PUT", headers: job.headers, body: file });
  expect(upload.status).toBe(200);
  return dev.architect.getFlowsJob(job.id, { expand: ["messages"] });
}

/** `yaml` with a call of the demo module added as the first action of the task `Main`. */
function withModuleCall(yaml: string, binding: Record<string, unknown>, moduleName = "Global Auth Subflow", version = "ver_latestPublished"): string {
  const document = parse(yaml);
  document.inboundCall.tasks[0].task.actions.unshift({ callCommonModule: { name: "callGlobalAuth", commonModule: { [moduleName]: { [version]: binding } } } });
  return JSON.stringify(document);
}

describe("POST /api/v2/flows/jobs", () => {
  it("answers the signed upload URL and the headers the upload must carry", async () => {
    const job = await dev.architect.postFlowsJobs({ body: { createStubs: true } });
    expect(job).toEqual({
      id: expect.any(String),
      presignedUrl: expect.stringMatching(new RegExp(`^${emulator.url}/uploads/[A-Za-z0-9_-]{43}$`)),
      headers: { "Content-Type": "application/octet-stream", "x-emulator-upload-signature": expect.stringMatching(/^[0-9a-f]{32}$/) },
      selfUri: `/api/v2/flows/jobs/${job.id}`,
    });
    expect(await dev.architect.getFlowsJob(job.id, { expand: ["messages"] })).toEqual({ id: job.id, status: "Registered", messages: [], selfUri: job.selfUri });
  });

  it("answers a malformed body with 400 naming the field", async () => {
    expect(await rejection(devExtended.architect.postFlowsJobs({ body: { createStubs: "yes" } }))).toMatchObject({ status: 400, body: { message: expect.stringMatching(/createStubs must be true or false \(at createStubs\)/) } });
  });

  it("answers another org's job, and a job that never was, with 404", async () => {
    const job = await dev.architect.postFlowsJobs();
    const prod = await loggedInSdk(emulator, { clientId: "prod-client", clientSecret: "prod-secret", extended: true });
    expect(await rejection(prod.architect.getFlowsJob(job.id))).toMatchObject({ status: 404, body: { message: `Import job '${job.id}' was not found.` } });
    expect(await rejection(devExtended.architect.getFlowsJob("no-such-job"))).toMatchObject({ status: 404 });
  });
});

describe("the upload URL", () => {
  it("needs every header the job was given, exactly: a missing or different one gets 403 naming it, and changes nothing", async () => {
    const job = await dev.architect.postFlowsJobs();
    const { "x-emulator-upload-signature": signature } = job.headers;
    const attempts = [
      { headers: { "Content-Type": "application/octet-stream" }, named: "'x-emulator-upload-signature' is missing" },
      { headers: { ...job.headers, "x-emulator-upload-signature": `${signature}0` }, named: "'x-emulator-upload-signature' is not the value the URL was signed with" },
      { headers: { ...job.headers, "Content-Type": "text/yaml" }, named: "'Content-Type' is not the value the URL was signed with" },
    ];
    for (const { headers, named } of attempts) {
      const refused = await fetch(job.presignedUrl, { method: "PUT", headers, body: salesYaml() });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ code: "SignatureDoesNotMatch", message: expect.stringContaining(named) });
    }
    expect((await dev.architect.getFlowsJob(job.id)).status).toBe("Registered");
  });

  it("refuses a request carrying an Authorization header: the URL is signed and must not carry a token", async () => {
    const job = await dev.architect.postFlowsJobs();
    const leaking = await fetch(job.presignedUrl, { method: "PUT", headers: { ...job.headers, Authorization: `Bearer ${dev.accessToken}` }, body: salesYaml() });
    expect(leaking.status).toBe(400);
    expect(await leaking.json()).toMatchObject({ code: "InvalidArgument", message: expect.stringMatching(/signed and must not carry an Authorization header/) });
    expect((await dev.architect.getFlowsJob(job.id)).status).toBe("Registered");
  });

  it("takes one upload per job: a second gets 409 and changes nothing", async () => {
    const job = await dev.architect.postFlowsJobs();
    expect((await fetch(job.presignedUrl, { method: "PUT", headers: job.headers, body: salesYaml() })).status).toBe(200);
    const second = await fetch(job.presignedUrl, { method: "PUT", headers: job.headers, body: "inboundCall: {}" });
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ code: "UploadAlreadyReceived" });
    expect(emulator.flowVersionIds("dev", flowId("Sales Inbound"))).toEqual(["1.0", "2.0"]);
  });

  it("answers a file over maxUploadBytes with 413, and the job fails saying the file is too large", async () => {
    const small = await startEmulator({ flowFormat: "architect", maxUploadBytes: 1024 });
    try {
      const sdk = await loggedInSdk(small);
      const job = await sdk.architect.postFlowsJobs();
      const tooLarge = await fetch(job.presignedUrl, { method: "PUT", headers: job.headers, body: `${"# padding\n".repeat(103)}inboundCall: {}` });
      expect(tooLarge.status).toBe(413);
      expect(await tooLarge.json()).toMatchObject({ code: "EntityTooLarge" });
      const state = await sdk.architect.getFlowsJob(job.id, { expand: ["messages"] });
      expect(state).toMatchObject({ status: "Failure", messages: [{ type: "Error", text: "The file is too large: 1045 bytes, over the limit of 1024 bytes." }] });
      expect(state.command).toBeUndefined();
      expect((await fetch(job.presignedUrl, { method: "PUT", headers: job.headers, body: "x" })).status).toBe(409);
    } finally {
      await small.close();
    }
  });

  it("is not rate-limited, nor failed by the API's injected faults, and is in the request log with its org", async () => {
    const job = await dev.architect.postFlowsJobs();
    emulator.setFaults({ rateLimitPerMinute: 1, errorRate: 1, throttledRate: 1 });
    expect((await fetch(job.presignedUrl, { method: "PUT", headers: job.headers, body: salesYaml() })).status).toBe(200);
    expect(emulator.requestLog.filter((entry) => entry.path.startsWith("/uploads/"))).toEqual([expect.objectContaining({ method: "PUT", status: 200, orgId: "dev", clientId: "dev-client" })]);
  });

  it("answers a token that opens nothing with 404, and a download URL's token with 404 too", async () => {
    expect((await fetch(`${emulator.url}/uploads/not-a-token`, { method: "PUT", body: "x" })).status).toBe(404);
    const exportJob = await dev.architect.postFlowsExportJobs({ flows: [{ flow: { id: flowId("Sales Inbound") } }] });
    const { downloadUrl } = await dev.architect.getFlowsExportJob(exportJob.id);
    expect((await fetch(downloadUrl.replace("/downloads/", "/uploads/"), { method: "PUT", body: "x" })).status).toBe(404);
  });
});

describe("GET /api/v2/flows/jobs/{jobId}", () => {
  it("stays Registered while nothing is uploaded", async () => {
    emulator.setFaults({ jobLatencyMs: 100 });
    const job = await dev.architect.postFlowsJobs();
    await sleep(250);
    expect(await dev.architect.getFlowsJob(job.id)).toEqual({ id: job.id, status: "Registered", selfUri: job.selfUri });
  });

  it("moves Started once the file is uploaded, then Success after jobLatencyMs, only then changing the flow", async () => {
    emulator.setFaults({ jobLatencyMs: 400 });
    const sales = flowId("Sales Inbound");
    const job = await dev.architect.postFlowsJobs();
    await fetch(job.presignedUrl, { method: "PUT", headers: job.headers, body: salesYaml().replace("Play welcome prompt", "Greet the caller") });
    expect(await dev.architect.getFlowsJob(job.id)).toEqual({ id: job.id, status: "Started", selfUri: job.selfUri });
    expect(emulator.flowVersionIds("dev", sales)).toEqual(["1.0"]);
    await sleep(500);
    expect(emulator.flowVersionIds("dev", sales)).toEqual(["1.0", "2.0"]);
    expect(await dev.architect.getFlowsJob(job.id, { expand: ["messages"] })).toEqual({
      id: job.id,
      status: "Success",
      command: "Update",
      flow: { id: sales, name: "Sales Inbound", selfUri: `/api/v2/flows/${sales}` },
      messages: [],
      selfUri: job.selfUri,
    });
  });
});

describe("a successful import", () => {
  it("updates the flow of that type and name (any letter case) as its next version, published, saved and checked in at once", async () => {
    const sales = flowId("Sales Inbound");
    const edited = salesYaml().replace("name: Sales Inbound", "name: SALES INBOUND").replace("Play welcome prompt", "Greet the caller");
    const state = await importFile(edited);
    expect(state).toMatchObject({ status: "Success", command: "Update", flow: { id: sales, name: "SALES INBOUND" } });
    const entity = await dev.architect.getFlow(sales);
    expect(entity).toMatchObject({ name: "SALES INBOUND", publishedVersion: { id: "2.0", createdByClient: { id: "dev-client" } }, savedVersion: { id: "2.0" }, checkedInVersion: { id: "2.0" } });
    expect(await dev.architect.getFlowVersion(sales, "2.0")).toEqual(entity.publishedVersion);
    expect(emulator.flowYaml("dev", sales)).toBe(edited);
    expect(emulator.flowYaml("dev", sales, "1.0")).not.toContain("Greet the caller");
  });

  it("creates a flow the org has none of that type and name for, with a new ID, at version 1.0", async () => {
    const state = await importFile(fixture("routing-common-module.yaml"));
    expect(state).toMatchObject({ status: "Success", command: "Create", flow: { name: "Fixture Routing Module" } });
    expect(emulator.getArchitectFlow("dev", state.flow!.id)).toMatchObject({ type: "commonmodule", description: "Picks a queue by the caller's language.", publishedVersion: { id: "1.0" } });
    expect(emulator.architectFlows("dev")).toHaveLength(5);
  });

  it.each(["menu-start-inbound.yaml", "hand-written-crlf-inbound.yaml", "routing-common-module.yaml", "calls-global-auth-inbound.yaml"])(
    "accepts %s, shaped like a real export, and stores its values in the service's canonical YAML (no comments, LF line endings)",
    async (name) => {
      const state = await importFile(fixture(name));
      expect(state).toMatchObject({ status: "Success", command: "Create", messages: [] });
      const stored = emulator.flowYaml("dev", state.flow!.id)!;
      expect(parse(stored)).toEqual(parse(fixture(name)));
      expect(stored).not.toMatch(/#|\r/);
    },
  );

  it("keeps every version's YAML for exports of that version", async () => {
    const outside = await OutsideArchitect.connect(emulator);
    const support = flowId("Support Inbound");
    const original = await outside.exportYaml(support);
    await outside.editYaml(support, (document) => document.setIn(["inboundCall", "description"], "second"));
    await outside.editYaml(support, (document) => document.setIn(["inboundCall", "description"], "third"));
    expect(emulator.flowVersionIds("dev", support)).toEqual(["1.0", "2.0", "3.0"]);
    expect(await outside.exportYaml(support, "1.0")).toBe(original);
    expect(parse(await outside.exportYaml(support, "2.0")).inboundCall.description).toBe("second");
    expect(parse(await outside.exportYaml(support)).inboundCall.description).toBe("third");
  });

  it("accepts a call of the published module that binds declared inputs and outputs, pinned or latest", async () => {
    const binding = { inputs: { "Common.callerPhone": { exp: "Call.Ani" } }, outputs: { "Common.authenticationResult": { var: "Flow.authResult" } } };
    expect((await importFile(withModuleCall(salesYaml(), binding))).status).toBe("Success");
    expect((await importFile(withModuleCall(salesYaml(), binding, "global auth subflow", "ver_1.0"))).status).toBe("Success");
  });
});

describe("a failed import", () => {
  it.each([
    { rule: "module not published", yaml: () => withModuleCall(salesYaml(), {}, "Unpublished Module"), message: /calls 'Unpublished Module': this org has no common module of that name/ },
    {
      rule: "undeclared input",
      yaml: () => withModuleCall(salesYaml(), { inputs: { "Common.accountNumber": { exp: "Call.Ani" } } }),
      message: /binds input 'Common.accountNumber', which 'Global Auth Subflow' \(version 1.0\) does not declare as an input/,
    },
    {
      rule: "an output bound as an input",
      yaml: () => withModuleCall(salesYaml(), { inputs: { "Common.authenticationResult": { lit: "x" } } }),
      message: /binds input 'Common.authenticationResult'/,
    },
    { rule: "a version the module never published", yaml: () => withModuleCall(salesYaml(), {}, "Global Auth Subflow", "ver_7.0"), message: /asks for version 7.0 of 'Global Auth Subflow'/ },
    { rule: "another division", yaml: () => salesYaml().replace("division: Home", "division: Elsewhere"), message: /this org's division is 'Home'/ },
    { rule: "a startUpRef naming nothing", yaml: () => salesYaml().replace("task[Main_10]", "task[Main_99]"), message: /names no task of this flow/ },
  ])("fails for $rule, with a message saying why, and stores nothing", async ({ yaml, message }) => {
    const before = orgSnapshot();
    const state = await importFile(yaml());
    expect(state).toMatchObject({ status: "Failure", command: "Update", flow: { id: flowId("Sales Inbound") } });
    expect(state.messages).toEqual([expect.objectContaining({ type: "Error", text: expect.stringMatching(message) })]);
    expect(orgSnapshot()).toEqual(before);
  });

  it("fails for a module that exists but has no configuration yet: it was never published", async () => {
    const unpublished = await dev.architect.postFlows({ name: "Unpublished Module", type: "commonmodule" });
    const state = await importFile(withModuleCall(salesYaml(), {}, "Unpublished Module"));
    expect(state.messages).toEqual([expect.objectContaining({ text: expect.stringMatching(`calls common module 'Unpublished Module', which has never been published`) })]);
    expect(emulator.flowVersionIds("dev", unpublished.id)).toEqual([]);
  });

  it("fails for a caller of a type the module is not compatible with", async () => {
    const inqueue = "inqueueCall:\n  name: Hold Music\n  startUpTaskActions:\n    - callCommonModule:\n        name: auth\n        commonModule:\n          Global Auth Subflow:\n            ver_latestPublished: {}\n";
    const state = await importFile(inqueue);
    expect(state).toMatchObject({ status: "Failure", command: "Create" });
    expect(state.flow).toBeUndefined();
    expect(state.messages[0].text).toMatch(/compatibleFlowTypes \(inboundcall\) does not include inqueuecall/);
    expect(emulator.architectFlows("dev")).toHaveLength(4);
  });

  it("lists one message per problem", async () => {
    const yaml = withModuleCall(salesYaml().replace("division: Home", "division: Elsewhere"), { inputs: { "Common.a": { exp: "x" }, "Common.b": { exp: "y" } } });
    expect((await importFile(yaml)).messages.map((message) => message.text)).toEqual([
      expect.stringMatching(/division/),
      expect.stringMatching(/binds input 'Common.a'/),
      expect.stringMatching(/binds input 'Common.b'/),
    ]);
  });
});
