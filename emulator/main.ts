// CLI of the embedded emulator (`npm run emulator`): parses flags, starts the server, prints its URL
// and clients, and closes it cleanly on SIGINT/SIGTERM. All behaviour lives in the server.

import { parseArgs } from "node:util";
import { DEMO_CLIENTS, loadSeedFile, RunningEmulator, startEmulator } from "./index";
import { EmulatorOptions } from "./options";
import { FLOW_FORMATS, FlowFormat } from "./persistence/emulatorState";

const USAGE = `Usage: node dist/emulator/main.js [options]

  --host HOST                   interface to bind (default 127.0.0.1)
  --port N                      port to bind; 0 picks a free one (default 0)
  --seed FILE                   JSON seed of orgs, clients and flows (default: demo dev and prod orgs)
  --data FILE                   load state from FILE if present; save it atomically after every change
  --token-ttl-seconds N         lifetime of issued tokens (default 86400)
  --latency-ms N                delay added to every request (default 0)
  --rate-limit-per-minute N     /api requests per client per minute; 0 is off (default 0)
  --error-rate R                share 0..1 of /api requests answered 500/503 (default 0)
  --dropped-write-rate R        share 0..1 of flow PUTs applied, then answered by a dropped connection (default 0)
  --throttled-rate R            share 0..1 of /api requests answered 429 with Retry-After (default 0)
  --throttle-retry-after-seconds N
                                Retry-After of those 429s, in seconds (default 1)
  --graph-dropped-on-write-rate R
                                share 0..1 of flow PUTs answered 200 with triggers and edges not stored (default 0)
  --random-seed N               seed for faults and generated IDs, for repeatable runs
  --max-body-bytes N            largest accepted request body (default 1048576)
  --flow-format graph|architect how the seeded orgs keep their flows: graph documents (default), or as
                                Architect does, Archy YAML moved by export and import jobs
  --job-latency-ms N            time an Architect export or import job takes (default 0: final at the first poll)
  --export-jobs-per-minute N    export jobs an org may register per sliding minute; 0 is off (default 0)
  --max-upload-bytes N          largest file an import job's upload URL accepts (default 2097152)
  -h, --help                    show this help
`;

function numberFlag(values: Record<string, string | boolean | undefined>, name: string): number | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (typeof text !== "string" || text.trim() === "" || !Number.isFinite(value)) {
    throw new Error(`--${name} expects a number, got '${String(text)}'.`);
  }
  return value;
}

export function parseCommandLine(argv: string[]): EmulatorOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      host: { type: "string" },
      port: { type: "string" },
      seed: { type: "string" },
      data: { type: "string" },
      "token-ttl-seconds": { type: "string" },
      "latency-ms": { type: "string" },
      "rate-limit-per-minute": { type: "string" },
      "error-rate": { type: "string" },
      "dropped-write-rate": { type: "string" },
      "throttled-rate": { type: "string" },
      "throttle-retry-after-seconds": { type: "string" },
      "graph-dropped-on-write-rate": { type: "string" },
      "random-seed": { type: "string" },
      "max-body-bytes": { type: "string" },
      "flow-format": { type: "string" },
      "job-latency-ms": { type: "string" },
      "export-jobs-per-minute": { type: "string" },
      "max-upload-bytes": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  return {
    host: values.host,
    port: numberFlag(values, "port"),
    seed: values.seed === undefined ? undefined : loadSeedFile(values.seed),
    dataFile: values.data,
    tokenTtlSeconds: numberFlag(values, "token-ttl-seconds"),
    latencyMs: numberFlag(values, "latency-ms"),
    rateLimitPerMinute: numberFlag(values, "rate-limit-per-minute"),
    errorRate: numberFlag(values, "error-rate"),
    droppedWriteRate: numberFlag(values, "dropped-write-rate"),
    throttledRate: numberFlag(values, "throttled-rate"),
    throttleRetryAfterSeconds: numberFlag(values, "throttle-retry-after-seconds"),
    graphDroppedOnWriteRate: numberFlag(values, "graph-dropped-on-write-rate"),
    randomSeed: numberFlag(values, "random-seed"),
    maxBodyBytes: numberFlag(values, "max-body-bytes"),
    flowFormat: flowFormatFlag(values["flow-format"]),
    jobLatencyMs: numberFlag(values, "job-latency-ms"),
    exportJobsPerMinute: numberFlag(values, "export-jobs-per-minute"),
    maxUploadBytes: numberFlag(values, "max-upload-bytes"),
  };
}

function flowFormatFlag(text: string | boolean | undefined): FlowFormat | undefined {
  if (text === undefined) return undefined;
  if (!FLOW_FORMATS.includes(text as FlowFormat)) throw new Error(`--flow-format expects ${FLOW_FORMATS.join(" or ")}, got '${String(text)}'.`);
  return text as FlowFormat;
}

function describe(emulator: RunningEmulator, options: EmulatorOptions): string {
  const lines = [`Genesys Cloud emulator listening on ${emulator.url}`];
  lines.push(`  point the SDK at it with setGateway({ protocol: "http", host: "${emulator.host}", port: ${emulator.port} }), or GENESYS_API_URL=${emulator.url}`);
  if (options.dataFile) lines.push(`  state is saved to ${options.dataFile}`);
  for (const orgId of emulator.orgIds()) {
    const architect = emulator.flowFormat(orgId) === "architect";
    const flowNames = (architect ? emulator.architectFlows(orgId) : emulator.flows(orgId)).map((flow) => flow.name);
    lines.push(`  org ${orgId}${architect ? " (Architect: Archy YAML through export and import jobs)" : ""}: ${flowNames.length} flows (${flowNames.join(", ")})`);
  }
  // The demo credentials are public (documented in the README); a user's own seed secrets are never printed.
  if (!options.seed) {
    for (const client of DEMO_CLIENTS.filter((demo) => emulator.orgIds().includes(demo.orgId))) {
      lines.push(`  demo client for org ${client.orgId}: GENESYS_CLIENT_ID=${client.clientId} GENESYS_CLIENT_SECRET=${client.clientSecret}`);
    }
  }
  lines.push("Press Ctrl+C to stop.");
  return lines.join("\n");
}

async function main(): Promise<void> {
  let options: EmulatorOptions | "help";
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options === "help") {
    process.stdout.write(USAGE);
    return;
  }
  const emulator = await startEmulator(options);
  process.stdout.write(`${describe(emulator, options)}\n`);
  const stop = (signal: NodeJS.Signals) => {
    process.stdout.write(`Received ${signal}; closing.\n`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Failed to close cleanly: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`The emulator failed to start: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
