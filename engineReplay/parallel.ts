// Run work over items with a cap on how many are in flight, as `pulumi up --parallel` does.
// Shared by the replay's Stack and the benchmark's tutorial strategy, so both pace work the same way.

/** `pulumi up`'s default `--parallel`: no cap (the CLI's flag defaults to 2147483647). */
export const UNBOUNDED_PARALLELISM = 2_147_483_647;

/** Runs `work` over `items` with at most `parallelism` in flight; results keep the items' order. */
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
