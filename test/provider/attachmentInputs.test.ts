// Protects `check`: every malformed or hostile input is refused with exactly one failure naming the field
// and the fix, valid inputs come back with defaults, and preview's unknown values always pass.
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { checkAttachmentInputs, UNKNOWN_VALUE } from "../../provider/attachmentInputs";

const base = { parentFlowName: "Sales Inbound", sharedFlowName: "Global Auth", triggerId: "callGlobalAuth" };
const without = (key: keyof typeof base, extra: Record<string, unknown> = {}) => {
  const { [key]: _removed, ...rest } = base;
  return { ...rest, ...extra };
};
const manyArguments = Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`input${index}`, "x"]));

interface BadInput {
  what: string;
  news: Record<string, unknown>;
  property: string;
  /** Words the reason must contain, so the fix is actually named. */
  mentions: string[];
}

const badInputs: BadInput[] = [
  { what: "triggerId of the wrong type", news: { ...base, triggerId: 42 }, property: "triggerId", mentions: ["must be a string"] },
  { what: "triggerId missing", news: without("triggerId"), property: "triggerId", mentions: ["required", "callGlobalAuth"] },
  { what: "triggerId empty", news: { ...base, triggerId: "" }, property: "triggerId", mentions: ["empty"] },
  { what: "triggerId start", news: { ...base, triggerId: "start" }, property: "triggerId", mentions: ["virtual start node"] },
  { what: "triggerId end", news: { ...base, triggerId: "end" }, property: "triggerId", mentions: ["virtual end node"] },
  { what: "triggerId with a space", news: { ...base, triggerId: "call auth" }, property: "triggerId", mentions: ["not a trigger ID", "'_' or '-'"] },
  { what: "triggerId path traversal", news: { ...base, triggerId: "../etc/passwd" }, property: "triggerId", mentions: ['"../etc/passwd"'] },
  { what: "triggerId script tag", news: { ...base, triggerId: "<script>alert(1)</script>" }, property: "triggerId", mentions: ["not a trigger ID"] },
  { what: "triggerId too long", news: { ...base, triggerId: "a".repeat(129) }, property: "triggerId", mentions: ["at most 128"] },
  { what: "triggerId forging a log line", news: { ...base, triggerId: "x\nINFO all good" }, property: "triggerId", mentions: ["\\n"] },
  { what: "triggerId with a look-alike letter", news: { ...base, triggerId: "c\u0430llAuth" }, property: "triggerId", mentions: ["not a trigger ID"] },
  { what: "both parentFlowId and parentFlowName", news: { ...base, parentFlowId: "f-1" }, property: "parentFlowId", mentions: ["exactly one of parentFlowId or parentFlowName", "both"] },
  { what: "neither parentFlowId nor parentFlowName", news: without("parentFlowName"), property: "parentFlowId", mentions: ["exactly one", "neither"] },
  { what: "both sharedFlowId and sharedFlowName", news: { ...base, sharedFlowId: "f-2" }, property: "sharedFlowId", mentions: ["exactly one of sharedFlowId or sharedFlowName"] },
  { what: "neither sharedFlowId nor sharedFlowName", news: without("sharedFlowName"), property: "sharedFlowId", mentions: ["neither"] },
  { what: "parentFlowId empty", news: without("parentFlowName", { parentFlowId: "" }), property: "parentFlowId", mentions: ["empty", "parentFlowName"] },
  { what: "parentFlowId path traversal", news: without("parentFlowName", { parentFlowId: "../../flows" }), property: "parentFlowId", mentions: ["not a flow ID"] },
  { what: "the shared flow is the parent flow, by ID", news: { triggerId: "callAuth", parentFlowId: "f-1", sharedFlowId: "f-1" }, property: "sharedFlowId", mentions: ["cannot call itself"] },
  { what: "a flow name given as parentFlowId", news: without("parentFlowName", { parentFlowId: "Sales Inbound" }), property: "parentFlowId", mentions: ["use parentFlowName"] },
  { what: "sharedFlowId with quotes", news: without("sharedFlowName", { sharedFlowId: 'x"; DROP TABLE flows' }), property: "sharedFlowId", mentions: ["not a flow ID"] },
  { what: "sharedFlowId too long", news: without("sharedFlowName", { sharedFlowId: "f".repeat(129) }), property: "sharedFlowId", mentions: ["at most 128"] },
  { what: "parentFlowName empty", news: { ...base, parentFlowName: "" }, property: "parentFlowName", mentions: ["empty"] },
  { what: "parentFlowName blank", news: { ...base, parentFlowName: "   " }, property: "parentFlowName", mentions: ["blank"] },
  { what: "parentFlowName with padding", news: { ...base, parentFlowName: " Sales Inbound " }, property: "parentFlowName", mentions: ['write "Sales Inbound"'] },
  { what: "sharedFlowName with a newline", news: { ...base, sharedFlowName: "Global\nAuth" }, property: "sharedFlowName", mentions: ["control character"] },
  { what: "sharedFlowName too long", news: { ...base, sharedFlowName: "x".repeat(257) }, property: "sharedFlowName", mentions: ["at most 256"] },
  { what: "parentFlowName of the wrong type", news: { ...base, parentFlowName: 7 }, property: "parentFlowName", mentions: ["must be a string"] },
  { what: "arguments as a string", news: { ...base, arguments: "callerPhone=${Call.Ani}" }, property: "arguments", mentions: ["must be an object", "${Call.Ani}"] },
  { what: "arguments as an array", news: { ...base, arguments: ["${Call.Ani}"] }, property: "arguments", mentions: ["must be an object"] },
  { what: "unclosed expression", news: { ...base, arguments: { callerPhone: "${callerPhone" } }, property: "arguments.callerPhone", mentions: ["not closed"] },
  { what: "empty expression", news: { ...base, arguments: { callerPhone: "${}" } }, property: "arguments.callerPhone", mentions: ["names no variable"] },
  { what: "expression with a space", news: { ...base, arguments: { callerPhone: "${a b}" } }, property: "arguments.callerPhone", mentions: ['"a b"', "not a variable name"] },
  { what: "expression inside text", news: { ...base, arguments: { callerPhone: "x ${y}" } }, property: "arguments.callerPhone", mentions: ["whole value"] },
  { what: "two expressions", news: { ...base, arguments: { callerPhone: "${a}${b}" } }, property: "arguments.callerPhone", mentions: ["whole value"] },
  { what: "expression with a trailing dot", news: { ...base, arguments: { callerPhone: "${Call.}" } }, property: "arguments.callerPhone", mentions: ["not a variable name"] },
  { what: "argument value a number", news: { ...base, arguments: { callerPhone: 5551234 } }, property: "arguments.callerPhone", mentions: ['quote it, such as "5551234"'] },
  { what: "argument value too long", news: { ...base, arguments: { greeting: "y".repeat(1025) } }, property: "arguments.greeting", mentions: ["at most 1024"] },
  { what: "argument name with a space", news: { ...base, arguments: { "caller phone": "x" } }, property: 'arguments["caller phone"]', mentions: ["not a shared-flow input name"] },
  { what: "argument name path traversal", news: { ...base, arguments: { "../x": "y" } }, property: 'arguments["../x"]', mentions: ["not a shared-flow input name"] },
  { what: "argument name __proto__", news: JSON.parse('{"triggerId":"t","parentFlowId":"p","sharedFlowId":"s","arguments":{"__proto__":"x"}}'), property: 'arguments["__proto__"]', mentions: ["not a shared-flow input name"] },
  { what: "argument name too long", news: { ...base, arguments: { ["a".repeat(129)]: "x" } }, property: `arguments.${"a".repeat(129)}`, mentions: ["at most 128"] },
  { what: "too many arguments", news: { ...base, arguments: manyArguments }, property: "arguments", mentions: ["51 entries", "at most 50"] },
  { what: "return variable name ending in a dot", news: { ...base, returnVariables: { "Flow.": "isAuthenticated" } }, property: 'returnVariables["Flow."]', mentions: ["not a parent variable name"] },
  { what: "return variable output with a dash", news: { ...base, returnVariables: { "Flow.isAuth": "is-auth" } }, property: 'returnVariables["Flow.isAuth"]', mentions: ["not a shared-flow output name"] },
  { what: "returnVariables as a number", news: { ...base, returnVariables: 3 }, property: "returnVariables", mentions: ["must be an object"] },
  { what: "after end", news: { ...base, after: "end" }, property: "after", mentions: ["nothing follows the end", "'start'"] },
  { what: "after the trigger itself", news: { ...base, after: "callGlobalAuth" }, property: "after", mentions: ["own triggerId"] },
  { what: "after empty", news: { ...base, after: "" }, property: "after", mentions: ["empty"] },
  { what: "after with a line break", news: { ...base, after: "Transfer\nINFO: ok" }, property: "after", mentions: ["control character"] },
  { what: "after with spaces around it", news: { ...base, after: " Transfer to ACD " }, property: "after", mentions: ["whitespace", '"Transfer to ACD"'] },
  { what: "publish as a string", news: { ...base, publish: "yes" }, property: "publish", mentions: ["true or false"] },
  { what: "publish as a number", news: { ...base, publish: 1 }, property: "publish", mentions: ["true or false"] },
  { what: "a typo in an input name", news: without("parentFlowName", { parentflowName: "Sales Inbound", parentFlowId: "f-1" }), property: "parentflowName", mentions: ["not an input", "parentFlowName"] },
  { what: "an input named __proto__", news: JSON.parse('{"triggerId":"t","parentFlowId":"p","sharedFlowId":"s","__proto__":{"publish":true}}'), property: "__proto__", mentions: ["not an input"] },
];

describe("checkAttachmentInputs on bad input", () => {
  it("covers at least 30 cases", () => {
    expect(badInputs.length).toBeGreaterThanOrEqual(30);
  });

  it.each(badInputs)("refuses $what with one failure at $property", ({ news, property, mentions }) => {
    const { inputs, failures } = checkAttachmentInputs(news);
    expect(failures.map((failure) => failure.property)).toEqual([property]);
    for (const text of mentions) expect(failures[0].reason).toContain(text);
    expect(failures[0].reason).not.toMatch(/^Invalid input/);
    expect(inputs).toBe(news);
  });

  it("reports every problem at once, one failure each", () => {
    const { failures } = checkAttachmentInputs({ triggerId: "end", parentFlowId: "a", parentFlowName: "A", sharedFlowName: "S", after: "end", publish: "no", extra: 1 });
    expect(failures.map((failure) => failure.property).sort()).toEqual(["after", "extra", "parentFlowId", "publish", "triggerId"]);
  });
});

describe("checkAttachmentInputs on good input", () => {
  it("fills in the defaults: after start, no maps, and leaves publish out (what that means is the org's format's)", () => {
    expect(checkAttachmentInputs(base)).toEqual({ inputs: { ...base, after: "start" }, failures: [] });
  });

  it("keeps every declared value, and treats null as unset", () => {
    const news = {
      parentFlowId: "3f1c9d2e-6a4b-4f0e-9d1a-2b7c8e5f4a10",
      sharedFlowId: "shared_auth-2",
      triggerId: "call-Auth_2",
      arguments: { callerPhone: "${Call.Ani}", account: "${accountNumber}", price: "$5", braces: "{x}", closer: "a}", empty: "" },
      returnVariables: { "Flow.isAuthenticated": "isAuthenticated", customerId: "customerId" },
      after: "Go to queue? (main)",
      publish: true,
      parentFlowName: null,
    };
    const { parentFlowName: _unset, ...declared } = news;
    expect(checkAttachmentInputs(news)).toEqual({ inputs: declared, failures: [] });
  });

  it("passes the dynamic provider host's __provider through, valid or not", () => {
    expect(checkAttachmentInputs({ ...base, __provider: "serialized" }).inputs).toEqual({ ...base, after: "start", __provider: "serialized" });
    const invalid = { ...base, triggerId: "", __provider: "serialized" };
    expect(checkAttachmentInputs(invalid)).toEqual({ inputs: invalid, failures: [expect.objectContaining({ property: "triggerId" })] });
  });

  it("uses the unknown value of @pulumi/pulumi", () => {
    expect(UNKNOWN_VALUE).toBe(unknownValue);
  });

  it("accepts preview's unknown value in every field and map value", () => {
    const everyFieldUnknown = Object.fromEntries(
      ["parentFlowId", "sharedFlowName", "triggerId", "arguments", "returnVariables", "after", "publish"].map((key) => [key, UNKNOWN_VALUE]),
    );
    expect(checkAttachmentInputs(everyFieldUnknown)).toEqual({ inputs: everyFieldUnknown, failures: [] });
    const unknownMapValues = { ...base, arguments: { callerPhone: UNKNOWN_VALUE }, returnVariables: { "Flow.isAuthenticated": UNKNOWN_VALUE } };
    expect(checkAttachmentInputs(unknownMapValues).failures).toEqual([]);
  });
});

