// Protects the ownership rules over a trigger already read: who manages a call by its marker, that create and
// update refuse another stack's call unless adopting it, that adopting writes only the marker, and that
// delete leaves another stack's call alone.
import { callSubflowTrigger, DesiredAttachment } from "../../provider/attachmentDrift";
import { convergeAttachment, createAttachment, removeAttachment } from "../../provider/attachmentEdits";
import { findTrigger, spliceIn } from "../../provider/graphEdits";
import { OwnershipError, ownershipOf } from "../../provider/ownership";

const desired = (managedBy?: string): DesiredAttachment => ({ triggerId: "callAuth", after: "start", properties: { type: "callsubflow", flowId: "shared-1" }, ...(managedBy ? { managedBy } : {}) });
const parentWith = (managedBy?: string) => ({ id: "parent-1", name: "Sales Inbound", ...spliceIn({ triggers: [], edges: [{ fromId: "start", toId: "end", conditions: [] }] }, callSubflowTrigger(desired(managedBy))) });

describe("ownershipOf", () => {
  it("reads the marker against the identities that count as this stack", () => {
    const trigger = findTrigger(parentWith("p/dev"), "callAuth");
    expect(ownershipOf(trigger, ["p/dev"])).toEqual({ kind: "ours" });
    expect(ownershipOf(trigger, ["p/feature", "p/dev"])).toEqual({ kind: "ours" });
    expect(ownershipOf(trigger, ["p/feature"])).toEqual({ kind: "other", owner: "p/dev" });
    expect(ownershipOf(findTrigger(parentWith(), "callAuth"), ["p/dev"])).toEqual({ kind: "unmarked" });
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
    expect(findTrigger(adopted.graph!, "callAuth")!.properties).toEqual({ type: "callsubflow", flowId: "shared-1", managedBy: "p/feature" });
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
