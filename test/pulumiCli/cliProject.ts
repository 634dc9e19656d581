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

/** The lines of the display's Diagnostics section, trimmed. */
export function diagnostics(display: string): string[] {
  const section = display.split("\nDiagnostics:\n")[1] ?? "";
  return section.split(/\n(?:Outputs|Resources):\n/)[0].split("\n").map((line) => line.trim());
}

/**
 * The plain preview after the scenarios' outside edits (Sales Inbound's call removed, Support Inbound's
 * callerPhone changed) shows one drift line for each under Diagnostics, and plans an update of each.
 */
export async function expectSalesAndSupportDrift(project: RootProjectCopy, env: Record<string, string>): Promise<PulumiResult> {
  const plainPreview = await project.pulumi(["preview", "--non-interactive", "-s", "dev"], env);
  expectSuccess(plainPreview);
  // The CLI shows a dynamic provider's stderr on the stack's row while it runs, then once more under
  // Diagnostics: one line there per drifted attachment.
  const driftLines = diagnostics(plainPreview.stdout).filter((line) => line.startsWith("drift: "));
  expect(driftLines).toHaveLength(2);
  expect(driftLines.join("\n")).toMatch(/trigger 'callGlobalAuth' in flow 'Sales Inbound' was removed in the org/);
  expect(driftLines.join("\n")).toMatch(/trigger 'callGlobalAuth' in flow 'Support Inbound': arguments\.callerPhone changed/);
  expect(previewSteps(await project.pulumi(["preview", "--json", "--non-interactive", "-s", "dev"], env))).toEqual([
    ["sales-auth", "update"],
    ["support-auth", "update"],
  ]);
  return plainPreview;
}
