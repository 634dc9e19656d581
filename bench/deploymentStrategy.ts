// What the benchmark asks of each way of deploying the wiring (the Pulumi resource, the tutorial's
// script): the three commands a user runs, each reporting what it did and what failed; and the phases
// and measurements of a run, kept free of I/O imports so the report code loads none.

import type { FlowFormatName } from "../provider/flowFormats/flowFormat";
import type { DeclarationOrder } from "./benchOrg";
import type { JobCounts, RequestSummary } from "./requestStats";
import type { WiringCount } from "./wiringCheck";

export type StrategyName = "pulumi" | "tutorial";

export interface CommandOutcome {
  /** Attachments the command failed on (a failed step, an error the script gave up on). */
  failures: number;
  /** Attachments the command changed (up, destroy) or reported as needing a change (preview). */
  changes: number;
  /** The first failure's message, to show why; undefined when nothing failed. */
  firstError?: string;
}

/**
 * A failure as a line of the report: an Error's message, a Genesys error body's status and message (the SDK
 * rejects with the bare body), or the value itself.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof Error) return error.message;
  const body = error as { status?: number; message?: string } | undefined;
  return body?.message !== undefined ? `${body.status ?? "?"} ${body.message}` : String(error);
}

/**
 * What a command did, or when it threw (a request of the benchmark's own process failed, say) the failure of
 * every attachment: one broken connection ends a phase of the benchmark, not the run.
 */
export async function outcomeOrFailure(command: () => Promise<CommandOutcome>, attachmentCount: number): Promise<CommandOutcome> {
  try {
    return await command();
  } catch (error) {
    return { failures: attachmentCount, changes: 0, firstError: describeFailure(error) };
  }
}

export interface DeploymentStrategy {
  readonly name: StrategyName;
  up(): Promise<CommandOutcome>;
  preview(): Promise<CommandOutcome>;
  destroy(): Promise<CommandOutcome>;
}

export const PHASES = ["first up", "no-change preview", "preview after drift", "repairing up", "destroy"] as const;
export type PhaseName = (typeof PHASES)[number];

export interface BenchConfig {
  /** N */
  attachmentCount: number;
  /** M */
  parentFlowCount: number;
  latencyMs: number;
  /** Default "interleaved". */
  order?: DeclarationOrder;
  /** T: the org's inbound call flows, the M parents among them. Default M. */
  orgInboundFlowCount?: number;
  /** Whether the Pulumi resource may list flows (`genesys:flowListing`). Default true. */
  listing?: boolean;
  /** Operations at once for both strategies (`pulumi up --parallel`); "all": as many as attachments. Default: the run's. */
  parallelism?: number | "all";
  /** The emulator's per-client limit per minute (0: off). Default: the run's. */
  rateLimitPerMinute?: number;
  /** How the org keeps its flows: the tutorial's graph (default) or Architect's Archy YAML, moved by jobs. */
  flowFormat?: FlowFormatName;
}

export interface PhaseMeasurement {
  phase: PhaseName;
  wallMs: number;
  /** Time at least one request was in flight (the emulator's log, from arrival to answer). */
  apiMs: number;
  requests: RequestSummary;
  outcome: CommandOutcome;
  /** The org right after the phase. */
  wiring: WiringCount;
  /** On an Architect org: the jobs the command registered, their polls, downloads and uploads. */
  jobs?: JobCounts;
}

export interface StrategyRun {
  strategy: StrategyName;
  phases: PhaseMeasurement[];
  /** Attachments the outsider changed or removed before "preview after drift". */
  driftedAttachments: number;
  /** Pulumi only: wall time of a command that declares nothing (host start and configure, no API calls). */
  hostStartMs?: number;
  /**
   * Pulumi only, where measured: wall time of the same first up with a provider that does nothing (no code
   * of ours, no request): what the engine's schedule and Pulumi's host cost by themselves.
   */
  engineBaselineMs?: number;
  /** Pulumi only, where measured: the same first up with a provider that loads our code and does nothing else. */
  loadOnlyBaselineMs?: number;
}

