// Reads a request body up to a byte limit. A larger body is drained (so the client can read the 400)
// up to a hard cap, past which the connection is cut.

import { IncomingMessage } from "node:http";

export type BodyReadResult = { kind: "ok"; body: Buffer } | { kind: "tooLarge"; receivedBytes: number };

/** Beyond this many times the limit the client is not worth waiting for. */
const DRAIN_CAP_FACTOR = 16;

export function readBody(request: IncomingMessage, maxBytes: number): Promise<BodyReadResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let receivedBytes = 0;
    request.on("data", (chunk: Buffer) => {
      receivedBytes += chunk.length;
      if (receivedBytes <= maxBytes) {
        chunks.push(chunk);
      } else if (receivedBytes > maxBytes * DRAIN_CAP_FACTOR) {
        request.destroy();
      }
    });
    request.on("end", () => {
      resolve(receivedBytes <= maxBytes ? { kind: "ok", body: Buffer.concat(chunks) } : { kind: "tooLarge", receivedBytes });
    });
    request.on("error", reject);
    request.on("close", () => {
      if (!request.complete) reject(new Error("request aborted by the client"));
    });
  });
}
