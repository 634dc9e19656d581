// Back-pressure for one Genesys Cloud connection: a cap on requests in flight, a sliding-window budget that
// keeps under the org's per-client rate limit, and a shared pause when the server answers 429.

export interface RequestLimiterOptions {
  /** Requests in flight at once. */
  maxConcurrentRequests: number;
  /**
   * Requests sent in any 60 s window, at most. The window is exact, like the org's limit, so a deployment
   * smaller than the budget is never slowed down and a larger one never runs into 429s.
   */
  requestsPerMinute: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export class RequestLimiter {
  private inFlight = 0;
  private readonly slotWaiters: (() => void)[] = [];
  /** Send times of the last minute, oldest first. */
  private readonly sentAtMs: number[] = [];
  private pausedUntilMs = 0;
  // Budget is handed out strictly in arrival order, one waiter at a time.
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
  async acquire(): Promise<() => void> {
    await this.takeSlot();
    try {
      const turn = this.budgetQueue.then(() => this.takeBudget());
      this.budgetQueue = turn.catch(() => undefined);
      await turn;
    } catch (error) {
      this.releaseSlot();
      throw error;
    }
    let released = false;
    return () => {
      if (!released) {
        released = true;
        this.releaseSlot();
      }
    };
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

  private async takeBudget(): Promise<void> {
    for (;;) {
      const nowMs = this.options.now();
      while (this.sentAtMs.length > 0 && this.sentAtMs[0] <= nowMs - WINDOW_MS) this.sentAtMs.shift();
      const pauseMs = this.pausedUntilMs - nowMs;
      const windowFullMs = this.sentAtMs.length >= this.options.requestsPerMinute ? this.sentAtMs[0] + WINDOW_MS - nowMs : 0;
      if (pauseMs <= 0 && windowFullMs <= 0) {
        this.sentAtMs.push(nowMs);
        return;
      }
      const waitMs = Math.max(pauseMs, windowFullMs, 1);
      this.waitedMsTotal += waitMs;
      await this.options.sleep(waitMs);
    }
  }
}

const WINDOW_MS = 60_000;
