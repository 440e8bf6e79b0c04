/**
 * `npm run test:browser`: the report viewer in a real headless Chromium (found or installed by tools/browser.js, driven by
 * puppeteer-core). `npm test` runs it after the unit tests; tools/browser.js finds or installs the browser first.
 */
const base = require('../../jest.config.js')

module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/browser/*.browser.ts'],
  testTimeout: 20000,
  maxWorkers: 2,
}
