// Protects the outside Architect client that tests and the benchmark use to edit an Architect org as a
// person in Architect would: export, import and edit-in-place go through real jobs and signed URLs (so
// the request log shows them), failures and jobs that never finish are errors naming the job, and locks
// are taken and released through the real endpoints.

import { RunningEmulator, startEmulator } from "../../emulator";
import { OutsideArchitect } from "../../emulator/outsideArchitect";

let emulator: RunningEmulator;
let outside: OutsideArchitect;

beforeEach(async () => {
  emulator = await startEmulator({ flowFormat: "architect" });
  outside = await OutsideArchitect.connect(emulator);
});

afterEach(() => emulator.close());

it("finds a flow by name and type, and exports its YAML through an export job and its download", async () => {
  const salesId = await outside.flowId("Sales Inbound");
  expect(salesId).toBe(emulator.findArchitectFlowByName("dev", "Sales Inbound")!.id);
  expect(await outside.flowId("Global Auth Subflow", "commonmodule")).toBe(emulator.findArchitectFlowByName("dev", "Global Auth Subflow")!.id);
  await expect(outside.flowId("Nobody")).rejects.toThrow("the org has no inboundcall flow named 'Nobody'");
  expect(await outside.exportYaml(salesId)).toBe(emulator.flowYaml("dev", salesId));
  expect(emulator.requestLog.map((entry) => `${entry.method} ${entry.path.replace(/[^/]+$/, "*")}`)).toEqual(
    expect.arrayContaining(["POST /api/v2/flows/export/*", "GET /api/v2/flows/export/jobs/*", "GET /downloads/*"]),
  );
});

it("edits a flow's YAML document in place through an import job, keeping everything it does not change", async () => {
  const salesId = await outside.flowId("Sales Inbound");
  const before = emulator.flowYaml("dev", salesId)!;
  const imported = await outside.editYaml(salesId, (document) => document.setIn(["inboundCall", "tasks", 0, "task", "actions", 0, "playAudio", "name"], "Greet the caller"));
  expect(imported).toEqual({ jobId: expect.any(String), flowId: salesId, command: "Update" });
  expect(emulator.flowYaml("dev", salesId)).toBe(before.replace("Play welcome prompt", "Greet the caller"));
  expect(emulator.requestLog.filter((entry) => entry.method === "PUT" && entry.path.startsWith("/uploads/"))).toHaveLength(1);
});

it("throws the job's messages when an import fails", async () => {
  await expect(outside.importYaml("inboundCall:\n  name: Broken\n")).rejects.toThrow(/^import job \S+ failed: inboundCall.startUpRef is missing/);
});

it("gives up on a job that does not finish in time, naming it", async () => {
  const impatient = await OutsideArchitect.connect(emulator, undefined, { jobTimeoutMs: 100 });
  emulator.setFaults({ jobLatencyMs: 5_000 });
  await expect(impatient.exportYaml(await outside.flowId("Sales Inbound"))).rejects.toThrow(/^export job \S+ is still (Registered|Started) after 100 ms$/);
});

it("checks a flow out, in, and unlocks it, through the real endpoints", async () => {
  const salesId = await outside.flowId("Sales Inbound");
  await outside.checkout(salesId);
  expect(emulator.getArchitectFlow("dev", salesId)!.lockedClient!.id).toBe("dev-client");
  await outside.checkin(salesId);
  expect(emulator.getArchitectFlow("dev", salesId)!.lockedClient).toBeUndefined();
  await outside.checkout(salesId);
  await outside.unlock(salesId);
  expect(emulator.getArchitectFlow("dev", salesId)!.lockedClient).toBeUndefined();
});
