// Test support for the secrets tests: a loopback HTTP relay between the provider and the emulator that
// records every credential that crosses the wire (Basic and Bearer `Authorization` values, issued
// `access_token`s), so tests can search outputs, state, logs and errors for exactly those strings.
// It can also break the network the way the tests need: cut every API request, or strip its token.

import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface RelayFaults {
  /** Destroy the socket of every `/api` request (the login still passes), as a dropped connection does. */
  dropApiRequests?: boolean;
  /** Forward `/api` requests without their `Authorization` header, so the service refuses every token. */
  stripApiAuthorization?: boolean;
}

export class RecordingRelay {
  /** Every credential seen: `Authorization` header values and the tokens inside them, and issued access tokens. */
  readonly credentials = new Set<string>();
  faults: RelayFaults = {};
  private readonly server: http.Server;

  private constructor(private readonly target: URL) {
    this.server = http.createServer((request, response) => {
      this.relay(request, response).catch(() => response.destroy());
    });
  }

  static async start(targetUrl: string): Promise<RecordingRelay> {
    const relay = new RecordingRelay(new URL(targetUrl));
    await new Promise<void>((resolve) => relay.server.listen(0, "127.0.0.1", resolve));
    return relay;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async relay(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const body = await readAll(request);
    const authorization = request.headers.authorization;
    if (authorization) {
      this.credentials.add(authorization);
      this.credentials.add(authorization.replace(/^\S+\s+/, ""));
    }
    const isApi = (request.url ?? "").startsWith("/api/");
    if (isApi && this.faults.dropApiRequests) {
      request.socket.destroy();
      return;
    }
    const headers = { ...request.headers, host: this.target.host };
    if (isApi && this.faults.stripApiAuthorization) delete headers.authorization;
    const answer = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const forwarded = http.request({ host: this.target.hostname, port: this.target.port, method: request.method, path: request.url, headers }, (reply) => {
        readAll(reply).then((replyBody) => resolve({ status: reply.statusCode ?? 502, headers: reply.headers, body: replyBody }), reject);
      });
      forwarded.on("error", reject);
      forwarded.end(body);
    });
    if ((request.url ?? "").startsWith("/oauth/token") && answer.status === 200) {
      const token = (JSON.parse(answer.body.toString("utf8")) as { access_token?: string }).access_token;
      if (token) this.credentials.add(token);
    }
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
  }
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}
