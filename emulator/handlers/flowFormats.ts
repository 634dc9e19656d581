// Sends a flows request to the handler of the flow format the caller's org keeps, and refuses on one
// format what only the other serves (400 `flow.format.unsupported`, naming the org and its format).

import { GenesysErrorFactory } from "../errors/GenesysErrorFactory";
import { Handler, HandlerContext } from "../http/requestContext";
import { ArchitectOrgRecord, FlowFormat } from "../persistence/emulatorState";
import { requireOrg } from "./flowsHandler";

export function byFlowFormat(handlers: Record<FlowFormat, Handler>): Handler {
  return (context) => handlers[requireOrg(context).flowFormat ?? "graph"](context);
}

/** `handler` for Architect orgs; graph orgs are told that `what` is not theirs. */
export function architectOnly(what: string, handler: Handler): Handler {
  return byFlowFormat({ graph: notServed(what), architect: handler });
}

/** `handler` for graph orgs; Architect orgs are told that `what` is not theirs. */
export function graphOnly(what: string, handler: Handler): Handler {
  return byFlowFormat({ graph: handler, architect: notServed(what) });
}

/** The caller's org, which the route table sends here only when it is an Architect org. */
export function requireArchitectOrg(context: HandlerContext): ArchitectOrgRecord {
  const org = requireOrg(context);
  if (org.flowFormat !== "architect") throw new Error(`an Architect handler was reached for the graph org '${org.id}'`);
  return org;
}

function notServed(what: string): Handler {
  return (context) => {
    const org = requireOrg(context);
    throw GenesysErrorFactory.notServedInFlowFormat(what, org.id, org.flowFormat ?? "graph");
  };
}
