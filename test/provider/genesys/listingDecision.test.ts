// Protects the switch-over from reading flows (or looking names up) one by one to listing them: when the
// first page is fetched to learn the listing's size, when the rest follows, and that the cost of a
// command stays within about twice the cheaper way, whatever it turns out to need.

import fc from "fast-check";
import { decideFetch, FetchDecision, idRequestsFor, LISTING_PAGE_SIZE, pageCountOf } from "../../../provider/genesys/listingDecision";

const ONE_BY_ONE: FetchDecision = { fetch: "one-by-one" };

describe("decideFetch", () => {
  it("fetches a first flow one by one: a command reading one flow never pays for a page", () => {
    expect(decideFetch({ spentOneByOne: 0, costOneByOne: 1, listing: { usablePages: 0 } })).toEqual(ONE_BY_ONE);
  });

  it("fetches the first page to learn the listing's size once a second request is wanted", () => {
    expect(decideFetch({ spentOneByOne: 1, costOneByOne: 1, listing: { usablePages: 0 } })).toEqual({ fetch: "pages", pages: 1 });
    // Two names wanted at once are two lookups: the same demand.
    expect(decideFetch({ spentOneByOne: 0, costOneByOne: 2, listing: { usablePages: 0 } })).toEqual({ fetch: "pages", pages: 1 });
  });

  it("lists the rest once what one by one cost, with what is wanted now, reaches what the rest costs", () => {
    const listing = { total: 1_000, usablePages: 1 };
    expect(decideFetch({ spentOneByOne: 7, costOneByOne: 1, listing })).toEqual(ONE_BY_ONE);
    expect(decideFetch({ spentOneByOne: 8, costOneByOne: 1, listing })).toEqual({ fetch: "pages", pages: 9 });
    // Many wanted at once count as much as many fetched before.
    expect(decideFetch({ spentOneByOne: 0, costOneByOne: 9, listing })).toEqual({ fetch: "pages", pages: 9 });
  });

  it("never lists a big org for a few flows", () => {
    expect(decideFetch({ spentOneByOne: 2, costOneByOne: 1, listing: { total: 5_000, usablePages: 1 } })).toEqual(ONE_BY_ONE);
  });

  it("fetches what a complete, usable listing lacks one by one, and lists again once its pages are too old", () => {
    expect(decideFetch({ spentOneByOne: 50, costOneByOne: 1, listing: { total: 210, usablePages: 3 } })).toEqual(ONE_BY_ONE);
    expect(decideFetch({ spentOneByOne: 2, costOneByOne: 1, listing: { total: 210, usablePages: 0 } })).toEqual({ fetch: "pages", pages: 3 });
  });

  it("asks for nothing when nothing is wanted", () => {
    expect(decideFetch({ spentOneByOne: 100, costOneByOne: 0, listing: { total: 10, usablePages: 0 } })).toEqual(ONE_BY_ONE);
  });

  it("counts pages and ID requests in pages of LISTING_PAGE_SIZE (100, Genesys Cloud's largest page)", () => {
    expect(LISTING_PAGE_SIZE).toBe(100);
    expect([pageCountOf(0), pageCountOf(1), pageCountOf(100), pageCountOf(101)]).toEqual([1, 1, 1, 2]);
    expect([idRequestsFor(1), idRequestsFor(100), idRequestsFor(101)]).toEqual([1, 1, 2]);
  });
});

/**
 * A command reading `wanted` (indexes into a listing of `total` flows sorted as the listing pages them)
 * one after the other, as diffs do under the engine's schedule: the requests the rule makes.
 */
function requestsForSequentialReads(total: number, wanted: readonly number[]): number {
  const usable = new Set<number>();
  let knownTotal: number | undefined;
  let spentOneByOne = 0;
  let requests = 0;
  for (const flow of wanted) {
    const page = Math.floor(flow / LISTING_PAGE_SIZE) + 1;
    for (let step = 0; step < 2 && !usable.has(page); step++) {
      const decision = decideFetch({ spentOneByOne, costOneByOne: 1, listing: { total: knownTotal, usablePages: usable.size } });
      if (decision.fetch === "one-by-one") break;
      const missing = Array.from({ length: knownTotal === undefined ? 1 : pageCountOf(knownTotal) }, (_, index) => index + 1).filter((p) => !usable.has(p));
      for (const fetched of missing.slice(0, decision.pages)) usable.add(fetched);
      requests += Math.min(decision.pages, missing.length);
      knownTotal = total;
    }
    if (!usable.has(page)) {
      spentOneByOne += 1;
      requests += 1;
    }
  }
  return requests;
}

describe("a command under the rule, reading flows one after the other", () => {
  it("reads 3 flows of an org of 5,000 for at most one request more than reading them", () => {
    expect(requestsForSequentialReads(5_000, [4_200, 17, 2_500])).toBeLessThanOrEqual(3 + 1);
  });

  it("reads 200 of 210 flows for a handful of requests, not 200", () => {
    const wanted = Array.from({ length: 200 }, (_, index) => (index * 37) % 210);
    expect(requestsForSequentialReads(210, wanted)).toBeLessThanOrEqual(1 + 1 + pageCountOf(210));
  });

  it("never costs more than twice the cheaper of reading one by one and listing, plus the first page", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_000 }), fc.array(fc.nat(), { minLength: 1, maxLength: 400 }), (total, picks) => {
        const wanted = [...new Set(picks.map((pick) => pick % total))];
        const cheaper = Math.min(wanted.length, pageCountOf(total));
        expect(requestsForSequentialReads(total, wanted)).toBeLessThanOrEqual(2 * cheaper + 1);
      }),
    );
  });
});
