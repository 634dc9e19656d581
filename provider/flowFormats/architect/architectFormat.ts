// The Architect format: a flow's logic is one Archy YAML document, and an attachment is one
// `callCommonModule` action named by its trigger ID, placed right after the action `after` names (or
// first in the startup task). Pure: edits work on a copy and keep every other part of the document.

import { isMap, isScalar, isSeq, Node, YAMLSeq } from "yaml";
import type { ArchitectDocument, FlowCalls, FlowFormat, LiveCall } from "../flowFormat";
import type { FlowVariableSchema } from "../../flowModel";
import { CALL_COMMON_MODULE, callActionOf, commonModuleOf, declaredVariableName, LATEST_PUBLISHED, readArchyCall } from "./archyCalls";
import {
  ActionSite,
  actionSites,
  ArchitectFormatError,
  ArchyFlow,
  cloneArchyFlow,
  createNode,
  describeFlow,
  flowRoot,
  flowTypeOfRootKey,
  FlowLabel,
  serializeArchyFlow,
  startList,
  stringAt,
} from "./archyDocument";
import { ownershipLinesOf, withOwnershipLine } from "./ownershipLines";

const START = "start";

export const architectFormat: FlowFormat<ArchitectDocument> = {
  name: "architect",
  sharedFlowField: "commonModule",
  sharedFlowOf: (desired) => desired.sharedFlow.name,
  calls: (document) => architectCalls(document.archy),
  sameDocument: (left, right) => left.archy === right.archy || textOf(left.archy) === textOf(right.archy),
  problemsBeforeWrite: (document, flow) => problemsBeforeImport(document.archy, flow),
  storedProblems: (sent, stored) => exportedProblems(sent.archy, stored.archy),
  variableSchemas: (_flow, document) => moduleVariableSchemas(document.archy),
};

/**
 * What the calls of a parsed flow are read from, worked out once per document: documents are never changed
 * once made (an edit works on a copy), and a command asks the same flow about each of its calls, which
 * would otherwise walk the whole document once per call and per question.
 */
interface FlowReading {
  label: FlowLabel;
  sites: ActionSite[];
  /** Each action list's actions, by index. */
  lists: Map<YAMLSeq, Map<number, ActionSite>>;
  /** Trigger ID -> stack, from the description's ownership lines. */
  owners: Map<string, string>;
  /** The list `after: start` names; undefined when the flow has none (it starts with a menu, say). */
  startsIn: YAMLSeq | undefined;
}

const readings = new WeakMap<ArchyFlow, FlowReading>();
const callsByDocument = new WeakMap<ArchyFlow, FlowCalls>();

function readingOf(archy: ArchyFlow): FlowReading {
  let reading = readings.get(archy);
  if (!reading) {
    const label = labelOf(archy);
    const sites = actionSites(archy, label);
    const lists = new Map<YAMLSeq, Map<number, ActionSite>>();
    for (const site of sites) lists.set(site.list, (lists.get(site.list) ?? new Map()).set(site.index, site));
    let startsIn: YAMLSeq | undefined;
    try {
      startsIn = startList(archy, label).list;
    } catch {
      // A flow that starts with a menu has no startup task: `after: start` is refused where it is asked for.
    }
    reading = { label, sites, lists, owners: ownershipLinesOf(stringAt(flowRoot(archy, label).body, "description")), startsIn };
    readings.set(archy, reading);
  }
  return reading;
}

function architectCalls(archy: ArchyFlow): FlowCalls {
  const cached = callsByDocument.get(archy);
  if (cached) return cached;
  const reading = () => readingOf(archy);
  const label = labelOf(archy);
  const calls: FlowCalls = {
    find: (triggerId) => {
      const site = uniqueSite(reading().sites, triggerId, label);
      return site && liveCallOf(reading(), site);
    },
    all: () => reading().sites.filter((site) => site.kind === CALL_COMMON_MODULE && site.name !== undefined).map((site) => liveCallOf(reading(), site)),
    isPlacedAfter: (triggerId, after) => {
      const site = uniqueSite(reading().sites, triggerId, label);
      if (!site) return false;
      const neighbours = reading().lists.get(site.list)!;
      for (let index = site.index - 1; index >= 0; index--) {
        const previous = neighbours.get(index);
        if (previous?.name === after) return true;
        if (previous?.kind !== CALL_COMMON_MODULE) return false;
      }
      // Asked of a flow with no startup task, `start` says why (a menu starts it).
      return after === START && startList(archy, label).list === site.list;
    },
    hasNode: (after) => reading().sites.some((site) => site.name === after),
    withCall: (desired) =>
      edited(archy, (copy) => {
        if (uniqueSite(actionSites(copy, label), desired.triggerId, label)) {
          throw new ArchitectFormatError(`${describeFlow(label)} already has an action named '${desired.triggerId}'; choose another triggerId or edit that action`);
        }
        place(copy, label, createNode(copy, callActionOf(desired)), desired.after, desired.triggerId);
        setOwner(copy, label, desired.triggerId, desired.managedBy);
      }),
    withoutCall: (triggerId) =>
      edited(archy, (copy) => {
        const site = uniqueSite(actionSites(copy, label), triggerId, label);
        if (!site) return;
        site.list.items.splice(site.index, 1);
        setOwner(copy, label, triggerId, undefined);
      }),
    withCallRewritten: (desired) =>
      edited(archy, (copy) => {
        const site = requireSite(copy, label, desired.triggerId, "rewrite");
        if (site.kind === CALL_COMMON_MODULE && site.body) {
          // Only the call's own settings change: any other key the action carries is the org's and stays.
          site.body.set("commonModule", createNode(copy, commonModuleOf(desired)));
        } else {
          site.list.items[site.index] = createNode(copy, callActionOf(desired));
        }
        setOwner(copy, label, desired.triggerId, desired.managedBy);
      }),
    withCallMoved: (triggerId, after) =>
      edited(archy, (copy) => {
        const site = requireSite(copy, label, triggerId, "move");
        const [action] = site.list.items.splice(site.index, 1);
        place(copy, label, action as Node, after, triggerId);
      }),
  };
  callsByDocument.set(archy, calls);
  return calls;
}

const texts = new WeakMap<ArchyFlow, string>();

/** The document as text, written once per document (documents are never changed once made). */
function textOf(archy: ArchyFlow): string {
  let text = texts.get(archy);
  if (text === undefined) {
    text = serializeArchyFlow(archy);
    texts.set(archy, text);
  }
  return text;
}

/** The flow's own name (from its YAML), for messages about its document. */
function labelOf(archy: ArchyFlow): FlowLabel {
  return { name: stringAt(flowRoot(archy, { name: "(unnamed)" }).body, "name") ?? "(unnamed)" };
}

function edited(archy: ArchyFlow, edit: (copy: ArchyFlow) => void): ArchitectDocument {
  const copy = cloneArchyFlow(archy);
  edit(copy);
  return { format: "architect", archy: copy };
}

/**
 * The one action named `name`, or undefined when none is. Action names are free text in Architect and
 * default names repeat, so a name is a key only where it is unique: two actions with it is an error
 * naming both places.
 */
function uniqueSite(sites: ActionSite[], name: string, flow: FlowLabel): ActionSite | undefined {
  const named = sites.filter((site) => site.name === name);
  if (named.length > 1) {
    throw new ArchitectFormatError(
      `${describeFlow(flow)} has ${named.length} actions named '${name}' (${named.map((site) => site.place).join("; ")}), so the name does not say which one is meant: ` +
        `rename all but one in Architect, or choose another name; nothing was written`,
    );
  }
  return named[0];
}

function requireSite(archy: ArchyFlow, flow: FlowLabel, name: string, action: string): ActionSite {
  const site = uniqueSite(actionSites(archy, flow), name, flow);
  if (!site) {
    throw new ArchitectFormatError(
      `cannot ${action} action '${name}': ${describeFlow(flow)} has no action with that name (removed in Architect since it was read?); run pulumi refresh, then pulumi up to create it again`,
    );
  }
  return site;
}

/** Puts `action` first in the startup task (`after: start`) or right after the action named `after`. */
function place(archy: ArchyFlow, flow: FlowLabel, action: Node, after: string, triggerId: string): void {
  if (after === START) {
    const start = startList(archy, flow);
    const list = start.list ?? new YAMLSeq();
    if (!start.list) start.task!.set("actions", list);
    list.items.unshift(action);
    return;
  }
  const anchor = uniqueSite(actionSites(archy, flow), after, flow);
  if (!anchor) {
    throw new ArchitectFormatError(`cannot place '${triggerId}' after '${after}': ${describeFlow(flow)} has no action named '${after}'; use 'start' or the name of an action as Architect shows it`);
  }
  anchor.list.items.splice(anchor.index + 1, 0, action);
}

function setOwner(archy: ArchyFlow, flow: FlowLabel, triggerId: string, stack: string | undefined): void {
  const { body } = flowRoot(archy, flow);
  const description = withOwnershipLine(stringAt(body, "description"), triggerId, stack);
  if (description === stringAt(body, "description")) return;
  if (description === undefined) {
    body.delete("description");
  } else if (body.has("description")) {
    // Setting an existing key keeps its node, and with it the quoting it was written in.
    body.set("description", description);
  } else {
    // Where Architect writes it: right after the flow's name.
    const afterName = body.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === "name") + 1;
    body.items.splice(afterName, 0, archy.document.createPair("description", description) as (typeof body.items)[number]);
  }
}

function liveCallOf(reading: FlowReading, site: ActionSite): LiveCall {
  const call = site.kind === CALL_COMMON_MODULE ? readArchyCall(site.body) : undefined;
  const pinned = call?.versionKey !== undefined && call.versionKey !== LATEST_PUBLISHED ? [`version (${call.versionKey}, not ${LATEST_PUBLISHED})`] : [];
  return {
    triggerId: site.name!,
    isCall: call !== undefined,
    sharedFlow: call?.module,
    arguments: call?.arguments,
    returnVariables: call?.returnVariables,
    managedBy: reading.owners.get(site.name!),
    otherDifferences: [...pinned, ...(call?.unexpressible ?? [])],
    ...placementOf(reading, site),
  };
}

/** The action the call directly follows, or `start` when it is first in the startup task; else why neither. */
function placementOf(reading: FlowReading, site: ActionSite): Pick<LiveCall, "predecessors" | "placementNote"> {
  if (site.index > 0) {
    const previous = reading.lists.get(site.list)!.get(site.index - 1);
    return previous?.name !== undefined ? { predecessors: [previous.name] } : { predecessors: [], placementNote: "the action before it has no name" };
  }
  return reading.startsIn === site.list ? { predecessors: [START] } : { predecessors: [], placementNote: `it is the first action of ${site.listPlace}, not of the startup task` };
}

/**
 * What the provider checks before an import, beyond what the service checks: the document is the flow it
 * is sent for (an import finds its flow by type and name, so another name would make or change another
 * flow), and every call a stack manages has a name of its own.
 */
function problemsBeforeImport(archy: ArchyFlow, flow: { id: string; name: string; type?: string }): string[] {
  const problems: string[] = [];
  const label = { name: flow.name, id: flow.id };
  const { typeKey, body } = flowRoot(archy, label);
  const name = stringAt(body, "name");
  if (name !== flow.name) problems.push(`the YAML names the flow '${name ?? "(no name)"}', not '${flow.name}': an import would change or create that flow instead`);
  if (flow.type !== undefined && flowTypeOfRootKey(typeKey) !== flow.type) problems.push(`the YAML is a ${typeKey} flow, but ${describeFlow(label)} is a ${flow.type} flow`);
  // Only the names of calls this tool manages must be unique: Architect's default action names repeat in flows people build.
  const sites = actionSites(archy, label);
  for (const managed of ownershipLinesOf(stringAt(body, "description")).keys()) {
    const sameName = sites.filter((site) => site.name === managed);
    if (sameName.length > 1) {
      problems.push(`${sameName.length} actions are named '${managed}' (${sameName.map((site) => site.place).join("; ")}), a call managed by a stack among them: rename the others in Architect`);
    }
  }
  return problems;
}

/**
 * How the flow the service exported after an import differs from the document sent: actions (kind and
 * name, in order) sent but not exported or exported but not sent, calls whose module, inputs or outputs
 * changed, and ownership lines. What the service may change on publish without changing the logic (key
 * order, quoting, comments, defaults it adds) is not compared.
 */
function exportedProblems(sent: ArchyFlow, stored: ArchyFlow): string[] {
  const sentSkeleton = skeletonOf(sent);
  const storedSkeleton = skeletonOf(stored);
  const problems: string[] = [];
  const remaining = [...storedSkeleton];
  for (const entry of sentSkeleton) {
    const index = remaining.indexOf(entry);
    if (index === -1) problems.push(`sent but not in the exported flow: ${entry}`);
    else remaining.splice(index, 1);
  }
  for (const entry of remaining) problems.push(`in the exported flow but not sent: ${entry}`);
  if (problems.length === 0 && sentSkeleton.join("\n") !== storedSkeleton.join("\n")) problems.push("the exported flow holds the actions sent, in another order");
  return problems;
}

/** The parts of a flow a write must keep, one line each: every action list's actions, the calls' settings, the ownership lines. */
function skeletonOf(archy: ArchyFlow): string[] {
  const label = labelOf(archy);
  const lines: string[] = [];
  for (const site of actionSites(archy, label)) {
    const call = site.kind === CALL_COMMON_MODULE ? ` ${JSON.stringify(readArchyCall(site.body))}` : "";
    lines.push(`${site.listPlace}: ${site.kind} '${site.name ?? ""}'${call}`);
  }
  const { body } = flowRoot(archy, label);
  for (const [triggerId, stack] of ownershipLinesOf(stringAt(body, "description"))) lines.push(`ownership line of '${triggerId}': ${stack}`);
  return lines;
}


/**
 * A common module's inputs and outputs from its `variables` (each a single-key mapping such as
 * `- stringVariable: {name: Common.callerPhone, isInput: true}`), named as declarations name them.
 */
function moduleVariableSchemas(archy: ArchyFlow): { inputSchema: FlowVariableSchema; outputSchema: FlowVariableSchema } {
  const inputs: Record<string, { type: string }> = {};
  const outputs: Record<string, { type: string }> = {};
  const variables = flowRoot(archy, labelOf(archy)).body.get("variables", true);
  for (const item of isSeq(variables) ? variables.items : []) {
    if (!isMap(item) || item.items.length !== 1 || !isScalar(item.items[0].key) || !isMap(item.items[0].value)) continue;
    const kind = String(item.items[0].key.value);
    const settings = item.items[0].value;
    const name = declaredVariableName(stringAt(settings, "name") ?? "");
    if (name === undefined) continue;
    const type = { type: kind.replace(/Variable$/, "") };
    if (settings.get("isInput") === true) inputs[name] = type;
    if (settings.get("isOutput") === true) outputs[name] = type;
  }
  return { inputSchema: { properties: inputs }, outputSchema: { properties: outputs } };
}
