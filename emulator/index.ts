// Entry point of the embedded Genesys Cloud API emulator: `startEmulator(options)` starts one on
// 127.0.0.1 (a free port by default) and resolves to the running server with its test helpers.

import { EmulatorServer } from "./EmulatorServer";
import { EmulatorOptions, resolveEmulatorOptions } from "./options";
import { FileEmulatorStore } from "./persistence/FileEmulatorStore";
import { IEmulatorStore } from "./persistence/IEmulatorStore";
import { MemoryEmulatorStore } from "./persistence/MemoryEmulatorStore";
import { createRandomSource } from "./random";
import { defaultSeed } from "./seed/defaultSeed";
import { stateFromSeed } from "./seed/seedState";

export type { EmulatorOptions, FaultSettings, ResolvedFaults } from "./options";
export type { EmulatorSeed } from "./seed/seedFormat";
export type { RequestLogEntry, EmulatorStatus } from "./EmulatorServer";
export { DEMO_CLIENTS, defaultSeed, authenticationSharedFlow, inboundFlow, type SeedFlow } from "./seed/defaultSeed";
export { loadSeedFile } from "./seed/loadSeedFile";

/** A started emulator: `url`, `host`, `port`, `close()`, plus helpers for tests (request log, state views, faults). */
export type RunningEmulator = Pick<
  EmulatorServer,
  | "url"
  | "host"
  | "port"
  | "status"
  | "close"
  | "requestLog"
  | "clearRequestLog"
  | "faults"
  | "setFaults"
  | "expireAllTokens"
  | "orgIds"
  | "flows"
  | "getFlow"
  | "findFlowByName"
  | "publishedFlow"
>;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveEmulatorOptions(options);
  const ids = createRandomSource(resolved.randomSeed);
  // A second stream for faults, so creating flows does not shift which requests fail.
  const faults = createRandomSource(resolved.randomSeed === undefined ? undefined : resolved.randomSeed ^ 0x5bd1e995);
  const initialState = () => stateFromSeed(resolved.seed ?? defaultSeed(), ids, resolved.seed ? "seed" : "default seed");
  const store: IEmulatorStore = resolved.dataFile ? FileEmulatorStore.open(resolved.dataFile, initialState) : new MemoryEmulatorStore(initialState());
  const server = new EmulatorServer(resolved, store, { ids, faults });
  await server.start();
  return server;
}
