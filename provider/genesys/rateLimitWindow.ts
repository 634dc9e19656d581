// The org's rate-limit window for this OAuth client as Genesys Cloud reports it on each API answer
// (`inin-ratelimit-allowed`, `inin-ratelimit-count`, `inin-ratelimit-reset`), and what it leaves for the
// next request. Only what the headers say is kept; another process's requests show up in the next answer.

import { RATE_LIMIT_HEADERS } from "../../wire/rateLimitHeaders";

/** One answer's report: the window's limit, the requests it counted so far, and when it starts over. */
export interface RateLimitReport {
  allowed: number;
  count: number;
  /** Until the window starts over, from when the answer arrived (the header's whole seconds). */
  resetMs: number;
}

/**
 * A window reported as ending this much later than the one held is a new window (reports of one window
 * differ by the rounding of `reset` to whole seconds and the answer's time on the wire, far less).
 */
const NEW_WINDOW_AFTER_MS = 5_000;

/** The report in an answer's headers, or undefined when any of the three is missing or not a whole number. */
export function rateLimitReportOf(header: (name: string) => string | undefined): RateLimitReport | undefined {
  const [allowed, count, resetSeconds] = [RATE_LIMIT_HEADERS.allowed, RATE_LIMIT_HEADERS.count, RATE_LIMIT_HEADERS.reset].map((name) => {
    const text = header(name)?.trim();
    return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
  });
  if (allowed === undefined || count === undefined || resetSeconds === undefined || allowed < 1) return undefined;
  return { allowed, count, resetMs: resetSeconds * 1000 };
}

/**
 * The window as far as this process knows it: an upper bound of the requests it counted and of the
 * moment it ends. Requests in flight when a report arrives may or may not be in its count, so they are
 * added to it; each request sent afterwards adds one.
 */
export class RateLimitWindow {
  private window: { allowed: number; used: number; endsAtMs: number } | undefined;

  /** Takes in one answer's report; `othersInFlight`: this process's requests still unanswered. */
  observe(report: RateLimitReport, nowMs: number, othersInFlight: number): void {
    const endsAtMs = nowMs + report.resetMs;
    const used = report.count + othersInFlight;
    const held = this.window;
    if (!held || nowMs >= held.endsAtMs || endsAtMs > held.endsAtMs + NEW_WINDOW_AFTER_MS) {
      this.window = { allowed: report.allowed, used, endsAtMs };
    } else {
      // The same window: the report's end is an upper bound (its seconds are rounded up), so the earliest holds.
      this.window = { allowed: report.allowed, used: Math.max(held.used, used), endsAtMs: Math.min(held.endsAtMs, endsAtMs) };
    }
  }

  /** Whether a window is known and has not ended: only then does `waitMs` say anything. */
  isKnown(nowMs: number): boolean {
    return this.window !== undefined && nowMs < this.window.endsAtMs;
  }

  /** How long the next request must wait: 0 while the window has room, else until it ends. */
  waitMs(nowMs: number): number {
    const window = this.window;
    if (!window || nowMs >= window.endsAtMs || window.used < window.allowed) return 0;
    return window.endsAtMs - nowMs;
  }

  /** Counts a request sent now. */
  sent(nowMs: number): void {
    if (this.window && nowMs < this.window.endsAtMs) this.window.used++;
  }
}
