// Protects the Architect format on the wire, against the emulator's Architect orgs through the real SDK:
// reads share export jobs, the edits of one flow go in one verified import, and each failure a real org
// gives (a failed job, a lock, 429 on exports, a refused upload, a job that never ends, a module never
// published, a format the org does not speak) is a clear error with nothing half-done.

import { EmulatorOptions, RunningEmulator, defaultSeed, startEmulator } from "../../../emulator";
import { OutsideArchitect } from "../../../emulator/outsideArchitect";
import { OutsideWriter } from "../../../emulator/outsideWriter";
import { desiredCall } from "../../../provider/attachmentDrift";
import { createAttachment } from "../../../provider/attachmentEdits";
import { DesiredCall } from "../../../provider/flowFormats/flowFormat";
import { Flow } from "../../../provider/flowModel";
import { callsOf } from "../../../provider/flowFormats/formats";
import { parseArchyFlow, serializeArchyFlow } from "../../../provider/flowFormats/architect/archyDocument";
import { ArchitectFlowStore, EXPORT_FLOWS_PER_JOB, exportJobsFor, importRefusal } from "../../../provider/genesys/architectFlowStore";
import { ArchitectJobs, JobProgress } from "../../../provider/genesys/architectJobs";
import { FlowsApi } from "../../../provider/genesys/flowsApi";
import { GenesysConnection } from "../../../provider/genesys/genesysConnection";
import { ArchitectJobError, FlowFormatError, FlowLockedError, GenesysApiError } from "../../../provider/genesys/errors";
import { GenesysClient, GenesysClientOptions } from "../../../provider/genesys/genesysClient";
import { devSettings } from "./emulatorFixture";

const fastJobs = { firstPollDelayMs: 1, maxPollDelayMs: 5 };
const fastRetry = { minDelayMs: 1, maxDelayMs: 10 };

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** An emulator whose demo orgs are Architect orgs; `dev` has a second OAuth client, as a person in Architect would be. */
async function architectEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = defaultSeed("architect");
  seed.orgs[0].clients.push({ clientId: "architect-user", clientSecret: "architect-secret" });
  emulator = await startEmulator({ randomSeed: 7, seed, ...options });
  return emulator;
}

function clientFor(emu: RunningEmulator, options: GenesysClientOptions = {}): GenesysClient {
  return GenesysClient.create(devSettings(emu), { retry: fastRetry, ...options, jobs: { ...fastJobs, ...options.jobs } });
}

function flowId(emu: RunningEmulator, name: string): string {
  const flow = emu.findArchitectFlowByName("dev", name);
  if (!flow) throw new Error(`the demo org has no flow '${name}'`);
  return flow.id;
}

function call(triggerId: string, emu: RunningEmulator, overrides: Partial<DesiredCall> = {}): DesiredCall {
  return {
    ...desiredCall(
      { triggerId, after: "start", arguments: { callerPhone: "${Call.Ani}" }, returnVariables: { "Flow.authResult": "authenticationResult" }, managedBy: "p/dev" },
      { id: flowId(emu, "Global Auth Subflow"), name: "Global Auth Subflow" },
    ),
    ...overrides,
  };
}

/** Attaches `desired` to the flow through the client's group commit. */
function attach(client: GenesysClient, parentId: string, desired: DesiredCall) {
  return client.editFlow(parentId, (flow) => createAttachment(flow, desired, { ours: ["p/dev"], adopt: false }));
}

const jobsOf = (emu: RunningEmulator, kind: "export" | "import") => emu.architectJobs("dev").filter((job) => job.kind === kind);

describe("reading Architect flows", () => {
  it("reads a flow's YAML with one export job that holds every flow of its type, and reads each published version once", async () => {
    const emu = await architectEmulator();
    const client = clientFor(emu);
    const sales = await client.readFlowDocument(flowId(emu, "Sales Inbound"));
    expect(sales?.document.format).toBe("architect");
    expect(client.flowFormat).toBe("architect");
    const [job] = jobsOf(emu, "export");
    expect(jobsOf(emu, "export")).toHaveLength(1);
    expect(job.flowIds.sort()).toEqual(["Billing Inbound", "Sales Inbound", "Support Inbound"].map((name) => flowId(emu, name)).sort());
    await client.readFlowDocument(flowId(emu, "Support Inbound"));
    await client.readFlowDocument(flowId(emu, "Billing Inbound"));
    expect(jobsOf(emu, "export")).toHaveLength(1);
    // The downloads never carry the token: the emulator refuses a signed URL that gets one.
    expect(emu.requestLog.filter((entry) => entry.path.startsWith("/downloads/")).map((entry) => entry.status)).toEqual([200]);
  });

  it("parses each published version once: every read shares the document, which an edit leaves as it was read", async () => {
    const emu = await architectEmulator();
    const client = clientFor(emu);
    const salesId = flowId(emu, "Sales Inbound");
    const archyOf = async () => {
      const read = await client.readFlowDocument(salesId);
      if (read?.document.format !== "architect") throw new Error("expected an Architect document");
      return read.document.archy;
    };
    const first = await archyOf();
    expect(await archyOf()).toBe(first);
    const asRead = serializeArchyFlow(first);
    await attach(client, salesId, call("callA", emu));
    // The edit worked on a copy; the version the import made is read, and parsed, anew.
    expect(serializeArchyFlow(first)).toBe(asRead);
    const written = await archyOf();
    expect(written).not.toBe(first);
    expect(callsOf({ format: "architect", archy: written }).find("callA")?.isCall).toBe(true);
  });

  it("gives two versions of one flow read together each its own YAML, in jobs that hold the flow once", async () => {
    const emu = await architectEmulator();
    const connection = new GenesysConnection(devSettings(emu), { retry: fastRetry });
    const flows = new FlowsApi(connection);
    const store = new ArchitectFlowStore(new ArchitectJobs(connection, { ...fastJobs, retry: fastRetry }), (id, options) => flows.getFlow(id, options), async () => undefined);
    const salesId = flowId(emu, "Sales Inbound");
    const before = (await flows.getFlow(salesId))!;
    const outside = await OutsideArchitect.connect(emu);
    await outside.importYaml(emu.flowYaml("dev", salesId)!.replace(/description: .*/, "description: republished"));
    const after = (await flows.getFlow(salesId, { fresh: true }))!;
    expect([before.publishedVersion?.id, after.publishedVersion?.id]).toEqual(["1.0", "2.0"]);

    const [old, current] = await Promise.all([before, after].map((flow) => store.readDocument(flow, { fresh: false, alone: true })));
    const textOf = (read: typeof old) => (read.document.format === "architect" ? serializeArchyFlow(read.document.archy) : "");
    expect(textOf(old)).toBe(serializeArchyFlow(parseArchyFlow(emu.flowYaml("dev", salesId, "1.0")!, { name: "Sales Inbound", id: salesId })));
    expect(textOf(current)).toBe(serializeArchyFlow(parseArchyFlow(emu.flowYaml("dev", salesId, "2.0")!, { name: "Sales Inbound", id: salesId })));
    expect(textOf(old)).not.toBe(textOf(current));
    expect(jobsOf(emu, "export").map((job) => job.flowIds)).toEqual([[salesId], [salesId]]);
  });

  it("splits flows to export into jobs of at most a hundred that hold each flow once", () => {
    const flows = [...Array.from({ length: EXPORT_FLOWS_PER_JOB + 1 }, (_, index) => ({ id: `f${index}`, version: "1.0" })), { id: "f0", version: "2.0" }];
    expect(exportJobsFor(flows).map((job) => job.length)).toEqual([EXPORT_FLOWS_PER_JOB, 1, 1]);
    expect(exportJobsFor(flows).at(-1)).toEqual([{ id: "f0", version: "2.0" }]);
  });

  it("reports each poll of a job for people to follow: which job, for which flows, its status and how long", async () => {
    const emu = await architectEmulator({ jobLatencyMs: 40 });
    const seen: JobProgress[] = [];
    await clientFor(emu, { jobs: { onProgress: (progress) => seen.push(progress) } }).readFlowDocument(flowId(emu, "Sales Inbound"));
    const [job] = jobsOf(emu, "export");
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((progress) => progress.kind === "export" && progress.jobId === job.id && progress.flows.includes("Sales Inbound"))).toBe(true);
    expect(seen.at(-1)).toMatchObject({ status: "Success", done: true });
    expect(seen.slice(0, -1).every((progress) => !progress.done && ["Registered", "Started"].includes(progress.status))).toBe(true);
  });

  it("tells the org's format from its flows, and refuses a forced format the org does not speak before anything is written", async () => {
    const emu = await architectEmulator();
    const forcedGraph = GenesysClient.create(devSettings(emu, { flowFormat: "graph" }), { retry: fastRetry });
    await expect(forcedGraph.readFlowDocument(flowId(emu, "Sales Inbound"))).rejects.toThrow(
      new FlowFormatError(
        `genesys:flowFormat (GENESYS_FLOW_FORMAT) is 'graph', but flow 'Sales Inbound' (${flowId(emu, "Sales Inbound")}) carries no triggers or edges: this org keeps its flows' logic in Architect's format. Set it to 'architect', or remove it to let the provider tell; nothing was written.`,
      ),
    );
    const graphOrg = await startEmulator({ randomSeed: 7 });
    try {
      const salesId = graphOrg.findFlowByName("dev", "Sales Inbound")!.id;
      const forcedArchitect = GenesysClient.create(devSettings(graphOrg, { flowFormat: "architect" }), { retry: fastRetry });
      await expect(forcedArchitect.editFlow(salesId, () => ({ result: "never" }))).rejects.toThrow(/is 'architect', but flow 'Sales Inbound' .* carries triggers and edges/);
      expect(graphOrg.requestLog.filter((entry) => entry.method !== "GET" && entry.path !== "/oauth/token")).toEqual([]);
    } finally {
      await graphOrg.close();
    }
    expect(emu.architectJobs("dev")).toEqual([]);
  });
});

describe("writing Architect flows", () => {
  it("writes the edits of one flow in one import, verified by exporting the version it made", async () => {
    const emu = await architectEmulator();
    const client = clientFor(emu);
    const salesId = flowId(emu, "Sales Inbound");
    const versionsBefore = emu.flowVersionIds("dev", salesId);
    const outcomes = await Promise.all(["callA", "callB", "callC"].map((triggerId) => attach(client, salesId, call(triggerId, emu))));
    expect(outcomes.map((outcome) => [outcome.result, outcome.wrote])).toEqual([
      ["spliced", true],
      ["spliced", true],
      ["spliced", true],
    ]);
    expect(jobsOf(emu, "import")).toHaveLength(1);
    expect(emu.flowVersionIds("dev", salesId)).toEqual([...versionsBefore, `${versionsBefore.length + 1}.0`]);
    const stored = parseArchyFlow(emu.flowYaml("dev", salesId)!, { name: "Sales Inbound" });
    const calls = callsOf({ format: "architect", archy: stored });
    expect(calls.all().map((live) => live.triggerId)).toEqual(["callC", "callB", "callA"]);
    // The export after the import is the check that the service kept what was sent.
    const lastExport = jobsOf(emu, "export").at(-1)!;
    expect(lastExport.flowIds).toContain(salesId);
    expect(lastExport.registeredAt.getTime()).toBeGreaterThanOrEqual(jobsOf(emu, "import")[0].registeredAt.getTime());
  });

  it("reads a flow renamed since it was read again, so the import updates it instead of making a flow under the old name", async () => {
    const emu = await architectEmulator();
    const client = clientFor(emu);
    const salesId = flowId(emu, "Sales Inbound");
    await client.readFlowDocument(salesId);
    await (await OutsideWriter.connect(emu)).editFlow(salesId, (flow) => void (flow.name = "Sales Inbound EMEA"));
    expect((await attach(client, salesId, call("callGlobalAuth", emu))).wrote).toBe(true);
    expect(jobsOf(emu, "import").map((job) => job.command)).toEqual(["Update"]);
    expect(emu.architectFlows("dev").map((flow) => flow.name).sort()).toEqual(["Billing Inbound", "Global Auth Subflow", "Sales Inbound EMEA", "Support Inbound"]);
    expect(callsOf({ format: "architect", archy: parseArchyFlow(emu.flowYaml("dev", salesId)!, { name: "Sales Inbound EMEA" }) }).find("callGlobalAuth")?.isCall).toBe(true);
  });

  it("shows a failed import's messages, and the flow stays as it was", async () => {
    const emu = await architectEmulator();
    // The module may now be called from in-queue flows only: the service refuses the call from an inbound flow.
    const outsider = await OutsideArchitect.connect(emu);
    await outsider.editYaml(flowId(emu, "Global Auth Subflow"), (document) => document.setIn(["commonModule", "settingsCommonModule", "compatibleFlowTypes"], ["inqueuecall"]));
    const salesId = flowId(emu, "Sales Inbound");
    const before = emu.flowYaml("dev", salesId);
    const failure = await attach(clientFor(emu), salesId, call("callGlobalAuth", emu)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ArchitectJobError);
    // The outsider's import came first; the provider's is the last.
    const job = jobsOf(emu, "import").at(-1)!;
    expect(job.status).toBe("Failure");
    expect((failure as Error).message).toMatch(new RegExp(`^import job ${job.id} for flow 'Sales Inbound' ended in Failure: .*compatibleFlowTypes \\(inqueuecall\\) does not include inboundcall`));
    expect((failure as ArchitectJobError).jobId).toBe(job.id);
    expect(emu.flowYaml("dev", salesId)).toBe(before);
  });

  it("refuses a flow checked out by someone in Architect, naming them and how to unlock it, and never unlocks it", async () => {
    const emu = await architectEmulator();
    const salesId = flowId(emu, "Sales Inbound");
    const person = await OutsideArchitect.connect(emu, { clientId: "architect-user", clientSecret: "architect-secret" });
    await person.checkout(salesId);
    const failure = attach(clientFor(emu), salesId, call("callGlobalAuth", emu));
    await expect(failure).rejects.toBeInstanceOf(FlowLockedError);
    await expect(failure).rejects.toThrow(
      new RegExp(`flow 'Sales Inbound' \\(${salesId}\\) cannot be changed: it is checked out by .*architect-user.* in Architect; nothing was written\\. .*POST /api/v2/flows/actions/unlock\\?flow=${salesId}.*never unlocks a flow itself`),
    );
    expect(jobsOf(emu, "import")).toEqual([]);
    expect(emu.requestLog.filter((entry) => entry.path.includes("/actions/unlock") || entry.path.includes("/actions/checkin"))).toEqual([]);
    expect(emu.getArchitectFlow("dev", salesId)?.lockedUser).toBeDefined();
  });

  it("waits as long as a 429 on the export endpoint says, then reads", async () => {
    const emu = await architectEmulator({ exportJobsPerMinute: 1 });
    const waits: number[] = [];
    // A clock the waits move on, so the minute the service asks for passes at once: its limit is lifted then.
    let skippedMs = 0;
    const client = clientFor(emu, {
      retry: {
        ...fastRetry,
        now: () => Date.now() + skippedMs,
        sleep: async (ms: number) => {
          waits.push(ms);
          skippedMs += ms;
          if (ms >= 1000) emu.setFaults({ exportJobsPerMinute: 0 });
          await new Promise((resolve) => setImmediate(resolve));
        },
      },
    });
    await client.readFlowDocument(flowId(emu, "Sales Inbound"));
    const module = await client.readFlowDocument(flowId(emu, "Global Auth Subflow"));
    expect(module?.flow.name).toBe("Global Auth Subflow");
    const throttled = emu.requestLog.filter((entry) => entry.path === "/api/v2/flows/export/jobs" && entry.status === 429);
    expect(throttled).toHaveLength(1);
    expect(Math.max(...waits)).toBeGreaterThan(1000);
    expect(Math.max(...waits)).toBeLessThanOrEqual(60_000);
  });

  it("stops at an upload the file host refuses, saying so, and stores nothing", async () => {
    const emu = await architectEmulator({ maxUploadBytes: 512 });
    const salesId = flowId(emu, "Sales Inbound");
    const before = emu.flowYaml("dev", salesId);
    const failure = attach(clientFor(emu), salesId, call("callGlobalAuth", emu));
    await expect(failure).rejects.toBeInstanceOf(GenesysApiError);
    await expect(failure).rejects.toThrow(/PUT \{presignedUrl\} failed with 413/);
    expect(emu.flowYaml("dev", salesId)).toBe(before);
    expect(emu.requestLog.filter((entry) => entry.path.startsWith("/uploads/")).map((entry) => entry.status)).toEqual([413]);
  });

  it("gives up on a job that does not end in time, naming it", async () => {
    const emu = await architectEmulator({ jobLatencyMs: 600_000 });
    const client = clientFor(emu, { jobs: { jobTimeoutMs: 300 } });
    const failure = await client.readFlowDocument(flowId(emu, "Sales Inbound")).then(
      () => undefined,
      (error: unknown) => error,
    );
    const [job] = jobsOf(emu, "export");
    expect(failure).toBeInstanceOf(ArchitectJobError);
    expect((failure as Error).message).toMatch(new RegExp(`^export job ${job.id} for 3 flows \\(.*'Sales Inbound'.*\\) did not end within 0.3 s \\(last status (Registered|Started)\\); .*GET /api/v2/flows/export/jobs/${job.id}`));
    // A job that did not end says nothing about its flows: they are not exported one by one after it.
    expect(jobsOf(emu, "export")).toHaveLength(1);
  });

  it("refuses to import over saved work that is not published, which the import would drop or release", () => {
    const published = { id: "f1", name: "Sales Inbound", type: "inboundcall", publishedVersion: { id: "3.0" }, savedVersion: { id: "3.0" } } as unknown as Flow;
    expect(importRefusal(published)).toBeUndefined();
    expect(importRefusal({ ...published, savedVersion: { id: "4.0" } })?.message).toBe(
      "flow 'Sales Inbound' (f1) has a saved version 4.0 that is not published (published: 3.0); an import builds on the published version and publishes, " +
        "which would drop or release that work. Publish or discard it in Architect, then run the command again; nothing was written.",
    );
    expect(importRefusal({ ...published, checkedInVersion: { id: "4.0" } })?.message).toMatch(/has a saved version 4\.0 that is not published/);
    expect(importRefusal({ ...published, lockedUser: { id: "u1", name: "Dana Agent" } })).toBeInstanceOf(FlowLockedError);
  });

  it("refuses a common module that was never published before anything is written", async () => {
    const emu = await architectEmulator();
    const draft = await (await OutsideWriter.connect(emu)).createFlow({ name: "Draft Module", type: "commonmodule" });
    const client = clientFor(emu);
    await expect(client.readFlowDocument(draft.id)).rejects.toThrow(`flow 'Draft Module' (${draft.id}) has never been published, so Architect has no published configuration to read or build on; publish it in Architect first`);
    expect(jobsOf(emu, "import")).toEqual([]);
  });
});
