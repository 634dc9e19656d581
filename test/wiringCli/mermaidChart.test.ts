// Protects the Mermaid chart: every flow once (shared flows as subroutines), one labelled arrow per call,
// the stale-copy rule shown on each arrow with stale ones dashed and red, and names that cannot break the syntax.

import { renderMermaidChart } from "../../wiringCli/mermaidChart";
import { extractWiring } from "../../wiringCli/orgWiring";
import { callingFlow, flow, publishedAt } from "./wiringFixtures";

describe("renderMermaidChart", () => {
  it("draws each flow once and each call as a labelled arrow, stale copies dashed and red", () => {
    const auth = flow({ id: "auth", name: "Global Auth", type: "commonmodule", ...publishedAt("2024-05-02T00:00:00Z") });
    const routing = callingFlow({ id: "routing", name: "Queue Routing", type: "commonmodule", calls: [{ triggerId: "callAuth", flowId: "auth" }] });
    const { calls } = extractWiring([
      auth,
      routing,
      callingFlow({ id: "sales", name: "Sales Inbound", ...publishedAt("2024-05-01T00:00:00Z"), calls: [{ triggerId: "callGlobalAuth", flowId: "auth" }] }),
      callingFlow({ id: "billing", name: "Billing Inbound", ...publishedAt("2024-05-03T00:00:00Z"), calls: [{ triggerId: "callGlobalAuth", flowId: "auth" }, { triggerId: "callRouting", flowId: "routing" }] }),
    ]);

    expect(renderMermaidChart(calls, "http://127.0.0.1:8080, OAuth client dev-client")).toBe(
      [
        "%% Calls of shared flows in http://127.0.0.1:8080, OAuth client dev-client: 4 calls.",
        "%% An arrow goes from the calling flow to the shared flow; a dashed red one: the published caller runs a stale copy.",
        "flowchart LR",
        '  flow1[["Global Auth"]]',
        '  flow2[["Queue Routing"]]',
        '  flow3["Billing Inbound"]',
        '  flow4["Sales Inbound"]',
        '  flow3 -->|"callGlobalAuth: published, runs the latest"| flow1',
        '  flow3 -->|"callRouting: published; the shared flow has no published version"| flow2',
        '  flow2 -->|"callAuth: caller not published"| flow1',
        "  flow4 -.->|\"callGlobalAuth: published before the shared flow's latest publish: runs a stale copy\"| flow1",
        "  linkStyle 3 stroke:#d62728,stroke-width:2px",
        "",
      ].join("\n"),
    );
  });

  it("escapes what Mermaid would read as syntax, and names a called flow the org does not list by its ID", () => {
    const { calls } = extractWiring([callingFlow({ id: "p", name: 'Sales "EU" <#1>\nline', calls: [{ triggerId: "callGone", flowId: "gone-id" }] })]);
    const chart = renderMermaidChart(calls, "org");
    expect(chart).toContain('  flow1[["flow ID gone-id (not among the org\'s flows)"]]');
    expect(chart).toContain('  flow2["Sales #34;EU#34; #60;#35;1#62; line"]');
    expect(chart).not.toContain("linkStyle");
  });

  it("draws an org without calls as a chart without nodes", () => {
    expect(renderMermaidChart([], "org").split("\n").slice(2)).toEqual(["flowchart LR", ""]);
  });
});
