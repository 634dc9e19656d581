// The emulator as a class: an HTTP server with start/close and a status, that passes each request
// through the middlewares of the request pipeline (correlation ID, request log, latency, authentication,
// rate limit, faults) to the handler its route names, keeps the Architect jobs of its orgs, and lets its
// faults and limits change while it runs.

import * as http from "node:http";
import { AddressInfo } from "node:net";
import { ArchitectJobs } from "./architect/ArchitectJobs";
import { importFlowFile } from "./architect/flowImport";
import { authenticationMiddleware } from "./middlewares/authenticationMiddleware";
import { correlationIdMiddleware } from "./middlewares/correlationIdMiddleware";
import { dispatchMiddleware } from "./middlewares/dispatchMiddleware";
import { errorMiddleware } from "./middlewares/errorMiddleware";
import { faultsMiddleware } from "./middlewares/faultsMiddleware";
import { latencyMiddleware, PendingDelays } from "./middlewares/latencyMiddleware";
import { composeMiddlewares, Exchange, Outcome } from "./middlewares/pipeline";
import { RateLimiter } from "./middlewares/RateLimiter";
import { rateLimitMiddleware } from "./middlewares/rateLimitMiddleware";
import { requestBodyMiddleware } from "./middlewares/requestBodyMiddleware";
import { RequestLog, requestLogMiddleware } from "./middlewares/requestLogMiddleware";
import { requestTargetMiddleware } from "./middlewares/requestTargetMiddleware";
import { responseMiddleware } from "./middlewares/responseMiddleware";
import { routingMiddleware } from "./middlewares/routingMiddleware";
import { FaultSettings, mergeFaults, ResolvedEmulatorOptions, ResolvedFaults } from "./options";
import { IEmulatorStore } from "./persistence/IEmulatorStore";
import { RandomSource } from "./random";

export type EmulatorStatus = "stopped" | "starting" | "running" | "closing";

export class EmulatorServer {
  private readonly server: http.Server;
  private readonly rateLimiter = new RateLimiter();
  private readonly pendingDelays = new PendingDelays();
  /** In memory only, like the service's short-lived jobs; what they change is in the store. */
  readonly architectJobs: ArchitectJobs;
  private readonly pipeline: (exchange: Exchange) => Promise<Outcome>;
  private currentFaults: ResolvedFaults;
  private currentStatus: EmulatorStatus = "stopped";
  private address: AddressInfo | undefined;

  constructor(
    private readonly options: ResolvedEmulatorOptions,
    private readonly store: IEmulatorStore,
    random: { faults: RandomSource; ids: RandomSource },
    requestLog: RequestLog,
  ) {
    this.currentFaults = options.faults;
    const faults = () => this.currentFaults;
    this.architectJobs = new ArchitectJobs((job, file, at) => importFlowFile({ store, ids: random.ids, job, file, at }));
    // Outermost first. The log sits inside the error middleware to record the status of every error, and
    // outside the rest to record every request with a path; routing comes before the checks that depend on
    // it, the body's size limit included.
    this.pipeline = composeMiddlewares([
      correlationIdMiddleware,
      responseMiddleware,
      errorMiddleware,
      requestTargetMiddleware,
      requestLogMiddleware(requestLog),
      routingMiddleware,
      requestBodyMiddleware({ maxBodyBytes: options.maxBodyBytes, maxUploadBytes: options.maxUploadBytes }),
      latencyMiddleware(this.pendingDelays, { latencyMs: () => this.currentFaults.latencyMs, isServing: () => this.currentStatus === "running" }),
      authenticationMiddleware(store, this.architectJobs),
      rateLimitMiddleware(this.rateLimiter, () => this.currentFaults.rateLimitPerMinute),
      faultsMiddleware(faults, random.faults),
      dispatchMiddleware({ store, ids: random.ids, faults, architectJobs: this.architectJobs, emulatorUrl: () => this.url, maxUploadBytes: options.maxUploadBytes }),
    ]);
    this.server = http.createServer((request, response) => {
      this.pipeline({ request, response, receivedAt: new Date() }).catch((error: unknown) => {
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
    this.pendingDelays.endAll();
    this.architectJobs.close();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    this.currentStatus = "stopped";
  }

  /** Changes faults and limits from now on; settings not given keep their value. */
  setFaults(faults: FaultSettings): void {
    this.currentFaults = mergeFaults(this.currentFaults, faults);
    if (faults.rateLimitPerMinute !== undefined) this.rateLimiter.reset();
    if (faults.exportJobsPerMinute !== undefined) this.architectJobs.resetExportWindows();
  }

  /** Makes every token issued so far invalid, as if each had reached its expiry. */
  expireAllTokens(): void {
    this.store.update((state) => {
      state.tokens = [];
    });
  }

  private requireAddress(): AddressInfo {
    if (!this.address) throw new Error("The emulator has not started.");
    return this.address;
  }
}
