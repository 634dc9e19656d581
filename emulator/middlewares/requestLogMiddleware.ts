// Records every answered request (and every write whose answer was dropped on purpose) in the request
// log that tests and the benchmark read: method, path, query, status, caller and the faults it got.

import { asApiError } from "../errors/GenesysErrorFactory";
import { Exchange, Middleware, Outcome, setBefore } from "./pipeline";

export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  status: number;
  orgId?: string;
  clientId?: string;
  at: Date;
  /** When the answer was sent (after any injected latency). */
  answeredAt: Date;
  /** The change was applied but the connection was dropped instead of answered (injected fault). */
  connectionDropped: boolean;
  /** The write was answered 200 but its `triggers` and `edges` were not stored (injected fault). */
  graphDropped: boolean;
}

/** The log itself: entries oldest first, in one array that stays the same across reads. */
export class RequestLog {
  private readonly log: RequestLogEntry[] = [];

  get entries(): readonly RequestLogEntry[] {
    return this.log;
  }

  add(entry: RequestLogEntry): void {
    this.log.push(entry);
  }

  clear(): void {
    this.log.length = 0;
  }
}

export function requestLogMiddleware(log: RequestLog): Middleware {
  return async (exchange, next) => {
    let outcome: Outcome;
    try {
      outcome = await next();
    } catch (error) {
      log.add(entryOf(exchange, asApiError(error).status, false));
      throw error;
    }
    // An abandoned request (the client or the server went away first) was never answered: nothing to log.
    if (outcome !== "abandoned") log.add(entryOf(exchange, outcome.status, outcome.dropConnection === true));
    return outcome;
  };
}

function entryOf(exchange: Exchange, status: number, connectionDropped: boolean): RequestLogEntry {
  const url = setBefore(exchange, "url");
  return {
    method: exchange.request.method ?? "GET",
    path: url.pathname,
    query: queryRecord(url.searchParams),
    status,
    ...(exchange.caller && { orgId: exchange.caller.orgId, clientId: exchange.caller.clientId }),
    at: exchange.receivedAt,
    answeredAt: new Date(),
    connectionDropped,
    graphDropped: exchange.dropWrittenGraph === true && status === 200,
  };
}

function queryRecord(query: URLSearchParams): Record<string, string> {
  const record: Record<string, string> = {};
  for (const key of new Set(query.keys())) record[key] = query.getAll(key).join(",");
  return record;
}
