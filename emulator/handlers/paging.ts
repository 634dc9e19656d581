// The Genesys Cloud paging envelope (`entities`, `pageSize`, `pageNumber`, `total`, `pageCount` and
// the page URIs), shared by every listing.

import { queryInteger } from "../http/requestContext";

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 500;

export interface PagedListing<T> {
  entities: T[];
  pageSize: number;
  pageNumber: number;
  total: number;
  pageCount: number;
  firstUri: string;
  lastUri: string;
  selfUri: string;
  nextUri?: string;
  previousUri?: string;
}

export function pageOf<T>(items: T[], options: { query: URLSearchParams; path: string }): PagedListing<T> {
  const pageSize = queryInteger(options.query, "pageSize", { defaultValue: DEFAULT_PAGE_SIZE, min: 1, max: MAX_PAGE_SIZE });
  const pageNumber = queryInteger(options.query, "pageNumber", { defaultValue: 1, min: 1, max: Number.MAX_SAFE_INTEGER });
  const total = items.length;
  const pageCount = Math.ceil(total / pageSize);
  const uriOf = (page: number) => {
    const query = new URLSearchParams(options.query);
    query.set("pageSize", String(pageSize));
    query.set("pageNumber", String(page));
    return `${options.path}?${query.toString()}`;
  };
  return {
    entities: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    pageSize,
    pageNumber,
    total,
    pageCount,
    firstUri: uriOf(1),
    lastUri: uriOf(Math.max(pageCount, 1)),
    selfUri: uriOf(pageNumber),
    ...(pageNumber < pageCount ? { nextUri: uriOf(pageNumber + 1) } : {}),
    ...(pageNumber > 1 ? { previousUri: uriOf(Math.min(pageNumber - 1, Math.max(pageCount, 1))) } : {}),
  };
}
