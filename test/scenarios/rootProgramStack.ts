// Scenario support: the root program's declarations for a stack (Pulumi.<stack>.yaml, pointed at a test
// emulator) applied through the real provider host, plus views of an org's flows to compare before/after.
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { WIRING_CONFIG_KEY } from "../../program/wiringConfig";
import { DEMO_CLIENTS, startEmulator, type RunningEmulator } from "../../emulator";
import { OutsideWriter } from "../../emulator/outsideWriter";
import type { Flow } from "../../provider/flowModel";
import { declareProgram, type DeclaredProgram } from "../../engineReplay/programDeclarations";
import { EMULATOR_HOST_ENVIRONMENT } from "../../engineReplay/hostEnvironment";
import { REPOSITORY_ROOT } from "../../engineReplay/repositoryRoot";
import { Stack, type StackState } from "../../engineReplay/stack";
import { canonicalGraph } from "../support/graphAssertions";

export const WIRING_KEY = WIRING_CONFIG_KEY;
export const PARENT_FLOWS = { "sales-auth": "Sales Inbound", "support-auth": "Support Inbound", "billing-auth": "Billing Inbound" } as const;
export const TRIGGER_ID = "callGlobalAuth";
export const SHARED_FLOW = "Global Auth Subflow";

/** The wiring object a stack file declares, for tests that change it and pass it back as an override. */
export function stackWiring(stack: string): { sharedFlowName: string; attachments: Record<string, Record<string, unknown>> } {
  const file = yaml.load(fs.readFileSync(path.join(REPOSITORY_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  return structuredClone(file.config[WIRING_KEY]) as ReturnType<typeof stackWiring>;
}

/** The emulator org's demo client secret: given to the host the way a user would, in the environment. */
export function clientSecretOf(org: string): string {
  const client = DEMO_CLIENTS.find((candidate) => candidate.orgId === org);
  if (!client) throw new Error(`the emulator has no demo client for org '${org}'`);
  return client.clientSecret;
}

/** The root program for `stack` (an emulator org of the same name), with the emulator's real URL. */
export function declareFor(emulator: RunningEmulator, stack: string, configOverrides: Record<string, string> = {}): Promise<DeclaredProgram> {
  return declareProgram({ stack, configOverrides: { "genesys:apiUrl": emulator.url, ...configOverrides } });
}

/**
 * A stack whose host gets the program's `genesys:*` config and the secret from its own environment only:
 * nothing GENESYS_* leaks from the shell running the tests.
 */
export function hostStack(options: { declared: DeclaredProgram; state?: StackState; cwd?: string }): Stack {
  return new Stack({
    cwd: options.cwd,
    stackName: options.declared.stack,
    config: options.declared.providerConfig,
    state: options.state,
    env: { ...EMULATOR_HOST_ENVIRONMENT, GENESYS_CLIENT_SECRET: clientSecretOf(options.declared.stack) },
  });
}

/** Every flow of the org by name, as stored. */
export function flowsByName(emulator: RunningEmulator, org: string): Record<string, Flow> {
  return Object.fromEntries(emulator.flows(org).map((flow) => [flow.name, flow]));
}

/** Every flow of the org as name -> canonical graph, for "exactly as it was" comparisons. */
export function orgGraphs(emulator: RunningEmulator, org: string): Record<string, ReturnType<typeof canonicalGraph>> {
  return Object.fromEntries(emulator.flows(org).map((flow) => [flow.name, canonicalGraph(flow)]));
}

/** For each test, a fresh emulator with the demo orgs, and another client of the dev org (a person in Architect, say). */
export function useDevOrg(): { readonly emulator: RunningEmulator; readonly other: OutsideWriter } {
  const current = {} as { emulator: RunningEmulator; other: OutsideWriter };
  beforeEach(async () => {
    current.emulator = await startEmulator();
    current.other = await OutsideWriter.connect(current.emulator, { clientId: "dev-client", clientSecret: clientSecretOf("dev") });
  });
  afterEach(() => current.emulator.close());
  return current;
}

/** The steps of a command that change something, as sorted [resource name, op] pairs. */
export function changedSteps(result: { steps: Array<{ name: string; op: string }> }): string[][] {
  return result.steps
    .filter((step) => step.op !== "same")
    .map((step) => [step.name, step.op])
    .sort();
}

/** The drift lines a command printed. */
export function driftLines(log: string): string[] {
  return log.split("\n").filter((line) => line.startsWith("drift: "));
}

/** Every flow's version by name: unchanged versions mean nothing was written. */
export function versionsByFlowName(emulator: RunningEmulator, org = "dev"): Record<string, number> {
  return Object.fromEntries(emulator.flows(org).map((flow) => [flow.name, flow.version]));
}
