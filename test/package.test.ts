// Protects what `npm pack` ships: the library, the provider bundle (and the module shells serialized by
// earlier builds load), the emulator, the engine replay and the command-line entry points (`subflow-wiring`
// among them) with the root program they run; no tests, no benchmark; every relative require ships too.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPOSITORY_ROOT } from "../engineReplay/repositoryRoot";
import { IMPLEMENTATION_BUNDLE_MODULE, PACKAGE_NAME } from "../provider/identifiers";

/** The packed file list; scripts are skipped because `pretest` has just built dist/ (prepack would again). */
function packedFiles(): string[] {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const output = execFileSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPOSITORY_ROOT, encoding: "utf8" });
  const [packed] = JSON.parse(output) as Array<{ name: string; files: Array<{ path: string }> }>;
  expect(packed.name).toBe(PACKAGE_NAME);
  return packed.files.map((file) => file.path).sort();
}

describe("the packed package", () => {
  let files: string[];

  beforeAll(() => {
    files = packedFiles();
  }, 60_000);

  it("ships the library, the bundle, the emulator, the replay and the entry points, and nothing else", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "Pulumi.yaml",
        "Pulumi.dev.yaml",
        "Pulumi.prod.yaml",
        "dist/provider/index.js",
        "dist/provider/index.d.ts",
        `dist/${IMPLEMENTATION_BUNDLE_MODULE}.js`,
        "dist/provider/providerImplementation.js",
        "dist/emulator/index.js",
        "dist/emulator/main.js",
        "dist/engineReplay/stack.js",
        "dist/program/index.js",
        "dist/program/demo.js",
        "dist/wiringCli/main.js",
      ]),
    );
    const shipped = /^(package\.json|README\.md|Pulumi(\.[a-z]+)?\.yaml|dist\/(wire|provider|emulator|engineReplay|pulumiCli|program|wiringCli)\/.+)$/;
    expect(files.filter((file) => !shipped.test(file))).toEqual([]);
    expect(files.filter((file) => /(^|\/)test\/|\.test\.|^dist\/bench\//.test(file))).toEqual([]);
  });

  it("resolves every relative require of a shipped file to a shipped file", () => {
    const shippedFiles = new Set(files);
    const unshipped: string[] = [];
    for (const file of files.filter((candidate) => candidate.endsWith(".js"))) {
      const source = fs.readFileSync(path.join(REPOSITORY_ROOT, file), "utf8");
      for (const [, specifier] of source.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
        const target = path.posix.join(path.posix.dirname(file), specifier);
        if (![`${target}.js`, `${target}/index.js`, target].some((candidate) => shippedFiles.has(candidate))) unshipped.push(`${file} -> ${specifier}`);
      }
    }
    expect(unshipped).toEqual([]);
  });
});
