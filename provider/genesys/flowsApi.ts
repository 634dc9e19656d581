// The "proxy": the only code that calls ArchitectApi flow methods (endpoints listed in apis.md). Identical
// concurrent reads share one request, what a command learned lasts the command, and what a write (ours or,
// as a newer version shows, anyone's) changed replaces it. Reads and name lookups that keep coming one by one
// switch to listing pages once that is cheaper.

import { Flow, FlowGraph, FlowVariableSchema } from "../flowModel";
import { BatchAnswer, BatchGatherer, chunks } from "./batchGatherer";
import { isGone, isNotFound } from "./errors";
import { FlowListing } from "./flowListing";
import { ArchitectFlowsSdk, GenesysConnection } from "./genesysConnection";
import { decideFetch, idRequestsFor, LISTING_PAGE_SIZE, pageCountOf } from "./listingDecision";

export interface FlowsApiOptions {
  /**
   * How long what this client learned (a flow read, a listing page, a name settled) is used without asking the
   * org again. Default: as long as the client lives, which for the provider is one command, since each command
   * runs in a provider process of its own. A process serving several commands with one client (a test, a
   * long-running tool) must bound it, or use a client per command. 0 turns reuse off (in-flight sharing stays).
   */
  readCacheTtlMs?: number;
  /** Page size of name lookups and listings (Genesys allows up to 100). Default `LISTING_PAGE_SIZE`. */
  pageSize?: number;
  /** Whether reads and lookups may be served by listings: `?id=` lists, and pages once `decideFetch` prefers them. Default true. */
  listing?: boolean;
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
  consumingResources: "GET /api/v2/architect/dependencytracking/consumingresources",
} as const;

/** A flow that calls another, as dependency tracking lists it. */
export interface ConsumingFlow {
  id: string;
  name: string;
  /** The consumer's dependency type, e.g. `INBOUNDCALLFLOW`. */
  type: string;
}

interface CacheEntry<T> {
  promise: Promise<T>;
  /** Set once the request resolved; until then the entry only shares the in-flight request. */
  expiresAtMs?: number;
  value?: T;
}

/** The listing key of every flow, whatever its type. */
const ALL_TYPES = "";

/** Flows read of each of the tied types after which a tie is taken to last (see `listingForReads`). */
const LASTING_TIE_FLOWS = 2;

export class FlowsApi {
  private readonly readCacheTtlMs: number;
  private readonly pageSize: number;
  private readonly listingEnabled: boolean;
  private readonly now: () => number;
  private readonly flowReads = new Map<string, CacheEntry<Flow | undefined>>();
  /** Flows as listing pages showed them, reusable like reads; kept apart so that reads waiting for a page find them. */
  private readonly listedFlows = new Map<string, { flow: Flow; expiresAtMs: number }>();
  private readonly nameLookups = new Map<string, CacheEntry<NamedFlows>>();
  /** Published versions never change, so what one released is kept for the life of the process. */
  private readonly releasedDocuments = new Map<string, Promise<FlowGraph | undefined>>();
  /** Listings by type (`ALL_TYPES` for every flow, which settles names). */
  private readonly listings = new Map<string, FlowListing>();
  private readonly reads = new BatchGatherer<Flow | undefined>((ids) => this.readBatch(ids));
  /** Reads that must answer as of now (before and after an Architect import, say), asked for together: by ID only. */
  private readonly freshReads = new BatchGatherer<Flow | undefined>(async (ids) => this.readByIds(ids, new Map()));
  private readonly lookups = new BatchGatherer<NamedFlows>((names) => this.lookupBatch(names));
  /**
   * The distinct flows handed to callers, by type: the listing a read of a flow not seen yet most likely
   * belongs to. Distinct, so that the one shared flow every diff asks for again does not outweigh the
   * parents each read once.
   */
  private readonly flowsReadByType = new Map<string, Set<string>>();
  /**
   * The rent of `decideFetch`: requests spent reading flows by ID one by one, and names looked up one by one.
   * A name counts as the one request a name normally costs, whatever its lookup took: a name with the
   * service's wildcard (`*`) pages through every flow it matches, which says nothing of the names to come.
   */
  private readRequestsOneByOne = 0;
  private namesLookedUpOneByOne = 0;
  /** Counts writes and invalidations; a flow in an answer to a request sent before its last one is not kept. */
  private changeCount = 0;
  private readonly lastChangeOf = new Map<string, number>();
  /** Each flow's version as this client last read or wrote it: a higher one in an answer is another writer's. */
  private readonly knownVersions = new Map<string, number>();

  constructor(
    private readonly connection: GenesysConnection,
    options: FlowsApiOptions = {},
  ) {
    this.readCacheTtlMs = options.readCacheTtlMs ?? Number.POSITIVE_INFINITY;
    this.pageSize = options.pageSize ?? LISTING_PAGE_SIZE;
    // A listing is only worth its pages when they can be reused.
    this.listingEnabled = (options.listing ?? true) && this.readCacheTtlMs > 0;
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1 || this.pageSize > LISTING_PAGE_SIZE) {
      throw new TypeError(`Expected \`pageSize\` to be an integer from 1 to ${LISTING_PAGE_SIZE}, got ${String(options.pageSize)}.`);
    }
  }

  /**
   * The flow, or undefined when it does not exist (404) or was deleted (410). Reads asked for together
   * are fetched together (`?id=` lists), and once reading one by one costs as much as listing the flows'
   * type, from that listing.
   */
  async getFlow(flowId: string, options: GetFlowOptions = {}): Promise<Flow | undefined> {
    const fresh = options.fresh ?? false;
    const flow = await this.shared(this.flowReads, flowId, fresh, () => {
      if (fresh) return this.freshReads.request(flowId);
      const listed = this.usableListed(flowId);
      return listed ? Promise.resolve(listed) : this.reads.request(flowId);
    });
    if (flow) this.flowsReadByType.set(flow.type, (this.flowsReadByType.get(flow.type) ?? new Set()).add(flow.id));
    // Every caller gets its own copy, so one caller's changes cannot leak into another's or into the cache.
    return flow === undefined ? undefined : structuredClone(flow);
  }

  /**
   * Every flow named `name`, looking through every page, with its variable schemas (`includeSchemas`), so
   * checking a call's variable names needs no read. Which one a declaration means is the caller's rule.
   * Names asked for together, once looking them up one by one costs as much, are settled by one listing of
   * every flow (a name may be taken in any type).
   */
  findFlowsByName(name: string): Promise<NamedFlows> {
    return this.shared(this.nameLookups, name, false, () => this.lookups.request(name));
  }

  /**
   * Every live flow of the org, as the listing carries them (whole flows, graphs included), read page by
   * page at the largest page size. Not cached: it is a snapshot for one command. A flow that moved to a
   * later page while the pages were read is kept once.
   */
  async listFlows(options: ListFlowsOptions = {}): Promise<Flow[]> {
    const flows = new Map<string, Flow>();
    for await (const { entities, page } of this.pages({ includeSchemas: options.includeSchemas ?? false })) {
      for (const flow of entities) flows.set(flow.id, flow);
      options.onPage?.({ pageNumber: page.pageNumber, pageCount: page.pageCount, flowsRead: flows.size, total: page.total });
    }
    return [...flows.values()];
  }

  /** The pages of `GET /api/v2/flows` for `query`, from the first until the last the server announced. */
  private async *pages(query: ListingQuery): AsyncGenerator<{ entities: Flow[]; page: FlowEntityListing<Flow> & { pageNumber: number } }> {
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await this.connection.request<FlowEntityListing<Flow>>(OPERATIONS.getFlows, (api) => api.getFlows({ ...query, pageNumber, pageSize: this.pageSize }));
      const entities = (page.entities ?? []).map(withTypeAsQueried);
      yield { entities, page: { ...page, pageNumber } };
      const lastPage = page.pageCount !== undefined ? pageNumber >= page.pageCount : entities.length < this.pageSize;
      if (lastPage || entities.length === 0) {
        return;
      }
    }
  }

  /**
   * Every flow of `type` as its listing shows them (whole entities), when there are at most `maxFlows` of
   * them: the listing's first page tells how many, and the rest are fetched then. Undefined when there are
   * more, or when listing is off. The pages serve later reads like any listing.
   */
  async flowsOfType(type: string, maxFlows: number): Promise<Flow[] | undefined> {
    if (!this.listingEnabled) return undefined;
    const listing = this.listing(type);
    if (listing.knowledge().total === undefined) await this.fetchPages(listing, 1);
    const total = listing.knowledge().total ?? 0;
    if (total > maxFlows) return undefined;
    await this.fetchPages(listing, pageCountOf(total, this.pageSize));
    const flows = (listing.completeListing() ?? []).map((listed) => this.usableListed(listed.id)).filter((flow): flow is Flow => flow !== undefined);
    return flows.map((flow) => structuredClone(flow));
  }

  /**
   * The flows that call flow `flowId` (a common module: `objectType` COMMONMODULEFLOW), as Architect's
   * dependency tracking lists them, every page read. Not cached: the command line asks once per module.
   */
  async consumersOf(flowId: string, objectType: string): Promise<ConsumingFlow[]> {
    const consumers: ConsumingFlow[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await this.connection.request<FlowEntityListing<ConsumingFlow>>(OPERATIONS.consumingResources, (api) =>
        api.getArchitectDependencytrackingConsumingresources(flowId, objectType, { pageNumber, pageSize: this.pageSize }),
      );
      const entities = page.entities ?? [];
      consumers.push(...entities);
      const lastPage = page.pageCount !== undefined ? pageNumber >= page.pageCount : entities.length < this.pageSize;
      if (lastPage || entities.length === 0) return consumers;
    }
  }

  /**
   * Writes the flow (its `version` must be the one read) and returns what the server stored. Not repeated
   * after an uncertain failure: the caller re-reads to learn whether it landed.
   */
  async putFlow(flow: Flow): Promise<Flow> {
    this.changed(flow.id);
    let stored: Flow;
    try {
      stored = withTypeAsQueried(await this.connection.request<Flow>(OPERATIONS.putFlow, (api) => api.putFlow(flow.id, flow), { write: true }));
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
    this.changed(stored.id);
    this.flowReads.delete(stored.id);
    this.followNameOf(stored);
    if (this.readCacheTtlMs > 0) {
      const value = structuredClone(stored);
      this.flowReads.set(stored.id, { promise: Promise.resolve(value), value, expiresAtMs: this.now() + this.readCacheTtlMs });
    }
  }

  /** Publishes the flow's saved version. Repeating a publish is harmless, so it is retried like a read. */
  async publishFlow(flowId: string): Promise<unknown> {
    // Publishing changes the flow's published version, never its name: cached reads go, lookups stay.
    this.changed(flowId);
    this.flowReads.delete(flowId);
    try {
      return await this.connection.request<unknown>(OPERATIONS.publishFlow, (api) => api.postFlowsActionsPublish(flowId));
    } finally {
      this.changed(flowId);
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

  /**
   * A write changed the flow's name or type, or may have: a lookup stays valid unless the flow it found now has
   * another name or type, or the flow now holds its name; listings show the flow as it is now.
   */
  private followNameOf(flow: Flow): void {
    this.knownVersions.set(flow.id, flow.version);
    for (const [key, entry] of this.nameLookups) {
      const listed = listedFlow(entry.value, flow.id);
      const stillListedAsBefore = listed ? listed.name === flow.name && listed.type === flow.type : key.toLowerCase() !== flow.name.toLowerCase();
      if (!stillListedAsBefore) {
        this.nameLookups.delete(key);
      }
    }
    for (const listing of this.listings.values()) listing.written(flow);
  }

  /**
   * Every flow an answer carries passes here. One whose version is above the one this client last read or
   * wrote was written by someone else meanwhile: the read kept of it is dropped (the next read asks again, or
   * takes this answer where it is kept), and names follow it as after our own write.
   */
  private seen(flows: readonly Flow[]): void {
    for (const flow of flows) {
      const known = this.knownVersions.get(flow.id);
      if (known !== undefined && flow.version > known) {
        const kept = this.flowReads.get(flow.id);
        if (kept?.value && kept.value.version < flow.version) this.flowReads.delete(flow.id);
        this.followNameOf(flow);
      } else if (known === undefined || flow.version > known) {
        this.knownVersions.set(flow.id, flow.version);
      }
    }
  }

  /** Forgets what is known about this flow, so the next read asks the server. */
  invalidate(flowId: string): void {
    this.changed(flowId);
    this.flowReads.delete(flowId);
    // After a write of unknown outcome the flow may have been renamed or retyped, so a lookup that found
    // it (or is still looking) is not trusted, nor is a listing that showed it.
    for (const [key, entry] of this.nameLookups) {
      if (entry.expiresAtMs === undefined || listedFlow(entry.value, flowId)) {
        this.nameLookups.delete(key);
      }
    }
    for (const listing of this.listings.values()) listing.forget(flowId);
  }

  /** One flow by ID: undefined when it does not exist (404) or was deleted (410). */
  private async fetchFlow(flowId: string): Promise<Flow | undefined> {
    try {
      const flow = withTypeAsQueried(await this.connection.request<Flow>(OPERATIONS.getFlow, (api) => api.getFlow(flowId)));
      this.seen([flow]);
      return flow;
    } catch (error) {
      if (isNotFound(error) || isGone(error)) {
        return undefined;
      }
      throw error;
    }
  }

  /**
   * Reads the flows asked for together: from pages of the listing of the type most read so far when
   * `decideFetch` says so, and whatever is still missing by ID, a single flow with a GET and several with
   * `?id=` lists.
   */
  private async readBatch(ids: string[]): Promise<BatchAnswer<Flow | undefined>> {
    const answers: BatchAnswer<Flow | undefined> = new Map();
    const answerListed = () => {
      for (const id of ids) {
        const listed = this.usableListed(id);
        if (listed && !answers.has(id)) answers.set(id, { value: listed });
      }
      return ids.filter((id) => !answers.has(id));
    };
    let wanted = answerListed();
    const listing = this.listingForReads();
    if (listing && wanted.length > 0) {
      await this.fetchPagesWhileCheaper(listing, () => this.readRequestsOneByOne, () => idRequestsFor(answerListed().length, this.pageSize));
      wanted = answerListed();
    }
    return this.readByIds(wanted, answers);
  }

  /** Fetches `ids` by ID into `answers`: a single flow with a GET, several with `?id=` lists (one by one with listing off). */
  private async readByIds(ids: string[], answers: BatchAnswer<Flow | undefined>): Promise<BatchAnswer<Flow | undefined>> {
    if (ids.length === 1 || !this.listingEnabled) {
      await Promise.all(
        ids.map(async (id) => {
          this.readRequestsOneByOne++;
          answers.set(id, await this.fetchFlow(id).then((value) => ({ value }), (error: unknown) => ({ error })));
        }),
      );
    } else {
      await Promise.all(
        chunks(ids, this.pageSize).map(async (chunk) => {
          this.readRequestsOneByOne++;
          try {
            const { listed } = await this.fetchListedPage({ id: chunk }, 1);
            // A flow that does not exist or was deleted is simply not listed.
            const byId = new Map(listed.map((flow) => [flow.id, flow]));
            for (const id of chunk) answers.set(id, { value: byId.get(id) });
          } catch (error) {
            for (const id of chunk) answers.set(id, { error });
          }
        }),
      );
    }
    return answers;
  }

  /**
   * Settles the names asked for together: from the listing of every flow once `decideFetch` says so and it
   * is complete, else one by one. A complete listing is as good as a lookup (which pages through the same
   * flows), no match and several matches included.
   */
  private async lookupBatch(names: string[]): Promise<BatchAnswer<NamedFlows>> {
    const listing = this.listingEnabled ? this.listing(ALL_TYPES) : undefined;
    if (listing) await this.fetchPagesWhileCheaper(listing, () => this.namesLookedUpOneByOne, () => (listing.completeListing() ? 0 : names.length));
    const complete = listing?.completeListing();
    const answers: BatchAnswer<NamedFlows> = new Map();
    await Promise.all(
      names.map(async (name) => {
        const settle = async () => (complete ? namedFlows(complete, name) : this.lookUpOneName(name));
        answers.set(name, await settle().then((value) => ({ value }), (error: unknown) => ({ error })));
      }),
    );
    return answers;
  }

  /**
   * Fetches pages of the listing as long as `decideFetch` prefers them to fetching what is still wanted one
   * by one (`costOneByOne`, 0 once nothing is): at most twice, a first page that tells the listing's size,
   * then the rest.
   */
  private async fetchPagesWhileCheaper(listing: FlowListing, spentOneByOne: () => number, costOneByOne: () => number): Promise<void> {
    for (let step = 0; step < 2; step++) {
      const decision = decideFetch({ spentOneByOne: spentOneByOne(), costOneByOne: costOneByOne(), listing: listing.knowledge(), pageSize: this.pageSize });
      if (decision.fetch === "one-by-one") return;
      await this.fetchPages(listing, decision.pages);
    }
  }

  /**
   * One name looked up on its own, through every page of the service's `name` filter, which ignores case
   * and takes `*` as a wildcard (so a name holding one pages through every flow it matches). Its pages are listing pages like any other (whole flows), so with listing on a read of a flow found
   * here right after (to see its triggers) is served from them.
   */
  private async lookUpOneName(name: string): Promise<NamedFlows> {
    const candidates: ListedFlow[] = [];
    const sentAfterChange = this.changeCount;
    this.namesLookedUpOneByOne++;
    for await (const { entities } of this.pages({ name, includeSchemas: true })) {
      this.seen(entities);
      if (this.listingEnabled) this.keepListedFrom(entities, sentAfterChange);
      candidates.push(...entities);
    }
    return namedFlows(candidates, name);
  }

  /**
   * When listing is on: the listing of the type of most flows read so far. While types tie, none at first
   * (a parent and its shared flow read together say nothing about which comes next, and the next read
   * settles it); a tie that lasts (each parent calling a shared flow of its own) lists every flow.
   */
  private listingForReads(): FlowListing | undefined {
    if (!this.listingEnabled || this.flowsReadByType.size === 0) return undefined;
    const counts = [...this.flowsReadByType].map(([type, flows]) => ({ type, count: flows.size }));
    const most = Math.max(...counts.map((entry) => entry.count));
    const leaders = counts.filter((entry) => entry.count === most);
    if (leaders.length === 1) return this.listing(leaders[0].type);
    return most >= LASTING_TIE_FLOWS ? this.listing(ALL_TYPES) : undefined;
  }

  private listing(type: string): FlowListing {
    let listing = this.listings.get(type);
    if (!listing) {
      listing = new FlowListing(type === ALL_TYPES ? undefined : type, this.readCacheTtlMs, this.now, this.pageSize);
      this.listings.set(type, listing);
    }
    return listing;
  }

  /** Fetches `count` pages of the listing, those not usable now, in order and sorted by ID (which never changes). */
  private async fetchPages(listing: FlowListing, count: number): Promise<void> {
    await Promise.all(
      listing.pagesToFetch(count).map(async (pageNumber) => {
        const fetchedAtMs = this.now();
        const { listed, total } = await this.fetchListedPage({ sortBy: "id", sortOrder: "asc", ...(listing.type ? { type: [listing.type] } : {}) }, pageNumber);
        // Every flow listed counts for names (our writes keep a flow's name).
        listing.record(pageNumber, total, listed.map(listedFlowOf), fetchedAtMs);
      }),
    );
  }

  /**
   * One page of `GET /api/v2/flows` with full flows and their schemas. The flows listed are kept as reads
   * (for `readCacheTtlMs`), except those written or invalidated since the request went out.
   */
  private async fetchListedPage(query: ListingQuery, pageNumber: number): Promise<{ listed: Flow[]; total: number }> {
    const sentAfterChange = this.changeCount;
    const page = await this.connection.request<FlowEntityListing<Flow>>(OPERATIONS.getFlows, (api) =>
      api.getFlows({ ...query, pageNumber, pageSize: this.pageSize, includeSchemas: true }),
    );
    const listed = (page.entities ?? []).map(withTypeAsQueried);
    this.seen(listed);
    this.keepListedFrom(listed, sentAfterChange);
    return { listed, total: page.total ?? listed.length };
  }

  /** Keeps the flows of a page asked for after change number `sentAfterChange`, except those this process changed since. */
  private keepListedFrom(flows: readonly Flow[], sentAfterChange: number): void {
    if (this.readCacheTtlMs <= 0) return;
    for (const flow of flows) {
      if ((this.lastChangeOf.get(flow.id) ?? 0) <= sentAfterChange) this.listedFlows.set(flow.id, { flow, expiresAtMs: this.now() + this.readCacheTtlMs });
    }
  }

  /** The flow as a listing showed it, while that can be reused. */
  private usableListed(flowId: string): Flow | undefined {
    const listed = this.listedFlows.get(flowId);
    return listed && this.now() < listed.expiresAtMs ? listed.flow : undefined;
  }

  /** Marks a change of the flow by this process: what any listing showed of it before is not used. */
  private changed(flowId: string): void {
    this.lastChangeOf.set(flowId, ++this.changeCount);
    this.listedFlows.delete(flowId);
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

/**
 * The flow with its type as the `type` query parameter and Architect's YAML spell flow types: lower case. A real
 * org's flow entity says `INBOUNDCALL` where the query takes `inboundcall`; the rest of the provider compares
 * types with the lower-case names only.
 */
function withTypeAsQueried(flow: Flow): Flow {
  return typeof flow.type === "string" ? { ...flow, type: flow.type.toLowerCase() } : flow;
}

/** The flows named `name` among `flows`: exactly, and in other letter case only (the service's match ignores case). */
function namedFlows(flows: readonly ListedFlow[], name: string): NamedFlows {
  const found: NamedFlows = { name, exact: [], otherCase: [] };
  for (const flow of flows) {
    if (flow.name === name) found.exact.push(listedFlowOf(flow));
    else if (flow.name.toLowerCase() === name.toLowerCase()) found.otherCase.push(listedFlowOf(flow));
  }
  return found;
}

/** The flow with this ID among those a name lookup found, if it found it. */
function listedFlow(named: NamedFlows | undefined, flowId: string): ListedFlow | undefined {
  return named && [...named.exact, ...named.otherCase].find((flow) => flow.id === flowId);
}

/** A lookup's answer: the flow's identity and schemas only, whether it came from a lookup or a listing. */
function listedFlowOf(flow: ListedFlow): ListedFlow {
  return { id: flow.id, name: flow.name, type: flow.type, inputSchema: flow.inputSchema, outputSchema: flow.outputSchema };
}
