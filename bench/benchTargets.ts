// The targets, checked against measured runs: requests of the first up and of a no-change
// preview per configuration, and the N=50, M=5, 20 ms comparison with the tutorial. Each check says
// PASS or FAIL with the numbers behind it; nothing here is a timed assertion.

import { ConfigResult, configLabel, formatStat, hostStartStat, phaseStats, stat } from "./benchReport";
import { BenchConfig, PhaseName, StrategyRun } from "./deploymentStrategy";
import { describeEndpoints, flowReads, logins } from "./requestStats";

export interface TargetCheck {
  target: string;
  /** Undefined when the run did not include what the target needs. */
  pass: boolean | undefined;
  details: string[];
}

export const HEADLINE_CONFIG: BenchConfig = { attachmentCount: 50, parentFlowCount: 5, latencyMs: 20 };

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

export function checkTargets(results: readonly ConfigResult[]): TargetCheck[] {
  return [checkFirstUpRequests(results), checkNoChangePreviewReads(results), ...checkHeadline(results)];
}

function measurementsOf(runs: readonly StrategyRun[], phase: PhaseName) {
  return runs.map((run) => run.phases.find((measurement) => measurement.phase === phase)!);
}

function checkFirstUpRequests(results: readonly ConfigResult[]): TargetCheck {
  const details: string[] = [];
  let pass = true;
  for (const result of results) {
    const allowance = firstUpAllowance(result.config);
    const worst = measurementsOf(result.runs.pulumi, "first up").reduce((a, b) => (b.requests.total > a.requests.total ? b : a));
    const ok = worst.requests.total <= allowance;
    pass &&= ok;
    const { parentFlowCount: m } = result.config;
    details.push(
      `${ok ? "PASS" : "FAIL"} ${configLabel(result.config)}: ${worst.requests.total} requests (worst run), allowed ${allowance} = 2×${m} + ${distinctFlowNames(result.config)} lookups + 1 login; ${describeEndpoints(worst.requests.byEndpoint)}`,
    );
  }
  return { target: "First up: at most 2 requests per parent flow, plus one lookup per distinct flow name, plus login", pass: results.length > 0 ? pass : undefined, details };
}

function checkNoChangePreviewReads(results: readonly ConfigResult[]): TargetCheck {
  const details: string[] = [];
  let pass = true;
  for (const result of results) {
    const worst = measurementsOf(result.runs.pulumi, "no-change preview").reduce((a, b) => (flowReads(b.requests) > flowReads(a.requests) ? b : a));
    const reads = flowReads(worst.requests);
    const writes = worst.requests.total - reads - logins(worst.requests);
    const ok = reads <= result.config.parentFlowCount && writes === 0;
    pass &&= ok;
    details.push(
      `${ok ? "PASS" : "FAIL"} ${configLabel(result.config)}: ${reads} flow reads (worst run) for ${result.config.parentFlowCount} parent flows, ${writes} other requests, plus ${logins(worst.requests)} login; ${describeEndpoints(worst.requests.byEndpoint)}`,
    );
  }
  return { target: "No-change preview: at most one read per parent flow (the login is counted apart)", pass: results.length > 0 ? pass : undefined, details };
}

function checkHeadline(results: readonly ConfigResult[]): TargetCheck[] {
  const label = configLabel(HEADLINE_CONFIG);
  const result = results.find(
    (r) =>
      r.config.attachmentCount === HEADLINE_CONFIG.attachmentCount &&
      r.config.parentFlowCount === HEADLINE_CONFIG.parentFlowCount &&
      r.config.latencyMs === HEADLINE_CONFIG.latencyMs &&
      (r.config.order ?? "interleaved") === "interleaved",
  );
  const targets = [
    `${label}: at least 5× fewer requests than the tutorial's strategy (first up)`,
    `${label}: zero failures in every phase (and how many the tutorial's strategy fails)`,
    `${label}: first-up wall time, minus the host's fixed start, within 2× of the floor of two round trips per parent flow`,
  ];
  if (!result) return targets.map((target) => ({ target, pass: undefined, details: ["not measured in this run (include --n 50 --m 5 --latency 20)"] }));

  const pulumiUp = phaseStats(result.runs.pulumi, "first up");
  const tutorialUp = phaseStats(result.runs.tutorial, "first up");
  const ratio = tutorialUp.requests.median / pulumiUp.requests.median;

  const phaseNames = result.runs.pulumi[0].phases.map((measurement) => measurement.phase);
  const failuresBy = (strategy: "pulumi" | "tutorial") =>
    phaseNames.map((phase) => ({ phase, failures: phaseStats(result.runs[strategy], phase).failures.max }));
  const pulumiFailures = failuresBy("pulumi");
  const tutorialFailures = failuresBy("tutorial");
  const describeFailures = (list: Array<{ phase: string; failures: number }>) => list.map((f) => `${f.phase} ${f.failures}`).join(", ");

  const hostStart = hostStartStat(result).median;
  // Each run's first up minus the same run's host start (its fastest empty command).
  const net = stat(result.runs.pulumi.map((run) => run.phases.find((p) => p.phase === "first up")!.wallMs - (run.hostStartMs ?? Number.NaN)));
  const netMs = net.median;
  const floorMs = wallFloorMs(result.config);
  const parallelFloorMs = 4 * result.config.latencyMs;

  return [
    {
      target: targets[0],
      pass: ratio >= 5,
      details: [`pulumi ${pulumiUp.requests.median} vs tutorial ${tutorialUp.requests.median} requests (medians): ${ratio.toFixed(1)}× fewer`],
    },
    {
      target: targets[1],
      pass: pulumiFailures.every((f) => f.failures === 0),
      details: [`pulumi failures (worst run): ${describeFailures(pulumiFailures)}`, `tutorial failures (worst run): ${describeFailures(tutorialFailures)}`],
    },
    {
      target: targets[2],
      pass: netMs <= 2 * floorMs,
      details: [
        `first up minus host start, per run: ${formatStat(net)} ms (median, min–max; first up ${pulumiUp.wallMs.median.toFixed(0)} ms and host start ${hostStart.toFixed(0)} ms as medians); floor 2 × M × latency = ${floorMs} ms, limit ${2 * floorMs} ms: ${(netMs / floorMs).toFixed(1)}× the floor (worst run ${(net.max / floorMs).toFixed(1)}×)`,
        `for reference: all flows in parallel could need only login + lookup + read + write = 4 × latency = ${parallelFloorMs} ms; the tutorial's first up took ${tutorialUp.wallMs.median.toFixed(0)} ms`,
        ...latencyAttributable(results, result, floorMs),
      ],
    },
  ];
}

/**
 * The part of the first up's wall time that latency adds: the same configuration's first up at 0 ms
 * subtracted. What is left at 0 ms is local CPU (host, gRPC, emulator and harness on this machine), which
 * no count of round trips explains; this figure is what the round-trip floor is about.
 */
function latencyAttributable(results: readonly ConfigResult[], measured: ConfigResult, floorMs: number): string[] {
  const atZero = results.find(
    (r) => r.config.attachmentCount === measured.config.attachmentCount && r.config.parentFlowCount === measured.config.parentFlowCount && r.config.latencyMs === 0 && (r.config.order ?? "interleaved") === (measured.config.order ?? "interleaved"),
  );
  if (!atZero) return ["(include --latency 0 as well to separate the time latency adds from local CPU)"];
  const withLatencyMs = phaseStats(measured.runs.pulumi, "first up").wallMs.median;
  const withoutLatencyMs = phaseStats(atZero.runs.pulumi, "first up").wallMs.median;
  const addedMs = withLatencyMs - withoutLatencyMs;
  return [
    `time latency adds: first up at ${measured.config.latencyMs} ms ${withLatencyMs.toFixed(0)} ms − at 0 ms ${withoutLatencyMs.toFixed(0)} ms = ${addedMs.toFixed(0)} ms, ${(addedMs / floorMs).toFixed(1)}× the floor (the rest is local CPU)`,
  ];
}

export function formatTargets(checks: readonly TargetCheck[]): string {
  return checks
    .map((check) => {
      const verdict = check.pass === undefined ? "NOT MEASURED" : check.pass ? "PASS" : "FAIL";
      return [`- **${verdict}** — ${check.target}`, ...check.details.map((detail) => `  - ${detail}`)].join("\n");
    })
    .join("\n");
}
