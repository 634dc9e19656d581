// Protects what the state records: every output named once, nothing the provider host cannot encode, and
// a refresh that records the live call where it now is.

import { LiveCall } from "../../provider/flowFormats/flowFormat";
import { OUTPUT_NAMES, outputsOf, refreshedOutputs } from "../../provider/attachmentOutputs";
import { INPUT_NAMES } from "../../provider/attachmentInputs";
import { Flow } from "../../provider/flowModel";
import { recordedAttachment } from "../support/recordedAttachment";

const parent: Flow = { id: "parent-1", name: "Sales Inbound", type: "inboundcall", version: 5, triggers: [], edges: [] };
const recorded = recordedAttachment;

describe("OUTPUT_NAMES", () => {
  it("holds every input and what the org resolves, once each", () => {
    expect(OUTPUT_NAMES).toEqual(expect.arrayContaining([...INPUT_NAMES, "version"]));
    expect(new Set(OUTPUT_NAMES).size).toBe(OUTPUT_NAMES.length);
    expect(OUTPUT_NAMES).toHaveLength(INPUT_NAMES.length + 1);
  });
});

describe("outputsOf", () => {
  it("records the inputs and the resolved flows, leaving out absent values and the host's own __provider", () => {
    const inputs = { parentFlowName: "Sales Inbound", sharedFlowName: "Global Auth", triggerId: "callAuth", returnVariables: undefined, after: "start", publish: false, __provider: "serialized" };
    expect(outputsOf(inputs, parent, { id: "shared-1", name: "Global Auth Subflow" })).toEqual({
      parentFlowId: "parent-1",
      parentFlowName: "Sales Inbound",
      sharedFlowId: "shared-1",
      sharedFlowName: "Global Auth Subflow",
      triggerId: "callAuth",
      after: "start",
      publish: false,
      version: 5,
    });
  });
});

describe("refreshedOutputs", () => {
  const live: LiveCall = {
    triggerId: "callAuth",
    isCall: true,
    sharedFlow: "shared-2",
    arguments: undefined,
    returnVariables: { "Flow.r": "authenticationResult" },
    managedBy: undefined,
    otherDifferences: [],
    predecessors: ["start"],
  };
  const otherShared = { id: "shared-2", name: "Other Shared" };

  it("records the live call and the parent's name and version", () => {
    const refreshed = refreshedOutputs(recorded, { ...parent, name: "Sales Inbound (renamed)" }, live, { missing: false, changedProperties: ["flowId"], moved: false, declaredAfter: "start" }, otherShared);
    expect(refreshed).toEqual({ ...recorded, parentFlowName: "Sales Inbound (renamed)", sharedFlowId: "shared-2", sharedFlowName: "Other Shared", arguments: undefined, returnVariables: live.returnVariables, version: 5 });
    expect(Object.keys(refreshed)).not.toContain("arguments");
  });

  it("records the node a moved call now follows, and keeps the declared one when that is unclear", () => {
    const moved = { missing: false as const, changedProperties: [], moved: true, declaredAfter: "start" };
    expect(refreshedOutputs(recorded, parent, live, { ...moved, placedAfter: "welcome-prompt" }, otherShared).after).toBe("welcome-prompt");
    expect(refreshedOutputs(recorded, parent, live, moved, otherShared).after).toBe("start");
  });
});
