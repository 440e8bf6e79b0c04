/**
 * `npm run test:browser`: the report viewer in a real headless Chromium (Debian's `chromium`, driven by
 * puppeteer-core). `npm test` runs it after the unit tests; `.ci/run` installs chromium when it is missing.
 */
const base = require('../../jest.config.js')

module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/browser/*.browser.ts'],
  testTimeout: 20000,
  maxWorkers: 2,
}
