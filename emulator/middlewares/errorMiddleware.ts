// Turns whatever a later middleware or handler throws into a Genesys Cloud error response; an error that
// is not an `ApiError` is a bug in the emulator, answered 500 and logged with its correlation ID.

import { asApiError } from "../errors/GenesysErrorFactory";
import { Middleware, setBefore } from "./pipeline";

export const errorMiddleware: Middleware = async (exchange, next) => {
  try {
    return await next();
  } catch (error) {
    const correlationId = setBefore(exchange, "correlationId");
    const apiError = asApiError(error);
    if (apiError !== error) console.error(`emulator: unexpected error (correlation id ${correlationId}):`, error);
    return { status: apiError.status, body: apiError.toBody(correlationId), headers: apiError.extras.headers };
  }
};
