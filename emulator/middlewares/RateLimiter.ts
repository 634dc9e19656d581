// Per-client request limit over a sliding minute, as Genesys Cloud applies per OAuth client
// (https://developer.genesys.cloud/platform/api/rate-limits): over the limit gets 429 with Retry-After.

import { GenesysErrorFactory } from "../errors/GenesysErrorFactory";

const WINDOW_MS = 60_000;

export class RateLimiter {
  private readonly acceptedAtMsByClient = new Map<string, number[]>();

  /** Counts one request of `clientId`, or throws the 429 when `limitPerMinute` are already in the window. */
  admit(clientId: string, limitPerMinute: number, nowMs = Date.now()): void {
    if (limitPerMinute <= 0) return;
    const recent = (this.acceptedAtMsByClient.get(clientId) ?? []).filter((atMs) => atMs > nowMs - WINDOW_MS);
    this.acceptedAtMsByClient.set(clientId, recent);
    if (recent.length >= limitPerMinute) {
      const windowFreesAtMs = recent[recent.length - limitPerMinute] + WINDOW_MS;
      throw GenesysErrorFactory.tooManyRequests(Math.max(1, Math.ceil((windowFreesAtMs - nowMs) / 1000)));
    }
    recent.push(nowMs);
  }

  reset(): void {
    this.acceptedAtMsByClient.clear();
  }
}
