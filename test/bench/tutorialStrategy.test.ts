// Protects the baseline the benchmark compares against: the tutorial's strategy must really wire flows
// (valid graphs, retried 409s), see drift, remove what it added, keep the tutorial's one-page name
// lookup, which cannot find a flow beyond the first 100, and fail a run whose login fails, not the benchmark.

import { startEmulator, type RunningEmulator } from "../../emulator";
import { benchAttachments, benchSeed, DEPLOYER_CREDENTIALS, OUTSIDER_CREDENTIALS, parentFlowName, BENCH_ORG_ID } from "../../bench/benchOrg";
import { summarizeRequests } from "../../bench/requestStats";
import { TUTORIAL_PUT_ATTEMPTS, TutorialStrategy } from "../../bench/tutorialStrategy";
import { countWiring } from "../../bench/wiringCheck";
import { spliceOut } from "../../provider/flowFormats/graph/graphEdits";
import { OutsideWriter } from "../../emulator/outsideWriter";

describe("the tutorial's strategy (benchmark baseline)", () => {
  let emulator: RunningEmulator;
  afterEach(async () => emulator?.close());

  it("wires three attachments into one flow at once, retrying the 409s, and removes them again", async () => {
    emulator = await startEmulator({ seed: benchSeed({ parentFlowCount: 1 }), randomSeed: 1 });
    const attachments = benchAttachments({ attachmentCount: 3, parentFlowCount: 1 });
    const tutorial = new TutorialStrategy({ emulator, credentials: DEPLOYER_CREDENTIALS, attachments });

    const up = await tutorial.up();
    // Each 409 means another attachment's PUT won, so with three writers three attempts always suffice.
    expect(TUTORIAL_PUT_ATTEMPTS).toBe(3);
    expect(up).toEqual({ failures: 0, changes: 3 });
    expect(countWiring(emulator, attachments)).toEqual({ wired: 3, present: 3, invalidFlows: 0 });
    const requests = summarizeRequests(emulator.requestLog);
    expect(requests.byEndpoint["POST /oauth/token"]).toBe(1);
    expect(requests.byEndpoint["GET /api/v2/flows"]).toBe(6); // the shared flow and the parent, per attachment
    expect(requests.byEndpoint["PUT /api/v2/flows/{id}"]).toBe(3 + requests.conflicts);

    emulator.clearRequestLog();
    const destroyed = await tutorial.destroy();
    expect(destroyed).toEqual({ failures: 0, changes: 3 });
    expect(countWiring(emulator, attachments)).toEqual({ wired: 0, present: 0, invalidFlows: 0 });
    const parent = emulator.findFlowByName(BENCH_ORG_ID, parentFlowName(0))!;
    expect(parent.edges).toEqual([
      { fromId: "start", toId: "welcome-prompt", conditions: [] },
      { fromId: "welcome-prompt", toId: "queue-transfer", conditions: [] },
      { fromId: "queue-transfer", toId: "end", conditions: [] },
    ]);
  });

  it("fails every attachment of a run whose login fails (the connection refused), and does not stop the benchmark", async () => {
    emulator = await startEmulator({ seed: benchSeed({ parentFlowCount: 1 }), randomSeed: 1 });
    const unreachable = { host: emulator.host, port: emulator.port };
    await emulator.close();
    const attachments = benchAttachments({ attachmentCount: 3, parentFlowCount: 1 });
    const tutorial = new TutorialStrategy({ emulator: unreachable, credentials: DEPLOYER_CREDENTIALS, attachments });
    for (const command of [() => tutorial.up(), () => tutorial.preview(), () => tutorial.destroy()]) {
      const outcome = await command();
      expect(outcome).toMatchObject({ failures: 3, changes: 0 });
      expect(outcome.firstError).toMatch(/^login failed: .*ECONNREFUSED/);
    }
  });

  it("previews by reading every attachment's parent, and reports the one an outsider removed", async () => {
    emulator = await startEmulator({ seed: benchSeed({ parentFlowCount: 2 }), randomSeed: 1 });
    const attachments = benchAttachments({ attachmentCount: 4, parentFlowCount: 2 });
    const tutorial = new TutorialStrategy({ emulator, credentials: DEPLOYER_CREDENTIALS, attachments });
    expect((await tutorial.up()).failures).toBe(0);

    emulator.clearRequestLog();
    expect(await tutorial.preview()).toEqual({ failures: 0, changes: 0 });
    expect(summarizeRequests(emulator.requestLog).byEndpoint).toEqual({ "POST /oauth/token": 1, "GET /api/v2/flows/{id}": 4 });

    const outsider = await OutsideWriter.connect(emulator, OUTSIDER_CREDENTIALS);
    const parentId = emulator.findFlowByName(BENCH_ORG_ID, attachments[0].parentFlowName)!.id;
    await outsider.editFlow(parentId, (flow) => Object.assign(flow, spliceOut(flow, attachments[0].triggerId)));
    expect(await tutorial.preview()).toEqual({ failures: 0, changes: 1 });
  });

  it("fails every attachment when the shared flow is not among the first 100 flows, as the tutorial's lookup does", async () => {
    // 101 parents sort before "Bench Shared Authentication", which lands on the second page.
    emulator = await startEmulator({ seed: benchSeed({ parentFlowCount: 101 }), randomSeed: 1 });
    const attachments = benchAttachments({ attachmentCount: 3, parentFlowCount: 101 });
    const up = await new TutorialStrategy({ emulator, credentials: DEPLOYER_CREDENTIALS, attachments }).up();
    expect(up.failures).toBe(3);
    expect(up.firstError).toBe("Flow with name 'Bench Shared Authentication' not found in the first 100 results.");
    expect(countWiring(emulator, attachments).present).toBe(0);
  });
});
