// Reads the request body up to the size limit of its route: `maxBodyBytes` for API requests (a larger body
// gets 400), `maxUploadBytes` for a file uploaded to a signed URL (a larger one reaches the handler as its
// size only, for the job to fail). A client that goes away before sending all of it leaves the request
// abandoned.

import { GenesysErrorFactory } from "../errors/GenesysErrorFactory";
import { BodyReadResult, readBody } from "../http/readBody";
import { Middleware, setBefore } from "./pipeline";

export function requestBodyMiddleware(limits: { maxBodyBytes: number; maxUploadBytes: number }): Middleware {
  return async (exchange, next) => {
    const isFile = setBefore(exchange, "route").needs.fileBody;
    const maxBytes = isFile ? limits.maxUploadBytes : limits.maxBodyBytes;
    let bodyRead: BodyReadResult;
    try {
      bodyRead = await readBody(exchange.request, maxBytes);
    } catch {
      return "abandoned";
    }
    if (bodyRead.kind === "ok") {
      exchange.body = bodyRead.body;
    } else if (isFile) {
      exchange.body = Buffer.alloc(0);
      exchange.fileTooLargeBytes = bodyRead.receivedBytes;
    } else {
      throw GenesysErrorFactory.badRequest(`The request body has ${bodyRead.receivedBytes} bytes; the limit is ${maxBytes}.`);
    }
    return next();
  };
}
