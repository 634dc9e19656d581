// Scenario: a destroy at `pulumi up`'s default --parallel (8 operations at a time, the next as each
// finishes) through the real provider host: each parent flow is read once, and the flows expecting more
// removals wait while others are written, so it costs about what the first up does. Needs `npm run build`.
import { startEmulator, type RunningEmulator } from "../../emulator";
import { benchAttachments, benchSeed, DEPLOYER_CREDENTIALS } from "../../bench/benchOrg";
import { PulumiStrategy, serializedProvider } from "../../bench/pulumiStrategy";
import { summarizeRequests } from "../../bench/requestStats";

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

it("of 50 attachments on 5 flows, 8 at a time, reads each flow once and writes each a few times", async () => {
  const shape = { attachmentCount: 50, parentFlowCount: 5 };
  emulator = await startEmulator({ seed: benchSeed(shape), randomSeed: 1, latencyMs: 5 });
  const stack = new PulumiStrategy({
    emulatorUrl: emulator.url,
    credentials: DEPLOYER_CREDENTIALS,
    attachments: benchAttachments(shape),
    providerText: await serializedProvider(),
    parallelism: 8,
  });
  expect(await stack.up()).toMatchObject({ failures: 0, changes: 50 });
  emulator.clearRequestLog();
  expect(await stack.destroy()).toEqual({ failures: 0, changes: 50 });
  const log = emulator.requestLog;
  const flowsRead = log.filter((entry) => entry.method === "GET").flatMap((entry) => (entry.query.id === undefined ? [entry.path] : String(entry.query.id).split(",")));
  expect(new Set(flowsRead).size).toBe(flowsRead.length);
  const summary = summarizeRequests(log);
  expect(summary.byEndpoint["POST /oauth/token"]).toBe(1);
  // The removals come interleaved over the 5 flows, 8 in flight: a write per flow for each batch in flight
  // would be about 34 requests.
  expect(summary.total).toBeLessThanOrEqual(27);
}, 120_000);
