// Archy YAML for the seed of Architect orgs: the demo flows (the same names as the graph demo, shaped like
// flows exported from real orgs) and the minimal document a seeded flow without `yaml` gets.

import { COMMON_MODULE_FLOW_TYPE } from "../../wire/flowDocument";
import { FLOW_TYPE_BY_ROOT_KEY } from "../architect/archyRules";
import { canonicalYaml } from "../architect/archyYaml";
import type { SeedFlow } from "./defaultSeed";

/** The division every seeded org has, as Archy documents name it. */
const SEED_DIVISION_NAME = "Home";

/** The Archy root key of a flow type (`inboundcall` -> `inboundCall`), or undefined for a type the emulator does not import. */
export function rootKeyOfFlowType(flowType: string): string | undefined {
  return [...FLOW_TYPE_BY_ROOT_KEY].find(([, type]) => type === flowType)?.[0];
}

/** The smallest document the import rules accept for a flow of this type: call flows start at a task that disconnects. */
export function minimalFlowYaml(flowType: string, name: string): string {
  const rootKey = rootKeyOfFlowType(flowType);
  if (!rootKey) throw new Error(`no Archy root key for flow type '${flowType}'`);
  if (flowType === COMMON_MODULE_FLOW_TYPE) return canonicalYaml({ [rootKey]: { name, division: SEED_DIVISION_NAME, startUpTaskActions: [] } });
  if (!["inboundcall", "outboundcall", "securecall"].includes(flowType)) return canonicalYaml({ [rootKey]: { name, division: SEED_DIVISION_NAME } });
  return callFlowYaml(rootKey, { name, actions: [{ disconnect: { name: "Disconnect" } }] });
}

/** A demo inbound call flow in Archy YAML: a welcome prompt, a transfer to the queue (and, with a branch, a closed message first). */
export function architectInboundFlow(options: { name: string; queue: string; prompt: string; withBranch?: boolean }): SeedFlow {
  const description = `Demo inbound call flow routing to ${options.queue}.`;
  const businessHours = {
    decision: {
      name: "Business hours?",
      condition: { exp: "Flow.withinBusinessHours" },
      // Callers outside business hours hear a closed message and hang up instead of queueing.
      outputs: {
        no: {
          actions: [{ playAudio: { name: "Play closed message", audio: { exp: "ToAudio(Prompt.OfficeClosed)" } } }, { disconnect: { name: "Disconnect when closed" } }],
        },
      },
    },
  };
  const actions = [
    { playAudio: { name: "Play welcome prompt", audio: { exp: `ToAudio(${options.prompt})` } } },
    ...(options.withBranch ? [businessHours] : []),
    { transferToAcd: { name: `Transfer to ${options.queue}`, targetQueue: { lit: { name: options.queue } } } },
    { disconnect: { name: "Disconnect" } },
  ];
  const variables = options.withBranch ? [{ booleanVariable: { name: "Flow.withinBusinessHours", initialValue: { lit: true } } }] : undefined;
  return { name: options.name, type: "inboundcall", description, yaml: callFlowYaml("inboundCall", { name: options.name, description, variables, actions }) };
}

/** The demo common module in Archy YAML: inputs callerPhone and language, outputs authenticationResult and resolvedCustomerId. */
export function architectAuthenticationModule(name = "Global Auth Subflow"): SeedFlow {
  const description = "Shared caller authentication: looks the caller up by phone number.";
  const variable = (variableName: string, direction: "input" | "output") => ({
    stringVariable: { name: variableName, isInput: direction === "input", isOutput: direction === "output" },
  });
  const setResult = (actionName: string, result: string) => ({
    updateData: { name: actionName, statements: [{ string: { variable: "Common.authenticationResult", value: { lit: result } } }] },
  });
  const document = {
    commonModule: {
      name,
      description,
      division: SEED_DIVISION_NAME,
      startUpTaskActions: [
        {
          dataTableLookup: {
            name: "Look up caller",
            lookupValue: { exp: "Common.callerPhone" },
            dataTable: { Customers: { foundOutputs: { customerId: { var: "Common.resolvedCustomerId" } }, failureOutputs: { errorType: { noValue: true } } } },
            outputs: { found: { actions: [setResult("Mark caller found", "authenticated")] }, notFound: { actions: [setResult("Mark caller unknown", "unknown")] } },
          },
        },
      ],
      variables: [
        variable("Common.callerPhone", "input"),
        variable("Common.language", "input"),
        variable("Common.authenticationResult", "output"),
        variable("Common.resolvedCustomerId", "output"),
      ],
      settingsCommonModule: { compatibleFlowTypes: ["inboundcall"] },
    },
  };
  return { name, type: COMMON_MODULE_FLOW_TYPE, description, yaml: canonicalYaml(document) };
}

/** A call flow shaped like a real export: settings first, then its one task `Main` (refId `Main_10`) that the flow starts at. */
function callFlowYaml(rootKey: string, flow: { name: string; description?: string; variables?: unknown[]; actions: unknown[] }): string {
  return canonicalYaml({
    [rootKey]: {
      name: flow.name,
      ...(flow.description !== undefined && { description: flow.description }),
      division: SEED_DIVISION_NAME,
      startUpRef: `/${rootKey}/tasks/task[Main_10]`,
      defaultLanguage: "en-us",
      supportedLanguages: { "en-us": { defaultLanguageSkill: { noValue: true } } },
      initialGreeting: { exp: "AudioPlaybackOptions(ToAudioBlank(100), true)" },
      settingsActionDefaults: {},
      settingsErrorHandling: {},
      ...(flow.variables && { variables: flow.variables }),
      tasks: [{ task: { name: "Main", refId: "Main_10", actions: flow.actions } }],
    },
  });
}
