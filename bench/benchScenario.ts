// One benchmark run of one strategy on a fresh emulator: first up, no-change preview, drift made by another client
// in a tenth of the parent flows, preview, repairing up, destroy, each measured from the emulator's log and jobs and
// a wall clock around the command alone; a request of the benchmark's own that fails is a failure of its phase.

import { performance } from "node:perf_hooks";
import { startEmulator, type FaultSettings, type RunningEmulator } from "../emulator";
import { OutsideArchitect } from "../emulator/outsideArchitect";
import { OutsideWriter } from "../emulator/outsideWriter";
import { LATEST_PUBLISHED, moduleVariable } from "../provider/flowFormats/architect/archyCalls";
import { actionsNamed } from "../provider/flowFormats/architect/archyDocument";
import { findTrigger, replaceTriggerProperties, spliceOut } from "../provider/flowFormats/graph/graphEdits";
import { BENCH_ORG_ID, BenchAttachment, benchAttachments, benchSeed, DEPLOYER_CREDENTIALS, flowFormatOf, OUTSIDER_CREDENTIALS, SHARED_FLOW_NAME } from "./benchOrg";
import { BenchConfig, CommandOutcome, DeploymentStrategy, describeFailure, outcomeOrFailure, PhaseMeasurement, PhaseName, PHASES, StrategyRun } from "./deploymentStrategy";
import { busyMs } from "./commandTimeSplit";
import { doNothingProviderText, loadOnlyProviderText, PulumiStrategy } from "./pulumiStrategy";
import { countJobs, summarizeRequests } from "./requestStats";
import { TutorialStrategy } from "./tutorialStrategy";
import { countWiring } from "./wiringCheck";

export interface ScenarioOptions {
  strategy: StrategyRun["strategy"];
  /** The serialized provider shell; required for the pulumi strategy. */
  providerText?: string;
  /** Operations at once for both strategies; default `pulumi up --parallel`'s. */
  parallelism?: number;
  /** The emulator's per-client limit (429 with Retry-After beyond it); default 0, off. */
  rateLimitPerMinute?: number;
  /**
   * Pulumi only: also time the first up with a provider that does nothing (`engineBaselineMs`), and with one
   * that only loads our code (`loadOnlyBaselineMs`).
   */
  engineBaseline?: boolean;
  /** Faults the emulator injects from the start, into every client's requests (the benchmark's own too). */
  faults?: FaultSettings;
}

/** Empty commands timed per run to measure the host's fixed start. */
export const HOST_START_SAMPLES = 3;

export async function runScenario(config: BenchConfig, options: ScenarioOptions): Promise<StrategyRun> {
  const architect = flowFormatOf(config) === "architect";
  if (architect && options.strategy === "tutorial") {
    throw new Error("The tutorial's script only exists for the graph format (it PUTs triggers and edges); run the Architect format with the pulumi strategy.");
  }
  const attachments = benchAttachments(config);
  const emulator = await startEmulator({ ...options.faults, seed: benchSeed(config), latencyMs: config.latencyMs, rateLimitPerMinute: options.rateLimitPerMinute ?? 0, randomSeed: 1 });
  try {
    let hostStartMs: number | undefined;
    let engineBaselineMs: number | undefined;
    let loadOnlyBaselineMs: number | undefined;
    let strategy: DeploymentStrategy;
    if (options.strategy === "pulumi") {
      if (options.providerText === undefined) throw new Error("The pulumi strategy needs `providerText`.");
      const pulumiOptions = {
        emulatorUrl: emulator.url,
        credentials: DEPLOYER_CREDENTIALS,
        attachments,
        providerText: options.providerText,
        parallelism: options.parallelism,
        listing: config.listing,
      };
      const pulumi = new PulumiStrategy(pulumiOptions);
      // The fastest of a few empty commands: a busy spell of the machine only ever adds time, and the least
      // subtracted is the strict choice for the target that subtracts it.
      const emptyCommands: number[] = [];
      for (let index = 0; index < HOST_START_SAMPLES; index++) emptyCommands.push((await timed(() => pulumi.startEmptyHost())).wallMs);
      hostStartMs = Math.min(...emptyCommands);
      if (options.engineBaseline) {
        const doNothing = new PulumiStrategy({ ...pulumiOptions, providerText: await doNothingProviderText() });
        engineBaselineMs = (await timed(() => doNothing.up())).wallMs;
        const loadingOurCode = new PulumiStrategy({ ...pulumiOptions, providerText: await loadOnlyProviderText() });
        loadOnlyBaselineMs = (await timed(() => loadingOurCode.up())).wallMs;
      }
      strategy = pulumi;
    } else {
      strategy = new TutorialStrategy({ emulator, credentials: DEPLOYER_CREDENTIALS, attachments, parallelism: options.parallelism });
    }

    const commands: Record<PhaseName, () => Promise<CommandOutcome>> = {
      "first up": () => strategy.up(),
      "no-change preview": () => strategy.preview(),
      "preview after drift": () => strategy.preview(),
      "repairing up": () => strategy.up(),
      destroy: () => strategy.destroy(),
    };
    const phases: PhaseMeasurement[] = [];
    let driftedAttachments = 0;
    for (const phase of PHASES) {
      let drift: DriftMade | undefined;
      if (phase === "preview after drift") {
        drift = await makeDrift(emulator, attachments, config.parentFlowCount);
        driftedAttachments = drift.drifted;
      }
      emulator.clearRequestLog();
      const jobsBefore = architect ? new Set(emulator.architectJobs(BENCH_ORG_ID).map((job) => job.id)) : undefined;
      const { value: outcome, wallMs } = await timed(() => outcomeOrFailure(commands[phase], attachments.length));
      const failures = outcome.failures + (drift?.failures ?? 0);
      const firstError = outcome.firstError ?? drift?.firstError;
      const requests = summarizeRequests(emulator.requestLog);
      const jobs = jobsBefore && countJobs(requests, emulator.architectJobs(BENCH_ORG_ID).filter((job) => !jobsBefore.has(job.id)));
      phases.push({
        phase,
        wallMs,
        apiMs: busyMs(emulator.requestLog.map((entry) => [entry.at.getTime(), entry.answeredAt.getTime()] as const)),
        outcome: { ...outcome, failures, ...(firstError !== undefined ? { firstError } : {}) },
        requests,
        wiring: countWiring(emulator, attachments),
        ...(jobs && { jobs }),
      });
    }
    return {
      strategy: options.strategy,
      phases,
      driftedAttachments,
      ...(hostStartMs !== undefined ? { hostStartMs } : {}),
      ...(engineBaselineMs !== undefined ? { engineBaselineMs } : {}),
      ...(loadOnlyBaselineMs !== undefined ? { loadOnlyBaselineMs } : {}),
    };
  } finally {
    await emulator.close();
  }
}

/** The drift the outsider made, and the edits it could not make (each a failure of the phase after it). */
interface DriftMade {
  drifted: number;
  failures: number;
  firstError?: string;
}

/** How many parent flows an outsider edits: a tenth of them, at least one. */
export function driftedFlowCount(parentFlowCount: number): number {
  return Math.max(1, Math.ceil(parentFlowCount / 10));
}

/** What the outsider does to a drifted parent's first attachment. */
type OutsideChange = "remove the call" | "change its callerPhone argument";

/**
 * Another client of the org edits the first attachment of each drifted parent: it removes the call in
 * every other flow and changes the call's arguments in the rest, as a person in Architect might. Its
 * login, and each edit, may fail (the connection broke): what failed is counted, and the rest is made.
 */
async function makeDrift(emulator: RunningEmulator, attachments: readonly BenchAttachment[], parentFlowCount: number): Promise<DriftMade> {
  const parentNames = [...new Set(attachments.map((attachment) => attachment.parentFlowName))].slice(0, driftedFlowCount(parentFlowCount));
  const made: DriftMade = { drifted: 0, failures: 0 };
  const failed = (what: string, error: unknown) => {
    made.failures += 1;
    made.firstError ??= `the outsider's ${what} failed: ${describeFailure(error)}`;
  };
  let editCall: OutsideCallEdit;
  try {
    editCall = emulator.flowFormat(BENCH_ORG_ID) === "architect" ? await architectOutsider(emulator) : await graphOutsider(emulator);
  } catch (error) {
    failed("login", error);
    return made;
  }
  for (const [index, parentName] of parentNames.entries()) {
    const target = attachments.find((attachment) => attachment.parentFlowName === parentName)!;
    try {
      if (await editCall(parentName, target.triggerId, index % 2 === 0 ? "remove the call" : "change its callerPhone argument")) made.drifted += 1;
    } catch (error) {
      failed(`edit of '${parentName}'`, error);
    }
  }
  return made;
}

/** An outsider's edit of one call in one parent flow; resolves whether the flow had the call. */
type OutsideCallEdit = (parentName: string, triggerId: string, change: OutsideChange) => Promise<boolean>;

/** On a graph org: a PUT of the parent's triggers and edges. */
async function graphOutsider(emulator: RunningEmulator): Promise<OutsideCallEdit> {
  const outsider = await OutsideWriter.connect(emulator, OUTSIDER_CREDENTIALS);
  return async (parentName, triggerId, change) => {
    const parentId = emulator.findFlowByName(BENCH_ORG_ID, parentName)?.id;
    if (parentId === undefined) return false;
    let changed = false;
    await outsider.editFlow(parentId, (flow) => {
      const trigger = findTrigger(flow, triggerId);
      changed = trigger !== undefined;
      if (!trigger) return;
      const graph =
        change === "remove the call"
          ? spliceOut(flow, triggerId)
          : replaceTriggerProperties(flow, triggerId, { ...trigger.properties, arguments: { callerPhone: "${Call.Dnis}" } });
      flow.triggers = graph.triggers;
      flow.edges = graph.edges;
    });
    return changed;
  };
}

/** On an Architect org: the parent's YAML through an export and an import job, which publishes it. */
async function architectOutsider(emulator: RunningEmulator): Promise<OutsideCallEdit> {
  const outsider = await OutsideArchitect.connect(emulator, OUTSIDER_CREDENTIALS);
  return async (parentName, triggerId, change) => {
    const parentId = emulator.findArchitectFlowByName(BENCH_ORG_ID, parentName, "inboundcall")?.id;
    if (parentId === undefined) return false;
    let changed = false;
    await outsider.editYaml(parentId, (document) => {
      const [call] = actionsNamed({ document, lineBreak: "\n" }, { name: parentName, id: parentId }, triggerId);
      changed = call !== undefined;
      if (!call) return;
      if (change === "remove the call") call.list.items.splice(call.index, 1);
      else call.body?.setIn(["commonModule", SHARED_FLOW_NAME, LATEST_PUBLISHED, "inputs", moduleVariable("callerPhone"), "exp"], "Call.Dnis");
    });
    return changed;
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; wallMs: number }> {
  const startedAt = performance.now();
  const value = await work();
  return { value, wallMs: performance.now() - startedAt };
}
