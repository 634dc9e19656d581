// The one definition of SubflowAttachment's inputs: a zod schema whose types, field list and rules the
// resource, the provider's `check`, the outputs and the wiring config all derive from. Every reason is
// worded here; failures are data ({ property, reason }).

import { z } from "zod";
import { END_NODE, START_NODE } from "./flowModel";
import { PROVIDER_KEY } from "./identifiers";

/**
 * What the Pulumi engine sends for a value that is not computed yet (during `pulumi preview`), as
 * `@pulumi/pulumi/runtime/rpc.js` defines `unknownValue`. Accepted for every field and map value.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export type UnknownValue = typeof UNKNOWN_VALUE;

export function isUnknown(value: unknown): value is UnknownValue {
  return value === UNKNOWN_VALUE;
}

/** Whether no field, nor any value of a map, is still the unknown value of a preview. */
export function isKnown(inputs: AttachmentInputs): inputs is KnownAttachmentInputs {
  return !containsUnknown(inputs);
}

function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN_VALUE) return true;
  return typeof value === "object" && value !== null && Object.values(value).some(containsUnknown);
}

export interface InputFailure {
  /** The field, as a path: `triggerId`, `arguments.callerPhone`, `arguments["a b"]`. */
  property: string;
  reason: string;
}

export type CheckedAttachmentInputs =
  | { inputs: AttachmentInputs & { __provider?: unknown }; failures: [] }
  | { inputs: Record<string, unknown>; failures: InputFailure[] };

export const INPUT_LIMITS = {
  flowNameChars: 256,
  flowIdChars: 128,
  triggerIdChars: 128,
  mapEntries: 50,
  mapKeyChars: 128,
  mapValueChars: 1024,
} as const;


const TRIGGER_ID = /^[A-Za-z][A-Za-z0-9_-]*$/;
const FLOW_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;
const DOTTED_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;
// C0 controls, DEL and C1 controls: never part of a flow name, and a newline would forge log lines.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** A value as a failure quotes it: JSON-escaped, so newlines and quotes show, and cut short. */
function shown(value: string): string {
  const quoted = JSON.stringify(value);
  return quoted.length <= 60 ? quoted : `${quoted.slice(0, 56)}..."`;
}

/** A rule returns the reason a (known, string) value is wrong, or undefined when it is fine. */
type Rule = (value: string) => string | undefined;

const triggerIdRule =
  (field: string): Rule =>
  (value) => {
    if (value === "") return `${field} must not be empty; give a trigger ID such as "callGlobalAuth"`;
    if (value === START_NODE || value === END_NODE) {
      return `${field} must not be '${value}', which names the graph's virtual ${value} node; choose another trigger ID such as "callGlobalAuth"`;
    }
    if (value.length > INPUT_LIMITS.triggerIdChars || !TRIGGER_ID.test(value)) {
      return `${field} ${shown(value)} is not a trigger ID: use a letter followed by letters, digits, '_' or '-', at most ${INPUT_LIMITS.triggerIdChars} characters, such as "callGlobalAuth"`;
    }
    return undefined;
  };

/**
 * `start`, or what the call follows: another trigger's ID in the tutorial's model, an action's name as
 * Architect shows it (free text: spaces and punctuation, such as "Transfer to ACD?") in Architect's format.
 */
const afterRule: Rule = (value) => {
  if (value === END_NODE) {
    return `after must not be '${END_NODE}': nothing follows the end of a flow; use '${START_NODE}' (the default), the ID of a trigger or the name of an action in the parent flow`;
  }
  if (value === "") return `after must not be empty; use '${START_NODE}' (the default), the ID of a trigger or the name of an action in the parent flow`;
  if (CONTROL_CHARACTER.test(value)) return `after ${shown(value)} contains a control character (such as a newline or tab); name the trigger or action as the flow shows it`;
  if (value !== value.trim()) return `after ${shown(value)} starts or ends with whitespace, but it is matched exactly; write ${shown(value.trim())}`;
  if (value.length > INPUT_LIMITS.flowNameChars) return `after is ${value.length} characters long; a trigger ID or action name has at most ${INPUT_LIMITS.flowNameChars}`;
  return undefined;
};

const flowIdRule =
  (field: string, nameField: string): Rule =>
  (value) => {
    if (value === "") return `${field} must not be empty; give a flow ID, or use ${nameField} instead`;
    if (value.length > INPUT_LIMITS.flowIdChars || !FLOW_ID.test(value)) {
      return `${field} ${shown(value)} is not a flow ID: use letters, digits, '-' and '_' only (at most ${INPUT_LIMITS.flowIdChars}), such as "3f1c9d2e-6a4b-4f0e-9d1a-2b7c8e5f4a10"; to name a flow by its name, use ${nameField}`;
    }
    return undefined;
  };

const flowNameRule =
  (field: string): Rule =>
  (value) => {
    if (value.trim() === "") return `${field} must not be empty or blank; give the flow's name as Architect shows it`;
    if (CONTROL_CHARACTER.test(value)) return `${field} ${shown(value)} contains a control character (such as a newline or tab); remove it`;
    if (value !== value.trim()) {
      return `${field} ${shown(value)} starts or ends with whitespace, but flow names are matched exactly; write ${shown(value.trim())}`;
    }
    if (value.length > INPUT_LIMITS.flowNameChars) return `${field} is ${value.length} characters long; flow names have at most ${INPUT_LIMITS.flowNameChars}`;
    return undefined;
  };

const managedByRule: Rule = (value) => {
  if (value.trim() === "" || CONTROL_CHARACTER.test(value) || value.length > INPUT_LIMITS.flowNameChars) {
    return `managedBy ${shown(value)} is not a stack's identity: SubflowAttachment sets it to "<project>/<stack>", at most ${INPUT_LIMITS.flowNameChars} characters; leave it unset`;
  }
  return undefined;
};

const mapKeyRule =
  (options: { what: string; pattern: RegExp; shape: string; example: string }): Rule =>
  (key) => {
    if (key.length > INPUT_LIMITS.mapKeyChars || !options.pattern.test(key)) {
      return `${shown(key)} is not a ${options.what}: use ${options.shape}, at most ${INPUT_LIMITS.mapKeyChars} characters, such as '${options.example}'`;
    }
    return undefined;
  };

/**
 * An argument value is an expression when it contains `${`; it must then be exactly one `${name}`, the
 * whole value, with `name` a dotted variable name (`${Call.Ani}`, `${callerPhoneNumber}`). Any other
 * value is a literal, passed as it is (`$5` and `{x}` are literals).
 */
const argumentValueRule: Rule = (value) => {
  if (value.length > INPUT_LIMITS.mapValueChars) return `is ${value.length} characters long; argument values have at most ${INPUT_LIMITS.mapValueChars}`;
  const open = value.indexOf("${");
  if (open === -1) return undefined;
  const close = value.indexOf("}", open + 2);
  const fix = "write '${variableName}', such as '${Call.Ani}', or a literal without '${'";
  if (close === -1) return `the expression in ${shown(value)} is not closed with '}'; ${fix}`;
  const name = value.slice(open + 2, close);
  if (open !== 0 || close !== value.length - 1) {
    return `${shown(value)} mixes an expression with other text; an expression must be the whole value: ${fix}`;
  }
  if (name.trim() === "") return `the expression ${shown(value)} names no variable; ${fix}`;
  if (!DOTTED_NAME.test(name)) return `${shown(name)} in ${shown(value)} is not a variable name (letters, digits and '_', separated by dots); ${fix}`;
  return undefined;
};

const returnValueRule: Rule = (value) =>
  value.length > INPUT_LIMITS.mapKeyChars || !IDENTIFIER.test(value)
    ? `${shown(value)} is not a shared-flow output name: use letters, digits and '_', starting with a letter, such as 'isAuthenticated'`
    : undefined;

/** A string field checked by `rule`; the unknown value of a preview passes unchecked. */
function stringField(field: string, rule: Rule, fix: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `${field} is required; ${fix}` : `${field} must be a string; ${fix}`) })
    .superRefine((value, ctx) => {
      const reason = isUnknown(value) ? undefined : rule(value);
      if (reason) ctx.addIssue({ code: "custom", message: reason, input: value });
    });
}

function notAString(value: unknown): string {
  const kind = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
  const fix = typeof value === "number" || typeof value === "boolean" ? `quote it, such as "${value}"` : "give a literal or a ${variable} expression";
  return `must be a string, not ${kind}; ${fix}`;
}

/** A map of names to strings: at most `mapEntries`, keys and values each checked by their rule. */
function stringMap(options: { field: string; keyRule: Rule; valueRule: Rule; example: string }) {
  // z.custom keeps the very object given, so own keys such as "__proto__" are seen and refused. The
  // refinement below refuses every value that is not a string, so the type it claims holds once it passes.
  const entries = z.custom<Record<string, string>>(isPlainObject).superRefine((map, ctx) => {
    const keys = Object.keys(map);
    if (keys.length > INPUT_LIMITS.mapEntries) {
      ctx.addIssue({ code: "custom", message: `${options.field} has ${keys.length} entries; at most ${INPUT_LIMITS.mapEntries} are allowed`, input: map });
    }
    for (const key of keys) {
      const value = map[key];
      const reason = options.keyRule(key) ?? (typeof value === "string" ? (isUnknown(value) ? undefined : options.valueRule(value)) : notAString(value));
      if (reason) ctx.addIssue({ code: "custom", path: [key], message: `${fieldPath([options.field, key])}: ${reason}`, input: value });
    }
  });
  return z.union([z.literal(UNKNOWN_VALUE), entries], {
    error: `${options.field} must be an object of names to strings, such as ${options.example}`,
  });
}

/** Each field on its own: the one list of the inputs, with their rules and defaults. */
export const attachmentInputsSchema = z.object({
  /** The parent (inbound call) flow, by ID. Give this or `parentFlowName`, not both. */
  parentFlowId: stringField("parentFlowId", flowIdRule("parentFlowId", "parentFlowName"), "give the parent flow's ID").optional(),
  /** The parent flow, by its exact name, resolved in the stack's org. Give this or `parentFlowId`. */
  parentFlowName: stringField("parentFlowName", flowNameRule("parentFlowName"), "give the parent flow's name").optional(),
  /** The shared flow to call, by ID. Give this or `sharedFlowName`, not both. */
  sharedFlowId: stringField("sharedFlowId", flowIdRule("sharedFlowId", "sharedFlowName"), "give the shared flow's ID").optional(),
  /** The shared flow to call, by its exact name, resolved in the stack's org. */
  sharedFlowName: stringField("sharedFlowName", flowNameRule("sharedFlowName"), "give the shared flow's name").optional(),
  /** ID of the `callsubflow` trigger in the parent flow; unique within that flow. Changing it replaces. */
  triggerId: stringField("triggerId", triggerIdRule("triggerId"), 'give the ID of the trigger this attachment owns, such as "callGlobalAuth"'),
  /** Shared-flow input name -> a literal, or exactly one `${parentVariable}` expression. */
  arguments: stringMap({
    field: "arguments",
    keyRule: mapKeyRule({ what: "shared-flow input name", pattern: IDENTIFIER, shape: "a letter followed by letters, digits and '_'", example: "callerPhone" }),
    valueRule: argumentValueRule,
    example: '{ callerPhone: "${Call.Ani}", language: "en-US" }',
  }).optional(),
  /** Parent variable name -> shared-flow output name. */
  returnVariables: stringMap({
    field: "returnVariables",
    keyRule: mapKeyRule({ what: "parent variable name", pattern: DOTTED_NAME, shape: "names of letters, digits and '_' separated by dots, each starting with a letter", example: "Flow.isAuthenticated" }),
    valueRule: returnValueRule,
    example: '{ "Flow.isAuthenticated": "isAuthenticated" }',
  }).optional(),
  /** Node the call is placed after: `start` (the default), another trigger's ID, or (Architect) an action's name. */
  after: stringField("after", afterRule, `use '${START_NODE}', the ID of a trigger or the name of an action in the parent flow`).default(START_NODE),
  /**
   * Publish the parent flow after each write. Left out: false on the tutorial's model (the change stays a
   * saved draft); on an Architect org every write publishes, and false is refused.
   */
  publish: z.union([z.boolean(), z.literal(UNKNOWN_VALUE)], { error: "publish must be true or false" }).optional(),
  /**
   * The stack that manages the call, `<project>/<stack>`, written into the trigger as its ownership marker.
   * `SubflowAttachment` sets it from the program's project and stack; leave it unset.
   */
  managedBy: stringField("managedBy", managedByRule, 'leave it unset: SubflowAttachment sets it to "<project>/<stack>"').optional(),
  /** Take over a call that another stack manages (its marker names that stack). Default false: refused. */
  adopt: z.union([z.boolean(), z.literal(UNKNOWN_VALUE)], { error: "adopt must be true or false" }).optional(),
});

/** The input names, in declaration order. */
export const INPUT_NAMES = Object.keys(attachmentInputsSchema.shape) as (keyof typeof attachmentInputsSchema.shape)[];

/** The same fields with the unknown value of a preview ruled out: what is known at apply time. */
export type WithoutUnknowns<T> = { [K in keyof T]: Exclude<T[K], UnknownValue> };

/** `check`'s output: the inputs with defaults filled in, as `diff`, `create` and `update` receive them. */
export type AttachmentInputs = z.output<typeof attachmentInputsSchema>;

/** Checked inputs once every value is computed: what create and update work with. */
export type KnownAttachmentInputs = WithoutUnknowns<AttachmentInputs>;

/** The inputs as a program declares them: defaults optional. */
export type DeclaredAttachmentInputs = WithoutUnknowns<z.input<typeof attachmentInputsSchema>>;

/**
 * Rules across fields, and unknown keys, over the input exactly as given: beside the fields (not after
 * them) so they are reported even when a field fails, and on the raw object so a "__proto__" key shows.
 */
const wholeInputSchema = z.custom<Record<string, unknown>>(isPlainObject).superRefine((raw, ctx) => {
  for (const key of Object.keys(raw)) {
    if (!(INPUT_NAMES as string[]).includes(key)) {
      ctx.addIssue({ code: "custom", path: [key], input: raw[key], message: `${shown(key)} is not an input of SubflowAttachment; the inputs are ${INPUT_NAMES.join(", ")}` });
    }
  }
  for (const [idField, nameField, what] of [
    ["parentFlowId", "parentFlowName", "the parent flow (the inbound flow that calls the shared flow)"],
    ["sharedFlowId", "sharedFlowName", "the shared flow to call"],
  ] as const) {
    const given = [idField, nameField].filter((field) => raw[field] !== undefined);
    if (given.length !== 1) {
      const problem = given.length === 0 ? "neither is set" : "both are set";
      ctx.addIssue({ code: "custom", path: [idField], input: raw[idField], message: `give exactly one of ${idField} or ${nameField} for ${what}; ${problem}` });
    }
  }
  if (typeof raw.parentFlowId === "string" && raw.parentFlowId === raw.sharedFlowId && !isUnknown(raw.parentFlowId)) {
    ctx.addIssue({ code: "custom", path: ["sharedFlowId"], input: raw.sharedFlowId, message: `sharedFlowId is the same flow as parentFlowId: a flow cannot call itself; name the shared flow to call` });
  }
  const triggerId = raw.triggerId;
  if (typeof triggerId === "string" && raw.after === triggerId && !isUnknown(triggerId) && !triggerIdRule("triggerId")(triggerId)) {
    ctx.addIssue({ code: "custom", path: ["after"], input: raw.after, message: `after must not be the attachment's own triggerId '${triggerId}'; use '${START_NODE}' or the ID of another trigger` });
  }
});

// Loose: unknown keys reach `wholeInputSchema`, which names them with the list of inputs.
const schema = z.intersection(attachmentInputsSchema.loose(), wholeInputSchema);

/**
 * Validates `check`'s `news`. Null fields count as unset. Valid: the inputs with defaults filled in, and
 * `__provider` kept. Invalid: the raw `news` passed through, with one failure per problem.
 */
export function checkAttachmentInputs(news: Record<string, unknown>): CheckedAttachmentInputs {
  const { [PROVIDER_KEY]: provider, ...declared } = news;
  const set = Object.fromEntries(Object.entries(declared).filter(([, value]) => value !== null && value !== undefined));
  const result = schema.safeParse(set);
  if (!result.success) {
    return { inputs: news, failures: result.error.issues.map((issue) => ({ property: fieldPath(issue.path), reason: issue.message })) };
  }
  const given = INPUT_NAMES.filter((key) => result.data[key] !== undefined).map((key) => [key, result.data[key]]);
  const inputs: AttachmentInputs & { __provider?: unknown } = Object.fromEntries(given) as AttachmentInputs;
  if (PROVIDER_KEY in news) inputs.__provider = provider;
  return { inputs, failures: [] };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A field as failures name it: `arguments.callerPhone`, or `returnVariables["Flow.x"]` for keys that are not plain names. */
export function fieldPath(path: PropertyKey[]): string {
  return path
    .map((segment, index) => {
      const text = String(segment);
      if (index === 0) return text;
      return IDENTIFIER.test(text) ? `.${text}` : `[${JSON.stringify(text)}]`;
    })
    .join("");
}
