// Protects recovery from a service outage in the middle of a deployment (issue 5): the emulator runs as a
// child process persisting to a data file, is killed with SIGKILL while `up` is writing 200 attachments
// over 20 flows, and comes back on the same port. The interrupted `up` may fail some steps; the next `up`
// converges to exactly the declared graphs, and `destroy` restores every flow.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Flow } from "../../provider/flowModel";
import type { EmulatorState } from "../../emulator/persistence/emulatorState";
import { spawnEmulatorCli, type EmulatorProcess } from "../emulator/emulatorProcess";
import { loggedInSdk } from "../../emulator/sdkClient";
import {
  attachment,
  describeRuns,
  expectGraphsRestored,
  expectOrgAsDeclared,
  OUTSIDE_CLIENT,
  parentFlowName,
  runUntilOk,
  SHARED_FLOW_NAME,
  stackFor,
  stressSeed,
  type DeclaredCall,
} from "./stressSupport";

const PARENT_FLOWS = 20;
const ATTACHMENTS_PER_FLOW = 10;
const OUTAGE_MS = 2_000;
/** The interrupted run, plus the one that must converge, plus one spare for a step that ran out of retries again. */
const MAX_RUNS = 3;

let directory: string;
const running = new Set<EmulatorProcess>();

async function spawnEmulator(args: string[]): Promise<EmulatorProcess> {
  const emulator = await spawnEmulatorCli(args);
  running.add(emulator);
  void emulator.exited.then(() => running.delete(emulator));
  return emulator;
}

beforeAll(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-restart-"));
});
afterAll(async () => {
  for (const emulator of running) {
    emulator.child.kill("SIGKILL");
    await emulator.exited;
  }
  fs.rmSync(directory, { recursive: true, force: true });
});

/** The org's inbound flows as another client reads them over the API. */
async function parentFlows(emulator: EmulatorProcess): Promise<Flow[]> {
  const sdk = await loggedInSdk(emulator, OUTSIDE_CLIENT);
  const listing = await sdk.architect.getFlows({ type: ["inboundcall"], pageSize: 100 });
  return Promise.all((listing.entities as Array<{ id: string }>).map((entity) => sdk.architect.getFlow(entity.id) as Promise<Flow>));
}

/** Calls written so far, as the data file holds them (read-only peek, so the kill can land mid-run). */
function persistedCalls(dataFile: string): number {
  try {
    const state = JSON.parse(fs.readFileSync(dataFile, "utf8")) as EmulatorState;
    return state.orgs
      .flatMap((org) => org.flows)
      .filter((record) => !record.deleted)
      .reduce((count, record) => count + record.flow.triggers.filter((trigger) => trigger.type === "callsubflow").length, 0);
  } catch {
    return 0;
  }
}

it(
  "converges on the next up after the service is killed and restarted in the middle of one, and destroy restores every flow",
  async () => {
    const parentNames = Array.from({ length: PARENT_FLOWS }, (_, index) => parentFlowName(index + 1));
    const seedFile = path.join(directory, "seed.json");
    const dataFile = path.join(directory, "state.json");
    fs.writeFileSync(seedFile, JSON.stringify(stressSeed({ parentFlowNames: parentNames })));
    // Latency stretches the run so the kill lands while writes are still coming.
    const flags = ["--data", dataFile, "--seed", seedFile, "--latency-ms", "20", "--random-seed", "9"];
    const first = await spawnEmulator(flags);
    const before = await parentFlows(first);
    const sharedFlowId = ((await (await loggedInSdk(first, OUTSIDE_CLIENT)).architect.getFlows({ name: SHARED_FLOW_NAME })).entities[0] as Flow).id;

    const declared: DeclaredCall[] = parentNames.flatMap((parent, flowIndex) =>
      Array.from({ length: ATTACHMENTS_PER_FLOW }, (_, index) => ({ parentFlowName: parent, triggerId: `call${flowIndex}x${index}`, after: index % 2 === 0 ? "start" : "welcome-prompt" })),
    );
    const program = await Promise.all(
      declared.map((call) => attachment(call.triggerId, { parentFlowName: call.parentFlowName, sharedFlowName: SHARED_FLOW_NAME, triggerId: call.triggerId, after: call.after })),
    );
    const stack = stackFor(first.url, { parallelism: 32 });

    let upSettled = false;
    const interrupted = stack.up(program).finally(() => {
      upSettled = true;
    });
    while (persistedCalls(dataFile) === 0 && !upSettled) await new Promise((resolve) => setTimeout(resolve, 5));
    const callsAtKill = persistedCalls(dataFile);
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    // The kill really fell in the middle of the run: some calls written, not all, the up still going.
    expect(upSettled).toBe(false);
    expect(callsAtKill).toBeGreaterThan(0);
    expect(callsAtKill).toBeLessThan(declared.length);

    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    const second = await spawnEmulator([...flags, "--port", String(first.port)]);
    expect(second.port).toBe(first.port);
    const firstUp = await interrupted;

    const ups = [firstUp, ...(firstUp.ok ? [] : await runUntilOk(() => stack.up(program), MAX_RUNS - 1))];
    expect({ converged: ups[ups.length - 1].ok, runs: describeRuns(ups) }).toMatchObject({ converged: true });
    expectOrgAsDeclared({ before, after: await parentFlows(second), declared, sharedFlowId });
    expect((await stack.preview(program)).counts).toEqual({ create: 0, update: 0, replace: 0, delete: 0, same: declared.length });

    const destroys = await runUntilOk(() => stack.destroy(), MAX_RUNS);
    expect({ destroyed: destroys[destroys.length - 1].ok, runs: describeRuns(destroys) }).toMatchObject({ destroyed: true });
    expectGraphsRestored(before, await parentFlows(second));
  },
  300_000,
);
