// Adds the configured latency (`latencyMs`) before a request is handled. A request still waiting when
// the emulator closes is abandoned, so closing never waits for delayed requests.

import { Middleware } from "./pipeline";

/** The delays under way, so that closing the emulator can end them at once. */
export class PendingDelays {
  private readonly pending = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const delay = {
        timer: setTimeout(() => {
          this.pending.delete(delay);
          resolve();
        }, ms),
        resolve,
      };
      this.pending.add(delay);
    });
  }

  /** Ends every delay now. */
  endAll(): void {
    for (const delay of this.pending) {
      clearTimeout(delay.timer);
      delay.resolve();
    }
    this.pending.clear();
  }
}

export function latencyMiddleware(delays: PendingDelays, settings: { latencyMs(): number; isServing(): boolean }): Middleware {
  return async (_exchange, next) => {
    await delays.wait(settings.latencyMs());
    return settings.isServing() ? next() : "abandoned";
  };
}
