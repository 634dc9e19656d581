// Aggregates the runs of each configuration (median, min, max per phase and strategy) and formats
// them as the Markdown tables printed by `npm run bench` and written to bench/RESULTS.md.

import { isDeepStrictEqual } from "node:util";
import { flowFormatOf } from "./benchOrg";
import { BenchConfig, PhaseMeasurement, PHASES, PhaseName, StrategyName, StrategyRun } from "./deploymentStrategy";
import { apiRequests, describeEndpoints, JobCounts } from "./requestStats";

/** Every run of both strategies for one configuration. */
export interface ConfigResult {
  config: BenchConfig;
  runs: Record<StrategyName, StrategyRun[]>;
}

export interface Stat {
  median: number;
  min: number;
  max: number;
}

/** One phase of one strategy over its runs. */
export interface PhaseStats {
  wallMs: Stat;
  requests: Stat;
  conflicts: Stat;
  rateLimited: Stat;
  failures: Stat;
  changes: Stat;
  /** Requests per endpoint in the first run (the request counts barely vary between runs). */
  byEndpoint: Record<string, number>;
  /** Attachments wired in the org after the phase, first run. */
  wiredAfter: number;
  firstError?: string;
}

export function stat(values: readonly number[]): Stat {
  if (values.length === 0) throw new Error("No values to summarize.");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** The phase's measurement of each run. */
export function phaseMeasurements(runs: readonly StrategyRun[], phase: PhaseName): PhaseMeasurement[] {
  return runs.map((run) => {
    const found = run.phases.find((measurement) => measurement.phase === phase);
    if (!found) throw new Error(`A ${run.strategy} run has no '${phase}' phase.`);
    return found;
  });
}

export function phaseStats(runs: readonly StrategyRun[], phase: PhaseName): PhaseStats {
  const measurements = phaseMeasurements(runs, phase);
  const first = measurements[0];
  const firstError = measurements.find((m) => m.outcome.firstError !== undefined)?.outcome.firstError;
  return {
    wallMs: stat(measurements.map((m) => m.wallMs)),
    requests: stat(measurements.map((m) => m.requests.total)),
    conflicts: stat(measurements.map((m) => m.requests.conflicts)),
    rateLimited: stat(measurements.map((m) => m.requests.rateLimited)),
    failures: stat(measurements.map((m) => m.outcome.failures)),
    changes: stat(measurements.map((m) => m.outcome.changes)),
    byEndpoint: first.requests.byEndpoint,
    wiredAfter: first.wiring.wired,
    ...(firstError !== undefined ? { firstError } : {}),
  };
}

export function hostStartStat(result: ConfigResult): Stat {
  return stat(result.runs.pulumi.map((run) => run.hostStartMs ?? Number.NaN));
}

/** "12" when every run agrees, "12 (10–14)" otherwise; `digits` decimals for both. */
export function formatStat(value: Stat, digits = 0): string {
  const show = (n: number) => n.toFixed(digits);
  return value.min === value.max ? show(value.median) : `${show(value.median)} (${show(value.min)}–${show(value.max)})`;
}

/** How many times fewer: `other / ours`; "=" when both are 0, "∞" when only ours is. */
export function formatRatio(other: number, ours: number): string {
  if (ours === 0) return other === 0 ? "=" : "∞";
  return `${(other / ours).toFixed(1)}×`;
}

export function configLabel(config: BenchConfig): string {
  const order = config.order === "grouped" ? " grouped" : "";
  const setup = setupLabel(config);
  return `N=${config.attachmentCount} M=${config.parentFlowCount} ${config.latencyMs} ms${order}${setup ? ` (${setup})` : ""}`;
}

/** What a configuration sets apart from the default grid: an Architect org, the org's size, listing off, its --parallel, the org limit. */
export function setupLabel(config: BenchConfig): string {
  return [
    config.flowFormat === "architect" ? "Architect" : "",
    config.orgInboundFlowCount !== undefined && config.orgInboundFlowCount !== config.parentFlowCount ? `T=${config.orgInboundFlowCount}` : "",
    config.listing === false ? "listing off" : "",
    config.parallelism !== undefined ? `--parallel ${config.parallelism}` : "",
    config.rateLimitPerMinute ? `limit ${config.rateLimitPerMinute}/min` : "",
  ]
    .filter(Boolean)
    .join(", ");
}

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/**
 * The main table: one row per configuration and phase, both strategies side by side. Ratios are
 * tutorial / pulumi medians, so "10×" means the Pulumi resource needed ten times fewer requests.
 */
export function formatResultsTable(results: readonly ConfigResult[]): string {
  const header = [
    "N", "M", "latency", "setup", "phase",
    "requests pulumi", "requests tutorial", "fewer requests",
    "409 p / t", "429 p / t", "failures p / t", "changes p / t",
    "wall ms pulumi", "wall ms tutorial", "wall tutorial / pulumi",
  ];
  const rows = results.flatMap((result) =>
    PHASES.map((phase) => {
      const pulumi = phaseStats(result.runs.pulumi, phase);
      const tutorial = phaseStats(result.runs.tutorial, phase);
      return [
        String(result.config.attachmentCount),
        String(result.config.parentFlowCount),
        `${result.config.latencyMs} ms`,
        setupLabel(result.config) || "–",
        phase,
        formatStat(pulumi.requests),
        formatStat(tutorial.requests),
        formatRatio(tutorial.requests.median, pulumi.requests.median),
        `${formatStat(pulumi.conflicts)} / ${formatStat(tutorial.conflicts)}`,
        `${formatStat(pulumi.rateLimited)} / ${formatStat(tutorial.rateLimited)}`,
        `${formatStat(pulumi.failures)} / ${formatStat(tutorial.failures)}`,
        `${formatStat(pulumi.changes)} / ${formatStat(tutorial.changes)}`,
        formatStat(pulumi.wallMs),
        formatStat(tutorial.wallMs),
        `${(tutorial.wallMs.median / pulumi.wallMs.median).toFixed(2)}`,
      ];
    }),
  );
  return markdownTable(header, rows);
}

/** The same configuration on a graph org: what an Architect configuration is set beside. */
export function graphTwin(config: BenchConfig): BenchConfig {
  const { flowFormat: _flowFormat, ...graph } = config;
  return graph;
}

/**
 * The Architect format beside the tutorial's, for the Pulumi resource: per command, its API requests (the
 * files moved through signed URLs apart), the jobs it registered, their polls, downloads and uploads, and
 * its wall time. Each Architect configuration comes after its graph twin, when the run measured one.
 */
export function formatFlowFormatTable(results: readonly ConfigResult[]): string {
  const header = [
    "N", "M", "latency", "setup", "phase", "format",
    "API requests", "export jobs", "import jobs", "job polls", "downloads", "uploads",
    "failures", "changes", "wired after", "wall ms",
  ];
  const rows = results
    .filter((result) => flowFormatOf(result.config) === "architect")
    .flatMap((architect) => {
      const graph = results.find((result) => isDeepStrictEqual(result.config, graphTwin(architect.config)));
      return PHASES.flatMap((phase) => [graph, architect].flatMap((result) => (result ? [flowFormatRow(result, phase)] : [])));
    });
  return markdownTable(header, rows);
}

function flowFormatRow(result: ConfigResult, phase: PhaseName): string[] {
  const measurements = phaseMeasurements(result.runs.pulumi, phase);
  const stats = phaseStats(result.runs.pulumi, phase);
  const figure = (values: number[]) => formatStat(stat(values));
  const jobFigure = (pick: (jobs: JobCounts) => number) => (measurements.every((m) => m.jobs) ? figure(measurements.map((m) => pick(m.jobs!))) : "–");
  return [
    String(result.config.attachmentCount),
    String(result.config.parentFlowCount),
    `${result.config.latencyMs} ms`,
    setupLabel(graphTwin(result.config)) || "–",
    phase,
    flowFormatOf(result.config) === "architect" ? "Architect" : "graph",
    figure(measurements.map((m) => apiRequests(m.requests))),
    jobFigure((jobs) => jobs.exportJobs),
    jobFigure((jobs) => jobs.importJobs),
    jobFigure((jobs) => jobs.polls),
    jobFigure((jobs) => jobs.downloads),
    jobFigure((jobs) => jobs.uploads),
    formatStat(stats.failures),
    formatStat(stats.changes),
    String(stats.wiredAfter),
    formatStat(stats.wallMs),
  ];
}

/** Requests per endpoint, per configuration, phase and strategy (first run of each). */
export function formatBreakdownTable(results: readonly ConfigResult[]): string {
  const rows = results.flatMap((result) =>
    PHASES.flatMap((phase) =>
      strategiesRun(result).map((strategy) => {
        const stats = phaseStats(result.runs[strategy], phase);
        return [configLabel(result.config), phase, strategy, describeEndpoints(stats.byEndpoint), String(stats.wiredAfter)];
      }),
    ),
  );
  return markdownTable(["configuration", "phase", "strategy", "requests by endpoint", "wired after"], rows);
}

/** Per configuration: runs, the Pulumi host's fixed start cost, drift made, and the first failure seen per strategy. */
export function formatRunNotes(results: readonly ConfigResult[]): string {
  const rows = results.map((result) => {
    const firstErrors = (["pulumi", "tutorial"] as const).map((strategy) => {
      if (!strategiesRun(result).includes(strategy)) return "not run";
      const error = PHASES.map((phase) => phaseStats(result.runs[strategy], phase).firstError).find((e) => e !== undefined);
      return error === undefined ? "–" : truncate(error, 110);
    });
    return [
      configLabel(result.config),
      String(result.runs.pulumi.length),
      formatStat(hostStartStat(result)),
      String(result.runs.pulumi[0].driftedAttachments),
      ...firstErrors,
    ];
  });
  return markdownTable(["configuration", "runs", "host start ms (empty command)", "drifted attachments", "first failure pulumi", "first failure tutorial"], rows);
}

/** The strategies a configuration ran: both on the graph format, the Pulumi resource alone on Architect's. */
export function strategiesRun(result: ConfigResult): StrategyName[] {
  return (["pulumi", "tutorial"] as const).filter((strategy) => result.runs[strategy].length > 0);
}

function truncate(text: string, maxLength: number): string {
  const oneLine = text.replace(/\s+/g, " ").replace(/\|/g, "/");
  return oneLine.length <= maxLength ? oneLine : `${oneLine.slice(0, maxLength - 1)}…`;
}
