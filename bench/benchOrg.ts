// The org a benchmark run works on: M parent inbound call flows, one shared flow with declared inputs
// and outputs, the clients that talk to it, and the N attachments spread over the parents; its flows in
// the tutorial's graph format or, on an Architect org, as Archy YAML.

import { architectAuthenticationModule, architectInboundFlow, authenticationSharedFlow, inboundFlow, type EmulatorSeed } from "../emulator";
import type { FlowFormatName } from "../provider/flowFormats/flowFormat";

export const BENCH_ORG_ID = "bench";
/** The deployment's own client (the Pulumi stack or the tutorial's script). Emulator-only, not a secret. */
export const DEPLOYER_CREDENTIALS = { clientId: "bench-deployer", clientSecret: "bench-deployer-secret" };
/** Another integration of the same org that edits flows behind the deployment's back (the drift). */
export const OUTSIDER_CREDENTIALS = { clientId: "bench-outsider", clientSecret: "bench-outsider-secret" };
export const SHARED_FLOW_NAME = "Bench Shared Authentication";

/** One declared call of the shared flow, as both strategies receive it. */
export interface BenchAttachment {
  /** Resource name in the Pulumi program. */
  name: string;
  parentFlowName: string;
  sharedFlowName: string;
  triggerId: string;
  arguments: Record<string, string>;
  returnVariables: Record<string, string>;
}

/** How declarations are ordered in the program (the host starts them in that order, `--parallel` at a time). */
export type DeclarationOrder = "interleaved" | "grouped";

export interface BenchShape {
  /** N: attachments in the program. */
  attachmentCount: number;
  /** M: parent flows they are spread over. */
  parentFlowCount: number;
  /** T: inbound call flows in the org, the M parents among them (the others are not attached). Default M. */
  orgInboundFlowCount?: number;
  /** Default "interleaved". */
  order?: DeclarationOrder;
  /** How the org keeps its flows: the tutorial's graph (default) or Architect's Archy YAML. */
  flowFormat?: FlowFormatName;
}

export function parentFlowName(index: number): string {
  return `Bench Inbound ${String(index + 1).padStart(3, "0")}`;
}

/** T of a shape: the org's inbound call flows. */
export function orgInboundFlowsOf(shape: Pick<BenchShape, "parentFlowCount" | "orgInboundFlowCount">): number {
  return shape.orgInboundFlowCount ?? shape.parentFlowCount;
}

/** An inbound flow of the org that no attachment touches; named to sort after the benchmark's own flows. */
export function otherInboundFlowName(index: number): string {
  return `Other Inbound ${String(index + 1).padStart(5, "0")}`;
}

/** The org's flow format: the tutorial's graph unless the shape says Architect. */
export function flowFormatOf(shape: Pick<BenchShape, "flowFormat">): FlowFormatName {
  return shape.flowFormat ?? "graph";
}

/**
 * Orgs, clients and flows for one run: M small valid inbound flows, T − M others, and the shared flow. On an
 * Architect org the shared flow is a common module declaring the variables every attachment binds
 * (`Common.callerPhone` in, `Common.authenticationResult` out).
 */
export function benchSeed(shape: Pick<BenchShape, "parentFlowCount" | "orgInboundFlowCount" | "flowFormat">): EmulatorSeed {
  const architect = flowFormatOf(shape) === "architect";
  const inbound = architect ? architectInboundFlow : inboundFlow;
  const parents = Array.from({ length: shape.parentFlowCount }, (_, index) =>
    inbound({ name: parentFlowName(index), queue: "General", prompt: "Prompt.Welcome" }),
  );
  const others = Array.from({ length: Math.max(0, orgInboundFlowsOf(shape) - shape.parentFlowCount) }, (_, index) =>
    inbound({ name: otherInboundFlowName(index), queue: "General", prompt: "Prompt.Welcome" }),
  );
  const shared = architect ? architectAuthenticationModule(SHARED_FLOW_NAME) : authenticationSharedFlow(SHARED_FLOW_NAME);
  const flowFormat = architect ? { flowFormat: "architect" as const } : {};
  return {
    orgs: [{ id: BENCH_ORG_ID, name: "Benchmark", clients: [DEPLOYER_CREDENTIALS, OUTSIDER_CREDENTIALS], ...flowFormat, flows: [shared, ...parents, ...others] }],
  };
}

/**
 * N attachments spread evenly over the M parents, trigger IDs unique per flow. "interleaved" deals them
 * round-robin (attachment i to parent i mod M), so neighbouring declarations hit different flows: the
 * hardest case for coalescing edits of one flow and the easiest for a script that conflicts on a flow.
 * "grouped" declares each parent's attachments together.
 */
export function benchAttachments(shape: BenchShape): BenchAttachment[] {
  const { attachmentCount: n, parentFlowCount: m } = shape;
  const dealt = Array.from({ length: n }, (_, index) => ({
    parentIndex: index % m,
    attachment: {
      name: `attach-${String(index + 1).padStart(3, "0")}`,
      parentFlowName: parentFlowName(index % m),
      sharedFlowName: SHARED_FLOW_NAME,
      triggerId: `call-auth-${Math.floor(index / m) + 1}`,
      arguments: { callerPhone: "${Call.Ani}" },
      returnVariables: { authStatus: "authenticationResult" },
    },
  }));
  // The same attachments either way; "grouped" only reorders them (a stable sort by parent).
  if ((shape.order ?? "interleaved") === "grouped") dealt.sort((a, b) => a.parentIndex - b.parentIndex);
  return dealt.map(({ attachment }) => attachment);
}
