// Protects what `export` declares: every call an attachment can adopt exactly as it is (checked with the
// provider's own adoption rule), by flow names, in the wiring config's own format; the dominant shared flow
// as the default; and for every other call, the reasons it is left out.

import { desiredCall } from "../../provider/attachmentDrift";
import { graphDocument } from "../../provider/flowFormats/graph/graphFormat";
import { createAttachment } from "../../provider/attachmentEdits";
import { checkAttachmentInputs, KnownAttachmentInputs } from "../../provider/attachmentInputs";
import { Flow } from "../../provider/flowModel";
import { readWiringConfig } from "../../program/wiringConfig";
import { exportWiring } from "../../wiringCli/exportedWiring";
import { extractWiring } from "../../wiringCli/orgWiring";
import { branchedGraph, callTrigger, callingFlow, flow } from "./wiringFixtures";

const auth = flow({
  id: "auth",
  name: "Global Auth",
  type: "commonmodule",
  inputSchema: { properties: { callerPhone: {}, language: {} } },
  outputSchema: { properties: { authenticationResult: {} } },
});
const routing = flow({ id: "routing", name: "Queue Routing", type: "commonmodule", inputSchema: { properties: { queue: {} } } });

function exported(flows: Flow[]) {
  const org = extractWiring(flows);
  return exportWiring(org, org.calls);
}

/** The provider's create on `parent` for a declared attachment: "adopted" and no graph means no write. */
function adoption(parent: Flow, declared: ReturnType<typeof readWiringConfig>[number], sharedFlowId: string) {
  const { name: _name, ...inputs } = declared;
  const checked = checkAttachmentInputs(inputs);
  expect(checked.failures).toEqual([]);
  const known = checked.inputs as KnownAttachmentInputs;
  const parentFlow = { id: parent.id, name: parent.name, document: graphDocument(parent) };
  return createAttachment(parentFlow, desiredCall(known, { id: sharedFlowId, name: known.sharedFlowName ?? sharedFlowId }), { ours: [], adopt: false });
}

describe("exportWiring", () => {
  const sales = callingFlow({
    id: "sales",
    name: "Sales Inbound",
    calls: [
      { triggerId: "callGlobalAuth", flowId: "auth", arguments: { callerPhone: "${Call.Ani}", language: "en-US" }, returnVariables: { "Flow.authResult": "authenticationResult" } },
      { triggerId: "callRouting", flowId: "routing", arguments: { queue: "Sales" }, after: "callGlobalAuth" },
    ],
  });
  const support = callingFlow({ id: "support", name: "Support Inbound", calls: [{ triggerId: "callGlobalAuth", flowId: "auth", after: "welcome-prompt" }] });
  // Two calls after start: the later one is placed first, so the earlier one now follows it.
  const billing = callingFlow({
    id: "billing",
    name: "Billing Inbound",
    calls: [
      { triggerId: "callGlobalAuth", flowId: "auth" },
      { triggerId: "callRouting", flowId: "routing", arguments: { queue: "Billing" } },
    ],
  });

  it("declares every call by flow names, with the shared flow most calls use as the default", () => {
    const { wiring, leftOut } = exported([auth, routing, sales, support, billing]);
    expect(leftOut).toEqual([]);
    expect(wiring).toEqual({
      sharedFlowName: "Global Auth",
      attachments: {
        "billing-inbound-callglobalauth": { parentFlowName: "Billing Inbound", triggerId: "callGlobalAuth", after: "callRouting" },
        "billing-inbound-callrouting": { parentFlowName: "Billing Inbound", sharedFlowName: "Queue Routing", triggerId: "callRouting", after: "start", arguments: { queue: "Billing" } },
        "sales-inbound-callglobalauth": {
          parentFlowName: "Sales Inbound",
          triggerId: "callGlobalAuth",
          after: "start",
          arguments: { callerPhone: "${Call.Ani}", language: "en-US" },
          returnVariables: { "Flow.authResult": "authenticationResult" },
        },
        "sales-inbound-callrouting": { parentFlowName: "Sales Inbound", sharedFlowName: "Queue Routing", triggerId: "callRouting", after: "callGlobalAuth", arguments: { queue: "Sales" } },
        "support-inbound-callglobalauth": { parentFlowName: "Support Inbound", triggerId: "callGlobalAuth", after: "welcome-prompt" },
      },
    });
  });

  it("gives a wiring the config format reads, whose every attachment the provider adopts without a write", () => {
    const parents = { "Sales Inbound": sales, "Support Inbound": support, "Billing Inbound": billing };
    const sharedIds = { "Global Auth": "auth", "Queue Routing": "routing" };
    const declared = readWiringConfig(exported([auth, routing, sales, support, billing]).wiring);
    expect(declared).toHaveLength(5);
    for (const attachment of declared) {
      const parent = parents[attachment.parentFlowName as keyof typeof parents];
      expect(adoption(parent, attachment, sharedIds[attachment.sharedFlowName as keyof typeof sharedIds])).toEqual({ result: "adopted" });
    }
  });

  it("sets no default when no shared flow is called more often than every other", () => {
    const { wiring } = exported([auth, routing, support, callingFlow({ id: "x", name: "Queue Line", calls: [{ triggerId: "route", flowId: "routing", arguments: { queue: "Q" } }] })]);
    expect(wiring.sharedFlowName).toBeUndefined();
    expect(Object.values(wiring.attachments).map((attachment) => attachment.sharedFlowName)).toEqual(["Queue Routing", "Global Auth"]);
    expect(readWiringConfig(wiring)).toHaveLength(2);
  });

  it("declares an org without calls as a wiring without attachments", () => {
    const { wiring, leftOut } = exported([auth, flow({ id: "plain", name: "Plain" })]);
    expect(wiring).toEqual({ attachments: {} });
    expect(leftOut).toEqual([]);
    expect(readWiringConfig(wiring)).toEqual([]);
  });

  it("leaves out, with every reason, each call no attachment can declare as it is", () => {
    const branched = flow({ id: "branched", name: "Branched", ...branchedGraph(callTrigger("callAuth", "auth", { arguments: { callerPhone: "Hello ${Call.Ani}" } })) });
    const twin = flow({ id: "twin", name: "Sales Inbound", type: "inboundchat" });
    const { wiring, leftOut } = exported([
      auth,
      routing,
      sales,
      twin,
      branched,
      callingFlow({ id: "odd", name: "Odd", calls: [{ triggerId: "call_1", flowId: "auth", arguments: { callerPhne: "x" }, returnVariables: { "Flow.r": "result" } }] }),
      callingFlow({ id: "gone", name: "Gone", calls: [{ triggerId: "callGone", flowId: "missing-id" }] }),
      support,
    ]);

    expect(Object.keys(wiring.attachments)).toEqual(["support-inbound-callglobalauth"]);
    expect(leftOut.map(({ parentFlowName, triggerId }) => `${parentFlowName}/${triggerId}`)).toEqual([
      "Branched/callAuth",
      "Gone/callGone",
      "Odd/call_1",
      "Sales Inbound/callGlobalAuth",
      "Sales Inbound/callRouting",
    ]);
    const reasons = Object.fromEntries(leftOut.map((call) => [`${call.parentFlowName}/${call.triggerId}`, call.reasons]));
    expect(reasons["Branched/callAuth"]).toEqual([
      "2 nodes lead into it (menu, start), but an attachment is placed after exactly one node",
      expect.stringContaining('arguments.callerPhone: "Hello ${Call.Ani}" mixes an expression with other text'),
    ]);
    expect(reasons["Gone/callGone"]).toEqual(["it calls flow ID missing-id (not among the org's flows)"]);
    expect(reasons["Odd/call_1"]).toEqual([
      expect.stringMatching(/^arguments\.callerPhne: shared flow 'Global Auth' declares no input 'callerPhne'; did you mean 'callerPhone'\?/),
      expect.stringMatching(/^returnVariables\["Flow\.r"\]: shared flow 'Global Auth' declares no output 'result'/),
    ]);
    expect(reasons["Sales Inbound/callRouting"]).toEqual(["2 flows are named 'Sales Inbound', and the wiring names flows: rename all but one of them"]);
  });
});
