// The composition root of the Genesys Cloud module: for one set of connection settings it builds the
// connection, the flows proxy and the group-commit editor, and hands out the one face the provider and the
// command line use.

import { Flow, FlowGraph } from "../flowModel";
import { ConnectionSettings } from "./connectionSettings";
import { FlowNotFoundError } from "./errors";
import { EditOptions, EditOutcome, FlowEdit, FlowEditor, FlowEditorOptions } from "./flowEditor";
import { FlowsApi, FlowsApiOptions, GetFlowOptions, ListFlowsOptions, NamedFlows } from "./flowsApi";
import { ConnectionOptions, GenesysConnection } from "./genesysConnection";
import { RetryOptions } from "./retryPolicy";

export interface GenesysClientOptions {
  connection?: Omit<ConnectionOptions, "retry">;
  flows?: FlowsApiOptions;
  editor?: Omit<FlowEditorOptions, "retry">;
  /** The one retry policy: the connection's repeated requests and the editor's backoff between rounds. */
  retry?: RetryOptions;
}

/** Everything done in one org: read, look up, list, edit (group commit) and publish flows, and log in. */
export class GenesysClient {
  /** Per flow, the last publish this process made: the saved version it covers, and its outcome. */
  private readonly publishes = new Map<string, { savedVersion: number; done: Promise<void> }>();

  private constructor(
    private readonly connection: GenesysConnection,
    private readonly flows: FlowsApi,
    private readonly editor: FlowEditor,
  ) {}

  /** Wires the parts for `settings`; each client has its own token, request budget, read cache and commit queues. */
  static create(settings: ConnectionSettings, options: GenesysClientOptions = {}): GenesysClient {
    const connection = new GenesysConnection(settings, { ...options.connection, retry: options.retry });
    const flows = new FlowsApi(connection, { listing: settings.flowListing, ...options.flows });
    return new GenesysClient(connection, flows, new FlowEditor(flows, { ...options.editor, retry: options.retry }));
  }

  /** An edit of some flow is likely to follow soon (a resource was just checked); see `FlowEditor.expectEdit`. */
  expectEdit(): void {
    this.editor.expectEdit();
  }

  /** Starts the login now, so that it overlaps other work; see `GenesysConnection.logInAhead`. */
  logInAhead(): void {
    this.connection.logInAhead();
  }

  /** The flow, or undefined when it is gone; shared with concurrent identical reads and reused for the rest of the command unless `fresh`. */
  readFlow(flowId: string, options?: GetFlowOptions): Promise<Flow | undefined> {
    return this.flows.getFlow(flowId, options);
  }

  /** The flows named `name`, exactly and in other letter case (every page searched), as listed: no graph, schemas included. */
  lookupFlows(name: string): Promise<NamedFlows> {
    return this.flows.findFlowsByName(name);
  }

  /** Every live flow of the org with its graph, every page read (see `FlowsApi.listFlows`). */
  listFlows(options?: ListFlowsOptions): Promise<Flow[]> {
    return this.flows.listFlows(options);
  }

  /** Group-committed, verified read-modify-write of one flow (see `FlowEditor.editFlow`). */
  editFlow<T>(flowId: string, edit: FlowEdit<T>, options?: EditOptions): Promise<EditOutcome<T>> {
    return this.editor.editFlow(flowId, edit, options);
  }

  /** What the flow's published version runs (its triggers and edges), or undefined when it was never published. */
  async readPublishedGraph(flow: Pick<Flow, "id" | "publishedVersion">): Promise<FlowGraph | undefined> {
    const versionId = flow.publishedVersion?.id;
    return versionId === undefined ? undefined : this.flows.getPublishedDocument(flow.id, versionId);
  }

  /**
   * Publishes the flow so that its saved version `savedVersion`, or a later one, is what runs, and returns
   * the flow as it is afterwards. A publish this process made of that version or a later one is shared, not
   * repeated: the attachments of one flow written in one PUT publish it once. Publishes of one flow go one
   * at a time, so a later version waits for the publish before it and then publishes itself.
   */
  async publishFlow(flowId: string, savedVersion: number): Promise<Flow> {
    for (;;) {
      const last = this.publishes.get(flowId);
      if (last && last.savedVersion >= savedVersion) {
        await last.done;
        break;
      }
      if (last) {
        await last.done.catch(() => undefined);
        // Another caller may have started the next publish meanwhile: look again.
        if (this.publishes.get(flowId) !== last) continue;
      }
      const entry = { savedVersion, done: this.flows.publishFlow(flowId).then(() => undefined) };
      this.publishes.set(flowId, entry);
      // A failed publish is not shared with later callers: they try again.
      entry.done.catch(() => this.publishes.get(flowId) === entry && this.publishes.delete(flowId));
      await entry.done;
      break;
    }
    const flow = await this.flows.getFlow(flowId);
    if (!flow) {
      throw new FlowNotFoundError(flowId);
    }
    return flow;
  }
}

// The one process-wide cache of this module: a client per org and OAuth client, so that every resource
// operation of a provider process shares one token, request budget, read cache and group commit. The
// provider host loads this code at call time (it is never serialized into state), so "process-wide"
// means one provider process.
const clients = new Map<string, { secret: string; client: GenesysClient }>();

/** The provider process's client for these settings, made on first use. */
export function genesysClientFor(settings: ConnectionSettings): GenesysClient {
  const key = `${settings.apiUrl ?? settings.environment}\u0000${settings.clientId}`;
  const existing = clients.get(key);
  // A rotated secret needs its own login; the old client is dropped.
  if (existing && existing.secret === settings.clientSecret) {
    return existing.client;
  }
  const client = GenesysClient.create(settings);
  clients.set(key, { secret: settings.clientSecret, client });
  return client;
}
