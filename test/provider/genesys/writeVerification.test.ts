// Protects the rule that every write is verified, so a lost change is never reported as applied: against
// an emulator whose flow writes are answered 200 but silently lose `triggers` and `edges`, the group-commit
// editor and the provider's `create` both fail loudly, naming the flow (and trigger) and what is missing.

import { CALL_SUBFLOW_TYPE } from "../../../provider/flowModel";
import { spliceIn } from "../../../provider/flowFormats/graph/graphEdits";
import { graphDocument } from "../../../provider/flowFormats/graph/graphFormat";
import { genesysClientFor, WriteVerificationError } from "../../../provider/genesys";
import type * as Implementation from "../../../provider/providerImplementation";
import { apiRequests, devSettings, flowIdByName, useEmulator } from "./emulatorFixture";

const emulator = useEmulator({ graphDroppedOnWriteRate: 1 });

describe("a server that answers a flow write as a success but drops its graph", () => {
  it("makes the group-commit editor fail with WriteVerificationError naming the flow and the missing triggers and edges", async () => {
    const emu = emulator.current();
    const parentId = flowIdByName(emu, "Sales Inbound");
    const before = emu.getFlow("dev", parentId)!;
    const trigger = { id: "t1", type: CALL_SUBFLOW_TYPE, properties: { type: CALL_SUBFLOW_TYPE, flowId: flowIdByName(emu, "Global Auth Subflow") } };

    const failure = await genesysClientFor(devSettings(emu))
      .editFlow(parentId, (flow) => ({ document: flow.document.format === "graph" ? graphDocument(spliceIn(flow.document.graph, trigger)) : undefined, result: "spliced" }))
      .then(
        () => undefined,
        (error: unknown) => error,
      );

    expect(failure).toBeInstanceOf(WriteVerificationError);
    expect(failure).toMatchObject({ flowId: parentId });
    const message = (failure as Error).message;
    expect(message).toContain(`flow '${parentId}'`);
    expect(message).toMatch(/triggers: 1 sent but not stored/);
    expect(message).toMatch(/edges: \d+ sent but not stored/);
    // The write did reach the server and was answered 200: only verification caught the loss.
    expect(apiRequests(emu, "PUT").map((entry) => ({ status: entry.status, graphDropped: entry.graphDropped }))).toEqual([{ status: 200, graphDropped: true }]);
    expect(emu.getFlow("dev", parentId)).toMatchObject({ version: before.version + 1, triggers: before.triggers, edges: before.edges });
  });

  it("makes the provider's create reject with an error naming the trigger and the failed verification", async () => {
    const emu = emulator.current();
    let implementation!: typeof Implementation;
    jest.isolateModules(() => {
      implementation = require("../../../provider/providerImplementation");
    });
    const config: Record<string, string> = { "genesys:apiUrl": emu.url, "genesys:clientId": "dev-client", "genesys:clientSecret": "dev-secret" };
    await implementation.configure({ config: { get: (key: string) => config[key], require: (key: string) => config[key] } });
    const checked = await implementation.check({}, { parentFlowName: "Sales Inbound", sharedFlowName: "Global Auth Subflow", triggerId: "t1" });
    expect(checked.failures).toEqual([]);

    const failure = implementation.create(checked.inputs);
    await expect(failure).rejects.toThrow(/trigger 't1'.*Sales Inbound.*answered as a success, but the flow returned does not hold what was sent: triggers: 1 sent but not stored/s);
    await expect(failure.catch((error: Error) => error.cause)).resolves.toMatchObject({ name: "WriteVerificationError" });
    expect(apiRequests(emu, "PUT").map((entry) => entry.graphDropped)).toEqual([true]);
  });
});
