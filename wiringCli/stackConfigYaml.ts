// Renders an export as a stack file would hold it: a `config:` mapping with the `subflow-wiring:wiring`
// entry, under comments saying where it came from, how to use it, and which calls were left out and why. Pure.

import * as yaml from "js-yaml";
import { WIRING_CONFIG_KEY } from "../program/wiringConfig";
import { oneLine } from "./displayText";
import { WiringExport } from "./exportedWiring";

/** `source` says which org was read, e.g. `http://127.0.0.1:8080, OAuth client dev-client`. */
export function renderStackConfigYaml(exported: WiringExport, source: string): string {
  const count = Object.keys(exported.wiring.attachments).length;
  const header = [
    `The wiring of ${source}, as \`subflow-wiring export\` read it: ${count} call${count === 1 ? "" : "s"} of shared flows.`,
    `Put the \`${WIRING_CONFIG_KEY}\` entry under \`config:\` in Pulumi.<stack>.yaml. In a stack of this org the next`,
    "`pulumi up` adopts each call as it is, writing nothing, and manages it from then on; in a stack of another org",
    "it makes the same calls there.",
  ];
  if (exported.leftOut.length > 0) {
    header.push("Left out, since no attachment can declare them as they are:");
    for (const call of exported.leftOut) header.push(`  ${call.parentFlowName} › ${call.triggerId}: ${call.reasons.join("; ")}`);
  }
  const body = yaml.dump({ config: { [WIRING_CONFIG_KEY]: exported.wiring } }, { lineWidth: -1, noRefs: true, quotingType: '"' });
  return `${header.map((line) => `# ${oneLine(line)}`).join("\n")}\n${body}`;
}
