// The Genesys Cloud module's public face: nothing else in the project talks to Genesys Cloud.
// The provider uses `flowsGatewayFor`; the parts are exported for tests and benchmarks.

export * from "./connectionSettings";
export * from "./errors";
export * from "./flowEditor";
export * from "./flowsApi";
export * from "./flowsGateway";
export * from "./genesysConnection";
export * from "./retryPolicy";
