// Protects how a real-CLI command's wall time is split (bench --engine cli): API time is the union of
// overlapping requests, each part starts where the one before ends, and a command that runs no program
// (destroy) gives the program nothing.

import { busyMs, splitCommandTime } from "../../bench/commandTimeSplit";

const at = (startMs: number, endMs: number) => ({ at: new Date(startMs), answeredAt: new Date(endMs) });

describe("busyMs", () => {
  it("counts overlapping and touching intervals once, and gaps not at all", () => {
    expect(busyMs([])).toBe(0);
    expect(busyMs([[10, 20]])).toBe(10);
    expect(busyMs([[30, 40], [10, 20], [15, 25]])).toBe(25);
    expect(busyMs([[0, 10], [10, 20]])).toBe(20);
  });
});

describe("splitCommandTime", () => {
  it("splits up into start, program, provider, API and finish that add up to the wall time", () => {
    const split = splitCommandTime({
      spawnedAtMs: 1000,
      exitedAtMs: 2000,
      timeline: [
        { role: "program", startedAtMs: 1200 },
        { role: "provider", startedAtMs: 1500 },
      ],
      requests: [at(1600, 1650), at(1620, 1700), at(1800, 1900)],
    });
    expect(split).toEqual({ cliAndLanguageHostStartMs: 200, programMs: 300, apiMs: 200, providerMs: 200, finishMs: 100 });
    expect(split.cliAndLanguageHostStartMs + split.programMs + split.apiMs + split.providerMs + split.finishMs).toBe(1000);
  });

  it("gives a command without a program (destroy) no program time, and counts its start up to the provider's", () => {
    const split = splitCommandTime({
      spawnedAtMs: 0,
      exitedAtMs: 1000,
      timeline: [{ role: "provider", startedAtMs: 400 }],
      requests: [at(500, 600)],
    });
    expect(split).toMatchObject({ cliAndLanguageHostStartMs: 400, programMs: 0, apiMs: 100, providerMs: 100, finishMs: 400 });
  });
});
