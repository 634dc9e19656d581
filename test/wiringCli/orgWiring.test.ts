// Protects reading the wiring out of flows: every callsubflow trigger becomes a call with both flows, its
// maps, and the nodes it follows; a call of a flow the org does not list keeps its ID.

import { parseArchyFlow } from "../../provider/flowFormats/architect/archyDocument";
import { ArchitectDocument } from "../../provider/flowFormats/flowFormat";
import { Flow } from "../../provider/flowModel";
import { extractWiring, sharedFlowLabel } from "../../wiringCli/orgWiring";
import { SALES_INBOUND_YAML } from "../support/formatFixtures";

function architectDocument(text: string): ArchitectDocument {
  return { format: "architect", archy: parseArchyFlow(text, { name: "fixture" }) };
}
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
      sharedFlowKey: "auth",
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
      inexpressible: [],
      sharedFlowNaming: "id",
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

  it("reads an Architect org's calls from the flows' YAML: the module by name, its variables, what no declaration can say", () => {
    const entity = (id: string, name: string, type: string) => ({ id, name, type, publishedVersion: { id: "2.0" } }) as Flow;
    const module = {
      ...entity("auth", "Global Auth", "commonmodule"),
      document: architectDocument("commonModule:\n  name: Global Auth\n  variables:\n    - stringVariable:\n        name: Common.callerPhone\n        isInput: true\n"),
    };
    const sales = {
      ...entity("sales", "Sales Inbound", "inboundcall"),
      document: architectDocument(
        SALES_INBOUND_YAML.replace(
          "        actions:\n",
          [
            "        actions:",
            "          - callCommonModule:",
            "              name: callAuth",
            "              commonModule:",
            "                Global Auth:",
            "                  ver_latestPublished:",
            "                    inputs:",
            "                      Common.callerPhone:",
            "                        exp: Call.Ani",
            "          - callCommonModule:",
            "              name: callPinned",
            "              commonModule:",
            "                Retired Module:",
            "                  ver_3.0: {}",
            "",
          ].join("\n"),
        ),
      ),
    };
    const wiring = extractWiring([module, sales, entity("billing", "Billing Inbound", "inboundcall")]);
    expect(wiring.flows.find((facts) => facts.id === "auth")?.inputSchema).toEqual({ properties: { callerPhone: { type: "string" } } });
    expect(wiring.calls).toEqual([
      expect.objectContaining({ triggerId: "callAuth", sharedFlowKey: "Global Auth", shared: expect.objectContaining({ id: "auth" }), arguments: { callerPhone: "${Call.Ani}" }, predecessors: ["start"], inexpressible: [] }),
      expect.objectContaining({ triggerId: "callPinned", sharedFlowKey: "Retired Module", predecessors: ["callAuth"], inexpressible: ["version (ver_3.0, not ver_latestPublished)"] }),
    ]);
    expect(sharedFlowLabel(wiring.calls[1])).toBe("common module 'Retired Module' (not one of the org's common modules)");
  });
});
