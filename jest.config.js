/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Type-checking is done once by `tsc --noEmit` in `npm test`; jest only transpiles, file by file,
  // with swc: TypeScript syntax stripped, CommonJS out, the ES2022 target and class-field semantics
  // of tsconfig.json (so `__dirname`, JSON imports and esModuleInterop behave as in the tsc build).
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      {
        jsc: { parser: { syntax: "typescript" }, target: "es2022", transform: { useDefineForClassFields: true } },
        module: { type: "commonjs" },
      },
    ],
  },
  // Every core runs test files. jest's default leaves one core to its parent process, which on
  // the project's 2-core machines means one file at a time, although the parent only waits.
  maxWorkers: "100%",
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
