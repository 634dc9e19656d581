// Test support: wiring made by hand in an emulator org through the real SDK, as another client would (a
// person in Architect, a script): a second shared flow, calls in several parents, a chained call, two calls
// stacked after start, arguments and return variables, and one call no attachment can declare as it is.

import { DEMO_CLIENTS, type RunningEmulator } from "../../emulator";
import { Flow, FlowTrigger } from "../../provider/flowModel";
import { spliceIn } from "../../provider/flowFormats/graph/graphEdits";
import { OutsideWriter } from "../../emulator/outsideWriter";
import { branchedGraph, callTrigger } from "./wiringFixtures";

export const GLOBAL_AUTH = "Global Auth Subflow";
export const QUEUE_ROUTING = "Queue Routing";
/** The parent whose call is reached from two nodes, which no attachment's `after` can say. */
export const BRANCHED_PARENT = "After Hours Line";

/** The calls `wireByHand` makes that an export declares: parent flow name -> trigger ID -> node it follows. */
export const DECLARABLE_CALLS = {
  "Sales Inbound": { callGlobalAuth: "start", callQueueRouting: "callGlobalAuth" },
  "Support Inbound": { callGlobalAuth: "welcome-prompt" },
  // Both spliced in after start: the later one (routing) is placed first, and auth now follows it.
  "Billing Inbound": { callQueueRouting: "start", callGlobalAuth: "callQueueRouting" },
} as const;

export async function writerFor(emulator: RunningEmulator, org: string): Promise<OutsideWriter> {
  const client = DEMO_CLIENTS.find((candidate) => candidate.orgId === org)!;
  return OutsideWriter.connect(emulator, { clientId: client.clientId, clientSecret: client.clientSecret });
}

/** Creates the second shared flow (input `queue`, output `agentGroup`) in `org`; resolves to its ID. */
export async function createQueueRouting(emulator: RunningEmulator, org: string): Promise<string> {
  const writer = await writerFor(emulator, org);
  const flow = await writer.createFlow({
    name: QUEUE_ROUTING,
    type: "commonmodule",
    inputSchema: { properties: { queue: { type: "string" } } },
    outputSchema: { properties: { agentGroup: { type: "string" } } },
  });
  return flow.id;
}

/** Makes the wiring above in `org` of the demo seed, each flow read and written back as a client does. */
export async function wireByHand(emulator: RunningEmulator, org: string): Promise<void> {
  const writer = await writerFor(emulator, org);
  const auth = emulator.findFlowByName(org, GLOBAL_AUTH)!.id;
  const routing = await createQueueRouting(emulator, org);
  const parent = (name: string) => emulator.findFlowByName(org, name)!.id;
  const splice = (flow: Flow, trigger: FlowTrigger, after: string) => Object.assign(flow, spliceIn(flow, trigger, after));

  await writer.editFlow(parent("Sales Inbound"), (flow) => {
    splice(flow, callTrigger("callGlobalAuth", auth, { arguments: { callerPhone: "${Call.Ani}", language: "${Call.Language}" }, returnVariables: { "Flow.authResult": "authenticationResult" } }), "start");
    splice(flow, callTrigger("callQueueRouting", routing, { arguments: { queue: "Sales" }, returnVariables: { "Flow.agentGroup": "agentGroup" } }), "callGlobalAuth");
  });
  await writer.editFlow(parent("Support Inbound"), (flow) => {
    splice(flow, callTrigger("callGlobalAuth", auth, { arguments: { callerPhone: "${Call.Ani}" } }), "welcome-prompt");
  });
  await writer.editFlow(parent("Billing Inbound"), (flow) => {
    splice(flow, callTrigger("callGlobalAuth", auth, { arguments: { callerPhone: "${Call.Ani}", language: "en-US" }, returnVariables: { "Flow.customerId": "resolvedCustomerId" } }), "start");
    splice(flow, callTrigger("callQueueRouting", routing, { arguments: { queue: "Billing" } }), "start");
  });
  await writer.createFlow({ name: BRANCHED_PARENT, type: "inboundcall", ...branchedGraph(callTrigger("callGlobalAuth", auth, { arguments: { callerPhone: "${Call.Ani}" } })) });
}
