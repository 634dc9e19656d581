// Protects the emulator's reading of an uploaded Archy file: UTF-8 YAML of one document, refused with a
// clear reason when it is malformed, hostile (alias bombs, nesting far too deep, 100,000 entries) or
// ambiguous (keys twice), each hostile case within a fraction of a second; and the canonical YAML the
// service stores: values and key order kept, comments and layout not.

import { ARCHY_FILE_LIMITS, canonicalYaml, readArchyYaml } from "../../emulator/architect/archyYaml";

const MAX_TEXT_CHARS = 2 * 1024 * 1024;
const bytes = (text: string) => new TextEncoder().encode(text);
const read = (text: string | Uint8Array) => readArchyYaml(typeof text === "string" ? bytes(text) : text, { maxTextChars: MAX_TEXT_CHARS });

/** The one problem a refused file has: its rule and message. */
function refusal(text: string | Uint8Array): { rule: string; message: string } {
  const result = read(text);
  if (result.ok) throw new Error("expected the file to be refused");
  expect(result.problems).toHaveLength(1);
  return result.problems[0];
}

/** `levels` lists nested inside each other, in YAML's flow or block style. */
const nestedLists = (levels: number, style: "flow" | "block") => (style === "flow" ? `${"[".repeat(levels)}${"]".repeat(levels)}` : `${"- ".repeat(levels)}leaf\n`);

describe("readArchyYaml", () => {
  it("reads a document with CRLF line endings and comments as plain data, unquoted yes and no as strings", () => {
    const result = read("# a comment\r\ninboundCall:\r\n  name: Sales Inbound   # trailing comment\r\n  outputs:\r\n    yes: 1\r\n    no: {actions: []}\r\n");
    expect(result).toEqual({ ok: true, value: { inboundCall: { name: "Sales Inbound", outputs: { yes: 1, no: { actions: [] } } } } });
  });

  it("refuses bytes that are not UTF-8", () => {
    expect(refusal(Uint8Array.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]))).toMatchObject({ rule: "not-utf8", message: expect.stringMatching(/not UTF-8/) });
  });

  it("names the line and column of a syntax error, and lists at most ten errors", () => {
    expect(refusal("inboundCall:\n  name: [Sales\n  division: Home\n")).toMatchObject({ rule: "yaml-syntax", message: expect.stringMatching(/not valid YAML: .*line \d+, column \d+/) });
    const manyErrors = read(Array.from({ length: 30 }, (_, index) => `k${index}: [`).join("\n"));
    expect(manyErrors.ok).toBe(false);
    if (!manyErrors.ok) expect(manyErrors.problems.length).toBeLessThanOrEqual(ARCHY_FILE_LIMITS.maxListedErrors + 1);
  });

  it("refuses a stream of several documents", () => {
    expect(refusal("a: 1\n---\nb: 2\n")).toMatchObject({ rule: "several-documents", message: expect.stringMatching(/2 YAML documents/) });
  });

  it("refuses a key used twice in one mapping, naming it and its line", () => {
    expect(refusal("inboundCall:\n  name: A\n  name: B\n")).toEqual({ rule: "duplicate-key", message: "The key 'name' appears twice in one mapping (line 3, column 3)." });
  });

  it("refuses a key that is itself a mapping or list", () => {
    expect(refusal("? [a, b]\n: 1\n").rule).toBe("complex-key");
  });

  it.each(["flow", "block"] as const)("accepts %s nesting 64 levels deep and refuses 65", (style) => {
    expect(read(nestedLists(ARCHY_FILE_LIMITS.maxDepth, style)).ok).toBe(true);
    expect(refusal(nestedLists(ARCHY_FILE_LIMITS.maxDepth + 1, style))).toMatchObject({ rule: "too-deep", message: expect.stringMatching(/more than 64 levels deep/) });
  });

  it.each(["flow", "block"] as const)("refuses %s nesting two million levels deep at once, before the parser recurses into it", (style) => {
    const startedAt = Date.now();
    expect(refusal(nestedLists(2_000_000, style)).rule).toBe("too-deep");
    expect(Date.now() - startedAt).toBeLessThan(1000);
  });

  it.each([
    { collection: "a list", text: "- item\n".repeat(100_000), message: /A list in the file has more than 10000 entries/ },
    { collection: "a mapping", text: Array.from({ length: 100_000 }, (_, index) => `key${index}: value`).join("\n"), message: /A mapping in the file has more than 10000 entries/ },
  ])("refuses $collection of 100,000 entries without composing it", ({ text, message }) => {
    const startedAt = Date.now();
    expect(refusal(text)).toMatchObject({ rule: "too-many-values", message: expect.stringMatching(message) });
    expect(Date.now() - startedAt).toBeLessThan(2000);
  });

  it("refuses more values in all than a flow holds, each collection within its own limit", () => {
    const lists = Array.from({ length: 11 }, (_, list) => `list${list}:\n${"  - x\n".repeat(9_500)}`).join("");
    expect(refusal(lists)).toMatchObject({ rule: "too-many-values", message: expect.stringMatching(/more than 100000 values/) });
  });

  it("refuses a billion laughs (aliases of aliases)", () => {
    const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`);
    }
    expect(refusal(levels.join("\n"))).toMatchObject({ rule: "alias-bomb", message: expect.stringMatching(/alias bomb/) });
  });

  it("refuses aliases that multiply a large value past the size of a flow file", () => {
    const text = `big: &big "${"x".repeat(100_000)}"\ncopies: [${Array(40).fill("*big").join(", ")}]\n`;
    expect(refusal(text)).toMatchObject({ rule: "too-large", message: expect.stringMatching(/once its aliases are resolved/i) });
  });

  it("reads a few honest aliases as the values they stand for", () => {
    expect(read("defaults: &defaults {timeout: 10}\nfirst: *defaults\nsecond: *defaults\n")).toEqual({
      ok: true,
      value: { defaults: { timeout: 10 }, first: { timeout: 10 }, second: { timeout: 10 } },
    });
  });
});

describe("canonicalYaml", () => {
  it("keeps every value and the order of keys, and drops comments and layout", () => {
    const source = "# heading\ninboundCall:\n  name: 'Go to queue?'   # quoted for no reason\n  zeta: 1\n  alpha: [a, b]\n  outputs:\n    yes: {actions: []}\n";
    const result = read(source);
    if (!result.ok) throw new Error("the source should be readable");
    const written = canonicalYaml(result.value);
    expect(written).not.toContain("#");
    expect(written.indexOf("zeta")).toBeLessThan(written.indexOf("alpha"));
    expect(read(written)).toEqual({ ok: true, value: result.value });
  });

  it("writes values shared through aliases out in full, with no anchors, and never folds long lines", () => {
    const result = read(`shared: &shared {expression: "${"x".repeat(200)}"}\ncopy: *shared\n`);
    if (!result.ok) throw new Error("the source should be readable");
    const written = canonicalYaml(result.value);
    expect(written).not.toMatch(/[&*]shared|&a1|\*a1/);
    expect(written.split("\n").filter((line) => line.includes("x".repeat(200)))).toHaveLength(2);
  });
});
