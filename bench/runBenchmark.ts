// `npm run bench`: runs both strategies over the planned configurations, prints the results and the
// targets, and writes them with the command and the machine to bench/RESULTS.md.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BenchOptions, parallelismOf, parseBenchArgs, planConfigs, PlannedConfig, USAGE } from "./benchOptions";
import { ConfigResult, configLabel, formatBreakdownTable, formatFlowFormatTable, formatResultsTable, formatRunNotes, strategiesRun } from "./benchReport";
import { HOST_START_SAMPLES, runScenario } from "./benchScenario";
import type { StrategyRun } from "./deploymentStrategy";
import { ARCHITECT_CONFIGS, checkArchitectTargets, checkTargets, formatTargets, HEADLINE_CONFIG, isHeadlineShape, SCALE_CONFIGS, UNAVOIDABLE_ROUND_TRIPS } from "./benchTargets";
import { flowFormatOf } from "./benchOrg";
import { LOOPBACK_WITHOUT_PROXY } from "../engineReplay/hostEnvironment";
import { REPOSITORY_ROOT } from "../engineReplay/repositoryRoot";
import { locatePulumiCli } from "../pulumiCli/locatePulumiCli";
import { engineSectionOf, EnginePhaseResult, formatEngineTable, runEngineComparison, withEngineSection } from "./cliEngineRun";
import { serializedProvider } from "./pulumiStrategy";
import { defaultParallelism } from "../engineReplay/parallel";

const DEFAULT_PARALLELISM = defaultParallelism();
import { TUTORIAL_LIST_PAGE_SIZE, TUTORIAL_PUT_ATTEMPTS } from "./tutorialStrategy";

async function main(argv: string[]): Promise<void> {
  if (argv.includes("--help")) {
    console.log(USAGE);
    return;
  }
  const options = parseBenchArgs(argv);
  // The tutorial's SDK clients and the outside writer talk to the emulator from this process.
  Object.assign(process.env, LOOPBACK_WITHOUT_PROXY);
  const { planned, skipped } = planConfigs(options);
  for (const reason of skipped) console.error(`skipped ${reason}`);
  const providerText = await serializedProvider();
  if (options.engine === "cli") {
    await runCliEngine(planned, options, providerText, argv);
    return;
  }
  const startedAt = Date.now();
  const results: ConfigResult[] = [];
  for (const plan of planned) results.push(await runConfig(plan, options, providerText));
  const totalSeconds = (Date.now() - startedAt) / 1000;

  const checks = [...checkTargets(results), ...checkArchitectTargets(results)];
  // The tutorial's script only exists for the graph format: the Architect format has a table of its own.
  const table = formatResultsTable(results.filter((result) => strategiesRun(result).includes("tutorial")));
  const flowFormatTable = results.some((result) => flowFormatOf(result.config) === "architect") ? formatFlowFormatTable(results) : undefined;
  console.log(`\n${table}${flowFormatTable ? `\n\n${flowFormatTable}` : ""}\n\nTargets:\n${formatTargets(checks)}\n\n(${totalSeconds.toFixed(0)} s)`);

  const report = renderReport({ options, argv, results, skipped, totalSeconds, table, flowFormatTable, targets: formatTargets(checks) });
  const outPath = path.resolve(REPOSITORY_ROOT, options.outFile);
  // The real CLI's section (`--engine cli`) stays: this run measures the replay and the tutorial only.
  const cliSection = fs.existsSync(outPath) ? engineSectionOf(fs.readFileSync(outPath, "utf8")) : undefined;
  fs.writeFileSync(outPath, cliSection ? withEngineSection(report, cliSection) : report);
  console.log(`Wrote ${path.relative(process.cwd(), outPath) || outPath}`);
}

async function runConfig(plan: PlannedConfig, options: BenchOptions, providerText: string): Promise<ConfigResult> {
  const runs: ConfigResult["runs"] = { pulumi: [], tutorial: [] };
  // The tutorial's script edits triggers and edges: it only exists for the graph format.
  const strategies = flowFormatOf(plan.config) === "architect" ? (["pulumi"] as const) : (["pulumi", "tutorial"] as const);
  for (let run = 1; run <= plan.runs; run++) {
    for (const strategy of strategies) {
      const measured: StrategyRun = await runScenario(plan.config, {
        strategy,
        providerText,
        parallelism: parallelismOf(plan.config),
        rateLimitPerMinute: plan.config.rateLimitPerMinute ?? options.rateLimitPerMinute,
        // Only where the wall-time target is judged: the headline at its latency.
        engineBaseline: isHeadlineShape(plan.config) && plan.config.latencyMs === HEADLINE_CONFIG.latencyMs,
      });
      runs[strategy].push(measured);
      const summary = measured.phases.map((p) => `${p.phase} ${p.requests.total} req ${p.wallMs.toFixed(0)} ms`).join("; ");
      console.error(`${configLabel(plan.config)} run ${run}/${plan.runs} ${strategy}: ${summary}`);
    }
  }
  return { config: plan.config, runs };
}

/** The real CLI beside the replay; its section of the report replaces the previous one, the rest stays. */
async function runCliEngine(planned: readonly PlannedConfig[], options: BenchOptions, providerText: string, argv: readonly string[]): Promise<void> {
  const cli = locatePulumiCli();
  if (!cli) throw new Error("--engine cli needs a Pulumi CLI: run `npm run -s pulumi-cli` to build one, or put pulumi on PATH.");
  const results: EnginePhaseResult[] = [];
  for (const plan of planned) {
    for (let run = 1; run <= (options.runs ?? 1); run++) {
      results.push(
        ...(await runEngineComparison(plan, {
          cli,
          providerText,
          parallelism: parallelismOf(plan.config),
          rateLimitPerMinute: plan.config.rateLimitPerMinute ?? options.rateLimitPerMinute,
          log: (line) => console.error(line),
        })),
      );
    }
  }
  const table = formatEngineTable(results);
  console.log(`\n${table}`);
  const section = [
    "## The real Pulumi CLI beside the engine replay",
    "",
    `\`${commandLine(argv)}\` on ${machineDescription()}, \`--parallel ${options.parallelisms.join(",")}\` for both engines${options.scale ? " (the scale configurations: their own)" : ""}. The CLI runs the root`,
    "program (its stack config holding the same attachments) on a copy of the root project, `pulumi up --skip-preview` and",
    "`pulumi destroy --skip-preview` (a preview of new resources makes no API call), `pulumi preview` as it is. Wall time",
    "split: *CLI + language host start* is spawn to the program's process start; *program* is program start to the provider",
    "host's start (loading, declaring, the engine's checks); *API* is time with a request in flight (emulator log);",
    "*provider* is the rest up to the last answer; *finish* is the last answer to the CLI's exit.",
    "",
    table,
  ].join("\n");
  const outPath = path.resolve(REPOSITORY_ROOT, options.outFile);
  const existing = fs.existsSync(outPath) ? fs.readFileSync(outPath, "utf8") : "";
  fs.writeFileSync(outPath, withEngineSection(existing, section));
  console.log(`Wrote the engine comparison into ${path.relative(process.cwd(), outPath) || outPath}`);
}

function commandLine(argv: readonly string[]): string {
  const args = argv.join(" ");
  if (process.env.npm_lifecycle_event === "bench") return `npm run bench${args ? ` -- ${args}` : ""}`;
  return `node ${path.relative(REPOSITORY_ROOT, process.argv[1])}${args ? ` ${args}` : ""}`;
}

function machineDescription(): string {
  const cpus = os.cpus();
  const memoryGiB = os.totalmem() / 1024 ** 3;
  return `Node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${memoryGiB.toFixed(1)} GiB memory, ${os.type()} ${os.release()} (${os.arch()})`;
}

function renderReport(input: {
  options: BenchOptions;
  argv: readonly string[];
  results: readonly ConfigResult[];
  skipped: readonly string[];
  totalSeconds: number;
  table: string;
  /** The Architect format beside the tutorial's, when the run measured it. */
  flowFormatTable?: string;
  targets: string;
}): string {
  const { options, results } = input;
  const rateLimit = options.rateLimitPerMinute > 0 ? `${options.rateLimitPerMinute} requests per client per minute` : "off (so 429s cannot occur; the request counts show how much of an org's limit each strategy would use)";
  return `# Benchmark: SubflowAttachment vs the tutorial's strategy

Generated by \`${commandLine(input.argv)}\` on ${new Date().toISOString().slice(0, 10)}, in ${input.totalSeconds.toFixed(0)} s.
Machine: ${machineDescription()}.

## What runs

- **Org** (embedded emulator, a fresh one per strategy and run, \`latencyMs\` added to every request
  including login; rate limit ${rateLimit}, unless the *setup* column says \`limit\`): M parent \`inboundcall\` flows (start → welcome prompt →
  queue transfer → end) and one \`commonmodule\` shared flow with an \`inputSchema\` and an \`outputSchema\`;
  where the *setup* column says \`T=…\`, T − M more inbound flows that no attachment touches (T: the org's inbound flows).
- **Program**: N attachments with \`arguments\` and \`returnVariables\`, spread evenly over the M parents,
  trigger IDs unique per flow, declared ${options.order === "interleaved" ? "round-robin over the parents (neighbours hit different flows: the hardest case for coalescing, the easiest for a script that conflicts on one flow)" : "grouped by parent flow"}.
- **pulumi**: each attachment a \`SubflowAttachment\` (parent and shared flow by name), driven through the real
  Pulumi provider host by the engine replay (\`Stack\`), a fresh host per command as the CLI does, with the engine's schedule:
  Check and Diff one resource at a time (\`pulumi up\` in two processes: its preview, then the update), and up to P
  operations at once, as the *setup* column's \`--parallel P\` says: \`all\` is one per attachment (every operation at
  once, as when the first request and wall-time targets were set; they are judged there), ${DEFAULT_PARALLELISM} is \`pulumi up\`'s own
  default here (PULUMI_PARALLEL, else 4 × the CPUs). The host gets the org only from stack config. Flow listing is on
  (reads and lookups switch to listing flows once that is cheaper), except where the *setup* column says \`listing off\`
  (\`genesys:flowListing: off\`: one request per flow read and per name).
- **tutorial**: the tutorial's script with the real SDK (own \`ApiClientClass\`, \`live_reload_config=false\`,
  \`setGateway\`), one login per command, as many attachments at once as the Pulumi resource gets operations. Per attachment: list one page of
  ${TUTORIAL_LIST_PAGE_SIZE} flows (\`getFlows({pageSize:${TUTORIAL_LIST_PAGE_SIZE}})\`) and match the shared flow's name client-side, the same for
  the parent, GET the parent, add the trigger, PUT the whole flow; on 409 re-GET, re-apply, re-PUT at once,
  ${TUTORIAL_PUT_ATTEMPTS} attempts in all (the tutorial's \`retries = 3; for i in range(retries)\`); anything else, or a
  third 409, fails that attachment. One change to the tutorial's edges: it appends \`start→T\` and \`T→end\`,
  which gives an invalid graph in any flow that already has a start edge, so T is spliced in after \`start\`
  instead (the existing \`start\` edges move to leave T). A trigger already present gets its properties replaced.
- **Phases**: first up; no-change preview; an outsider (another client of the org) edits ⌈M/10⌉ parent
  flows — the first attachment of each is removed in the 1st, 3rd, … and its arguments changed in the
  2nd, 4th, … — then preview after drift; repairing up; destroy.
  The tutorial has no preview or destroy, so its closest honest equivalents are measured:
  *preview* = GET each attachment's parent flow and compare the trigger (what a script must do to see
  drift); *repairing up* = the same script run again for every attachment (it cannot tell which drifted);
  *destroy* = GET each attachment's parent and PUT it back with the trigger spliced out (same retries).
  Flow IDs found by its first up are remembered for preview and destroy, which spares it the name
  lookups there (generous to the baseline).
- **Scale configurations** (after the grid; \`--scale\` adds them to any run): ${SCALE_CONFIGS.map((config) => configLabel(config)).join("; ")}.
  They answer the issue's question for large contact centers: drift checks of hundreds of flows with the org's
  limit on, right after an up that used much of the window.
- **Architect configurations** (after the scale configurations in the default run; \`--flow-format architect\` runs any grid
  so): ${ARCHITECT_CONFIGS.map((config) => configLabel(config)).join("; ")}. An Architect org keeps the same flows as Archy
  YAML (the shared flow a common module declaring the input \`Common.callerPhone\` and the output
  \`Common.authenticationResult\`); reads are export jobs (register, poll, download the file), writes import jobs
  (register, upload the file, poll) that publish. The Pulumi resource alone runs there (the tutorial's script edits
  triggers and edges, which an Architect org does not have); its figures stand beside the same configuration on a graph
  org. The emulator's jobs end at once, so each needs one poll after the provider's first wait of 200 ms; a real org's
  jobs take seconds (how long is not known), each adding polls and its duration to the command. The outsider edits
  through import jobs too.
- **Limit of the tutorial's lookup**: it reads only the first ${TUTORIAL_LIST_PAGE_SIZE} flows (sorted by name). The grid's orgs
  hold at most M + 1 = 21 flows, so it always finds them; in an org with more than ${TUTORIAL_LIST_PAGE_SIZE} flows every
  attachment whose parent or shared flow sorts after the ${TUTORIAL_LIST_PAGE_SIZE}th fails with "not found in the first ${TUTORIAL_LIST_PAGE_SIZE}
  results" (test/bench/tutorialStrategy.test.ts shows it with 101 parents: the shared flow sorts last and
  every attachment fails), as it does at M=100 and M=200, where the shared flow is the 101st and the 201st. The Pulumi resource pages
  through every page of \`GET /api/v2/flows?name=\`, or lists every flow.

## Measures

- **requests**: the emulator's request log, cleared right before the command, so only the measured strategy
  is in it (logins included); per endpoint template in the last table. **409 / 429**: answers with that status.
- **failures**: pulumi = failed steps (+ steps skipped after a failure); tutorial = attachments it gave up on.
  **changes**: attachments created/updated/deleted (up, destroy) or reported as drifted (preview).
  **wired after** (last table): attachments present in the org with exactly the declared call after the phase.
- **wall ms**: around the command alone; for pulumi that includes starting and configuring its host
  (a fresh process per command), listed apart as *host start* (the fastest of ${HOST_START_SAMPLES} empty commands at the start of each
  run: spawn, gRPC, Configure, no API call; it does not include loading this project's code, which the first operation does).
- Figures are the median over the runs, with (min–max) when the runs differ; request breakdowns are from the first run.
- **engine's own time** (the headline at 20 ms, every operation at once): the same first up, timed right after the host starts, with a
  provider that does nothing (it answers every call at once, loads no code of ours and makes no request): the two
  host processes of \`pulumi up\`, every Check (in the preview and again in the update) and Create one after another
  as the engine's schedule has them. Under an engine replay that started one host and checked everything at once,
  the host's start was all of it. Beside it, the same up with a provider that loads our code (as the shell does at
  Configure) and does nothing else: the difference is what loading our code in the two processes costs.
- **Where the net time goes**: the first up net of the engine's own time, split per run into loading our code, time
  with a request in flight (the emulator's log) and the rest (our own work between the engine's calls, and the group
  commit's quiet before the writes); and the part no provider can avoid: ${UNAVOIDABLE_ROUND_TRIPS} round trips on the critical path (a login and the
  names in each of the two processes, which refusing a takeover needs before the engine moves on, and one write round).
- **Floor** for the wall-time target: two round trips per parent flow, one flow after the other:
  2 × M × latency (200 ms at M=5, 20 ms). Each run's engine's own time is subtracted from the same run's first up,
  and the median of those differences is compared; the first up minus the host's start alone is shown beside it. Were
  all flows written in parallel the floor would be 4 × latency (login, lookup, read, write); both are shown.
- Skipped: ${input.skipped.length === 0 ? "none" : input.skipped.join("; ")}.

## Targets

${input.targets}

## Results (p = pulumi, t = tutorial; ratios are tutorial ÷ pulumi)

${input.table}

${input.flowFormatTable ? `## The Architect format beside the tutorial's (pulumi): requests, jobs and wall time per command

*API requests* leave out the files moved through the jobs' signed URLs (the file host's, outside the org's limit), which
are the *downloads* and *uploads*; *job polls* are the state requests of export and import jobs until each ended;
*export jobs* and *import jobs* are the jobs the command registered (the emulator's job list). *wired after*: the
attachments each parent's YAML calls exactly as declared after the phase (first run). Figures are medians over the runs,
with (min–max) when they differ.

${input.flowFormatTable}

` : ""}## Runs

${formatRunNotes(results)}

## Requests by endpoint

${formatBreakdownTable(results)}
`;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exitCode = 1;
});
