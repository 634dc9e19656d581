// Protects reading the wiring out of flows: every callsubflow trigger becomes a call with both flows, its
// maps, and the nodes it follows; a call of a flow the org does not list keeps its ID.

import { extractWiring, sharedFlowLabel } from "../../wiringCli/orgWiring";
import { branchedGraph, callTrigger, callingFlow, flow, publishedAt } from "./wiringFixtures";

const auth = flow({
  id: "auth",
  name: "Global Auth",
  type: "commonmodule",
  inputSchema: { properties: { callerPhone: { type: "string" } } },
  ...publishedAt("2024-05-01T10:00:00.000Z"),
});

describe("extractWiring", () => {
  it("finds every call with its flows, maps and predecessors, ordered by parent name then trigger", () => {
    const sales = callingFlow({
      id: "sales",
      name: "Sales Inbound",
      ...publishedAt("2024-04-01T10:00:00.000Z"),
      calls: [
        { triggerId: "callAuth", flowId: "auth", arguments: { callerPhone: "${Call.Ani}" }, returnVariables: { "Flow.result": "authenticationResult" } },
        { triggerId: "callAgain", flowId: "auth", after: "callAuth" },
      ],
    });
    const billing = callingFlow({ id: "billing", name: "Billing", calls: [{ triggerId: "callAuth", flowId: "auth", after: "welcome-prompt" }] });

    const wiring = extractWiring([sales, auth, billing]);

    expect(wiring.flows.map((facts) => facts.name)).toEqual(["Sales Inbound", "Global Auth", "Billing"]);
    expect(wiring.calls.map((call) => [call.parent.name, call.triggerId, call.shared?.name, call.predecessors])).toEqual([
      ["Billing", "callAuth", "Global Auth", ["welcome-prompt"]],
      ["Sales Inbound", "callAgain", "Global Auth", ["callAuth"]],
      ["Sales Inbound", "callAuth", "Global Auth", ["start"]],
    ]);
    const salesAuth = wiring.calls[2];
    expect(salesAuth).toEqual({
      parent: { id: "sales", name: "Sales Inbound", type: "inboundcall", published: { datePublished: "2024-04-01T10:00:00.000Z" } },
      triggerId: "callAuth",
      sharedFlowId: "auth",
      shared: {
        id: "auth",
        name: "Global Auth",
        type: "commonmodule",
        published: { datePublished: "2024-05-01T10:00:00.000Z" },
        inputSchema: { properties: { callerPhone: { type: "string" } } },
      },
      arguments: { callerPhone: "${Call.Ani}" },
      returnVariables: { "Flow.result": "authenticationResult" },
      predecessors: ["start"],
    });
    expect(wiring.calls[1]).toMatchObject({ arguments: {}, returnVariables: {} });
  });

  it("lists every node leading into a call reached by several edges, and ignores other triggers", () => {
    const branched = flow({ id: "branched", name: "Branched", ...branchedGraph(callTrigger("callAuth", "auth")) });
    expect(extractWiring([auth, branched]).calls.map((call) => [call.triggerId, call.predecessors])).toEqual([["callAuth", ["menu", "start"]]]);
  });

  it("keeps a call of a flow the org does not list, by that flow's ID, and marks a flow published without a date", () => {
    const parent = callingFlow({ id: "p", name: "Parent", publishedVersion: { id: "3.0" }, calls: [{ triggerId: "callGone", flowId: "gone-id" }] });
    const [call] = extractWiring([parent]).calls;
    expect(call.shared).toBeUndefined();
    expect(call.parent.published).toEqual({});
    expect(sharedFlowLabel(call)).toBe("flow ID gone-id (not among the org's flows)");
  });
});
