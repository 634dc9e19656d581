// The demo seed used when no seed is given: orgs `dev` and `prod`, each with one client and the same
// demo flows (a shared authentication flow and three inbound call flows), in the graph format or as
// Architect orgs; flow IDs are generated per org.

import { COMMON_MODULE_FLOW_TYPE } from "../../wire/flowDocument";
import { FlowFormat } from "../persistence/emulatorState";
import { architectAuthenticationModule, architectInboundFlow } from "./architectSeedFlows";
import { EmulatorSeed } from "./seedFormat";

/** Well-known demo credentials, printed by the CLI and documented in the README; not secrets. */
export const DEMO_CLIENTS: ReadonlyArray<{ orgId: string; clientId: string; clientSecret: string }> = [
  { orgId: "dev", clientId: "dev-client", clientSecret: "dev-secret" },
  { orgId: "prod", clientId: "prod-client", clientSecret: "prod-secret" },
];

export type SeedFlow = EmulatorSeed["orgs"][number]["flows"] extends Array<infer F> | undefined ? F : never;

/** A small valid inbound call flow: a prompt, then a queue transfer (and, with a branch, a closed message). */
export function inboundFlow(options: { name: string; queue: string; prompt: string; withBranch?: boolean }): SeedFlow {
  const triggers: NonNullable<SeedFlow["triggers"]> = [
    { id: "welcome-prompt", type: "playprompt", properties: { type: "playprompt", prompt: options.prompt } },
    { id: "queue-transfer", type: "transfertoqueue", properties: { type: "transfertoqueue", queueName: options.queue } },
  ];
  const edges: NonNullable<SeedFlow["edges"]> = [
    { fromId: "start", toId: "welcome-prompt", conditions: [] },
    { fromId: "welcome-prompt", toId: "queue-transfer", conditions: [] },
    { fromId: "queue-transfer", toId: "end", conditions: [] },
  ];
  if (options.withBranch) {
    // Callers outside business hours hear a closed message and hang up instead of queueing.
    triggers.push({ id: "closed-prompt", type: "playprompt", properties: { type: "playprompt", prompt: "Prompt.OfficeClosed" } });
    edges.push(
      { fromId: "welcome-prompt", toId: "closed-prompt", conditions: [{ expression: "!IsBusinessHours()" }] },
      { fromId: "closed-prompt", toId: "end", conditions: [] },
    );
  }
  return { name: options.name, type: "inboundcall", description: `Demo inbound call flow routing to ${options.queue}.`, triggers, edges };
}

/** The shared caller-authentication flow: inputs callerPhone, language; outputs authenticationResult, resolvedCustomerId. */
export function authenticationSharedFlow(name = "Global Auth Subflow"): SeedFlow {
  return {
    name,
    type: COMMON_MODULE_FLOW_TYPE,
    description: "Shared caller authentication: looks the caller up by phone number.",
    inputSchema: { properties: { callerPhone: { type: "string" }, language: { type: "string" } } },
    outputSchema: { properties: { authenticationResult: { type: "string" }, resolvedCustomerId: { type: "string" } } },
    triggers: [{ id: "lookup-caller", type: "datalookup", properties: { type: "datalookup", table: "Customers", key: "${callerPhone}" } }],
    edges: [
      { fromId: "start", toId: "lookup-caller", conditions: [] },
      { fromId: "lookup-caller", toId: "end", conditions: [] },
    ],
  };
}

function demoFlows(flowFormat: FlowFormat): SeedFlow[] {
  const [sharedFlow, inbound] = flowFormat === "architect" ? [architectAuthenticationModule, architectInboundFlow] : [authenticationSharedFlow, inboundFlow];
  return [
    sharedFlow(),
    inbound({ name: "Sales Inbound", queue: "Sales", prompt: "Prompt.WelcomeSales", withBranch: true }),
    inbound({ name: "Support Inbound", queue: "Support", prompt: "Prompt.WelcomeSupport" }),
    inbound({ name: "Billing Inbound", queue: "Billing", prompt: "Prompt.WelcomeBilling" }),
  ];
}

/** The demo orgs; with `architect`, Architect orgs whose flows are Archy YAML under the same names. */
export function defaultSeed(flowFormat: FlowFormat = "graph"): EmulatorSeed {
  const org = (id: string, name: string, clientId: string, clientSecret: string) => ({
    id,
    name,
    clients: [{ clientId, clientSecret }],
    ...(flowFormat === "architect" && { flowFormat }),
    flows: demoFlows(flowFormat),
  });
  return { orgs: [org("dev", "Development", "dev-client", "dev-secret"), org("prod", "Production", "prod-client", "prod-secret")] };
}
