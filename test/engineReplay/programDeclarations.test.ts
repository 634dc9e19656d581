// Protects how tests and the demo run a Pulumi program without the CLI: stack config reaches the program
// as the CLI passes it, every run executes the program afresh (several stacks in one process), and what
// the mocks record is what the engine would receive, the serialized provider included.
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { declareProgram } from "../../engineReplay/programDeclarations";
import { REPOSITORY_ROOT } from "../../engineReplay/repositoryRoot";
import { serializeDynamicProvider } from "../../engineReplay/serializeDynamicProvider";
import { PROVIDER_KEY } from "../../provider/identifiers";

const stackFile = (stack: string) =>
  yaml.load(fs.readFileSync(path.join(REPOSITORY_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };

describe("declareProgram", () => {
  let scratch: string;

  beforeAll(() => {
    fs.mkdirSync(path.join(REPOSITORY_ROOT, ".tmp-test"), { recursive: true });
    scratch = fs.mkdtempSync(path.join(REPOSITORY_ROOT, ".tmp-test", "declare-program-"));
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  /** A throwaway Pulumi project inside the repository (so it resolves @pulumi/pulumi) with the given files. */
  function project(name: string, files: Record<string, string>): string {
    const dir = path.join(scratch, name);
    fs.mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
    return dir;
  }

  it("passes the stack file's config as the CLI does: qualified keys, objects JSON-encoded, overrides on top", async () => {
    const declared = await declareProgram({ stack: "dev", configOverrides: { "genesys:apiUrl": "http://127.0.0.1:1" } });
    const { config: fileConfig } = stackFile("dev");

    expect(declared.project).toBe("subflow-wiring");
    expect(JSON.parse(declared.config["subflow-wiring:wiring"])).toEqual(fileConfig["subflow-wiring:wiring"]);
    expect(declared.providerConfig).toEqual({ "genesys:apiUrl": "http://127.0.0.1:1", "genesys:clientId": fileConfig["genesys:clientId"] });
  });

  it("records the serialized provider the engine would receive, the same text serializing the built shell gives", async () => {
    const { resources } = await declareProgram({ stack: "dev" });
    const { subflowAttachmentProvider } = require(path.join(REPOSITORY_ROOT, "dist/provider/providerShell.js"));

    expect(resources.length).toBeGreaterThan(0);
    const expected = await serializeDynamicProvider(subflowAttachmentProvider);
    for (const resource of resources) expect(resource.inputs[PROVIDER_KEY]).toBe(expected);
  });

  it("runs the program afresh for each stack, one at a time even when called concurrently", async () => {
    const dir = project("echo", {
      "Pulumi.yaml": "name: echo\nruntime: nodejs\nmain: program.js\n",
      "Pulumi.a.yaml": "config:\n  label: first\n  echo:limits: { retries: 3, verbose: true }\n",
      "Pulumi.b.yaml": "config:\n  echo:label: second\n  count: 7\n",
      // Module-level code registers one resource per run and exports the config it saw.
      "program.js": [
        'const pulumi = require("@pulumi/pulumi");',
        "const config = new pulumi.Config();",
        'const label = config.require("label");',
        'new pulumi.CustomResource("echo:index:Thing", label, { label });',
        'exports.label = label;',
        'exports.limits = config.getObject("limits");',
        'exports.count = config.getNumber("count");',
      ].join("\n"),
    });

    const [a, b, again] = await Promise.all([
      declareProgram({ stack: "a", projectDir: dir }),
      declareProgram({ stack: "b", projectDir: dir }),
      declareProgram({ stack: "a", projectDir: dir, configOverrides: { label: "overridden" } }),
    ]);

    expect(a.resources).toEqual([{ name: "first", type: "echo:index:Thing", inputs: { label: "first" } }]);
    expect(a.outputs).toEqual({ label: "first", limits: { retries: 3, verbose: true }, count: undefined });
    expect(b.resources.map((r) => r.name)).toEqual(["second"]);
    expect(b.outputs).toMatchObject({ label: "second", count: 7 });
    expect(again.resources.map((r) => r.name)).toEqual(["overridden"]);
  });

  it("gives the program the outputs the caller supplies, so its exports can show what a real run wrote", async () => {
    const dir = project("outputs", {
      "Pulumi.yaml": "name: outputs\nruntime: nodejs\nmain: program.js\n",
      "Pulumi.s.yaml": "config: {}\n",
      "program.js": [
        'const pulumi = require("@pulumi/pulumi");',
        'class Thing extends pulumi.CustomResource { constructor(n) { super("outputs:index:Thing", n, { version: undefined }); } }',
        'const thing = new Thing("t");',
        "exports.summary = pulumi.interpolate`${thing.id} at version ${thing.version}`;",
      ].join("\n"),
    });

    const { outputs } = await declareProgram({
      stack: "s",
      projectDir: dir,
      registeredState: (resource) => ({ id: `real-${resource.name}`, outputs: { version: 4 } }),
    });

    expect(outputs).toEqual({ summary: "real-t at version 4" });
  });

  it("refuses encrypted config it cannot decrypt, unless it is overridden", async () => {
    const dir = project("secure", {
      "Pulumi.yaml": "name: secure\nruntime: nodejs\nmain: program.js\n",
      "Pulumi.s.yaml": "config:\n  genesys:clientSecret:\n    secure: v1:abc\n",
      "program.js": "exports.ok = true;",
    });

    await expect(declareProgram({ stack: "s", projectDir: dir })).rejects.toThrow(/'genesys:clientSecret' is encrypted.*GENESYS_CLIENT_SECRET/);
    const declared = await declareProgram({ stack: "s", projectDir: dir, configOverrides: { "genesys:clientSecret": "plain" } });
    expect(declared.providerConfig).toEqual({ "genesys:clientSecret": "plain" });
  });

  it("says which stack file or build is missing", async () => {
    await expect(declareProgram({ stack: "nosuchstack" })).rejects.toThrow(/stack 'nosuchstack' has no Pulumi.nosuchstack.yaml/);
    const dir = project("unbuilt", { "Pulumi.yaml": "name: unbuilt\nruntime: nodejs\nmain: dist/index.js\n", "Pulumi.s.yaml": "config: {}\n" });
    await expect(declareProgram({ stack: "s", projectDir: dir })).rejects.toThrow(/is missing: run 'npm run build'/);
  });
});
