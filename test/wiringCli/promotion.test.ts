// The promotion walk-through (examples/promotion) as a test: Dev's hand-made wiring exported, compared
// with an unwired Prod (exit 1), applied to Prod by the root program through Pulumi's provider host,
// then compared again (exit 0).
import * as yaml from "js-yaml";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { WIRING_CONFIG_KEY } from "../../program/wiringConfig";
import { declareFor, hostStack } from "../scenarios/rootProgramStack";
import { createQueueRouting, wireByHand } from "./handMadeWiring";
import { demoOrgSettings, EnvFiles, runWiringCli } from "./wiringCliProcess";

describe("promoting Dev's wiring to Prod with export and compare", () => {
  let emulator: RunningEmulator;
  let envFiles: EnvFiles;

  beforeAll(async () => {
    emulator = await startEmulator();
    envFiles = new EnvFiles();
  });
  afterAll(async () => {
    envFiles.cleanup();
    await emulator.close();
  });

  it("finds Prod different, gives it Dev's exported wiring with one up, then finds it the same", async () => {
    await wireByHand(emulator, "dev");
    const dev = envFiles.write("dev.env", demoOrgSettings(emulator, "dev"));
    const prod = envFiles.write("prod.env", demoOrgSettings(emulator, "prod"));

    const exported = await runWiringCli(["export", "--env-file", dev]);
    expect(exported.status).toBe(0);
    const before = await runWiringCli(["compare", "--left", dev, "--right", prod]);
    expect(before.status).toBe(1);
    expect(before.stdout).toContain("The wiring differs: 0 same, 0 different, 6 only in left, 0 only in right.");

    // Wiring joins flows that exist: Prod gets the second shared flow first, as people would make it in Architect.
    await createQueueRouting(emulator, "prod");

    const wiring = (yaml.load(exported.stdout) as { config: Record<string, unknown> }).config[WIRING_CONFIG_KEY];
    const program = await declareFor(emulator, "prod", { [WIRING_CONFIG_KEY]: JSON.stringify(wiring) });
    const up = await hostStack({ declared: program }).up(program.resources);
    expect(up.steps.filter((step) => !step.ok)).toEqual([]);
    expect(up.counts.create).toBe(5);

    // The call of After Hours Line cannot be declared (two nodes lead into it), and Prod has no such flow.
    const after = await runWiringCli(["compare", "--left", dev, "--right", prod, "--parent", "*Inbound"]);
    expect(after.stdout).toContain("The wiring is the same: 5 same, 0 different, 0 only in left, 0 only in right.");
    expect(after.status).toBe(0);
  });
});
