// Jest runs the TypeScript tests directly; type checking is `npm run build` (run by `pretest`),
// so ts-jest only transpiles here, which keeps a 2-core machine fast.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  setupFiles: ["<rootDir>/test/loopbackWithoutProxy.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: { isolatedModules: true } }] },
  testTimeout: 60000,
  maxWorkers: 2,
};
