// Scenario: drift checks of many flows under the engine's schedule (Check and Diff one resource at a time),
// through the real provider host: a preview costs the listing of the flows' type, not a read per flow, and a
// small stack in a big org reads its flows one by one without listing the org. Needs `npm run build`.
import { startEmulator, type RunningEmulator } from "../../emulator";
import { benchAttachments, benchSeed, BenchShape, DEPLOYER_CREDENTIALS } from "../../bench/benchOrg";
import { PulumiStrategy, serializedProvider } from "../../bench/pulumiStrategy";
import { summarizeRequests } from "../../bench/requestStats";

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** A stack of this shape, deployed with every operation at once; its no-change preview's requests. */
async function previewAfterUp(shape: BenchShape, listing = true) {
  emulator = await startEmulator({ seed: benchSeed(shape), randomSeed: 1 });
  const stack = new PulumiStrategy({
    emulatorUrl: emulator.url,
    credentials: DEPLOYER_CREDENTIALS,
    attachments: benchAttachments(shape),
    providerText: await serializedProvider(),
    parallelism: shape.attachmentCount,
    listing,
  });
  expect(await stack.up()).toMatchObject({ failures: 0 });
  emulator.clearRequestLog();
  expect(await stack.preview()).toEqual({ failures: 0, changes: 0 });
  const log = emulator.requestLog;
  return { summary: summarizeRequests(log), listingPages: log.filter((entry) => entry.path === "/api/v2/flows" && entry.query.id === undefined) };
}

describe("a no-change preview, diffs one at a time", () => {
  it("of 300 attachments on 150 flows costs a login, a read and a listing of their type (twice at most)", async () => {
    const { summary, listingPages } = await previewAfterUp({ attachmentCount: 300, parentFlowCount: 150 });
    expect(summary.total).toBeLessThanOrEqual(1 + 2 * Math.ceil(150 / 100) + 3);
    expect(summary.byEndpoint["PUT /api/v2/flows/{id}"]).toBeUndefined();
    expect(listingPages.length).toBeGreaterThan(0);
    expect(listingPages.every((entry) => entry.query.type === "inboundcall")).toBe(true);
  }, 120_000);

  it("of 50 attachments on one flow costs a login and one request: the flow and the shared flow in one `?id=` list", async () => {
    const { summary } = await previewAfterUp({ attachmentCount: 50, parentFlowCount: 1 });
    expect(summary.byEndpoint).toEqual({ "POST /oauth/token": 1, "GET /api/v2/flows": 1 });
  }, 120_000);

  it("with listing off, reads each parent flow, and the shared flow once (here 30 parents, to stay under the provider's own budget of requests a minute)", async () => {
    const { summary } = await previewAfterUp({ attachmentCount: 60, parentFlowCount: 30 }, false);
    expect(summary.byEndpoint).toEqual({ "POST /oauth/token": 1, "GET /api/v2/flows/{id}": 30 + 1 });
  }, 120_000);

  it("of 3 attachments on 3 flows in an org of 2,000 reads the 3 and does not list the org", async () => {
    const { summary, listingPages } = await previewAfterUp({ attachmentCount: 3, parentFlowCount: 3, orgInboundFlowCount: 2_000 });
    expect(summary.total).toBeLessThanOrEqual(1 + 3 + 2);
    expect(listingPages.length).toBeLessThanOrEqual(1);
  }, 120_000);
});
