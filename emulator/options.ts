// Options of the embedded emulator and the one place their defaults are resolved and checked
// (`resolveEmulatorOptions`), shared by `startEmulator` and the CLI.

import { FLOW_FORMATS, FlowFormat } from "./persistence/emulatorState";
import { EmulatorSeed } from "./seed/seedFormat";

/** Faults and limits that can be changed while the emulator runs (`RunningEmulator.setFaults`). */
export interface FaultSettings {
  /** Added delay before every request is handled. */
  latencyMs?: number;
  /** Share (0..1) of `/api` requests answered with an injected 500 or 503 instead of being handled. */
  errorRate?: number;
  /** Share (0..1) of `PUT /api/v2/flows/{id}` that are applied and then answered by dropping the connection. */
  droppedWriteRate?: number;
  /**
   * Share (0..1) of `/api` requests answered 429 with `Retry-After` before being handled, as a throttled
   * service does regardless of the caller's own rate (unlike `rateLimitPerMinute`).
   */
  throttledRate?: number;
  /** `Retry-After` seconds of the 429s injected by `throttledRate`. */
  throttleRetryAfterSeconds?: number;
  /**
   * Share (0..1) of `PUT /api/v2/flows/{id}` answered 200 as a normal write (version incremented, other
   * fields stored) whose `triggers` and `edges` are silently not stored: the stored graph stays as it was.
   */
  graphDroppedOnWriteRate?: number;
  /** `/api` requests allowed per client in a one-minute window opened by its first request; 0 turns the limit off. */
  rateLimitPerMinute?: number;
  /** Lifetime of tokens issued from now on. */
  tokenTtlSeconds?: number;
  /**
   * How long an Architect export or import job takes: `Started` after half of it, final after all of it
   * (an import's time counts from its upload). 0: final at the first poll. Applies to jobs registered (or
   * uploads received) from now on.
   */
  jobLatencyMs?: number;
  /** Export jobs an org may register in any sliding minute; more get 429 with Retry-After. 0 turns the limit off. */
  exportJobsPerMinute?: number;
}

export interface EmulatorOptions extends FaultSettings {
  /** Interface to bind; default 127.0.0.1 (loopback only). */
  host?: string;
  /** Port to bind; default 0, a free port. */
  port?: number;
  /** Orgs, clients and flows to start with when there is no data file to load; default: the demo dev/prod orgs. */
  seed?: EmulatorSeed;
  /** File the state is loaded from on start (when present) and saved to atomically after every change. */
  dataFile?: string;
  /** Seed of the pseudo-random generator behind faults and generated IDs, for deterministic tests. */
  randomSeed?: number;
  /** Largest accepted request body; default 1 MiB. */
  maxBodyBytes?: number;
  /** Largest file an import job's upload URL accepts; larger ones get 413 and fail the job. Default 2 MiB. */
  maxUploadBytes?: number;
  /**
   * The format of every seeded org that does not name its own: `graph` (default) or `architect`, which
   * makes the demo orgs Architect orgs (flow entities without a graph, logic in Archy YAML, jobs).
   */
  flowFormat?: FlowFormat;
}

export type ResolvedFaults = Required<FaultSettings>;

export interface ResolvedEmulatorOptions {
  host: string;
  port: number;
  seed: EmulatorSeed | undefined;
  dataFile: string | undefined;
  randomSeed: number | undefined;
  maxBodyBytes: number;
  maxUploadBytes: number;
  flowFormat: FlowFormat;
  faults: ResolvedFaults;
}

export const DEFAULT_FAULTS: ResolvedFaults = Object.freeze({
  latencyMs: 0,
  errorRate: 0,
  droppedWriteRate: 0,
  throttledRate: 0,
  throttleRetryAfterSeconds: 1,
  graphDroppedOnWriteRate: 0,
  rateLimitPerMinute: 0,
  // Genesys Cloud client-credentials tokens live 24 hours by default.
  tokenTtlSeconds: 86400,
  jobLatencyMs: 0,
  exportJobsPerMinute: 0,
});

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

export function resolveEmulatorOptions(options: EmulatorOptions = {}): ResolvedEmulatorOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`Expected \`port\` to be an integer from 0 to 65535, got ${String(options.port)}.`);
  }
  const maxBodyBytes = positiveInteger("maxBodyBytes", options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES);
  const maxUploadBytes = positiveInteger("maxUploadBytes", options.maxUploadBytes, DEFAULT_MAX_UPLOAD_BYTES);
  const flowFormat = options.flowFormat ?? "graph";
  if (!FLOW_FORMATS.includes(flowFormat)) {
    throw new TypeError(`Expected \`flowFormat\` to be ${FLOW_FORMATS.map((format) => `"${format}"`).join(" or ")}, got ${String(options.flowFormat)}.`);
  }
  if (options.randomSeed !== undefined && !Number.isInteger(options.randomSeed)) {
    throw new TypeError(`Expected \`randomSeed\` to be an integer, got ${String(options.randomSeed)}.`);
  }
  return {
    host: options.host ?? "127.0.0.1",
    port,
    seed: options.seed,
    dataFile: options.dataFile,
    randomSeed: options.randomSeed,
    maxBodyBytes,
    maxUploadBytes,
    flowFormat,
    faults: mergeFaults(DEFAULT_FAULTS, options),
  };
}

function positiveInteger(name: string, value: number | undefined, defaultValue: number): number {
  if (value === undefined) return defaultValue;
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`Expected \`${name}\` to be a positive integer, got ${String(value)}.`);
  return value;
}

/** `current` with the given settings applied, each checked; unknown keys are ignored. */
export function mergeFaults(current: ResolvedFaults, changes: FaultSettings): ResolvedFaults {
  const merged: ResolvedFaults = { ...current };
  // Retry-After is whole seconds (RFC 9110 delay-seconds); 0 lets tests retry at once.
  for (const key of ["latencyMs", "rateLimitPerMinute", "throttleRetryAfterSeconds", "jobLatencyMs", "exportJobsPerMinute"] as const) {
    const value = changes[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0) {
      throw new TypeError(`Expected \`${key}\` to be a non-negative integer, got ${String(value)}.`);
    }
    merged[key] = value;
  }
  for (const key of ["errorRate", "droppedWriteRate", "throttledRate", "graphDroppedOnWriteRate"] as const) {
    const value = changes[key];
    if (value === undefined) continue;
    if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
      throw new TypeError(`Expected \`${key}\` to be a number from 0 to 1, got ${String(value)}.`);
    }
    merged[key] = value;
  }
  if (changes.tokenTtlSeconds !== undefined) {
    const value = changes.tokenTtlSeconds;
    if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
      throw new TypeError(`Expected \`tokenTtlSeconds\` to be a positive number, got ${String(value)}.`);
    }
    merged.tokenTtlSeconds = value;
  }
  return merged;
}
