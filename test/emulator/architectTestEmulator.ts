// Test helper: an emulator whose demo orgs are Architect orgs, with the dev client's SDK connections
// (plain and extended), and what tests of it ask again and again: a demo flow's ID, the whole dev org.

import { EmulatorOptions, RunningEmulator, startEmulator } from "../../emulator";
import { loggedInSdk, SdkConnection } from "../../emulator/sdkClient";

export interface ArchitectTestEmulator {
  emulator: RunningEmulator;
  /** The dev client; answers are bodies. */
  dev: SdkConnection;
  /** The dev client; answers are `{ status, headers, body }`, for tests that expect errors. */
  devExtended: SdkConnection;
}

export async function startArchitectEmulator(options: EmulatorOptions = {}): Promise<ArchitectTestEmulator> {
  const emulator = await startEmulator({ flowFormat: "architect", ...options });
  return { emulator, dev: await loggedInSdk(emulator), devExtended: await loggedInSdk(emulator, { extended: true }) };
}

/** The ID of the dev org's live flow of this name and type. */
export function devFlowId(emulator: RunningEmulator, name: string, type = "inboundcall"): string {
  return emulator.findArchitectFlowByName("dev", name, type)!.id;
}

/** Every flow of the dev org with its versions and YAML: what a refused request must leave as it was. */
export function devOrgSnapshot(emulator: RunningEmulator): Array<{ flow: unknown; versions: string[]; yaml: string | undefined }> {
  return emulator.architectFlows("dev").map((flow) => ({ flow, versions: emulator.flowVersionIds("dev", flow.id), yaml: emulator.flowYaml("dev", flow.id) }));
}
