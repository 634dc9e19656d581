// Protects the stack file an export prints: it loads as YAML to the same wiring (values that YAML would
// read as numbers, booleans or several lines included), the wiring config reads it, and the comments
// stay comments whatever the flow names hold.

import * as yaml from "js-yaml";
import { readWiringConfig, WIRING_CONFIG_KEY } from "../../program/wiringConfig";
import { WiringExport } from "../../wiringCli/exportedWiring";
import { renderStackConfigYaml } from "../../wiringCli/stackConfigYaml";

const exported: WiringExport = {
  wiring: {
    sharedFlowName: "Global Auth",
    attachments: {
      "sales-inbound-callglobalauth": {
        parentFlowName: "Sales: Inbound #1",
        triggerId: "callGlobalAuth",
        after: "start",
        arguments: { callerPhone: "${Call.Ani}", retries: "3", strict: "true", greeting: "it's \"here\"", empty: "" },
        returnVariables: { "Flow.authResult": "authenticationResult" },
      },
      "support-inbound-callrouting": { parentFlowName: "Support Inbound", sharedFlowName: "Queue Routing", triggerId: "callRouting", after: "callGlobalAuth" },
    },
  },
  leftOut: [{ parentFlowName: "Odd\nName", triggerId: "callAuth", reasons: ["2 nodes lead into it (menu, start), but an attachment is placed after exactly one node", "second"] }],
};

describe("renderStackConfigYaml", () => {
  const text = renderStackConfigYaml(exported, "http://127.0.0.1:8080, OAuth client dev-client");

  it("holds the wiring under config, loading back to exactly the export, which the wiring config reads", () => {
    const loaded = yaml.load(text) as { config: Record<string, unknown> };
    expect(Object.keys(loaded.config)).toEqual([WIRING_CONFIG_KEY]);
    expect(loaded.config[WIRING_CONFIG_KEY]).toEqual(exported.wiring);
    expect(readWiringConfig(loaded.config[WIRING_CONFIG_KEY]).map((attachment) => attachment.name)).toEqual(Object.keys(exported.wiring.attachments));
  });

  it("says where it came from, how to use it, and every call left out with its reasons, each line a comment", () => {
    const comments = text.split("\n").filter((line) => line.startsWith("#"));
    expect(comments).toEqual([
      "# The wiring of http://127.0.0.1:8080, OAuth client dev-client, as `subflow-wiring export` read it: 2 calls of shared flows.",
      "# Put the `subflow-wiring:wiring` entry under `config:` in Pulumi.<stack>.yaml. In a stack of this org the next",
      "# `pulumi up` adopts each call as it is, writing nothing, and manages it from then on; in a stack of another org",
      "# it makes the same calls there.",
      "# Left out, since no attachment can declare them as they are:",
      "#   Odd\\nName › callAuth: 2 nodes lead into it (menu, start), but an attachment is placed after exactly one node; second",
    ]);
    expect(text.split("\n")[comments.length]).toBe("config:");
  });

  it("leaves out the list of left-out calls when there is none", () => {
    expect(renderStackConfigYaml({ wiring: { attachments: {} }, leftOut: [] }, "org")).toBe(
      [
        "# The wiring of org, as `subflow-wiring export` read it: 0 calls of shared flows.",
        "# Put the `subflow-wiring:wiring` entry under `config:` in Pulumi.<stack>.yaml. In a stack of this org the next",
        "# `pulumi up` adopts each call as it is, writing nothing, and manages it from then on; in a stack of another org",
        "# it makes the same calls there.",
        "config:",
        "  subflow-wiring:wiring:",
        "    attachments: {}",
        "",
      ].join("\n"),
    );
  });
});
