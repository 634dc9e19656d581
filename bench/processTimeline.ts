// Preloaded (`node --require`) into every Node.js process a benchmarked `pulumi` command starts, when
// BENCH_PROCESS_TIMELINE names a file: records when the program (@pulumi/pulumi's runner) and the
// provider host (its dynamic-provider host) started, one JSON line each, so a command's wall time can be
// split into CLI start, program and provider time. Other Node.js processes are left unrecorded.

import * as fs from "node:fs";
import { performance } from "node:perf_hooks";

export type TimelineRole = "program" | "provider";

export interface TimelineEntry {
  role: TimelineRole;
  /** Epoch milliseconds at which the process started. */
  startedAtMs: number;
}

export function roleOfScript(script: string | undefined): TimelineRole | undefined {
  if (script === undefined) return undefined;
  if (/[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]run([\\/]|$)/.test(script)) return "program";
  if (/[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]dynamic-provider([\\/]|$)/.test(script)) return "provider";
  return undefined;
}

export function readTimeline(file: string): TimelineEntry[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as TimelineEntry);
}

const timelineFile = process.env.BENCH_PROCESS_TIMELINE;
const role = roleOfScript(process.argv[1]);
if (timelineFile && role) {
  const entry: TimelineEntry = { role, startedAtMs: performance.timeOrigin };
  fs.appendFileSync(timelineFile, `${JSON.stringify(entry)}\n`);
}
