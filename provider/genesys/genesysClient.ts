// The composition root of the Genesys Cloud module: for one set of connection settings it builds the
// connection, the flows proxy and the group-commit editor, and hands out the one face the provider and the
// command line use.

import { Flow } from "../flowModel";
import { FlowDocument, FlowFormatName } from "../flowFormats/flowFormat";
import { graphDocument } from "../flowFormats/graph/graphFormat";
import { ArchitectFlowStore, importRefusal } from "./architectFlowStore";
import { ArchitectJobs, ArchitectJobsOptions } from "./architectJobs";
import { ConnectionSettings } from "./connectionSettings";
import { FlowNotFoundError } from "./errors";
import { EditOptions, EditOutcome, FlowEdit, FlowEditor, FlowEditorOptions } from "./flowEditor";
import { ConsumingFlow, FlowsApi, FlowsApiOptions, GetFlowOptions, ListFlowsOptions, NamedFlows } from "./flowsApi";
import { FlowRead, FlowStore } from "./flowStore";
import { ConnectionOptions, GenesysConnection } from "./genesysConnection";
import { GraphFlowStore } from "./graphFlowStore";
import { RetryOptions } from "./retryPolicy";

/** Dependency tracking's name for a common module: the type of the object whose consumers are asked for. */
const COMMON_MODULE_DEPENDENCY_TYPE = "COMMONMODULEFLOW";

export interface GenesysClientOptions {
  connection?: Omit<ConnectionOptions, "retry">;
  flows?: FlowsApiOptions;
  editor?: Omit<FlowEditorOptions, "retry">;
  /** Architect's export and import jobs (Architect orgs only): how long to wait, how to poll, whom to tell. */
  jobs?: Omit<ArchitectJobsOptions, "retry">;
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
    private readonly store: FlowStore,
    private readonly editor: FlowEditor,
  ) {}

  /** Wires the parts for `settings`; each client has its own token, request budget, read cache and commit queues. */
  static create(settings: ConnectionSettings, options: GenesysClientOptions = {}): GenesysClient {
    const connection = new GenesysConnection(settings, { ...options.connection, retry: options.retry });
    const flows = new FlowsApi(connection, { listing: settings.flowListing, ...options.flows });
    const store = createFlowStore(connection, flows, settings, options);
    return new GenesysClient(connection, flows, store, new FlowEditor(store, { ...options.editor, retry: options.retry }));
  }

  /** The format the org's flows are in, once one was read (or the settings forced one). */
  get flowFormat(): FlowFormatName | undefined {
    return this.store.format;
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

  /** The flow with its logic in the org's format, or undefined when it is gone (see `FlowStore.read`). */
  readFlowDocument(flowId: string, options?: GetFlowOptions): Promise<FlowRead | undefined> {
    return this.store.read(flowId, options);
  }

  /** The logic of each flow, by flow ID, in the org's format: Architect flows asked for together share export jobs. */
  async readFlowDocuments(flows: readonly Flow[]): Promise<Map<string, FlowDocument>> {
    const reads = await Promise.all(flows.map((flow) => this.store.readOf(flow)));
    return new Map(reads.map((read) => [read.flow.id, read.document]));
  }

  /** The flows that call the common module `flowId`, by Architect's dependency tracking. */
  consumersOf(flowId: string): Promise<ConsumingFlow[]> {
    return this.flows.consumersOf(flowId, COMMON_MODULE_DEPENDENCY_TYPE);
  }

  /** Group-committed, verified read-modify-write of one flow (see `FlowEditor.editFlow`). */
  editFlow<T>(flowId: string, edit: FlowEdit<T>, options?: EditOptions): Promise<EditOutcome<T>> {
    return this.editor.editFlow(flowId, edit, options);
  }

  /**
   * What the flow's published version runs, or undefined when it was never published. An Architect flow is
   * read as its published version, so that is the document read; the tutorial's model keeps the saved
   * graph apart from what each publish released.
   */
  async readPublishedDocument(read: FlowRead): Promise<FlowDocument | undefined> {
    if (read.document.format === "architect") return read.document;
    const versionId = read.flow.publishedVersion?.id;
    const graph = versionId === undefined ? undefined : await this.flows.getPublishedDocument(read.flow.id, versionId);
    return graph && graphDocument(graph);
  }

  /**
   * Publishes the flow so that its saved version `savedVersion`, or a later one, is what runs, and returns
   * the flow as it is afterwards. A publish this process made of that version or a later one is shared, not
   * repeated: the attachments of one flow written in one PUT publish it once. Publishes of one flow go one
   * at a time, so a later version waits for the publish before it and then publishes itself. On an Architect
   * org a flow checked out, or holding saved work not published, is refused first, as an import is.
   */
  async publishFlow(flowId: string, savedVersion: number): Promise<Flow> {
    if (this.store.format === "architect") {
      // A publish releases the flow's saved version, so it is refused where an import is: a lock, or saved work not published.
      const current = await this.flows.getFlow(flowId, { fresh: true });
      const refusal = current && importRefusal(current);
      if (refusal) throw refusal;
    }
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

/** The flow store of one org: flow entities through `flows`, Architect's logic through its jobs on `connection`. */
export function createFlowStore(connection: GenesysConnection, flows: FlowsApi, settings: Pick<ConnectionSettings, "flowFormat" | "jobTimeoutSeconds">, options: Pick<GenesysClientOptions, "jobs" | "retry"> = {}): FlowStore {
  const readEntity = (flowId: string, read: { fresh: boolean }) => flows.getFlow(flowId, read);
  const jobs = new ArchitectJobs(connection, {
    ...(settings.jobTimeoutSeconds === undefined ? {} : { jobTimeoutMs: settings.jobTimeoutSeconds * 1000 }),
    ...options.jobs,
    retry: options.retry,
  });
  const architect = new ArchitectFlowStore(jobs, readEntity, (type, maxFlows) => flows.flowsOfType(type, maxFlows));
  return new FlowStore(readEntity, { graph: new GraphFlowStore(flows), architect }, settings.flowFormat);
}

// The one process-wide cache of this module: a client per org and OAuth client, so that every resource
// operation of a provider process shares one token, request budget, read cache and group commit. The
// provider host loads this code at call time (it is never serialized into state), so "process-wide"
// means one provider process.
const clients = new Map<string, { secret: string; client: GenesysClient }>();

/** The provider process's client for these settings, made on first use (with `options`, when given then). */
export function genesysClientFor(settings: ConnectionSettings, options: GenesysClientOptions = {}): GenesysClient {
  const key = `${settings.apiUrl ?? settings.environment}\u0000${settings.clientId}`;
  const existing = clients.get(key);
  // A rotated secret needs its own login; the old client is dropped.
  if (existing && existing.secret === settings.clientSecret) {
    return existing.client;
  }
  const client = GenesysClient.create(settings, options);
  clients.set(key, { secret: settings.clientSecret, client });
  return client;
}
