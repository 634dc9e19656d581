// Checks the bearer token of every route that needs one (401 when missing, unknown or expired) and
// records the caller's org and client, which scope everything the handler sees.

import { authenticate } from "../authentication/oauthHandler";
import { IEmulatorStore } from "../persistence/IEmulatorStore";
import { Middleware, setBefore } from "./pipeline";

export function authenticationMiddleware(store: IEmulatorStore): Middleware {
  return (exchange, next) => {
    if (setBefore(exchange, "route").needs.authentication) {
      exchange.caller = authenticate(store.read(), exchange.request.headers.authorization);
    }
    return next();
  };
}
