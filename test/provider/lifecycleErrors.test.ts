// Protects the context of lifecycle failures: which trigger in which flow, the cause kept, and a new error
// for each operation even when they share one failure.

import { UNKNOWN_VALUE } from "../../provider/attachmentInputs";
import { requireKnown, SubflowAttachmentError, withContext } from "../../provider/lifecycleErrors";

describe("withContext", () => {
  it("names the trigger and the flow, and keeps the cause", async () => {
    const cause = new Error("No flow is named exactly 'Sales Inbund'");
    const failure = withContext({ triggerId: "callAuth", parentFlowName: "Sales Inbund" }, () => Promise.reject(cause));
    await expect(failure).rejects.toThrow("SubflowAttachment trigger 'callAuth' in flow 'Sales Inbund': No flow is named exactly 'Sales Inbund'");
    await expect(failure.catch((error: Error) => error.cause)).resolves.toBe(cause);
  });

  it("prefers the flow name the state recorded, then the declared name, then the declared ID", async () => {
    const fail = () => Promise.reject(new Error("x"));
    await expect(withContext({ triggerId: "t", parentFlowName: "Declared" }, fail, "Recorded")).rejects.toThrow("flow 'Recorded'");
    await expect(withContext({ triggerId: "t", parentFlowId: "parent-1" }, fail)).rejects.toThrow("flow 'parent-1'");
  });

  it("makes a new error for each operation sharing one failure", async () => {
    const shared = Promise.reject(new Error("lookup failed"));
    const [first, second] = await Promise.all([1, 2].map(() => withContext({ triggerId: "t", parentFlowName: "F" }, () => shared).catch((error: unknown) => error)));
    expect(first).toBeInstanceOf(SubflowAttachmentError);
    expect(first).not.toBe(second);
  });
});

describe("requireKnown", () => {
  it("refuses inputs with a value still unknown, naming the trigger", () => {
    const inputs = { parentFlowName: "Sales Inbound", sharedFlowName: "Global Auth", triggerId: "callAuth", after: "start", publish: false };
    expect(requireKnown(inputs)).toBe(inputs);
    expect(() => requireKnown({ ...inputs, arguments: { callerPhone: UNKNOWN_VALUE } })).toThrow("trigger 'callAuth': an input is still unknown at apply time");
  });
});
