// Command-line flags of `npm run bench` and the plan they produce: which configurations (N, M, latency)
// run how many times. Defaults are resolved here, in one place.

import { defaultParallelism } from "../engineReplay/parallel";
import { FLOW_FORMAT_NAMES, type FlowFormatName } from "../provider/flowFormats/flowFormat";
import type { DeclarationOrder } from "./benchOrg";
import type { BenchConfig } from "./deploymentStrategy";
import { ARCHITECT_CONFIGS, HEADLINE_CONFIG, SCALE_CONFIGS } from "./benchTargets";

export interface BenchOptions {
  attachmentCounts: number[];
  parentFlowCounts: number[];
  latenciesMs: number[];
  /** Runs per configuration; undefined = defaultRuns(N). */
  runs?: number;
  order: DeclarationOrder;
  rateLimitPerMinute: number;
  /**
   * Operations in flight at once, for both strategies (`pulumi up --parallel`); "all": as many as
   * attachments. The grid runs once per value.
   */
  parallelisms: Array<number | "all">;
  /** The Pulumi resource with listing on (true), off (false), or each in turn. */
  listing: boolean[];
  /** T: inbound call flows in the org; undefined: M. */
  orgInboundFlowCount?: number;
  /** The formats the grid's orgs keep their flows in: the tutorial's graph, Architect's Archy YAML (Pulumi resource alone), or each in turn. */
  flowFormats: FlowFormatName[];
  /** Whether the scale configurations run too (SCALE_CONFIGS, with their own settings). */
  scale: boolean;
  /** Whether the Architect configurations run too (ARCHITECT_CONFIGS: the Architect format beside the tutorial's). */
  architect: boolean;
  /** What drives SubflowAttachment: the engine replay against the tutorial's script, or the real CLI beside the replay. */
  engine: "replay" | "cli";
  /** Where the Markdown report goes, relative to the repository root. */
  outFile: string;
  /** True when --n, --m or --latency was given: run exactly that grid. */
  explicitGrid: boolean;
}

export interface PlannedConfig {
  config: BenchConfig;
  runs: number;
}

export const USAGE = `Usage: npm run bench -- [--quick] [--n 10,50,200] [--m 1,5,20] [--latency 0,20] [--runs K]
                          [--order interleaved|grouped] [--rate-limit PER_MINUTE] [--parallel P|all[,...]] [--listing on|off|on,off]
                          [--org-flows T] [--flow-format graph|architect|graph,architect] [--scale] [--engine replay|cli]
                          [--out bench/RESULTS.md]
  --quick       N 10,50 × M 1,5 at 20 ms, every operation at once, one run each (about a minute), without the
                scale configurations
  --runs K      runs per configuration (default 3 for N ≤ 10, 2 for N ≤ 50, 1 above; 5 for N=50 M=5,
                whose median the wall-time target judges)
  --order       how the program declares attachments: round-robin over flows (default) or grouped by flow
  --rate-limit  the emulator's per-client request limit per minute (default 0: off)
  --parallel    operations in flight at once, like \`pulumi up --parallel\`; all: as many as attachments;
                a list runs the grid once per value. Default all (every operation at once, where the request
                and wall-time targets were set) and then pulumi up's own (PULUMI_PARALLEL or 4 × the CPUs);
                with --engine cli, pulumi up's own alone
  --listing     the Pulumi resource with flow listing on (default), off (genesys:flowListing off), or both
  --org-flows   inbound call flows in the org, the M parents among them (default M)
  --flow-format how the grid's orgs keep their flows: graph (the tutorial's model, default), architect (Archy YAML
                read by export jobs and written by import jobs; the Pulumi resource alone, as the tutorial's script
                only exists for the graph format), or graph,architect to run the grid in each, side by side.
                The default run adds the Architect configurations (N=50 M=5 at --parallel all and pulumi up's
                default, N=500 M=100 at --parallel all, each beside the graph format at 20 ms)
  --scale       also run the scale configurations (N=1000 M=200 at 20 ms with a 300/minute limit and
                --parallel all, listing on and off; 3 attachments in an org of 5,000 inbound flows);
                the default replay run includes them; --quick, a grid given by --n/--m/--latency and
                --engine cli do not
  --engine      replay (default): SubflowAttachment through the engine replay against the tutorial's script.
                cli: first up, no-change preview and destroy through the real Pulumi CLI beside the replay,
                each CLI command's wall time split into CLI start, program, provider, API and finish; writes
                its section of the report and leaves the rest. Needs a CLI (\`npm run -s pulumi-cli\`).
                Example: npm run bench -- --engine cli --n 50 --m 5 --latency 20`;

const DEFAULT_GRID = { attachmentCounts: [10, 50, 200], parentFlowCounts: [1, 5, 20], latenciesMs: [0, 20] };
const QUICK_GRID = { attachmentCounts: [10, 50], parentFlowCounts: [1, 5], latenciesMs: [20] };

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    ...DEFAULT_GRID,
    order: "interleaved",
    rateLimitPerMinute: 0,
    parallelisms: [],
    listing: [true],
    flowFormats: ["graph"],
    scale: false,
    architect: false,
    engine: "replay",
    outFile: "bench/RESULTS.md",
    explicitGrid: false,
  };
  let quick = false;
  let scale = false;
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${flag} needs a value.\n${USAGE}`);
      return next;
    };
    switch (flag) {
      case "--quick":
        quick = true;
        break;
      case "--n":
        options.attachmentCounts = integerList(flag, value(), 1);
        options.explicitGrid = true;
        break;
      case "--m":
        options.parentFlowCounts = integerList(flag, value(), 1);
        options.explicitGrid = true;
        break;
      case "--latency":
        options.latenciesMs = integerList(flag, value(), 0);
        options.explicitGrid = true;
        break;
      case "--runs":
        options.runs = integer(flag, value(), 1);
        break;
      case "--order": {
        const order = value();
        if (order !== "interleaved" && order !== "grouped") throw new Error(`Expected \`--order\` to be interleaved or grouped, got ${order}.`);
        options.order = order;
        break;
      }
      case "--rate-limit":
        options.rateLimitPerMinute = integer(flag, value(), 0);
        break;
      case "--parallel":
        options.parallelisms = parallelismList(flag, value());
        break;
      case "--listing":
        options.listing = onOffList(flag, value());
        break;
      case "--org-flows":
        options.orgInboundFlowCount = integer(flag, value(), 1);
        break;
      case "--flow-format":
        options.flowFormats = flowFormatList(flag, value());
        break;
      case "--scale":
        scale = true;
        break;
      case "--engine": {
        const engine = value();
        if (engine !== "replay" && engine !== "cli") throw new Error(`Expected \`--engine\` to be replay or cli, got ${engine}.`);
        options.engine = engine;
        break;
      }
      case "--out":
        options.outFile = value();
        break;
      default:
        throw new Error(`Unknown flag ${flag}.\n${USAGE}`);
    }
  }
  if (quick && !options.explicitGrid) {
    Object.assign(options, QUICK_GRID);
    options.runs ??= 1;
  }
  if (options.parallelisms.length === 0) {
    // The CLI's runs are slow, and --quick is a first look: each at one setting.
    if (options.engine === "cli") options.parallelisms = [defaultParallelism()];
    else options.parallelisms = quick && !options.explicitGrid ? ["all"] : ["all", defaultParallelism()];
  }
  // The scale configurations take the replay a quarter of an hour; the real CLI runs them only when asked.
  const fullRun = !quick && !options.explicitGrid && options.engine === "replay";
  options.scale = scale || fullRun;
  options.architect = fullRun;
  return options;
}

/** The configurations to run. N < M is skipped (some parents would get no attachment). */
export function planConfigs(options: BenchOptions): { planned: PlannedConfig[]; skipped: string[] } {
  const planned: PlannedConfig[] = [];
  const skipped: string[] = [];
  const shapes = options.latenciesMs.flatMap((latencyMs) =>
    options.attachmentCounts.flatMap((attachmentCount) => options.parentFlowCounts.map((parentFlowCount) => ({ latencyMs, attachmentCount, parentFlowCount }))),
  );
  for (const { latencyMs, attachmentCount, parentFlowCount } of shapes) {
    if (attachmentCount < parentFlowCount) skipped.push(`N=${attachmentCount} M=${parentFlowCount} ${latencyMs} ms: N < M leaves parent flows without an attachment`);
  }
  for (const parallelism of options.parallelisms) {
    for (const { latencyMs, attachmentCount, parentFlowCount } of shapes.filter((shape) => shape.attachmentCount >= shape.parentFlowCount)) {
      for (const listing of options.listing) {
        for (const flowFormat of options.flowFormats) {
          planned.push({
            config: {
              attachmentCount,
              parentFlowCount,
              latencyMs,
              order: options.order,
              listing,
              parallelism,
              rateLimitPerMinute: options.rateLimitPerMinute,
              ...(options.orgInboundFlowCount !== undefined ? { orgInboundFlowCount: Math.max(options.orgInboundFlowCount, parentFlowCount) } : {}),
              // The graph format is the default: its configurations stay as they were before there were two.
              ...(flowFormat === "architect" ? { flowFormat } : {}),
            },
            runs: options.runs ?? defaultRuns(attachmentCount, parentFlowCount),
          });
        }
      }
    }
  }
  const extras = [...(options.scale ? SCALE_CONFIGS : []), ...(options.architect ? ARCHITECT_CONFIGS : [])];
  for (const config of extras) planned.push({ config, runs: options.runs ?? defaultRuns(config.attachmentCount, config.parentFlowCount) });
  return { planned, skipped };
}

/** Operations at once for a configuration: its `--parallel` (default pulumi up's), "all" meaning one per attachment. */
export function parallelismOf(config: Pick<BenchConfig, "parallelism" | "attachmentCount">): number {
  const parallelism = config.parallelism ?? defaultParallelism();
  return parallelism === "all" ? config.attachmentCount : parallelism;
}

/**
 * Fewer runs for bigger programs, to keep the default run to a few minutes on two cores; more for the
 * headline shape (at either latency), whose median first up the wall-time target judges.
 */
export function defaultRuns(attachmentCount: number, parentFlowCount: number): number {
  if (attachmentCount === HEADLINE_CONFIG.attachmentCount && parentFlowCount === HEADLINE_CONFIG.parentFlowCount) return 5;
  if (attachmentCount <= 10) return 3;
  return attachmentCount <= 50 ? 2 : 1;
}

function integerList(flag: string, text: string, min: number): number[] {
  const values = text.split(",").map((part) => Number(part.trim()));
  if (values.some((v) => !Number.isInteger(v) || v < min)) {
    throw new Error(`Expected \`${flag}\` to be a comma-separated list of integers ≥ ${min}, got ${text}.`);
  }
  return values;
}

function parallelismList(flag: string, text: string): Array<number | "all"> {
  const values = text.split(",").map((part) => part.trim());
  if (values.some((v) => v !== "all" && !(Number.isInteger(Number(v)) && Number(v) >= 1))) {
    throw new Error(`Expected \`${flag}\` to be all or an integer ≥ 1, or a comma-separated list of them, got ${text}.`);
  }
  return [...new Set(values)].map((v) => (v === "all" ? "all" : Number(v)));
}

function onOffList(flag: string, text: string): boolean[] {
  const values = text.split(",").map((part) => part.trim());
  if (values.some((v) => v !== "on" && v !== "off")) throw new Error(`Expected \`${flag}\` to be on, off or on,off, got ${text}.`);
  return [...new Set(values)].map((v) => v === "on");
}

function flowFormatList(flag: string, text: string): FlowFormatName[] {
  const values = text.split(",").map((part) => part.trim());
  const known = (value: string): value is FlowFormatName => (FLOW_FORMAT_NAMES as readonly string[]).includes(value);
  if (!values.every(known)) throw new Error(`Expected \`${flag}\` to be graph, architect or graph,architect, got ${text}.`);
  return [...new Set(values)];
}

function integer(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`Expected \`${flag}\` to be an integer ≥ ${min}, got ${text}.`);
  return value;
}
