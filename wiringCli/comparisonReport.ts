// Renders a comparison of two orgs' wiring for people (calls side by side, each difference a row with the
// left and right values) and for machines (`--json`). Pure.

import { fieldPath } from "../provider/attachmentInputs";
import { oneLine } from "./displayText";
import { ComparedCall, ComparedSide, FieldDifference, WiringComparison } from "./wiringComparison";

/** Which org each side is, e.g. `dev.env (http://127.0.0.1:8080, OAuth client dev-client)`. */
export interface ComparedSources {
  left: string;
  right: string;
}

const STATUS_LABELS: Record<ComparedCall["status"], string> = { same: "same", different: "different", "left-only": "left only", "right-only": "right only" };
const ABSENT = "(none)";
const NO_CALL = "(no call)";

export function renderComparisonText(comparison: WiringComparison, sources: ComparedSources): string {
  const lines = [`left:  ${oneLine(sources.left)}`, `right: ${oneLine(sources.right)}`, ""];
  const statusWidth = Math.max(...Object.values(STATUS_LABELS).map((label) => label.length));
  for (const call of comparison.calls) {
    lines.push(`${STATUS_LABELS[call.status].padEnd(statusWidth)}  ${oneLine(call.parentFlowName)} › ${oneLine(call.triggerId)}`);
    if (call.status !== "same") lines.push(...table(call, " ".repeat(statusWidth + 4)));
  }
  const { counts } = comparison;
  const tally = `${counts.same} same, ${counts.different} different, ${counts["left-only"]} only in left, ${counts["right-only"]} only in right`;
  if (comparison.calls.length > 0) lines.push("");
  lines.push(comparison.same ? `The wiring is the same: ${tally}.` : `The wiring differs: ${tally}.`);
  return `${lines.join("\n")}\n`;
}

export function renderComparisonJson(comparison: WiringComparison, sources: ComparedSources): string {
  return `${JSON.stringify({ same: comparison.same, left: { source: sources.left }, right: { source: sources.right }, counts: comparison.counts, calls: comparison.calls }, null, 2)}\n`;
}

/** The rows of a call that is not the same: its differences, or every field of the one side that has it. */
function rowsOf(call: Exclude<ComparedCall, { status: "same" }>): FieldDifference[] {
  switch (call.status) {
    case "different":
      return call.differences;
    case "left-only":
      return fieldsOf(call.left).map(({ field, value }) => ({ field, left: value }));
    case "right-only":
      return fieldsOf(call.right).map(({ field, value }) => ({ field, right: value }));
  }
}

function fieldsOf(side: ComparedSide): Array<{ field: string; value: string | string[] }> {
  return [
    { field: "sharedFlowName", value: side.sharedFlowName },
    { field: "after", value: side.after },
    ...(["arguments", "returnVariables"] as const).flatMap((map) => Object.entries(side[map]).map(([key, value]) => ({ field: fieldPath([map, key]), value }))),
  ];
}

/** The call's rows under a header, columns aligned; the side of a call only the other org has reads "(no call)". */
function table(call: Exclude<ComparedCall, { status: "same" }>, indent: string): string[] {
  const cell = (row: FieldDifference, side: "left" | "right") => (call.status === `${side === "left" ? "right" : "left"}-only` ? NO_CALL : shown(row.field, row[side]));
  const cells = [["field", "left", "right"], ...rowsOf(call).map((row) => [row.field, cell(row, "left"), cell(row, "right")])].map((line) => line.map(oneLine));
  const widths = [0, 1].map((column) => Math.max(...cells.map((line) => line[column].length)));
  return cells.map((line) => `${indent}${line[0].padEnd(widths[0])}  ${line[1].padEnd(widths[1])}  ${line[2]}`.trimEnd());
}

/** Names as they are, the nodes before a call as a list, argument and return values quoted (so `""` shows). */
function shown(field: string, value: string | string[] | undefined): string {
  if (value === undefined) return ABSENT;
  if (Array.isArray(value)) return value.length === 0 ? ABSENT : value.join(", ");
  return field === "sharedFlowName" ? value : JSON.stringify(value);
}
