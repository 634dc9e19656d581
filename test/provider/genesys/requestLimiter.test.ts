// Protects the connection's back-pressure: the in-flight cap, the request budget over any minute, and the 429 pause.

import { RequestLimiter } from "../../../provider/genesys/requestLimiter";

/** A clock that only moves when someone sleeps, so budget waits take no real time. */
function fakeClock() {
  let nowMs = 1_000_000;
  return {
    now: () => nowMs,
    // The clock moves on the next turn, after requests already let through have recorded their send time.
    sleep: (ms: number) =>
      new Promise<void>((resolve) =>
        setImmediate(() => {
          nowMs += ms;
          resolve();
        }),
      ),
  };
}

describe("RequestLimiter", () => {
  it("never has more than maxConcurrentRequests in flight", async () => {
    const limiter = new RequestLimiter({ maxConcurrentRequests: 3, requestsPerMinute: 100_000, ...fakeClock() });
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const release = await limiter.acquire();
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        release();
      }),
    );
    expect(peak).toBe(3);
  });

  it("sends a deployment smaller than the budget at once, and keeps any 60 s window within requestsPerMinute", async () => {
    const clock = fakeClock();
    const limiter = new RequestLimiter({ maxConcurrentRequests: 50, requestsPerMinute: 60, ...clock });
    const sentAtMs: number[] = [];
    const startMs = clock.now();
    await Promise.all(
      Array.from({ length: 200 }, async () => {
        const release = await limiter.acquire();
        sentAtMs.push(clock.now());
        release();
      }),
    );
    sentAtMs.sort((a, b) => a - b);
    // The first 60 go without waiting: a small deployment is never slowed down.
    expect(sentAtMs[59]).toBe(startMs);
    let worstWindow = 0;
    for (let first = 0; first < sentAtMs.length; first++) {
      const inWindow = sentAtMs.filter((atMs) => atMs >= sentAtMs[first] && atMs < sentAtMs[first] + 60_000).length;
      worstWindow = Math.max(worstWindow, inWindow);
    }
    expect(worstWindow).toBe(60);
    // The budget is used, not starved: 200 requests at 60 a minute take three minutes and a bit.
    expect(sentAtMs[sentAtMs.length - 1] - sentAtMs[0]).toBeLessThanOrEqual(180_000);
    expect(limiter.waitedMs).toBeGreaterThan(0);
  });

  it("holds every request until a pause ends", async () => {
    const clock = fakeClock();
    const limiter = new RequestLimiter({ maxConcurrentRequests: 5, requestsPerMinute: 6000, ...clock });
    const pausedAtMs = clock.now();
    limiter.pauseUntil(pausedAtMs + 7000);
    const release = await limiter.acquire();
    expect(clock.now()).toBeGreaterThanOrEqual(pausedAtMs + 7000);
    release();
  });

  it("frees a slot only once however often release is called", async () => {
    const limiter = new RequestLimiter({ maxConcurrentRequests: 1, requestsPerMinute: 6000, ...fakeClock() });
    const first = await limiter.acquire();
    first();
    first();
    const second = await limiter.acquire();
    let thirdAcquired = false;
    const third = limiter.acquire().then((release) => {
      thirdAcquired = true;
      return release;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(thirdAcquired).toBe(false);
    second();
    (await third)();
  });

  it("rejects nonsense options with a clear message", () => {
    expect(() => new RequestLimiter({ maxConcurrentRequests: 0, requestsPerMinute: 1, ...fakeClock() })).toThrow("Expected `maxConcurrentRequests` to be a number >= 1");
  });
});

describe("RequestLimiter with the org's reported window", () => {
  const report = (allowed: number, count: number, resetMs: number) => ({ allowed, count, resetMs });

  it("sends API requests one at a time until an answer says where the org stands, logins aside", async () => {
    const limiter = new RequestLimiter({ maxConcurrentRequests: 8, requestsPerMinute: 6000, oneRequestUntilReported: true, ...fakeClock() });
    const first = await limiter.acquire();
    let secondSent = false;
    const second = limiter.acquire().then((release) => {
      secondSent = true;
      return release;
    });
    const login = await limiter.acquire("login");
    login();
    await new Promise((resolve) => setImmediate(resolve));
    expect(secondSent).toBe(false);
    limiter.observe(report(300, 1, 59_000));
    first();
    (await second)();
    expect(secondSent).toBe(true);
  });

  it("paces by the reported window, whatever its own budget: waits for the window to end, then learns the next one", async () => {
    const clock = fakeClock();
    const startMs = clock.now();
    const limiter = new RequestLimiter({ maxConcurrentRequests: 8, requestsPerMinute: 6000, oneRequestUntilReported: true, ...clock });
    const probe = await limiter.acquire();
    // An earlier process used 8 of the window's 10.
    limiter.observe(report(10, 9, 20_000));
    probe();
    const sentAtMs: number[] = [];
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        const release = await limiter.acquire();
        sentAtMs.push(clock.now());
        // The next window's first answer arrives before the others may go.
        if (clock.now() >= startMs + 20_000) limiter.observe(report(10, 1, 60_000));
        release();
      }),
    );
    expect(sentAtMs).toEqual([startMs, startMs + 20_000, startMs + 20_000]);
  });

  it("keeps to its own budget when the answers report no window", async () => {
    const clock = fakeClock();
    const limiter = new RequestLimiter({ maxConcurrentRequests: 8, requestsPerMinute: 2, oneRequestUntilReported: true, ...clock });
    const startMs = clock.now();
    const first = await limiter.acquire();
    limiter.observe(undefined);
    first();
    const sentAtMs: number[] = [];
    await Promise.all(
      Array.from({ length: 2 }, async () => {
        const release = await limiter.acquire();
        sentAtMs.push(clock.now() - startMs);
        release();
      }),
    );
    expect(sentAtMs).toEqual([0, 60_000]);
  });
});
