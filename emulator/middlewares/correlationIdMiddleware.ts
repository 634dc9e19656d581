// Gives every request a correlation ID, sent back as `inin-correlation-id` on every response, errors
// included, where it is also the error body's `contextId`, as Genesys Cloud does.

import { randomUUID } from "node:crypto";
import { Middleware } from "./pipeline";

export const correlationIdMiddleware: Middleware = (exchange, next) => {
  exchange.correlationId = randomUUID();
  exchange.response.setHeader("inin-correlation-id", exchange.correlationId);
  return next();
};
