// Checks an attachment's argument and return-variable names against the shared flow's declared
// inputSchema/outputSchema before any write, with "did you mean" for near misses.

import { fieldPath, isUnknown, UnknownValue } from "./attachmentInputs";
import { declaredVariableNames, FlowVariableSchema } from "./flowModel";

export interface VariableNameCheck {
  /** Shared-flow input name -> value; the keys are checked. */
  arguments?: Record<string, string> | UnknownValue;
  /** Parent variable name -> shared-flow output name; the values are checked. */
  returnVariables?: Record<string, string> | UnknownValue;
  sharedFlow: { name: string; inputSchema?: FlowVariableSchema; outputSchema?: FlowVariableSchema };
}

/**
 * One message per name the shared flow does not declare; empty when all are declared. Names are
 * case-sensitive, as in Genesys Cloud. Values not computed yet (preview) are skipped.
 */
export function findVariableNameProblems(check: VariableNameCheck): string[] {
  const flow = `shared flow '${check.sharedFlow.name}'`;
  const problems: string[] = [];
  if (check.arguments && !isUnknown(check.arguments)) {
    const inputs = declaredVariableNames(check.sharedFlow.inputSchema);
    for (const name of Object.keys(check.arguments)) {
      if (!inputs.includes(name)) problems.push(`${fieldPath(["arguments", name])}: ${missingName({ flow, kind: "input", name, declared: inputs })}`);
    }
  }
  if (check.returnVariables && !isUnknown(check.returnVariables)) {
    const outputs = declaredVariableNames(check.sharedFlow.outputSchema);
    for (const [parentVariable, name] of Object.entries(check.returnVariables)) {
      if (isUnknown(name) || outputs.includes(name)) continue;
      problems.push(`${fieldPath(["returnVariables", parentVariable])}: ${missingName({ flow, kind: "output", name, declared: outputs })}`);
    }
  }
  return problems;
}

/**
 * The declared name `name` most likely meant: one equal but for letter case, else the closest within a
 * small edit distance (1 for names up to 4 characters, 2 up to 8, 3 beyond), first declared on a tie.
 */
export function suggestName(name: string, declared: string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameButCase = declared.find((candidate) => candidate.toLowerCase() === lower);
  if (sameButCase !== undefined) return sameButCase;
  const maxDistance = name.length <= 4 ? 1 : name.length <= 8 ? 2 : 3;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of declared) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= maxDistance && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function missingName(options: { flow: string; kind: "input" | "output"; name: string; declared: string[] }): string {
  const { flow, kind, name, declared } = options;
  if (declared.length === 0) {
    return `${flow} declares no ${kind}s, so '${name}' cannot be ${kind === "input" ? "passed" : "returned"}; declare it in the shared flow's ${kind}Schema or remove it`;
  }
  const list = declared.map((declaredName) => `'${declaredName}'`).join(", ");
  const suggestion = suggestName(name, declared);
  if (suggestion === undefined) return `${flow} declares no ${kind} '${name}'; its ${kind}s are ${list}`;
  const caseNote = suggestion.toLowerCase() === name.toLowerCase() ? " (names are case-sensitive)" : "";
  return `${flow} declares no ${kind} '${name}'${caseNote}; did you mean '${suggestion}'? (its ${kind}s are ${list})`;
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}
