// The one retry/backoff policy for Genesys Cloud calls: bounded attempts, exponential backoff with full
// jitter, `Retry-After` honoured on 429/503. Delays, randomness and the clock are injectable for tests.

import { GenesysApiError, isConnectionRefused, isNetworkError, isServerError, isTooManyRequests } from "./errors";

export interface RetryContext {
  readonly error: unknown;
  /** The attempt that just failed, from 1. */
  readonly attemptNumber: number;
  readonly retriesLeft: number;
  /** How long the policy waits before the next attempt. */
  readonly delayMs: number;
}

export interface RetryOptions {
  /** Retries after the first attempt. Default 4. */
  retries?: number;
  /** Backoff base: attempt n waits a random time in [0, min(maxDelayMs, minDelayMs * factor^(n-1))]. Default 250. */
  minDelayMs?: number;
  /** Cap of one backoff delay. Default 8000. */
  maxDelayMs?: number;
  /** Default 2. */
  factor?: number;
  /** Longest `Retry-After` honoured; a longer one fails instead of stalling the deployment. Default 60000. */
  maxRetryAfterMs?: number;
  /** Wait used for a 429 whose `Retry-After` is missing or unreadable. Default 1000 (plus jitter via backoff). */
  fallbackRetryAfterMs?: number;
  /** Which failures are worth another attempt. Default `isTransientError`. */
  shouldRetry?: (error: unknown) => boolean;
  /** Called before each wait, with a frozen context. */
  onRetry?: (context: RetryContext) => void;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1). */
  random?: () => number;
  /** Epoch milliseconds; used to read an HTTP-date `Retry-After`. */
  now?: () => number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Fills defaults and checks every option once, so the loop below never re-validates. */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  const resolved: ResolvedRetryOptions = {
    retries: options.retries ?? 4,
    minDelayMs: options.minDelayMs ?? 250,
    maxDelayMs: options.maxDelayMs ?? 8000,
    factor: options.factor ?? 2,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    fallbackRetryAfterMs: options.fallbackRetryAfterMs ?? 1000,
    shouldRetry: options.shouldRetry ?? isTransientError,
    onRetry: options.onRetry ?? (() => undefined),
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
  for (const key of ["retries", "minDelayMs", "maxDelayMs", "maxRetryAfterMs", "fallbackRetryAfterMs"] as const) {
    const value = resolved[key];
    if (!Number.isFinite(value) || value < 0) {
      throw new TypeError(`Expected \`${key}\` to be a non-negative number, got ${String(value)}.`);
    }
  }
  if (!Number.isInteger(resolved.retries)) {
    throw new TypeError(`Expected \`retries\` to be a non-negative integer, got ${resolved.retries}.`);
  }
  if (!Number.isFinite(resolved.factor) || resolved.factor < 1) {
    throw new TypeError(`Expected \`factor\` to be a number >= 1, got ${resolved.factor}.`);
  }
  return resolved;
}

/** Worth repeating as is: 429, 5xx, and failures with no HTTP answer. Other 4xx are the caller's to handle. */
export function isTransientError(error: unknown): boolean {
  return isTooManyRequests(error) || isServerError(error) || isNetworkError(error);
}

/**
 * For a write whose outcome must be known: only failures that prove the server did not apply it
 * (429, connection refused). A reset, a timeout or a 5xx leave the write uncertain; the caller re-reads.
 */
export function isSafeToRepeatWrite(error: unknown): boolean {
  return isTooManyRequests(error) || isConnectionRefused(error);
}

/** A failure after which a write may or may not have been applied. */
export function isUncertainWriteError(error: unknown): boolean {
  return (isNetworkError(error) && !isConnectionRefused(error)) || isServerError(error);
}

/** Milliseconds a `Retry-After` value asks for (delta-seconds or HTTP date); undefined when unreadable. */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.round(Number(trimmed) * 1000);
  }
  const dateMs = Date.parse(trimmed);
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}

/** Full-jitter exponential backoff for the given failed attempt (from 1). */
export function backoffDelayMs(attemptNumber: number, options: ResolvedRetryOptions): number {
  const ceilingMs = Math.min(options.maxDelayMs, options.minDelayMs * options.factor ** (attemptNumber - 1));
  return Math.round(options.random() * ceilingMs);
}

/** The wait before retrying after `error`: the server's `Retry-After` when it gave one, else backoff. */
export function retryDelayMs(error: unknown, attemptNumber: number, options: ResolvedRetryOptions): number {
  if (error instanceof GenesysApiError && (isTooManyRequests(error) || error.status === 503)) {
    const askedMs = parseRetryAfterMs(error.retryAfter, options.now());
    if (askedMs !== undefined) {
      return askedMs;
    }
    if (isTooManyRequests(error)) {
      return options.fallbackRetryAfterMs + backoffDelayMs(attemptNumber, options);
    }
  }
  return backoffDelayMs(attemptNumber, options);
}

/** Runs `task` until it succeeds, fails with an error `shouldRetry` rejects, or the retries run out. */
export async function withRetry<T>(task: (attemptNumber: number) => Promise<T>, options: RetryOptions | ResolvedRetryOptions = {}): Promise<T> {
  const resolved = resolveRetryOptions(options);
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await task(attemptNumber);
    } catch (error) {
      const retriesLeft = resolved.retries - (attemptNumber - 1);
      if (retriesLeft <= 0 || !resolved.shouldRetry(error)) {
        throw error;
      }
      const delayMs = retryDelayMs(error, attemptNumber, resolved);
      if (delayMs > resolved.maxRetryAfterMs) {
        throw error;
      }
      resolved.onRetry(Object.freeze({ error, attemptNumber, retriesLeft, delayMs }));
      await resolved.sleep(delayMs);
    }
  }
}
