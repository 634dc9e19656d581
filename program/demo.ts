// `npm run demo`: the main job against the embedded emulator: the root program applied to its dev and
// prod orgs, then the wiring printed; first on orgs of the tutorial's model, then, with the same program
// and stack config, on orgs that keep flows in Architect's format, where the call appears in the YAML. It
// runs the real `pulumi up` (a `pulumi` on PATH, or the one `npm run pulumi-cli` built); without a CLI it
// says how to get one and drives the same program through Pulumi's own provider host, the process
// `pulumi up` would start.

import { DEMO_CLIENTS, startEmulator, RunningEmulator, type FlowFormat } from "../emulator";
import { parseArchyFlow } from "../provider/flowFormats/architect/archyDocument";
import { FlowDocument } from "../provider/flowFormats/flowFormat";
import { callsOf } from "../provider/flowFormats/formats";
import { graphDocument } from "../provider/flowFormats/graph/graphFormat";
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

/** What each part of the demo shows: the tutorial's model, then a real org's format. */
const PARTS: ReadonlyArray<{ format: FlowFormat; title: string }> = [
  { format: "graph", title: "orgs of the tutorial's model (a flow's triggers and edges on the flow)" },
  { format: "architect", title: "orgs that keep flows in Architect's format, as a real Genesys Cloud org does (Archy YAML, moved by export and import jobs)" },
];

/** The flow whose YAML the Architect part shows before and after the call appears. */
const SHOWN_FLOW = "Sales Inbound";

async function main(): Promise<void> {
  const port = parsePort(process.argv.slice(2));
  const pulumiCli = locatePulumiCli();
  if (!pulumiCli) console.log(`${installHelp}\n`);
  for (const [index, part] of PARTS.entries()) {
    console.log(`#### ${index + 1}. The root program on ${part.title}\n`);
    // The port asked for goes to the first part's emulator; the next one takes any free port.
    if (!(await demoOn(part.format, index === 0 ? port : 0, pulumiCli))) {
      process.exitCode = 1;
      return;
    }
  }
  console.log("Done: the same wiring in dev and prod, each with its own flow IDs, in both flow formats, from one program and one stack config.");
}

/** Both stacks up on an emulator whose orgs speak `format`; false when a step failed. */
async function demoOn(format: FlowFormat, port: number, pulumiCli: PulumiCli | undefined): Promise<boolean> {
  const emulator = await startEmulatorOn(port, format);
  try {
    console.log(`Embedded Genesys Cloud emulator at ${emulator.url} (orgs: ${emulator.orgIds().join(", ")}, flow format: ${format})\n`);
    const project = pulumiCli ? await RootProjectCopy.create({ cli: pulumiCli, apiUrl: emulator.url, stacks }) : undefined;
    if (pulumiCli) console.log(`Running ${describeCli(pulumiCli)} on a copy of the root project in ${project!.directory}\n`);
    try {
      for (const stack of stacks) {
        const secret = DEMO_CLIENTS.find((client) => client.orgId === stack)!.clientSecret;
        const shownBefore = format === "architect" ? shownYaml(emulator, stack) : undefined;
        console.log(`== ${stack}: ${project ? "pulumi up" : "up, through Pulumi's provider host"}`);
        const ok = project ? await runPulumiUp(project, stack, secret) : await runThroughProviderHost(stack, secret, emulator.url);
        if (!ok) return false;
        console.log(describeWiring(emulator, stack));
        if (shownBefore !== undefined && stack === stacks[0]) {
          console.log(`${SHOWN_FLOW}'s YAML in ${stack}, as an export gives it (+: what the import added):\n${lineChanges(shownBefore, shownYaml(emulator, stack))}\n`);
        }
      }
    } finally {
      project?.remove();
    }
    return true;
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

async function startEmulatorOn(port: number, flowFormat: FlowFormat): Promise<RunningEmulator> {
  try {
    return await startEmulator({ port, flowFormat });
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

/** One line per call, in either format: which flow calls which shared flow, after what. */
function describeWiring(emulator: RunningEmulator, org: string): string {
  const flows = emulator.flowFormat(org) === "architect" ? emulator.architectFlows(org) : emulator.flows(org);
  const nameOf = new Map(flows.map((flow) => [flow.id, flow.name]));
  const lines: string[] = [];
  for (const flow of flows) {
    const document = documentOf(emulator, org, flow);
    for (const call of callsOf(document).all()) {
      // A graph names the shared flow by ID, Archy YAML by name.
      const shared = document.format === "graph" ? nameOf.get(call.sharedFlow ?? "") : call.sharedFlow;
      lines.push(`  ${flow.name} (${flow.id}): ${call.predecessors.join(", ")} -> ${call.triggerId} calls '${shared}'`);
    }
  }
  return `${lines.sort().join("\n")}\n`;
}

function documentOf(emulator: RunningEmulator, org: string, flow: { id: string; name: string }): FlowDocument {
  if (emulator.flowFormat(org) === "graph") return graphDocument(emulator.getFlow(org, flow.id)!);
  return { format: "architect", archy: parseArchyFlow(emulator.flowYaml(org, flow.id)!, flow) };
}

function shownYaml(emulator: RunningEmulator, org: string): string {
  return emulator.flowYaml(org, emulator.findArchitectFlowByName(org, SHOWN_FLOW)!.id)!;
}

/**
 * `after`'s lines, those not in `before` marked `+` (the longest common subsequence of lines is kept),
 * indented; a flow's YAML is a few dozen lines, so the quadratic table is small.
 */
function lineChanges(before: string, after: string): string {
  const [old, now] = [before.trimEnd().split("\n"), after.trimEnd().split("\n")];
  const common = Array.from({ length: old.length + 1 }, () => new Array<number>(now.length + 1).fill(0));
  for (let i = old.length - 1; i >= 0; i--) {
    for (let j = now.length - 1; j >= 0; j--) common[i][j] = old[i] === now[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
  }
  const lines: string[] = [];
  let [i, j] = [0, 0];
  while (j < now.length) {
    if (i < old.length && old[i] === now[j]) {
      lines.push(`    ${now[j]}`);
      i++;
      j++;
    } else if (i < old.length && common[i + 1][j] >= common[i][j + 1]) {
      lines.push(`  - ${old[i++]}`);
    } else {
      lines.push(`  + ${now[j++]}`);
    }
  }
  while (i < old.length) lines.push(`  - ${old[i++]}`);
  return lines.join("\n");
}

main().catch((error: Error) => {
  console.error(`demo failed: ${error.message}`);
  process.exitCode = 1;
});
