// The headers in which Genesys Cloud reports a client's rate-limit window on every API answer: sent by the
// emulator, read by the provider. Names only; what each side does with them is its own.

export const RATE_LIMIT_HEADERS = {
  /** Requests the window allows. */
  allowed: "inin-ratelimit-allowed",
  /** Requests the window has counted so far, the answered one included. */
  count: "inin-ratelimit-count",
  /** Whole seconds until the window starts over. */
  reset: "inin-ratelimit-reset",
} as const;
