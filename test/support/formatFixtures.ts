// Test fixture: a small parent flow in each flow format, so rules written once over the flow-format face
// are tested on both the tutorial's graph and Architect's Archy YAML.

import { ParentFlow } from "../../provider/attachmentEdits";
import { parseArchyFlow } from "../../provider/flowFormats/architect/archyDocument";
import { FlowDocument, FlowFormatName } from "../../provider/flowFormats/flowFormat";
import { graphDocument } from "../../provider/flowFormats/graph/graphFormat";

/** An inbound call flow whose startup task plays a prompt and transfers to a queue, as Architect exports one. */
export const SALES_INBOUND_YAML = `inboundCall:
  name: Sales Inbound
  division: Home
  startUpRef: "/inboundCall/tasks/task[Main_10]"
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  initialGreeting:
    exp: AudioPlaybackOptions(ToAudioBlank(100), true)
  settingsActionDefaults: {}
  settingsErrorHandling: {}
  tasks:
    - task:
        name: Main
        refId: Main_10
        actions:
          - playAudio:
              name: Play welcome prompt
              audio:
                exp: AudioPlaybackOptions(ToAudioTTS("Welcome"), true)
          - transferToAcd:
              name: Transfer to Sales
              targetQueue:
                lit:
                  name: Sales
          - disconnect:
              name: Disconnect
`;

/** The same flow's logic in each format: a prompt, then a transfer. */
export function salesInbound(format: FlowFormatName): ParentFlow {
  const document: FlowDocument =
    format === "graph"
      ? graphDocument({
          triggers: [
            { id: "playWelcome", type: "playprompt", properties: { type: "playprompt" } },
            { id: "transferToSales", type: "transfertoqueue", properties: { type: "transfertoqueue" } },
          ],
          edges: [
            { fromId: "start", toId: "playWelcome", conditions: [] },
            { fromId: "playWelcome", toId: "transferToSales", conditions: [] },
            { fromId: "transferToSales", toId: "end", conditions: [] },
          ],
        })
      : { format: "architect", archy: parseArchyFlow(SALES_INBOUND_YAML, { name: "Sales Inbound" }) };
  return { id: "parent-1", name: "Sales Inbound", document };
}

export const FLOW_FORMATS: FlowFormatName[] = ["graph", "architect"];
