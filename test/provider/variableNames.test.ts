// Protects the name check that runs before any write: undeclared argument and return-variable names are
// caught, each message names the shared flow, the field, the declared names and a likely fix.
import { UNKNOWN_VALUE } from "../../provider/attachmentInputs";
import { findVariableNameProblems, suggestName } from "../../provider/variableNames";

const sharedFlow = {
  name: "Global Auth",
  inputSchema: { type: "object", properties: { callerPhone: { type: "string" }, accountNumber: { type: "string" }, pin: { type: "string" } } },
  outputSchema: { type: "object", properties: { isAuthenticated: { type: "boolean" }, customerId: { type: "string" } } },
};

describe("findVariableNameProblems", () => {
  it("accepts names the shared flow declares, and no maps at all", () => {
    expect(
      findVariableNameProblems({
        arguments: { callerPhone: "${Call.Ani}", pin: "1234" },
        returnVariables: { "Flow.isAuth": "isAuthenticated", customer: "customerId" },
        sharedFlow,
      }),
    ).toEqual([]);
    expect(findVariableNameProblems({ sharedFlow })).toEqual([]);
  });

  it("names the flow, the field, the suggestion and the declared inputs for a misspelt argument", () => {
    expect(findVariableNameProblems({ arguments: { callerPhon: "${Call.Ani}" }, sharedFlow })).toEqual([
      "arguments.callerPhon: shared flow 'Global Auth' declares no input 'callerPhon'; did you mean 'callerPhone'? (its inputs are 'callerPhone', 'accountNumber', 'pin')",
    ]);
  });

  it("treats names as case-sensitive and says so", () => {
    const [problem] = findVariableNameProblems({ arguments: { CallerPhone: "x" }, sharedFlow });
    expect(problem).toContain("declares no input 'CallerPhone' (names are case-sensitive); did you mean 'callerPhone'?");
  });

  it("checks return-variable values against the outputs, naming the parent variable's field", () => {
    expect(findVariableNameProblems({ returnVariables: { "Flow.isAuth": "isAuthenticted", "Flow.id": "customerId" }, sharedFlow })).toEqual([
      `returnVariables["Flow.isAuth"]: shared flow 'Global Auth' declares no output 'isAuthenticted'; did you mean 'isAuthenticated'? (its outputs are 'isAuthenticated', 'customerId')`,
    ]);
  });

  it("lists the declared names without a guess when nothing is close", () => {
    expect(findVariableNameProblems({ arguments: { language: "en-US" }, sharedFlow })).toEqual([
      "arguments.language: shared flow 'Global Auth' declares no input 'language'; its inputs are 'callerPhone', 'accountNumber', 'pin'",
    ]);
  });

  it("reports every unknown name, and says so when the shared flow declares none", () => {
    const problems = findVariableNameProblems({
      arguments: { a: "1", b: "2" },
      returnVariables: { x: "out" },
      sharedFlow: { name: "Bare" },
    });
    expect(problems).toEqual([
      "arguments.a: shared flow 'Bare' declares no inputs, so 'a' cannot be passed; declare it in the shared flow's inputSchema or remove it",
      "arguments.b: shared flow 'Bare' declares no inputs, so 'b' cannot be passed; declare it in the shared flow's inputSchema or remove it",
      "returnVariables.x: shared flow 'Bare' declares no outputs, so 'out' cannot be returned; declare it in the shared flow's outputSchema or remove it",
    ]);
  });

  it("skips what preview has not computed yet", () => {
    expect(findVariableNameProblems({ arguments: UNKNOWN_VALUE, returnVariables: UNKNOWN_VALUE, sharedFlow })).toEqual([]);
    expect(findVariableNameProblems({ returnVariables: { "Flow.x": UNKNOWN_VALUE }, sharedFlow })).toEqual([]);
  });
});

describe("suggestName", () => {
  it.each([
    { name: "callerphone", expected: "callerPhone", why: "differs only in case" },
    { name: "callerPhon", expected: "callerPhone", why: "one letter missing" },
    { name: "callrePhone", expected: "callerPhone", why: "two letters swapped" },
    { name: "acountNumbr", expected: "accountNumber", why: "two letters missing" },
    { name: "pn", expected: "pin", why: "short name, one letter missing" },
    { name: "pan", expected: "pin", why: "short name, one letter wrong" },
    { name: "pax", expected: undefined, why: "short name, two letters wrong" },
    { name: "language", expected: undefined, why: "nothing close" },
  ])("suggests $expected for $name ($why)", ({ name, expected }) => {
    expect(suggestName(name, ["callerPhone", "accountNumber", "pin"])).toBe(expected);
  });

  it("prefers the closest name, and the first declared on a tie", () => {
    expect(suggestName("pins", ["pinz", "pin"])).toBe("pinz");
    expect(suggestName("abcdef", ["abcdeg", "abcdex"])).toBe("abcdeg");
    expect(suggestName("abcdef", ["abcdefgh", "abcdefg"])).toBe("abcdefg");
  });
});
