// Test fixture: an emulator on a free loopback port and connection settings for its demo `dev` org.

import { EmulatorOptions, RequestLogEntry, RunningEmulator, startEmulator } from "../../../emulator";
import { ConnectionSettings } from "../../../provider/genesys/connectionSettings";

export const DEV_SECRET = "dev-secret";

export function devSettings(emulator: RunningEmulator, overrides: Partial<ConnectionSettings> = {}): ConnectionSettings {
  return { clientId: "dev-client", clientSecret: DEV_SECRET, environment: "mypurecloud.com", apiUrl: emulator.url, ...overrides };
}

/** Starts an emulator before each test and closes it after; read `current()` inside tests. */
export function useEmulator(options: EmulatorOptions = {}): { current: () => RunningEmulator } {
  let emulator: RunningEmulator | undefined;
  beforeEach(async () => {
    emulator = await startEmulator({ randomSeed: 7, ...options });
  });
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  return {
    current: () => {
      if (!emulator) throw new Error("the emulator runs only inside a test");
      return emulator;
    },
  };
}

/** API requests the emulator saw (logins left out), optionally of one method. */
export function apiRequests(emulator: RunningEmulator, method?: string): RequestLogEntry[] {
  return emulator.requestLog.filter((entry) => entry.path.startsWith("/api/") && (method === undefined || entry.method === method));
}

export function flowIdByName(emulator: RunningEmulator, name: string): string {
  const flow = emulator.findFlowByName("dev", name);
  if (!flow) throw new Error(`the demo org has no flow '${name}'`);
  return flow.id;
}
