// The Pulumi engine's schedule: how many resource operations run at once (`--parallel`), whether diffs
// may run in parallel, and a runner that keeps work to such a cap. Shared by the replay's Stack and the
// benchmark's tutorial strategy, so both pace work the same way.
import * as os from "node:os";

/**
 * `pulumi up --parallel`'s default: PULUMI_PARALLEL when it is a positive integer, else 4 × the CPUs this
 * process may use (the engine takes 4 × GOMAXPROCS, which counts the same CPUs).
 */
export function defaultParallelism(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnvironment = Number(env.PULUMI_PARALLEL);
  return Number.isInteger(fromEnvironment) && fromEnvironment > 0 ? fromEnvironment : 4 * os.availableParallelism();
}

/**
 * Whether the engine computes diffs in parallel: only with PULUMI_PARALLEL_DIFF set to a true value
 * ("true" in any case, or "1", as the CLI reads booleans); otherwise Check and Diff run one resource at a time.
 */
export function defaultParallelDiff(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.PULUMI_PARALLEL_DIFF ?? "";
  return value === "1" || value.toLowerCase() === "true";
}

/** Checks an operation cap given by a caller: a positive integer. */
export function checkedParallelism(parallelism: number, name = "parallelism"): number {
  if (!Number.isInteger(parallelism) || parallelism < 1) throw new Error(`Expected \`${name}\` to be a positive integer, got ${parallelism}.`);
  return parallelism;
}

/** Runs submitted work with at most `parallelism` in flight; the rest waits its turn in submission order. */
export class OperationPool {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly parallelism: number) {
    checkedParallelism(parallelism);
  }

  async run<R>(work: () => Promise<R>): Promise<R> {
    if (this.inFlight >= this.parallelism) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.inFlight += 1;
    try {
      return await work();
    } finally {
      // A waiting task takes over this slot, so the count stays as it is.
      const next = this.waiting.shift();
      if (next) next();
      else this.inFlight -= 1;
    }
  }
}

/** Runs `work` over `items` with at most `parallelism` in flight; results keep the items' order. */
export function mapWithParallelism<T, R>(items: readonly T[], parallelism: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const pool = new OperationPool(parallelism);
  return Promise.all(items.map((item) => pool.run(() => work(item))));
}
