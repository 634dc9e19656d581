// The Genesys Cloud module's public face: nothing else in the project talks to Genesys Cloud.
// The provider uses `genesysClientFor` (genesysClient.ts builds everything); the parts are exported for tests.

export * from "./connectionSettings";
export * from "./errors";
export * from "./flowEditor";
export * from "./flowsApi";
export * from "./genesysClient";
export * from "./genesysConnection";
export * from "./retryPolicy";
