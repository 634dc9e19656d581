// Finds the request's route in the route table, so the middlewares after it know what the endpoint
// needs. A request with no endpoint is refused only at dispatch, after the checks its path still needs.

import { resolveRoute } from "../routes";
import { Middleware, setBefore } from "./pipeline";

export const routingMiddleware: Middleware = (exchange, next) => {
  exchange.route = resolveRoute(exchange.request.method ?? "GET", setBefore(exchange, "url").pathname);
  return next();
};
