/**
 * The jest run Stryker uses (`npm run mutate`): the suites that exercise miniprogram/core/ in-process and fast.
 * Left out, on purpose:
 * - test/e2e/** (real loopback servers and sockets, seconds per test; the engine rules they cover are also
 *   tested on a manual clock in test/core/),
 * - test/components/** (miniprogram-simulate renders the panel: slow start-up, and it tests the view),
 * - test/node/** (runs the compiled CLI in build/, so it never sees a mutant anyway).
 */
const base = require('./jest.config.js')

// Read by the fuzz tests (test/core/share.test.ts) to sample their loops and skip wall-clock limits.
process.env.ZIM_NETCHECK_MUTATION = '1'

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/core/**/*.test.ts', '<rootDir>/test/platform/**/*.test.ts'],
  // A mutant that leaves a promise pending fails its test after 5 s instead of waiting for Stryker's timeout
  // (which restarts the worker: the costliest outcome).
  testTimeout: 5000,
}
