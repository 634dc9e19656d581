// `npm run demo`: the main job against the embedded emulator: the root program applied to its dev and
// prod orgs, then the wiring printed. It runs `pulumi up`; without the CLI it says how to install it and
// drives the same program through Pulumi's own provider host, the process `pulumi up` would start.

import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { DEMO_CLIENTS, startEmulator, RunningEmulator } from "../emulator";
import { Flow, isCallSubflowTrigger } from "../provider/flowModel";
import { predecessorsOf } from "../provider/graphEdits";
import { EMULATOR_HOST_ENVIRONMENT, LOOPBACK_WITHOUT_PROXY } from "../engineReplay/hostEnvironment";
import { declareProgram } from "../engineReplay/programDeclarations";
import { REPOSITORY_ROOT } from "../engineReplay/repositoryRoot";
import { Stack } from "../engineReplay/stack";

const stacks = ["dev", "prod"] as const;
/** The port Pulumi.dev.yaml and Pulumi.prod.yaml point genesys:apiUrl at. */
const configuredPort = 8080;

const installHelp = [
  "The Pulumi CLI is not installed here (no `pulumi` on PATH).",
  "Install it to run real stacks:",
  "  curl -fsSL https://get.pulumi.com | sh        # Linux, macOS",
  "  brew install pulumi/tap/pulumi                # macOS with Homebrew",
  "  choco install pulumi                          # Windows",
  "then run `npm run demo` again. Meanwhile this demo does the same job through Pulumi's provider host",
  "(the process `pulumi up` starts for this program's resources), without the CLI's state backend.",
].join("\n");

async function main(): Promise<void> {
  const port = parsePort(process.argv.slice(2));
  const emulator = await startEmulatorOn(port);
  try {
    console.log(`Embedded Genesys Cloud emulator at ${emulator.url} (orgs: ${emulator.orgIds().join(", ")})\n`);
    const pulumiCli = findOnPath("pulumi");
    if (!pulumiCli) console.log(`${installHelp}\n`);
    for (const stack of stacks) {
      const secret = DEMO_CLIENTS.find((client) => client.orgId === stack)!.clientSecret;
      console.log(`== ${stack}: ${pulumiCli ? "pulumi up" : "up, through Pulumi's provider host"}`);
      const ok = pulumiCli ? runPulumiUp(pulumiCli, stack, secret, emulator.url) : await runThroughProviderHost(stack, secret, emulator.url);
      if (!ok) {
        process.exitCode = 1;
        return;
      }
      console.log(describeWiring(emulator, stack));
    }
    console.log("Done: the same wiring in dev and prod, each with its own flow IDs.");
  } finally {
    await emulator.close();
  }
}

/** `--port N` (0: any free port); default the port the stack files name. */
function parsePort(args: string[]): number {
  const index = args.indexOf("--port");
  if (index === -1) return configuredPort;
  const port = Number(args[index + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("Expected `--port` to be followed by a port number from 0 to 65535.");
  return port;
}

async function startEmulatorOn(port: number): Promise<RunningEmulator> {
  try {
    return await startEmulator({ port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new Error(
        `port ${port} is in use (an \`npm run emulator\` left running?). Stop what listens there, or run ` +
          `\`npm run demo -- --port 0\` to use any free port.`,
      );
    }
    throw error;
  }
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * `pulumi up` with a local state backend inside the repository, so the user's own login is untouched.
 * On another port than the stack files name, `--config` points the stack at it (and records that there).
 */
function runPulumiUp(pulumiCli: string, stack: string, clientSecret: string, apiUrl: string): boolean {
  const stateDir = path.join(REPOSITORY_ROOT, ".pulumi-state");
  fs.mkdirSync(stateDir, { recursive: true });
  const env = {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "",
    GENESYS_CLIENT_SECRET: clientSecret,
    ...LOOPBACK_WITHOUT_PROXY,
  };
  const run = (args: string[]) => spawnSync(pulumiCli, args, { cwd: REPOSITORY_ROOT, env, stdio: "inherit" }).status === 0;
  const portOverride = new URL(apiUrl).port === String(configuredPort) ? [] : ["--config", `genesys:apiUrl=${apiUrl}`];
  return run(["stack", "select", stack, "--create", "--non-interactive"]) && run(["up", "--yes", "--non-interactive", "--stack", stack, ...portOverride]);
}

/** The program's declarations (run under Pulumi's mocks) applied through the real provider host. */
async function runThroughProviderHost(stack: string, clientSecret: string, apiUrl: string): Promise<boolean> {
  const { resources, providerConfig } = await declareProgram({ stack, configOverrides: { "genesys:apiUrl": apiUrl } });
  const host = new Stack({ config: { ...providerConfig, "genesys:clientSecret": clientSecret }, env: EMULATOR_HOST_ENVIRONMENT });
  const result = await host.up(resources);
  for (const step of result.steps) {
    console.log(`  ${step.ok ? "+" : "✖"} ${step.op} ${step.name}${step.error ? `: ${step.error}` : ""}`);
  }
  return result.ok;
}

/** One line per parent flow: which shared flows it calls, and after what. */
function describeWiring(emulator: RunningEmulator, org: string): string {
  const flows = emulator.flows(org);
  const nameOf = new Map(flows.map((flow: Flow) => [flow.id, flow.name]));
  const lines: string[] = [];
  for (const flow of flows) {
    for (const trigger of flow.triggers.filter(isCallSubflowTrigger)) {
      const after = predecessorsOf(flow, trigger.id).join(", ");
      lines.push(`  ${flow.name} (${flow.id}): ${after} -> ${trigger.id} calls '${nameOf.get(trigger.properties.flowId)}', version ${flow.version}`);
    }
  }
  return `${lines.sort().join("\n")}\n`;
}

main().catch((error: Error) => {
  console.error(`demo failed: ${error.message}`);
  process.exitCode = 1;
});
