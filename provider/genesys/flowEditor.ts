// Group commit per flow: edits that arrive while a read-modify-write of the same flow is pending share one
// read and one write (a PUT of the graph, or one Architect import), and flows gathered together are read
// together; conflicts and uncertain writes re-read and re-apply; every write is verified. Format-free: the
// flow store reads and writes each format.

import { ParentFlow } from "../attachmentEdits";
import { Flow } from "../flowModel";
import { FlowDocument } from "../flowFormats/flowFormat";
import { formatOf } from "../flowFormats/formats";
import { FlowNotFoundError, InvalidFlowChangeError } from "./errors";
import { FlowRead, FlowStore } from "./flowStore";
import { RetryOptions, backoffDelayMs, resolveRetryOptions } from "./retryPolicy";
import { flowsToWriteNow, WaitingFlow } from "./roundScheduling";

/** A pure function of the current flow: its new logic (or none: nothing to write) and a result for the caller. */
export type FlowEdit<T> = (flow: ParentFlow) => { document?: FlowDocument; result: T };

export interface EditOutcome<T> {
  result: T;
  /** The flow after the write (as the service stored it), or as read when nothing was written. */
  flow: Flow;
  /** Its logic, in the org's format. */
  document: FlowDocument;
  /** Whether a write carrying this edit's change landed. */
  wrote: boolean;
}

export interface EditOptions {
  /**
   * For an edit that others like it may follow for the same flow, one operation of the engine each (the
   * removals of a destroy): this edit's key, and the keys of every such edit the flow as read still calls
   * for (for a removal: the trigger IDs of the stack's calls in it). A flow whose waiting edits cover them
   * all expects nothing more and is written at once; one that expects more may wait while other flows are
   * written, and gather the operations their writes let the engine hand over.
   */
  siblings?: { key: string; keysIn: (flow: ParentFlow) => readonly string[] };
}

export interface FlowEditorOptions {
  /** Read-modify-write rounds one edit may take part in (409s and uncertain writes start a new round). Default 8. */
  maxRounds?: number;
  /** Backoff between rounds (jittered); only delays, randomness and the clock are used. */
  retry?: RetryOptions;
  /**
   * A round waits until no edit (of any flow) and no announcement of one (`expectEdit`) has arrived for
   * this long (longer while many edits wait, see `collectBatch`) before it reads and writes. The engine hands over operations a few milliseconds
   * apart, spread over many flows; without the wait each would get a round of its own. Default 10.
   */
  batchWindowMs?: number;
  /**
   * The longest a round waits for edits, or their announcements, to stop arriving (only while they keep
   * coming), and the longest an edit waits while other flows are written. The engine hands over at most
   * `--parallel` operations before it waits for their results, and checks each resource once, so both stop
   * coming; with a large `--parallel` handing over takes about a millisecond of the host's time per
   * operation, and cutting it short costs another write of every flow. Default 10000.
   */
  maxBatchWaitMs?: number;
}

interface PendingEdit {
  edit: FlowEdit<unknown>;
  siblings: EditOptions["siblings"];
  /** When the edit arrived (`retry.now()`). */
  arrivedAtMs: number;
  resolve: (outcome: EditOutcome<unknown>) => void;
  reject: (error: unknown) => void;
  rounds: number;
  /** Set after a batch was refused as invalid: this edit is then written on its own to find the culprit. */
  alone: boolean;
}

interface Applied {
  pending: PendingEdit;
  result: unknown;
  /** Whether this edit changed the graph. */
  contributed: boolean;
}

/** A round's read, held as a value: a failed read fails that flow's edits, not the gathering. */
type RoundRead = { read: FlowRead | undefined } | { error: unknown };

interface FlowQueue {
  waiting: PendingEdit[];
  /** A round of this flow is writing, or waiting out its backoff: edits arriving now wait for the next. */
  committing: boolean;
  /** Rounds in a row put back after a conflict or an unconfirmed write: the backoff before the next one. */
  retries: number;
  /** The next round must see the org as it is now, not what this command read before. */
  readFresh: boolean;
  /** A read made after the last write attempt (settling an uncertain write), used instead of a new read. */
  freshRead?: FlowRead;
}

export class FlowEditor {
  private readonly queues = new Map<string, FlowQueue>();
  private readonly maxRounds: number;
  private readonly retry: ReturnType<typeof resolveRetryOptions>;
  private readonly batchWindowMs: number;
  private readonly maxBatchWaitMs: number;
  /** Edits received, edits announced (`expectEdit`) and rounds settled: a gathering waits while they keep coming. */
  private arrivals = 0;
  /** Edits received and not yet settled, of any flow: how long a stream of operations the batch is part of. */
  private editsPending = 0;
  /** Edits received, ever, and as of the last round settled (undefined until one has); when the last arrived. */
  private editsReceived = 0;
  private editsReceivedWhenLastSettled: number | undefined;
  private lastEditAtMs = 0;
  /**
   * The engine's pace: how far apart it hands over operations while it has slots free (gaps between two
   * edits with no round settling between them), as a moving average. The CLI saves its state after each
   * operation, so its operations come 10 to 40 ms apart on two cores; a gathering's quiet must outlast that.
   */
  private handOverGapMs = 0;
  private roundsUnderWay = 0;
  private gathering = false;

  constructor(
    private readonly store: FlowStore,
    options: FlowEditorOptions = {},
  ) {
    this.maxRounds = options.maxRounds ?? 8;
    if (!Number.isInteger(this.maxRounds) || this.maxRounds < 1) {
      throw new TypeError(`Expected \`maxRounds\` to be a positive integer, got ${String(options.maxRounds)}.`);
    }
    this.retry = resolveRetryOptions(options.retry);
    this.batchWindowMs = options.batchWindowMs ?? 10;
    this.maxBatchWaitMs = options.maxBatchWaitMs ?? 10_000;
    for (const [key, value] of [["batchWindowMs", this.batchWindowMs], ["maxBatchWaitMs", this.maxBatchWaitMs]] as const) {
      if (!Number.isFinite(value) || value < 0) {
        throw new TypeError(`Expected \`${key}\` to be a non-negative number, got ${String(options[key])}.`);
      }
    }
  }

  /**
   * Applies `edit` to the flow's current graph together with every other edit pending for the flow, in
   * one verified write. The edit may run more than once (after a conflict) and must stay pure. If it
   * throws, only this call fails. A missing flow fails with `FlowNotFoundError`.
   */
  editFlow<T>(flowId: string, edit: FlowEdit<T>, options: EditOptions = {}): Promise<EditOutcome<T>> {
    this.editsPending++;
    const outcome = new Promise<EditOutcome<T>>((resolve, reject) => {
      let queue = this.queues.get(flowId);
      if (!queue) {
        queue = { waiting: [], committing: false, retries: 0, readFresh: false };
        this.queues.set(flowId, queue);
      }
      this.learnPace();
      queue.waiting.push({ edit, siblings: options.siblings, arrivedAtMs: this.lastEditAtMs, resolve: resolve as PendingEdit["resolve"], reject, rounds: 0, alone: false });
      this.arrivals++;
      this.editsReceived++;
      this.gather();
    });
    const settled = () => {
      this.editsPending--;
    };
    outcome.then(settled, settled);
    return outcome;
  }

  /** Updates the engine's pace with the gap since the last edit, when it handed both over with a slot free. */
  private learnPace(): void {
    const nowMs = this.retry.now();
    const gapMs = nowMs - this.lastEditAtMs;
    const settledBetween = this.editsReceivedWhenLastSettled === this.editsReceived;
    if (this.editsReceived > 0 && !settledBetween && gapMs < HANDING_OVER_PAUSE_MS) {
      this.handOverGapMs += PACE_WEIGHT * (gapMs - this.handOverGapMs);
    }
    this.lastEditAtMs = nowMs;
  }

  /** Starts a gathering unless one runs: on an edit's arrival, and when a round settles. */
  private gather(): void {
    if (this.gathering) return;
    this.gathering = true;
    void this.gatherRounds().finally(() => {
      this.gathering = false;
      // An edit that arrived as the gathering ended; with a round under way, its settling gathers again.
      if (this.roundsUnderWay === 0 && this.readyQueues().length > 0) this.gather();
    });
  }

  /**
   * Once edits stop arriving (`collectBatch`), every waiting flow is read, all in one go (one `?id=` request
   * for the flows this command has not read yet, none for the others), and the flows `flowsToWriteNow` picks
   * are written. The others wait for the next gathering, which the settling of a round starts.
   */
  private async gatherRounds(): Promise<void> {
    for (;;) {
      if (this.readyQueues().length === 0) return;
      await this.collectBatch();
      const ready = this.readyQueues();
      const reads = await Promise.all(ready.map(([flowId, queue]) => this.readForRound(flowId, queue)));
      const waiting = ready.map(([flowId, queue], index) => this.waitingFlow(flowId, queue, reads[index]));
      const last = this.editsReceivedWhenLastSettled;
      const moreHandedOver = last !== undefined && this.editsReceived > last;
      const stillHandingOver = this.retry.now() - this.lastEditAtMs < HANDING_OVER_PAUSE_MS;
      const now = new Set(flowsToWriteNow({ waiting, roundsUnderWay: this.roundsUnderWay, moreHandedOver, stillHandingOver }));
      if (now.size === 0) return;
      ready.forEach(([flowId, queue], index) => {
        if (now.has(flowId)) void this.runRound(flowId, queue, reads[index]);
      });
    }
  }

  /** Flows with edits waiting and no round under way. */
  private readyQueues(): Array<[string, FlowQueue]> {
    return [...this.queues].filter(([, queue]) => !queue.committing && queue.waiting.length > 0);
  }

  /** What the scheduling rule needs of one waiting flow, read as `read`. */
  private waitingFlow(flowId: string, queue: FlowQueue, read: RoundRead): WaitingFlow {
    const flow = "read" in read && read.read ? { id: read.read.flow.id, name: read.read.flow.name, document: read.read.document } : undefined;
    const waitedLongEnough = this.retry.now() - queue.waiting[0].arrivedAtMs >= this.maxBatchWaitMs;
    return { flowId, edits: queue.waiting.length, expected: flow && expectedEdits(flow, queue.waiting), due: !flow || queue.waiting[0].alone || waitedLongEnough };
  }

  /** One read-modify-write of the flow, then its backoff if its edits were put back; a settled round lets the engine hand over more. */
  private async runRound(flowId: string, queue: FlowQueue, read: RoundRead): Promise<void> {
    queue.committing = true;
    this.roundsUnderWay++;
    try {
      if (await this.commitRound(flowId, queue, read)) {
        queue.retries++;
        queue.readFresh = true;
        await this.retry.sleep(backoffDelayMs(queue.retries, this.retry));
      } else {
        queue.retries = 0;
      }
    } finally {
      queue.committing = false;
      this.roundsUnderWay--;
      if (queue.waiting.length === 0) this.queues.delete(flowId);
      // The engine answers each settled operation with its next one: the quiet starts again.
      this.arrivals++;
      this.editsReceivedWhenLastSettled = this.editsReceived;
      this.gather();
    }
  }

  /**
   * Says an edit is likely to follow soon: the engine checks each resource, one at a time, before it
   * hands over its create or update, so while checks keep coming a gathering round keeps waiting for the
   * edits behind them (never longer than `maxBatchWaitMs`, so an edit that never comes costs only that).
   */
  expectEdit(): void {
    this.arrivals++;
  }

  /**
   * Waits while edits (or announcements of them) keep arriving, at most `maxBatchWaitMs`. A quiet
   * `batchWindowMs` ends the wait, and a longer one while many edits are waiting: an engine limited to a
   * few operations at once stops handing them over once those wait here, while one handing over hundreds
   * pauses now and then on a busy machine, and ending the batch in such a pause costs a second write of
   * every flow. After each wait, requests that reached the process meanwhile are taken in before the count
   * is compared.
   */
  private async collectBatch(): Promise<void> {
    if (this.batchWindowMs <= 0) return;
    const startedAtMs = this.retry.now();
    let seen = this.arrivals;
    let quietSinceMs = startedAtMs;
    for (;;) {
      await this.retry.sleep(this.batchWindowMs);
      await new Promise<void>((resolve) => setImmediate(resolve));
      const nowMs = this.retry.now();
      if (this.arrivals !== seen) {
        seen = this.arrivals;
        quietSinceMs = nowMs;
      }
      const quietNeededMs = Math.min(MAX_STREAM_QUIET_MS, Math.max(this.batchWindowMs + this.editsPending * STREAM_QUIET_PER_EDIT_MS, PACE_QUIET_FACTOR * this.handOverGapMs));
      if (nowMs - quietSinceMs >= quietNeededMs || nowMs - startedAtMs >= this.maxBatchWaitMs) return;
    }
  }

  /**
   * The flow a round starts from: a read settling the last write when there is one, else a read (afresh after
   * a conflict or an unconfirmed write; otherwise what the command read before, or our own last write: a
   * stale version only costs a 409 and a re-read); never rejects.
   */
  private async readForRound(flowId: string, queue: FlowQueue): Promise<RoundRead> {
    const settled = queue.freshRead;
    const fresh = queue.readFresh;
    queue.freshRead = undefined;
    queue.readFresh = false;
    try {
      return { read: settled ?? (await this.store.read(flowId, { fresh })) };
    } catch (error) {
      return { error };
    }
  }

  /**
   * One read-modify-write. Edits that arrive until both the read and the batch are done join this round. Returns true when
   * edits were put back for another round after a conflict or an unconfirmed write.
   */
  private async commitRound(flowId: string, queue: FlowQueue, roundRead: RoundRead): Promise<boolean> {
    if ("error" in roundRead) {
      this.failAll(queue.waiting.splice(0), roundRead.error);
      return false;
    }
    const read = roundRead.read;
    if (!read) {
      this.failAll(queue.waiting.splice(0), new FlowNotFoundError(flowId));
      return false;
    }
    const batch = takeBatch(queue);
    for (const pending of batch) {
      pending.rounds++;
    }

    const applied: Applied[] = [];
    const flow = { id: read.flow.id, name: read.flow.name, type: read.flow.type };
    let document = read.document;
    for (const pending of batch) {
      try {
        // Edits are pure and documents are never changed in place, so each edit sees the last one's result.
        const { document: next, result } = pending.edit({ id: flow.id, name: flow.name, document });
        const format = formatOf(document);
        const contributed = next !== undefined && !format.sameDocument(next, document);
        if (next && contributed) {
          const problems = format.problemsBeforeWrite(next, flow);
          if (problems.length > 0) {
            throw new InvalidFlowChangeError(flowId, problems);
          }
          document = next;
        }
        applied.push({ pending, result, contributed });
      } catch (error) {
        pending.reject(error);
      }
    }

    if (!applied.some((entry) => entry.contributed)) {
      for (const entry of applied) {
        entry.pending.resolve({ result: entry.result, flow: structuredClone(read.flow), document: read.document, wrote: false });
      }
      return false;
    }

    const written = await this.store.write(read, document);
    switch (written.kind) {
      case "landed":
        for (const entry of applied) {
          entry.pending.resolve({ result: entry.result, flow: structuredClone(written.written.flow), document: written.written.document, wrote: entry.contributed });
        }
        return false;
      case "retry":
        queue.freshRead = written.freshRead;
        return this.requeue(queue, applied, written.error);
      case "invalid":
        // The service refused the combined change; if several edits made it, write each alone to find the one.
        if (applied.filter((entry) => entry.contributed).length > 1) {
          for (const entry of applied) {
            entry.pending.alone = true;
          }
          queue.waiting.unshift(...applied.map((entry) => entry.pending));
          return false;
        }
        this.failAfterFirstContributor(queue, applied, read, written.error);
        return false;
      case "failed":
        this.failAfterFirstContributor(queue, applied, read, written.error);
        return false;
    }
  }

  /** Puts the batch back at the front for a fresh round; edits out of rounds fail with the last error. */
  private requeue(queue: FlowQueue, applied: Applied[], error: unknown): boolean {
    const again: PendingEdit[] = [];
    for (const entry of applied) {
      if (entry.pending.rounds >= this.maxRounds) {
        entry.pending.reject(error);
      } else {
        again.push(entry.pending);
      }
    }
    queue.waiting.unshift(...again);
    return again.length > 0;
  }

  /**
   * A write that failed for good fails the edits that shaped it. Edits applied after the first of them saw
   * a graph that never existed, so they run again on a fresh read; edits before it saw the real flow.
   */
  private failAfterFirstContributor(queue: FlowQueue, applied: Applied[], read: FlowRead, error: unknown): void {
    const firstContributor = applied.findIndex((entry) => entry.contributed);
    const rerun: PendingEdit[] = [];
    applied.forEach((entry, index) => {
      if (entry.contributed) {
        entry.pending.reject(error);
      } else if (index > firstContributor) {
        rerun.push(entry.pending);
      } else {
        // Decided on the flow as read, which is still the truth: the answer stands.
        entry.pending.resolve({ result: entry.result, flow: structuredClone(read.flow), document: read.document, wrote: false });
      }
    });
    queue.waiting.unshift(...rerun);
  }

  private failAll(pendings: PendingEdit[], error: unknown): void {
    for (const pending of pendings) {
      pending.reject(error);
    }
  }
}

/**
 * The longest pause between two operations of an engine that still has more to hand over. The CLI saves its
 * state after each operation before it hands over the next one: measured up to about 0.25 s on two cores.
 */
const HANDING_OVER_PAUSE_MS = 500;
/** The weight of the newest gap in the engine's pace (an exponential moving average). */
const PACE_WEIGHT = 0.2;
/**
 * A gathering's quiet lasts at least this many times the engine's pace, so that a pause (every slot waiting
 * for our writes) ends it, not a gap: the CLI's gaps vary from a few to over 100 ms. Measured through the CLI
 * (50 removals over 5 flows at `--parallel 8`): 2 gave 22 to 26 requests, 4 gave 19 or 20, 6 gave 17 to 20.
 */
const PACE_QUIET_FACTOR = 4;
/** How much longer the quiet that ends a batch gets per edit waiting (of any flow). */
const STREAM_QUIET_PER_EDIT_MS = 0.5;
/** The longest quiet a batch waits for, however many edits came in. */
const MAX_STREAM_QUIET_MS = 500;

/** Every waiting edit, or only the first when it must be written alone. */
function takeBatch(queue: FlowQueue): PendingEdit[] {
  if (queue.waiting[0]?.alone) {
    return queue.waiting.splice(0, 1);
  }
  const aloneAt = queue.waiting.findIndex((pending) => pending.alone);
  return queue.waiting.splice(0, aloneAt === -1 ? queue.waiting.length : aloneAt);
}

/**
 * Edits of the flow that may still come besides those waiting, when every waiting edit says which (see
 * `EditOptions.siblings`): the keys the flow still calls for that no waiting edit has.
 */
function expectedEdits(flow: ParentFlow, waiting: readonly PendingEdit[]): number | undefined {
  const waitingKeys = new Set<string>();
  const calledFor = new Set<string>();
  for (const pending of waiting) {
    if (!pending.siblings) return undefined;
    waitingKeys.add(pending.siblings.key);
    for (const key of pending.siblings.keysIn(flow)) calledFor.add(key);
  }
  return [...calledFor].filter((key) => !waitingKeys.has(key)).length;
}
