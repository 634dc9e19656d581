// Protects how the root program orders chained attachments: one placed after another attachment's trigger in
// the same flow depends on it, a trigger declared twice in a flow or a chain that loops is a config error
// naming the attachments, and unchained attachments keep their config order.
import { orderAttachments } from "../../program/attachmentOrder";
import type { DeclaredAttachment } from "../../program/wiringConfig";

const attachment = (name: string, triggerId: string, after?: string, parentFlowName = "Sales Inbound"): DeclaredAttachment => ({
  name,
  parentFlowName,
  triggerId,
  sharedFlowName: "Global Auth Subflow",
  ...(after === undefined ? {} : { after }),
});

const order = (attachments: DeclaredAttachment[]) => orderAttachments(attachments).map(({ attachment: { name }, dependsOn }) => [name, dependsOn]);

describe("orderAttachments", () => {
  it("keeps config order and depends on nothing when no attachment follows another", () => {
    expect(order([attachment("a", "callA"), attachment("b", "callB", "start"), attachment("c", "callC", "welcome-prompt")])).toEqual([
      ["a", undefined],
      ["b", undefined],
      ["c", undefined],
    ]);
  });

  it("puts an attachment after the one whose trigger it follows in the same flow, however deep the chain", () => {
    expect(order([attachment("third", "callC", "callB"), attachment("second", "callB", "callA"), attachment("first", "callA")])).toEqual([
      ["first", undefined],
      ["second", "first"],
      ["third", "second"],
    ]);
  });

  it("does not chain across flows: the same trigger ID in another flow is another trigger", () => {
    expect(order([attachment("support", "callB", "callA", "Support Inbound"), attachment("sales", "callA")])).toEqual([
      ["support", undefined],
      ["sales", undefined],
    ]);
  });

  it("refuses a cycle, naming the attachments in it", () => {
    expect(() => orderAttachments([attachment("x", "callX", "callY"), attachment("y", "callY", "callX"), attachment("z", "callZ")])).toThrow(
      "stack config 'subflow-wiring:wiring': attachments in flow 'Sales Inbound' are placed after each other in a cycle: " +
        "'x' (triggerId 'callX', after 'callY') -> 'y' (triggerId 'callY', after 'callX') -> 'x' (triggerId 'callX', after 'callY'); place one of them after 'start' or another trigger",
    );
  });

  it("refuses one trigger declared by two attachments of a flow, naming both", () => {
    expect(() => orderAttachments([attachment("a", "callAuth"), attachment("b", "callAuth", "welcome-prompt")])).toThrow(
      "stack config 'subflow-wiring:wiring': attachments 'a' and 'b' both declare trigger 'callAuth' in flow 'Sales Inbound'; give one of them another triggerId",
    );
  });
});
