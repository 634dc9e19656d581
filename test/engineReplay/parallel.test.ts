// Protects the replay's schedule defaults, read as the Pulumi CLI reads them (`--parallel` from
// PULUMI_PARALLEL or 4 × the CPUs; parallel diffs only with PULUMI_PARALLEL_DIFF), and the pool's cap.
import * as os from "node:os";
import { defaultParallelDiff, defaultParallelism, mapWithParallelism, OperationPool } from "../../engineReplay/parallel";

describe("the engine's schedule defaults", () => {
  it("takes --parallel from PULUMI_PARALLEL when it is a positive integer, else 4 × the CPUs", () => {
    expect(defaultParallelism({ PULUMI_PARALLEL: "3" })).toBe(3);
    for (const unusable of [undefined, "", "0", "-2", "1.5", "many"]) {
      expect(defaultParallelism({ PULUMI_PARALLEL: unusable })).toBe(4 * os.availableParallelism());
    }
  });

  it("diffs in parallel only when PULUMI_PARALLEL_DIFF is true", () => {
    expect([undefined, "", "false", "0", "yes"].map((value) => defaultParallelDiff({ PULUMI_PARALLEL_DIFF: value }))).toEqual([false, false, false, false, false]);
    expect(["true", "TRUE", "1"].map((value) => defaultParallelDiff({ PULUMI_PARALLEL_DIFF: value }))).toEqual([true, true, true]);
  });
});

describe("OperationPool", () => {
  it("keeps at most its cap in flight, starts waiting work in submission order, and keeps results in order", async () => {
    let inFlight = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await mapWithParallelism([1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return item * 10;
    });
    expect({ peak, started, results }).toEqual({ peak: 2, started: [1, 2, 3, 4, 5], results: [10, 20, 30, 40, 50] });
  });

  it("frees the slot of work that failed", async () => {
    const pool = new OperationPool(1);
    await expect(pool.run(() => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    await expect(pool.run(async () => "next")).resolves.toBe("next");
  });

  it("refuses a cap that is not a positive integer", () => {
    expect(() => new OperationPool(0)).toThrow("Expected `parallelism` to be a positive integer, got 0.");
  });
});
