// The "proxy": the only code that calls ArchitectApi flow methods (endpoints listed in apis.md). Identical
// concurrent reads share one request, results are reused briefly, and any write of a flow drops its cache.

import { Flow, FlowGraph, FlowVariableSchema } from "../flowModel";
import { isGone, isNotFound } from "./errors";
import { ArchitectFlowsSdk, GenesysConnection } from "./genesysConnection";

export interface FlowsApiOptions {
  /** How long a read result may be reused inside this process. Default 3000; 0 turns reuse off (in-flight sharing stays). */
  readCacheTtlMs?: number;
  /** Page size of name lookups and listings (Genesys allows up to 100). Default 100. */
  pageSize?: number;
  /** Epoch milliseconds. */
  now?: () => number;
}

export interface GetFlowOptions {
  /** Skip the cache and any read already in flight: the answer reflects the org after this call began. */
  fresh?: boolean;
}

/** Where a listing of every flow has got to, after each page. */
export interface ListingProgress {
  pageNumber: number;
  /** Pages the server announced, when it did. */
  pageCount?: number;
  flowsRead: number;
  /** Flows the server announced, when it did. */
  total?: number;
}

export interface ListFlowsOptions {
  /** Whether the flows carry their `inputSchema` and `outputSchema`. Default false. */
  includeSchemas?: boolean;
  /** Called after each page, e.g. to show progress of a long read. */
  onPage?: (progress: ListingProgress) => void;
}

/** A flow as the listing shows it: its identity and its declared variables, no graph. */
export interface ListedFlow {
  id: string;
  name: string;
  type: string;
  inputSchema?: FlowVariableSchema;
  outputSchema?: FlowVariableSchema;
}

/** The flows whose name is the one asked for, as the service matches names: ignoring case. */
export interface NamedFlows {
  name: string;
  /** Named exactly `name`, case included. */
  exact: ListedFlow[];
  /** Named `name` in other letter case only: what a user who got the case wrong meant. */
  otherCase: ListedFlow[];
}

interface FlowEntityListing<T> {
  entities?: T[];
  pageNumber?: number;
  pageCount?: number;
  total?: number;
}

/** The listing's filters; paging is added by `pages`. */
type ListingQuery = Omit<NonNullable<Parameters<ArchitectFlowsSdk["getFlows"]>[0]>, "pageNumber" | "pageSize">;

export const OPERATIONS = {
  getFlow: "GET /api/v2/flows/{flowId}",
  getFlows: "GET /api/v2/flows",
  getFlowVersionConfiguration: "GET /api/v2/flows/{flowId}/versions/{versionId}/configuration",
  putFlow: "PUT /api/v2/flows/{flowId}",
  publishFlow: "POST /api/v2/flows/actions/publish",
} as const;

interface CacheEntry<T> {
  promise: Promise<T>;
  /** Set once the request resolved; until then the entry only shares the in-flight request. */
  expiresAtMs?: number;
  value?: T;
}

export class FlowsApi {
  private readonly readCacheTtlMs: number;
  private readonly pageSize: number;
  private readonly now: () => number;
  private readonly flowReads = new Map<string, CacheEntry<Flow | undefined>>();
  private readonly nameLookups = new Map<string, CacheEntry<NamedFlows>>();
  /** Published versions never change, so what one released is kept for the life of the process. */
  private readonly releasedDocuments = new Map<string, Promise<FlowGraph | undefined>>();

  constructor(
    private readonly connection: GenesysConnection,
    options: FlowsApiOptions = {},
  ) {
    this.readCacheTtlMs = options.readCacheTtlMs ?? 3000;
    this.pageSize = options.pageSize ?? 100;
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1 || this.pageSize > 100) {
      throw new TypeError(`Expected \`pageSize\` to be an integer from 1 to 100, got ${String(options.pageSize)}.`);
    }
  }

  /** The flow, or undefined when it does not exist (404) or was deleted (410). */
  async getFlow(flowId: string, options: GetFlowOptions = {}): Promise<Flow | undefined> {
    const flow = await this.shared(this.flowReads, flowId, options.fresh ?? false, async () => {
      try {
        return await this.connection.request<Flow>(OPERATIONS.getFlow, (api) => api.getFlow(flowId));
      } catch (error) {
        if (isNotFound(error) || isGone(error)) {
          return undefined;
        }
        throw error;
      }
    });
    // Every caller gets its own copy, so one caller's changes cannot leak into another's or into the cache.
    return flow === undefined ? undefined : structuredClone(flow);
  }

  /**
   * Every flow named `name`, looking through every page, with its variable schemas (`includeSchemas`), so
   * checking a call's variable names needs no read. Which one a declaration means is the caller's rule.
   */
  findFlowsByName(name: string): Promise<NamedFlows> {
    return this.shared(this.nameLookups, name, false, async () => {
      const found: NamedFlows = { name, exact: [], otherCase: [] };
      // The service's `name` filter ignores case; exactness is decided here, over all pages.
      for await (const { entities } of this.pages<ListedFlow>({ name, includeSchemas: true })) {
        for (const entity of entities) {
          const listed = { id: entity.id, name: entity.name, type: entity.type, inputSchema: entity.inputSchema, outputSchema: entity.outputSchema };
          if (entity.name === name) found.exact.push(listed);
          else if (entity.name.toLowerCase() === name.toLowerCase()) found.otherCase.push(listed);
        }
      }
      return found;
    });
  }

  /**
   * Every live flow of the org, as the listing carries them (whole flows, graphs included), read page by
   * page at the largest page size. Not cached: it is a snapshot for one command. A flow that moved to a
   * later page while the pages were read is kept once.
   */
  async listFlows(options: ListFlowsOptions = {}): Promise<Flow[]> {
    const flows = new Map<string, Flow>();
    for await (const { entities, page } of this.pages<Flow>({ includeSchemas: options.includeSchemas ?? false })) {
      for (const flow of entities) flows.set(flow.id, flow);
      options.onPage?.({ pageNumber: page.pageNumber, pageCount: page.pageCount, flowsRead: flows.size, total: page.total });
    }
    return [...flows.values()];
  }

  /** The pages of `GET /api/v2/flows` for `query`, from the first until the last the server announced. */
  private async *pages<T>(query: ListingQuery): AsyncGenerator<{ entities: T[]; page: FlowEntityListing<T> & { pageNumber: number } }> {
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await this.connection.request<FlowEntityListing<T>>(OPERATIONS.getFlows, (api) => api.getFlows({ ...query, pageNumber, pageSize: this.pageSize }));
      const entities = page.entities ?? [];
      yield { entities, page: { ...page, pageNumber } };
      const lastPage = page.pageCount !== undefined ? pageNumber >= page.pageCount : entities.length < this.pageSize;
      if (lastPage || entities.length === 0) {
        return;
      }
    }
  }

  /**
   * Writes the flow (its `version` must be the one read) and returns what the server stored. Not repeated
   * after an uncertain failure: the caller re-reads to learn whether it landed.
   */
  async putFlow(flow: Flow): Promise<Flow> {
    let stored: Flow;
    try {
      stored = await this.connection.request<Flow>(OPERATIONS.putFlow, (api) => api.putFlow(flow.id, flow), { write: true });
    } catch (error) {
      this.invalidate(flow.id);
      throw error;
    }
    this.remember(stored);
    return structuredClone(stored);
  }

  /**
   * Keeps the flow the server returned from our own write as the flow's read: it is the org as of that
   * version, so the next read-modify-write can skip the GET (a write from anyone else since answers 409).
   * A name lookup stays valid unless the write renamed or retyped a flow it found, or gave a flow its name.
   */
  private remember(stored: Flow): void {
    this.flowReads.delete(stored.id);
    for (const [key, entry] of this.nameLookups) {
      const listed = listedFlow(entry.value, stored.id);
      const stillListedAsBefore = listed ? listed.name === stored.name && listed.type === stored.type : key.toLowerCase() !== stored.name.toLowerCase();
      if (!stillListedAsBefore) {
        this.nameLookups.delete(key);
      }
    }
    if (this.readCacheTtlMs > 0) {
      const value = structuredClone(stored);
      this.flowReads.set(stored.id, { promise: Promise.resolve(value), value, expiresAtMs: this.now() + this.readCacheTtlMs });
    }
  }

  /** Publishes the flow's saved version. Repeating a publish is harmless, so it is retried like a read. */
  async publishFlow(flowId: string): Promise<unknown> {
    // Publishing changes the flow's published version, never its name: cached reads go, lookups stay.
    this.flowReads.delete(flowId);
    try {
      return await this.connection.request<unknown>(OPERATIONS.publishFlow, (api) => api.postFlowsActionsPublish(flowId));
    } finally {
      this.flowReads.delete(flowId);
    }
  }

  /**
   * The flow document a published version released (its triggers and edges are what runs), or undefined
   * when the flow or that version is gone. Read once per process: a published version never changes.
   */
  getPublishedDocument(flowId: string, versionId: string): Promise<FlowGraph | undefined> {
    const key = `${flowId}\u0000${versionId}`;
    let document = this.releasedDocuments.get(key);
    if (!document) {
      document = this.connection
        .request<FlowGraph>(OPERATIONS.getFlowVersionConfiguration, (api) => api.getFlowVersionConfiguration(flowId, versionId))
        .catch((error: unknown) => {
          if (isNotFound(error) || isGone(error)) return undefined;
          throw error;
        });
      this.releasedDocuments.set(key, document);
      // A failure is not kept: the next caller asks again.
      document.catch(() => this.releasedDocuments.delete(key));
    }
    return document.then((graph) => graph && structuredClone({ triggers: graph.triggers ?? [], edges: graph.edges ?? [] }));
  }

  /** Forgets what is known about this flow, so the next read asks the server. */
  invalidate(flowId: string): void {
    this.flowReads.delete(flowId);
    // After a write of unknown outcome the flow may have been renamed or retyped, so a lookup that found
    // it (or is still looking) is not trusted.
    for (const [key, entry] of this.nameLookups) {
      if (entry.expiresAtMs === undefined || listedFlow(entry.value, flowId)) {
        this.nameLookups.delete(key);
      }
    }
  }

  /**
   * Shares one request among identical concurrent callers and reuses its result for `readCacheTtlMs`.
   * A failed request is never reused. An entry replaced in between (by `invalidate` or a fresh read) is
   * left alone when its request settles.
   */
  private shared<T>(cache: Map<string, CacheEntry<T>>, key: string, fresh: boolean, load: () => Promise<T>): Promise<T> {
    const existing = cache.get(key);
    if (!fresh && existing && (existing.expiresAtMs === undefined || this.now() < existing.expiresAtMs)) {
      return existing.promise;
    }
    const entry: CacheEntry<T> = { promise: load() };
    cache.set(key, entry);
    entry.promise.then(
      (value) => {
        entry.value = value;
        if (cache.get(key) === entry) {
          if (this.readCacheTtlMs > 0) {
            entry.expiresAtMs = this.now() + this.readCacheTtlMs;
          } else {
            cache.delete(key);
          }
        }
      },
      () => {
        if (cache.get(key) === entry) {
          cache.delete(key);
        }
      },
    );
    return entry.promise;
  }
}

/** The flow with this ID among those a name lookup found, if it found it. */
function listedFlow(named: NamedFlows | undefined, flowId: string): ListedFlow | undefined {
  return named && [...named.exact, ...named.otherCase].find((flow) => flow.id === flowId);
}
