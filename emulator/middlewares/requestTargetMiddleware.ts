// Parses the request target into a URL; a target that is no valid URL gets 400 before anything else
// (it is not even logged: there is no path to log).

import { GenesysErrorFactory } from "../errors/GenesysErrorFactory";
import { Middleware } from "./pipeline";

export const requestTargetMiddleware: Middleware = (exchange, next) => {
  try {
    exchange.url = new URL(exchange.request.url ?? "/", "http://emulator.invalid");
  } catch {
    throw GenesysErrorFactory.badRequest(`The request target '${exchange.request.url}' is not a valid URL.`);
  }
  return next();
};
