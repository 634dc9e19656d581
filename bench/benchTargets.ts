// The issue's targets, checked against measured runs: requests of the first up and of a no-change preview per
// configuration, the N=50, M=5, 20 ms comparison with the tutorial, and the jobs of Architect orgs. Each check
// says PASS or FAIL with the numbers behind it; nothing here is a timed assertion.

import { isDeepStrictEqual } from "node:util";
import { defaultParallelism } from "../engineReplay/parallel";
import { EXPORT_FLOWS_PER_JOB } from "../provider/genesys/architectFlowStore";
import { LISTING_PAGE_SIZE } from "../provider/genesys/listingDecision";
import { flowFormatOf, orgInboundFlowsOf } from "./benchOrg";
import { ConfigResult, configLabel, formatStat, hostStartStat, phaseStats, stat } from "./benchReport";
import { BenchConfig, PHASES, PhaseName, StrategyRun } from "./deploymentStrategy";
import { apiRequests, describeEndpoints, flowReads, JobCounts, logins } from "./requestStats";

export interface TargetCheck {
  target: string;
  /** Undefined when the run did not include what the target needs. */
  pass: boolean | undefined;
  details: string[];
}

/** The configuration the comparison with the tutorial is judged on, every operation at once as when it was set. */
export const HEADLINE_CONFIG: BenchConfig = { attachmentCount: 50, parentFlowCount: 5, latencyMs: 20, parallelism: "all" };

/** Genesys Cloud's usual limit per OAuth client and minute, which the scale configurations run under. */
export const ORG_LIMIT_PER_MINUTE = 300;

/** The scale of large contact centers: N=1000 over M=200 with the org limit on and --parallel all, listing on and off. */
export const SCALE_CONFIG: BenchConfig = { attachmentCount: 1000, parentFlowCount: 200, latencyMs: 20, parallelism: "all", rateLimitPerMinute: ORG_LIMIT_PER_MINUTE, listing: true };

/** A small stack in a big org: 3 attachments on 3 of 5,000 inbound flows, which must not pay for listing the org. */
export const BIG_ORG_CONFIG: BenchConfig = { attachmentCount: 3, parentFlowCount: 3, orgInboundFlowCount: 5000, latencyMs: 20, parallelism: "all", rateLimitPerMinute: ORG_LIMIT_PER_MINUTE, listing: true };

/** Run by default after the grid (`--scale` adds them to any run). */
export const SCALE_CONFIGS: readonly BenchConfig[] = [SCALE_CONFIG, { ...SCALE_CONFIG, listing: false }, BIG_ORG_CONFIG];

/** 500 attachments over 100 inbound flows, the most one export job is asked to hold, every operation at once. */
export const ARCHITECT_SCALE_SHAPE: BenchConfig = { attachmentCount: 500, parentFlowCount: 100, latencyMs: 20, parallelism: "all" };

/**
 * Run by default after the grid: the headline on an Architect org at each --parallel the grid runs it (whose
 * graph twins are in the grid), and 500 attachments over 100 flows in either format. Writes are imports there,
 * and each create waits for its own, so at pulumi up's own --parallel 500 attachments would cost hundreds of
 * imports and several minutes: they run with every operation at once, where the targets are judged.
 */
export const ARCHITECT_CONFIGS: readonly BenchConfig[] = [
  { ...HEADLINE_CONFIG, flowFormat: "architect" },
  { ...HEADLINE_CONFIG, parallelism: defaultParallelism(), flowFormat: "architect" },
  ARCHITECT_SCALE_SHAPE,
  { ...ARCHITECT_SCALE_SHAPE, flowFormat: "architect" },
];

/** Pages a full listing of the org's inbound flows takes. */
function inboundListingPages(config: BenchConfig): number {
  return Math.ceil(orgInboundFlowsOf(config) / LISTING_PAGE_SIZE);
}

/** A no-change preview with diffs one at a time: a login, two full listings of the inbound flows, and 3 more. */
export function sequentialPreviewAllowance(config: BenchConfig): number {
  return 1 + 2 * inboundListingPages(config) + 3;
}

/** A first up (or destroy) with every operation at once: a write per parent, two full listings, and 6 more. */
export function unboundedUpAllowance(config: BenchConfig): number {
  return config.parentFlowCount + 2 * inboundListingPages(config) + 6;
}

/** A no-change preview of a small stack in a big org: a login, a read per parent, and 2 more. */
export function smallStackPreviewAllowance(config: BenchConfig): number {
  return 1 + config.parentFlowCount + 2;
}

/** Distinct flow names a program of this shape resolves: every parent and the one shared flow. */
export function distinctFlowNames(config: BenchConfig): number {
  return Math.min(config.parentFlowCount, config.attachmentCount) + 1;
}

/** Requests the first up may make: 2 per parent flow, 1 lookup per distinct flow name, 1 login. */
export function firstUpAllowance(config: BenchConfig): number {
  return 2 * config.parentFlowCount + distinctFlowNames(config) + 1;
}

/**
 * The floor of two round trips per parent flow: a read and a write of each parent, one flow after the
 * other (2 × M × latency). The issue words it per flow; flows written in parallel could in principle
 * take only 2 × latency (plus a login and a lookup round), which is reported next to it.
 */
export function wallFloorMs(config: BenchConfig): number {
  return 2 * config.parentFlowCount * config.latencyMs;
}

/**
 * Round trips on a first up's critical path that no correct provider avoids under the engine's schedule: in
 * the preview's process and again in the update's, a login and a round trip settling the names (the refusal
 * of a takeover needs the parents' triggers before the engine moves on), and in the update one write round.
 */
export const UNAVOIDABLE_ROUND_TRIPS = 5;

const listingOn = (config: BenchConfig) => config.listing !== false;

/**
 * Where the first targets were set: every operation at once (the engine replay of the time handed over all
 * of them together), listing on as shipped. At a smaller `--parallel` the engine has at most that many
 * creates waiting for their writes, so one write of a flow can carry only the attachments among them.
 */
const everyOperationAtOnce = (config: BenchConfig) => listingOn(config) && config.parallelism === "all";

/** The targets of the tutorial's graph format, judged on its configurations (the Architect format's are `checkArchitectTargets`). */
export function checkTargets(allResults: readonly ConfigResult[]): TargetCheck[] {
  const results = allResults.filter((result) => flowFormatOf(result.config) === "graph");
  return [
    checkFirstUpRequests(results),
    checkNoChangePreviewReads(results),
    ...checkHeadline(results),
    checkSequentialPreview(results),
    checkUnboundedUpAndDestroy(results),
    checkSmallStackInBigOrg(results),
    checkListingOnVersusOff(results),
    checkNoRateLimited(results),
  ];
}

function measurementsOf(runs: readonly StrategyRun[], phase: PhaseName) {
  return runs.map((run) => run.phases.find((measurement) => measurement.phase === phase)!);
}

function checkFirstUpRequests(results: readonly ConfigResult[]): TargetCheck {
  const details: string[] = [];
  let pass = true;
  for (const result of results) {
    if (!everyOperationAtOnce(result.config)) {
      const worst = measurementsOf(result.runs.pulumi, "first up").reduce((a, b) => (b.requests.total > a.requests.total ? b : a));
      const why = listingOn(result.config) ? `at most ${parallelismLabel(result.config)} creates in flight` : "one request per name and per flow";
      details.push(`not judged: ${configLabel(result.config)} (${why}): ${worst.requests.total} requests (worst run); ${describeEndpoints(worst.requests.byEndpoint)}`);
      continue;
    }
    const allowance = firstUpAllowance(result.config);
    const worst = measurementsOf(result.runs.pulumi, "first up").reduce((a, b) => (b.requests.total > a.requests.total ? b : a));
    const ok = worst.requests.total <= allowance;
    pass &&= ok;
    const { parentFlowCount: m } = result.config;
    details.push(
      `${ok ? "PASS" : "FAIL"} ${configLabel(result.config)}: ${worst.requests.total} requests (worst run), allowed ${allowance} = 2×${m} + ${distinctFlowNames(result.config)} lookups + 1 login; ${describeEndpoints(worst.requests.byEndpoint)}`,
    );
  }
  const judged = details.some((detail) => !detail.startsWith("not judged"));
  return {
    target: "First up: at most 2 requests per parent flow, plus one lookup per distinct flow name, plus login (every operation at once, listing on)",
    pass: judged ? pass : undefined,
    details,
  };
}

/**
 * Judged where it was set: the resource as shipped (listing on) in an org of just its parents. With listing
 * off it reads as before listing existed; in a bigger org the first listing page that tells the org's size
 * is one read more, which the small-stack-in-a-big-org target allows for.
 */
function checkNoChangePreviewReads(results: readonly ConfigResult[]): TargetCheck {
  const details: string[] = [];
  let pass = true;
  for (const result of results) {
    if (!listingOn(result.config) || orgInboundFlowsOf(result.config) !== result.config.parentFlowCount) {
      details.push(`not judged: ${configLabel(result.config)} (${listingOn(result.config) ? "the org holds more than the parents: see the small stack in a big org" : "one request per flow, as before listing"})`);
      continue;
    }
    const worst = measurementsOf(result.runs.pulumi, "no-change preview").reduce((a, b) => (flowReads(b.requests) > flowReads(a.requests) ? b : a));
    const reads = flowReads(worst.requests);
    const writes = worst.requests.total - reads - logins(worst.requests);
    const ok = reads <= result.config.parentFlowCount && writes === 0;
    pass &&= ok;
    details.push(
      `${ok ? "PASS" : "FAIL"} ${configLabel(result.config)}: ${reads} flow reads (worst run) for ${result.config.parentFlowCount} parent flows, ${writes} other requests, plus ${logins(worst.requests)} login; ${describeEndpoints(worst.requests.byEndpoint)}`,
    );
  }
  const judged = details.some((detail) => !detail.startsWith("not judged"));
  return { target: "No-change preview: at most one read per parent flow (the login is counted apart; listing on, in an org of the parents alone)", pass: judged ? pass : undefined, details };
}

function checkHeadline(results: readonly ConfigResult[]): TargetCheck[] {
  const atEachParallelism = results.filter((r) => hasHeadlineShape(r.config) && r.config.latencyMs === HEADLINE_CONFIG.latencyMs);
  const shapeLabel = `N=${HEADLINE_CONFIG.attachmentCount} M=${HEADLINE_CONFIG.parentFlowCount} ${HEADLINE_CONFIG.latencyMs} ms`;
  const notMeasured = (target: string, flags: string): TargetCheck => ({ target, pass: undefined, details: [`not measured in this run (include ${flags})`] });
  const comparisonTarget = `${shapeLabel}, at each --parallel measured: at least 5× fewer requests than the tutorial's strategy (first up)`;
  const failuresTarget = `${shapeLabel}, at each --parallel measured: zero failures in every phase (and how many the tutorial's strategy fails)`;
  const flags = `--n ${HEADLINE_CONFIG.attachmentCount} --m ${HEADLINE_CONFIG.parentFlowCount} --latency ${HEADLINE_CONFIG.latencyMs}`;
  return [
    atEachParallelism.length > 0 ? checkTutorialComparison(comparisonTarget, atEachParallelism) : notMeasured(comparisonTarget, flags),
    atEachParallelism.length > 0 ? checkZeroFailures(failuresTarget, atEachParallelism) : notMeasured(failuresTarget, flags),
    checkWallTime(results, `${flags} --parallel all`),
  ];
}

/** The first up's requests against the tutorial's at the same parallelism, for each one measured. */
function checkTutorialComparison(target: string, headlines: readonly ConfigResult[]): TargetCheck {
  const rows = headlines.map((result) => {
    const [pulumi, tutorial] = [phaseStats(result.runs.pulumi, "first up"), phaseStats(result.runs.tutorial, "first up")];
    const ratio = tutorial.requests.median / pulumi.requests.median;
    return { ok: ratio >= 5, line: `--parallel ${result.config.parallelism}: pulumi ${pulumi.requests.median} vs tutorial ${tutorial.requests.median} requests (medians): ${ratio.toFixed(1)}× fewer` };
  });
  return { target, pass: rows.every((row) => row.ok), details: rows.map((row) => row.line) };
}

/** Failures of every phase, worst run, for each parallelism measured; the tutorial's shown beside. */
function checkZeroFailures(target: string, headlines: readonly ConfigResult[]): TargetCheck {
  const describeFailures = (result: ConfigResult, strategy: "pulumi" | "tutorial") =>
    PHASES.map((phase) => ({ phase, failures: phaseStats(result.runs[strategy], phase).failures.max }));
  const line = (list: Array<{ phase: string; failures: number }>) => list.map((f) => `${f.phase} ${f.failures}`).join(", ");
  const details = headlines.flatMap((result) => [
    `--parallel ${result.config.parallelism}: pulumi failures (worst run): ${line(describeFailures(result, "pulumi"))}`,
    `--parallel ${result.config.parallelism}: tutorial failures (worst run): ${line(describeFailures(result, "tutorial"))}`,
  ]);
  return { target, pass: headlines.every((result) => describeFailures(result, "pulumi").every((f) => f.failures === 0)), details };
}

/** The first up's wall time against the round-trip floor, judged where it was set: every operation at once. */
function checkWallTime(results: readonly ConfigResult[], flags: string): TargetCheck {
  const target = `${configLabel(HEADLINE_CONFIG)}: first-up wall time, minus the engine's own time (the same up with a provider that does nothing), within 2× of the floor of two round trips per parent flow`;
  const result = results.find((r) => isHeadlineShape(r.config) && r.config.latencyMs === HEADLINE_CONFIG.latencyMs);
  if (!result) return { target, pass: undefined, details: [`not measured in this run (include ${flags})`] };
  const pulumiUp = phaseStats(result.runs.pulumi, "first up");
  const tutorialUp = phaseStats(result.runs.tutorial, "first up");
  const hostStart = hostStartStat(result).median;
  const firstUpMs = (run: StrategyRun) => run.phases.find((p) => p.phase === "first up")!.wallMs;
  // Each run's first up minus the same run's engine's own time, and minus its host start (its fastest empty command).
  const engineMeasured = result.runs.pulumi.every((run) => run.engineBaselineMs !== undefined);
  const net = stat(result.runs.pulumi.map((run) => firstUpMs(run) - (run.engineBaselineMs ?? Number.NaN)));
  const netOfHostStart = stat(result.runs.pulumi.map((run) => firstUpMs(run) - (run.hostStartMs ?? Number.NaN)));
  const floorMs = wallFloorMs(result.config);
  const parallelFloorMs = 4 * result.config.latencyMs;
  const engineOwn = engineMeasured ? stat(result.runs.pulumi.map((run) => run.engineBaselineMs!)) : undefined;
  return {
    target,
    pass: engineOwn ? net.median <= 2 * floorMs : undefined,
    details: [
      engineOwn
        ? `first up minus the engine's own time, per run: ${formatStat(net)} ms (median, min–max; first up ${pulumiUp.wallMs.median.toFixed(0)} ms and the engine's own ${engineOwn.median.toFixed(0)} ms as medians); floor 2 × M × latency = ${floorMs} ms, limit ${2 * floorMs} ms: ${(net.median / floorMs).toFixed(1)}× the floor (worst run ${(net.max / floorMs).toFixed(1)}×)`
        : "the engine's own time was not measured in this run",
      `minus the host's start alone, as the target was first measured: ${formatStat(netOfHostStart)} ms (host start ${hostStart.toFixed(0)} ms as median), ${(netOfHostStart.median / floorMs).toFixed(1)}× the floor: \`pulumi up\` starts a second host for its preview, and the engine checks every attachment in each, one at a time`,
      `for reference: all flows in parallel could need only login + lookup + read + write = 4 × latency = ${parallelFloorMs} ms; the tutorial's first up took ${tutorialUp.wallMs.median.toFixed(0)} ms`,
      ...whereTheNetTimeGoes(result),
      ...latencyAttributable(results, result, floorMs),
    ],
  };
}

/**
 * The first up's wall time net of the engine's own, split per run (medians shown): loading our code (the same
 * up with a provider that only loads it, minus the engine's own), requests in flight (the emulator's log),
 * and the rest: our own work between the engine's calls and the group commit's quiet before the writes. Of
 * the requests, `UNAVOIDABLE_ROUND_TRIPS` are what any correct provider waits for.
 */
function whereTheNetTimeGoes(result: ConfigResult): string[] {
  const runs = result.runs.pulumi.filter((run) => run.engineBaselineMs !== undefined && run.loadOnlyBaselineMs !== undefined);
  if (runs.length === 0) return ["where the rest goes was not measured in this run (the provider that only loads our code)"];
  const firstUp = (run: StrategyRun) => run.phases.find((p) => p.phase === "first up")!;
  const net = stat(runs.map((run) => firstUp(run).wallMs - run.engineBaselineMs!));
  const loading = stat(runs.map((run) => run.loadOnlyBaselineMs! - run.engineBaselineMs!));
  const api = stat(runs.map((run) => firstUp(run).apiMs));
  const rest = stat(runs.map((run) => firstUp(run).wallMs - run.loadOnlyBaselineMs! - firstUp(run).apiMs));
  const unavoidableMs = UNAVOIDABLE_ROUND_TRIPS * result.config.latencyMs;
  return [
    `where the net ${net.median.toFixed(0)} ms go (medians over the runs): loading this project's code in the two provider processes ${formatStat(loading)} ms (the same up with a provider that only loads it, minus the engine's own time); requests in flight ${formatStat(api)} ms (the emulator's log); the rest ${formatStat(rest)} ms (our own work between the engine's calls, and the group commit's quiet before the writes)`,
    `no provider can avoid ${unavoidableMs} ms of it: ${UNAVOIDABLE_ROUND_TRIPS} round trips at ${result.config.latencyMs} ms on the critical path (in the preview's process and in the update's, a login and a round trip settling the names, which refusing a takeover needs before the engine moves on; then one write round), plus loading some code in each process; beyond those round trips and our code's loading, this provider's first up takes ${(net.median - unavoidableMs - loading.median).toFixed(0)} ms`,
  ];
}

/**
 * The part of the first up's wall time that latency adds: the same configuration's first up at 0 ms
 * subtracted. What is left at 0 ms is local CPU (host, gRPC, emulator and harness on this machine), which
 * no count of round trips explains; this figure is what the round-trip floor is about.
 */
function latencyAttributable(results: readonly ConfigResult[], measured: ConfigResult, floorMs: number): string[] {
  const atZero = results.find((r) => isHeadlineShape(r.config) && r.config.latencyMs === 0);
  if (!atZero) return ["(include --latency 0 as well to separate the time latency adds from local CPU)"];
  const withLatencyMs = phaseStats(measured.runs.pulumi, "first up").wallMs.median;
  const withoutLatencyMs = phaseStats(atZero.runs.pulumi, "first up").wallMs.median;
  const addedMs = withLatencyMs - withoutLatencyMs;
  return [
    `time latency adds: first up at ${measured.config.latencyMs} ms ${withLatencyMs.toFixed(0)} ms − at 0 ms ${withoutLatencyMs.toFixed(0)} ms = ${addedMs.toFixed(0)} ms, ${(addedMs / floorMs).toFixed(1)}× the floor (the rest is local CPU)`,
  ];
}

/** The headline's shape as the default grid runs it, every operation at once: where its wall time is judged. */
export function isHeadlineShape(config: BenchConfig): boolean {
  return hasHeadlineShape(config) && config.parallelism === HEADLINE_CONFIG.parallelism;
}

/** The headline's shape at any parallelism: the graph format, interleaved, listing on, an org of just its flows, no limit. */
function hasHeadlineShape(config: BenchConfig): boolean {
  return (
    flowFormatOf(config) === "graph" &&
    config.attachmentCount === HEADLINE_CONFIG.attachmentCount &&
    config.parentFlowCount === HEADLINE_CONFIG.parentFlowCount &&
    (config.order ?? "interleaved") === "interleaved" &&
    config.listing !== false &&
    orgInboundFlowsOf(config) === config.parentFlowCount &&
    !(config.rateLimitPerMinute ?? 0)
  );
}

/** The worst run of a phase by total requests. */
function worstByRequests(runs: readonly StrategyRun[], phase: PhaseName) {
  return measurementsOf(runs, phase).reduce((a, b) => (b.requests.total > a.requests.total ? b : a));
}

/** One target checked on every configuration `applies` picks: the phases' worst runs within `allowance`, with no 429. */
function checkAllowance(
  results: readonly ConfigResult[],
  target: string,
  applies: (config: BenchConfig) => boolean,
  phases: readonly PhaseName[],
  allowance: (config: BenchConfig) => { requests: number; formula: string },
): TargetCheck {
  const details: string[] = [];
  let pass = true;
  for (const result of results.filter((r) => applies(r.config))) {
    const { requests, formula } = allowance(result.config);
    for (const phase of phases) {
      const worst = worstByRequests(result.runs.pulumi, phase);
      const rateLimited = Math.max(...measurementsOf(result.runs.pulumi, phase).map((m) => m.requests.rateLimited));
      const ok = worst.requests.total <= requests && rateLimited === 0;
      pass &&= ok;
      details.push(
        `${ok ? "PASS" : "FAIL"} ${configLabel(result.config)}, ${phase}: ${worst.requests.total} requests (worst run), allowed ${requests} = ${formula}; ${rateLimited} answered 429; ${describeEndpoints(worst.requests.byEndpoint)}`,
      );
    }
  }
  return { target, pass: details.length > 0 ? pass : undefined, details: details.length > 0 ? details : [`not measured in this run (the scale configurations: --scale)`] };
}

const parallelismLabel = (config: BenchConfig) => String(config.parallelism ?? "the default number of");

const describePages = (config: BenchConfig) => `⌈T/100⌉ = ${inboundListingPages(config)} (T = ${orgInboundFlowsOf(config)} inbound flows)`;

function checkSequentialPreview(results: readonly ConfigResult[]): TargetCheck {
  return checkAllowance(
    results,
    "No-change preview, diffs one at a time as the engine runs them, right after an up: at most 1 + 2⌈T/100⌉ + 3 requests, none answered 429 (listing on)",
    listingOn,
    ["no-change preview"],
    (config) => ({ requests: sequentialPreviewAllowance(config), formula: `1 + 2 × ${describePages(config)} + 3` }),
  );
}

function checkUnboundedUpAndDestroy(results: readonly ConfigResult[]): TargetCheck {
  return checkAllowance(
    results,
    "First up and destroy with --parallel all: at most M + 2⌈T/100⌉ + 6 requests each, none answered 429 (listing on)",
    (config) => listingOn(config) && config.parallelism === "all",
    ["first up", "destroy"],
    (config) => ({ requests: unboundedUpAllowance(config), formula: `${config.parentFlowCount} + 2 × ${describePages(config)} + 6` }),
  );
}

function checkSmallStackInBigOrg(results: readonly ConfigResult[]): TargetCheck {
  return checkAllowance(
    results,
    `A stack of ${BIG_ORG_CONFIG.attachmentCount} attachments on ${BIG_ORG_CONFIG.parentFlowCount} flows in an org of ${BIG_ORG_CONFIG.orgInboundFlowCount} inbound flows: no-change preview at most 1 + ${BIG_ORG_CONFIG.parentFlowCount} + 2 requests (it does not list the org)`,
    (config) => listingOn(config) && config.parentFlowCount <= BIG_ORG_CONFIG.parentFlowCount && orgInboundFlowsOf(config) >= orgInboundFlowsOf(BIG_ORG_CONFIG),
    ["no-change preview"],
    (config) => ({ requests: smallStackPreviewAllowance(config), formula: `1 login + ${config.parentFlowCount} reads + 2` }),
  );
}

/** Listing on vs off for the same configuration in the same run: the no-change preview's requests and wall time. */
function checkListingOnVersusOff(results: readonly ConfigResult[]): TargetCheck {
  const details: string[] = [];
  let pass = true;
  for (const off of results.filter((r) => r.config.listing === false)) {
    const on = results.find((r) => listingOn(r.config) && sameConfigApartFromListing(r.config, off.config));
    if (!on) continue;
    const [onStats, offStats] = [on, off].map((r) => phaseStats(r.runs.pulumi, "no-change preview"));
    const fewerRequests = offStats.requests.median / onStats.requests.median;
    const lessTime = offStats.wallMs.median / onStats.wallMs.median;
    const ok = fewerRequests >= 10 && lessTime >= 5;
    pass &&= ok;
    details.push(
      `${ok ? "PASS" : "FAIL"} ${configLabel(on.config)}: ${onStats.requests.median} vs ${offStats.requests.median} requests (${fewerRequests.toFixed(1)}× fewer, at least 10×), ${onStats.wallMs.median.toFixed(0)} vs ${offStats.wallMs.median.toFixed(0)} ms (${lessTime.toFixed(1)}× less, at least 5×)`,
    );
  }
  return {
    target: "No-change preview, listing on vs off in the same run: at least 10× fewer requests and 5× less wall time",
    pass: details.length > 0 ? pass : undefined,
    details: details.length > 0 ? details : ["not measured in this run (--listing on,off, or the scale configurations)"],
  };
}

function sameConfigApartFromListing(a: BenchConfig, b: BenchConfig): boolean {
  return isDeepStrictEqual({ ...a, listing: true }, { ...b, listing: true });
}

/** Under the org's limit the Pulumi resource is never answered 429, in any phase of any configuration. */
function checkNoRateLimited(results: readonly ConfigResult[]): TargetCheck {
  const limited = results.filter((r) => (r.config.rateLimitPerMinute ?? 0) > 0);
  const details = limited.map((result) => {
    const phases = result.runs.pulumi[0].phases.map((m) => m.phase);
    const counts = phases.map((phase) => ({ phase, rateLimited: Math.max(...measurementsOf(result.runs.pulumi, phase).map((m) => m.requests.rateLimited)) }));
    const total = counts.reduce((sum, c) => sum + c.rateLimited, 0);
    return { ok: total === 0, line: `${total === 0 ? "PASS" : "FAIL"} ${configLabel(result.config)}: ${counts.map((c) => `${c.phase} ${c.rateLimited}`).join(", ")}` };
  });
  return {
    target: "With the org's limit on, no request of the Pulumi resource is answered 429, in any phase",
    pass: details.length > 0 ? details.every((d) => d.ok) : undefined,
    details: details.length > 0 ? details.map((d) => d.line) : ["not measured in this run (--rate-limit, or the scale configurations)"],
  };
}

/**
 * The Architect format's targets, judged on its configurations: a drift check of the parents is one export
 * job, a first up with every operation at once one import per parent flow, and nothing fails.
 */
export function checkArchitectTargets(allResults: readonly ConfigResult[]): TargetCheck[] {
  const results = allResults.filter((result) => flowFormatOf(result.config) === "architect");
  return [checkDriftCheckExportJob(results), checkImportPerParentFlow(results), checkArchitectFailures(results)];
}

const NO_ARCHITECT_RUN = "not measured in this run (the Architect configurations: the default run, or --flow-format architect)";

/** A phase's job counts in each run (every Architect phase has them). */
function jobsOf(runs: readonly StrategyRun[], phase: PhaseName): JobCounts[] {
  return measurementsOf(runs, phase).map((measurement) => {
    if (!measurement.jobs) throw new Error(`A run on an Architect org has no job counts for '${phase}'.`);
    return measurement.jobs;
  });
}

/** "1 export job(s), 1 poll(s), ..." over runs: a figure every run shares, else each run's ("1/2 export job(s) by run"). */
function describeJobs(jobs: readonly JobCounts[]): string {
  const figure = (pick: (counts: JobCounts) => number, word: string) => {
    const values = jobs.map(pick);
    return values.every((value) => value === values[0]) ? `${values[0]} ${word}` : `${values.join("/")} ${word} by run`;
  };
  return [
    figure((c) => c.exportJobs, "export job(s)"),
    figure((c) => c.polls, "poll(s)"),
    figure((c) => c.downloads, "download(s)"),
    figure((c) => c.importJobs, "import job(s)"),
    figure((c) => c.uploads, "upload(s)"),
  ].join(", ");
}

/**
 * The provider exports every flow of the parents' type in one job on its first read of that type when the
 * org has at most one job's worth, and reads the shared module with the first parent: so each preview, with
 * drift or without, is one export job. With listing off it exports the flows as they are read.
 */
function checkDriftCheckExportJob(results: readonly ConfigResult[]): TargetCheck {
  const details: string[] = [];
  let pass = true;
  for (const result of results) {
    if (!listingOn(result.config) || orgInboundFlowsOf(result.config) > EXPORT_FLOWS_PER_JOB) {
      details.push(`not judged: ${configLabel(result.config)} (${listingOn(result.config) ? `more than ${EXPORT_FLOWS_PER_JOB} inbound flows, one job's worth` : "listing off: one export job per flows read together"})`);
      continue;
    }
    for (const phase of ["no-change preview", "preview after drift"] as const) {
      const jobs = jobsOf(result.runs.pulumi, phase);
      const ok = jobs.every((counts) => counts.exportJobs === 1 && counts.importJobs === 0);
      pass &&= ok;
      const worst = worstByRequests(result.runs.pulumi, phase);
      details.push(
        `${ok ? "PASS" : "FAIL"} ${configLabel(result.config)}, ${phase} of ${result.config.parentFlowCount} parent flows: ${describeJobs(jobs)}; ${apiRequests(worst.requests)} API requests (worst run): ${describeEndpoints(worst.requests.byEndpoint)}`,
      );
    }
  }
  const judged = details.some((detail) => !detail.startsWith("not judged"));
  return {
    target: `Drift check on an Architect org of at most ${EXPORT_FLOWS_PER_JOB} inbound flows: each preview (no change, and after drift) registers exactly one export job (plus its polls and one download) and no import, in every run (listing on)`,
    pass: judged ? pass : undefined,
    details: details.length > 0 ? details : [NO_ARCHITECT_RUN],
  };
}

/** Every edit of a flow goes in one import when the engine hands every operation over at once. */
function checkImportPerParentFlow(results: readonly ConfigResult[]): TargetCheck {
  const details: string[] = [];
  let pass = true;
  for (const result of results) {
    const jobs = jobsOf(result.runs.pulumi, "first up");
    const parents = result.config.parentFlowCount;
    if (result.config.parallelism !== "all") {
      details.push(`not judged: ${configLabel(result.config)} (at most ${parallelismLabel(result.config)} creates in flight): ${describeJobs(jobs)}`);
      continue;
    }
    const ok = jobs.every((counts) => counts.importJobs === parents);
    pass &&= ok;
    details.push(`${ok ? "PASS" : "FAIL"} ${configLabel(result.config)}: ${describeJobs(jobs)} for ${parents} parent flows (the export jobs: the preview's reads, the update's, and the imports' verifications)`);
  }
  const judged = details.some((detail) => !detail.startsWith("not judged"));
  return {
    target: "First up on an Architect org with every operation at once: exactly one import job per parent flow (M), in every run",
    pass: judged ? pass : undefined,
    details: details.length > 0 ? details : [NO_ARCHITECT_RUN],
  };
}

/** Failures of every phase, worst run, and the attachments wired after each up and after destroy. */
function checkArchitectFailures(results: readonly ConfigResult[]): TargetCheck {
  const rows = results.map((result) => {
    const failures = PHASES.map((phase) => ({ phase, failures: phaseStats(result.runs.pulumi, phase).failures.max }));
    const wired = PHASES.map((phase) => ({ phase, wired: Math.min(...measurementsOf(result.runs.pulumi, phase).map((m) => m.wiring.wired)) }));
    const expectedWired = (phase: PhaseName) => (phase === "destroy" ? 0 : phase === "preview after drift" ? undefined : result.config.attachmentCount);
    const ok = failures.every((f) => f.failures === 0) && wired.every((w) => expectedWired(w.phase) === undefined || w.wired === expectedWired(w.phase));
    return {
      ok,
      line: `${ok ? "PASS" : "FAIL"} ${configLabel(result.config)}: failures (worst run) ${failures.map((f) => `${f.phase} ${f.failures}`).join(", ")}; wired after (fewest) ${wired.map((w) => `${w.phase} ${w.wired}`).join(", ")}`,
    };
  });
  return {
    target: "Architect configurations: zero failures in every phase, every attachment wired as declared after each up and the no-change preview, none after destroy",
    pass: rows.length > 0 ? rows.every((row) => row.ok) : undefined,
    details: rows.length > 0 ? rows.map((row) => row.line) : [NO_ARCHITECT_RUN],
  };
}

export function formatTargets(checks: readonly TargetCheck[]): string {
  return checks
    .map((check) => {
      const verdict = check.pass === undefined ? "NOT MEASURED" : check.pass ? "PASS" : "FAIL";
      return [`- **${verdict}** — ${check.target}`, ...check.details.map((detail) => `  - ${detail}`)].join("\n");
    })
    .join("\n");
}
