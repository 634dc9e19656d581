// Applies the per-client limit (`rateLimitPerMinute`) to the routes that count against it: a request
// over the limit gets 429 with Retry-After before it is handled.

import { Middleware, setBefore } from "./pipeline";
import { RateLimiter } from "./RateLimiter";

export function rateLimitMiddleware(limiter: RateLimiter, limitPerMinute: () => number): Middleware {
  return (exchange, next) => {
    if (setBefore(exchange, "route").needs.rateLimit) {
      limiter.admit(setBefore(exchange, "caller").clientId, limitPerMinute());
    }
    return next();
  };
}
