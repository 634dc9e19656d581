// Protects the command replay: preview writes nothing and names the right operation per resource; up
// creates, updates, replaces (create-before-delete unless asked otherwise) and deletes with the provider
// text from state; refresh drops vanished resources; failures are reported per resource; state survives
// a save and restore, as a stack moved to another machine.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Stack, type DeclaredResource } from "../../engineReplay/stack";
import { serializeDynamicProvider } from "../../engineReplay/serializeDynamicProvider";
import { PROVIDER_KEY } from "../../provider/identifiers";
import { makeFileBackedProvider, readFixtureDb, writeFixtureDb, type FixtureInputs } from "./fixtures/fileBackedProvider";

describe("Stack", () => {
  let dir: string;
  let dbPath: string;
  let v1: string;
  let v2: string;

  beforeAll(async () => {
    v1 = await serializeDynamicProvider(makeFileBackedProvider("v1"));
    v2 = await serializeDynamicProvider(makeFileBackedProvider("v2"));
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-stack-"));
    dbPath = path.join(dir, "db.json");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const declare = (name: string, inputs: Omit<FixtureInputs, "dbPath">, providerText = v1): DeclaredResource => ({
    name,
    inputs: { dbPath, ...inputs, [PROVIDER_KEY]: providerText },
  });
  const journal = () => readFixtureDb(dbPath).journal;

  it("previews a create, creates on up, then previews no changes and writes nothing", async () => {
    const stack = new Stack({ config: { "harness:label": "dev" } });
    const program = [declare("a", { key: "a", value: "1" }), declare("b", { key: "b", value: "1" })];

    const first = await stack.preview(program);
    expect(first.steps).toEqual([
      { name: "a", op: "create", ok: true },
      { name: "b", op: "create", ok: true },
    ]);
    expect(fs.existsSync(dbPath)).toBe(false);

    const up = await stack.up(program);
    expect(up.ok).toBe(true);
    expect(up.counts).toEqual({ create: 2, update: 0, replace: 0, delete: 0, same: 0 });
    expect(up.log).toContain("fixture created a-1");
    expect(stack.state.resources.map((r) => [r.name, r.id, r.outputs.configuredLabel, r.outputs.tag])).toEqual([
      ["a", "a-1", "dev", "default"],
      ["b", "b-1", "dev", "default"],
    ]);

    const second = await stack.preview(program);
    expect(second.counts).toEqual({ create: 0, update: 0, replace: 0, delete: 0, same: 2 });
    expect(journal().sort()).toEqual(["create a-1 by v1", "create b-1 by v1"]);
  });

  it("updates in place when an input changes, and replaces create-before-delete when the key changes", async () => {
    const stack = new Stack({ config: {} });
    await stack.up([declare("a", { key: "a", value: "1" })]);

    const changed = [declare("a", { key: "a", value: "2" })];
    expect((await stack.preview(changed)).steps).toEqual([{ name: "a", op: "update", ok: true }]);
    expect((await stack.up(changed)).counts.update).toBe(1);
    expect(stack.state.resources[0].outputs.value).toBe("2");

    const rekeyed = [declare("a", { key: "z", value: "2" })];
    expect((await stack.preview(rekeyed)).steps).toEqual([{ name: "a", op: "replace", ok: true }]);
    const replaced = await stack.up(rekeyed);
    expect(replaced.steps).toEqual([
      { name: "a", op: "replace", ok: true },
      { name: "a", op: "delete", ok: true },
    ]);
    expect(journal()).toEqual(["create a-1 by v1", "update a-1 by v1", "create z-1 by v1", "delete a-1 by v1"]);
    expect(stack.state.resources.map((r) => r.id)).toEqual(["z-1"]);
  });

  it("deletes first when diff asks for deleteBeforeReplace", async () => {
    const stack = new Stack({ config: {} });
    await stack.up([declare("a", { key: "a", value: "1" })]);
    await stack.up([declare("a", { key: "b", value: "1", deleteBeforeReplace: true })]);
    expect(journal()).toEqual(["create a-1 by v1", "delete a-1 by v1", "create b-1 by v1"]);
    expect(stack.state.resources.map((r) => r.id)).toEqual(["b-1"]);
  });

  it("deletes a removed declaration with the provider text stored in state, on another machine", async () => {
    const first = new Stack({ config: {} });
    await first.up([declare("keep", { key: "keep", value: "1" }), declare("drop", { key: "drop", value: "1" })]);

    // A later build of the program, run from saved state by a different Stack instance.
    const later = new Stack({ config: {}, state: first.state });
    const result = await later.up([declare("keep", { key: "keep", value: "1" }, v2)]);
    expect(result.steps).toEqual([
      { name: "keep", op: "same", ok: true },
      { name: "drop", op: "delete", ok: true },
    ]);
    expect(journal().slice(2)).toEqual(["delete drop-1 by v1"]);
    // As the engine records a same step: new inputs (new provider text), outputs as they were.
    const kept = later.state.resources[0];
    expect([kept.inputs[PROVIDER_KEY], kept.outputs[PROVIDER_KEY]]).toEqual([v2, v1]);
    expect(first.state.resources).toHaveLength(2);

    // Delete sends the state OUTPUTS, so the provider text that last wrote them performs it.
    await later.destroy();
    expect(journal().slice(3)).toEqual(["delete keep-1 by v1"]);
  });

  it("keeps a replaced resource whose delete failed as pending, and deletes it first on the next up", async () => {
    const stack = new Stack({ config: {} });
    await stack.up([declare("a", { key: "a", value: "1" })]);
    writeFixtureDb(dbPath, { ...readFixtureDb(dbPath), failDeletes: true });

    const program = [declare("a", { key: "z", value: "1" })];
    const failed = await stack.up(program);
    expect(failed.steps).toEqual([
      { name: "a", op: "replace", ok: true },
      { name: "a", op: "delete", ok: false, error: "delete refused for a-1" },
    ]);
    expect(stack.state.resources.map((r) => [r.id, r.pendingDelete ?? false])).toEqual([
      ["z-1", false],
      ["a-1", true],
    ]);

    expect((await stack.preview(program)).steps).toEqual([
      { name: "a", op: "same", ok: true },
      { name: "a", op: "delete", ok: true },
    ]);
    writeFixtureDb(dbPath, { ...readFixtureDb(dbPath), failDeletes: false });
    const retried = await stack.up(program);
    expect(retried.steps).toEqual([
      { name: "a", op: "delete", ok: true },
      { name: "a", op: "same", ok: true },
    ]);
    expect(stack.state.resources.map((r) => r.id)).toEqual(["z-1"]);
  });

  it("refresh removes a resource whose record vanished and picks up changed outputs", async () => {
    const stack = new Stack({ config: {} });
    await stack.up([declare("a", { key: "a", value: "1" }), declare("b", { key: "b", value: "1" })]);
    const db = readFixtureDb(dbPath);
    delete db.records["a-1"];
    db.records["b-1"].value = "edited elsewhere";
    writeFixtureDb(dbPath, db);

    const refreshed = await stack.refresh();
    expect(refreshed.steps).toEqual([
      { name: "a", op: "delete", ok: true },
      { name: "b", op: "update", ok: true },
    ]);
    expect(stack.state.resources.map((r) => [r.name, r.outputs.value, r.outputs[PROVIDER_KEY] === v1])).toEqual([
      ["b", "edited elsewhere", true],
    ]);
  });

  it("reports an error thrown in create as a failed step, keeps the others, and skips deletions", async () => {
    const stack = new Stack({ config: {} });
    await stack.up([declare("old", { key: "old", value: "1" })]);

    const result = await stack.up([declare("good", { key: "good", value: "1" }), declare("bad", { key: "bad", value: "explode" })]);
    expect(result.ok).toBe(false);
    expect(result.steps).toEqual([
      { name: "good", op: "create", ok: true },
      { name: "bad", op: "create", ok: false, error: "create refused for key bad: value explode" },
    ]);
    expect(result.skipped).toEqual([{ name: "old", op: "delete" }]);
    expect(stack.state.resources.map((r) => r.name)).toEqual(["good", "old"]);
  });

  it("writes nothing on up when a check fails, as the CLI's preview-first up stops", async () => {
    const stack = new Stack({ config: {} });
    const result = await stack.up([declare("fine", { key: "fine", value: "1" }), declare("wrong", { key: "w", value: "invalid" })]);
    expect(result.steps).toEqual([
      {
        name: "wrong",
        op: "check",
        ok: false,
        error: "value: value must not be 'invalid'",
        failures: [{ property: "value", reason: "value must not be 'invalid'" }],
      },
    ]);
    expect(fs.existsSync(dbPath)).toBe(false);
    expect(stack.state.resources).toEqual([]);
  });

  it.each([
    { parallelism: undefined, peak: 3 },
    { parallelism: 2, peak: 2 },
    { parallelism: 1, peak: 1 },
  ])("runs operations with parallelism $parallelism (peak $peak creates in flight)", async ({ parallelism, peak }) => {
    const stack = new Stack({ config: {}, parallelism });
    const slow = { value: "1", createDelayMs: 150 };
    await stack.up([declare("a", { key: "a", ...slow }), declare("b", { key: "b", ...slow }), declare("c", { key: "c", ...slow })]);
    expect(Math.max(...stack.state.resources.map((r) => r.outputs.peakConcurrentCreates as number))).toBe(peak);
  });

  it.each([
    { parallelDiff: undefined, peakDiffs: 1 },
    { parallelDiff: true, peakDiffs: 3 },
  ])("checks one resource at a time and diffs $peakDiffs at once with parallelDiff $parallelDiff", async ({ parallelDiff, peakDiffs }) => {
    // Each diff outlasts all three checks, so diffs that may overlap do.
    const program = (value: string) => ["a", "b", "c"].map((key) => declare(key, { key, value, checkDelayMs: 50, diffDelayMs: 600 }));
    const stack = new Stack({ config: {}, parallelDiff });
    await stack.up(program("1"));
    writeFixtureDb(dbPath, { ...readFixtureDb(dbPath), peakInFlight: {} });

    const preview = await stack.preview(program("2"));

    expect(preview.counts.update).toBe(3);
    expect(readFixtureDb(dbPath).peakInFlight).toEqual({ check: 1, diff: peakDiffs });
  });

  it("destroy deletes everything with the provider that created it and empties the state", async () => {
    const stack = new Stack({ config: {} });
    await stack.up([declare("a", { key: "a", value: "1" }), declare("b", { key: "b", value: "1" }, v2)]);
    const result = await stack.destroy();
    expect(result.counts.delete).toBe(2);
    expect(journal().filter((line) => line.startsWith("delete")).sort()).toEqual(["delete a-1 by v1", "delete b-1 by v2"]);
    expect(readFixtureDb(dbPath).records).toEqual({});
    expect(stack.state.resources).toEqual([]);
  });
});
