// Splits one real-CLI command's wall time into where it went, from the moments the bench can observe: the
// command's spawn and exit, the program's and the provider host's process starts (processTimeline.ts),
// and the emulator's request log (each request from arrival to answer). Pure, so it is tested on plain data.

import type { TimelineEntry } from "./processTimeline";

export interface CommandTimeSplit {
  /**
   * Spawn of `pulumi` to the program's start: the CLI, the engine and the language host starting. For a
   * command that runs no program (`destroy`), to the provider host's start.
   */
  cliAndLanguageHostStartMs: number;
  /** Program start to the provider host's start: the program loading and declaring, the engine checking. 0 without a program. */
  programMs: number;
  /** Time at least one API request was in flight. */
  apiMs: number;
  /** Provider host start to the last answer, less the API time: the provider's own work and waits. */
  providerMs: number;
  /** Last answer (or program start when no provider ran) to the command's exit: the engine finishing, display, shutdown. */
  finishMs: number;
}

export interface CommandTimes {
  spawnedAtMs: number;
  exitedAtMs: number;
  timeline: readonly TimelineEntry[];
  requests: ReadonlyArray<{ at: Date; answeredAt: Date }>;
}

export function splitCommandTime(times: CommandTimes): CommandTimeSplit {
  const program = earliest(times.timeline, "program");
  const provider = earliest(times.timeline, "provider");
  const apiMs = busyMs(times.requests.map((request) => [request.at.getTime(), request.answeredAt.getTime()]));
  const firstStarted = program ?? provider ?? times.spawnedAtMs;
  const lastAnswer = Math.max(firstStarted, ...times.requests.map((request) => request.answeredAt.getTime()));
  const providerStart = provider ?? lastAnswer;
  return {
    cliAndLanguageHostStartMs: firstStarted - times.spawnedAtMs,
    programMs: program === undefined ? 0 : Math.max(0, providerStart - program),
    apiMs,
    providerMs: Math.max(0, lastAnswer - providerStart - apiMs),
    finishMs: Math.max(0, times.exitedAtMs - lastAnswer),
  };
}

function earliest(timeline: readonly TimelineEntry[], role: TimelineEntry["role"]): number | undefined {
  const starts = timeline.filter((entry) => entry.role === role).map((entry) => entry.startedAtMs);
  return starts.length > 0 ? Math.min(...starts) : undefined;
}

/** The length of the union of [start, end] intervals. */
export function busyMs(intervals: ReadonlyArray<readonly [number, number]>): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let open: [number, number] | undefined;
  for (const [start, end] of sorted) {
    if (open === undefined || start > open[1]) {
      if (open) total += open[1] - open[0];
      open = [start, end];
    } else {
      open[1] = Math.max(open[1], end);
    }
  }
  return open ? total + open[1] - open[0] : total;
}
