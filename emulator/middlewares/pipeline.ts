// The emulator's request pipeline: what a middleware is, the request it works on (the exchange), and how
// middlewares are composed, each one concern wrapped around the ones after it (Azurite's shape).

import * as http from "node:http";
import { SignedTransfer } from "../architect/ArchitectJobs";
import { HandlerResult } from "../http/requestContext";
import { RouteResolution } from "../routes";

/** One request on its way through the middlewares; each field is set by the middleware named beside it. */
export interface Exchange {
  readonly request: http.IncomingMessage;
  readonly response: http.ServerResponse;
  /** When the request arrived, before any body was read or latency added. */
  readonly receivedAt: Date;
  /** correlationId: the `inin-correlation-id` of the response, and the `contextId` of its error. */
  correlationId?: string;
  /** requestTarget: the parsed request target. */
  url?: URL;
  /** routing: the endpoint and what it needs, or why there is none. */
  route?: RouteResolution;
  /** requestBody: the raw body, within the size limit (empty for a file over it). */
  body?: Buffer;
  /** requestBody: the size of a file body over `maxUploadBytes`, which was not kept. */
  fileTooLargeBytes?: number;
  /** authentication: the org and client of the bearer token, or of the job behind a signed URL. */
  caller?: { orgId: string; clientId: string };
  /** authentication: what the token of a signed URL opens. */
  signedTransfer?: SignedTransfer;
  /** faults: store this write without its `triggers` and `edges`, yet answer it as a success. */
  dropWrittenGraph?: boolean;
}

/** What the pipeline ends in: a result to write, or nothing, when the connection is cut unanswered. */
export type Outcome = HandlerResult | "abandoned";

export type Middleware = (exchange: Exchange, next: () => Promise<Outcome>) => Promise<Outcome>;

/** The middlewares as one function, the first outermost; the last must answer rather than call `next`. */
export function composeMiddlewares(middlewares: readonly Middleware[]): (exchange: Exchange) => Promise<Outcome> {
  const run = (exchange: Exchange, index: number): Promise<Outcome> => {
    const middleware = middlewares[index];
    if (!middleware) throw new Error("the last middleware called next; it must answer the request");
    return middleware(exchange, () => run(exchange, index + 1));
  };
  return (exchange) => run(exchange, 0);
}

/** A field an earlier middleware sets; throws when the middlewares are composed in the wrong order. */
export function setBefore<K extends keyof Exchange>(exchange: Exchange, field: K): NonNullable<Exchange[K]> {
  const value = exchange[field];
  if (value === undefined || value === null) throw new Error(`middleware order: exchange.${String(field)} is not set yet`);
  return value as NonNullable<Exchange[K]>;
}
