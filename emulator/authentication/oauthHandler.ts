// POST /oauth/token (client-credentials grant, HTTP Basic client authentication) and the bearer-token
// check every /api path goes through. Tokens are random, kept only as hashes, and expire.

import { randomBytes } from "node:crypto";
import { GenesysErrorFactory } from "../errors/GenesysErrorFactory";
import { HandlerContext, HandlerResult } from "../http/requestContext";
import { EmulatorState } from "../persistence/emulatorState";
import { hashesEqual, sha256Hex } from "./hashing";

export function issueToken(context: HandlerContext): HandlerResult {
  const credentials = basicCredentials(context.headers.authorization);
  const form = new URLSearchParams(context.rawBody.toString("utf8"));
  const grantType = form.get("grant_type");
  if (grantType !== "client_credentials") {
    throw GenesysErrorFactory.unsupportedGrantType(grantType);
  }
  const client = credentials && findClient(context.store.read(), credentials.clientId);
  if (!credentials || !client || !hashesEqual(client.secretSha256, sha256Hex(credentials.clientSecret))) {
    throw GenesysErrorFactory.invalidClientCredentials();
  }
  const accessToken = randomBytes(32).toString("base64url");
  const ttlSeconds = context.faults.tokenTtlSeconds;
  const nowMs = Date.now();
  context.store.update((state) => {
    state.tokens = state.tokens.filter((token) => token.expiresAtMs > nowMs);
    state.tokens.push({ tokenSha256: sha256Hex(accessToken), orgId: client.orgId, clientId: client.clientId, expiresAtMs: nowMs + ttlSeconds * 1000 });
  });
  return {
    status: 200,
    body: { access_token: accessToken, token_type: "bearer", expires_in: ttlSeconds },
    headers: { "Cache-Control": "no-store" },
  };
}

/** The org and client behind a request's bearer token, or the 401 to answer with. */
export function authenticate(state: EmulatorState, authorization: string | string[] | undefined): { orgId: string; clientId: string } {
  const match = typeof authorization === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (!match) throw GenesysErrorFactory.authenticationRequired();
  const tokenSha256 = sha256Hex(match[1]);
  const token = state.tokens.find((candidate) => candidate.tokenSha256 === tokenSha256);
  if (!token || token.expiresAtMs <= Date.now() || !state.orgs.some((org) => org.id === token.orgId)) {
    throw GenesysErrorFactory.invalidToken();
  }
  return { orgId: token.orgId, clientId: token.clientId };
}

function basicCredentials(authorization: string | string[] | undefined): { clientId: string; clientSecret: string } | undefined {
  const match = typeof authorization === "string" ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const separator = decoded.indexOf(":");
  if (separator <= 0) return undefined;
  return { clientId: decoded.slice(0, separator), clientSecret: decoded.slice(separator + 1) };
}

function findClient(state: EmulatorState, clientId: string): { orgId: string; clientId: string; secretSha256: string } | undefined {
  for (const org of state.orgs) {
    const client = org.clients.find((candidate) => candidate.clientId === clientId);
    if (client) return { orgId: org.id, ...client };
  }
  return undefined;
}
