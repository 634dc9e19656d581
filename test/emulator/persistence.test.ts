// Protects `--data FILE`: state survives a SIGKILL of the real CLI process at any moment without
// losing an acknowledged write or corrupting the file, and the emulator restarts on the same port; for
// Architect orgs, every version's YAML and the locks survive while jobs are memory only.
// Also covers the CLI's clean shutdown on SIGTERM and `--seed FILE`.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Flow } from "../../provider/flowModel";
import { startEmulator } from "../../emulator";
import { EmulatorProcess, spawnEmulatorCli } from "./emulatorProcess";
import { loggedInSdk } from "../../emulator/sdkClient";
import { OutsideArchitect } from "../../emulator/outsideArchitect";
import { rejection } from "./rejection";

let directory: string;
const running: EmulatorProcess[] = [];

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-persistence-"));
});

afterEach(async () => {
  for (const emulator of running.splice(0)) {
    if (emulator.child.exitCode === null && emulator.child.signalCode === null) {
      emulator.child.kill("SIGKILL");
      await emulator.exited;
    }
  }
  fs.rmSync(directory, { recursive: true, force: true });
});

async function spawnTracked(args: string[]): Promise<EmulatorProcess> {
  const emulator = await spawnEmulatorCli(args);
  running.push(emulator);
  return emulator;
}

async function killHard(emulator: EmulatorProcess): Promise<void> {
  emulator.child.kill("SIGKILL");
  expect(await emulator.exited).toBe("SIGKILL");
}

describe("--data FILE", () => {
  it("keeps every acknowledged write across a SIGKILL during a stream of writes, on the same port", async () => {
    const dataFile = path.join(directory, "state.json");
    const first = await spawnTracked(["--data", dataFile]);
    const dev = await loggedInSdk(first);
    let flow: Flow = (await dev.architect.getFlows({ name: "Sales Inbound" })).entities[0];
    const created: Flow = await dev.architect.postFlows({ name: "Made Before The Crash", type: "inboundcall" });

    // Write back to back; kill the process while a write is in flight, then see what the file kept.
    let acknowledgedVersion = flow.version;
    let writes = 0;
    const writer = (async () => {
      for (;;) {
        flow = await dev.architect.putFlow(flow.id, { ...flow, description: `write ${(writes += 1)}` });
        acknowledgedVersion = flow.version;
      }
    })().catch((error: unknown) => error);
    while (acknowledgedVersion < 20) await new Promise((resolve) => setTimeout(resolve, 5));
    await killHard(first);
    expect(await writer).toMatchObject({ isAxiosError: true });

    const second = await spawnTracked(["--data", dataFile, "--port", String(first.port)]);
    expect(second.port).toBe(first.port);
    // Tokens persist (as hashes), so the client's session outlives the restart as with the real service.
    const after: Flow = await dev.architect.getFlow(flow.id);
    expect(after.version).toBeGreaterThanOrEqual(acknowledgedVersion);
    expect(after.version).toBeLessThanOrEqual(acknowledgedVersion + 1);
    expect(after.description).toBe(`write ${after.version - 1}`);
    expect((await dev.architect.getFlow(created.id)).name).toBe("Made Before The Crash");
  });

  it("never leaves a torn file: every SIGKILL leaves state a restart can load", async () => {
    const dataFile = path.join(directory, "state.json");
    for (let round = 0; round < 3; round += 1) {
      const emulator = await spawnTracked(["--data", dataFile]);
      const dev = await loggedInSdk(emulator);
      const writes = Array.from({ length: 10 }, (_, index) => dev.architect.postFlows({ name: `Round ${round} flow ${index}`, type: "inboundcall" }).catch(() => undefined));
      await Promise.race([Promise.all(writes), new Promise((resolve) => setTimeout(resolve, 15))]);
      await killHard(emulator);
      expect(() => JSON.parse(fs.readFileSync(dataFile, "utf8"))).not.toThrow();
    }
    // What a kill during a save leaves behind: discarded on start, as it was never acknowledged.
    fs.writeFileSync(path.join(directory, ".state.json.99999.tmp"), '{"torn":');
    const last = await spawnTracked(["--data", dataFile]);
    const flows = (await (await loggedInSdk(last)).architect.getFlows({ name: "Round*", pageSize: 100 })).entities as Flow[];
    expect(new Set(flows.map((flow) => flow.name)).size).toBe(flows.length);
    expect(fs.readdirSync(directory).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("refuses to start from a file that is not emulator state, leaving it untouched", async () => {
    const dataFile = path.join(directory, "state.json");
    fs.writeFileSync(dataFile, '{"something": "else"}');
    await expect(startEmulator({ dataFile })).rejects.toThrow(/is not an emulator data file/);
    expect(fs.readFileSync(dataFile, "utf8")).toBe('{"something": "else"}');
  });
});

describe("the CLI", () => {
  it("prints its URL and the demo clients, and exits 0 on SIGTERM", async () => {
    const emulator = await spawnTracked([]);
    expect(emulator.output()).toContain("demo client for org dev: GENESYS_CLIENT_ID=dev-client GENESYS_CLIENT_SECRET=dev-secret");
    expect(emulator.output()).toContain("org prod: 4 flows");
    await loggedInSdk(emulator);
    emulator.child.kill("SIGTERM");
    expect(await emulator.exited).toBe(0);
    expect(emulator.output()).toContain("Received SIGTERM; closing.");
  });

  it("starts from --seed FILE instead of the demo orgs, and never prints the seed's secrets", async () => {
    const seedFile = path.join(directory, "seed.json");
    fs.writeFileSync(
      seedFile,
      JSON.stringify({
        orgs: [
          {
            id: "test",
            clients: [{ clientId: "ci-client", clientSecret: "ci-secret-value" }],
            flows: [
              { id: "shared-1", name: "Shared", type: "commonmodule" },
              {
                name: "Main",
                type: "inboundcall",
                triggers: [{ id: "call", type: "callsubflow", properties: { type: "callsubflow", flowId: "shared-1" } }],
                edges: [
                  { fromId: "start", toId: "call" },
                  { fromId: "call", toId: "end" },
                ],
              },
            ],
          },
        ],
      }),
    );
    const emulator = await spawnTracked(["--seed", seedFile]);
    expect(emulator.output()).toContain("org test: 2 flows (Shared, Main)");
    expect(emulator.output()).not.toContain("ci-secret-value");
    const ci = await loggedInSdk(emulator, { clientId: "ci-client", clientSecret: "ci-secret-value" });
    const consumers = await ci.architect.getArchitectDependencytrackingConsumingresources("shared-1", "COMMONMODULEFLOW");
    expect(consumers.entities.map((entity: { name: string }) => entity.name)).toEqual(["Main"]);
  });

  it("refuses an invalid seed with a message naming the problem", async () => {
    const seedFile = path.join(directory, "seed.json");
    fs.writeFileSync(seedFile, JSON.stringify({ orgs: [{ id: "x", clients: [], flows: [] }] }));
    await expect(spawnEmulatorCli(["--seed", seedFile])).rejects.toThrow(/an org needs at least one client \(at orgs\.0\.clients\)/);
  });
});

describe("--data FILE with Architect orgs", () => {
  it("keeps every version's YAML, imported flows and locks across a SIGKILL; jobs are memory only", async () => {
    const dataFile = path.join(directory, "state.json");
    const first = await spawnTracked(["--flow-format", "architect", "--data", dataFile]);
    expect(first.output()).toContain("org dev (Architect: Archy YAML through export and import jobs): 4 flows");
    const outside = await OutsideArchitect.connect(first);
    const salesId = await outside.flowId("Sales Inbound");
    const originalYaml = await outside.exportYaml(salesId);
    const edit = await outside.editYaml(salesId, (document) => document.setIn(["inboundCall", "description"], "edited before the crash"));
    const created = await outside.importYaml("commonModule:\n  name: Made Before The Crash\n");
    await outside.checkout(salesId);
    const editedYaml = await outside.exportYaml(salesId);

    await killHard(first);
    const second = await spawnTracked(["--data", dataFile, "--port", String(first.port)]);
    const after = await OutsideArchitect.connect(second);
    expect(await after.exportYaml(salesId)).toBe(editedYaml);
    expect(await after.exportYaml(salesId, "1.0")).toBe(originalYaml);
    expect(await after.flowId("Made Before The Crash", "commonmodule")).toBe(created.flowId);
    const sdk = await loggedInSdk(second, { extended: true });
    expect((await sdk.architect.getFlow(salesId)).body).toMatchObject({ publishedVersion: { id: "2.0" }, lockedClient: { id: "dev-client" } });
    expect((await rejection(sdk.architect.getFlowsJob(edit.jobId))).status).toBe(404);
  });
});
