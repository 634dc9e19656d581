// Test support: generated Architect flows as Archy YAML text, shaped like real exports: a startup task or
// menu, tasks whose actions nest (decision branches), free-text action names that repeat, menus, settings,
// unknown keys at every level, comments, and CRLF line breaks.

import fc from "fast-check";
import { stringify } from "yaml";

/** Free-text names as people type them in Architect: spaces, punctuation, defaults that repeat. */
const actionNameArb = fc.constantFrom("Disconnect", "Transfer to ACD", "Go to queue?", "Play welcome", "Update Data", "Collect Input", "Check hours (main)", "Set language: en");

const unknownKeyArb = fc.constantFrom("trackingId", "x-custom", "futureSetting", "notes");
const scalarArb = fc.oneof(fc.integer({ min: 0, max: 99 }), fc.constantFrom("on", "off", "yes", "no", "text with: colon", ""), fc.boolean());

/** Some keys the project knows nothing of, with scalar values. */
const unknownFieldsArb = fc.dictionary(unknownKeyArb, scalarArb, { maxKeys: 2 });

type Action = Record<string, Record<string, unknown>>;

const leafActionArb: fc.Arbitrary<Action> = fc
  .record({
    kind: fc.constantFrom("disconnect", "transferToAcd", "playAudio", "updateData"),
    name: fc.option(actionNameArb, { nil: undefined, freq: 6 }),
    unknown: unknownFieldsArb,
  })
  .map(({ kind, name, unknown }) => ({
    [kind]: {
      ...(name === undefined ? {} : { name }),
      ...(kind === "transferToAcd" ? { targetQueue: { lit: { name: "Sales" } } } : {}),
      ...(kind === "playAudio" ? { audio: { exp: 'AudioPlaybackOptions(ToAudioTTS("Hello"), true)' } } : {}),
      ...unknown,
    },
  }));

const existingCallArb: fc.Arbitrary<Action> = fc.record({ name: fc.constantFrom("callLegacy", "Common module"), input: fc.boolean() }).map(({ name, input }) => ({
  callCommonModule: { name, commonModule: { "Legacy Module": { ver_latestPublished: input ? { inputs: { "Common.x": { lit: "1" } } } : {} } } },
}));

const decisionArb: fc.Arbitrary<Action> = fc
  .record({ name: actionNameArb, yes: fc.array(leafActionArb, { maxLength: 2 }), no: fc.array(leafActionArb, { maxLength: 2 }) })
  .map(({ name, yes, no }) => ({ decision: { name, condition: { exp: "IsBusinessHours()" }, outputs: { yes: { actions: yes }, no: { actions: no } } } }));

const actionsArb = fc.array(fc.oneof({ arbitrary: leafActionArb, weight: 4 }, { arbitrary: decisionArb, weight: 1 }, { arbitrary: existingCallArb, weight: 1 }), { maxLength: 4 });

export interface GeneratedFlow {
  /** The flow's YAML, as a person or an export may have written it. */
  text: string;
  /** Whether it starts with a task (else a menu): only then does `after: start` name a place. */
  startsWithTask: boolean;
}

export const archyFlowArb: fc.Arbitrary<GeneratedFlow> = fc
  .record({
    tasks: fc.array(fc.record({ actions: actionsArb, unknown: unknownFieldsArb }), { minLength: 1, maxLength: 3 }),
    startsWithTask: fc.boolean(),
    description: fc.option(fc.constantFrom("Routes sales calls", "Line one\nLine two", ""), { nil: undefined }),
    unknown: unknownFieldsArb,
    comment: fc.boolean(),
    crlf: fc.boolean(),
  })
  .map(({ tasks, startsWithTask, description, unknown, comment, crlf }) => {
    const flow = {
      inboundCall: {
        name: "Generated Inbound",
        ...(description === undefined ? {} : { description }),
        division: "Home",
        startUpRef: startsWithTask ? "/inboundCall/tasks/task[Task 0_10]" : "./menus/menu[Main Menu_20]",
        defaultLanguage: "en-us",
        settingsActionDefaults: {},
        ...unknown,
        menus: [
          {
            menu: {
              name: "Main Menu",
              refId: "Main Menu_20",
              choices: [{ menuJumpToTask: { name: "Press 1", dtmf: "digit_1", targetTaskRef: "./tasks/task[Task 0_10]" } }, { menuDisconnect: { name: "Press 9", dtmf: "digit_9" } }],
            },
          },
        ],
        tasks: tasks.map((task, index) => ({ task: { name: `Task ${index}`, refId: `Task ${index}_10`, ...task.unknown, actions: task.actions } })),
      },
    };
    let text = stringify(flow, { lineWidth: 0 });
    if (comment) text = `# exported by hand\n${text.replace("  tasks:\n", "  # the tasks\n  tasks:\n")}`;
    return { text: crlf ? text.replace(/\n/g, "\r\n") : text, startsWithTask };
  });
