// The environment a provider host (or the Pulumi CLI) gets when a stack points it at a local emulator:
// loopback kept away from any HTTP proxy, and the provider's own variables removed so that only the
// stack's config names the org.
import { CONNECTION_ENVIRONMENT_VARIABLES } from "../provider/genesys/connectionSettings";

/** axios honours http_proxy; requests to the emulator on 127.0.0.1 must not go through one. */
export const LOOPBACK_WITHOUT_PROXY: Readonly<Record<string, string>> = { NO_PROXY: "127.0.0.1,localhost", no_proxy: "127.0.0.1,localhost" };

/** For `StackOptions.env`: loopback without a proxy, and every `GENESYS_*` variable of this shell removed. */
export const EMULATOR_HOST_ENVIRONMENT: Readonly<Record<string, string | undefined>> = {
  ...LOOPBACK_WITHOUT_PROXY,
  ...Object.fromEntries(CONNECTION_ENVIRONMENT_VARIABLES.map((name) => [name, undefined])),
};
