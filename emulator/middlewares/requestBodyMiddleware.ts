// Reads the request body, up to the size limit (`maxBodyBytes`): a larger body gets 400, and a client
// that goes away before sending all of it leaves the request abandoned.

import { GenesysErrorFactory } from "../errors/GenesysErrorFactory";
import { BodyReadResult, readBody } from "../http/readBody";
import { Middleware } from "./pipeline";

export function requestBodyMiddleware(maxBodyBytes: number): Middleware {
  return async (exchange, next) => {
    let bodyRead: BodyReadResult;
    try {
      bodyRead = await readBody(exchange.request, maxBodyBytes);
    } catch {
      return "abandoned";
    }
    if (bodyRead.kind === "tooLarge") {
      throw GenesysErrorFactory.badRequest(`The request body has ${bodyRead.receivedBytes} bytes; the limit is ${maxBodyBytes}.`);
    }
    exchange.body = bodyRead.body;
    return next();
  };
}
