// Protects the benchmark's run of the Pulumi resource end to end through the real provider host: each
// phase is measured from the emulator's log, the preview sees the outsider's drift, the repairing up
// fixes it, and destroy leaves nothing. Needs `npm run build` (the host loads dist/).

import { runScenario } from "../../bench/benchScenario";
import { serializedProvider } from "../../bench/pulumiStrategy";

describe("a benchmark run of the Pulumi resource", () => {
  it("wires, sees no change, sees the drift, repairs it and removes everything", async () => {
    const run = await runScenario({ attachmentCount: 2, parentFlowCount: 1, latencyMs: 0 }, { strategy: "pulumi", providerText: await serializedProvider() });

    expect(run.hostStartMs).toBeGreaterThan(0);
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
    // own: with state (the repairing up) that preview diffs and logs in too; before the first up it makes
    // no request at all.
    const logins = Object.fromEntries(run.phases.map((p) => [p.phase, p.requests.byEndpoint["POST /oauth/token"]]));
    expect(logins).toEqual({ "first up": 1, "no-change preview": 1, "preview after drift": 1, "repairing up": 2, destroy: 1 });
  });
});
