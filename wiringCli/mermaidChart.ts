// Renders calls of shared flows as a Mermaid flowchart: each flow once, an arrow from each parent flow to
// the shared flow it calls, labelled with the trigger and whether the published parent runs the shared
// flow as last published (a stale copy is a dashed red arrow). Pure.

import { compareText, FlowFacts, sharedFlowLabel, WiredCall } from "./orgWiring";
import { oneLine } from "./displayText";
import { publishedCopy, PublishedCopy } from "./publishedCopy";

/** `source` says which org was read, e.g. `http://127.0.0.1:8080, OAuth client dev-client`. */
export function renderMermaidChart(calls: readonly WiredCall[], source: string): string {
  // Called flows first, then the others, each group by name; a flow that calls and is called is one node.
  const called = new Map<string, string>();
  for (const call of calls) called.set(calledNode(call), sharedFlowLabel(call));
  const callers = new Map<string, FlowFacts>();
  for (const call of calls) if (!called.has(call.parent.id)) callers.set(call.parent.id, call.parent);
  const byLabel = ([leftId, left]: [string, string], [rightId, right]: [string, string]) => compareText(left, right) || compareText(leftId, rightId);
  const nodes = [
    ...[...called].sort(byLabel).map(([id, label]) => ({ id, label, shape: ["[[", "]]"] })),
    ...[...callers].map(([id, flow]): [string, string] => [id, flow.name]).sort(byLabel).map(([id, label]) => ({ id, label, shape: ["[", "]"] })),
  ];
  const nodeIds = new Map(nodes.map((node, index) => [node.id, `flow${index + 1}`]));

  const lines = [
    `%% Calls of shared flows in ${oneLine(source)}: ${calls.length} call${calls.length === 1 ? "" : "s"}.`,
    "%% An arrow goes from the calling flow to the shared flow; a dashed red one: the published caller runs a stale copy.",
    "flowchart LR",
    ...nodes.map((node) => `  ${nodeIds.get(node.id)}${node.shape[0]}"${mermaidText(node.label)}"${node.shape[1]}`),
  ];
  const staleLinks: number[] = [];
  calls.forEach((call, index) => {
    const copy = publishedCopy(call.parent, call.shared ?? {});
    if (copy.state === "stale") staleLinks.push(index);
    const arrow = copy.state === "stale" ? "-.->" : "-->";
    lines.push(`  ${nodeIds.get(call.parent.id)} ${arrow}|"${mermaidText(`${call.triggerId}: ${describeCopy(copy)}`)}"| ${nodeIds.get(calledNode(call))}`);
  });
  if (staleLinks.length > 0) lines.push(`  linkStyle ${staleLinks.join(",")} stroke:#d62728,stroke-width:2px`);
  return `${lines.join("\n")}\n`;
}

/** The node of the flow a call calls: the flow's ID when the org has it (a module that calls others is one node), else how the call names it. */
function calledNode(call: WiredCall): string {
  return call.shared?.id ?? call.sharedFlowKey;
}

function describeCopy(copy: PublishedCopy): string {
  switch (copy.state) {
    case "parent-not-published":
      return "caller not published";
    case "current":
      return "published, runs the latest";
    case "stale":
      return "published before the shared flow's latest publish: runs a stale copy";
    case "unknown":
      return `published; ${copy.reason}`;
  }
}

/** Text inside a quoted Mermaid label: characters Mermaid would read as syntax become entity codes, line breaks spaces. */
function mermaidText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").replace(/["#&<>`]/g, (character) => `#${character.codePointAt(0)};`);
}
