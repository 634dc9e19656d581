// A real, unmodified purecloud-platform-client-v2 connection to a running emulator, configured the way
// the SDK needs for it (its own ApiClient instance, no config reload, plain-HTTP gateway). Loopback
// requests must not go through an HTTP proxy: set NO_PROXY=127.0.0.1,localhost where one is configured.

import platformClient = require("purecloud-platform-client-v2");
import type { RunningEmulator } from "./index";

type ApiClient = typeof platformClient.ApiClient;

/**
 * The ArchitectApi methods used against the emulator (the SDK's typings do not export the class). Results
 * are `any` on purpose: callers see the wire shapes the emulator sends, whatever the typings claim.
 */
export interface ArchitectSdk {
  getFlows(opts?: Record<string, unknown>): Promise<any>;
  getFlow(flowId: string, opts?: Record<string, unknown>): Promise<any>;
  postFlows(body: unknown, opts?: Record<string, unknown>): Promise<any>;
  putFlow(flowId: string, body: unknown, opts?: Record<string, unknown>): Promise<any>;
  deleteFlow(flowId: string, opts?: Record<string, unknown>): Promise<any>;
  postFlowsActionsPublish(flow: string, opts?: Record<string, unknown>): Promise<any>;
  getFlowVersion(flowId: string, versionId: string, opts?: Record<string, unknown>): Promise<any>;
  getFlowVersionConfiguration(flowId: string, versionId: string, opts?: Record<string, unknown>): Promise<any>;
  getArchitectDependencytrackingConsumingresources(id: string, objectType: string, opts?: Record<string, unknown>): Promise<any>;
  postFlowsExportJobs(body: unknown, opts?: Record<string, unknown>): Promise<any>;
  getFlowsExportJob(jobId: string, opts?: Record<string, unknown>): Promise<any>;
  postFlowsJobs(opts?: Record<string, unknown>): Promise<any>;
  getFlowsJob(jobId: string, opts?: Record<string, unknown>): Promise<any>;
  postFlowsActionsCheckout(flow: string, opts?: Record<string, unknown>): Promise<any>;
  postFlowsActionsCheckin(flow: string, opts?: Record<string, unknown>): Promise<any>;
  postFlowsActionsUnlock(flow: string, opts?: Record<string, unknown>): Promise<any>;
}

const sdk = platformClient as unknown as { ApiClientClass: new () => ApiClient; ArchitectApi: new (client: ApiClient) => ArchitectSdk };

export interface SdkConnection {
  client: ApiClient;
  architect: ArchitectSdk;
  /** Set once logged in; for the raw-HTTP requests the SDK cannot express. */
  accessToken?: string;
}

/** An SDK client pointed at `emulator`, not yet logged in; `extended` returns `{ status, headers, body }`. */
export function sdkFor(emulator: Pick<RunningEmulator, "host" | "port">, options: { extended?: boolean } = {}): SdkConnection {
  const client = new sdk.ApiClientClass();
  client.config.live_reload_config = false;
  client.setGateway({ protocol: "http", host: emulator.host, port: emulator.port });
  client.setReturnExtendedResponses(options.extended ?? false);
  return { client, architect: new sdk.ArchitectApi(client) };
}

/** An SDK client logged in with client credentials (default: the demo dev client). */
export async function loggedInSdk(
  emulator: Pick<RunningEmulator, "host" | "port">,
  options: { clientId?: string; clientSecret?: string; extended?: boolean } = {},
): Promise<SdkConnection> {
  const connection = sdkFor(emulator, options);
  const authData = await connection.client.loginClientCredentialsGrant(options.clientId ?? "dev-client", options.clientSecret ?? "dev-secret");
  return { ...connection, accessToken: authData.accessToken };
}
