// Per-client request limit, as Genesys Cloud applies per OAuth client
// (https://developer.genesys.cloud/platform/api/rate-limits): a client's first request opens a one-minute
// window that counts its requests; over the limit gets 429 with Retry-After until the window ends. Every
// answer says where the client stands, as the service's `inin-ratelimit-*` headers do.

const WINDOW_MS = 60_000;

/** What the `inin-ratelimit-allowed`, `-count` and `-reset` headers carry. */
export interface RateLimitStanding {
  allowed: number;
  /** Requests the window counted, this one included when it was admitted. */
  count: number;
  /** Whole seconds until the window ends (rounded up, at least 1). */
  resetSeconds: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { openedAtMs: number; count: number }>();

  /** Counts one request of `clientId` when its window has room; `admitted` false: it is over the limit. */
  admit(clientId: string, limitPerMinute: number, nowMs = Date.now()): { admitted: boolean; standing: RateLimitStanding } {
    let window = this.windows.get(clientId);
    if (!window || nowMs >= window.openedAtMs + WINDOW_MS) {
      window = { openedAtMs: nowMs, count: 0 };
      this.windows.set(clientId, window);
    }
    const admitted = window.count < limitPerMinute;
    if (admitted) window.count++;
    const resetSeconds = Math.max(1, Math.ceil((window.openedAtMs + WINDOW_MS - nowMs) / 1000));
    return { admitted, standing: { allowed: limitPerMinute, count: window.count, resetSeconds } };
  }

  reset(): void {
    this.windows.clear();
  }
}
