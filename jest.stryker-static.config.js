/**
 * The jest run of `npm run mutate:static`: Stryker runs every test of this config for each static mutant
 * (a module-level table), so it holds only the fast suites that read the core's tables. Left out besides
 * what jest.stryker.config.js leaves out: the share fuzz (test/core/share.test.ts), the whitelist property
 * test, the error-table tool test (it spawns node) and the real-timer engine suites.
 */
const base = require('./jest.stryker.config.js')

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/core/**/*.test.ts'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/test/core/share.test.ts',
    '<rootDir>/test/core/whitelist-property.test.ts',
    '<rootDir>/test/core/error-tables.test.ts',
    '<rootDir>/test/core/engine.test.ts',
  ],
}
