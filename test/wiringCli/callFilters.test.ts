// Protects --shared and --parent: `*` patterns, case ignored, several patterns as alternatives, and a call
// of a flow that is not among the org's flows left out only when shared flows are filtered.

import { anyPattern, NO_FILTERS, selectCalls } from "../../wiringCli/callFilters";
import { extractWiring } from "../../wiringCli/orgWiring";
import { callingFlow, flow } from "./wiringFixtures";

describe("anyPattern", () => {
  it.each([
    ["Global*", "Global Auth Subflow", true],
    ["global*", "Global Auth Subflow", true],
    ["*Inbound", "Sales Inbound", true],
    ["*Inbound", "Sales Inbound (old)", false],
    ["Sales Inbound", "Sales Inbound", true],
    ["Sales", "Sales Inbound", false],
    ["*a*b*", "xaYbz", true],
    ["Sales (EU)", "Sales (EU)", true],
    ["Sales.Inbound", "Sales Inbound", false],
  ])("%s against %s: %s", (pattern, name, matches) => {
    expect(anyPattern([pattern])(name)).toBe(matches);
  });

  it("matches any of several patterns, and every name when there is none", () => {
    expect(anyPattern(["Sales*", "Support*"])("Support Inbound")).toBe(true);
    expect(anyPattern(["Sales*", "Support*"])("Billing Inbound")).toBe(false);
    expect(anyPattern([])("Billing Inbound")).toBe(true);
  });
});

describe("selectCalls", () => {
  const auth = flow({ id: "auth", name: "Global Auth", type: "commonmodule" });
  const routing = flow({ id: "routing", name: "Queue Routing", type: "commonmodule" });
  const { calls } = extractWiring([
    auth,
    routing,
    callingFlow({ id: "sales", name: "Sales Inbound", calls: [{ triggerId: "callAuth", flowId: "auth" }] }),
    callingFlow({ id: "support", name: "Support Inbound", calls: [{ triggerId: "callRouting", flowId: "routing" }] }),
    callingFlow({ id: "billing", name: "Billing Line", calls: [{ triggerId: "callGone", flowId: "elsewhere" }] }),
  ]);
  const selected = (filters: Partial<typeof NO_FILTERS>) => selectCalls(calls, { ...NO_FILTERS, ...filters }).map((call) => `${call.parent.name}/${call.triggerId}`);

  it("keeps every call without filters", () => {
    expect(selected({})).toEqual(["Billing Line/callGone", "Sales Inbound/callAuth", "Support Inbound/callRouting"]);
  });

  it("keeps the calls of matching shared flows from matching parents", () => {
    expect(selected({ shared: ["Global*"] })).toEqual(["Sales Inbound/callAuth"]);
    expect(selected({ parent: ["*Inbound"] })).toEqual(["Sales Inbound/callAuth", "Support Inbound/callRouting"]);
    expect(selected({ shared: ["Queue*"], parent: ["Sales*"] })).toEqual([]);
  });
});
