// `npm run demo`: the main job against the embedded emulator: the root program applied to its dev and
// prod orgs, then the wiring printed. It runs the real `pulumi up` (a `pulumi` on PATH, or the one
// `npm run pulumi-cli` built); without a CLI it says how to get one and drives the same program through
// Pulumi's own provider host, the process `pulumi up` would start.

import { DEMO_CLIENTS, startEmulator, RunningEmulator } from "../emulator";
import { Flow, isCallSubflowTrigger } from "../provider/flowModel";
import { predecessorsOf } from "../provider/flowFormats/graph/graphEdits";
import { EMULATOR_HOST_ENVIRONMENT } from "../engineReplay/hostEnvironment";
import { declareProgram } from "../engineReplay/programDeclarations";
import { Stack } from "../engineReplay/stack";
import { locatePulumiCli, type PulumiCli } from "../pulumiCli/locatePulumiCli";
import { PULUMI_CLI_VERSION } from "../pulumiCli/pulumiCliRelease";
import { RootProjectCopy } from "../pulumiCli/rootProjectCopy";

const stacks = ["dev", "prod"] as const;

const installHelp = [
  "No Pulumi CLI here: no `pulumi` on PATH and none built by `npm run pulumi-cli`.",
  "Get one to run real stacks:",
  `  npm run -s pulumi-cli                         # builds Pulumi ${PULUMI_CLI_VERSION} with Go (minutes, once)`,
  "  curl -fsSL https://get.pulumi.com | sh        # or Pulumi's installer: Linux, macOS",
  "  brew install pulumi/tap/pulumi                # macOS with Homebrew",
  "then run `npm run demo` again. Meanwhile this demo does the same job through Pulumi's provider host",
  "(the process `pulumi up` starts for this program's resources), without the CLI's state backend.",
].join("\n");

async function main(): Promise<void> {
  const port = parsePort(process.argv.slice(2));
  const emulator = await startEmulatorOn(port);
  try {
    console.log(`Embedded Genesys Cloud emulator at ${emulator.url} (orgs: ${emulator.orgIds().join(", ")})\n`);
    const pulumiCli = locatePulumiCli();
    const project = pulumiCli ? await RootProjectCopy.create({ cli: pulumiCli, apiUrl: emulator.url, stacks }) : undefined;
    if (pulumiCli) console.log(`Running ${describeCli(pulumiCli)} on a copy of the root project in ${project!.directory}\n`);
    else console.log(`${installHelp}\n`);
    try {
      for (const stack of stacks) {
        const secret = DEMO_CLIENTS.find((client) => client.orgId === stack)!.clientSecret;
        console.log(`== ${stack}: ${project ? "pulumi up" : "up, through Pulumi's provider host"}`);
        const ok = project ? await runPulumiUp(project, stack, secret) : await runThroughProviderHost(stack, secret, emulator.url);
        if (!ok) {
          process.exitCode = 1;
          return;
        }
        console.log(describeWiring(emulator, stack));
      }
    } finally {
      project?.remove();
    }
    console.log("Done: the same wiring in dev and prod, each with its own flow IDs.");
  } finally {
    await emulator.close();
  }
}

/** `--port N` for the emulator; by default any free port (the stacks are pointed at whichever it gets). */
function parsePort(args: string[]): number {
  const index = args.indexOf("--port");
  if (index === -1) return 0;
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
          `\`npm run demo\` without --port to use any free port.`,
      );
    }
    throw error;
  }
}

function describeCli(cli: PulumiCli): string {
  return cli.source === "path" ? `the pulumi on PATH (${cli.directory})` : `Pulumi ${PULUMI_CLI_VERSION} built by \`npm run pulumi-cli\``;
}

/** The real `pulumi up`, its display shown as it runs; the demo client's secret in the environment. */
async function runPulumiUp(project: RootProjectCopy, stack: string, clientSecret: string): Promise<boolean> {
  const result = await project.pulumi(["up", "--yes", "--non-interactive", "--stack", stack], { GENESYS_CLIENT_SECRET: clientSecret }, { echo: process.stdout });
  return result.status === 0;
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
