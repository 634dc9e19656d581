// Protects how a stack's wiring config becomes attachments: the shared flow is inherited unless an
// attachment names its own, and every mistake is reported with the config path to fix and how.
import { readWiringConfig } from "../../program/wiringConfig";

const sales = { parentFlowName: "Sales Inbound", triggerId: "callGlobalAuth" };

/** The error message readWiringConfig throws for `raw`, so assertions can name the path it points at. */
function problemWith(raw: unknown): string {
  try {
    readWiringConfig(raw);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the wiring to be rejected");
}

describe("readWiringConfig", () => {
  it("gives every attachment the wiring's shared flow and publish setting unless it sets its own", () => {
    const attachments = readWiringConfig({
      sharedFlowName: "Global Auth Subflow",
      publish: true,
      attachments: {
        "sales-auth": { ...sales, arguments: { callerPhone: "${Call.Ani}" }, after: "welcome-prompt" },
        "sales-queue": { parentFlowName: "Sales Inbound", triggerId: "callQueueRouting", sharedFlowName: "Queue Routing", publish: false },
      },
    });

    expect(attachments).toEqual([
      { name: "sales-auth", ...sales, sharedFlowName: "Global Auth Subflow", arguments: { callerPhone: "${Call.Ani}" }, after: "welcome-prompt", publish: true },
      { name: "sales-queue", parentFlowName: "Sales Inbound", triggerId: "callQueueRouting", sharedFlowName: "Queue Routing", publish: false },
    ]);
  });

  it.each([
    { problem: "a missing trigger ID", attachment: { parentFlowName: "Sales Inbound" }, path: "subflow-wiring:wiring.attachments.sales-auth.triggerId" },
    { problem: "a misspelt key", attachment: { ...sales, parentFlowNmae: "x" }, path: "subflow-wiring:wiring.attachments.sales-auth" },
    { problem: "a value that is not a string", attachment: { ...sales, arguments: { language: 7 } }, path: "subflow-wiring:wiring.attachments.sales-auth.arguments.language" },
  ])("names the config path of $problem", ({ attachment, path }) => {
    const message = problemWith({ sharedFlowName: "Global Auth Subflow", attachments: { "sales-auth": attachment } });
    expect(message).toContain("stack config 'subflow-wiring:wiring' is not valid wiring");
    expect(message).toContain(`→ at ${path}\n`.trimEnd());
  });

  it("names the attachment whose name cannot be a resource name, and says what is allowed", () => {
    const message = problemWith({ sharedFlowName: "Global Auth Subflow", attachments: { "sales auth": sales } });
    expect(message).toContain("invalid attachment name: use letters, digits, '_', '.' or '-'");
    expect(message).toContain("subflow-wiring:wiring.attachments.sales auth");
  });

  it("says where to name the shared flow when neither the wiring nor the attachment does", () => {
    const message = problemWith({ attachments: { "sales-auth": sales } });
    expect(message).toBe(
      "stack config 'subflow-wiring:wiring.attachments.sales-auth' names no shared flow: set 'subflow-wiring:wiring.sharedFlowName' or its own 'sharedFlowName'",
    );
  });
});
