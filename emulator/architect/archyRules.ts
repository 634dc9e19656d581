// The service's rules for an Archy flow document, checked on every import and on the seed before anything
// is stored: first what the document must say on its own, then what it must agree with in the org (its
// division, the common modules it calls, a lock on the flow). Pure functions over plain data.

import { ArchyProblem, readArchyYaml } from "./archyYaml";

/** Root keys of the flow types the service imports (Architect Scripting's FLOW_TYPES), and each one's flow type. */
export const FLOW_TYPE_BY_ROOT_KEY: ReadonlyMap<string, string> = new Map([
  ["bot", "bot"],
  ["commonModule", "commonmodule"],
  ["inboundCall", "inboundcall"],
  ["inboundChat", "inboundchat"],
  ["inboundEmail", "inboundemail"],
  ["inboundShortMessage", "inboundshortmessage"],
  ["inqueueCall", "inqueuecall"],
  ["outboundCall", "outboundcall"],
  ["secureCall", "securecall"],
  ["surveyInvite", "surveyinvite"],
  ["workflow", "workflow"],
]);

/** Call flows begin at a task or menu the document names; other types may, and then the reference must hold too. */
const NEEDS_START_UP_REF = new Set(["inboundCall", "outboundCall", "secureCall"]);

/** The lists of a document whose entries have a refId, and what each entry is called. */
const REFERENCEABLE = [
  { list: "tasks", entry: "task" },
  { list: "menus", entry: "menu" },
  { list: "states", entry: "state" },
] as const;

const LATEST_PUBLISHED = "latestPublished";
const COMMON_MODULE_TYPE = "commonmodule";

/** The variables a common module lets a caller bind, and the flow types that may call it. */
export interface ModuleInterface {
  inputs: string[];
  outputs: string[];
  /** `settingsCommonModule.compatibleFlowTypes` as written; absent: any flow type may call it. */
  compatibleFlowTypes?: string[];
}

/** One `callCommonModule` action of a document. */
export interface CommonModuleCall {
  /** Where the action sits, e.g. `inboundCall.tasks[0].task.actions[1]`. */
  where: string;
  actionName: string;
  moduleName: string;
  /** `latestPublished`, or the version it pins, e.g. `2.0`. */
  version: string;
  inputs: string[];
  outputs: string[];
}

/** What the rules read out of a document that keeps every rule it can keep on its own. */
export interface ArchyFlowDocument {
  /** e.g. `inboundCall` */
  rootKey: string;
  /** e.g. `inboundcall` */
  flowType: string;
  name: string;
  description?: string;
  division?: string;
  calls: CommonModuleCall[];
  /** Names of the modules it calls, as first written, each once. */
  calledModules: string[];
  /** For a common module. */
  moduleInterface?: ModuleInterface;
}

/** The flow a document is about, when it says so even while breaking other rules. */
export type DocumentTarget = Pick<ArchyFlowDocument, "flowType" | "name">;

export type FlowDocumentReading = { ok: true; document: ArchyFlowDocument } | { ok: false; problems: ArchyProblem[]; target?: DocumentTarget };

/** A flow file read as YAML and then as a flow document: what it says and its plain data, or every problem found. */
export type FlowFileReading = { ok: true; document: ArchyFlowDocument; value: unknown } | { ok: false; problems: ArchyProblem[]; target?: DocumentTarget };

/** What the org rules need to know of a flow in the org. */
export interface OrgFlowFacts {
  id: string;
  name: string;
  type: string;
  /** Its published versions, oldest first. */
  versions: ReadonlyArray<{ id: string; calledModules: readonly string[]; moduleInterface?: ModuleInterface }>;
  /** The OAuth client that has it checked out. */
  lockedByClientId?: string;
}

/** What the org rules need to know of the org; deleted flows are not in it. */
export interface ArchitectOrgFacts {
  divisionName: string;
  /** The org's flows of this name, in any letter case. */
  flowsNamed(name: string): readonly OrgFlowFacts[];
}

type Mapping = Record<string, unknown>;

/** Reads a flow file (its bytes) as far as it can be read without the org: the YAML, then the document's own rules. */
export function readFlowFile(bytes: Uint8Array, limits: { maxTextChars: number }): FlowFileReading {
  const read = readArchyYaml(bytes, limits);
  if (!read.ok) return read;
  const reading = readFlowDocument(read.value);
  return reading.ok ? { ...reading, value: read.value } : reading;
}

/** The rules a document keeps or breaks on its own, and what it says when it keeps them all. */
export function readFlowDocument(value: unknown): FlowDocumentReading {
  const rootKeys = [...FLOW_TYPE_BY_ROOT_KEY.keys()].join(", ");
  const refuse = (rule: string, message: string): FlowDocumentReading => ({ ok: false, problems: [{ rule, message }] });
  if (!isMapping(value) || Object.keys(value).length !== 1) {
    const shape = isMapping(value) ? (Object.keys(value).length === 0 ? "an empty mapping" : `a mapping with the keys ${Object.keys(value).join(", ")}`) : kindOf(value);
    return refuse("root-shape", `The document's root must be a mapping with one key, the flow type (${rootKeys}); it is ${shape}.`);
  }
  const [rootKey] = Object.keys(value);
  const flowType = FLOW_TYPE_BY_ROOT_KEY.get(rootKey);
  if (!flowType) {
    const meant = [...FLOW_TYPE_BY_ROOT_KEY.keys()].find((key) => key.toLowerCase() === rootKey.toLowerCase());
    return refuse("unknown-flow-type", `'${rootKey}' is not a flow type the service imports${meant ? ` (did you mean '${meant}'?)` : ""}; the root key is one of ${rootKeys}.`);
  }
  const body = value[rootKey];
  if (!isMapping(body)) return refuse("root-shape", `${rootKey} must hold a mapping of the flow's settings; it is ${kindOf(body)}.`);

  const problems: ArchyProblem[] = [];
  const name = body.name;
  if (typeof name !== "string" || name.trim() === "") problems.push({ rule: "name", message: `${rootKey}.name must be the flow's name, a non-empty string.` });
  for (const field of ["description", "division"] as const) {
    if (body[field] !== undefined && typeof body[field] !== "string") problems.push({ rule: field, message: `${rootKey}.${field} must be a string.` });
  }
  problems.push(...startUpProblems(rootKey, body));
  const calls = collectCalls(body, rootKey, problems);
  const moduleInterface = flowType === COMMON_MODULE_TYPE ? readModuleInterface(body, rootKey, problems) : undefined;
  if (problems.length > 0) return { ok: false, problems, ...(typeof name === "string" && name.trim() !== "" && { target: { flowType, name } }) };
  return {
    ok: true,
    document: {
      rootKey,
      flowType,
      name: name as string,
      ...(typeof body.description === "string" && { description: body.description }),
      ...(typeof body.division === "string" && { division: body.division }),
      calls,
      calledModules: distinctIgnoringCase(calls.map((call) => call.moduleName)),
      ...(moduleInterface && { moduleInterface }),
    },
  };
}

/** The rules a document must keep in the org it goes to; `importer` is the OAuth client importing it (none for the seed). */
export function orgProblems(document: ArchyFlowDocument, org: ArchitectOrgFacts, importer?: { clientId: string }): ArchyProblem[] {
  const problems: ArchyProblem[] = [];
  if (document.division !== undefined && document.division.toLowerCase() !== org.divisionName.toLowerCase()) {
    problems.push({ rule: "division", message: `${document.rootKey}.division is '${document.division}'; this org's division is '${org.divisionName}'.` });
  }
  const target = org.flowsNamed(document.name).find((flow) => flow.type === document.flowType);
  if (importer && target?.lockedByClientId !== undefined && target.lockedByClientId !== importer.clientId) {
    problems.push({
      rule: "flow-locked",
      message: `Flow '${target.name}' (${target.id}) is checked out by OAuth client '${target.lockedByClientId}'; it must be checked in, or unlocked by an Architect admin, before an import can change it.`,
    });
  }
  for (const call of document.calls) problems.push(...callProblems(call, document, org));
  return problems;
}

function startUpProblems(rootKey: string, body: Mapping): ArchyProblem[] {
  const problems: ArchyProblem[] = [];
  const refIds = new Map<string, Map<string, string>>();
  for (const { list, entry } of REFERENCEABLE) {
    const entries = body[list];
    const ids = new Map<string, string>();
    refIds.set(list, ids);
    if (entries === undefined) continue;
    if (!Array.isArray(entries)) {
      problems.push({ rule: "entry-shape", message: `${rootKey}.${list} must be a list of '- ${entry}:' entries; it is ${kindOf(entries)}.` });
      continue;
    }
    entries.forEach((item, index) => {
      const where = `${rootKey}.${list}[${index}]`;
      if (!isMapping(item) || Object.keys(item).length !== 1 || !isMapping(item[entry])) {
        problems.push({ rule: "entry-shape", message: `${where} must be a mapping with the one key '${entry}' holding the ${entry}'s settings.` });
        return;
      }
      const refId = item[entry].refId;
      if (refId === undefined) return;
      if (typeof refId !== "string" || refId === "") {
        problems.push({ rule: "entry-shape", message: `${where}.${entry}.refId must be a non-empty string.` });
      } else if (ids.has(refId)) {
        problems.push({ rule: "duplicate-ref-id", message: `${where}.${entry}.refId '${refId}' is also the refId of ${ids.get(refId)}; refIds name one ${entry} each.` });
      } else {
        ids.set(refId, `${where}.${entry}`);
      }
    });
  }
  const startUpRef = body.startUpRef;
  const example = `"/${rootKey}/tasks/task[<refId>]", "/${rootKey}/menus/menu[<refId>]" or "./tasks/task[<refId>]"`;
  if (startUpRef === undefined) {
    if (NEEDS_START_UP_REF.has(rootKey)) problems.push({ rule: "startup-ref", message: `${rootKey}.startUpRef is missing: it names the task or menu the flow starts at, as ${example}.` });
    return problems;
  }
  const match = typeof startUpRef === "string" ? /^(?:\/([^/]+)|\.)\/(tasks|menus|states)\/(task|menu|state)\[(.+)\]$/.exec(startUpRef) : null;
  const [, root, list, entry, refId] = match ?? [];
  if (!match || `${entry}s` !== list || (root !== undefined && root !== rootKey)) {
    problems.push({ rule: "startup-ref", message: `${rootKey}.startUpRef ${JSON.stringify(startUpRef)} is not a reference to a task or menu of this flow, such as ${example}.` });
    return problems;
  }
  const known = refIds.get(list)!;
  if (!known.has(refId)) {
    const there = known.size === 0 ? `it has no ${list}` : `its ${list} have the refIds ${[...known.keys()].join(", ")}`;
    problems.push({ rule: "startup-ref", message: `${rootKey}.startUpRef ${JSON.stringify(startUpRef)} names no ${entry} of this flow: ${there}.` });
  }
  return problems;
}

/**
 * Calls `visit` with every `callCommonModule` action anywhere in a flow's settings (`body`, under the root
 * key `rootKey`), in document order, and where it sits (e.g. `inboundCall.tasks[0].task.actions[1]`).
 */
export function visitCalls(body: Mapping, rootKey: string, visit: (action: unknown, where: string) => void): void {
  const found: Array<{ action: unknown; where: string }> = [];
  const pending: Array<{ value: unknown; where: string }> = [{ value: body, where: rootKey }];
  while (pending.length > 0) {
    const { value, where } = pending.pop()!;
    if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, where: `${where}[${index}]` }));
    } else if (isMapping(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (key !== "callCommonModule") pending.push({ value: child, where: `${where}.${key}` });
        else found.push({ action: child, where });
      }
    }
  }
  // The walk goes last to first.
  for (const { action, where } of found.reverse()) visit(action, where);
}

/** Every `callCommonModule` action anywhere in the document, read; what is wrong with one goes to `problems`. */
function collectCalls(body: Mapping, rootKey: string, problems: ArchyProblem[]): CommonModuleCall[] {
  const calls: CommonModuleCall[] = [];
  visitCalls(body, rootKey, (action, where) => readCall(action, where, calls, problems));
  return calls;
}

function readCall(action: unknown, where: string, calls: CommonModuleCall[], problems: ArchyProblem[]): void {
  const actionName = isMapping(action) && typeof action.name === "string" && action.name !== "" ? action.name : undefined;
  const label = `callCommonModule ${actionName ? `'${actionName}' ` : ""}at ${where}`;
  const problem = (message: string) => problems.push({ rule: "call-shape", message: `${label}: ${message}` });
  if (!isMapping(action)) {
    problem(`must be a mapping holding the action's name and commonModule; it is ${kindOf(action)}.`);
    return;
  }
  if (!actionName) problem("needs a name, a non-empty string.");
  const shape = "commonModule must be a mapping with one key, the module's name, holding one key, ver_latestPublished (or ver_<N>.0 for a published version), with the call's inputs and outputs";
  const target = action.commonModule;
  if (!isMapping(target) || Object.keys(target).length !== 1) {
    problem(`${shape}.`);
    return;
  }
  const [moduleName] = Object.keys(target);
  const versions = target[moduleName];
  const versionKeys = isMapping(versions) ? Object.keys(versions) : [];
  const version = versionKeys.length === 1 ? /^ver_(latestPublished|\d+\.0)$/.exec(versionKeys[0])?.[1] : undefined;
  if (!isMapping(versions) || version === undefined) {
    problem(`${shape}; under '${moduleName}' it has ${versionKeys.length === 0 ? "none" : versionKeys.join(", ")}.`);
    return;
  }
  const binding = versions[versionKeys[0]] ?? {};
  if (!isMapping(binding)) {
    problem(`commonModule.${moduleName}.${versionKeys[0]} must be a mapping of the call's inputs and outputs.`);
    return;
  }
  for (const key of Object.keys(binding).filter((key) => key !== "inputs" && key !== "outputs")) {
    problem(`commonModule.${moduleName}.${versionKeys[0]} holds '${key}'; only inputs and outputs belong there.`);
  }
  const inputs = readBindings(binding.inputs, "input", { exp: "a string", lit: "any value", noValue: "true" }, problem);
  const outputs = readBindings(binding.outputs, "output", { var: "a string", noValue: "true" }, problem);
  if (actionName) calls.push({ where, actionName, moduleName, version, inputs, outputs });
}

/**
 * The names an `inputs` or `outputs` mapping binds. Each binding is a mapping with exactly one of the value
 * forms allowed there: `exp` and `var` take a string, `lit` any value, `noValue` only `true`.
 */
function readBindings(bindings: unknown, kind: "input" | "output", forms: Record<string, string>, problem: (message: string) => void): string[] {
  if (bindings === undefined || bindings === null) return [];
  if (!isMapping(bindings)) {
    problem(`its ${kind}s must be a mapping from the module's variable names to values; they are ${kindOf(bindings)}.`);
    return [];
  }
  const formList = Object.entries(forms)
    .map(([form, takes]) => (takes === "true" ? `${form}: true` : `${form} (${takes})`))
    .join(", ");
  for (const [variable, value] of Object.entries(bindings)) {
    const keys = isMapping(value) ? Object.keys(value) : [];
    const form = keys.length === 1 && Object.hasOwn(forms, keys[0]) ? keys[0] : undefined;
    const valid = form !== undefined && (forms[form] === "any value" || (forms[form] === "a string" ? typeof (value as Mapping)[form] === "string" : (value as Mapping)[form] === true));
    if (!valid) problem(`${kind} '${variable}' must be a mapping with exactly one of ${formList}.`);
  }
  return Object.keys(bindings);
}

function readModuleInterface(body: Mapping, rootKey: string, problems: ArchyProblem[]): ModuleInterface {
  const moduleInterface: ModuleInterface = { inputs: [], outputs: [] };
  const problem = (message: string) => problems.push({ rule: "module-variables", message });
  const variables = body.variables ?? [];
  if (!Array.isArray(variables)) {
    problem(`${rootKey}.variables must be a list of variables such as '- stringVariable: {name: Common.callerPhone, isInput: true}'; it is ${kindOf(variables)}.`);
  } else {
    variables.forEach((item, index) => {
      const where = `${rootKey}.variables[${index}]`;
      const declaration = isMapping(item) && Object.keys(item).length === 1 ? Object.values(item)[0] : undefined;
      if (!isMapping(declaration) || typeof declaration.name !== "string" || declaration.name === "") {
        problem(`${where} must be a mapping with one key, the variable's kind (e.g. stringVariable), holding its name.`);
        return;
      }
      for (const flag of ["isInput", "isOutput"] as const) {
        if (declaration[flag] !== undefined && typeof declaration[flag] !== "boolean") problem(`${where}: ${flag} must be true or false.`);
      }
      if (declaration.isInput === true) moduleInterface.inputs.push(declaration.name);
      if (declaration.isOutput === true) moduleInterface.outputs.push(declaration.name);
    });
  }
  const settings = body.settingsCommonModule;
  if (settings === undefined || settings === null) return moduleInterface;
  const compatible = isMapping(settings) ? settings.compatibleFlowTypes : undefined;
  if (!isMapping(settings) || (compatible !== undefined && !(Array.isArray(compatible) && compatible.every((type) => typeof type === "string")))) {
    problem(`${rootKey}.settingsCommonModule must be a mapping whose compatibleFlowTypes, when given, lists flow types such as inboundcall.`);
  } else if (compatible !== undefined) {
    moduleInterface.compatibleFlowTypes = compatible as string[];
  }
  return moduleInterface;
}

function callProblems(call: CommonModuleCall, document: ArchyFlowDocument, org: ArchitectOrgFacts): ArchyProblem[] {
  const label = `callCommonModule '${call.actionName}' at ${call.where}`;
  const named = org.flowsNamed(call.moduleName);
  const module = named.find((flow) => flow.type === COMMON_MODULE_TYPE);
  if (!module) {
    const others = named.map((flow) => `a ${flow.type} flow`).join(" and ");
    return [
      {
        rule: "module-missing",
        message: `${label} calls '${call.moduleName}': ${others ? `that is ${others}, and only common modules can be called` : "this org has no common module of that name"}.`,
      },
    ];
  }
  if (module.versions.length === 0) {
    return [{ rule: "module-not-published", message: `${label} calls common module '${module.name}', which has never been published; publish it first.` }];
  }
  const version = call.version === LATEST_PUBLISHED ? module.versions.at(-1) : module.versions.find((candidate) => candidate.id === call.version);
  if (!version) {
    const published = module.versions.map((candidate) => candidate.id).join(", ");
    return [{ rule: "module-version-missing", message: `${label} asks for version ${call.version} of '${module.name}', whose published versions are ${published}.` }];
  }
  const problems: ArchyProblem[] = [];
  const declared = version.moduleInterface ?? { inputs: [], outputs: [] };
  const of = `'${module.name}' (version ${version.id})`;
  for (const [kind, bound, known] of [
    ["input", call.inputs, declared.inputs],
    ["output", call.outputs, declared.outputs],
  ] as const) {
    for (const variable of bound.filter((name) => !known.includes(name))) {
      const declaredList = known.length === 0 ? `it declares no ${kind}s` : `its ${kind}s are ${known.join(", ")}`;
      problems.push({ rule: `undeclared-${kind}`, message: `${label} binds ${kind} '${variable}', which ${of} does not declare as an ${kind} (isInput/isOutput); ${declaredList}.` });
    }
  }
  const compatible = declared.compatibleFlowTypes;
  if (compatible && !compatible.some((type) => type.toLowerCase() === document.flowType)) {
    problems.push({
      rule: "incompatible-flow-type",
      message: `${label} calls ${of}, whose settingsCommonModule.compatibleFlowTypes (${compatible.join(", ") || "none"}) does not include ${document.flowType}.`,
    });
  }
  if (document.flowType === COMMON_MODULE_TYPE) {
    const loop = callChain(module.name, document.name, org);
    if (loop) problems.push({ rule: "call-loop", message: `${label} calls '${module.name}', whose calls lead back to this module (${[document.name, ...loop].join(" -> ")}), so the call would never return.` });
  }
  return problems;
}

/** Module names from `from` to `to` along the calls of each module's latest version (both ends included), or undefined. */
function callChain(from: string, to: string, org: ArchitectOrgFacts): string[] | undefined {
  const reachedVia = new Map<string, { name: string; via?: string }>([[from.toLowerCase(), { name: from }]]);
  const toVisit = [from];
  while (toVisit.length > 0) {
    const current = toVisit.pop()!;
    if (current.toLowerCase() === to.toLowerCase()) {
      const chain: string[] = [];
      for (let step: string | undefined = current.toLowerCase(); step !== undefined; step = reachedVia.get(step)!.via) chain.push(reachedVia.get(step)!.name);
      return chain.reverse();
    }
    const module = org.flowsNamed(current).find((flow) => flow.type === COMMON_MODULE_TYPE);
    for (const next of module?.versions.at(-1)?.calledModules ?? []) {
      if (reachedVia.has(next.toLowerCase())) continue;
      reachedVia.set(next.toLowerCase(), { name: next, via: current.toLowerCase() });
      toVisit.push(next);
    }
  }
  return undefined;
}

function distinctIgnoringCase(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => !seen.has(name.toLowerCase()) && seen.add(name.toLowerCase()));
}

function isMapping(value: unknown): value is Mapping {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return "empty";
  if (Array.isArray(value)) return "a list";
  if (isMapping(value)) return "a mapping";
  const text = JSON.stringify(value) ?? String(value);
  return `the ${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}...` : text}`;
}
