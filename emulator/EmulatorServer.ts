// The emulator as a class: an HTTP server (start/close, a status) that routes each request through
// correlation ID, latency, authentication, rate limit and injected faults (throttling, errors, dropped
// connections, dropped graphs) to a handler, writes errors
// in the Genesys format, records a request log for tests, and exposes read-only views of the state.

import * as http from "node:http";
import { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { Flow } from "../wire/flowDocument";
import { authenticate, issueToken } from "./authentication/oauthHandler";
import { ApiError, GenesysErrorFactory } from "./errors/GenesysErrorFactory";
import { listConsumingResources } from "./handlers/dependencyTrackingHandler";
import { deepCopy, findFlowRecord, findOrg } from "./handlers/flowRecords";
import { createFlow, deleteFlow, getFlow, listFlows, publishFlow, putFlow } from "./handlers/flowsHandler";
import { readBody } from "./http/readBody";
import { Handler, HandlerContext, HandlerResult } from "./http/requestContext";
import { RateLimiter } from "./middlewares/RateLimiter";
import { FaultSettings, mergeFaults, ResolvedEmulatorOptions, ResolvedFaults } from "./options";
import { IEmulatorStore } from "./persistence/IEmulatorStore";
import { RandomSource } from "./random";

export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  status: number;
  orgId?: string;
  clientId?: string;
  at: Date;
  /** The change was applied but the connection was dropped instead of answered (injected fault). */
  connectionDropped: boolean;
  /** The write was answered 200 but its `triggers` and `edges` were not stored (injected fault). */
  graphDropped: boolean;
}

export type EmulatorStatus = "stopped" | "starting" | "running" | "closing";

interface Route {
  pattern: RegExp;
  handlers: Partial<Record<string, Handler>>;
}

const ROUTES: Route[] = [
  { pattern: /^\/oauth\/token$/, handlers: { POST: issueToken } },
  { pattern: /^\/api\/v2\/flows$/, handlers: { GET: listFlows, POST: createFlow } },
  { pattern: /^\/api\/v2\/flows\/actions\/publish$/, handlers: { POST: publishFlow } },
  { pattern: /^\/api\/v2\/flows\/([^/]+)$/, handlers: { GET: getFlow, PUT: putFlow, DELETE: deleteFlow } },
  { pattern: /^\/api\/v2\/architect\/dependencytracking\/consumingresources$/, handlers: { GET: listConsumingResources } },
];

export class EmulatorServer {
  private readonly server: http.Server;
  private readonly rateLimiter = new RateLimiter();
  private readonly log: RequestLogEntry[] = [];
  private readonly pendingDelays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private currentFaults: ResolvedFaults;
  private currentStatus: EmulatorStatus = "stopped";
  private address: AddressInfo | undefined;

  constructor(
    private readonly options: ResolvedEmulatorOptions,
    private readonly store: IEmulatorStore,
    private readonly random: { faults: RandomSource; ids: RandomSource },
  ) {
    this.currentFaults = options.faults;
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        // Only a broken socket gets here; the client is gone, so there is no one to answer.
        if (!response.headersSent) response.destroy(error as Error);
      });
    });
    this.server.keepAliveTimeout = 5_000;
  }

  get status(): EmulatorStatus {
    return this.currentStatus;
  }

  get host(): string {
    return this.requireAddress().address;
  }

  get port(): number {
    return this.requireAddress().port;
  }

  /** Base URL, e.g. `http://127.0.0.1:51234`. */
  get url(): string {
    const { address, port, family } = this.requireAddress();
    return `http://${family === "IPv6" ? `[${address}]` : address}:${port}`;
  }

  get faults(): ResolvedFaults {
    return { ...this.currentFaults };
  }

  /** Every request answered so far, oldest first (the same array across calls). */
  get requestLog(): readonly RequestLogEntry[] {
    return this.log;
  }

  async start(): Promise<void> {
    if (this.currentStatus !== "stopped") throw new Error(`The emulator cannot start while ${this.currentStatus}.`);
    this.currentStatus = "starting";
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off("error", reject);
        resolve();
      });
    }).catch((error: unknown) => {
      this.currentStatus = "stopped";
      throw error;
    });
    this.address = this.server.address() as AddressInfo;
    this.currentStatus = "running";
  }

  /** Stops listening, cuts open connections and delayed requests; resolves once the port is free. */
  async close(): Promise<void> {
    if (this.currentStatus !== "running") return;
    this.currentStatus = "closing";
    for (const delay of this.pendingDelays) {
      clearTimeout(delay.timer);
      delay.resolve();
    }
    this.pendingDelays.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    this.currentStatus = "stopped";
  }

  clearRequestLog(): void {
    this.log.length = 0;
  }

  /** Changes faults and limits from now on; settings not given keep their value. */
  setFaults(faults: FaultSettings): void {
    this.currentFaults = mergeFaults(this.currentFaults, faults);
    if (faults.rateLimitPerMinute !== undefined) this.rateLimiter.reset();
  }

  /** Makes every token issued so far invalid, as if each had reached its expiry. */
  expireAllTokens(): void {
    this.store.update((state) => {
      state.tokens = [];
    });
  }

  orgIds(): string[] {
    return this.store.read().orgs.map((org) => org.id);
  }

  /** Deep copies of the org's live (not deleted) flows. */
  flows(orgId: string): Flow[] {
    return this.requireOrg(orgId)
      .flows.filter((record) => !record.deleted)
      .map((record) => deepCopy(record.flow));
  }

  /** A deep copy of the flow, deleted or not, or undefined when the org never had it. */
  getFlow(orgId: string, flowId: string): Flow | undefined {
    const record = findFlowRecord(this.requireOrg(orgId), flowId);
    return record && deepCopy(record.flow);
  }

  /** A deep copy of the live flow with exactly this name, or undefined; throws when several match. */
  findFlowByName(orgId: string, name: string): Flow | undefined {
    const matches = this.flows(orgId).filter((flow) => flow.name === name);
    if (matches.length > 1) throw new Error(`Org '${orgId}' has ${matches.length} flows named '${name}'; use getFlow with an ID.`);
    return matches[0];
  }

  /** A deep copy of the flow as of its latest publish, or undefined when it was never published. */
  publishedFlow(orgId: string, flowId: string): Flow | undefined {
    const record = findFlowRecord(this.requireOrg(orgId), flowId);
    return record?.published && deepCopy(record.published);
  }

  private requireOrg(orgId: string) {
    const org = findOrg(this.store.read(), orgId);
    if (!org) throw new Error(`The emulator has no org '${orgId}'; it has ${this.orgIds().join(", ")}.`);
    return org;
  }

  private requireAddress(): AddressInfo {
    if (!this.address) throw new Error("The emulator has not started.");
    return this.address;
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const correlationId = randomUUID();
    response.setHeader("inin-correlation-id", correlationId);
    const method = request.method ?? "GET";
    const url = parseRequestUrl(request.url);
    if (!url) {
      writeResult(response, this.errorResult(GenesysErrorFactory.badRequest(`The request target '${request.url}' is not a valid URL.`), correlationId));
      return;
    }
    const entry: RequestLogEntry = {
      method,
      path: url.pathname,
      query: queryRecord(url.searchParams),
      status: 0,
      at: new Date(),
      connectionDropped: false,
      graphDropped: false,
    };
    const bodyRead = await readBody(request, this.options.maxBodyBytes);
    await this.delay(this.currentFaults.latencyMs);
    if (this.currentStatus !== "running") {
      request.socket.destroy();
      return;
    }

    let result: HandlerResult;
    try {
      if (bodyRead.kind === "tooLarge") {
        throw GenesysErrorFactory.badRequest(`The request body has ${bodyRead.receivedBytes} bytes; the limit is ${this.options.maxBodyBytes}.`);
      }
      const context: HandlerContext = {
        query: url.searchParams,
        pathParams: [],
        headers: request.headers,
        rawBody: bodyRead.body,
        store: this.store,
        random: this.random.ids,
        faults: this.currentFaults,
      };
      if (url.pathname.startsWith("/api/")) {
        context.caller = authenticate(this.store.read(), request.headers.authorization);
        entry.orgId = context.caller.orgId;
        entry.clientId = context.caller.clientId;
      }
      const handler = this.route(method, url.pathname, context);
      if (context.caller) {
        this.rateLimiter.admit(context.caller.clientId, this.currentFaults.rateLimitPerMinute);
        this.injectThrottle();
        this.injectError();
        if (handler === putFlow) context.dropWrittenGraph = this.draw(this.currentFaults.graphDroppedOnWriteRate);
      }
      result = handler(context);
      entry.graphDropped = context.dropWrittenGraph === true && result.status === 200;
      // Faults of a write draw from the fault stream, not the ID stream, so they stay repeatable.
      if (method === "PUT" && result.status === 200) {
        result.dropConnection = this.draw(this.currentFaults.droppedWriteRate);
      }
    } catch (error) {
      result = this.errorResult(error, correlationId);
    }

    entry.status = result.status;
    entry.connectionDropped = result.dropConnection === true;
    this.log.push(entry);
    if (result.dropConnection) {
      request.socket.destroy();
      return;
    }
    writeResult(response, result);
  }

  private route(method: string, path: string, context: HandlerContext): Handler {
    for (const route of ROUTES) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      const handler = route.handlers[method];
      if (!handler) throw GenesysErrorFactory.methodNotAllowed(method, path, Object.keys(route.handlers));
      try {
        context.pathParams = match.slice(1).map((segment) => decodeURIComponent(segment));
      } catch {
        throw GenesysErrorFactory.badRequest(`The path ${path} is not validly URI-encoded.`);
      }
      return handler;
    }
    throw GenesysErrorFactory.routeNotFound(method, path);
  }

  /** A service-side 429, unlike the per-client limiter: any request may get it, whoever sends it. */
  private injectThrottle(): void {
    if (this.draw(this.currentFaults.throttledRate)) {
      throw GenesysErrorFactory.tooManyRequests(this.currentFaults.throttleRetryAfterSeconds);
    }
  }

  private injectError(): void {
    if (this.draw(this.currentFaults.errorRate)) {
      throw GenesysErrorFactory.injectedFault(this.random.faults.next() < 0.5 ? 500 : 503);
    }
  }

  /**
   * Whether a fault with this share hits the current request, from the seeded fault stream. A share of 0
   * draws nothing, so turning one fault on does not change which requests another fault hits.
   */
  private draw(rate: number): boolean {
    return rate > 0 && this.random.faults.next() < rate;
  }

  private errorResult(error: unknown, correlationId: string): HandlerResult {
    const apiError = error instanceof ApiError ? error : GenesysErrorFactory.internalError();
    if (!(error instanceof ApiError)) {
      console.error(`emulator: unexpected error (correlation id ${correlationId}):`, error);
    }
    return { status: apiError.status, body: apiError.toBody(correlationId), headers: apiError.extras.headers };
  }

  private delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const pending = {
        timer: setTimeout(() => {
          this.pendingDelays.delete(pending);
          resolve();
        }, ms),
        resolve,
      };
      this.pendingDelays.add(pending);
    });
  }
}

function parseRequestUrl(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? "/", "http://emulator.invalid");
  } catch {
    return undefined;
  }
}

function queryRecord(query: URLSearchParams): Record<string, string> {
  const record: Record<string, string> = {};
  for (const key of new Set(query.keys())) record[key] = query.getAll(key).join(",");
  return record;
}

function writeResult(response: http.ServerResponse, result: HandlerResult): void {
  for (const [name, value] of Object.entries(result.headers ?? {})) response.setHeader(name, value);
  if (result.body === undefined) {
    response.writeHead(result.status).end();
    return;
  }
  const payload = JSON.stringify(result.body);
  response.writeHead(result.status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(payload) });
  response.end(payload);
}
