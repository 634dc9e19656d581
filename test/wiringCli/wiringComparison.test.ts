// Protects comparing two orgs' wiring: calls matched by parent flow name and trigger ID (never by flow
// IDs), and each way they can differ named: one side only, shared flow, argument, return variable, position.

import { compareWiring } from "../../wiringCli/wiringComparison";
import { extractWiring } from "../../wiringCli/orgWiring";
import { callingFlow, CallSpec, flow } from "./wiringFixtures";

/** An org (flow IDs prefixed, so no ID is shared between orgs) with a shared flow and parents calling it. */
function org(prefix: string, parents: Record<string, CallSpec[]>) {
  const auth = flow({ id: `${prefix}-auth`, name: "Global Auth", type: "commonmodule" });
  const routing = flow({ id: `${prefix}-routing`, name: "Queue Routing", type: "commonmodule" });
  const callers = Object.entries(parents).map(([name, calls]) =>
    callingFlow({ id: `${prefix}-${name}`, name, calls: calls.map((call) => ({ ...call, flowId: `${prefix}-${call.flowId}` })) }),
  );
  return extractWiring([auth, routing, ...callers]).calls;
}

const authCall: CallSpec = { triggerId: "callAuth", flowId: "auth", arguments: { callerPhone: "${Call.Ani}", language: "en-US" }, returnVariables: { "Flow.result": "authenticationResult" } };

describe("compareWiring", () => {
  it("finds two orgs with the same calls by name the same, whatever their flow IDs", () => {
    const wiring = { "Sales Inbound": [authCall], "Support Inbound": [authCall, { triggerId: "callRouting", flowId: "routing", after: "callAuth" }] };
    const comparison = compareWiring(org("dev", wiring), org("prod", wiring));
    expect(comparison.same).toBe(true);
    expect(comparison.counts).toEqual({ same: 3, different: 0, "left-only": 0, "right-only": 0 });
    expect(comparison.calls.map((call) => [call.parentFlowName, call.triggerId, call.status])).toEqual([
      ["Sales Inbound", "callAuth", "same"],
      ["Support Inbound", "callAuth", "same"],
      ["Support Inbound", "callRouting", "same"],
    ]);
  });

  it("names each way a call differs, and the calls only one org has", () => {
    const comparison = compareWiring(
      org("dev", {
        "Sales Inbound": [authCall],
        "Support Inbound": [authCall],
        "Billing Inbound": [authCall],
      }),
      org("prod", {
        "Sales Inbound": [{ ...authCall, arguments: { callerPhone: "${Call.Dnis}" }, returnVariables: { "Flow.result": "authenticationResult", "Flow.id": "customerId" } }],
        "Support Inbound": [{ ...authCall, flowId: "routing", after: "welcome-prompt" }],
        "Queue Line": [{ triggerId: "callRouting", flowId: "routing" }],
      }),
    );

    expect(comparison.same).toBe(false);
    expect(comparison.counts).toEqual({ same: 0, different: 2, "left-only": 1, "right-only": 1 });
    expect(comparison.calls.map((call) => [call.parentFlowName, call.status])).toEqual([
      ["Billing Inbound", "left-only"],
      ["Queue Line", "right-only"],
      ["Sales Inbound", "different"],
      ["Support Inbound", "different"],
    ]);
    const differences = Object.fromEntries(comparison.calls.map((call) => [call.parentFlowName, call.status === "different" ? call.differences : []]));
    expect(differences["Sales Inbound"]).toEqual([
      { field: "arguments.callerPhone", left: "${Call.Ani}", right: "${Call.Dnis}" },
      { field: "arguments.language", left: "en-US" },
      { field: 'returnVariables["Flow.id"]', right: "customerId" },
    ]);
    expect(differences["Support Inbound"]).toEqual([
      { field: "sharedFlowName", left: "Global Auth", right: "Queue Routing" },
      { field: "after", left: ["start"], right: ["welcome-prompt"] },
    ]);
    expect(comparison.calls[0]).toMatchObject({ status: "left-only", left: { sharedFlowName: "Global Auth", after: ["start"], arguments: authCall.arguments } });
  });

  it("tells apart calls placed in another order after the same node", () => {
    const routingCall: CallSpec = { triggerId: "callRouting", flowId: "routing" };
    const comparison = compareWiring(org("dev", { Sales: [{ ...authCall }, routingCall] }), org("prod", { Sales: [routingCall, { ...authCall }] }));
    expect(comparison.calls.map((call) => (call.status === "different" ? [call.triggerId, call.differences] : [call.triggerId, call.status]))).toEqual([
      ["callAuth", [{ field: "after", left: ["callRouting"], right: ["start"] }]],
      ["callRouting", [{ field: "after", left: ["start"], right: ["callAuth"] }]],
    ]);
  });
});
