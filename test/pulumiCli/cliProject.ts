// Real-CLI test support: the CLI the suite runs, the root project copied for it (pulumiCli/rootProjectCopy),
// and readers of what the CLI printed.

import { DEMO_CLIENTS } from "../../emulator";
import { locatePulumiCli, type PulumiCli } from "../../pulumiCli/locatePulumiCli";
import type { PulumiResult } from "../../pulumiCli/pulumiCommand";
import { RootProjectCopy } from "../../pulumiCli/rootProjectCopy";

/** A scenario runs a dozen CLI commands of several seconds each on a loaded 2-core machine. */
export const CLI_SCENARIO_TIMEOUT_MS = 10 * 60 * 1000;

/** The CLI the suite runs; jest.config.js leaves the suite out (and says so) when there is none. */
export function requirePulumiCli(): PulumiCli {
  const cli = locatePulumiCli();
  if (!cli) throw new Error("no Pulumi CLI: run 'npm run -s pulumi-cli' to build one, or put pulumi on PATH");
  return cli;
}

/** The root project with the given stacks, each pointed at `service` (an emulator, or a relay to one). */
export function rootProjectFor(service: { url: string }, stacks: string[]): Promise<RootProjectCopy> {
  return RootProjectCopy.create({ cli: requirePulumiCli(), apiUrl: service.url, stacks });
}

/** The emulator org's demo client secret, given the way the README tells users to: in the environment. */
export function clientSecretEnv(org: string): Record<string, string> {
  const client = DEMO_CLIENTS.find((candidate) => candidate.orgId === org);
  if (!client) throw new Error(`the emulator has no demo client for org '${org}'`);
  return { GENESYS_CLIENT_SECRET: client.clientSecret };
}

/** Fails with the command's whole output, so a red test says what the CLI said. */
export function expectSuccess(result: PulumiResult): void {
  if (result.status !== 0) {
    throw new Error(`${result.command} exited ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
  }
}

/** `pulumi preview --json`'s steps as [resource name, op]: what would change (it lists no unchanged resource). */
export function previewSteps(result: PulumiResult): Array<[string, string]> {
  expectSuccess(result);
  const preview = JSON.parse(result.stdout) as { steps?: Array<{ op: string; urn: string }> };
  return (preview.steps ?? [])
    .filter((step) => step.op !== "same" && !step.urn.includes("pulumi:pulumi:Stack"))
    .map((step): [string, string] => [step.urn.split("::").pop()!, step.op])
    .sort();
}
