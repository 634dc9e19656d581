// Protects the benchmark's flags and plan: the default grid, what it skips and why, --quick, and
// clear errors for bad flags.

import { parseBenchArgs, planConfigs } from "../../bench/benchOptions";

const labels = (argv: string[]) =>
  planConfigs(parseBenchArgs(argv)).planned.map(({ config, runs }) => `${config.attachmentCount}/${config.parentFlowCount}/${config.latencyMs}×${runs}`);

describe("benchmark options", () => {
  it("runs the issue's grid without N < M, fewer runs for bigger N and more for the headline N=50 M=5", () => {
    const { planned, skipped } = planConfigs(parseBenchArgs([]));
    expect(labels([])).toEqual([
      "10/1/0×3", "10/5/0×3", "50/1/0×2", "50/5/0×5", "50/20/0×2", "200/1/0×1", "200/5/0×1", "200/20/0×1",
      "10/1/20×3", "10/5/20×3", "50/1/20×2", "50/5/20×5", "50/20/20×2", "200/1/20×1", "200/5/20×1", "200/20/20×1",
    ]);
    expect(planned.every(({ config }) => config.order === "interleaved")).toBe(true);
    expect(skipped.filter((reason) => reason.includes("N < M"))).toHaveLength(2);
  });

  it("runs exactly the grid given by flags, and a small one with --quick", () => {
    expect(labels(["--n", "200", "--m", "5", "--latency", "0", "--runs", "2"])).toEqual(["200/5/0×2"]);
    expect(labels(["--quick"])).toEqual(["10/1/20×1", "10/5/20×1", "50/1/20×1", "50/5/20×1"]);
    expect(parseBenchArgs(["--order", "grouped", "--rate-limit", "300"])).toMatchObject({ order: "grouped", rateLimitPerMinute: 300 });
  });

  it("rejects unknown flags and bad values with what was expected", () => {
    expect(() => parseBenchArgs(["--fast"])).toThrow(/Unknown flag --fast/);
    expect(() => parseBenchArgs(["--n", "10,x"])).toThrow("Expected `--n` to be a comma-separated list of integers ≥ 1, got 10,x.");
    expect(() => parseBenchArgs(["--runs"])).toThrow("--runs needs a value.");
    expect(() => parseBenchArgs(["--order", "random"])).toThrow("Expected `--order` to be interleaved or grouped, got random.");
  });
});
