// Back-pressure for one Genesys Cloud connection: a cap on requests in flight, the org's rate-limit window
// as its answers report it (or, where they do not, a sliding-window budget of our own), and a shared pause
// when the server answers 429.

import { RateLimitReport, RateLimitWindow } from "./rateLimitWindow";

export interface RequestLimiterOptions {
  /** Requests in flight at once. */
  maxConcurrentRequests: number;
  /**
   * Requests sent in any 60 s window, at most, while the org does not report its window. The window is
   * exact, like the org's limit, so a deployment smaller than the budget is never slowed down and a
   * larger one never runs into 429s.
   */
  requestsPerMinute: number;
  /**
   * Send API requests one at a time until an answer says whether the org reports its window, and again
   * once a reported window has ended: a new process cannot know what earlier ones used. Default false.
   */
  oneRequestUntilReported?: boolean;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** API requests count against the org's window; the login goes to the token endpoint, outside it. */
export type RequestKind = "api" | "login";

export class RequestLimiter {
  private inFlight = 0;
  private readonly slotWaiters: (() => void)[] = [];
  /** Send times of the last minute, oldest first (our own budget, used while the org reports nothing). */
  private readonly sentAtMs: number[] = [];
  private readonly orgWindow = new RateLimitWindow();
  /** Whether API answers carry the org's window: not known before the first one. */
  private reports: "unknown" | "reported" | "absent" = "unknown";
  private apiInFlight = 0;
  private answerWaiters: (() => void)[] = [];
  private pausedUntilMs = 0;
  // Budget is handed out to API requests strictly in arrival order, one waiter at a time.
  private budgetQueue: Promise<void> = Promise.resolve();
  private waitedMsTotal = 0;

  constructor(private readonly options: RequestLimiterOptions) {
    for (const key of ["maxConcurrentRequests", "requestsPerMinute"] as const) {
      if (!Number.isFinite(options[key]) || options[key] < 1) {
        throw new TypeError(`Expected \`${key}\` to be a number >= 1, got ${String(options[key])}.`);
      }
    }
  }

  /** Milliseconds spent waiting for the budget or a 429 pause so far. */
  get waitedMs(): number {
    return this.waitedMsTotal;
  }

  /**
   * Waits for a free slot, then for room in the budget, and returns the function that frees the slot.
   * The slot is taken first so that a request is sent as soon as it has its budget: the window then
   * bounds the send times themselves.
   */
  async acquire(kind: RequestKind = "api"): Promise<() => void> {
    await this.takeSlot();
    try {
      // The login does not queue behind API requests waiting for the org's window: it is outside it.
      if (kind === "login") {
        await this.takeBudget(kind);
      } else {
        const turn = this.budgetQueue.then(() => this.takeBudget(kind));
        this.budgetQueue = turn.catch(() => undefined);
        await turn;
      }
    } catch (error) {
      this.releaseSlot();
      throw error;
    }
    let released = false;
    return () => {
      if (!released) {
        released = true;
        if (kind === "api") {
          this.apiInFlight--;
          this.wakeAnswerWaiters();
        }
        this.releaseSlot();
      }
    };
  }

  /** An API answer arrived, with the org's window report in its headers or without one; call before releasing. */
  observe(report: RateLimitReport | undefined): void {
    if (report) {
      this.orgWindow.observe(report, this.options.now(), Math.max(0, this.apiInFlight - 1));
      this.reports = "reported";
    } else if (this.reports === "unknown") {
      this.reports = "absent";
    }
    this.wakeAnswerWaiters();
  }

  /** Holds every request of this connection until `untilMs` (epoch ms), e.g. after a 429 with `Retry-After`. */
  pauseUntil(untilMs: number): void {
    this.pausedUntilMs = Math.max(this.pausedUntilMs, untilMs);
  }

  private async takeSlot(): Promise<void> {
    if (this.inFlight < this.options.maxConcurrentRequests) {
      this.inFlight++;
      return;
    }
    // The releasing request hands its slot straight to the next waiter (inFlight stays the same).
    await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.slotWaiters.shift();
    if (next) {
      next();
    } else {
      this.inFlight--;
    }
  }

  private async takeBudget(kind: RequestKind): Promise<void> {
    for (;;) {
      const nowMs = this.options.now();
      if (kind === "api" && this.apiInFlight > 0 && this.mustLearnWindow(nowMs)) {
        await new Promise<void>((resolve) => this.answerWaiters.push(resolve));
        continue;
      }
      while (this.sentAtMs.length > 0 && this.sentAtMs[0] <= nowMs - WINDOW_MS) this.sentAtMs.shift();
      const byOrgWindow = kind === "api" && this.orgWindow.isKnown(nowMs);
      const pauseMs = this.pausedUntilMs - nowMs;
      const windowFullMs = byOrgWindow
        ? this.orgWindow.waitMs(nowMs)
        : this.sentAtMs.length >= this.options.requestsPerMinute
          ? this.sentAtMs[0] + WINDOW_MS - nowMs
          : 0;
      if (pauseMs <= 0 && windowFullMs <= 0) {
        if (byOrgWindow) this.orgWindow.sent(nowMs);
        else this.sentAtMs.push(nowMs);
        if (kind === "api") this.apiInFlight++;
        return;
      }
      const waitMs = Math.max(pauseMs, windowFullMs, 1);
      this.waitedMsTotal += waitMs;
      await this.options.sleep(waitMs);
    }
  }

  /** Before the first answer, and after the window it reported ended, the next answer tells where the org stands. */
  private mustLearnWindow(nowMs: number): boolean {
    if (!this.options.oneRequestUntilReported) return false;
    return this.reports === "unknown" || (this.reports === "reported" && !this.orgWindow.isKnown(nowMs));
  }

  private wakeAnswerWaiters(): void {
    const waiters = this.answerWaiters;
    this.answerWaiters = [];
    for (const wake of waiters) wake();
  }
}

const WINDOW_MS = 60_000;
