// Test helper: a real purecloud-platform-client-v2 connection to an emulator, configured the way
// DESIGN.md measured it must be (own ApiClient instance, no config reload, plain-HTTP gateway).

import platformClient = require("purecloud-platform-client-v2");
import type { RunningEmulator } from "../../emulator";

type ApiClient = typeof platformClient.ApiClient;

/**
 * The ArchitectApi methods these tests call (the SDK's typings do not export the class). Results are
 * `any` on purpose: tests assert on the wire shapes the emulator sends, whatever the typings claim.
 */
export interface ArchitectSdk {
  getFlows(opts?: Record<string, unknown>): Promise<any>;
  getFlow(flowId: string, opts?: Record<string, unknown>): Promise<any>;
  postFlows(body: unknown, opts?: Record<string, unknown>): Promise<any>;
  putFlow(flowId: string, body: unknown, opts?: Record<string, unknown>): Promise<any>;
  deleteFlow(flowId: string, opts?: Record<string, unknown>): Promise<any>;
  postFlowsActionsPublish(flow: string, opts?: Record<string, unknown>): Promise<any>;
  getArchitectDependencytrackingConsumingresources(id: string, objectType: string, opts?: Record<string, unknown>): Promise<any>;
}

const sdk = platformClient as unknown as { ApiClientClass: new () => ApiClient; ArchitectApi: new (client: ApiClient) => ArchitectSdk };

process.env.NO_PROXY = "127.0.0.1,localhost";
process.env.no_proxy = "127.0.0.1,localhost";

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

/** The extended response of a call that is expected to fail (extended responses must be on). */
export async function rejection(promise: Promise<unknown>): Promise<{ status: number; headers: Record<string, string>; body: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; headers: Record<string, string>; body: Record<string, unknown> };
  }
  throw new Error("expected the call to fail, but it succeeded");
}
