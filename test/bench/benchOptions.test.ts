// Protects the benchmark's flags and plan: the default grid, what it skips and why, --quick, and
// clear errors for bad flags.

import { parallelismOf, parseBenchArgs, planConfigs } from "../../bench/benchOptions";
import { configLabel } from "../../bench/benchReport";
import { defaultParallelism } from "../../engineReplay/parallel";

/** N/M/latency×runs, and @P for a grid configuration's --parallel (the scale configurations set their own). */
const labels = (argv: string[]) =>
  planConfigs(parseBenchArgs(argv)).planned.map(({ config, runs }) => `${config.attachmentCount}/${config.parentFlowCount}/${config.latencyMs}×${runs}@${config.parallelism}`);
const DEFAULT_P = defaultParallelism();
const grid = (parallelism: number | "all") =>
  ["10/1/0×3", "10/5/0×3", "50/1/0×2", "50/5/0×5", "50/20/0×2", "200/1/0×1", "200/5/0×1", "200/20/0×1", "10/1/20×3", "10/5/20×3", "50/1/20×2", "50/5/20×5", "50/20/20×2", "200/1/20×1", "200/5/20×1", "200/20/20×1"].map(
    (label) => `${label}@${parallelism}`,
  );

describe("benchmark options", () => {
  it("runs the issue's grid without N < M, every operation at once and then at pulumi up's default, fewer runs for bigger N and more for the headline N=50 M=5", () => {
    const { planned, skipped } = planConfigs(parseBenchArgs([]));
    expect(labels([])).toEqual([
      ...grid("all"),
      ...grid(DEFAULT_P),
      // The scale configurations: N=1000 M=200 with listing on and off, 3 attachments in an org of 5,000.
      "1000/200/20×1@all", "1000/200/20×1@all", "3/3/20×3@all",
      // The Architect configurations: the headline at both --parallel, and N=500 M=100 in either format.
      "50/5/20×5@all", `50/5/20×5@${DEFAULT_P}`, "500/100/20×1@all", "500/100/20×1@all",
    ]);
    expect(planned.every(({ config }) => config.order === "interleaved" || config.order === undefined)).toBe(true);
    expect(planned.slice(-7).map(({ config }) => configLabel(config))).toEqual([
      "N=1000 M=200 20 ms (--parallel all, limit 300/min)",
      "N=1000 M=200 20 ms (listing off, --parallel all, limit 300/min)",
      "N=3 M=3 20 ms (T=5000, --parallel all, limit 300/min)",
      "N=50 M=5 20 ms (Architect, --parallel all)",
      `N=50 M=5 20 ms (Architect, --parallel ${DEFAULT_P})`,
      "N=500 M=100 20 ms (--parallel all)",
      "N=500 M=100 20 ms (Architect, --parallel all)",
    ]);
    // Only the Architect configurations are on Architect orgs: the grid stays in the tutorial's format.
    expect(planned.filter(({ config }) => config.flowFormat === "architect")).toHaveLength(3);
    expect(skipped.filter((reason) => reason.includes("N < M"))).toHaveLength(2);
  });

  it("runs exactly the grid given by flags, and a small one with --quick", () => {
    expect(labels(["--n", "200", "--m", "5", "--latency", "0", "--runs", "2"])).toEqual(["200/5/0×2@all", `200/5/0×2@${DEFAULT_P}`]);
    expect(labels(["--n", "200", "--m", "5", "--latency", "0", "--parallel", "16,all"])).toEqual(["200/5/0×1@16", "200/5/0×1@all"]);
    expect(labels(["--quick"])).toEqual(["10/1/20×1@all", "10/5/20×1@all", "50/1/20×1@all", "50/5/20×1@all"]);
    expect(parseBenchArgs(["--engine", "cli"]).parallelisms).toEqual([DEFAULT_P]);
    expect(parseBenchArgs(["--order", "grouped", "--rate-limit", "300"])).toMatchObject({ order: "grouped", rateLimitPerMinute: 300 });
  });

  it("runs each grid configuration with listing on and off, in an org of T inbound flows, with --parallel all, and adds the scale configurations on --scale", () => {
    const { planned } = planConfigs(parseBenchArgs(["--n", "50", "--m", "5", "--latency", "20", "--listing", "on,off", "--org-flows", "300", "--parallel", "all", "--rate-limit", "300"]));
    expect(planned.map(({ config }) => configLabel(config))).toEqual([
      "N=50 M=5 20 ms (T=300, --parallel all, limit 300/min)",
      "N=50 M=5 20 ms (T=300, listing off, --parallel all, limit 300/min)",
    ]);
    expect(planned.map(({ config }) => parallelismOf(config))).toEqual([50, 50]);
    expect(labels(["--quick", "--scale"]).slice(-3)).toEqual(["1000/200/20×1@all", "1000/200/20×1@all", "3/3/20×1@all"]);
    expect(labels(["--n", "10", "--m", "1", "--latency", "0", "--parallel", "3"])).toEqual(["10/1/0×3@3"]);
    expect(parallelismOf(planConfigs(parseBenchArgs(["--n", "10", "--m", "1", "--latency", "0", "--parallel", "3"])).planned[0].config)).toBe(3);
  });

  it("runs a grid given by flags in each flow format asked for, the graph format's configurations as they always were", () => {
    const { planned } = planConfigs(parseBenchArgs(["--flow-format", "graph,architect", "--n", "50", "--m", "5", "--latency", "20", "--parallel", "all"]));
    expect(planned.map(({ config }) => configLabel(config))).toEqual(["N=50 M=5 20 ms (--parallel all)", "N=50 M=5 20 ms (Architect, --parallel all)"]);
    expect(planned[0].config).not.toHaveProperty("flowFormat");
    const architectOnly = planConfigs(parseBenchArgs(["--flow-format", "architect", "--n", "500", "--m", "100", "--latency", "20", "--parallel", "all"])).planned;
    expect(architectOnly.map(({ config }) => configLabel(config))).toEqual(["N=500 M=100 20 ms (Architect, --parallel all)"]);
    // An explicit grid is that grid alone, in any format: neither the scale nor the Architect configurations join it.
    expect(parseBenchArgs(["--flow-format", "architect", "--n", "50"])).toMatchObject({ scale: false, architect: false });
    expect(parseBenchArgs(["--quick"])).toMatchObject({ flowFormats: ["graph"], architect: false });
  });

  it("rejects unknown flags and bad values with what was expected", () => {
    expect(() => parseBenchArgs(["--flow-format", "yaml"])).toThrow("Expected `--flow-format` to be graph, architect or graph,architect, got yaml.");
    expect(() => parseBenchArgs(["--fast"])).toThrow(/Unknown flag --fast/);
    expect(() => parseBenchArgs(["--n", "10,x"])).toThrow("Expected `--n` to be a comma-separated list of integers ≥ 1, got 10,x.");
    expect(() => parseBenchArgs(["--runs"])).toThrow("--runs needs a value.");
    expect(() => parseBenchArgs(["--order", "random"])).toThrow("Expected `--order` to be interleaved or grouped, got random.");
    expect(() => parseBenchArgs(["--listing", "maybe"])).toThrow("Expected `--listing` to be on, off or on,off, got maybe.");
    expect(() => parseBenchArgs(["--parallel", "many"])).toThrow("Expected `--parallel` to be all or an integer ≥ 1, or a comma-separated list of them, got many.");
    expect(() => parseBenchArgs(["--parallel", "all,0"])).toThrow("got all,0.");
  });
});
