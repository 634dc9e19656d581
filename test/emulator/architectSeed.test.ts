// Protects the seed of Architect orgs and the options that choose the format: `flowFormat` per org or for
// every seeded org (option and CLI flag), per-flow `yaml` checked at start with the import rules (each
// problem named by org and flow), the minimal YAML a flow without it gets, and the option checks.

import { parse } from "yaml";
import { defaultSeed, EmulatorSeed, minimalFlowYaml, startEmulator } from "../../emulator";
import { parseCommandLine } from "../../emulator/main";
import { OutsideArchitect } from "../../emulator/outsideArchitect";

const architectOrg = (flows: NonNullable<EmulatorSeed["orgs"][number]["flows"]>): EmulatorSeed => ({
  orgs: [{ id: "test", flowFormat: "architect", clients: [{ clientId: "ci-client", clientSecret: "ci-secret" }], flows }],
});

describe("flowFormat", () => {
  it("makes the demo orgs Architect orgs with the same clients and flow names", async () => {
    const emulator = await startEmulator({ flowFormat: "architect" });
    try {
      for (const orgId of ["dev", "prod"]) {
        expect(emulator.flowFormat(orgId)).toBe("architect");
        expect(emulator.architectFlows(orgId).map((flow) => flow.name)).toEqual(["Global Auth Subflow", "Sales Inbound", "Support Inbound", "Billing Inbound"]);
      }
    } finally {
      await emulator.close();
    }
  });

  it("is the format of every seeded org that names none; an org's own flowFormat wins", async () => {
    const seed = defaultSeed();
    seed.orgs[1] = { ...seed.orgs[1], flowFormat: "graph" };
    const [, prodOfArchitectDemo] = defaultSeed("architect").orgs;
    const emulator = await startEmulator({ seed: { orgs: [{ ...prodOfArchitectDemo, id: "dev", clients: seed.orgs[0].clients, flowFormat: undefined }, seed.orgs[1]] }, flowFormat: "architect" });
    try {
      expect([emulator.flowFormat("dev"), emulator.flowFormat("prod")]).toEqual(["architect", "graph"]);
    } finally {
      await emulator.close();
    }
  });

  it("is checked, with the option named", async () => {
    await expect(startEmulator({ flowFormat: "yaml" as never })).rejects.toThrow('Expected `flowFormat` to be "graph" or "architect", got yaml.');
    await expect(startEmulator({ maxUploadBytes: 0 })).rejects.toThrow("Expected `maxUploadBytes` to be a positive integer, got 0.");
    await expect(startEmulator({ jobLatencyMs: -1 })).rejects.toThrow("Expected `jobLatencyMs` to be a non-negative integer, got -1.");
    await expect(startEmulator({ exportJobsPerMinute: 1.5 })).rejects.toThrow("Expected `exportJobsPerMinute` to be a non-negative integer, got 1.5.");
  });

  it("and the job options come from the command line", () => {
    expect(parseCommandLine(["--flow-format", "architect", "--job-latency-ms", "200", "--export-jobs-per-minute", "6", "--max-upload-bytes", "4096"])).toMatchObject({
      flowFormat: "architect",
      jobLatencyMs: 200,
      exportJobsPerMinute: 6,
      maxUploadBytes: 4096,
    });
    expect(() => parseCommandLine(["--flow-format", "yaml"])).toThrow("--flow-format expects graph or architect, got 'yaml'.");
  });
});

describe("the seed of an Architect org", () => {
  it("stores each flow's YAML as version 1.0, in the service's canonical form", async () => {
    const yaml = "# comment\ncommonModule:\n  name: Lookup\n  variables:\n    - stringVariable: {name: Common.key, isInput: true}\n";
    const emulator = await startEmulator({ seed: architectOrg([{ name: "Lookup", type: "commonmodule", yaml }]) });
    try {
      const lookup = emulator.findArchitectFlowByName("test", "Lookup")!;
      expect(emulator.flowVersionIds("test", lookup.id)).toEqual(["1.0"]);
      expect(emulator.flowYaml("test", lookup.id)).toBe("commonModule:\n  name: Lookup\n  variables:\n    - stringVariable:\n        name: Common.key\n        isInput: true\n");
    } finally {
      await emulator.close();
    }
  });

  it("gives a flow without yaml a minimal document of its type that an import accepts as it is", async () => {
    const emulator = await startEmulator({ seed: architectOrg([{ name: "Plain Inbound", type: "inboundcall" }, { name: "Plain Module", type: "commonmodule" }, { name: "Hold", type: "inqueuecall" }]) });
    try {
      const plain = emulator.findArchitectFlowByName("test", "Plain Inbound")!;
      expect(parse(emulator.flowYaml("test", plain.id)!)).toEqual(parse(minimalFlowYaml("inboundcall", "Plain Inbound")));
      expect(parse(minimalFlowYaml("inboundcall", "Plain Inbound")).inboundCall).toMatchObject({ startUpRef: "/inboundCall/tasks/task[Main_10]" });
      const outside = await OutsideArchitect.connect(emulator, { clientId: "ci-client", clientSecret: "ci-secret" });
      for (const flow of emulator.architectFlows("test")) {
        await expect(outside.importYaml(emulator.flowYaml("test", flow.id)!)).resolves.toMatchObject({ flowId: flow.id, command: "Update" });
      }
    } finally {
      await emulator.close();
    }
  });

  it("lets a flow call a common module seeded after it", async () => {
    const caller = `inboundCall:
  name: Caller
  startUpRef: ./tasks/task[t]
  tasks:
    - task:
        name: T
        refId: t
        actions:
          - callCommonModule:
              name: lookup
              commonModule:
                Lookup:
                  ver_latestPublished: {inputs: {Common.key: {exp: Call.Ani}}}
`;
    const emulator = await startEmulator({
      seed: architectOrg([
        { name: "Caller", type: "inboundcall", yaml: caller },
        { name: "Lookup", type: "commonmodule", yaml: "commonModule:\n  name: Lookup\n  variables:\n    - stringVariable: {name: Common.key, isInput: true}\n" },
      ]),
    });
    try {
      expect(emulator.flowYaml("test", emulator.findArchitectFlowByName("test", "Caller")!.id)).toContain("callCommonModule");
    } finally {
      await emulator.close();
    }
  });

  it("is checked at start with the import rules, every problem named by org and flow", async () => {
    const seed = architectOrg([
      { name: "Broken", type: "inboundcall", yaml: "inboundCall:\n  name: Broken\n  startUpRef: ./tasks/task[none]\n" },
      { name: "Mislabelled", type: "inboundcall", yaml: "commonModule:\n  name: Mislabelled\n" },
      { name: "Caller", type: "inboundcall", yaml: "inboundCall:\n  name: Caller\n  division: Elsewhere\n  startUpRef: ./tasks/task[t]\n  tasks:\n    - task: {refId: t, actions: [{callCommonModule: {name: c, commonModule: {Ghost: {ver_latestPublished: {}}}}}]}\n" },
      { name: "Graph Leftover", type: "inboundcall", triggers: [] },
      { name: "Voicemail", type: "voicemail" },
    ]);
    const message = await startEmulator({ seed }).then(
      () => "started",
      (error: Error) => error.message,
    );
    expect(message).toMatch(/^Invalid seed: /);
    expect(message).toContain(`org 'test', flow 'Broken': inboundCall.startUpRef "./tasks/task[none]" names no task of this flow`);
    expect(message).toContain("org 'test', flow 'Mislabelled': its yaml describes the commonmodule flow 'Mislabelled', not this inboundcall flow");
    expect(message).toContain("org 'test', flow 'Caller': inboundCall.division is 'Elsewhere'; this org's division is 'Home'");
    expect(message).toContain("org 'test', flow 'Caller': callCommonModule 'c' at inboundCall.tasks[0].task.actions[0] calls 'Ghost': this org has no common module of that name");
    expect(message).toContain("org 'test', flow 'Graph Leftover': triggers belongs to the graph format; an Architect org's flow keeps its logic in yaml");
    expect(message).toContain("org 'test', flow 'Voicemail': type 'voicemail' is not a flow type the emulator imports as Archy YAML");
  });

  it("refuses Archy YAML on a graph org's flow", async () => {
    const seed = defaultSeed();
    seed.orgs[0].flows![1] = { ...seed.orgs[0].flows![1], yaml: "inboundCall:\n  name: Sales Inbound\n" };
    await expect(startEmulator({ seed })).rejects.toThrow(/org 'dev', flow 'Sales Inbound': yaml is the Archy YAML of an Architect org's flow/);
  });
});
