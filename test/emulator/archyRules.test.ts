// Protects the service's rules for an Archy flow document: flows shaped like real exports (menus first,
// repeated action names, CRLF, comments, unquoted yes/no, relative references) are accepted; each rule a
// document can break on its own, or in the org it goes to, is refused with a message that says where and
// why. Pure functions: the end-to-end path through import jobs is in importJobs.test.ts.

import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { ArchitectOrgFacts, ArchyFlowDocument, orgProblems, OrgFlowFacts, readFlowDocument, readFlowFile } from "../../emulator/architect/archyRules";

const FIXTURES = path.join(__dirname, "../fixtures/architect");
const readFixture = (name: string) => readFlowFile(fs.readFileSync(path.join(FIXTURES, name)), { maxTextChars: 2 * 1024 * 1024 });

/** An inbound call flow whose task `Main` runs `actions`; `extra` adds or replaces settings. */
function inboundCall(actions: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    inboundCall: {
      name: "Sales Inbound",
      division: "Home",
      startUpRef: "/inboundCall/tasks/task[Main_10]",
      tasks: [{ task: { name: "Main", refId: "Main_10", actions } }],
      ...extra,
    },
  };
}

/** A `callCommonModule` action of the module `moduleName` at `version`, binding `inputs` and `outputs`. */
function callOf(moduleName: string, binding: { inputs?: unknown; outputs?: unknown } = {}, version = "ver_latestPublished"): Record<string, unknown> {
  return { callCommonModule: { name: "callGlobalAuth", commonModule: { [moduleName]: { [version]: binding } } } };
}

/** The problems of a document that must be refused on its own, as `rule: message` lines. */
function ownProblems(value: unknown): string[] {
  const reading = readFlowDocument(value);
  if (reading.ok) throw new Error("expected the document to be refused");
  return reading.problems.map((problem) => `${problem.rule}: ${problem.message}`);
}

function acceptedDocument(value: unknown): ArchyFlowDocument {
  const reading = readFlowDocument(value);
  if (!reading.ok) throw new Error(`expected the document to be accepted: ${reading.problems.map((problem) => problem.message).join("; ")}`);
  return reading.document;
}

/** An org of the given flows, each module published in `versions`; flows are found by name in any letter case. */
function orgOf(flows: OrgFlowFacts[]): ArchitectOrgFacts {
  return { divisionName: "Home", flowsNamed: (name) => flows.filter((flow) => flow.name.toLowerCase() === name.toLowerCase()) };
}

const authModule = (overrides: Partial<OrgFlowFacts> = {}): OrgFlowFacts => ({
  id: "module-1",
  name: "Global Auth Subflow",
  type: "commonmodule",
  versions: [
    { id: "1.0", calledModules: [], moduleInterface: { inputs: ["Common.callerPhone"], outputs: ["Common.authenticationResult"] } },
    {
      id: "2.0",
      calledModules: [],
      moduleInterface: { inputs: ["Common.callerPhone", "Common.language"], outputs: ["Common.authenticationResult"], compatibleFlowTypes: ["inboundcall"] },
    },
  ],
  ...overrides,
});

describe("flows shaped like real exports", () => {
  it.each(["menu-start-inbound.yaml", "hand-written-crlf-inbound.yaml", "routing-common-module.yaml", "calls-global-auth-inbound.yaml"])("reads %s", (name) => {
    const reading = readFixture(name);
    expect(reading.ok ? [] : reading.problems).toEqual([]);
  });

  it("reads a flow that starts at a menu, with repeated action names and no named task action at the start", () => {
    const reading = readFixture("menu-start-inbound.yaml");
    expect(reading).toMatchObject({ ok: true, document: { rootKey: "inboundCall", flowType: "inboundcall", name: "Menu Start Inbound", calls: [] } });
  });

  it("keeps unquoted yes and no decision outputs as the strings they were written as", () => {
    const reading = readFixture("hand-written-crlf-inbound.yaml");
    if (!reading.ok) throw new Error("the fixture should be readable");
    const [decision] = (reading.value as any).inboundCall.tasks[0].task.actions;
    expect(Object.keys(decision.decision.outputs)).toEqual(["yes", "no"]);
  });

  it("reads what a common module declares, and the calls of a flow", () => {
    const module = readFixture("routing-common-module.yaml");
    expect(module).toMatchObject({
      ok: true,
      document: { flowType: "commonmodule", moduleInterface: { inputs: ["Common.language"], outputs: ["Common.queueName"], compatibleFlowTypes: ["inboundcall", "inqueuecall"] } },
    });
    const caller = readFixture("calls-global-auth-inbound.yaml");
    expect(caller).toMatchObject({
      ok: true,
      document: {
        calledModules: ["Global Auth Subflow"],
        calls: [
          {
            where: "inboundCall.tasks[0].task.actions[0]",
            actionName: "callGlobalAuth",
            moduleName: "Global Auth Subflow",
            version: "latestPublished",
            inputs: ["Common.callerPhone", "Common.language"],
            outputs: ["Common.authenticationResult", "Common.resolvedCustomerId"],
          },
        ],
      },
    });
  });
});

describe("what a document must say on its own", () => {
  it.each([
    { root: "a list", value: [1], expected: /root must be a mapping with one key, the flow type .*; it is a list/ },
    { root: "a scalar", value: "inboundCall", expected: /it is the string "inboundCall"/ },
    { root: "empty", value: null, expected: /it is empty/ },
    { root: "two flows", value: { inboundCall: {}, commonModule: {} }, expected: /a mapping with the keys inboundCall, commonModule/ },
  ])("refuses a root that is $root", ({ value, expected }) => {
    expect(ownProblems(value)).toEqual([expect.stringMatching(new RegExp(`^root-shape: .*${expected.source}`))]);
  });

  it("refuses an unknown flow type, suggesting the key meant when only its letter case differs", () => {
    expect(ownProblems({ inboundcall: { name: "x" } })).toEqual([expect.stringMatching(/^unknown-flow-type: 'inboundcall' is not a flow type .*did you mean 'inboundCall'/)]);
    expect(ownProblems({ voiceFlow: { name: "x" } })).toEqual([expect.stringMatching(/^unknown-flow-type: 'voiceFlow' .* one of bot, commonModule, inboundCall/)]);
  });

  it("maps each flow type key to the flow type the flows API names", () => {
    expect(acceptedDocument({ inqueueCall: { name: "Queue music" } }).flowType).toBe("inqueuecall");
    expect(acceptedDocument({ inboundShortMessage: { name: "SMS" } }).flowType).toBe("inboundshortmessage");
  });

  it("needs a name, and a string description and division when they are given", () => {
    expect(ownProblems(inboundCall([], { name: " ", description: 3, division: ["Home"] }))).toEqual([
      "name: inboundCall.name must be the flow's name, a non-empty string.",
      "description: inboundCall.description must be a string.",
      "division: inboundCall.division must be a string.",
    ]);
  });

  it("needs a call flow's startUpRef to name one of its tasks or menus, in absolute or relative form", () => {
    expect(acceptedDocument(inboundCall([], { startUpRef: "./tasks/task[Main_10]" })).name).toBe("Sales Inbound");
    expect(ownProblems(inboundCall([], { startUpRef: undefined }))).toEqual([expect.stringMatching(/^startup-ref: inboundCall.startUpRef is missing/)]);
    expect(ownProblems(inboundCall([], { startUpRef: "/inboundCall/tasks/task[Nope_1]" }))).toEqual([
      'startup-ref: inboundCall.startUpRef "/inboundCall/tasks/task[Nope_1]" names no task of this flow: its tasks have the refIds Main_10.',
    ]);
    expect(ownProblems(inboundCall([], { startUpRef: "/inboundCall/menus/menu[Main_10]" }))).toEqual([expect.stringMatching(/names no menu of this flow: it has no menus/)]);
    expect(ownProblems(inboundCall([], { startUpRef: "/outboundCall/tasks/task[Main_10]" }))).toEqual([expect.stringMatching(/is not a reference to a task or menu of this flow/)]);
    expect(ownProblems(inboundCall([], { startUpRef: "/inboundCall/tasks/menu[Main_10]" }))).toEqual([expect.stringMatching(/is not a reference/)]);
  });

  it("needs refIds to be unique, and tasks and menus to be '- task:' and '- menu:' entries", () => {
    const twice = inboundCall([], { tasks: [{ task: { name: "Main", refId: "Main_10" } }, { task: { name: "Copy", refId: "Main_10" } }] });
    expect(ownProblems(twice)).toEqual([
      "duplicate-ref-id: inboundCall.tasks[1].task.refId 'Main_10' is also the refId of inboundCall.tasks[0].task; refIds name one task each.",
    ]);
    expect(ownProblems(inboundCall([], { menus: { menu: {} } }))).toEqual([expect.stringMatching(/^entry-shape: inboundCall.menus must be a list of '- menu:' entries/)]);
    expect(ownProblems(inboundCall([], { menus: [{ task: {} }] }))).toEqual([expect.stringMatching(/^entry-shape: inboundCall.menus\[0\] must be a mapping with the one key 'menu'/)]);
  });

  it("finds calls anywhere: in tasks, in menus, in the branches of a decision", () => {
    const nested = inboundCall([{ decision: { name: "Known caller?", outputs: { yes: { actions: [callOf("Global Auth Subflow")] } } } }], {
      menus: [{ menu: { name: "Menu", refId: "Menu_11", choices: [{ menuTask: { task: { actions: [callOf("Other Module")] } } }] } }],
    });
    expect(acceptedDocument(nested).calls.map((call) => call.where)).toEqual([
      "inboundCall.tasks[0].task.actions[0].decision.outputs.yes.actions[0]",
      "inboundCall.menus[0].menu.choices[0].menuTask.task.actions[0]",
    ]);
    expect(acceptedDocument(nested).calledModules).toEqual(["Global Auth Subflow", "Other Module"]);
  });

  it.each([
    { shape: "without a name", action: { callCommonModule: { commonModule: { M: { ver_latestPublished: {} } } } }, expected: /needs a name/ },
    { shape: "that is a list", action: { callCommonModule: [] }, expected: /must be a mapping holding the action's name and commonModule/ },
    { shape: "calling two modules", action: { callCommonModule: { name: "c", commonModule: { A: {}, B: {} } } }, expected: /commonModule must be a mapping with one key, the module's name/ },
    { shape: "with no version", action: { callCommonModule: { name: "c", commonModule: { A: { inputs: {} } } } }, expected: /under 'A' it has inputs/ },
    { shape: "with a version not written N.0", action: { callCommonModule: { name: "c", commonModule: { A: { ver_2: {} } } } }, expected: /under 'A' it has ver_2/ },
    { shape: "binding something else", action: { callCommonModule: { name: "c", commonModule: { A: { ver_latestPublished: { input: {} } } } } }, expected: /holds 'input'; only inputs and outputs/ },
    { shape: "with inputs that are a list", action: callOf("A", { inputs: [] }), expected: /its inputs must be a mapping/ },
  ])("refuses a call $shape, saying where it is", ({ action, expected }) => {
    expect(ownProblems(inboundCall([action]))).toEqual([expect.stringMatching(new RegExp(`^call-shape: callCommonModule .*at inboundCall\\.tasks\\[0\\]\\.task\\.actions\\[0\\]: .*${expected.source}`))]);
  });

  it("needs each input to be exactly one of exp, lit or noValue: true, and each output one of var or noValue: true", () => {
    const good = callOf("A", { inputs: { a: { exp: "Call.Ani" }, b: { lit: { name: "x" } }, c: { noValue: true } }, outputs: { d: { var: "Flow.d" }, e: { noValue: true } } });
    expect(acceptedDocument(inboundCall([good])).calls[0]).toMatchObject({ inputs: ["a", "b", "c"], outputs: ["d", "e"] });
    const bad = callOf("A", {
      inputs: { both: { exp: "x", lit: "y" }, number: { exp: 5 }, noValueFalse: { noValue: false }, bare: "Call.Ani" },
      outputs: { lit: { lit: "x" }, varNumber: { var: 1 } },
    });
    expect(ownProblems(inboundCall([bad])).map((problem) => /(input|output) '(\w+)'/.exec(problem)?.[2])).toEqual(["both", "number", "noValueFalse", "bare", "lit", "varNumber"]);
  });

  it("needs a common module's variables to be '- <kind>Variable: {name, isInput, isOutput}' entries", () => {
    const module = (variables: unknown) => ({ commonModule: { name: "M", variables } });
    expect(acceptedDocument(module([{ stringVariable: { name: "Common.a", isInput: true } }, { integerVariable: { name: "Common.b", isOutput: true } }])).moduleInterface).toEqual({
      inputs: ["Common.a"],
      outputs: ["Common.b"],
    });
    expect(ownProblems(module({ stringVariable: { name: "Common.a" } }))).toEqual([expect.stringMatching(/^module-variables: commonModule.variables must be a list/)]);
    expect(ownProblems(module([{ stringVariable: { isInput: true } }]))).toEqual([expect.stringMatching(/^module-variables: commonModule.variables\[0\] must be a mapping with one key/)]);
    expect(ownProblems(module([{ stringVariable: { name: "Common.a", isInput: "yes" } }]))).toEqual(["module-variables: commonModule.variables[0]: isInput must be true or false."]);
    expect(ownProblems({ commonModule: { name: "M", settingsCommonModule: { compatibleFlowTypes: "inboundcall" } } })).toEqual([
      expect.stringMatching(/^module-variables: commonModule.settingsCommonModule must be a mapping whose compatibleFlowTypes/),
    ]);
  });

  it("lists every problem of a document, not only the first", () => {
    expect(ownProblems(inboundCall([callOf("A", { inputs: [] })], { name: "", startUpRef: "nowhere" }))).toHaveLength(3);
  });
});

describe("what a document must agree with in the org", () => {
  const callerDocument = (call: Record<string, unknown>, extra: Record<string, unknown> = {}) => acceptedDocument(inboundCall([call], extra));

  it("accepts a call of a published module binding variables the version it names declares", () => {
    const call = callOf("global auth subflow", { inputs: { "Common.callerPhone": { exp: "Call.Ani" }, "Common.language": { lit: "en-us" } } });
    expect(orgProblems(callerDocument(call), orgOf([authModule()]))).toEqual([]);
    expect(orgProblems(callerDocument(callOf("Global Auth Subflow", { inputs: { "Common.callerPhone": { exp: "Call.Ani" } } }, "ver_1.0")), orgOf([authModule()]))).toEqual([]);
  });

  it("needs the division, when given, to be the org's", () => {
    expect(orgProblems(acceptedDocument(inboundCall([], { division: "home" })), orgOf([]))).toEqual([]);
    expect(orgProblems(acceptedDocument(inboundCall([], { division: "Sales Division" })), orgOf([]))).toEqual([
      { rule: "division", message: "inboundCall.division is 'Sales Division'; this org's division is 'Home'." },
    ]);
  });

  it("needs the module to exist as a common module, and to be published", () => {
    const call = callOf("Global Auth Subflow");
    expect(orgProblems(callerDocument(call), orgOf([]))).toEqual([
      { rule: "module-missing", message: "callCommonModule 'callGlobalAuth' at inboundCall.tasks[0].task.actions[0] calls 'Global Auth Subflow': this org has no common module of that name." },
    ]);
    expect(orgProblems(callerDocument(call), orgOf([authModule({ type: "inboundcall" })]))[0].message).toMatch(/that is a inboundcall flow, and only common modules can be called/);
    expect(orgProblems(callerDocument(call), orgOf([authModule({ versions: [] })]))).toEqual([
      { rule: "module-not-published", message: expect.stringMatching(/calls common module 'Global Auth Subflow', which has never been published/) },
    ]);
  });

  it("needs a pinned version to be one the module published", () => {
    expect(orgProblems(callerDocument(callOf("Global Auth Subflow", {}, "ver_3.0")), orgOf([authModule()]))).toEqual([
      { rule: "module-version-missing", message: expect.stringMatching(/asks for version 3.0 of 'Global Auth Subflow', whose published versions are 1.0, 2.0/) },
    ]);
  });

  it("needs every input and output bound to be declared by the version called, as an input or as an output", () => {
    const call = callOf("Global Auth Subflow", {
      inputs: { "Common.language": { lit: "en-us" }, "Common.authenticationResult": { lit: "x" } },
      outputs: { "Common.callerPhone": { var: "Flow.phone" } },
    });
    expect(orgProblems(callerDocument(call), orgOf([authModule()])).map((problem) => problem.rule)).toEqual(["undeclared-input", "undeclared-output"]);
    const pinned = orgProblems(callerDocument(callOf("Global Auth Subflow", { inputs: { "Common.language": { lit: "en-us" } } }, "ver_1.0")), orgOf([authModule()]));
    expect(pinned).toEqual([
      {
        rule: "undeclared-input",
        message: expect.stringMatching(/binds input 'Common.language', which 'Global Auth Subflow' \(version 1.0\) does not declare as an input .*its inputs are Common.callerPhone/),
      },
    ]);
  });

  it("needs the caller's flow type to be among the module's compatible flow types, when it lists them", () => {
    const inqueue = acceptedDocument({ inqueueCall: { name: "Hold", startUpTaskActions: [callOf("Global Auth Subflow")] } });
    expect(orgProblems(inqueue, orgOf([authModule()]))).toEqual([
      { rule: "incompatible-flow-type", message: expect.stringMatching(/compatibleFlowTypes \(inboundcall\) does not include inqueuecall/) },
    ]);
  });

  it("refuses a common module whose calls lead back to itself", () => {
    const callableByModules = authModule({ versions: [{ id: "1.0", calledModules: [] }] });
    const selfCall = acceptedDocument({ commonModule: { name: "Global Auth Subflow", startUpTaskActions: [callOf("Global Auth Subflow")] } });
    expect(orgProblems(selfCall, orgOf([callableByModules])).map((problem) => problem.rule)).toEqual(["call-loop"]);
    const lookup: OrgFlowFacts = { id: "module-2", name: "Customer Lookup", type: "commonmodule", versions: [{ id: "1.0", calledModules: ["Global Auth Subflow"] }] };
    const throughAnother = acceptedDocument({ commonModule: { name: "Global Auth Subflow", startUpTaskActions: [callOf("Customer Lookup")] } });
    expect(orgProblems(throughAnother, orgOf([callableByModules, lookup]))).toEqual([
      { rule: "call-loop", message: expect.stringContaining("(Global Auth Subflow -> Customer Lookup -> Global Auth Subflow)") },
    ]);
  });

  it("refuses a flow another OAuth client has checked out, and lets the holder import it", () => {
    const sales: OrgFlowFacts = { id: "flow-1", name: "sales inbound", type: "inboundcall", versions: [], lockedByClientId: "architect-user" };
    const document = acceptedDocument(inboundCall([]));
    expect(orgProblems(document, orgOf([sales]), { clientId: "dev-client" })).toEqual([
      {
        rule: "flow-locked",
        message: "Flow 'sales inbound' (flow-1) is checked out by OAuth client 'architect-user'; it must be checked in, or unlocked by an Architect admin, before an import can change it.",
      },
    ]);
    expect(orgProblems(document, orgOf([sales]), { clientId: "architect-user" })).toEqual([]);
  });

  it("lists every problem of every call", () => {
    const document = acceptedDocument(inboundCall([callOf("Missing Module"), callOf("Global Auth Subflow", { inputs: { "Common.unknown": { lit: 1 } } })], { division: "Elsewhere" }));
    expect(orgProblems(document, orgOf([authModule()])).map((problem) => problem.rule)).toEqual(["division", "module-missing", "undeclared-input"]);
  });
});

describe("documents written by stringify round-trip through the reader", () => {
  it("reads back the document a test writes", () => {
    const reading = readFlowFile(new TextEncoder().encode(stringify(inboundCall([callOf("A")]))), { maxTextChars: 1_000_000 });
    expect(reading).toMatchObject({ ok: true, document: { calledModules: ["A"] } });
  });
});
