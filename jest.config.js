// Jest runs the TypeScript tests directly; type checking is `npm run build` (run by `pretest`),
// so ts-jest only transpiles here, which keeps a 2-core machine fast.
// The real-CLI suite (test/pulumiCli) needs a Pulumi CLI: on PATH or built by `npm run pulumi-cli`. Without
// one it is left out and the run says so; in CI (CI=true) it always runs, so a missing CLI fails it.
const realCliSuite = "<rootDir>/test/pulumiCli/";
const cli = findPulumiCli();
const runRealCliSuite = Boolean(cli) || process.env.CI === "true";
process.stderr.write(
  runRealCliSuite
    ? `Real Pulumi CLI suite: ${cli ? `runs with ${cli.directory}/pulumi` : "runs (CI), but no Pulumi CLI was found: it will fail"}\n`
    : "Real Pulumi CLI suite NOT RUN: no pulumi on PATH and none built. `npm run -s pulumi-cli` builds one (needs Go).\n",
);

function findPulumiCli() {
  try {
    return require("./dist/pulumiCli/locatePulumiCli").locatePulumiCli();
  } catch {
    process.stderr.write("The build is missing (npm test builds first; run `npm run build` before `npx jest`).\n");
    return undefined;
  }
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", ...(runRealCliSuite ? [] : [realCliSuite])],
  setupFiles: ["<rootDir>/test/loopbackWithoutProxy.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: { isolatedModules: true } }] },
  testTimeout: 60000,
  maxWorkers: 2,
};
