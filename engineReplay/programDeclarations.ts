// Runs the root Pulumi program (the compiled `main:` of Pulumi.yaml) under Pulumi's mocks with a stack's
// config from Pulumi.<stack>.yaml, and returns what it registers, `__provider` included, so the replay
// can feed the real provider host exactly what `pulumi up` would. Shared by tests and `npm run demo`.
import * as fs from "node:fs";
import { Module } from "node:module";
import * as path from "node:path";
import * as yaml from "js-yaml";
import type * as pulumiTypes from "@pulumi/pulumi";
import type { PropertyMap } from "./providerHost";
import { REPOSITORY_ROOT } from "./repositoryRoot";
import type { DeclaredResource } from "./stack";

/** What the engine answers for a registered resource: the ID and output properties the program sees. */
export interface RegisteredState {
  id: string;
  outputs: PropertyMap;
}

export interface DeclareProgramOptions {
  /** The stack whose `Pulumi.<stack>.yaml` supplies the config, e.g. "dev". */
  stack: string;
  /** Config set on top of the stack file, like `pulumi config set`; unqualified keys get the project's namespace. */
  configOverrides?: Record<string, string>;
  /** The Pulumi project directory. Default: this package's root, the root program's project. */
  projectDir?: string;
  /**
   * What the mock engine returns for each resource, e.g. the outputs a real `up` stored in state, so the
   * program's exports show real values. Default: ID `<name>-id` and the inputs echoed back as outputs.
   */
  registeredState?: (resource: DeclaredResource) => RegisteredState | undefined;
}

export interface DeclaredProgram {
  project: string;
  stack: string;
  /** Every resource the program registered, in registration order, inputs as the engine receives them. */
  resources: DeclaredResource[];
  /** The whole config the program ran with: fully qualified keys, object values JSON-encoded. */
  config: Record<string, string>;
  /** The `genesys:*` keys: what the provider's `configure` receives. */
  providerConfig: Record<string, string>;
  /** The program's exports (stack outputs), resolved. */
  outputs: Record<string, unknown>;
}

interface PulumiProject {
  dir: string;
  name: string;
  /** The program file the language host would run. */
  programFile: string;
}

/** Only one program runs at a time: Pulumi's runtime settings and config are process-wide. */
let queue: Promise<unknown> = Promise.resolve();

export function declareProgram(options: DeclareProgramOptions): Promise<DeclaredProgram> {
  const run = queue.then(() => runProgram(options));
  queue = run.catch(() => undefined);
  return run;
}

async function runProgram(options: DeclareProgramOptions): Promise<DeclaredProgram> {
  const project = readProject(options.projectDir ?? REPOSITORY_ROOT);
  const config = stackConfig(project, options.stack, options.configOverrides ?? {});

  const programRequire = nodeRequireFrom(project.programFile);
  const pulumi = programRequire.load("@pulumi/pulumi") as typeof pulumiTypes;
  // The program's own modules load afresh, so its module code runs again for every stack.
  const programDir = path.dirname(project.programFile) + path.sep;
  for (const cached of Object.keys(programRequire.cache)) {
    if (cached.startsWith(programDir)) delete programRequire.cache[cached];
  }

  const resources: DeclaredResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const resource: DeclaredResource = { name: args.name, type: args.type, inputs: args.inputs as PropertyMap };
        resources.push(resource);
        const registered = options.registeredState?.(resource);
        return { id: registered?.id ?? `${args.name}-id`, state: registered?.outputs ?? args.inputs };
      },
      call: (args) => {
        throw new Error(`the program invoked '${args.token}', which these mocks do not answer`);
      },
    },
    project.name,
    options.stack,
    false,
  );
  pulumi.runtime.setAllConfig(config);

  let programExports: Record<string, unknown>;
  try {
    programExports = programRequire.load(project.programFile) as Record<string, unknown>;
  } finally {
    // Lets every registration finish, as the language host does before the program exits, so nothing of
    // this run is still in flight when the next one starts.
    await pulumi.runtime.disconnect();
  }
  const outputs: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(programExports)) outputs[name] = await resolved(pulumi, value);

  const providerConfig = Object.fromEntries(Object.entries(config).filter(([key]) => key.startsWith("genesys:")));
  return { project: project.name, stack: options.stack, resources, config, providerConfig, outputs };
}

interface NodeModuleLoader {
  new (id: string): { filename: string; paths: string[]; require(id: string): unknown };
  _nodeModulePaths(dir: string): string[];
  _cache: Record<string, unknown>;
}

/**
 * Node's own loader as seen from `file`, so the program and these mocks share one @pulumi/pulumi and its
 * cache can be cleared. Not `createRequire`: under jest it returns jest's registry, whose cache ignores
 * deletion; jest's `Module` still extends Node's, whose `require` and `_cache` are the real ones.
 */
function nodeRequireFrom(file: string): { load(id: string): unknown; cache: Record<string, unknown> } {
  const NodeModule = Module as unknown as NodeModuleLoader;
  const anchor = new NodeModule(file);
  anchor.filename = file;
  anchor.paths = NodeModule._nodeModulePaths(path.dirname(file));
  return { load: (id) => anchor.require(id), cache: NodeModule._cache };
}

/** An export's value with every Output inside resolved (mocks outside preview leave nothing unknown). */
function resolved(pulumi: typeof pulumiTypes, value: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    (pulumi.output(value) as pulumiTypes.Output<unknown>).apply((plain) => {
      resolve(plain);
      return plain;
    });
  });
}

function readProject(dir: string): PulumiProject {
  const manifest = readYamlMap(path.join(dir, "Pulumi.yaml"));
  if (typeof manifest.name !== "string") throw new Error(`${path.join(dir, "Pulumi.yaml")} has no 'name'`);
  // Without `main`, the language host runs the directory's package (package.json `main`).
  const main = path.resolve(dir, typeof manifest.main === "string" ? manifest.main : ".");
  let programFile: string;
  try {
    programFile = require.resolve(main);
  } catch {
    throw new Error(`${main} (the program Pulumi.yaml names) is missing: run 'npm run build' in ${dir} first.`);
  }
  return { dir, name: manifest.name, programFile };
}

/** The config the CLI would hand the program for this stack: qualified keys, string values. */
function stackConfig(project: PulumiProject, stack: string, overrides: Record<string, string>): Record<string, string> {
  const file = path.join(project.dir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) throw new Error(`stack '${stack}' has no ${path.basename(file)} in ${project.dir}`);
  const declared = readYamlMap(file).config ?? {};
  if (typeof declared !== "object" || declared === null || Array.isArray(declared)) throw new Error(`${file}: 'config' is not a map`);

  const qualify = (key: string) => (key.includes(":") ? key : `${project.name}:${key}`);
  const qualifiedOverrides = Object.fromEntries(Object.entries(overrides).map(([key, value]) => [qualify(key), value]));
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(declared as Record<string, unknown>)) {
    const qualified = qualify(key);
    if (qualified in qualifiedOverrides) continue;
    if (isSecureValue(value)) {
      throw new Error(
        `${file}: '${qualified}' is encrypted and only the Pulumi CLI can decrypt it; ` +
          `give it as an override (or, for genesys:clientSecret, the GENESYS_CLIENT_SECRET environment variable).`,
      );
    }
    // As the language host passes config: strings as they are, anything else JSON-encoded.
    config[qualified] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { ...config, ...qualifiedOverrides };
}

function isSecureValue(value: unknown): boolean {
  return typeof value === "object" && value !== null && "secure" in value;
}

function readYamlMap(file: string): Record<string, unknown> {
  const parsed = yaml.load(fs.readFileSync(file, "utf8"));
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error(`${file} is not a YAML map`);
  return parsed as Record<string, unknown>;
}
