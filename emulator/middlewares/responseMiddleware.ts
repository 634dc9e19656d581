// Writes the pipeline's outcome to the client: the result as JSON, a file, or no body; or, for a request
// abandoned or a write whose answer is dropped on purpose, a cut connection instead of an answer.

import * as http from "node:http";
import { HandlerResult } from "../http/requestContext";
import { Middleware } from "./pipeline";

export const responseMiddleware: Middleware = async (exchange, next) => {
  const outcome = await next();
  if (outcome === "abandoned" || outcome.dropConnection) {
    exchange.request.socket.destroy();
  } else {
    writeResult(exchange.response, outcome);
  }
  return outcome;
};

function writeResult(response: http.ServerResponse, result: HandlerResult): void {
  for (const [name, value] of Object.entries(result.headers ?? {})) response.setHeader(name, value);
  if (result.file) {
    const { contentType, content, fileName } = result.file;
    response.writeHead(result.status, {
      "Content-Type": contentType,
      "Content-Length": content.byteLength,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    });
    response.end(content);
    return;
  }
  if (result.body === undefined) {
    response.writeHead(result.status).end();
    return;
  }
  const payload = JSON.stringify(result.body);
  response.writeHead(result.status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(payload) });
  response.end(payload);
}
