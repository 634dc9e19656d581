// Protects the benchmark's run of the Pulumi resource through the real provider host (needs `npm run build`): each
// phase measured from the emulator's log and, on an Architect org, its jobs; drift seen, repaired, destroy leaving
// nothing; a request of the benchmark's own process that fails is a failure of its phase, and the run goes on.

import { runScenario } from "../../bench/benchScenario";
import { doNothingProviderText, PulumiStrategy, serializedProvider } from "../../bench/pulumiStrategy";
import { BENCH_ORG_ID, benchAttachments, benchSeed, DEPLOYER_CREDENTIALS } from "../../bench/benchOrg";
import { startEmulator } from "../../emulator";

describe("a benchmark run of the Pulumi resource", () => {
  it("wires, sees no change, sees the drift, repairs it and removes everything", async () => {
    const run = await runScenario({ attachmentCount: 2, parentFlowCount: 1, latencyMs: 0 }, { strategy: "pulumi", providerText: await serializedProvider(), engineBaseline: true });

    expect(run.hostStartMs).toBeGreaterThan(0);
    // The same first up with a provider that does nothing starts two hosts (preview and update): longer than one.
    expect(run.engineBaselineMs).toBeGreaterThan(run.hostStartMs!);
    expect(run.driftedAttachments).toBe(1);
    const byPhase = Object.fromEntries(run.phases.map((p) => [p.phase, p]));
    expect(byPhase["first up"].outcome).toEqual({ failures: 0, changes: 2 });
    expect(byPhase["first up"].wiring).toEqual({ wired: 2, present: 2, invalidFlows: 0 });
    expect(byPhase["no-change preview"].outcome).toEqual({ failures: 0, changes: 0 });
    expect(byPhase["no-change preview"].requests.byEndpoint["PUT /api/v2/flows/{id}"]).toBeUndefined();
    expect(byPhase["preview after drift"].outcome).toEqual({ failures: 0, changes: 1 });
    expect(byPhase["preview after drift"].wiring.wired).toBe(1);
    expect(byPhase["repairing up"].outcome).toEqual({ failures: 0, changes: 1 });
    expect(byPhase["repairing up"].wiring.wired).toBe(2);
    expect(byPhase.destroy.outcome).toEqual({ failures: 0, changes: 2 });
    expect(byPhase.destroy.wiring).toEqual({ wired: 0, present: 0, invalidFlows: 0 });
    // One login per provider process that needs the org. `pulumi up` runs its preview in a process of its
    // own, which asks the org too: before the first up, whether another stack owns the calls it would make
    // (the declarations carry the stack's marker, as SubflowAttachment's do); with state, its diffs.
    const logins = Object.fromEntries(run.phases.map((p) => [p.phase, p.requests.byEndpoint["POST /oauth/token"]]));
    expect(logins).toEqual({ "first up": 2, "no-change preview": 1, "preview after drift": 1, "repairing up": 2, destroy: 1 });
  });
});

describe("a benchmark run of the Pulumi resource on an Architect org", () => {
  // 11 parents: the outsider drifts two of them (a tenth, rounded up), removing the call in one and changing
  // its input in the other; two attachments per parent, so one import carries two edits.
  const config = { attachmentCount: 22, parentFlowCount: 11, latencyMs: 0, parallelism: "all" as const, flowFormat: "architect" as const };

  it("wires through one import per parent, checks drift with one export job, repairs the drifted flows and removes everything", async () => {
    const run = await runScenario(config, { strategy: "pulumi", providerText: await serializedProvider(), parallelism: config.attachmentCount });

    expect(run.driftedAttachments).toBe(2);
    const byPhase = Object.fromEntries(run.phases.map((p) => [p.phase, p]));
    expect(byPhase["first up"].outcome).toEqual({ failures: 0, changes: 22 });
    expect(byPhase["first up"].wiring).toEqual({ wired: 22, present: 22, invalidFlows: 0 });
    expect(byPhase["first up"].jobs).toMatchObject({ importJobs: 11, uploads: 11 });
    // Each job is polled until it ends, and each export's file downloaded once.
    for (const { jobs } of run.phases) expect(jobs!.polls).toBeGreaterThanOrEqual(jobs!.exportJobs + jobs!.importJobs);
    for (const { jobs } of run.phases) expect(jobs!.downloads).toBe(jobs!.exportJobs);
    // A drift check of the eleven parents, with no drift and with drift, is one export job, downloaded once.
    for (const phase of ["no-change preview", "preview after drift"]) {
      expect(byPhase[phase].jobs).toEqual({ exportJobs: 1, importJobs: 0, polls: 1, downloads: 1, uploads: 0 });
      expect(byPhase[phase].requests.byEndpoint["POST /api/v2/flows/jobs"]).toBeUndefined();
    }
    expect(byPhase["no-change preview"].outcome).toEqual({ failures: 0, changes: 0 });
    expect(byPhase["preview after drift"].outcome).toEqual({ failures: 0, changes: 2 });
    // The removed call is gone from its parent's YAML; the changed one is there, but not as declared.
    expect(byPhase["preview after drift"].wiring).toEqual({ wired: 20, present: 21, invalidFlows: 0 });
    expect(byPhase["repairing up"].outcome).toEqual({ failures: 0, changes: 2 });
    expect(byPhase["repairing up"].jobs).toMatchObject({ importJobs: 2, uploads: 2 });
    expect(byPhase["repairing up"].wiring).toEqual({ wired: 22, present: 22, invalidFlows: 0 });
    expect(byPhase.destroy.outcome).toEqual({ failures: 0, changes: 22 });
    expect(byPhase.destroy.jobs).toMatchObject({ importJobs: 11, uploads: 11 });
    expect(byPhase.destroy.wiring).toEqual({ wired: 0, present: 0, invalidFlows: 0 });
  }, 120_000);

  it("refuses the tutorial's script, which only edits the graph format", async () => {
    await expect(runScenario(config, { strategy: "tutorial" })).rejects.toThrow("The tutorial's script only exists for the graph format");
  });
});

describe("the engine's own time", () => {
  it("is measured with a provider that changes nothing in the org and makes no request", async () => {
    const shape = { attachmentCount: 4, parentFlowCount: 2 };
    const emulator = await startEmulator({ seed: benchSeed(shape), randomSeed: 1 });
    try {
      const before = structuredClone(emulator.findFlowByName(BENCH_ORG_ID, "Bench Inbound 001"));
      expect(before).toBeDefined();
      const doNothing = new PulumiStrategy({ emulatorUrl: emulator.url, credentials: DEPLOYER_CREDENTIALS, attachments: benchAttachments(shape), providerText: await doNothingProviderText() });
      expect(await doNothing.up()).toEqual({ failures: 0, changes: 4 });
      expect(emulator.requestLog).toEqual([]);
      expect(emulator.findFlowByName(BENCH_ORG_ID, "Bench Inbound 001")).toEqual(before);
    } finally {
      await emulator.close();
    }
  }, 60_000);
});

describe("a request of the benchmark's own process that fails", () => {
  it("counts as a failure of its phase, and the run goes on to the end", async () => {
    // Every write is applied and answered by dropping the connection: the outsider's drift edit (made by the
    // benchmark's own process) breaks, as a reset did in a full run.
    const run = await runScenario({ attachmentCount: 2, parentFlowCount: 1, latencyMs: 0 }, { strategy: "tutorial", faults: { droppedWriteRate: 1 } });
    expect(run.phases.map((phase) => phase.phase)).toEqual(["first up", "no-change preview", "preview after drift", "repairing up", "destroy"]);
    const drift = run.phases.find((phase) => phase.phase === "preview after drift")!;
    expect(drift.outcome.failures).toBeGreaterThanOrEqual(1);
    expect(drift.outcome.firstError).toMatch(/^the outsider's edit of 'Bench Inbound 001' failed: /);
  });
});
