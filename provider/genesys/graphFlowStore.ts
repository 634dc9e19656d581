// The tutorial's format on the wire: a flow's graph is read with the flow entity and written back whole with
// `PUT /api/v2/flows/{id}` carrying the version read, verified against the flow the server returns.

import { Flow } from "../flowModel";
import { GraphDocument } from "../flowFormats/flowFormat";
import { graphFormat, graphDocument } from "../flowFormats/graph/graphFormat";
import { FlowNotFoundError, isBadRequest, isConflict, isGone, isNotFound, WriteVerificationError } from "./errors";
import { FlowsApi } from "./flowsApi";
import { FlowRead, FormatStore, WriteOutcome } from "./flowStore";
import { isUncertainWriteError } from "./retryPolicy";

export class GraphFlowStore implements FormatStore {
  constructor(private readonly flows: FlowsApi) {}

  async readDocument(flow: Flow): Promise<FlowRead> {
    return graphRead(flow);
  }

  /**
   * PUTs the flow and classifies the outcome. An uncertain failure (reset, timeout, 5xx) is settled by
   * re-reading: the write landed if the version moved by exactly one and the graph is what was sent.
   */
  async write(read: FlowRead, document: GraphDocument): Promise<WriteOutcome> {
    const sent: Flow = { ...read.flow, triggers: document.graph.triggers, edges: document.graph.edges, version: read.flow.version };
    let returned: Flow;
    try {
      returned = await this.flows.putFlow(sent);
    } catch (error) {
      if (isConflict(error)) return { kind: "retry", error };
      if (isNotFound(error) || isGone(error)) return { kind: "failed", error: new FlowNotFoundError(sent.id) };
      if (isBadRequest(error)) return { kind: "invalid", error };
      if (!isUncertainWriteError(error)) return { kind: "failed", error };
      let current: Flow | undefined;
      try {
        current = await this.flows.getFlow(sent.id, { fresh: true });
      } catch {
        return { kind: "retry", error };
      }
      if (!current) return { kind: "failed", error: new FlowNotFoundError(sent.id) };
      const landed = graphRead(current);
      if (current.version === sent.version + 1 && graphFormat.storedProblems(document, landed.document as GraphDocument).length === 0) {
        return { kind: "landed", written: landed };
      }
      return { kind: "retry", error, freshRead: landed };
    }
    const stored = graphRead(returned);
    const problems = graphFormat.storedProblems(document, stored.document as GraphDocument);
    if (problems.length > 0) return { kind: "failed", error: new WriteVerificationError(sent.id, problems) };
    return { kind: "landed", written: stored };
  }
}

function graphRead(flow: Flow): FlowRead {
  return { flow, document: graphDocument({ triggers: flow.triggers ?? [], edges: flow.edges ?? [] }) };
}
