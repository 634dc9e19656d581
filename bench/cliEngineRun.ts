// `npm run bench -- --engine cli`: first up, no-change preview and destroy through the real Pulumi CLI and
// through the engine replay, on the same configuration and a fresh emulator each, side by side; each CLI
// command's wall time split into CLI start, program, provider, API and finish (commandTimeSplit.ts). The
// section it renders goes into bench/RESULTS.md between its markers, beside the replay's figures.

import { startEmulator } from "../emulator";
import type { PulumiCli } from "../pulumiCli/locatePulumiCli";
import { PULUMI_CLI_VERSION } from "../pulumiCli/pulumiCliRelease";
import type { PlannedConfig } from "./benchOptions";
import { BENCH_ORG_ID, benchAttachments, benchSeed, DEPLOYER_CREDENTIALS } from "./benchOrg";
import { configLabel, markdownTable } from "./benchReport";
import { PulumiCliStrategy } from "./cliStrategy";
import { splitCommandTime, type CommandTimeSplit } from "./commandTimeSplit";
import { outcomeOrFailure, type CommandOutcome } from "./deploymentStrategy";
import { PulumiStrategy } from "./pulumiStrategy";
import { summarizeRequests, type RequestSummary } from "./requestStats";

export const CLI_ENGINE_PHASES = ["first up", "no-change preview", "destroy"] as const;
type CliEnginePhase = (typeof CLI_ENGINE_PHASES)[number];
type Engine = "replay" | "cli";

export interface EnginePhaseResult {
  config: PlannedConfig["config"];
  engine: Engine;
  phase: CliEnginePhase;
  wallMs: number;
  requests: RequestSummary;
  outcome: CommandOutcome;
  split?: CommandTimeSplit;
}

export interface EngineRunOptions {
  cli: PulumiCli;
  providerText: string;
  parallelism?: number;
  rateLimitPerMinute: number;
  log: (line: string) => void;
}

export async function runEngineComparison(plan: PlannedConfig, options: EngineRunOptions): Promise<EnginePhaseResult[]> {
  const results: EnginePhaseResult[] = [];
  for (const engine of ["replay", "cli"] as const) {
    const attachments = benchAttachments(plan.config);
    const emulator = await startEmulator({ seed: benchSeed(plan.config), latencyMs: plan.config.latencyMs, rateLimitPerMinute: options.rateLimitPerMinute, randomSeed: 1 });
    const cliStrategy =
      engine === "cli"
        ? await PulumiCliStrategy.create({ cli: options.cli, emulatorUrl: emulator.url, credentials: DEPLOYER_CREDENTIALS, attachments, parallelism: options.parallelism })
        : undefined;
    const strategy =
      cliStrategy ??
      new PulumiStrategy({ emulatorUrl: emulator.url, credentials: DEPLOYER_CREDENTIALS, attachments, providerText: options.providerText, parallelism: options.parallelism });
    try {
      const commands: Record<CliEnginePhase, () => Promise<CommandOutcome>> = {
        "first up": () => strategy.up(),
        "no-change preview": () => strategy.preview(),
        destroy: () => strategy.destroy(),
      };
      for (const phase of CLI_ENGINE_PHASES) {
        emulator.clearRequestLog();
        const startedAt = Date.now();
        const outcome = await outcomeOrFailure(commands[phase], attachments.length);
        const wallMs = Date.now() - startedAt;
        const requestLog = emulator.requestLog.filter((entry) => entry.orgId === undefined || entry.orgId === BENCH_ORG_ID);
        const split = cliStrategy ? splitCommandTime({ ...cliStrategy.lastCommandTimes(), requests: requestLog }) : undefined;
        results.push({ config: plan.config, engine, phase, wallMs, requests: summarizeRequests(requestLog), outcome, ...(split ? { split } : {}) });
        options.log(`${configLabel(plan.config)} ${engine}: ${phase} ${requestLog.length} req ${wallMs} ms${outcome.failures ? `, ${outcome.failures} failed: ${outcome.firstError}` : ""}`);
      }
    } finally {
      cliStrategy?.remove();
      await emulator.close();
    }
  }
  return results;
}

export function formatEngineTable(results: readonly EnginePhaseResult[]): string {
  const ms = (value: number | undefined) => (value === undefined ? "" : String(Math.round(value)));
  return markdownTable(
    ["N", "M", "latency", "phase", "engine", "requests", "429", "failures", "changes", "wall ms", "CLI + language host start", "program", "provider", "API", "finish"],
    results.map((result) => [
      String(result.config.attachmentCount),
      String(result.config.parentFlowCount),
      `${result.config.latencyMs} ms`,
      result.phase,
      result.engine === "cli" ? `pulumi ${PULUMI_CLI_VERSION}` : "engine replay",
      String(result.requests.total),
      String(result.requests.rateLimited),
      String(result.outcome.failures),
      String(result.outcome.changes),
      ms(result.wallMs),
      ms(result.split?.cliAndLanguageHostStartMs),
      ms(result.split?.programMs),
      ms(result.split?.providerMs),
      ms(result.split?.apiMs),
      ms(result.split?.finishMs),
    ]),
  );
}

const SECTION_START = "<!-- engine comparison: written by npm run bench -- --engine cli -->";
const SECTION_END = "<!-- end of engine comparison -->";

/** The report with its engine-comparison section replaced by `section` (appended when it has none). */
export function withEngineSection(report: string, section: string): string {
  const block = `${SECTION_START}\n${section.trim()}\n${SECTION_END}`;
  const start = report.indexOf(SECTION_START);
  const end = report.indexOf(SECTION_END);
  if (start === -1 || end === -1) return `${report.trimEnd()}\n\n${block}\n`;
  return `${report.slice(0, start)}${block}${report.slice(end + SECTION_END.length)}`;
}

/** The engine-comparison section a report holds, without its markers; undefined when it has none. */
export function engineSectionOf(report: string): string | undefined {
  const start = report.indexOf(SECTION_START);
  const end = report.indexOf(SECTION_END);
  return start === -1 || end === -1 ? undefined : report.slice(start + SECTION_START.length, end).trim();
}
