// Hand-made wiring brought under management in one step through the real Pulumi CLI: `subflow-wiring
// export` pasted into the stack file, then `pulumi up` adopts every call with zero writes and
// `pulumi preview --expect-no-changes` passes.

import * as yaml from "js-yaml";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { WIRING_CONFIG_KEY } from "../../program/wiringConfig";
import { orgGraphs } from "../scenarios/rootProgramStack";
import { wireByHand } from "../wiringCli/handMadeWiring";
import { demoOrgSettings, runWiringCli } from "../wiringCli/wiringCliProcess";
import type { RootProjectCopy } from "../../pulumiCli/rootProjectCopy";
import { CLI_SCENARIO_TIMEOUT_MS, clientSecretEnv, expectSuccess, previewSteps, rootProjectFor } from "./cliProject";

describe("exported wiring under the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let project: RootProjectCopy;

  beforeAll(async () => {
    emulator = await startEmulator();
    project = await rootProjectFor(emulator, ["dev"]);
  });
  afterAll(async () => {
    project?.remove();
    await emulator?.close();
  });

  it("adopts every exported call on the first up, writing nothing; the next preview expects no changes", async () => {
    await wireByHand(emulator, "dev");
    const before = orgGraphs(emulator, "dev");
    const exported = await runWiringCli(["export"], demoOrgSettings(emulator, "dev"));
    expect(exported.status).toBe(0);
    const pasted = (yaml.load(exported.stdout) as { config: Record<string, unknown> }).config;
    project.writeStackConfig("dev", { ...project.stackConfig("dev"), ...pasted });
    expect(project.stackConfig("dev")[WIRING_CONFIG_KEY]).toEqual(pasted[WIRING_CONFIG_KEY]);
    const dev = clientSecretEnv("dev");
    expect(previewSteps(await project.pulumi(["preview", "--json", "--non-interactive", "-s", "dev"], dev)).map(([, op]) => op)).toEqual(Array(5).fill("create"));

    emulator.clearRequestLog();
    const up = await project.pulumi(["up", "--yes", "--non-interactive", "-s", "dev"], dev);
    expectSuccess(up);
    expect(up.stdout).toMatch(/\b6 created\b/);
    expect(emulator.requestLog.filter((entry) => entry.method !== "GET" && entry.path !== "/oauth/token")).toEqual([]);
    expect(orgGraphs(emulator, "dev")).toEqual(before);

    expectSuccess(await project.pulumi(["preview", "--expect-no-changes", "--non-interactive", "-s", "dev"], dev));
  }, CLI_SCENARIO_TIMEOUT_MS);
});
