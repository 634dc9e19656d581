// Checks what a route needs to know who is calling: the bearer token of an API route (401 when missing,
// unknown or expired), or the token of a signed URL (which must come without an Authorization header: a
// client that sends its bearer token to the file host is told so). Either way it records the caller's org
// and client, which scope everything the handler sees and what the request log says.

import { ArchitectJobs } from "../architect/ArchitectJobs";
import { authenticate } from "../authentication/oauthHandler";
import { GenesysErrorFactory } from "../errors/GenesysErrorFactory";
import { IEmulatorStore } from "../persistence/IEmulatorStore";
import { Middleware, setBefore } from "./pipeline";

export function authenticationMiddleware(store: IEmulatorStore, jobs: ArchitectJobs): Middleware {
  return (exchange, next) => {
    const route = setBefore(exchange, "route");
    if (route.needs.authentication === "bearer") {
      exchange.caller = authenticate(store.read(), exchange.request.headers.authorization);
    } else if (route.needs.authentication === "signedUrl" && route.kind === "endpoint") {
      if (exchange.request.headers.authorization !== undefined) throw GenesysErrorFactory.signedUrlWithAuthorization();
      const transfer = jobs.signedTransfer(route.pathParams[0]);
      if (!transfer) throw GenesysErrorFactory.signedUrlUnknown();
      if (transfer.kind === "download" && Date.now() >= transfer.expiresAtMs) throw GenesysErrorFactory.signedUrlExpired();
      exchange.signedTransfer = transfer;
      exchange.caller = { orgId: transfer.job.orgId, clientId: transfer.job.clientId };
    }
    return next();
  };
}
