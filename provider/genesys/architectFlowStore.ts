// Architect's format on the wire: a flow's logic is the Archy YAML of its published version, read through
// export jobs (reads asked together share one job; a published version never changes, so each is
// exported and parsed once per process) and written through an import job, which publishes. Every import
// is checked first (lock, unpublished work, a publish by someone else since the read) and verified after,
// by exporting the new version and comparing it with what was sent.

import { Flow } from "../flowModel";
import { ArchitectDocument } from "../flowFormats/flowFormat";
import { architectFormat } from "../flowFormats/architect/architectFormat";
import { ArchyFlow, parseArchyFlow, serializeArchyFlow } from "../flowFormats/architect/archyDocument";
import { ArchitectJobs, ImportOutcome } from "./architectJobs";
import { BatchAnswer, BatchGatherer, chunks } from "./batchGatherer";
import { ArchitectJobError, FlowLockedError, FlowNotFoundError, WriteVerificationError } from "./errors";
import { DocumentReadOptions, FlowRead, FormatStore, WriteOutcome } from "./flowStore";

/**
 * Flows exported by one job at most. Nothing public states a limit; a hundred keeps each download a few
 * megabytes and matches the service's page size.
 */
export const EXPORT_FLOWS_PER_JOB = 100;

/** Words a failed import's messages use when the flow is checked out by someone (the service's exact text is not public). */
const LOCK_WORDS = /\b(lock(ed)?|checked out|check(ed)?-out)\b/i;

export class ArchitectFlowStore implements FormatStore {
  /** The YAML of each published version exported so far, by flow ID, version and name: a published version never changes. */
  private readonly exported = new Map<string, Promise<string>>();
  /**
   * Each export parsed once, shared by every reader: a parsed flow is never changed (edits work on a
   * copy). Parsing is most of the provider's own work on an Architect org, and a command reads each parent
   * once per attachment; parsing it each time kept the process busy in bursts long enough for the group
   * commit to take them for the end of the operations the engine hands over, and to write a flow twice.
   */
  private readonly parsed = new Map<string, ArchyFlow>();
  private readonly exports = new BatchGatherer<string>((keys) => this.exportBatch(keys));
  private readonly toExport = new Map<string, { id: string; name: string; version: string }>();

  /** Per flow type, the asking for all its flows that the first read of that type started (see `exportWithItsType`). */
  private readonly typesExported = new Map<string, Promise<void>>();

  constructor(
    private readonly jobs: ArchitectJobs,
    private readonly readEntity: (flowId: string, options: { fresh: boolean }) => Promise<Flow | undefined>,
    /** Every flow of a type, when the org has at most `maxFlows` of them (undefined otherwise, or with listing off). */
    private readonly flowsOfType: (type: string, maxFlows: number) => Promise<Flow[] | undefined>,
  ) {}

  async readDocument(flow: Flow, options: DocumentReadOptions = { fresh: false }): Promise<FlowRead> {
    const version = publishedVersionOf(flow);
    const key = { id: flow.id, name: flow.name, version };
    if (!options.alone) await this.exportWithItsType(flow);
    const text = await this.exportedYaml(key);
    return { flow, document: { format: "architect", archy: this.parsedYaml(key, text) } };
  }

  private parsedYaml(flow: { id: string; name: string; version: string }, text: string): ArchyFlow {
    const key = exportKey(flow);
    let archy = this.parsed.get(key);
    if (!archy) {
      // A text that does not parse is not kept: each read says so again.
      archy = parseArchyFlow(text, { name: flow.name, id: flow.id });
      this.parsed.set(key, archy);
    }
    return archy;
  }

  /**
   * The engine checks and diffs one resource at a time, so reads of a command's parents come one by one;
   * a job takes seconds, and costs the same requests for one flow or a hundred. So the first read of a
   * flow of some type asks, in the same job, for every flow of that type, when the org has no more than
   * one job's worth: the command's later reads of that type are then answered at once.
   */
  private exportWithItsType(flow: Flow): Promise<void> {
    let asked = this.typesExported.get(flow.type);
    if (!asked) {
      asked = this.flowsOfType(flow.type, EXPORT_FLOWS_PER_JOB).then(
        (companions) => {
          for (const companion of companions ?? []) {
            const version = companion.publishedVersion?.id;
            // Asked for in one turn with the reads waiting for this, so the gatherer sends them in one job; nobody waits for these.
            if (typeof version === "string") this.exportedYaml({ id: companion.id, name: companion.name, version }).catch(() => undefined);
          }
        },
        () => undefined,
      );
      this.typesExported.set(flow.type, asked);
    }
    return asked;
  }

  async write(read: FlowRead, document: ArchitectDocument): Promise<WriteOutcome> {
    const { flow } = read;
    const refusal = importRefusal(flow);
    if (refusal) return { kind: "failed", error: refusal };
    // An import carries no version to check, so a publish made since the read would be overwritten: look first.
    const current = await this.readEntity(flow.id, { fresh: true });
    if (!current) return { kind: "failed", error: new FlowNotFoundError(flow.id) };
    const refusedNow = importRefusal(current);
    if (refusedNow) return { kind: "failed", error: refusedNow };
    if (publishedVersionOf(current) !== publishedVersionOf(flow)) {
      return {
        kind: "retry",
        error: new Error(
          `flow '${flow.name}' (${flow.id}) was published again (${publishedVersionOf(current)}) since it was read (${publishedVersionOf(flow)}); its edits are applied to a fresh read, ` +
            "and if publishes keep coming between the read and the import, nothing is written: run the command again once the flow is left alone",
        ),
      };
    }
    // An import finds its flow by name: under the name read, it would now make another flow.
    if (current.name !== flow.name) {
      return {
        kind: "retry",
        error: new Error(`flow '${flow.name}' (${flow.id}) was renamed '${current.name}' since it was read; its edits are applied to a fresh read, and if it keeps changing, nothing is written: run the command again`),
      };
    }
    let imported: ImportOutcome;
    try {
      imported = await this.jobs.importFlow(serializeArchyFlow(document.archy), { id: flow.id, name: flow.name });
    } catch (error) {
      if (error instanceof ArchitectJobError && error.jobMessages.some((message) => LOCK_WORDS.test(message))) {
        return { kind: "failed", error: lockedError(flow, error.message) };
      }
      // A job that failed says why in its messages; with several edits in it, each alone finds the one at fault.
      return { kind: error instanceof ArchitectJobError && error.reason === "failure" ? "invalid" : "failed", error };
    }
    // An import finds its flow by type and name: one that made or changed another flow is no write of this one.
    if (imported.flowId !== flow.id || imported.command === "Create") {
      const what = `${imported.command ?? "an import"} of flow ${imported.flowId ?? "(none named)"}`;
      return { kind: "failed", error: new WriteVerificationError(flow.id, [`import job ${imported.jobId} answered with ${what}, not an update of this flow; check the flows named '${flow.name}' in Architect`]) };
    }
    return this.verify(flow, document);
  }

  /** Exports the version the import made and checks it holds what was sent. */
  private async verify(before: Flow, sent: ArchitectDocument): Promise<WriteOutcome> {
    const after = await this.readEntity(before.id, { fresh: true });
    if (!after) return { kind: "failed", error: new FlowNotFoundError(before.id) };
    const was = publishedVersionOf(before);
    const now = after.publishedVersion?.id;
    if (now === undefined || now === was) {
      return { kind: "failed", error: new WriteVerificationError(before.id, [`the import job succeeded, but the flow's published version is still ${now ?? "none"}`]) };
    }
    const skipped = versionsBetween(was, now);
    if (skipped > 0) {
      return {
        kind: "failed",
        error: new WriteVerificationError(before.id, [
          `the published version went from ${was} to ${now}: ${skipped} other publish(es) happened while this import ran, and one overwrote the other; compare the versions in Architect`,
        ]),
      };
    }
    const written = await this.readDocument(after);
    const problems = architectFormat.storedProblems(sent, written.document as ArchitectDocument);
    if (problems.length > 0) return { kind: "failed", error: new WriteVerificationError(before.id, problems) };
    return { kind: "landed", written };
  }

  private exportedYaml(flow: { id: string; name: string; version: string }): Promise<string> {
    const key = exportKey(flow);
    let text = this.exported.get(key);
    if (!text) {
      this.toExport.set(key, flow);
      text = this.exports.request(key);
      this.exported.set(key, text);
      // A failed export is not kept: the next read asks again.
      text.catch(() => this.exported.get(key) === text && this.exported.delete(key));
    }
    return text;
  }

  /**
   * One export job for every flow asked for together (in jobs of at most `EXPORT_FLOWS_PER_JOB`). When a job
   * fails with several flows in it, each is exported alone, so one flow the service cannot export (deleted
   * meanwhile, say) fails only its own read.
   */
  private async exportBatch(keys: string[]): Promise<BatchAnswer<string>> {
    const flows = keys.map((key) => this.toExport.get(key)!);
    const jobs = exportJobsFor(flows);
    if (jobs.length > 1) {
      const parts = await Promise.all(jobs.map((job) => this.exportBatch(job.map(exportKey))));
      return new Map(parts.flatMap((part) => [...part]));
    }
    const answers: BatchAnswer<string> = new Map();
    try {
      const files = await this.jobs.exportFlows(flows);
      keys.forEach((key, index) => answers.set(key, { value: files.get(flows[index].id)! }));
    } catch (error) {
      // Only a job that ended in Failure may owe it to one of its flows; one that did not end says nothing of them.
      if (keys.length === 1 || !(error instanceof ArchitectJobError && error.reason === "failure")) throw error;
      await Promise.all(
        keys.map(async (key) => {
          const alone = await this.exportBatch([key]).catch((failure: unknown): BatchAnswer<string> => new Map([[key, { error: failure }]]));
          answers.set(key, alone.get(key)!);
        }),
      );
    }
    return answers;
  }
}

/**
 * The flows to export, in jobs of at most `EXPORT_FLOWS_PER_JOB` that hold each flow once: a job's files are
 * told apart by flow ID, so two versions (or names) of one flow asked for together go in jobs of their own.
 */
export function exportJobsFor<T extends { id: string }>(flows: readonly T[]): T[][] {
  const rounds: T[][] = [];
  const timesAsked = new Map<string, number>();
  for (const flow of flows) {
    const round = timesAsked.get(flow.id) ?? 0;
    timesAsked.set(flow.id, round + 1);
    (rounds[round] ??= []).push(flow);
  }
  return rounds.flatMap((round) => chunks(round, EXPORT_FLOWS_PER_JOB));
}

/**
 * What the caches know an export by: the flow's ID and published version, which never changes, and its name,
 * since a rename changes what an export says of the flow without a new version.
 */
function exportKey(flow: { id: string; name: string; version: string }): string {
  return `${flow.id}\u0000${flow.version}\u0000${flow.name}`;
}

/** The version an export reads and an import builds on: the published one, which is what runs. */
function publishedVersionOf(flow: Flow): string {
  const version = flow.publishedVersion?.id;
  if (typeof version !== "string" || version === "") {
    throw new Error(`flow '${flow.name}' (${flow.id}) has never been published, so Architect has no published configuration to read or build on; publish it in Architect first`);
  }
  return version;
}

/** Why an import must not run now: the flow is checked out, or holds saved work that is not published. */
export function importRefusal(flow: Flow): Error | undefined {
  if (flow.lockedUser || flow.lockedClient) {
    const user = field(flow.lockedUser, "name");
    const client = field(flow.lockedClient, "id");
    return lockedError(flow, `it is checked out by ${user ?? (client === undefined ? "someone" : `OAuth client ${client}`)}`);
  }
  const published = publishedVersionOf(flow);
  const unpublished = [field(flow.savedVersion, "id"), field(flow.checkedInVersion, "id")].find((id) => id !== undefined && id !== published);
  if (unpublished !== undefined) {
    return new Error(
      `flow '${flow.name}' (${flow.id}) has a saved version ${String(unpublished)} that is not published (published: ${published}); an import builds on the published version and publishes, ` +
        "which would drop or release that work. Publish or discard it in Architect, then run the command again; nothing was written.",
    );
  }
  return undefined;
}

/** A string field of an object the entity may carry, whatever the wire type says of it. */
function field(value: unknown, key: string): string | undefined {
  const item = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof item === "string" ? item : undefined;
}

function lockedError(flow: Flow, why: string): FlowLockedError {
  return new FlowLockedError(
    `flow '${flow.name}' (${flow.id}) cannot be changed: ${why} in Architect; nothing was written. Ask them to check it in, or have an Architect admin unlock it ` +
      `(Architect's Unlock, or POST /api/v2/flows/actions/unlock?flow=${flow.id} with architect:flow:unlock), then run the command again. This tool never unlocks a flow itself.`,
  );
}

/** Publishes between two versions `N.0` (none when they are not of that form, which nothing public promises). */
function versionsBetween(was: string, now: string): number {
  const [before, after] = [was, now].map((version) => /^(\d+)(?:\.0)?$/.exec(version)?.[1]);
  return before === undefined || after === undefined ? 0 : Math.max(0, Number(after) - Number(before) - 1);
}
