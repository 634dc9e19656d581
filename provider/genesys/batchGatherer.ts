// Gathers keys (flow IDs, names) asked for while a fetch is under way, so that the next fetch can serve
// them together: the engine hands over operations one after another, never as a list.

/** What a batch fetch answers for each key it was given: the value, or the error for that key alone. */
export type BatchAnswer<V> = Map<string, { value: V } | { error: unknown }>;

interface Waiter<V> {
  resolve: (value: V) => void;
  reject: (error: unknown) => void;
}

export class BatchGatherer<V> {
  private waiting = new Map<string, Waiter<V>[]>();
  private draining = false;

  /** `fetchBatch` gets each key once and must answer every key it was given. */
  constructor(private readonly fetchBatch: (keys: string[]) => Promise<BatchAnswer<V>>) {}

  /**
   * The value for `key`, fetched with every other key asked for by then. A key asked for while no fetch
   * runs waits one turn of the event loop, so that keys asked for together are fetched together.
   */
  request(key: string): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      const waiters = this.waiting.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.size > 0) {
        const batch = this.waiting;
        this.waiting = new Map();
        let answers: BatchAnswer<V>;
        try {
          answers = await this.fetchBatch([...batch.keys()]);
        } catch (error) {
          answers = new Map([...batch.keys()].map((key) => [key, { error }]));
        }
        for (const [key, waiters] of batch) {
          const answer = answers.get(key) ?? { error: new Error(`no answer for '${key}' in its batch`) };
          for (const waiter of waiters) {
            if ("value" in answer) waiter.resolve(answer.value);
            else waiter.reject(answer.error);
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }
}

/** `items` in consecutive batches of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
