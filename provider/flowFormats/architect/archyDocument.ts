// An Architect flow as Archy YAML, read and written with the `yaml` package's Document API so that
// everything this project does not edit (key order, comments, quoting, unknown keys) survives an edit.
// Pure: finds the action lists, the actions by name with the place each sits in, and the startup list.

import { Document, isMap, isPair, isScalar, isSeq, Node, parseDocument, YAMLMap, YAMLSeq } from "yaml";

/** A parsed flow configuration. The Document is never mutated once made: edits work on a clone. */
export interface ArchyFlow {
  readonly document: Document;
  /** The line break the text was written with, kept on output (hand-written files use CRLF). */
  readonly lineBreak: "\n" | "\r\n";
}

/** The flow's YAML is not what this project can edit: which flow, what is wrong, and what to do. */
export class ArchitectFormatError extends Error {
  override readonly name = "ArchitectFormatError";
}

/** Aliases a document may use before it is refused: an alias bomb expands each one many times over. */
const MAX_ALIASES = 50;

/** Keys whose value is a list of actions: a task's `actions`, a common module's `startUpTaskActions`. */
const ACTION_LIST_KEYS: readonly string[] = ["actions", "startUpTaskActions"];

/** How a flow is named in errors: its name, and its ID when known. */
export interface FlowLabel {
  name: string;
  id?: string;
}

export function describeFlow(flow: FlowLabel): string {
  return flow.id === undefined ? `flow '${flow.name}'` : `flow '${flow.name}' (${flow.id})`;
}

export function parseArchyFlow(text: string, flow: FlowLabel): ArchyFlow {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const problem = document.errors[0];
  if (problem) {
    throw new ArchitectFormatError(`the Archy YAML of ${describeFlow(flow)} does not parse: ${problem.message.split("\n")[0]}`);
  }
  try {
    // Expanding aliases is where an alias bomb explodes: bounded here, once, before anything reads the values.
    document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    throw new ArchitectFormatError(`the Archy YAML of ${describeFlow(flow)} cannot be read: ${(error as Error).message}`);
  }
  const archy: ArchyFlow = { document, lineBreak: text.includes("\r\n") ? "\r\n" : "\n" };
  flowRoot(archy, flow);
  return archy;
}

export function serializeArchyFlow(archy: ArchyFlow): string {
  // lineWidth 0: never fold a long value onto two lines, which would change text nobody edited.
  const text = archy.document.toString({ lineWidth: 0 });
  return archy.lineBreak === "\n" ? text : text.replace(/\n/g, "\r\n");
}

/** A copy to edit; the original stays as it was. */
export function cloneArchyFlow(archy: ArchyFlow): ArchyFlow {
  return { document: archy.document.clone(), lineBreak: archy.lineBreak };
}

/** The flow's one top-level key (its type, e.g. `inboundCall`) and the mapping under it. */
export interface FlowRoot {
  typeKey: string;
  body: YAMLMap;
}

export function flowRoot(archy: ArchyFlow, flow: FlowLabel): FlowRoot {
  const contents = archy.document.contents;
  const pairs = isMap(contents) ? contents.items : [];
  const [pair] = pairs;
  const typeKey = pair && isScalar(pair.key) ? String(pair.key.value) : undefined;
  if (pairs.length !== 1 || typeKey === undefined || !isMap(pair.value)) {
    throw new ArchitectFormatError(
      `the Archy YAML of ${describeFlow(flow)} does not hold one flow: its top level must be a single key naming the flow's type (such as inboundCall) over the flow's settings`,
    );
  }
  return { typeKey, body: pair.value };
}

/** The flow type the service lists for a root key: `inboundCall` is an `inboundcall` flow. */
export function flowTypeOfRootKey(typeKey: string): string {
  return typeKey.toLowerCase();
}

/** One action of the flow and where it sits. */
export interface ActionSite {
  /** The list holding it and its index there: the place an edit splices. */
  list: YAMLSeq;
  index: number;
  /** The action's kind, its single key (`transferToAcd`, `callCommonModule`, ...). */
  kind: string;
  /** The action's settings; undefined when the YAML has none or they are not a mapping. */
  body: YAMLMap | undefined;
  name: string | undefined;
  /** Where it sits, for people: `task 'Main' (Main_10), action 3 'Transfer to Sales'`. */
  place: string;
  /** Where its list sits: `task 'Main' (Main_10)`. */
  listPlace: string;
}

/** Every action of the flow, in document order, nested ones (decision branches, menu tasks) included. */
export function actionSites(archy: ArchyFlow, flow: FlowLabel): ActionSite[] {
  const sites: ActionSite[] = [];
  const visit = (node: unknown, trail: string[]): void => {
    if (isSeq(node)) {
      node.items.forEach((item) => visit(item, trail));
      return;
    }
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      if (ACTION_LIST_KEYS.includes(key) && isSeq(pair.value)) {
        collectActions(pair.value, trail);
      } else {
        visit(pair.value, [...trail, ...placeLabel(key, pair.value)]);
      }
    }
  };
  const collectActions = (list: YAMLSeq, trail: string[]): void => {
    list.items.forEach((item, index) => {
      const action = actionOf(item);
      const place = [...trail, `action ${index + 1}${action?.name === undefined ? "" : ` '${action.name}'`}`].join(", ");
      if (action) sites.push({ list, index, ...action, place, listPlace: trail.join(", ") || "the flow" });
      // Actions nest: a decision's branches, a loop's body.
      if (action?.body) visit(action.body, [...trail, action.name === undefined ? `action ${index + 1}` : `action '${action.name}'`]);
    });
  };
  visit(flowRoot(archy, flow).body, []);
  return sites;
}

/** The actions named `name`, exactly (action names are free text as people type them). */
export function actionsNamed(archy: ArchyFlow, flow: FlowLabel, name: string): ActionSite[] {
  return actionSites(archy, flow).filter((site) => site.name === name);
}

/** An action list item is a mapping with one key, the action's kind, over its settings. */
function actionOf(item: unknown): Pick<ActionSite, "kind" | "body" | "name"> | undefined {
  if (!isMap(item) || item.items.length !== 1) return undefined;
  const [pair] = item.items;
  if (!isPair(pair) || !isScalar(pair.key)) return undefined;
  const body = isMap(pair.value) ? pair.value : undefined;
  return { kind: String(pair.key.value), body, name: stringAt(body, "name") };
}

/** What a mapping under `key` is, for a place label: `task 'Main' (Main_10)`, `menu 'Main Menu'`. */
function placeLabel(key: string, value: unknown): string[] {
  if (!isMap(value)) return [];
  const name = stringAt(value, "name");
  const refId = stringAt(value, "refId");
  if (name === undefined && refId === undefined) return [];
  const parts = [key];
  if (name !== undefined) parts.push(`'${name}'`);
  if (refId !== undefined && refId !== name) parts.push(`(${refId})`);
  return [parts.join(" ")];
}

/** A string value of a mapping's key, whatever its quoting; undefined when absent or not a string. */
export function stringAt(map: YAMLMap | undefined, key: string): string | undefined {
  // A key an edit set holds the plain value; one parsed from text holds a scalar node.
  const value: unknown = map?.get(key, true);
  const text = isScalar(value) ? value.value : value;
  return typeof text === "string" ? text : undefined;
}

/** The list of actions a call placed `after: start` goes to the front of, and how it is named. */
export interface StartList {
  /** Undefined when the startup task has no actions yet: `task` is where a list would go. */
  list: YAMLSeq | undefined;
  task?: YAMLMap;
  place: string;
}

/**
 * Where the flow starts: the actions of the task `startUpRef` names (`/inboundCall/tasks/task[Main_10]`,
 * or relative, `./tasks/task[Main_10]`), or a common module's `startUpTaskActions`. A flow that starts
 * with a menu has no first action: `after` must then name one.
 */
export function startList(archy: ArchyFlow, flow: FlowLabel): StartList {
  const { typeKey, body } = flowRoot(archy, flow);
  const startUpActions = body.get("startUpTaskActions", true);
  if (isSeq(startUpActions)) return { list: startUpActions, place: "startUpTaskActions" };
  const reference = stringAt(body, "startUpRef");
  if (reference === undefined) {
    throw new ArchitectFormatError(`${describeFlow(flow)} has no startUpRef, so it has no first action to place a call before; set after to the name of an action in the flow`);
  }
  const target = /(?:^|\/)(tasks\/task|menus\/menu)\[(.*)\]$/.exec(reference);
  if (!target) {
    throw new ArchitectFormatError(`${describeFlow(flow)} starts at '${reference}', which names no task or menu this project can read; set after to the name of an action in the flow`);
  }
  const [, kind, refId] = target;
  if (kind === "menus/menu") {
    const examples = actionSites(archy, flow).flatMap((site) => (site.name === undefined ? [] : [`'${site.name}'`])).slice(0, 3);
    throw new ArchitectFormatError(
      `${describeFlow(flow)} starts with a menu (${reference}), not with a task, so 'after: start' names no action: set after to the name of the action the call should follow` +
        (examples.length > 0 ? `, such as ${examples.join(", ")}` : ""),
    );
  }
  const tasks = body.get("tasks", true);
  const task = (isSeq(tasks) ? tasks.items : [])
    .map((item): unknown => (isMap(item) ? item.get("task", true) : undefined))
    .find((candidate): candidate is YAMLMap => isMap(candidate) && stringAt(candidate, "refId") === refId);
  if (!task) throw new ArchitectFormatError(`${describeFlow(flow)} starts at '${reference}', but no task under ${typeKey}.tasks has refId '${refId}'`);
  const place = `task '${stringAt(task, "name") ?? refId}'`;
  const actions = task.get("actions", true);
  if (isSeq(actions)) return { list: actions, place };
  if (actions === undefined || (isScalar(actions) && actions.value === null)) return { list: undefined, task, place };
  throw new ArchitectFormatError(`the startup ${place} of ${describeFlow(flow)} has actions that are not a list`);
}

/** A node made in the document's own schema, for an edit to insert. */
export function createNode(archy: ArchyFlow, value: unknown): Node {
  return archy.document.createNode(value) as Node;
}

