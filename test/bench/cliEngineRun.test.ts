// Protects the report section `npm run bench -- --engine cli` owns: it replaces only its own block of
// bench/RESULTS.md (or appends one), and a replay run can carry it over unchanged.

import { engineSectionOf, withEngineSection } from "../../bench/cliEngineRun";

describe("the engine-comparison section of the report", () => {
  const report = "# Benchmark\n\nreplay figures\n";

  it("is appended to a report without one, and read back", () => {
    const written = withEngineSection(report, "## CLI\n| a |");
    expect(written.startsWith(report.trimEnd())).toBe(true);
    expect(engineSectionOf(written)).toBe("## CLI\n| a |");
  });

  it("replaces only the previous section, keeping what surrounds it", () => {
    const first = `${withEngineSection(report, "old figures")}\nnotes after\n`;
    const second = withEngineSection(first, "new figures");
    expect(engineSectionOf(second)).toBe("new figures");
    expect(second).not.toContain("old figures");
    expect(second.startsWith(report.trimEnd())).toBe(true);
    expect(second.endsWith("notes after\n")).toBe(true);
  });

  it("is absent from a report that never had one", () => {
    expect(engineSectionOf(report)).toBeUndefined();
  });
});
