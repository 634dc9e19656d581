// Back-pressure for one Genesys Cloud connection: a cap on requests in flight, a token-bucket budget that
// keeps under the org's per-client rate limit, and a shared pause when the server answers 429.

export interface RequestLimiterOptions {
  /** Requests in flight at once. */
  maxConcurrentRequests: number;
  /** Sustained request rate. Any 60 s window holds at most `requestsPerMinute + burst` requests. */
  requestsPerMinute: number;
  /** Requests that may go at once after a quiet spell (bucket capacity). */
  burst: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export class RequestLimiter {
  private inFlight = 0;
  private readonly slotWaiters: (() => void)[] = [];
  private tokens: number;
  private refilledAtMs: number;
  private pausedUntilMs = 0;
  // Tokens are handed out strictly in arrival order, one waiter at a time.
  private tokenQueue: Promise<void> = Promise.resolve();
  private waitedMsTotal = 0;

  constructor(private readonly options: RequestLimiterOptions) {
    for (const key of ["maxConcurrentRequests", "requestsPerMinute", "burst"] as const) {
      if (!Number.isFinite(options[key]) || options[key] < 1) {
        throw new TypeError(`Expected \`${key}\` to be a number >= 1, got ${String(options[key])}.`);
      }
    }
    this.tokens = options.burst;
    this.refilledAtMs = options.now();
  }

  /** Milliseconds spent waiting for the budget or a 429 pause so far. */
  get waitedMs(): number {
    return this.waitedMsTotal;
  }

  /**
   * Waits for a free slot, then for a token, and returns the function that frees the slot.
   * The slot is taken first so that a request is sent as soon as it has its token: the bucket then
   * bounds the send times themselves.
   */
  async acquire(): Promise<() => void> {
    await this.takeSlot();
    try {
      const turn = this.tokenQueue.then(() => this.takeToken());
      this.tokenQueue = turn.catch(() => undefined);
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

  private async takeToken(): Promise<void> {
    for (;;) {
      const nowMs = this.options.now();
      const refillPerMs = this.options.requestsPerMinute / 60_000;
      this.tokens = Math.min(this.options.burst, this.tokens + (nowMs - this.refilledAtMs) * refillPerMs);
      this.refilledAtMs = nowMs;
      const pauseMs = this.pausedUntilMs - nowMs;
      if (pauseMs <= 0 && this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const waitMs = Math.max(pauseMs, Math.ceil((1 - this.tokens) / refillPerMs), 1);
      this.waitedMsTotal += waitMs;
      await this.options.sleep(waitMs);
    }
  }
}
