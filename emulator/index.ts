// Entry point of the embedded Genesys Cloud API emulator: `startEmulator(options)` starts one on
// 127.0.0.1 (a free port by default) and resolves to the running server with its test helpers.

import { EmulatorServer } from "./EmulatorServer";
import { EmulatorViews } from "./EmulatorViews";
import { RequestLog } from "./middlewares/requestLogMiddleware";
import { EmulatorOptions, resolveEmulatorOptions } from "./options";
import { FileEmulatorStore } from "./persistence/FileEmulatorStore";
import { IEmulatorStore } from "./persistence/IEmulatorStore";
import { MemoryEmulatorStore } from "./persistence/MemoryEmulatorStore";
import { createRandomSource } from "./random";
import { defaultSeed } from "./seed/defaultSeed";
import { stateFromSeed } from "./seed/seedState";

export type { EmulatorOptions, FaultSettings, ResolvedFaults } from "./options";
export type { EmulatorSeed } from "./seed/seedFormat";
export type { ArchitectFlowEntity, FlowFormat } from "./persistence/emulatorState";
export type { ArchitectJobRecord } from "./architect/ArchitectJobs";
export type { EmulatorStatus } from "./EmulatorServer";
export type { RequestLogEntry } from "./middlewares/requestLogMiddleware";
export { DEMO_CLIENTS, defaultSeed, authenticationSharedFlow, inboundFlow, type SeedFlow } from "./seed/defaultSeed";
export { architectAuthenticationModule, architectInboundFlow, minimalFlowYaml } from "./seed/architectSeedFlows";
export { loadSeedFile } from "./seed/loadSeedFile";

/** A started emulator: `url`, `host`, `port`, `close()`, its faults, plus the read-only views for tests (request log, flows, Architect YAML and jobs). */
export type RunningEmulator = Pick<EmulatorServer, "url" | "host" | "port" | "status" | "close" | "faults" | "setFaults" | "expireAllTokens"> &
  Pick<EmulatorViews, keyof EmulatorViews>;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveEmulatorOptions(options);
  const ids = createRandomSource(resolved.randomSeed);
  // A second stream for faults, so creating flows does not shift which requests fail.
  const faults = createRandomSource(resolved.randomSeed === undefined ? undefined : resolved.randomSeed ^ 0x5bd1e995);
  const initialState = () => stateFromSeed(resolved.seed ?? defaultSeed(resolved.flowFormat), ids, resolved.seed ? "seed" : "default seed", resolved.flowFormat);
  const store: IEmulatorStore = resolved.dataFile ? FileEmulatorStore.open(resolved.dataFile, initialState) : new MemoryEmulatorStore(initialState());
  const requestLog = new RequestLog();
  const server = new EmulatorServer(resolved, store, { ids, faults }, requestLog);
  await server.start();
  return runningEmulator(server, new EmulatorViews(store, requestLog, server.architectJobs));
}

/** The server and its views as one object; getters, so that address, status and faults stay current. */
function runningEmulator(server: EmulatorServer, views: EmulatorViews): RunningEmulator {
  return {
    get url() {
      return server.url;
    },
    get host() {
      return server.host;
    },
    get port() {
      return server.port;
    },
    get status() {
      return server.status;
    },
    get faults() {
      return server.faults;
    },
    close: () => server.close(),
    setFaults: (settings) => server.setFaults(settings),
    expireAllTokens: () => server.expireAllTokens(),
    get requestLog() {
      return views.requestLog;
    },
    clearRequestLog: () => views.clearRequestLog(),
    orgIds: () => views.orgIds(),
    flowFormat: (orgId) => views.flowFormat(orgId),
    flows: (orgId) => views.flows(orgId),
    getFlow: (orgId, flowId) => views.getFlow(orgId, flowId),
    findFlowByName: (orgId, name) => views.findFlowByName(orgId, name),
    publishedFlow: (orgId, flowId) => views.publishedFlow(orgId, flowId),
    architectFlows: (orgId) => views.architectFlows(orgId),
    getArchitectFlow: (orgId, flowId) => views.getArchitectFlow(orgId, flowId),
    findArchitectFlowByName: (orgId, name, type) => views.findArchitectFlowByName(orgId, name, type),
    flowYaml: (orgId, flowId, versionId) => views.flowYaml(orgId, flowId, versionId),
    flowVersionIds: (orgId, flowId) => views.flowVersionIds(orgId, flowId),
    architectJobs: (orgId) => views.architectJobs(orgId),
  };
}
