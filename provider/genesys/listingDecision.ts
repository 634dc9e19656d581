// When to stop fetching flows (or names) one by one and list them page by page instead: the switch-over
// rule as a pure function of what this command has spent so far and what the listing is known to cost.

/**
 * Flows per listing page, and IDs per `GET /api/v2/flows?id=` request: Genesys Cloud pages hold at most
 * 100 entities (the emulator accepts more; the provider never asks for more).
 */
export const LISTING_PAGE_SIZE = 100;

/**
 * Requests spent one by one (those made plus those wanted now) after which the first page of a listing is
 * fetched, to learn from its `total` what the whole listing costs. Two: a command that reads a single
 * flow never pays for a page it does not need, and one that reads more learns the cost early.
 */
export const PROBE_AFTER_REQUESTS = 2;

/** What is known of one listing (the flows of a type, or all flows) in this command. */
export interface ListingKnowledge {
  /** The listing's `total` from the last page fetched; undefined until a page was. */
  total?: number;
  /** Pages of it fetched recently enough to be used. */
  usablePages: number;
}

export interface FetchDemand {
  /** Requests this command already spent fetching this kind of thing one by one. */
  spentOneByOne: number;
  /** Requests that fetching what is wanted now one by one would cost. */
  costOneByOne: number;
  listing: ListingKnowledge;
  /** Entities per listing page. Default `LISTING_PAGE_SIZE`. */
  pageSize?: number;
}

export type FetchDecision = { fetch: "one-by-one" } | { fetch: "pages"; pages: number };

const ONE_BY_ONE: FetchDecision = { fetch: "one-by-one" };

/**
 * Fetch one by one until what that has cost (with what is wanted now) reaches what the rest of the listing
 * costs, then list the rest (the ski-rental rule: never more than about twice the cheaper of the two, with
 * no knowledge of what later operations will want). While the listing's size is unknown, its first page
 * is fetched once the demand reaches `PROBE_AFTER_REQUESTS`. A listing fetched in full and still usable is
 * not fetched again: what it lacks is fetched one by one.
 */
export function decideFetch(demand: FetchDemand): FetchDecision {
  const pageSize = demand.pageSize ?? LISTING_PAGE_SIZE;
  const demanded = demand.spentOneByOne + demand.costOneByOne;
  if (demand.costOneByOne <= 0) return ONE_BY_ONE;
  if (demand.listing.total === undefined) return demanded >= PROBE_AFTER_REQUESTS ? { fetch: "pages", pages: 1 } : ONE_BY_ONE;
  const remainingPages = Math.max(0, pageCountOf(demand.listing.total, pageSize) - demand.listing.usablePages);
  if (remainingPages === 0) return ONE_BY_ONE;
  return demanded >= remainingPages ? { fetch: "pages", pages: remainingPages } : ONE_BY_ONE;
}

/** Pages a listing of `total` entities takes; an empty listing still answers one (empty) page. */
export function pageCountOf(total: number, pageSize: number = LISTING_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** Requests fetching `count` flows by ID costs: one GET for a single flow, else one `?id=` request per page of IDs. */
export function idRequestsFor(count: number, pageSize: number = LISTING_PAGE_SIZE): number {
  return Math.ceil(count / pageSize);
}
