// Applies the per-client limit (`rateLimitPerMinute`) to the routes that count against it: every answer
// carries the client's standing in `inin-ratelimit-*` headers, and a request over the limit gets 429 with
// Retry-After before it is handled.

import { RATE_LIMIT_HEADERS } from "../../wire/rateLimitHeaders";
import { GenesysErrorFactory } from "../errors/GenesysErrorFactory";
import { Middleware, setBefore } from "./pipeline";
import { RateLimiter } from "./RateLimiter";

export function rateLimitMiddleware(limiter: RateLimiter, limitPerMinute: () => number): Middleware {
  return (exchange, next) => {
    const limit = limitPerMinute();
    if (limit > 0 && setBefore(exchange, "route").needs.rateLimit) {
      const { admitted, standing } = limiter.admit(setBefore(exchange, "caller").clientId, limit);
      exchange.response.setHeader(RATE_LIMIT_HEADERS.allowed, String(standing.allowed));
      exchange.response.setHeader(RATE_LIMIT_HEADERS.count, String(standing.count));
      exchange.response.setHeader(RATE_LIMIT_HEADERS.reset, String(standing.resetSeconds));
      if (!admitted) throw GenesysErrorFactory.tooManyRequests(standing.resetSeconds);
    }
    return next();
  };
}
