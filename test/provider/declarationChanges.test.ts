// Protects diff's decisions that need no org: which changes replace an attachment, and which change the call.

import { UNKNOWN_VALUE } from "../../provider/attachmentInputs";
import { callChanged, declarationChanged, parentReplacementKey, replacedKeysWithoutLookup } from "../../provider/declarationChanges";
import { recordedAttachment } from "../support/recordedAttachment";

const olds = recordedAttachment;
const declared = { parentFlowName: "Sales Inbound", sharedFlowName: "Global Auth Subflow", triggerId: "callAuth", arguments: { callerPhone: "${Call.Ani}" }, after: "start", publish: false };

describe("replacedKeysWithoutLookup", () => {
  it("replaces for a new trigger ID, a parent declared by another ID, or a parent name not known yet", () => {
    expect(replacedKeysWithoutLookup(olds, declared)).toEqual([]);
    expect(replacedKeysWithoutLookup(olds, { ...declared, triggerId: "renamed" })).toEqual(["triggerId"]);
    expect(replacedKeysWithoutLookup(olds, { ...declared, parentFlowName: undefined, parentFlowId: "parent-2" })).toEqual(["parentFlowId"]);
    expect(replacedKeysWithoutLookup(olds, { ...declared, parentFlowName: undefined, parentFlowId: "parent-1" })).toEqual([]);
    expect(replacedKeysWithoutLookup(olds, { ...declared, parentFlowName: UNKNOWN_VALUE })).toEqual(["parentFlowName"]);
  });

  it("leaves a renamed parent to the lookup: the name may still resolve to the same flow", () => {
    expect(replacedKeysWithoutLookup(olds, { ...declared, parentFlowName: "Billing Inbound" })).toEqual([]);
  });
});

describe("parentReplacementKey", () => {
  it("names the key the parent is declared by", () => {
    expect(parentReplacementKey(declared)).toBe("parentFlowName");
    expect(parentReplacementKey({ ...declared, parentFlowName: undefined, parentFlowId: "parent-2" })).toBe("parentFlowId");
  });
});

describe("callChanged", () => {
  it("is false when the shared flow is declared the same way and the maps hold the same entries", () => {
    expect(callChanged(olds, declared)).toBe(false);
    expect(callChanged(olds, { ...declared, sharedFlowName: undefined, sharedFlowId: "shared-1" })).toBe(false);
    expect(callChanged({ ...olds, returnVariables: {} }, declared)).toBe(false);
  });

  it("is true for another shared flow, or other arguments or return variables", () => {
    expect(callChanged(olds, { ...declared, sharedFlowName: "Queue Routing" })).toBe(true);
    expect(callChanged(olds, { ...declared, sharedFlowName: undefined, sharedFlowId: "shared-2" })).toBe(true);
    expect(callChanged(olds, { ...declared, arguments: { callerPhone: "${Call.Language}" } })).toBe(true);
    expect(callChanged(olds, { ...declared, arguments: { callerPhone: "${Call.Ani}", language: "en-US" } })).toBe(true);
    expect(callChanged(olds, { ...declared, returnVariables: { "Flow.r": "authenticationResult" } })).toBe(true);
  });
});

describe("declarationChanged", () => {
  it("is true when the call, the resolved shared flow, the position or publishing changed", () => {
    expect(declarationChanged(olds, declared, "shared-1", "graph")).toBe(false);
    expect(declarationChanged(olds, declared, "shared-2", "graph")).toBe(true);
    expect(declarationChanged(olds, { ...declared, after: "welcome-prompt" }, "shared-1", "graph")).toBe(true);
    expect(declarationChanged(olds, { ...declared, publish: true }, "shared-1", "graph")).toBe(true);
    expect(declarationChanged(olds, { ...declared, arguments: {} }, "shared-1", "graph")).toBe(true);
  });

  it("reads a left-out publish as the org's format does: false on the tutorial's model, true on an Architect org, where every write publishes", () => {
    const leftOut = { ...declared, publish: undefined };
    expect(declarationChanged({ ...olds, publish: false }, leftOut, "shared-1", "graph")).toBe(false);
    expect(declarationChanged({ ...olds, publish: true }, leftOut, "shared-1", "graph")).toBe(true);
    expect(declarationChanged({ ...olds, publish: true }, leftOut, "shared-1", "architect")).toBe(false);
    expect(declarationChanged({ ...olds, publish: undefined }, { ...declared, publish: true }, "shared-1", "architect")).toBe(false);
  });

  it("is true when the parent is declared by the new name the org gave it, so the update records that name", () => {
    expect(declarationChanged(olds, { ...declared, parentFlowName: "Sales Inbound 2024" }, "shared-1", "graph")).toBe(true);
    expect(declarationChanged(olds, { ...declared, parentFlowName: undefined, parentFlowId: "parent-1" }, "shared-1", "graph")).toBe(false);
  });
});
