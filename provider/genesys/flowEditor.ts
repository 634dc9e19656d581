// Group commit per flow: edits that arrive while a read-modify-write of the same flow is pending share one
// read and one write (a PUT of the graph, or one Architect import); conflicts and uncertain writes re-read
// and re-apply; every write is verified. Format-free: the flow store reads and writes each format.

import { ParentFlow } from "../attachmentEdits";
import { Flow } from "../flowModel";
import { FlowDocument } from "../flowFormats/flowFormat";
import { formatOf } from "../flowFormats/formats";
import { FlowNotFoundError, InvalidFlowChangeError } from "./errors";
import { FlowRead, FlowStore } from "./flowStore";
import { RetryOptions, backoffDelayMs, resolveRetryOptions } from "./retryPolicy";

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
   * coming). The engine hands over at most `--parallel` operations before it waits for their results, and
   * checks each resource once, so both stop coming; with a large `--parallel` handing over takes about a
   * millisecond of the host's time per operation, and cutting it short costs another write of every flow.
   * Default 10000.
   */
  maxBatchWaitMs?: number;
}

interface PendingEdit {
  edit: FlowEdit<unknown>;
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

/** A round's read, held as a value so that it can be in flight (and fail) while the batch gathers. */
type RoundRead = { read: FlowRead | undefined } | { error: unknown };

interface FlowQueue {
  waiting: PendingEdit[];
  running: boolean;
  /** A read made after the last write attempt (settling an uncertain write), used instead of a new read. */
  freshRead?: FlowRead;
}

export class FlowEditor {
  private readonly queues = new Map<string, FlowQueue>();
  private readonly maxRounds: number;
  private readonly retry: ReturnType<typeof resolveRetryOptions>;
  private readonly batchWindowMs: number;
  private readonly maxBatchWaitMs: number;
  /** Edits received and edits announced (`expectEdit`): a round waits while either keeps coming. */
  private arrivals = 0;
  /** Edits received and not yet settled, of any flow: how long a stream of operations the batch is part of. */
  private editsPending = 0;

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
  editFlow<T>(flowId: string, edit: FlowEdit<T>): Promise<EditOutcome<T>> {
    this.editsPending++;
    const outcome = new Promise<EditOutcome<T>>((resolve, reject) => {
      let queue = this.queues.get(flowId);
      if (!queue) {
        queue = { waiting: [], running: false };
        this.queues.set(flowId, queue);
      }
      queue.waiting.push({ edit, resolve: resolve as PendingEdit["resolve"], reject, rounds: 0, alone: false });
      this.arrivals++;
      if (!queue.running) {
        queue.running = true;
        void this.drain(flowId, queue);
      }
    });
    const settled = () => {
      this.editsPending--;
    };
    outcome.then(settled, settled);
    return outcome;
  }

  private async drain(flowId: string, queue: FlowQueue): Promise<void> {
    let round = 0;
    try {
      while (queue.waiting.length > 0) {
        // A round after a conflict or an unconfirmed write must see the org as it is now; the first may use
        // what this command read before (or our own last write): a stale version only costs a 409 and a re-read.
        // The read goes out while the batch gathers: edits are applied only once both are done.
        const read = this.readForRound(flowId, queue, round > 0);
        await this.collectBatch();
        const again = await this.commitRound(flowId, queue, await read);
        if (again) {
          round++;
          await this.retry.sleep(backoffDelayMs(round, this.retry));
        } else {
          round = 0;
        }
      }
    } finally {
      queue.running = false;
      this.queues.delete(flowId);
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
      const quietNeededMs = Math.min(MAX_STREAM_QUIET_MS, this.batchWindowMs + this.editsPending * STREAM_QUIET_PER_EDIT_MS);
      if (nowMs - quietSinceMs >= quietNeededMs || nowMs - startedAtMs >= this.maxBatchWaitMs) return;
    }
  }

  /** The flow a round starts from: a read settling the last write when there is one, else a read; never rejects. */
  private async readForRound(flowId: string, queue: FlowQueue, fresh: boolean): Promise<RoundRead> {
    const settled = queue.freshRead;
    queue.freshRead = undefined;
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
