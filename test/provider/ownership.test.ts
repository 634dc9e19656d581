// Protects the ownership rules over a call already read, in both flow formats: who manages a call by its
// marker, that create and update refuse another stack's call unless adopting it, that adopting writes only
// the marker, and that delete leaves another stack's call alone.
import { convergeAttachment, createAttachment, ParentFlow, removeAttachment } from "../../provider/attachmentEdits";
import { DesiredCall } from "../../provider/flowFormats/flowFormat";
import { callsOf } from "../../provider/flowFormats/formats";
import { OwnershipError, ownershipOf } from "../../provider/ownership";
import { FLOW_FORMATS, salesInbound } from "../support/formatFixtures";

const desired = (managedBy?: string): DesiredCall => ({ triggerId: "callAuth", after: "start", sharedFlow: { id: "shared-1", name: "Global Auth" }, ...(managedBy ? { managedBy } : {}) });

describe.each(FLOW_FORMATS)("in the %s format", (format) => {
  /** The parent flow holding the call, marked by `managedBy` (or unmarked, as made by hand). */
  const parentWith = (managedBy?: string): ParentFlow => {
    const empty = salesInbound(format);
    const made = createAttachment(empty, desired(managedBy), { ours: [managedBy], adopt: false });
    return { ...empty, document: made.document! };
  };
  const callIn = (parent: ParentFlow) => callsOf(parent.document).find("callAuth");

  describe("ownershipOf", () => {
    it("reads the marker against the identities that count as this stack", () => {
      const call = callIn(parentWith("p/dev"));
      expect(ownershipOf(call, ["p/dev"])).toEqual({ kind: "ours" });
      expect(ownershipOf(call, ["p/feature", "p/dev"])).toEqual({ kind: "ours" });
      expect(ownershipOf(call, ["p/feature"])).toEqual({ kind: "other", owner: "p/dev" });
      expect(ownershipOf(callIn(parentWith()), ["p/dev"])).toEqual({ kind: "unmarked" });
      expect(ownershipOf(undefined, ["p/dev"])).toEqual({ kind: "ours" });
    });
  });

  describe("edits under ownership", () => {
    it("create adopts this stack's own call and an unmarked (hand-made) one without a write, and refuses another stack's unless adopting", () => {
      expect(createAttachment(parentWith("p/dev"), desired("p/dev"), { ours: ["p/dev"], adopt: false })).toEqual({ result: "adopted" });
      // Hand-made wiring comes under management with zero writes; the marker follows with the flow's next repair.
      expect(createAttachment(parentWith(), desired("p/dev"), { ours: ["p/dev"], adopt: false })).toEqual({ result: "adopted" });
      expect(() => createAttachment(parentWith("p/dev"), desired("p/feature"), { ours: ["p/feature"], adopt: false })).toThrow(OwnershipError);
      const adopted = createAttachment(parentWith("p/dev"), desired("p/feature"), { ours: ["p/feature"], adopt: true });
      expect(callsOf(adopted.document!).find("callAuth")).toMatchObject({ isCall: true, managedBy: "p/feature", otherDifferences: [] });
    });

    it("update refuses another stack's call unless adopting it", () => {
      expect(() => convergeAttachment(parentWith("p/dev"), desired("p/feature"), { ours: ["p/feature"], adopt: false })).toThrow(/is managed by stack 'p\/dev'/);
      expect(convergeAttachment(parentWith("p/dev"), desired("p/feature"), { ours: ["p/feature"], adopt: true }).result).toBe("repaired");
    });

    it("delete leaves another stack's call alone, and removes its own or an unmarked one", () => {
      expect(removeAttachment(parentWith("p/dev"), "callAuth", ["p/feature"])).toEqual({ result: "managed-elsewhere" });
      expect(removeAttachment(parentWith("p/dev"), "callAuth", ["p/dev"]).result).toBe("removed");
      expect(removeAttachment(parentWith(), "callAuth", [undefined]).result).toBe("removed");
    });
  });
});
