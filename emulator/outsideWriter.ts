// Another client editing flows in an emulator org through the real SDK, as a person in Architect or
// another integration would while a deployment runs: the benchmark's drift, and tests' outside edits.

import type { Flow } from "../wire/flowDocument";
import type { RunningEmulator } from "./index";
import { loggedInSdk, SdkConnection } from "./sdkClient";

export class OutsideWriter {
  private constructor(private readonly sdk: SdkConnection) {}

  static async connect(emulator: RunningEmulator, credentials = { clientId: "dev-client", clientSecret: "dev-secret" }): Promise<OutsideWriter> {
    return new OutsideWriter(await loggedInSdk(emulator, credentials));
  }

  async getFlow(flowId: string): Promise<Flow> {
    return this.sdk.architect.getFlow(flowId);
  }

  /** Read, change, write back; on 409 (someone else wrote first) read again and redo the change. */
  async editFlow(flowId: string, change: (flow: Flow) => void): Promise<Flow> {
    for (let attempt = 1; ; attempt++) {
      const flow = await this.getFlow(flowId);
      change(flow);
      try {
        return await this.sdk.architect.putFlow(flowId, flow);
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status !== 409 || attempt >= 20) throw error;
      }
    }
  }

  async createFlow(body: Partial<Flow> & { name: string; type: string }): Promise<Flow> {
    return this.sdk.architect.postFlows(body);
  }

  /** Publishes the flow's saved version, as Architect's Publish button does. */
  async publishFlow(flowId: string): Promise<void> {
    await this.sdk.architect.postFlowsActionsPublish(flowId);
  }

  async deleteFlow(flowId: string): Promise<void> {
    await this.sdk.architect.deleteFlow(flowId);
  }
}
