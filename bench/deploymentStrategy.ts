// What the benchmark asks of each way of deploying the wiring (the Pulumi resource, the tutorial's
// script): the three commands a user runs, each reporting what it did and what failed.

export type StrategyName = "pulumi" | "tutorial";

export interface CommandOutcome {
  /** Attachments the command failed on (a failed step, an error the script gave up on). */
  failures: number;
  /** Attachments the command changed (up, destroy) or reported as needing a change (preview). */
  changes: number;
  /** The first failure's message, to show why; undefined when nothing failed. */
  firstError?: string;
}

export interface DeploymentStrategy {
  readonly name: StrategyName;
  up(): Promise<CommandOutcome>;
  preview(): Promise<CommandOutcome>;
  destroy(): Promise<CommandOutcome>;
}

/** Runs `work` over `items` with at most `parallelism` in flight (like `pulumi up --parallel`); results keep the items' order. */
export async function mapWithParallelism<T, R>(items: readonly T[], parallelism: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelism, items.length) }, worker));
  return results;
}
