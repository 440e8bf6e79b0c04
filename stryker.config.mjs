// Mutation testing of the core: `npm run mutate` (see README, "Mutation testing", and docs/mutation.md).
// One file or group while iterating: `npx stryker run --mutate miniprogram/core/plan.ts`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { configFile: 'jest.stryker.config.js', enableFindRelatedTests: false },
  checkers: ['typescript'],
  // The core's own project (no wx, no Node types): a mutant that does not type-check is not run.
  tsconfigFile: 'tsconfig.core.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // error-tables.ts is generated data, not code: `tools/error-tables.js generate --check` (a test) compares it
  // byte for byte with what the vendored extracts give, and test/core/error-tables.test.ts classifies every
  // code of every extract through it, which catches a change of one character; Stryker could only blank a
  // whole table (and instrumenting it makes that byte-for-byte test fail before any mutant runs).
  mutate: ['miniprogram/core/**/*.ts', '!miniprogram/core/error-tables.ts'],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level tables: the classifier's RULES and HINTS, the catalog rows, labels, share's
  // dictionary) are covered while modules load, outside any test, so Stryker must run every test for each:
  // 1,516 of them at ~20 s each would take hours on 2 cores. They are measured by `npm run mutate:static`
  // (one module at a time, with only the tests that read that table); see docs/mutation.md.
  ignoreStatic: true,
  // ts-jest only transpiles (isolatedModules); no `// @ts-nocheck` needed, and it would make
  // `tools/error-tables.js generate --check` see a changed generated file.
  disableTypeChecks: false,
  // 2 cores, shared: one jest worker each.
  concurrency: 2,
  timeoutMS: 5000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false },
  thresholds: { high: 90, low: 85, break: null },
  ignorePatterns: [
    'build',
    'bench',
    'docs',
    'tools/screens',
    'coverage',
    'reports',
    '.screens-tmp',
    'screens',
  ],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
}
