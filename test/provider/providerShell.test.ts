// Protects what Pulumi stores in state for every attachment: the serialized provider must be a small
// loader with no implementation code, identical across builds, and must find the implementation both as
// an installed package (a user's program) and as this repository's own build (the root program).

import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { REPOSITORY_ROOT } from "../../engineReplay/repositoryRoot";

async function serializeShellFrom(buildDir: string): Promise<string> {
  const { subflowAttachmentProvider } = require(path.join(buildDir, "provider/providerShell.js"));
  const serialized = await pulumi.runtime.serializeFunction(() => subflowAttachmentProvider, { allowSecrets: true });
  return serialized.text;
}

function compileInto(outDir: string): void {
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json", "--outDir", outDir, "--rootDir", "."], {
    cwd: REPOSITORY_ROOT,
    stdio: "pipe",
  });
}

/**
 * Runs the serialized text the way the provider host does (require-from-string, then handler()) and
 * checks a declaration; with `secondCheckIn`, checks again after moving the process to that directory.
 */
function runSerializedCheck(text: string, cwd: string, secondCheckIn?: string): string {
  const script = `
    const requireFromString = require(${JSON.stringify(require.resolve("require-from-string", { paths: [require.resolve("@pulumi/pulumi")] }))});
    const provider = requireFromString(process.env.SHELL_TEXT).handler();
    const check = () => provider.check({}, { parentFlowName: "Sales Inbound", sharedFlowName: "Global Auth Subflow", triggerId: "callAuth" });
    const again = process.env.SECOND_CHECK_IN;
    check()
      .then((r) => (again ? (process.chdir(again), check()) : r))
      .then((r) => console.log(JSON.stringify(r)), (e) => { console.log("ERROR " + e.message); });
  `;
  const env = { ...process.env, SHELL_TEXT: text, ...(secondCheckIn ? { SECOND_CHECK_IN: secondCheckIn } : {}) };
  return execFileSync(process.execPath, ["-e", script], { cwd, env, encoding: "utf8" });
}

describe("the serialized provider shell", () => {
  let buildA: string;
  let buildB: string;
  let tempRoot: string;

  beforeAll(() => {
    // Inside the repository, so the builds resolve their dependencies from its node_modules.
    fs.mkdirSync(path.join(REPOSITORY_ROOT, ".tmp-test"), { recursive: true });
    tempRoot = fs.mkdtempSync(path.join(REPOSITORY_ROOT, ".tmp-test", "shell-"));
    buildA = path.join(tempRoot, "build-a");
    buildB = path.join(tempRoot, "build-b");
    compileInto(buildA);
    compileInto(buildB);
  }, 240_000);
  afterAll(() => fs.rmSync(tempRoot, { recursive: true, force: true }));

  it("holds the loader and no implementation code", async () => {
    const text = await serializeShellFrom(buildA);
    expect(text).toContain("loadProviderImplementation");
    for (const implementationMarker of ["spliceIn", "findDrift", "ApiClientClass", "zod", "editFlow", "resolveParent"]) {
      expect(text).not.toContain(implementationMarker);
    }
    expect(text.length).toBeLessThan(8_000);
  });

  it("is the same text from two separate builds", async () => {
    expect(await serializeShellFrom(buildB)).toBe(await serializeShellFrom(buildA));
  });

  it("loads this repository's own build when the host runs in the repository root", async () => {
    const output = runSerializedCheck(await serializeShellFrom(buildA), REPOSITORY_ROOT);
    const result = JSON.parse(output);
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({ triggerId: "callAuth", after: "start" });
  });

  it("loads this repository's own build when the host runs in the root program's directory, dist/program", async () => {
    // The real CLI starts the provider host in the program's directory: Pulumi.yaml's `main` is dist/program/index.js.
    const output = runSerializedCheck(await serializeShellFrom(buildA), path.join(REPOSITORY_ROOT, "dist", "program"));
    expect(JSON.parse(output).inputs).toMatchObject({ triggerId: "callAuth", after: "start" });
  });

  it("loads the installed package when the host runs in a user's project", async () => {
    const project = path.join(tempRoot, "user-project");
    const installed = path.join(project, "node_modules", "genesys-subflow-attachment");
    fs.mkdirSync(installed, { recursive: true });
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "user-project" }));
    fs.copyFileSync(path.join(REPOSITORY_ROOT, "package.json"), path.join(installed, "package.json"));
    // The installed package's dist/ is what `npm run build` makes, the bundled implementation included.
    fs.symlinkSync(path.join(REPOSITORY_ROOT, "dist"), path.join(installed, "dist"));
    const result = JSON.parse(runSerializedCheck(await serializeShellFrom(buildA), project));
    expect(result.inputs).toMatchObject({ triggerId: "callAuth", after: "start" });
  });

  it("finds the implementation once per process: later operations do not search the disk again", async () => {
    // From a directory where the search would fail, the second check still runs: it reused the first's find.
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), "bare-project-"));
    const output = runSerializedCheck(await serializeShellFrom(buildA), REPOSITORY_ROOT, bare);
    expect(output).not.toContain("ERROR");
    expect(JSON.parse(output).inputs).toMatchObject({ triggerId: "callAuth", after: "start" });
  });

  it("says how to fix a project where the package is not installed", async () => {
    // Outside this checkout: inside it, the shell would rightly find the checkout's own build.
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), "bare-project-"));
    const output = runSerializedCheck(await serializeShellFrom(buildA), bare);
    expect(output).toContain("is not installed in the Pulumi project");
    expect(output).toContain("npm install genesys-subflow-attachment");
  });
});
