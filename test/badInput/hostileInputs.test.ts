// Protects the user from malformed and hostile SubflowAttachment declarations (issue 5, "Bad input"):
// each one, driven through the real provider host as `pulumi preview` / `pulumi up` would, fails at the
// earliest step that can know (check for the inputs alone, diff for lookups of existing resources,
// create before any write), with a message naming the field or flow and the fix, and no flow in the org
// changes version.

import { startEmulator, type RunningEmulator } from "../../emulator";
import type { CommandResult, DeclaredResource } from "../../engineReplay/stack";
import { attachment, failedSteps, inboundSeedFlow, ORG_ID, PROVIDER_CLIENT, SHARED_FLOW_NAME, sharedSeedFlow, stackFor, versionsByName } from "../stress/stressSupport";

const PARENT_ID = "inbound-one-0001";
const SHARED_ID = "global-auth-0001";
const PARENT = "Inbound One";
const TWIN = "Twin";
const SHARED_A = "Shared A";
const SHARED_B = "Shared B";

let emulator: RunningEmulator;

beforeAll(async () => {
  const emptyShared = (name: string) => ({ name, type: "commonmodule", edges: [{ fromId: "start", toId: "end", conditions: [] }] });
  emulator = await startEmulator({
    randomSeed: 5,
    seed: {
      orgs: [
        {
          id: ORG_ID,
          clients: [PROVIDER_CLIENT],
          flows: [
            { ...sharedSeedFlow(), id: SHARED_ID },
            { ...inboundSeedFlow(PARENT), id: PARENT_ID },
            inboundSeedFlow("Inbound Two"),
            // The same name for two flows of different types: a name lookup cannot choose.
            inboundSeedFlow(TWIN),
            { ...sharedSeedFlow(TWIN) },
            emptyShared(SHARED_A),
            emptyShared(SHARED_B),
          ],
        },
      ],
    },
  });
});
afterAll(() => emulator.close());

const orgVersions = () => versionsByName(emulator.flows(ORG_ID));
const good = { parentFlowName: PARENT, sharedFlowName: SHARED_FLOW_NAME, triggerId: "callAuth" };

interface BadInputRow {
  what: string;
  inputs: Record<string, unknown>;
  /** Every pattern must appear in the error: the field or flow, and the fix. */
  mentions: RegExp[];
}

const manyArguments = Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`input${index}`, "x"]));

/** Wrong or hostile inputs that the inputs alone show to be wrong: `check` must refuse them in preview. */
const inputErrors: BadInputRow[] = [
  { what: "triggerId is a number", inputs: { ...good, triggerId: 42 }, mentions: [/triggerId/, /must be a string/] },
  { what: "triggerId is missing", inputs: { parentFlowName: PARENT, sharedFlowName: SHARED_FLOW_NAME }, mentions: [/triggerId/, /required/] },
  { what: "triggerId is null", inputs: { ...good, triggerId: null }, mentions: [/triggerId/, /required/] },
  { what: "triggerId is empty", inputs: { ...good, triggerId: "" }, mentions: [/triggerId/, /must not be empty/] },
  { what: "triggerId names the virtual start node", inputs: { ...good, triggerId: "start" }, mentions: [/triggerId/, /'start'/, /choose another trigger ID/] },
  { what: "triggerId has a space", inputs: { ...good, triggerId: "call auth" }, mentions: [/triggerId/, /is not a trigger ID/, /such as/] },
  { what: "triggerId is markup", inputs: { ...good, triggerId: "<script>alert(1)</script>" }, mentions: [/triggerId/, /is not a trigger ID/] },
  { what: "triggerId is 200 characters", inputs: { ...good, triggerId: `t${"x".repeat(199)}` }, mentions: [/triggerId/, /at most 128/] },
  { what: "both parentFlowId and parentFlowName", inputs: { ...good, parentFlowId: PARENT_ID }, mentions: [/parentFlowId/, /parentFlowName/, /both are set/] },
  { what: "neither parentFlowId nor parentFlowName", inputs: { sharedFlowName: SHARED_FLOW_NAME, triggerId: "callAuth" }, mentions: [/parentFlowId or parentFlowName/, /neither is set/] },
  { what: "both sharedFlowId and sharedFlowName", inputs: { ...good, sharedFlowId: SHARED_ID }, mentions: [/sharedFlowId or sharedFlowName/, /both are set/] },
  { what: "neither sharedFlowId nor sharedFlowName", inputs: { parentFlowName: PARENT, triggerId: "callAuth" }, mentions: [/sharedFlowId or sharedFlowName/, /neither is set/] },
  { what: "parentFlowName is a number", inputs: { ...good, parentFlowName: 7 }, mentions: [/parentFlowName/, /must be a string/] },
  { what: "parentFlowName is an object", inputs: { ...good, parentFlowName: { name: PARENT } }, mentions: [/parentFlowName/, /must be a string/] },
  { what: "parentFlowName forges a log line", inputs: { ...good, parentFlowName: `${PARENT}\nINFO: all good` }, mentions: [/parentFlowName/, /control character/, /remove it/] },
  { what: "parentFlowName has leading whitespace", inputs: { ...good, parentFlowName: ` ${PARENT}` }, mentions: [/parentFlowName/, /whitespace/, /write "Inbound One"/] },
  { what: "sharedFlowName is blank", inputs: { ...good, sharedFlowName: "   " }, mentions: [/sharedFlowName/, /empty or blank/] },
  { what: "sharedFlowName is 300 characters", inputs: { ...good, sharedFlowName: "S".repeat(300) }, mentions: [/sharedFlowName/, /at most 256/] },
  { what: "parentFlowId is a path traversal", inputs: { sharedFlowName: SHARED_FLOW_NAME, triggerId: "callAuth", parentFlowId: "../../oauth/token" }, mentions: [/parentFlowId/, /is not a flow ID/, /parentFlowName/] },
  { what: "parentFlowId smuggles a query", inputs: { sharedFlowName: SHARED_FLOW_NAME, triggerId: "callAuth", parentFlowId: `${PARENT_ID}?deleted=true` }, mentions: [/parentFlowId/, /is not a flow ID/] },
  { what: "sharedFlowId smuggles a path", inputs: { parentFlowName: PARENT, triggerId: "callAuth", sharedFlowId: `${SHARED_ID}/versions` }, mentions: [/sharedFlowId/, /is not a flow ID/] },
  { what: "the shared flow is the parent flow, by ID", inputs: { parentFlowId: PARENT_ID, sharedFlowId: PARENT_ID, triggerId: "callAuth" }, mentions: [/sharedFlowId/, /parentFlowId/, /itself|same flow/] },
  { what: "after is end", inputs: { ...good, after: "end" }, mentions: [/after/, /must not be 'end'/, /'start'/] },
  { what: "after is the attachment's own triggerId", inputs: { ...good, after: "callAuth" }, mentions: [/after/, /own triggerId/] },
  { what: "after is a number", inputs: { ...good, after: 3 }, mentions: [/after/, /must be a string/] },
  { what: "publish is a string", inputs: { ...good, publish: "yes" }, mentions: [/publish/, /true or false/] },
  { what: "arguments is an array", inputs: { ...good, arguments: ["${Call.Ani}"] }, mentions: [/arguments/, /object of names to strings/] },
  { what: "arguments is a string", inputs: { ...good, arguments: "callerPhone=${Call.Ani}" }, mentions: [/arguments/, /object of names to strings/] },
  { what: "an argument value is a number", inputs: { ...good, arguments: { callerPhone: 5551234 } }, mentions: [/arguments\.callerPhone/, /not number/, /quote it/] },
  { what: "an argument value is an object", inputs: { ...good, arguments: { callerPhone: { expression: "Call.Ani" } } }, mentions: [/arguments\.callerPhone/, /not object/] },
  { what: "arguments has 51 entries", inputs: { ...good, arguments: manyArguments }, mentions: [/arguments/, /51 entries/, /at most 50/] },
  { what: "an argument value is 2000 characters", inputs: { ...good, arguments: { callerPhone: "9".repeat(2000) } }, mentions: [/arguments\.callerPhone/, /at most 1024/] },
  { what: "an expression is not closed", inputs: { ...good, arguments: { callerPhone: "${Call.Ani" } }, mentions: [/arguments\.callerPhone/, /not closed/, /\$\{variableName\}/] },
  { what: "an expression names nothing", inputs: { ...good, arguments: { callerPhone: "${}" } }, mentions: [/arguments\.callerPhone/, /names no variable/] },
  { what: "an expression is mixed with text", inputs: { ...good, arguments: { callerPhone: "tel:${Call.Ani}" } }, mentions: [/arguments\.callerPhone/, /mixes an expression with other text/] },
  { what: "an expression is code, not a variable", inputs: { ...good, arguments: { callerPhone: "${process.kill(1)}" } }, mentions: [/arguments\.callerPhone/, /is not a variable name/] },
  { what: "returnVariables is a string", inputs: { ...good, returnVariables: "Flow.result" }, mentions: [/returnVariables/, /object of names to strings/] },
  { what: "a return variable name is SQL", inputs: { ...good, returnVariables: { "Flow.x; DROP TABLE flows": "authenticationResult" } }, mentions: [/returnVariables/, /is not a parent variable name/] },
  { what: "a return variable maps to a quoted string", inputs: { ...good, returnVariables: { "Flow.result": "authenticationResult\" OR \"1\"=\"1" } }, mentions: [/returnVariables\["Flow\.result"\]/, /is not a shared-flow output name/] },
  { what: "an unknown input is given", inputs: { ...good, parentFlow: PARENT }, mentions: [/"parentFlow" is not an input of SubflowAttachment/, /parentFlowName/] },
];

/** Inputs that are well-formed but wrong for this org: only a lookup shows it; `create` must refuse before any write. */
const lookupErrors: BadInputRow[] = [
  { what: "no parent flow has that name", inputs: { ...good, triggerId: "callAuthL1", parentFlowName: "Inbound Won" }, mentions: [/Inbound Won/, /No flow .*named exactly/, /give parentFlowId instead of the name/] },
  { what: "the parent flow's name in other letter case", inputs: { ...good, triggerId: "callAuthL1c", parentFlowName: "inbound one" }, mentions: [/No flow is named exactly 'inbound one'/, /did you mean 'Inbound One'\?/] },
  { what: "the shared flow's name in other letter case", inputs: { ...good, triggerId: "callAuthL3c", sharedFlowName: "global auth subflow" }, mentions: [/named exactly 'global auth subflow'/, /did you mean 'Global Auth Subflow'\?/] },
  { what: "the shared flow named is an inbound flow", inputs: { ...good, triggerId: "callAuthL3i", sharedFlowName: "Inbound Two" }, mentions: [/'Inbound Two'/, /is a flow of type 'inboundcall'/, /only common modules/, /Nothing was written/] },
  { what: "the shared flow given by ID is an inbound flow", inputs: { parentFlowName: "Inbound Two", sharedFlowId: PARENT_ID, triggerId: "callAuthL4i" }, mentions: [/Inbound One/, /is a flow of type 'inboundcall'/, /only common modules/] },
  { what: "no parent flow has that ID", inputs: { sharedFlowName: SHARED_FLOW_NAME, triggerId: "callAuthL2", parentFlowId: "no-such-flow-id" }, mentions: [/no-such-flow-id/, /does not exist/] },
  { what: "no shared flow has that name", inputs: { ...good, triggerId: "callAuthL3", sharedFlowName: "Global Auth Subflw" }, mentions: [/Global Auth Subflw/, /No flow .*named exactly/] },
  { what: "no shared flow has that ID", inputs: { parentFlowName: PARENT, triggerId: "callAuthL4", sharedFlowId: "no-such-shared-id" }, mentions: [/no-such-shared-id/, /does not exist/] },
  { what: "two flows share the parent's name", inputs: { ...good, triggerId: "callAuthL5", parentFlowName: TWIN }, mentions: [/2 flows are named 'Twin'/, /inboundcall/, /commonmodule/, /Give parentFlowId, the ID of the one you mean/] },
  { what: "triggerId collides with an ordinary trigger of the flow", inputs: { ...good, triggerId: "welcome-prompt" }, mentions: [/welcome-prompt/, /Inbound One/, /already has a trigger/, /Nothing was written/, /another triggerId/] },
  { what: "after names a node the flow does not have", inputs: { ...good, triggerId: "callAuthL8", after: "no-such-node" }, mentions: [/no-such-node/, /Inbound One/, /'start' or the ID of a trigger/] },
  { what: "the shared flow is the parent flow, by name", inputs: { parentFlowName: SHARED_A, sharedFlowName: SHARED_A, triggerId: "callSelf" }, mentions: [/Shared A/, /calls the flow it belongs to|itself/] },
  { what: "an argument name the shared flow does not declare", inputs: { ...good, triggerId: "callAuthL10", arguments: { callerphone: "${Call.Ani}" } }, mentions: [/callerphone/, /did you mean 'callerPhone'/, /nothing was written/] },
  { what: "a return variable from an output the shared flow does not declare", inputs: { ...good, triggerId: "callAuthL11", returnVariables: { "Flow.r": "authResult" } }, mentions: [/authResult/, /authenticationResult/, /nothing was written/] },
];

const declare = (rows: BadInputRow[], prefix: string): Promise<DeclaredResource[]> => Promise.all(rows.map((row, index) => attachment(`${prefix}${index}`, row.inputs)));
const stepOf = (result: CommandResult, name: string) => result.steps.find((step) => step.name === name);

describe("inputs wrong on their own: refused by check in preview, nothing written", () => {
  let preview: CommandResult;
  let up: CommandResult;
  let versionsBefore: Record<string, number>;

  beforeAll(async () => {
    versionsBefore = orgVersions();
    const program = await declare(inputErrors, "input");
    preview = await stackFor(emulator.url).preview(program);
    up = await stackFor(emulator.url).up(program);
  });

  it.each(inputErrors.map((row, index) => ({ ...row, name: `input${index}` })))("$what", ({ name, mentions }) => {
    const step = stepOf(preview, name);
    expect(step).toMatchObject({ op: "check", ok: false });
    for (const pattern of mentions) expect(step!.error).toMatch(pattern);
  });

  it("up stops at check: no create runs and no flow changes version", () => {
    expect(up.ok).toBe(false);
    expect(up.counts.create).toBe(0);
    expect(up.steps.every((step) => step.op === "check")).toBe(true);
    expect(orgVersions()).toEqual(versionsBefore);
  });
});

describe("declarations wrong for this org: refused before any write", () => {
  let preview: CommandResult;
  let up: CommandResult;
  let versionsBefore: Record<string, number>;

  beforeAll(async () => {
    versionsBefore = orgVersions();
    const program = await declare(lookupErrors, "lookup");
    preview = await stackFor(emulator.url).preview(program);
    // All at once, several on one parent flow: each bad edit must fail alone in the group commit.
    up = await stackFor(emulator.url, { parallelism: lookupErrors.length }).up(program);
  });

  it.each(lookupErrors.map((row, index) => ({ ...row, name: `lookup${index}` })))("$what", ({ name, mentions }) => {
    // A new resource gets only Check in a preview (no Diff), so the first step that can look in the org is
    // create; an error found earlier (in check) is better still.
    const previewStep = stepOf(preview, name)!;
    const step = previewStep.ok ? stepOf(up, name) : previewStep;
    expect(step).toMatchObject({ ok: false });
    expect(["check", "create"]).toContain(step!.op);
    for (const pattern of mentions) expect(step!.error).toMatch(pattern);
  });

  it("no flow changes version", () => {
    expect(up.counts.create).toBe(0);
    expect(orgVersions()).toEqual(versionsBefore);
  });
});

describe("one lookup failing for several attachments at once", () => {
  it("gives each attachment an error about itself alone", async () => {
    const triggerIds = ["callMissA", "callMissB", "callMissC"];
    const program = await Promise.all(triggerIds.map((triggerId) => attachment(triggerId, { ...good, triggerId, parentFlowName: "Inbound Gone" })));
    const up = await stackFor(emulator.url, { parallelism: triggerIds.length }).up(program);
    for (const triggerId of triggerIds) {
      const error = stepOf(up, triggerId)?.error ?? "";
      expect(error).toMatch(/Inbound Gone/);
      // The concurrent lookups share one request and so one failure: it must not carry the other resources' names.
      expect({ triggerId, otherTriggersNamed: triggerIds.filter((other) => other !== triggerId && error.includes(`'${other}'`)) }).toEqual({ triggerId, otherTriggersNamed: [] });
      expect(error.match(/SubflowAttachment trigger/g)).toHaveLength(1);
    }
  });
});

describe("a call cycle across shared flows", () => {
  it("refuses B -> A when A already calls B, naming both flows, and writes nothing to B", async () => {
    const aCallsB = await attachment("a-calls-b", { parentFlowName: SHARED_A, sharedFlowName: SHARED_B, triggerId: "callB" });
    const bCallsA = await attachment("b-calls-a", { parentFlowName: SHARED_B, sharedFlowName: SHARED_A, triggerId: "callA" });
    const stack = stackFor(emulator.url);
    expect(failedSteps(await stack.up([aCallsB]))).toEqual([]);
    const versionsBefore = orgVersions();

    const up = await stack.up([aCallsB, bCallsA]);
    const versionsAfter = orgVersions();
    // Leave the org without a cycle for the other tests, whatever happened.
    expect(failedSteps(await stack.destroy())).toEqual([]);
    expect(versionsAfter).toEqual(versionsBefore);
    const step = stepOf(up, "b-calls-a");
    expect(step).toMatchObject({ ok: false });
    expect(step!.error).toMatch(/cycle|circular|recurs/i);
    expect(step!.error).toMatch(/Shared A/);
    expect(step!.error).toMatch(/Shared B/);
  });
});

describe("existing attachments changed to something wrong: refused by diff in preview, nothing written", () => {
  const existing = { parentFlowName: "Inbound Two", sharedFlowName: SHARED_FLOW_NAME, arguments: { callerPhone: "${Call.Ani}" } };
  const changes: BadInputRow[] = [
    { what: "the shared flow name now matches nothing", inputs: { sharedFlowName: "Global Auth v2" }, mentions: [/Global Auth v2/, /No flow .*named exactly/] },
    { what: "the shared flow name now names an inbound flow", inputs: { sharedFlowName: PARENT }, mentions: [/'Inbound One'/, /is a flow of type 'inboundcall'/] },
    { what: "the parent flow name now matches nothing", inputs: { parentFlowName: "Inbound Too" }, mentions: [/Inbound Too/, /No flow .*named exactly/] },
    { what: "an argument name is now misspelled", inputs: { arguments: { callerPhone: "${Call.Ani}", languag: "en-US" } }, mentions: [/languag/, /did you mean 'language'/] },
    { what: "after now names a node the flow does not have", inputs: { after: "no-such-node" }, mentions: [/no-such-node/, /Inbound Two/] },
  ];
  let stack: ReturnType<typeof stackFor>;
  let versionsBefore: Record<string, number>;

  beforeAll(async () => {
    stack = stackFor(emulator.url);
    const created = await stack.up(await Promise.all(changes.map((_, index) => attachment(`existing${index}`, { ...existing, triggerId: `callExisting${index}` }))));
    expect(failedSteps(created)).toEqual([]);
    versionsBefore = orgVersions();
  });
  afterAll(async () => {
    await stack.destroy();
  });

  it.each(changes.map((row, index) => ({ ...row, index })))("$what", async ({ index, inputs, mentions }) => {
    const name = `existing${index}`;
    const program = [await attachment(name, { ...existing, triggerId: `callExisting${index}`, ...inputs })];
    const preview = await stack.preview(program);
    const up = await stack.up(program);
    // First what matters most (nothing written, a clear error), then that preview already showed it.
    expect(orgVersions()).toEqual(versionsBefore);
    const upStep = stepOf(up, name);
    expect(upStep).toMatchObject({ ok: false });
    for (const pattern of mentions) expect(upStep!.error).toMatch(pattern);
    expect(stepOf(preview, name)).toMatchObject({ op: "check", ok: false, error: upStep!.error });
  });
});

describe("a '__proto__' key in a map", () => {
  // Pulumi's property decoding in the host assigns keys one by one, so `__proto__` never becomes an own key:
  // check cannot see it to refuse it. What matters is that it changes nothing the user did not declare.
  it("never reaches the provider, so it is neither written nor able to pollute what is written", async () => {
    const stack = stackFor(emulator.url);
    const hostile = JSON.parse('{"__proto__": {"polluted": "yes", "flowId": "evil"}, "callerPhone": "${Call.Ani}"}');
    const up = await stack.up([await attachment("proto", { ...good, triggerId: "callProto", arguments: hostile })]);
    expect(failedSteps(up)).toEqual([]);
    const trigger = emulator.getFlow(ORG_ID, PARENT_ID)!.triggers.find((candidate) => candidate.id === "callProto");
    expect(trigger?.properties).toEqual({ type: "callsubflow", flowId: SHARED_ID, arguments: { callerPhone: "${Call.Ani}" } });
    expect(JSON.stringify(stack.state)).not.toMatch(/polluted|evil/);
    expect(failedSteps(await stack.destroy())).toEqual([]);
  });
});
