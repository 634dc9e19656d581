// Spawns the real Pulumi dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) and talks to it over
// gRPC exactly as the Pulumi engine does, with one typed wrapper per provider RPC. The demo (without a
// Pulumi CLI), the benchmark and the scenario tests reach the provider through it, via stack.ts.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as structTypes from "google-protobuf/google/protobuf/struct_pb";
import * as provgrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provpb from "@pulumi/pulumi/proto/provider_pb";
import { REPOSITORY_ROOT } from "./repositoryRoot";

// The stubs were generated against the grpc-js and google-protobuf copies that @pulumi/pulumi resolves;
// another copy fails inside protobuf ("c.g is not a function"), so load them from pulumi's own location.
const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const grpc = pulumiRequire("@grpc/grpc-js") as typeof grpcTypes;
const { Struct } = pulumiRequire("google-protobuf/google/protobuf/struct_pb") as typeof structTypes;

/** Property bags as they cross the wire: JSON-like values (Struct cannot carry `undefined`). */
export type PropertyMap = Record<string, unknown>;

export interface ProviderHostOptions {
  /** The Pulumi project directory; the host runs there, as the CLI starts it. Default: this repository's root. */
  cwd?: string;
  /** Stack config passed to `Configure`, fully qualified keys (`genesys:clientId`); values in plain text. */
  config: Record<string, string>;
  /** Added to the test process's environment for the host; a key set to `undefined` is removed. */
  env?: Record<string, string | undefined>;
  /** How long to wait for the host to print its port. Default 30 s (first start compiles pulumi's modules). */
  startTimeoutMs?: number;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

/** What the engine learns from Diff: the host forwards only these three fields. */
export interface DiffOutcome {
  /** "unknown" when the provider's diff left `changes` unset; the engine then compares inputs itself. */
  changes: "some" | "none" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** A failed RPC. `message` is the provider's own error text (gRPC `details`); `code` 2 is UNKNOWN. */
export class HostRpcError extends Error {
  readonly method: string;
  readonly code: number;
  readonly details: string;

  constructor(options: { method: string; code: number; details: string }) {
    super(options.details);
    this.name = "HostRpcError";
    this.method = options.method;
    this.code = options.code;
    this.details = options.details;
  }
}

/**
 * Resolves the host script the way the CLI's `pulumi-resource-pulumi-nodejs` shim does:
 * `require.resolve('@pulumi/pulumi/cmd/dynamic-provider')` from the project directory.
 */
export function resolveHostScript(cwd: string): string {
  try {
    return require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [cwd] });
  } catch {
    throw new Error(
      `No @pulumi/pulumi is installed for the Pulumi project at ${cwd}; the CLI could not start its ` +
        `dynamic provider host there either. Run npm install in that directory.`,
    );
  }
}

/** A running host process with a connected gRPC client, already configured. */
export class ProviderHost {
  /** The host script that was started (resolved from `cwd`, like the CLI). */
  readonly hostScript: string;
  private readonly child: ChildProcess;
  private readonly client: provgrpc.ResourceProviderClient;
  private readonly logChunks: string[];
  private readonly exited: Promise<void>;

  private constructor(options: {
    hostScript: string;
    child: ChildProcess;
    client: provgrpc.ResourceProviderClient;
    logChunks: string[];
    exited: Promise<void>;
  }) {
    this.hostScript = options.hostScript;
    this.child = options.child;
    this.client = options.client;
    this.logChunks = options.logChunks;
    this.exited = options.exited;
  }

  /** Spawns the host in `cwd`, waits for its port, connects and sends `Configure` (which must come first). */
  static async start(options: ProviderHostOptions): Promise<ProviderHost> {
    const cwd = options.cwd ?? REPOSITORY_ROOT;
    const hostScript = resolveHostScript(cwd);
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [key, value] of Object.entries(options.env ?? {})) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    // The host only checks that an engine address is present; nothing calls back to it.
    const child = spawn(process.execPath, [hostScript, "127.0.0.1:0"], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const logChunks: string[] = [];
    const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => logChunks.push(chunk));

    let port: number;
    try {
      port = await readPort(child, logChunks, options.startTimeoutMs ?? 30_000);
    } catch (error) {
      child.kill();
      await exited;
      throw error;
    }
    const client = new provgrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const host = new ProviderHost({ hostScript, child, client, logChunks, exited });
    try {
      await host.configure(options.config);
    } catch (error) {
      await host.close();
      throw error;
    }
    return host;
  }

  /** Everything the host wrote after its port line, stdout and stderr interleaved as they arrived. */
  get log(): string {
    return this.logChunks.join("");
  }

  async check(request: { urn: string; olds: PropertyMap; news: PropertyMap }): Promise<{
    inputs: PropertyMap;
    failures: CheckFailure[];
  }> {
    const message = new provpb.CheckRequest();
    message.setUrn(request.urn);
    message.setOlds(toStruct(request.olds));
    message.setNews(toStruct(request.news));
    const response = await this.call<provpb.CheckRequest, provpb.CheckResponse>("check", message);
    return {
      inputs: fromStruct(response.getInputs()),
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** `olds` are the previous OUTPUTS (as the engine sends them); `news` what `check` returned. */
  async diff(request: { id: string; urn: string; olds: PropertyMap; news: PropertyMap; oldInputs?: PropertyMap }): Promise<DiffOutcome> {
    const message = new provpb.DiffRequest();
    message.setId(request.id);
    message.setUrn(request.urn);
    message.setOlds(toStruct(request.olds));
    message.setNews(toStruct(request.news));
    if (request.oldInputs) message.setOldInputs(toStruct(request.oldInputs));
    const response = await this.call<provpb.DiffRequest, provpb.DiffResponse>("diff", message);
    const changesByCode: Record<provpb.DiffResponse.DiffChanges, DiffOutcome["changes"]> = {
      [provpb.DiffResponse.DiffChanges.DIFF_UNKNOWN]: "unknown",
      [provpb.DiffResponse.DiffChanges.DIFF_NONE]: "none",
      [provpb.DiffResponse.DiffChanges.DIFF_SOME]: "some",
    };
    return {
      changes: changesByCode[response.getChanges()],
      replaces: response.getReplacesList(),
      deleteBeforeReplace: response.getDeletebeforereplace(),
    };
  }

  async create(request: { urn: string; properties: PropertyMap }): Promise<{ id: string; properties: PropertyMap }> {
    const message = new provpb.CreateRequest();
    message.setUrn(request.urn);
    message.setProperties(toStruct(request.properties));
    const response = await this.call<provpb.CreateRequest, provpb.CreateResponse>("create", message);
    return { id: response.getId(), properties: fromStruct(response.getProperties()) };
  }

  /** An empty `id` in the answer means the resource is gone. `inputs` only when the provider returned some. */
  async read(request: { id: string; urn: string; properties: PropertyMap; inputs?: PropertyMap }): Promise<{
    id: string;
    properties: PropertyMap;
    inputs?: PropertyMap;
  }> {
    const message = new provpb.ReadRequest();
    message.setId(request.id);
    message.setUrn(request.urn);
    message.setProperties(toStruct(request.properties));
    if (request.inputs) message.setInputs(toStruct(request.inputs));
    const response = await this.call<provpb.ReadRequest, provpb.ReadResponse>("read", message);
    const inputs = response.getInputs();
    return {
      id: response.getId(),
      properties: fromStruct(response.getProperties()),
      ...(inputs ? { inputs: fromStruct(inputs) } : {}),
    };
  }

  async update(request: { id: string; urn: string; olds: PropertyMap; news: PropertyMap; oldInputs?: PropertyMap }): Promise<{
    properties: PropertyMap;
  }> {
    const message = new provpb.UpdateRequest();
    message.setId(request.id);
    message.setUrn(request.urn);
    message.setOlds(toStruct(request.olds));
    message.setNews(toStruct(request.news));
    if (request.oldInputs) message.setOldInputs(toStruct(request.oldInputs));
    const response = await this.call<provpb.UpdateRequest, provpb.UpdateResponse>("update", message);
    return { properties: fromStruct(response.getProperties()) };
  }

  /** `properties` are the state OUTPUTS, whose `__provider` is the serialized provider that created them. */
  async delete(request: { id: string; urn: string; properties: PropertyMap; oldInputs?: PropertyMap }): Promise<void> {
    const message = new provpb.DeleteRequest();
    message.setId(request.id);
    message.setUrn(request.urn);
    message.setProperties(toStruct(request.properties));
    if (request.oldInputs) message.setOldInputs(toStruct(request.oldInputs));
    await this.call<provpb.DeleteRequest, unknown>("delete", message);
  }

  /** Disconnects and stops the host, then waits until its output is fully captured. */
  async close(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
    await this.exited;
  }

  private async configure(config: Record<string, string>): Promise<void> {
    const message = new provpb.ConfigureRequest();
    const variables = message.getVariablesMap();
    for (const [key, value] of Object.entries(config)) variables.set(key, value);
    message.setArgs(toStruct(config));
    // What the engine offers; the dynamic host answers acceptSecrets=false, so values stay plain text.
    message.setAcceptsecrets(true);
    message.setAcceptresources(true);
    await this.call<provpb.ConfigureRequest, provpb.ConfigureResponse>("configure", message);
  }

  private call<Request, Response>(method: string, request: Request): Promise<Response> {
    const stub = (this.client as unknown as Record<string, Function>)[method].bind(this.client) as (
      request: Request,
      callback: (error: grpcTypes.ServiceError | null, response: Response) => void,
    ) => void;
    return new Promise((resolve, reject) => {
      stub(request, (error, response) => {
        if (error) reject(new HostRpcError({ method, code: error.code, details: error.details }));
        else resolve(response);
      });
    });
  }
}

/** Reads stdout until the first line (the port); everything after it goes to the log. */
function readPort(child: ChildProcess, logChunks: string[], timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`The provider host did not start: ${reason}\n${logChunks.join("")}${buffered}`));
    };
    const timer = setTimeout(() => fail(`no port within ${timeoutMs} ms`), timeoutMs);
    child.once("close", (code) => fail(`it exited with code ${code}`));
    child.once("error", (error) => fail(error.message));
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      if (settled) {
        logChunks.push(chunk);
        return;
      }
      buffered += chunk;
      const newline = buffered.indexOf("\n");
      if (newline < 0) return;
      const port = Number(buffered.slice(0, newline).trim());
      const rest = buffered.slice(newline + 1);
      if (rest) logChunks.push(rest);
      if (!Number.isInteger(port) || port <= 0) {
        fail(`its first line was not a port: ${JSON.stringify(buffered.slice(0, newline))}`);
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve(port);
    });
  });
}

/**
 * The SDK drops `undefined` properties when it serializes a resource's inputs; Struct.fromJavaScript
 * would throw "Unexpected struct type" on them instead, so normalise through JSON first.
 */
function toStruct(properties: PropertyMap): structTypes.Struct {
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(properties)));
}

function fromStruct(struct: structTypes.Struct | undefined): PropertyMap {
  return (struct?.toJavaScript() ?? {}) as PropertyMap;
}
