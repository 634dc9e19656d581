// `pulumi up` interrupted mid-run (Ctrl-C twice: the CLI stops without waiting for the provider), then what
// the CLI asks of the user about the operations it left pending, then `up` again: the org converges with
// exactly one call per flow, none duplicated and none lost.

import { startEmulator, type RunningEmulator } from "../../emulator";
import type { RootProjectCopy } from "../../pulumiCli/rootProjectCopy";
import { CLI_SCENARIO_TIMEOUT_MS, clientSecretEnv, expectSuccess, rootProjectFor } from "./cliProject";

const TRIGGER_ID = "callGlobalAuth";
const PARENT_FLOWS = ["Sales Inbound", "Support Inbound", "Billing Inbound"];

async function waitFor(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("an interrupted pulumi up", () => {
  let emulator: RunningEmulator;
  let project: RootProjectCopy;

  beforeAll(async () => {
    // Every request takes a while, so there is an operation in flight to interrupt.
    emulator = await startEmulator({ latencyMs: 1500 });
    project = await rootProjectFor(emulator, ["dev"]);
  });
  afterAll(async () => {
    project?.remove();
    await emulator?.close();
  });

  it("leaves pending operations the CLI names; after refresh, up converges with no duplicate call", async () => {
    const dev = clientSecretEnv("dev");
    const up = project.start(["up", "--yes", "--non-interactive", "-s", "dev"], dev);
    await waitFor(() => /SubflowAttachment \S+ creating/.test(up.output()), "a create to start");
    up.process.kill("SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 300));
    up.process.kill("SIGINT");
    const interrupted = await up.done;
    expect(interrupted.status).not.toBe(0);

    const state = JSON.parse((await project.pulumi(["stack", "export", "-s", "dev"], dev)).stdout) as {
      deployment: { pending_operations?: Array<{ type: string; resource: { urn: string } }> };
    };
    const pending = state.deployment.pending_operations ?? [];
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((operation) => operation.type === "creating")).toBe(true);

    // What the CLI tells the user: the operations are pending, confirm them, then `pulumi refresh`.
    const blocked = await project.pulumi(["up", "--yes", "--non-interactive", "-s", "dev"], dev);
    expect(`${blocked.stdout}${blocked.stderr}`).toMatch(/pending operation/i);
    expectSuccess(await project.pulumi(["refresh", "--yes", "--non-interactive", "--clear-pending-creates", "-s", "dev"], dev));
    expectSuccess(await project.pulumi(["up", "--yes", "--non-interactive", "-s", "dev"], dev));

    for (const name of PARENT_FLOWS) {
      const flow = emulator.findFlowByName("dev", name)!;
      expect(flow.triggers.filter((trigger) => trigger.id === TRIGGER_ID)).toHaveLength(1);
    }
    expectSuccess(await project.pulumi(["preview", "--expect-no-changes", "--non-interactive", "-s", "dev"], dev));
  }, CLI_SCENARIO_TIMEOUT_MS);
});
