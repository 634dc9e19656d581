// One authenticated connection to a Genesys Cloud org over the real SDK: its own ApiClientClass, the
// client-credentials token and its renewal, back-pressure, and the retry policy, all behind `request`.

import type platformClient = require("purecloud-platform-client-v2");
import type { RegisterArchitectExportJob, RegisterArchitectJobRequest } from "../../wire/architectJobs";
import { ConnectionSettings } from "./connectionSettings";
import { answerHeader, AuthenticationError, GenesysApiError, isTooManyRequests, isUnauthorized, redactSecrets, toGenesysError } from "./errors";
import { rateLimitReportOf } from "./rateLimitWindow";
import { RequestLimiter } from "./requestLimiter";
import { RetryOptions, isSafeToRepeatWrite, isTransientError, parseRetryAfterMs, resolveRetryOptions, withRetry } from "./retryPolicy";

type ApiClientClass = typeof platformClient.ApiClient;

/** `setReturnExtendedResponses(true)` makes every SDK call resolve to this. */
export interface ExtendedResponse<T> {
  status: number;
  headers: Record<string, unknown>;
  body: T;
}

/**
 * The part of the SDK's `ArchitectApi` this project calls (its typings do not export the class).
 * Signatures checked against purecloud-platform-client-v2 262 `index.d.ts`.
 */
export interface ArchitectFlowsSdk {
  getFlow(flowId: string, opts?: { deleted?: boolean }): Promise<unknown>;
  getFlows(opts?: { id?: string[]; type?: string[]; pageNumber?: number; pageSize?: number; name?: string; sortBy?: string; sortOrder?: string; includeSchemas?: boolean }): Promise<unknown>;
  putFlow(flowId: string, body: object): Promise<unknown>;
  postFlowsActionsPublish(flow: string, opts?: { version?: string }): Promise<unknown>;
  getFlowVersionConfiguration(flowId: string, versionId: string): Promise<unknown>;
  postFlowsExportJobs(body: RegisterArchitectExportJob): Promise<unknown>;
  getFlowsExportJob(jobId: string, opts?: { expand?: string[] }): Promise<unknown>;
  postFlowsJobs(opts?: { body?: RegisterArchitectJobRequest }): Promise<unknown>;
  getFlowsJob(jobId: string, opts?: { expand?: string[] }): Promise<unknown>;
  getArchitectDependencytrackingConsumingresources(id: string, objectType: string, opts?: { resourceType?: string[]; pageNumber?: number; pageSize?: number }): Promise<unknown>;
}

interface SdkModule {
  ApiClientClass: new () => ApiClientClass;
  ArchitectApi: new (client: ApiClientClass) => ArchitectFlowsSdk;
}

/**
 * The SDK (with axios and winston behind it), loaded by the first connection that sends a request: a
 * provider process that makes none (a preview of new attachments without an ownership marker, or with
 * `adopt: true`) does not load it.
 */
function loadSdk(): SdkModule {
  return require("purecloud-platform-client-v2") as SdkModule;
}

/** The gateway's path prefix without trailing slashes ("" for none). */
function gatewayPath(url: URL): string {
  return url.pathname.replace(/\/+$/, "");
}

/** Where requests to a gateway go, for messages: `http://127.0.0.1:8080/prefix`. */
function endpointOfGateway(url: URL): string {
  return `${url.protocol}//${url.host}${gatewayPath(url)}`;
}

/** The SDK objects of one connection. */
interface SdkClients {
  client: ApiClientClass;
  architect: ArchitectFlowsSdk;
}

export interface ConnectionOptions {
  /** Requests in flight at once on this connection. Default 8. */
  maxConcurrentRequests?: number;
  /** Client-side budget, below Genesys Cloud's 300 requests/minute per OAuth client, while answers do not report the org's window. Default 250. */
  requestsPerMinute?: number;
  /** Per-request timeout of the SDK's HTTP client. Default 30000. */
  requestTimeoutMs?: number;
  /** Log in again this long before the token expires (at most a quarter of the token's lifetime). Default 300000. */
  tokenRenewalMarginMs?: number;
  /** Retry policy for transient failures (429, 5xx, network). */
  retry?: RetryOptions;
}

export interface RequestOptions {
  /**
   * A write is repeated only after failures that prove it was not applied (429, connection refused);
   * any other failure reaches the caller, which must find out whether it landed. Default false.
   */
  write?: boolean;
}

/** A request to a signed URL: exactly these headers, nothing else. */
export interface SignedUrlRequest {
  method: "GET" | "PUT";
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface ConnectionCounters {
  /** Requests sent (every attempt), by operation such as `GET /api/v2/flows/{flowId}`; logins under `POST /oauth/token`. */
  requestsByOperation: Record<string, number>;
  /** Attempts repeated by the retry policy. */
  retries: number;
  /** Successful logins. */
  logins: number;
  /** Requests repeated once after a 401 with a fresh token. */
  reloginsAfter401: number;
  /** Time spent waiting for the request budget or a 429 pause. */
  throttledMs: number;
}

export const LOGIN_OPERATION = "POST /oauth/token";

interface Token {
  accessToken: string;
  expiresAtMs: number;
  lifetimeMs: number;
}

/** An authenticated, rate-limited connection; `request` is the only way its SDK client is used. */
export class GenesysConnection {
  /** Where requests go, for messages (`https://api.mypurecloud.com` or the gateway URL). */
  readonly endpoint: string;
  private readonly requestTimeoutMs: number;
  private sdkClients: SdkClients | undefined;
  private readonly limiter: RequestLimiter;
  private readonly retryOptions: ReturnType<typeof resolveRetryOptions>;
  private readonly renewalMarginMs: number;
  private token: Token | undefined;
  private login: Promise<Token> | undefined;
  /** The login `logInAhead` started (one attempt); its failure sends waiters to a login with retries. */
  private loginAhead: Promise<Token> | undefined;
  private readonly counts: ConnectionCounters = { requestsByOperation: {}, retries: 0, logins: 0, reloginsAfter401: 0, throttledMs: 0 };

  constructor(
    private readonly settings: ConnectionSettings,
    options: ConnectionOptions = {},
  ) {
    const requestsPerMinute = options.requestsPerMinute ?? 250;
    this.retryOptions = resolveRetryOptions(options.retry);
    this.renewalMarginMs = options.tokenRenewalMarginMs ?? 300_000;
    this.limiter = new RequestLimiter({
      maxConcurrentRequests: options.maxConcurrentRequests ?? 8,
      requestsPerMinute,
      // Each command runs in a new process: what earlier ones used of the org's window shows only in answers.
      oneRequestUntilReported: true,
      now: this.retryOptions.now,
      sleep: this.retryOptions.sleep,
    });

    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.endpoint = settings.apiUrl ? endpointOfGateway(new URL(settings.apiUrl)) : `https://api.${settings.environment}`;
  }

  /** This connection's SDK client and Architect API, made at its first request. */
  private sdk(): SdkClients {
    if (this.sdkClients) return this.sdkClients;
    const sdk = loadSdk();
    // Never the process-wide `ApiClient`: its gateway and token would be shared with every other user.
    const client = new sdk.ApiClientClass();
    // The SDK watches ~/.genesyscloudjavascript/config, whose changes can reset the gateway mid-run.
    client.config.live_reload_config = false;
    if (this.settings.apiUrl) {
      const url = new URL(this.settings.apiUrl);
      const path = gatewayPath(url);
      client.setGateway({
        protocol: url.protocol.replace(/:$/, ""),
        host: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        ...(path ? { path_params_api: path, path_params_login: path } : {}),
      });
    } else {
      client.setEnvironment(this.settings.environment);
    }
    // With logging off the SDK still hands every request to winston's console transport, which then drops
    // it; without a transport it skips that work (the SDK README's way to configure its logger).
    client.config.logger.log_to_console = false;
    client.config.logger.setLogger();
    client.setReturnExtendedResponses(true);
    client.getHttpClient().setTimeout(this.requestTimeoutMs);
    this.sdkClients = { client, architect: new sdk.ArchitectApi(client) };
    return this.sdkClients;
  }

  /** A snapshot of the counters, for tests and benchmarks. */
  counters(): ConnectionCounters {
    return { ...this.counts, requestsByOperation: { ...this.counts.requestsByOperation }, throttledMs: this.limiter.waitedMs };
  }

  /**
   * Runs one API call with a valid token, within the concurrency cap and request budget, retrying
   * transient failures; resolves to the response body or rejects with a normalised, redacted error.
   */
  async request<T>(operation: string, call: (api: ArchitectFlowsSdk) => Promise<unknown>, options: RequestOptions = {}): Promise<T> {
    let reloggedIn = false;
    // A login that failed has had its own retries: repeating the request would repeat all of them.
    const loginFailures = new WeakSet<object>();
    const shouldRetryRequest = options.write ? isSafeToRepeatWrite : isTransientError;
    return withRetry(
      async () => {
        for (;;) {
          const token = await this.validToken().catch((error: unknown) => {
            if (typeof error === "object" && error !== null) loginFailures.add(error);
            throw error;
          });
          try {
            const { architect } = this.sdk();
            const response = await this.send(operation, () => call(architect));
            return (response as ExtendedResponse<T>).body;
          } catch (error) {
            // A token can be revoked or expire early; log in again once per request, then give up.
            if (isUnauthorized(error) && !reloggedIn) {
              reloggedIn = true;
              this.counts.reloginsAfter401++;
              this.invalidate(token);
              continue;
            }
            if (isUnauthorized(error)) {
              throw new AuthenticationError(
                `${(error as GenesysApiError).message}. The token was renewed and still refused: check that the OAuth client of ${this.endpoint} is active and has the Architect permissions.`,
                401,
                (error as GenesysApiError).correlationId,
              );
            }
            throw error;
          }
        }
      },
      {
        ...this.retryOptions,
        shouldRetry: (error) => !(typeof error === "object" && error !== null && loginFailures.has(error)) && shouldRetryRequest(error),
        onRetry: (context) => {
          this.counts.retries++;
          this.retryOptions.onRetry(context);
        },
      },
    );
  }

  /**
   * Fetches or sends a file at a signed URL (an export's download, an import's upload), with the retry
   * policy but without the token: the URL carries its own signature, and a bearer token must never reach
   * the file host. Not counted against the org's API budget. Resolves to the body of a 200 answer.
   */
  async transfer(operation: string, request: SignedUrlRequest): Promise<Buffer> {
    return withRetry(
      async () => {
        this.counts.requestsByOperation[operation] = (this.counts.requestsByOperation[operation] ?? 0) + 1;
        let response: Response;
        try {
          response = await fetch(request.url, {
            method: request.method,
            headers: request.headers,
            ...(request.body === undefined ? {} : { body: request.body }),
            signal: AbortSignal.timeout(this.requestTimeoutMs),
          });
        } catch (error) {
          const cause = (error as { cause?: { code?: string; message?: string } }).cause;
          throw new GenesysApiError({ operation, kind: "network", networkCode: cause?.code ?? (error as Error).name, message: cause?.message ?? (error as Error).message });
        }
        const body = Buffer.from(await response.arrayBuffer());
        if (response.status !== 200) {
          throw new GenesysApiError({
            operation,
            kind: "http",
            status: response.status,
            message: redactSecrets(fileHostMessage(body.toString("utf8")) || response.statusText, [...this.secrets(), ...signingValues(request)]),
            retryAfter: response.headers.get("retry-after") ?? undefined,
          });
        }
        return body;
      },
      {
        ...this.retryOptions,
        // The same bytes sent again change nothing, so an upload is repeated like a download.
        shouldRetry: isTransientError,
        onRetry: (context) => {
          this.counts.retries++;
          this.retryOptions.onRetry(context);
        },
      },
    );
  }

  /**
   * Sends through the limiter, counting the attempt, telling the limiter what each API answer reports of
   * the org's rate-limit window, and turning a 429 into a pause for every request.
   */
  private async send(operation: string, call: () => Promise<unknown>): Promise<unknown> {
    const kind = operation === LOGIN_OPERATION ? "login" : "api";
    const release = await this.limiter.acquire(kind);
    this.counts.requestsByOperation[operation] = (this.counts.requestsByOperation[operation] ?? 0) + 1;
    const observe = (answer: unknown) => {
      if (kind === "api") this.limiter.observe(rateLimitReportOf((name) => answerHeader(answer, name)));
    };
    try {
      const response = await invoke(call);
      observe(response);
      return response;
    } catch (rejection) {
      const error = toGenesysError(rejection, { operation, secrets: this.secrets() });
      // A failure without an HTTP answer (a reset, a timeout) says nothing about the window.
      if (error instanceof GenesysApiError && error.kind === "http") observe(rejection);
      if (isTooManyRequests(error)) {
        const nowMs = this.retryOptions.now();
        const waitMs = parseRetryAfterMs((error as GenesysApiError).retryAfter, nowMs) ?? this.retryOptions.fallbackRetryAfterMs;
        this.limiter.pauseUntil(nowMs + Math.min(waitMs, this.retryOptions.maxRetryAfterMs));
      }
      throw error;
    } finally {
      release();
    }
  }

  private secrets(): string[] {
    return [this.settings.clientSecret, this.token?.accessToken].filter((value): value is string => value !== undefined);
  }

  private invalidate(token: Token): void {
    if (this.token === token) {
      this.token = undefined;
    }
  }

  /**
   * Starts logging in before any request needs the token, so that the login's round trip overlaps other
   * work. One attempt: no retry runs in the background of a command that may not need the org at all. A
   * failure is not reported here: whoever waits for the token then logs in the usual way, with retries.
   */
  logInAhead(): void {
    if (this.token || this.login) {
      return;
    }
    const login = this.logIn({ retry: false }).finally(() => {
      if (this.login === login) this.login = undefined;
    });
    this.login = login;
    this.loginAhead = login;
    login.catch(() => undefined);
  }

  /** The current token, logging in first when there is none or it is close to expiry; one login at a time. */
  private async validToken(): Promise<Token> {
    const token = this.token;
    if (token) {
      const marginMs = Math.min(this.renewalMarginMs, token.lifetimeMs / 4);
      if (this.retryOptions.now() < token.expiresAtMs - marginMs) {
        return token;
      }
    }
    if (this.login && this.login === this.loginAhead) {
      return this.login.catch(() => this.validToken());
    }
    if (!this.login) {
      this.login = this.logIn().finally(() => {
        this.login = undefined;
      });
    }
    return this.login;
  }

  private async logIn(options: { retry: boolean } = { retry: true }): Promise<Token> {
    const startedAtMs = this.retryOptions.now();
    try {
      // Outside `send`: an SDK that cannot be loaded is this installation's problem, not a failed login to retry.
      const { client } = this.sdk();
      const authData = await withRetry(() => this.send(LOGIN_OPERATION, () => client.loginClientCredentialsGrant(this.settings.clientId, this.settings.clientSecret)), {
        ...this.retryOptions,
        shouldRetry: (error) => options.retry && isTransientError(error),
        onRetry: (context) => {
          this.counts.retries++;
          this.retryOptions.onRetry(context);
        },
      });
      const { accessToken, tokenExpiryTime } = authData as { accessToken: string; tokenExpiryTime: number };
      this.counts.logins++;
      this.token = { accessToken, expiresAtMs: tokenExpiryTime, lifetimeMs: Math.max(0, tokenExpiryTime - startedAtMs) };
      return this.token;
    } catch (error) {
      if (error instanceof GenesysApiError && error.kind === "http" && error.status !== undefined && error.status >= 400 && error.status < 500) {
        throw new AuthenticationError(
          redactSecrets(
            `Genesys Cloud login to ${this.endpoint} with client ID '${this.settings.clientId}' failed with ${error.status}${error.code ? ` ${error.code}` : ""}: ${error.serviceMessage}. ` +
              "Check genesys:clientId/genesys:clientSecret (or GENESYS_CLIENT_ID/GENESYS_CLIENT_SECRET) and that the OAuth client uses the client-credentials grant.",
            this.secrets(),
          ),
          error.status,
          error.correlationId,
        );
      }
      throw error;
    }
  }
}

/** The SDK throws a string synchronously for a missing argument; make every failure a rejection. */
async function invoke(call: () => Promise<unknown>): Promise<unknown> {
  return call();
}

export function createConnection(settings: ConnectionSettings, options?: ConnectionOptions): GenesysConnection {
  return new GenesysConnection(settings, options);
}

/**
 * What a file host's error says, for people: an S3-style XML error's `Code` and `Message` only (its other
 * elements echo the signature, the credential and the string it signed), else the start of the body.
 */
function fileHostMessage(body: string): string {
  const element = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
  const code = element("Code");
  if (code !== undefined) return [code, element("Message")].filter(Boolean).join(": ");
  return body.slice(0, 500);
}

/** The parts of a signed request that could let someone repeat it: its query values and the headers given with it. */
function signingValues(request: SignedUrlRequest): string[] {
  let queryValues: string[] = [];
  try {
    queryValues = [...new URL(request.url).searchParams.values()];
  } catch {
    // A URL that does not parse was never sent.
  }
  return [...queryValues, ...Object.values(request.headers)];
}
