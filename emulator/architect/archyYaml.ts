// Reads an uploaded Archy file as the service must: UTF-8 text holding one YAML document, within limits
// that keep a hostile file (an alias bomb, nesting thousands of levels deep, 100,000 keys) to one linear
// pass; and writes the canonical YAML the service stores and exports.

import { Composer, CST, Document, isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, Parser, stringify, YAMLError } from "yaml";

/** Why a file is refused, in the words a job message carries; `rule` is a stable name for tests and logs. */
export interface ArchyProblem {
  rule: string;
  message: string;
}

/** Limits of a readable file; a real flow stays far below each. */
export const ARCHY_FILE_LIMITS = Object.freeze({
  /** Mappings and lists inside each other, the root being level 1 (the limit request bodies have too). */
  maxDepth: 64,
  /** Aliases the reader resolves, as the `yaml` package counts them; more is taken for an alias bomb. */
  maxAliasCount: 50,
  /** Entries of one mapping or list. */
  maxEntriesPerCollection: 10_000,
  /** Values in the whole document, aliases counted each time they are used. */
  maxValues: 100_000,
  /** Syntax errors listed one by one before the rest are counted. */
  maxListedErrors: 10,
});

export type ArchyReadResult = { ok: true; value: unknown } | { ok: false; problems: ArchyProblem[] };

const refused = (rule: string, message: string): ArchyReadResult => ({ ok: false, problems: [{ rule, message }] });

/**
 * The document in `bytes` as plain data (mappings as objects, lists as arrays), or why it cannot be read.
 * `maxTextChars` bounds the text of all its strings once aliases are resolved, so that a file within the
 * size limit cannot make the service store many times that.
 */
export function readArchyYaml(bytes: Uint8Array, options: { maxTextChars: number }): ArchyReadResult {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return refused("not-utf8", "The file is not UTF-8 text: it holds a byte sequence that UTF-8 does not allow. Save it as UTF-8.");
  }
  const tokens = parseWithinLimits(text);
  if (typeof tokens === "string") return refused(tokens === "too-deep" ? "too-deep" : "too-many-values", tokens === "too-deep" ? nestingMessage() : tokens);
  const crowded = crowdedCollection(tokens);
  if (crowded) return refused("too-many-values", crowded);

  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let offset = text.indexOf("\n"); offset !== -1; offset = text.indexOf("\n", offset + 1)) lineCounter.addNewLine(offset + 1);
  // Unique keys are checked below in one pass: the composer's own check compares every pair of keys.
  const documents = [...new Composer({ uniqueKeys: false }).compose(tokens, true, text.length)];
  if (documents.length > 1) {
    return refused("several-documents", `The file holds ${documents.length} YAML documents (separated by '---'); a flow file holds one.`);
  }
  const [document] = documents;
  if (document.errors.length > 0) return { ok: false, problems: syntaxProblems(document.errors, lineCounter) };
  const structural = structureProblem(document, lineCounter);
  if (structural) return { ok: false, problems: [structural] };

  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: ARCHY_FILE_LIMITS.maxAliasCount });
  } catch (error) {
    if (error instanceof ReferenceError) {
      return refused("alias-bomb", `The file resolves aliases (*name) more than ${ARCHY_FILE_LIMITS.maxAliasCount} times over, as a YAML alias bomb does; write the values out instead.`);
    }
    throw error;
  }
  const expansion = expansionProblem(value, options.maxTextChars);
  return expansion ? { ok: false, problems: [expansion] } : { ok: true, value };
}

/** The YAML the service stores for a document it accepted: its values and key order, none of its comments or layout. */
export function canonicalYaml(value: unknown): string {
  // Shared objects (from aliases) are written out in full, never as anchors, and long lines are not folded.
  return stringify(value, { aliasDuplicateObjects: false, lineWidth: 0 });
}

/**
 * The concrete syntax tree of `text`; or, as soon as the parser meets it, "too-deep" for nesting past the
 * limit (before anything recurses into it) or what is wrong with a collection that grew past its limit.
 */
function parseWithinLimits(text: string): CST.Token[] | "too-deep" | string {
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  // The parser's stack holds the document, each open collection, and the scalar being read.
  const maxStack = ARCHY_FILE_LIMITS.maxDepth + 2;
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > maxStack) return "too-deep";
    // Entries are added to the collection on top of the stack, or under the scalar being read.
    for (const open of parser.stack.slice(-2)) {
      if (CST.isCollection(open) && open.items.length > ARCHY_FILE_LIMITS.maxEntriesPerCollection) return crowdedMessage(open);
    }
  }
  for (const token of parser.end()) tokens.push(token);
  return tokens;
}

function crowdedMessage(collection: CST.BlockMap | CST.BlockSequence | CST.FlowCollection): string {
  const kind = collection.type === "block-seq" || (collection.type === "flow-collection" && collection.start.source === "[") ? "list" : "mapping";
  return `A ${kind} in the file has more than ${ARCHY_FILE_LIMITS.maxEntriesPerCollection} entries; a flow needs far fewer.`;
}

/** Too many entries in one collection, or in all: said before the composer spends time on them. */
function crowdedCollection(tokens: CST.Token[]): string | undefined {
  let values = 0;
  const pending: CST.Token[] = [...tokens];
  while (pending.length > 0) {
    const token = pending.pop()!;
    if (token.type === "document" && token.value) pending.push(token.value);
    if (!CST.isCollection(token)) continue;
    if (token.items.length > ARCHY_FILE_LIMITS.maxEntriesPerCollection) return crowdedMessage(token);
    values += token.items.length;
    if (values > ARCHY_FILE_LIMITS.maxValues) return `The file holds more than ${ARCHY_FILE_LIMITS.maxValues} values; a flow needs far fewer.`;
    for (const item of token.items) {
      if (item.key) pending.push(item.key);
      if (item.value) pending.push(item.value);
    }
  }
  return undefined;
}

function syntaxProblems(errors: readonly YAMLError[], lineCounter: LineCounter): ArchyProblem[] {
  const listed = errors.slice(0, ARCHY_FILE_LIMITS.maxListedErrors).map((error) => ({
    rule: "yaml-syntax",
    message: `The file is not valid YAML: ${error.message} (${where(lineCounter, error.pos[0])}).`,
  }));
  const unlisted = errors.length - listed.length;
  return unlisted > 0 ? [...listed, { rule: "yaml-syntax", message: `The file has ${unlisted} more YAML errors.` }] : listed;
}

function where(lineCounter: LineCounter, offset: number): string {
  const { line, col } = lineCounter.linePos(offset);
  return `line ${line}, column ${col}`;
}

/** A key used twice in one mapping, a key that is itself a mapping or list, or nesting too deep; walked without recursion. */
function structureProblem(document: Document.Parsed, lineCounter: LineCounter): ArchyProblem | undefined {
  const pending: Array<{ node: unknown; depth: number }> = [{ node: document.contents, depth: 1 }];
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > ARCHY_FILE_LIMITS.maxDepth) return { rule: "too-deep", message: nestingMessage() };
    // Plain data has one key per name: toJS would keep only the last of two, silently.
    const keys = new Set<string>();
    for (const item of node.items) {
      if (!isPair(item)) {
        pending.push({ node: item, depth: depth + 1 });
        continue;
      }
      const { key } = item;
      const position = where(lineCounter, (key as { range?: [number] } | null)?.range?.[0] ?? 0);
      if (key !== null && !isScalar(key) && !isAlias(key)) {
        return { rule: "complex-key", message: `A mapping key is itself a mapping or list (${position}); flow files use plain keys.` };
      }
      const name = String(isScalar(key) ? key.value : (key?.source ?? null));
      if (isMap(node) && keys.has(name)) return { rule: "duplicate-key", message: `The key '${name}' appears twice in one mapping (${position}).` };
      keys.add(name);
      pending.push({ node: item.value, depth: depth + 1 });
    }
  }
  return undefined;
}

/** Once aliases are resolved: still within the depth, the number of values and the text a file may hold? */
function expansionProblem(value: unknown, maxTextChars: number): ArchyProblem | undefined {
  let values = 0;
  let textChars = 0;
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  while (pending.length > 0) {
    const current = pending.pop()!;
    values++;
    if (values > ARCHY_FILE_LIMITS.maxValues) {
      return { rule: "too-many-values", message: `Once its aliases are resolved, the file holds more than ${ARCHY_FILE_LIMITS.maxValues} values; a flow needs far fewer.` };
    }
    if (typeof current.value === "string") textChars += current.value.length;
    if (textChars > maxTextChars) {
      return { rule: "too-large", message: `Once its aliases are resolved, the file's text passes ${maxTextChars} characters, the size limit of a flow file.` };
    }
    if (typeof current.value !== "object" || current.value === null || ArrayBuffer.isView(current.value)) continue;
    if (current.depth > ARCHY_FILE_LIMITS.maxDepth) return { rule: "too-deep", message: nestingMessage() };
    for (const [key, child] of Object.entries(current.value)) {
      textChars += key.length;
      pending.push({ value: child, depth: current.depth + 1 });
    }
  }
  return undefined;
}

function nestingMessage(): string {
  return `The file nests mappings and lists more than ${ARCHY_FILE_LIMITS.maxDepth} levels deep; a flow needs far fewer.`;
}
