// What the provider's bundle gets for `require("purecloud-platform-client-v2")`: the two SDK classes the
// provider uses (`SdkModule` in provider/genesys/genesysConnection.ts), from the SDK's own ES module
// sources, unmodified. The package's main entry is one 3.9 MB file with every API class, which the host
// would compile on every command; these two pull in about 300 KB. Export here any SDK class the
// provider starts to use: the bundle fails the host-driven tests until it does.
export { default as ApiClientClass } from "purecloud-platform-client-v2/src/purecloud-platform-client-v2/ApiClient.js";
export { default as ArchitectApi } from "purecloud-platform-client-v2/src/purecloud-platform-client-v2/api/ArchitectApi.js";
