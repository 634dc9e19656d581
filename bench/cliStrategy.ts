// The project's way through the real Pulumi CLI: the root program, its stack config holding the bench's
// attachments, run with `pulumi up`, `preview` and `destroy` on a copy of the root project. Each command
// records its spawn and exit and, through processTimeline.ts, when the program and provider host started.

import * as fs from "node:fs";
import * as path from "node:path";
import { WIRING_CONFIG_KEY } from "../program/wiringConfig";
import type { PulumiCli } from "../pulumiCli/locatePulumiCli";
import type { PulumiResult } from "../pulumiCli/pulumiCommand";
import { RootProjectCopy } from "../pulumiCli/rootProjectCopy";
import type { BenchAttachment } from "./benchOrg";
import type { CommandOutcome } from "./deploymentStrategy";
import { readTimeline, type TimelineEntry } from "./processTimeline";

const STACK = "bench";
const PROCESS_TIMELINE_PRELOAD = path.join(__dirname, "processTimeline.js");

export interface CliCommandTimes {
  spawnedAtMs: number;
  exitedAtMs: number;
  timeline: TimelineEntry[];
}

export class PulumiCliStrategy {
  private lastTimes: CliCommandTimes | undefined;
  private commandCount = 0;

  private constructor(
    private readonly project: RootProjectCopy,
    private readonly clientSecret: string,
    private readonly parallelism: number | undefined,
  ) {}

  static async create(options: {
    cli: PulumiCli;
    emulatorUrl: string;
    credentials: { clientId: string; clientSecret: string };
    attachments: readonly BenchAttachment[];
    /** `--parallel`; default the CLI's own. */
    parallelism?: number;
  }): Promise<PulumiCliStrategy> {
    const attachments = Object.fromEntries(options.attachments.map(({ name, ...inputs }) => [name, inputs]));
    const project = await RootProjectCopy.create({
      cli: options.cli,
      apiUrl: options.emulatorUrl,
      stacks: [STACK],
      stackConfigs: { [STACK]: { "genesys:clientId": options.credentials.clientId, [WIRING_CONFIG_KEY]: { attachments } } },
    });
    return new PulumiCliStrategy(project, options.credentials.clientSecret, options.parallelism);
  }

  /** `pulumi up --skip-preview`: the update alone, as the harness measures it (a preview of new resources makes no API call). */
  async up(): Promise<CommandOutcome> {
    return outcomeOfUpdate(await this.run(["up", "--yes", "--skip-preview", ...this.parallelFlag()]));
  }

  async preview(): Promise<CommandOutcome> {
    const result = await this.run(["preview", "--json", ...this.parallelFlag()]);
    if (result.status !== 0) return failed(result);
    const steps = (JSON.parse(result.stdout) as { steps?: Array<{ op: string; urn: string }> }).steps ?? [];
    return { failures: 0, changes: steps.filter((step) => step.op !== "same" && !step.urn.includes("pulumi:pulumi:Stack")).length };
  }

  async destroy(): Promise<CommandOutcome> {
    return outcomeOfUpdate(await this.run(["destroy", "--yes", "--skip-preview", ...this.parallelFlag()]));
  }

  /** When the last command was spawned and exited, and which Node.js processes it started when. */
  lastCommandTimes(): CliCommandTimes {
    if (!this.lastTimes) throw new Error("no command has run yet");
    return this.lastTimes;
  }

  remove(): void {
    this.project.remove();
  }

  private parallelFlag(): string[] {
    return this.parallelism === undefined ? [] : ["--parallel", String(this.parallelism)];
  }

  private async run(args: string[]): Promise<PulumiResult> {
    const timelineFile = path.join(this.project.directory, `timeline-${++this.commandCount}.jsonl`);
    const spawnedAtMs = Date.now();
    const result = await this.project.pulumi([...args, "--non-interactive", "--stack", STACK], {
      GENESYS_CLIENT_SECRET: this.clientSecret,
      BENCH_PROCESS_TIMELINE: timelineFile,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require ${PROCESS_TIMELINE_PRELOAD}`].filter(Boolean).join(" "),
    });
    const exitedAtMs = Date.now();
    this.lastTimes = { spawnedAtMs, exitedAtMs, timeline: readTimeline(timelineFile) };
    fs.rmSync(timelineFile, { force: true });
    return result;
  }
}

/** The attachments the display reports as done: rows such as `... SubflowAttachment attach-001 created (0.1s)`. */
function outcomeOfUpdate(result: PulumiResult): CommandOutcome {
  const changes = result.stdout.split("\n").filter((line) => /SubflowAttachment \S+ (created|updated|deleted|replaced) \(/.test(line)).length;
  if (result.status !== 0) return { ...failed(result), changes };
  return { failures: 0, changes };
}

function failed(result: PulumiResult): CommandOutcome {
  const errored = Number(/(\d+) errored/.exec(result.stdout)?.[1] ?? 1);
  const firstError = `${result.stdout}\n${result.stderr}`.split("\n").find((line) => /error:/.test(line))?.trim() ?? `${result.command} exited ${result.status}`;
  return { failures: errored, changes: 0, firstError };
}
