// Reads a flow's logic and writes it back, in whichever format the org keeps it: the tutorial's graph
// (through the flow entity) or Architect's YAML (through export and import jobs). Decides the org's format
// from what the service returns, or checks the one the settings force, before anything is written.

import { Flow } from "../flowModel";
import { FlowDocument, FlowFormatName } from "../flowFormats/flowFormat";
import { entityFormat } from "../flowFormats/formats";
import { FlowFormatError } from "./errors";

/** A flow as one read of it found it: the entity (metadata) and its logic in the org's format. */
export interface FlowRead {
  flow: Flow;
  document: FlowDocument;
}

/** How a write ended, for the group commit to act on. */
export type WriteOutcome =
  | { kind: "landed"; written: FlowRead }
  /** Someone else changed the flow in between, or the outcome is unknown: read again and re-apply. `freshRead`, when given, is that read. */
  | { kind: "retry"; error: unknown; freshRead?: FlowRead }
  /** The service refused what was sent as invalid: each edit of the batch alone may find the one at fault. */
  | { kind: "invalid"; error: unknown }
  | { kind: "failed"; error: unknown };

/** How a flow's logic is read: `fresh` answers as of now; `alone` reads no more than asked (no flows read ahead). */
export interface DocumentReadOptions {
  fresh: boolean;
  alone?: boolean;
}

/** One format's way to read a flow's logic (given its entity) and to write new logic. */
export interface FormatStore {
  readDocument(flow: Flow, options: DocumentReadOptions): Promise<FlowRead>;
  write(read: FlowRead, document: FlowDocument): Promise<WriteOutcome>;
}

/** Reads and writes flows of one org, in the org's format (detected, or forced by the settings). */
export class FlowStore {
  /** What the first flow read showed (or the settings forced): every later flow must agree. */
  private detected: { format: FlowFormatName; flowName: string } | undefined;

  constructor(
    private readonly readEntity: (flowId: string, options: { fresh: boolean }) => Promise<Flow | undefined>,
    private readonly stores: Record<FlowFormatName, FormatStore>,
    private readonly forced: FlowFormatName | undefined,
  ) {}

  /** The format the org was found (or told) to speak, once a flow was read. */
  get format(): FlowFormatName | undefined {
    return this.forced ?? this.detected?.format;
  }

  /** The flow and its logic, or undefined when the flow is gone. */
  async read(flowId: string, options: { fresh?: boolean } = {}): Promise<FlowRead | undefined> {
    const fresh = options.fresh ?? false;
    const flow = await this.readEntity(flowId, { fresh });
    if (!flow) return undefined;
    return this.stores[this.formatOf(flow)].readDocument(flow, { fresh });
  }

  /** The logic of flows whose entities were read already (listed, say), and no others: read together, they share jobs. */
  readOf(flow: Flow): Promise<FlowRead> {
    return this.stores[this.formatOf(flow)].readDocument(flow, { fresh: false, alone: true });
  }

  write(read: FlowRead, document: FlowDocument): Promise<WriteOutcome> {
    return this.stores[document.format].write(read, document);
  }

  /** The format a flow's entity shows, checked against the settings and against the flows read before. */
  formatOf(flow: Flow): FlowFormatName {
    const shown = entityFormat(flow);
    if (this.forced !== undefined && shown !== this.forced) {
      throw new FlowFormatError(
        this.forced === "graph"
          ? `genesys:flowFormat (GENESYS_FLOW_FORMAT) is 'graph', but flow '${flow.name}' (${flow.id}) carries no triggers or edges: this org keeps its flows' logic in Architect's format. ` +
              "Set it to 'architect', or remove it to let the provider tell; nothing was written."
          : `genesys:flowFormat (GENESYS_FLOW_FORMAT) is 'architect', but flow '${flow.name}' (${flow.id}) carries triggers and edges: this org speaks the tutorial's flow model, not Architect's jobs. ` +
              "Set it to 'graph', or remove it to let the provider tell; nothing was written.",
      );
    }
    if (this.detected === undefined) {
      this.detected = { format: shown, flowName: flow.name };
    } else if (this.detected.format !== shown) {
      throw new FlowFormatError(
        `flow '${flow.name}' (${flow.id}) is in the ${shown} format, but flow '${this.detected.flowName}' of the same org was in the ${this.detected.format} format; ` +
          "the provider edits one format per org: set genesys:flowFormat to the one this org speaks, and report the mismatch (nothing was written)",
      );
    }
    return shown;
  }
}
