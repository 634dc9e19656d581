// Injects the configured faults into the routes open to them: throttling and 500/503 before any API
// request is handled; for flow writes, a graph not stored, and a dropped connection after the write.

import { GenesysErrorFactory } from "../errors/GenesysErrorFactory";
import { ResolvedFaults } from "../options";
import { RandomSource } from "../random";
import { Middleware, setBefore } from "./pipeline";

export function faultsMiddleware(faults: () => ResolvedFaults, random: RandomSource): Middleware {
  /**
   * Whether a fault with this share hits the current request, from the seeded fault stream. A share of 0
   * draws nothing, so turning one fault on does not change which requests another fault hits.
   */
  const draw = (rate: number) => rate > 0 && random.next() < rate;

  return async (exchange, next) => {
    const { needs } = setBefore(exchange, "route");
    const current = faults();
    if (needs.requestFaults) {
      // A service-side 429, unlike the per-client limiter: any request may get it, whoever sends it.
      if (draw(current.throttledRate)) throw GenesysErrorFactory.tooManyRequests(current.throttleRetryAfterSeconds);
      if (draw(current.errorRate)) throw GenesysErrorFactory.injectedFault(random.next() < 0.5 ? 500 : 503);
    }
    if (!needs.writeFaults) return next();
    exchange.dropWrittenGraph = draw(current.graphDroppedOnWriteRate);
    const outcome = await next();
    // Drawn after the write, from the fault stream (not the ID stream), so that it stays repeatable.
    if (outcome !== "abandoned" && outcome.status === 200) outcome.dropConnection = draw(current.droppedWriteRate);
    return outcome;
  };
}
