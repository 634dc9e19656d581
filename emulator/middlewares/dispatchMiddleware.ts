// The last middleware: answers a request with no endpoint with its 404, 405 or 400, and otherwise runs
// the endpoint's handler on what the middlewares before it gathered.

import { ArchitectJobs } from "../architect/ArchitectJobs";
import { IEmulatorStore } from "../persistence/IEmulatorStore";
import { ResolvedFaults } from "../options";
import { RandomSource } from "../random";
import { Middleware, setBefore } from "./pipeline";

export function dispatchMiddleware(dependencies: {
  store: IEmulatorStore;
  ids: RandomSource;
  faults: () => ResolvedFaults;
  architectJobs: ArchitectJobs;
  emulatorUrl: () => string;
  maxUploadBytes: number;
}): Middleware {
  return async (exchange) => {
    const route = setBefore(exchange, "route");
    if (route.kind === "refused") throw route.error;
    return route.endpoint.handler({
      query: setBefore(exchange, "url").searchParams,
      pathParams: route.pathParams,
      headers: exchange.request.headers,
      rawBody: setBefore(exchange, "body"),
      store: dependencies.store,
      random: dependencies.ids,
      faults: dependencies.faults(),
      caller: exchange.caller,
      dropWrittenGraph: exchange.dropWrittenGraph,
      architectJobs: dependencies.architectJobs,
      emulatorUrl: dependencies.emulatorUrl(),
      maxUploadBytes: dependencies.maxUploadBytes,
      fileTooLargeBytes: exchange.fileTooLargeBytes,
      signedTransfer: exchange.signedTransfer,
    });
  };
}
