// Protects the reading of the org's rate-limit window from Genesys Cloud's headers: what a report says,
// how reports of one window add up with this process's own requests, and when a window is new.

import { RateLimitWindow, rateLimitReportOf } from "../../../provider/genesys/rateLimitWindow";

const headers = (values: Record<string, string>) => (name: string) => values[name];

describe("rateLimitReportOf", () => {
  it("reads the three headers, the reset in milliseconds", () => {
    expect(rateLimitReportOf(headers({ "inin-ratelimit-allowed": "300", "inin-ratelimit-count": "12", "inin-ratelimit-reset": "41" }))).toEqual({
      allowed: 300,
      count: 12,
      resetMs: 41_000,
    });
  });

  it("reports nothing when a header is missing or not a whole number", () => {
    expect(rateLimitReportOf(headers({ "inin-ratelimit-allowed": "300", "inin-ratelimit-count": "12" }))).toBeUndefined();
    expect(rateLimitReportOf(headers({ "inin-ratelimit-allowed": "300", "inin-ratelimit-count": "1.5", "inin-ratelimit-reset": "41" }))).toBeUndefined();
    expect(rateLimitReportOf(headers({ "inin-ratelimit-allowed": "0", "inin-ratelimit-count": "0", "inin-ratelimit-reset": "41" }))).toBeUndefined();
    expect(rateLimitReportOf(headers({}))).toBeUndefined();
  });
});

describe("RateLimitWindow", () => {
  it("knows nothing before a report, and lets requests go", () => {
    const window = new RateLimitWindow();
    expect(window.isKnown(0)).toBe(false);
    expect(window.waitMs(0)).toBe(0);
  });

  it("lets requests go while the window has room, then waits until it ends", () => {
    const window = new RateLimitWindow();
    window.observe({ allowed: 5, count: 3, resetMs: 40_000 }, 1_000, 0);
    expect(window.waitMs(1_000)).toBe(0);
    window.sent(1_000);
    expect(window.waitMs(1_000)).toBe(0);
    window.sent(1_000);
    expect(window.waitMs(2_000)).toBe(39_000);
    // Once it ended, nothing is known of the next one.
    expect(window.isKnown(41_000)).toBe(false);
    expect(window.waitMs(41_000)).toBe(0);
  });

  it("counts this process's unanswered requests as used: the report may not include them", () => {
    const window = new RateLimitWindow();
    window.observe({ allowed: 10, count: 7, resetMs: 30_000 }, 0, 3);
    expect(window.waitMs(0)).toBe(30_000);
  });

  it("keeps the highest count and the earliest end of reports of one window", () => {
    const window = new RateLimitWindow();
    window.observe({ allowed: 10, count: 9, resetMs: 30_000 }, 0, 0);
    // A slower answer, counted earlier by the server, arrives later and rounds its reset up.
    window.observe({ allowed: 10, count: 6, resetMs: 31_000 }, 500, 0);
    window.sent(600);
    expect(window.waitMs(600)).toBe(29_400);
  });

  it("takes a report of a window ending a good deal later as a new window", () => {
    const window = new RateLimitWindow();
    window.observe({ allowed: 10, count: 10, resetMs: 2_000 }, 0, 0);
    expect(window.waitMs(0)).toBe(2_000);
    window.observe({ allowed: 10, count: 1, resetMs: 60_000 }, 1_000, 0);
    expect(window.waitMs(1_000)).toBe(0);
  });
});
