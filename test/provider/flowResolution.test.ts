// Protects how an attachment's flows are found in the org: both at once for a new attachment, with the
// parent's failure reported when both fail, whatever order the answers arrive in.

import { checkAttachmentInputs, KnownAttachmentInputs } from "../../provider/attachmentInputs";
import { resolveParentAndSharedFlow } from "../../provider/flowResolution";
import { GenesysClient } from "../../provider/genesys/genesysClient";
import { devSettings, useEmulator } from "./genesys/emulatorFixture";

const emulator = useEmulator();

function checked(news: Record<string, unknown>): KnownAttachmentInputs {
  const { inputs, failures } = checkAttachmentInputs(news);
  expect(failures).toEqual([]);
  return inputs as KnownAttachmentInputs;
}

describe("resolveParentAndSharedFlow", () => {
  it("looks up the parent and the shared flow at once, and reports the parent's failure when both fail", async () => {
    const emu = emulator.current();
    const inputs = checked({ parentFlowName: "Sales Inbund", triggerId: "x2", sharedFlowName: "Global Auth Subflw" });
    // Had the shared lookup waited for the parent's, the failed parent lookup would have stopped it. Asked
    // for together, the two names are settled by one listing of the org's flows; with listing off, by two lookups.
    await expect(resolveParentAndSharedFlow(GenesysClient.create(devSettings(emu)), inputs)).rejects.toThrow(/Sales Inbund/);
    const listed = emu.requestLog.filter((entry) => entry.path === "/api/v2/flows");
    expect(listed.map((entry) => [entry.query.name, entry.query.type])).toEqual([[undefined, undefined]]);
    emu.clearRequestLog();
    await expect(resolveParentAndSharedFlow(GenesysClient.create(devSettings(emu, { flowListing: false })), inputs)).rejects.toThrow(/Sales Inbund/);
    const lookedUp = emu.requestLog.filter((entry) => entry.path === "/api/v2/flows").map((entry) => entry.query.name);
    expect(lookedUp.sort()).toEqual(["Global Auth Subflw", "Sales Inbund"]);
  });

  it("finds the parent and the shared flow with its schemas", async () => {
    const emu = emulator.current();
    const inputs = checked({ parentFlowName: "Sales Inbound", triggerId: "x3", sharedFlowName: "Global Auth Subflow" });
    const [parent, shared] = await resolveParentAndSharedFlow(GenesysClient.create(devSettings(emu)), inputs);
    expect(parent).toMatchObject({ id: emu.findFlowByName("dev", "Sales Inbound")!.id, name: "Sales Inbound", type: "inboundcall" });
    expect(shared).toMatchObject({ name: "Global Auth Subflow", outputSchema: { properties: { authenticationResult: { type: "string" } } } });
  });
});
