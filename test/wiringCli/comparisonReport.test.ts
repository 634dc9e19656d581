// Protects how a comparison reads: for people, each call with its status and, when not the same, its
// fields side by side; for machines, the comparison as JSON with both sources.

import { renderComparisonJson, renderComparisonText } from "../../wiringCli/comparisonReport";
import { WiringComparison } from "../../wiringCli/wiringComparison";

const side = { sharedFlowName: "Global Auth", arguments: { callerPhone: "${Call.Ani}" }, returnVariables: {}, after: ["start"] };
const identity = (parentFlowName: string) => ({ parentFlowName, parentFlowType: "inboundcall", triggerId: "callAuth" });
const sources = { left: "dev.env (http://127.0.0.1:8080, OAuth client dev-client)", right: "prod.env (http://127.0.0.1:8080, OAuth client prod-client)" };

const differing: WiringComparison = {
  same: false,
  counts: { same: 1, different: 1, "left-only": 1, "right-only": 1 },
  calls: [
    { ...identity("Billing Inbound"), status: "left-only", left: { ...side, returnVariables: { "Flow.id": "customerId" } } },
    { ...identity("Queue\nLine"), status: "right-only", right: { ...side, arguments: {}, after: [] } },
    {
      ...identity("Sales Inbound"),
      status: "different",
      left: side,
      right: side,
      differences: [
        { field: "arguments.language", left: "" },
        { field: "after", left: ["start"], right: ["menu", "welcome-prompt"] },
      ],
    },
    { ...identity("Support Inbound"), status: "same", left: side, right: side },
  ],
};

describe("renderComparisonText", () => {
  it("lists every call with its status, and the fields of each call that is not the same side by side", () => {
    expect(renderComparisonText(differing, sources)).toBe(
      [
        "left:  dev.env (http://127.0.0.1:8080, OAuth client dev-client)",
        "right: prod.env (http://127.0.0.1:8080, OAuth client prod-client)",
        "",
        "left only   Billing Inbound › callAuth",
        "              field                       left           right",
        "              sharedFlowName              Global Auth    (no call)",
        "              after                       start          (no call)",
        '              arguments.callerPhone       "${Call.Ani}"  (no call)',
        '              returnVariables["Flow.id"]  "customerId"   (no call)',
        "right only  Queue\\nLine › callAuth",
        "              field           left       right",
        "              sharedFlowName  (no call)  Global Auth",
        "              after           (no call)  (none)",
        "different   Sales Inbound › callAuth",
        "              field               left   right",
        '              arguments.language  ""     (none)',
        "              after               start  menu, welcome-prompt",
        "same        Support Inbound › callAuth",
        "",
        "The wiring differs: 1 same, 1 different, 1 only in left, 1 only in right.",
        "",
      ].join("\n"),
    );
  });

  it("says the wiring is the same when every call is", () => {
    const same: WiringComparison = { same: true, counts: { same: 1, different: 0, "left-only": 0, "right-only": 0 }, calls: [differing.calls[3]] };
    expect(renderComparisonText(same, sources).split("\n").slice(3)).toEqual(["same        Support Inbound › callAuth", "", "The wiring is the same: 1 same, 0 different, 0 only in left, 0 only in right.", ""]);
  });
});

describe("renderComparisonJson", () => {
  it("gives the whole comparison with both sources", () => {
    expect(JSON.parse(renderComparisonJson(differing, sources))).toEqual({ same: false, left: { source: sources.left }, right: { source: sources.right }, counts: differing.counts, calls: differing.calls });
  });
});
