// Protects the Architect format: an attachment is one `callCommonModule` action named by its trigger ID,
// placed as declared; over generated flows shaped like real exports, create then delete gives back the same
// document and every other action, task, menu, setting, comment and unknown key survives each edit.
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { findDrift } from "../../../../provider/attachmentDrift";
import { convergeAttachment, createAttachment, ParentFlow, removeAttachment, TriggerConflictError } from "../../../../provider/attachmentEdits";
import { architectFormat } from "../../../../provider/flowFormats/architect/architectFormat";
import { actionSites, ArchitectFormatError, ArchyFlow, parseArchyFlow, serializeArchyFlow } from "../../../../provider/flowFormats/architect/archyDocument";
import { ArchitectDocument, DesiredCall, FlowDocument } from "../../../../provider/flowFormats/flowFormat";
import { callsOf } from "../../../../provider/flowFormats/formats";
import { Flow } from "../../../../provider/flowModel";
import { archyFlowArb, GeneratedFlow } from "../../../support/archyArbitraries";
import { SALES_INBOUND_YAML } from "../../../support/formatFixtures";

const RUNS = { numRuns: 150 };
const OURS = { ours: ["p/dev"], adopt: false };

function parentOf(text: string): ParentFlow {
  const archy = parseArchyFlow(text, { name: "test flow" });
  return { id: "flow-1", name: "Generated Inbound", document: { format: "architect", archy } };
}

function archyOf(document: FlowDocument | undefined): ArchyFlow {
  if (document?.format !== "architect") throw new Error(`expected an Architect document, got ${JSON.stringify(document)}`);
  return document.archy;
}

const call = (overrides: Partial<DesiredCall> = {}): DesiredCall => ({
  triggerId: "callGlobalAuth",
  sharedFlow: { id: "module-1", name: "Global Auth Subflow" },
  arguments: { callerPhone: "${Call.Ani}", language: "en-US" },
  returnVariables: { "Flow.authResult": "authenticationResult" },
  after: "start",
  managedBy: "p/dev",
  ...overrides,
});

/** The places a generated flow offers: `start` when it starts with a task, and every action name used once. */
function placesIn(flow: GeneratedFlow): string[] {
  const sites = actionSites(archyOf(parentOf(flow.text).document), { name: "test" });
  const counts = new Map<string, number>();
  for (const site of sites) if (site.name !== undefined) counts.set(site.name, (counts.get(site.name) ?? 0) + 1);
  return [...(flow.startsWithTask ? ["start"] : []), ...[...counts].filter(([, count]) => count === 1).map(([name]) => name)];
}

const caseArb = archyFlowArb
  .map((flow) => ({ flow, places: placesIn(flow) }))
  .filter(({ places }) => places.length > 0)
  .chain(({ flow, places }) => fc.record({ flow: fc.constant(flow), after: fc.constantFrom(...places), managedBy: fc.option(fc.constant("p/dev"), { nil: undefined }) }));

/** The document as plain data with one action (by name) taken out of its list and the ownership lines dropped. */
function withoutAction(archy: ArchyFlow, name: string): unknown {
  const data = parse(serializeArchyFlow(archy)) as { inboundCall: Record<string, unknown> };
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.filter((item) => !(item && typeof item === "object" && Object.values(item).some((body) => (body as { name?: unknown })?.name === name))).map(strip);
    if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, strip(value)]));
    return node;
  };
  const body = strip(data.inboundCall) as Record<string, unknown>;
  if (typeof body.description === "string") {
    const kept = body.description.split("\n").filter((line) => !line.startsWith("subflow-wiring: call "));
    if (kept.length === 0) delete body.description;
    else body.description = kept.join("\n");
  }
  return body;
}

describe("the Architect format, over generated flows", () => {
  it("gives back the very text of the flow after a create then a delete", () => {
    fc.assert(
      fc.property(caseArb, ({ flow, after, managedBy }) => {
        const parent = parentOf(flow.text);
        const created = createAttachment(parent, call({ after, managedBy }), OURS);
        expect(created.result).toBe("spliced");
        const removed = removeAttachment({ ...parent, document: created.document! }, "callGlobalAuth", OURS.ours);
        expect(removed.result).toBe("removed");
        expect(serializeArchyFlow(archyOf(removed.document))).toBe(flow.text);
      }),
      RUNS,
    );
  });

  it("keeps every other action, task, menu, setting and unknown key through a create, and places the call as declared", () => {
    fc.assert(
      fc.property(caseArb, ({ flow, after, managedBy }) => {
        const parent = parentOf(flow.text);
        const created = archyOf(createAttachment(parent, call({ after, managedBy }), OURS).document);
        expect(withoutAction(created, "callGlobalAuth")).toEqual(withoutAction(archyOf(parent.document), "callGlobalAuth"));
        const calls = callsOf({ format: "architect", archy: created });
        expect(calls.isPlacedAfter("callGlobalAuth", after)).toBe(true);
        expect(findDrift({ format: "architect", archy: created }, call({ after, managedBy }))).toEqual({ missing: false, changedProperties: [], moved: false, declaredAfter: after });
        expect(calls.find("callGlobalAuth")?.managedBy).toBe(managedBy);
      }),
      RUNS,
    );
  });

  it("changes only the call itself when it is redeclared or moved", () => {
    fc.assert(
      fc.property(
        caseArb.chain((generated) => fc.record({ generated: fc.constant(generated), newAfter: fc.constantFrom(...placesIn(generated.flow)) })),
        ({ generated: { flow, after, managedBy }, newAfter }) => {
          const parent = parentOf(flow.text);
          const attached = { ...parent, document: createAttachment(parent, call({ after, managedBy }), OURS).document! };
          const redeclared = call({ after: newAfter, managedBy, arguments: { callerPhone: "${Call.Dnis}" }, returnVariables: undefined });
          const converged = convergeAttachment(attached, redeclared, OURS);
          expect(converged.result).toBe("repaired");
          const document = archyOf(converged.document);
          expect(withoutAction(document, "callGlobalAuth")).toEqual(withoutAction(archyOf(parent.document), "callGlobalAuth"));
          expect(findDrift({ format: "architect", archy: document }, redeclared)).toMatchObject({ changedProperties: [], moved: false });
        },
      ),
      RUNS,
    );
  });
});

describe("placing a call", () => {
  const sales = () => parentOf(SALES_INBOUND_YAML);
  const names = (document: FlowDocument) => actionSites(archyOf(document), { name: "Sales Inbound" }).map((site) => site.name);

  it("puts `after: start` first in the startup task, `after: <name>` right after that action, and stacks calls after one node", () => {
    const first = createAttachment(sales(), call(), OURS).document!;
    expect(names(first)).toEqual(["callGlobalAuth", "Play welcome prompt", "Transfer to Sales", "Disconnect"]);
    const second = createAttachment({ ...sales(), document: first }, call({ triggerId: "callRouting" }), OURS).document!;
    expect(names(second)).toEqual(["callRouting", "callGlobalAuth", "Play welcome prompt", "Transfer to Sales", "Disconnect"]);
    // The earlier call, pushed down by the later one, still counts as placed after start.
    expect(callsOf(second).isPlacedAfter("callGlobalAuth", "start")).toBe(true);
    const afterTransfer = createAttachment(sales(), call({ after: "Transfer to Sales" }), OURS).document!;
    expect(names(afterTransfer)).toEqual(["Play welcome prompt", "Transfer to Sales", "callGlobalAuth", "Disconnect"]);
  });

  it("writes the call in Archy's own words: the module by name, its latest publish, inputs as exp or lit, outputs as var", () => {
    const document = createAttachment(sales(), call({ managedBy: undefined }), OURS).document!;
    const text = serializeArchyFlow(archyOf(document));
    expect(text).toContain(
      [
        "          - callCommonModule:",
        "              name: callGlobalAuth",
        "              commonModule:",
        "                Global Auth Subflow:",
        "                  ver_latestPublished:",
        "                    inputs:",
        "                      Common.callerPhone:",
        "                        exp: Call.Ani",
        "                      Common.language:",
        "                        lit: en-US",
        "                    outputs:",
        "                      Common.authenticationResult:",
        "                        var: Flow.authResult",
      ].join("\n"),
    );
  });

  it("keeps the ownership marker as a line of the flow's description, right after its name", () => {
    const document = archyOf(createAttachment(sales(), call(), OURS).document);
    expect(serializeArchyFlow(document)).toMatch(/^inboundCall:\n  name: Sales Inbound\n  description: 'subflow-wiring: call "callGlobalAuth" is managed by stack "p\/dev"'\n/);
  });

  it("refuses `after: start` in a flow that starts with a menu, suggesting actions to name instead", () => {
    const menuFirst = SALES_INBOUND_YAML.replace('startUpRef: "/inboundCall/tasks/task[Main_10]"', 'startUpRef: "/inboundCall/menus/menu[Main Menu_10]"');
    expect(() => createAttachment(parentOf(menuFirst), call(), OURS)).toThrow(
      /starts with a menu \(\/inboundCall\/menus\/menu\[Main Menu_10\]\).*set after to the name of the action.*such as 'Play welcome prompt', 'Transfer to Sales', 'Disconnect'/,
    );
  });

  it("refuses an `after` that two actions share, naming both places, and writes nothing", () => {
    const twice = SALES_INBOUND_YAML.replace("name: Play welcome prompt", "name: Disconnect");
    let failure: unknown;
    try {
      createAttachment(parentOf(twice), call({ after: "Disconnect" }), OURS);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ArchitectFormatError);
    expect((failure as Error).message).toMatch(/has 2 actions named 'Disconnect' \(task 'Main' \(Main_10\), action 1 'Disconnect'; task 'Main' \(Main_10\), action 3 'Disconnect'\)/);
    expect(() => createAttachment(parentOf(SALES_INBOUND_YAML), call({ after: "No such action" }), OURS)).toThrow(/has no action named 'No such action'/);
  });

  it("refuses to take over an action with the trigger ID that is not a call of a common module", () => {
    const taken = SALES_INBOUND_YAML.replace("name: Transfer to Sales", "name: callGlobalAuth");
    expect(() => createAttachment(parentOf(taken), call(), OURS)).toThrow(TriggerConflictError);
    expect(() => createAttachment(parentOf(taken), call(), OURS)).toThrow(/already has a trigger 'callGlobalAuth' that differs .*: type, commonModule, /);
  });
});

describe("reading a call", () => {
  const withCall = (binding: string) =>
    parentOf(
      SALES_INBOUND_YAML.replace(
        "        actions:\n",
        `        actions:\n          - callCommonModule:\n              name: callGlobalAuth\n              commonModule:\n                Global Auth Subflow:\n${binding}`,
      ),
    ).document;

  it("reads Archy's value forms back as a declaration writes them, an unbound output as none", () => {
    const document = withCall(
      "                  ver_latestPublished:\n                    inputs:\n                      Common.callerPhone:\n                        exp: Call.Ani\n                      Common.language:\n                        noValue: true\n                    outputs:\n                      Common.authenticationResult:\n                        var: Flow.authResult\n                      Common.resolvedCustomerId:\n                        noValue: true\n",
    );
    expect(callsOf(document).find("callGlobalAuth")).toEqual({
      triggerId: "callGlobalAuth",
      isCall: true,
      sharedFlow: "Global Auth Subflow",
      arguments: { callerPhone: "${Call.Ani}" },
      returnVariables: { "Flow.authResult": "authenticationResult" },
      managedBy: undefined,
      otherDifferences: [],
      predecessors: ["start"],
    });
  });

  it("reports what no declaration can say as drift: a pinned version, an expression, an input outside the module's scope", () => {
    const document = withCall(
      "                  ver_2.0:\n                    inputs:\n                      Common.callerPhone:\n                        exp: ToUpper(Call.Ani)\n                      Flow.other:\n                        lit: x\n",
    );
    const drift = findDrift(document, call({ arguments: { callerPhone: "${Call.Ani}" }, returnVariables: undefined, managedBy: undefined }));
    expect(drift).toMatchObject({ changedProperties: ["version (ver_2.0, not ver_latestPublished)", "inputs.Flow.other", "arguments.callerPhone"], moved: false });
  });
});

describe("the checks around an import", () => {
  const created = () => createAttachment(parentOf(SALES_INBOUND_YAML), call(), OURS).document as ArchitectDocument;

  it("refuses a document that names another flow, or a call a stack manages whose name another action has", () => {
    expect(architectFormat.problemsBeforeWrite(created(), { id: "flow-1", name: "Sales Inbound" })).toEqual([]);
    expect(architectFormat.problemsBeforeWrite(created(), { id: "flow-1", name: "Support Inbound" })).toEqual([
      "the YAML names the flow 'Sales Inbound', not 'Support Inbound': an import would change or create that flow instead",
    ]);
    const twice = SALES_INBOUND_YAML.replace("          - disconnect:\n              name: Disconnect\n", "          - callCommonModule:\n              name: Disconnect\n              commonModule:\n                M:\n                  ver_latestPublished: {}\n          - disconnect:\n              name: Disconnect\n");
    // Names repeat in flows people build (Architect's defaults): only a managed call's name must be unique.
    expect(architectFormat.problemsBeforeWrite({ format: "architect", archy: parseArchyFlow(twice, { name: "Sales Inbound" }) }, { id: "flow-1", name: "Sales Inbound" })).toEqual([]);
    const managedTwice = serializeArchyFlow(created().archy).replace("name: Disconnect", "name: callGlobalAuth");
    expect(architectFormat.problemsBeforeWrite({ format: "architect", archy: parseArchyFlow(managedTwice, { name: "Sales Inbound" }) }, { id: "flow-1", name: "Sales Inbound" })).toEqual([
      expect.stringMatching(/^2 actions are named 'callGlobalAuth' \(task 'Main' \(Main_10\), action 1 'callGlobalAuth'; task 'Main' \(Main_10\), action \d 'callGlobalAuth'\), a call managed by a stack among them: rename the others in Architect$/),
    ]);
  });

  it("finds an action or a call the service did not keep, and ignores what re-serializing changes (quoting, comments)", () => {
    const sent = created();
    const reformatted = parseArchyFlow(`# regenerated\n${serializeArchyFlow(sent.archy).replace("name: Sales Inbound", 'name: "Sales Inbound"')}`, { name: "Sales Inbound" });
    expect(architectFormat.storedProblems(sent, { format: "architect", archy: reformatted })).toEqual([]);
    const withoutCall = removeAttachment({ id: "flow-1", name: "Sales Inbound", document: sent }, "callGlobalAuth", ["p/dev"]).document as ArchitectDocument;
    const problems = architectFormat.storedProblems(sent, withoutCall);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^sent but not in the exported flow: task 'Main' \(Main_10\): callCommonModule 'callGlobalAuth'/);
    expect(problems[1]).toBe("sent but not in the exported flow: ownership line of 'callGlobalAuth': p/dev");
  });

  it("reads a common module's inputs and outputs from its variables, as declarations name them", () => {
    const module = parseArchyFlow(
      [
        "commonModule:",
        "  name: Global Auth Subflow",
        "  variables:",
        "    - stringVariable:",
        "        name: Common.callerPhone",
        "        isInput: true",
        "        isOutput: false",
        "    - stringVariable:",
        "        name: Common.authenticationResult",
        "        isInput: false",
        "        isOutput: true",
        "    - stringVariable:",
        "        name: Flow.scratch",
        "        isInput: true",
        "",
      ].join("\n"),
      { name: "Global Auth Subflow" },
    );
    const entity = { id: "m", name: "Global Auth Subflow", type: "commonmodule" } as Flow;
    expect(architectFormat.variableSchemas(entity, { format: "architect", archy: module })).toEqual({
      inputSchema: { properties: { callerPhone: { type: "string" } } },
      outputSchema: { properties: { authenticationResult: { type: "string" } } },
    });
  });
});

describe("flows shaped like exports from real orgs (test/fixtures/architect)", () => {
  const fixture = (file: string): ParentFlow => {
    const text = readFileSync(join(__dirname, "../../../fixtures/architect", file), "utf8");
    return { id: file, name: file, document: { format: "architect", archy: parseArchyFlow(text, { name: file }) } };
  };

  it("places a call in a flow that starts with a menu after a named action, and refuses a name its menu task repeats", () => {
    const menuFirst = fixture("menu-start-inbound.yaml");
    expect(() => createAttachment(menuFirst, call(), OURS)).toThrow(/starts with a menu/);
    const created = createAttachment(menuFirst, call({ after: "Play Audio" }), OURS);
    expect(actionSites(archyOf(created.document), { name: "menu" }).map((site) => site.name)).toEqual([
      "Transfer to ACD",
      "Disconnect",
      "Play Audio",
      "callGlobalAuth",
      "Transfer to ACD",
      "Disconnect",
    ]);
    // "Transfer to ACD" is the name of an action of the menu's inline task and of the task the menu jumps to.
    expect(() => createAttachment(menuFirst, call({ after: "Transfer to ACD" }), OURS)).toThrow(
      /has 2 actions named 'Transfer to ACD' \(menu 'Main Menu' \(Main Menu_10\), menuTask 'Support', action 1 'Transfer to ACD'; task 'New Task 1' \(New Task 1_12\), action 2 'Transfer to ACD'\)/,
    );
  });

  it("gives a hand-written flow back as the YAML it was, comments and CRLF line breaks included, after a create and a delete", () => {
    const handWritten = fixture("hand-written-crlf-inbound.yaml");
    const created = createAttachment(handWritten, call({ after: "Go to queue?" }), OURS);
    const text = serializeArchyFlow(archyOf(created.document));
    expect(text).toContain("\r\n");
    expect(text).toContain("# Unquoted yes/no: booleans to a YAML 1.1 reader, strings to a YAML 1.2 one.");
    // The decision's unquoted yes/no stay the strings they are in YAML 1.2, written as they were.
    expect(text).toMatch(/\r\n {16}yes:\r\n/);
    const removed = removeAttachment({ ...handWritten, document: created.document! }, "callGlobalAuth", OURS.ours);
    expect(serializeArchyFlow(archyOf(removed.document))).toBe(serializeArchyFlow(archyOf(handWritten.document)));
  });

  it("adopts, without a write, a call an export already holds as declared (an unbound output is no return variable)", () => {
    const calling = fixture("calls-global-auth-inbound.yaml");
    const declared = call({ arguments: { callerPhone: "${Call.Ani}", language: "en-us" }, managedBy: undefined });
    expect(createAttachment(calling, declared, OURS)).toEqual({ result: "adopted" });
  });
});
