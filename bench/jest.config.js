/** `npm run bench`: jest runs the bench files for their TypeScript and jsdom; figures go to stdout. */
const base = require('../jest.config.js')

module.exports = {
  ...base,
  rootDir: '..',
  testMatch: ['<rootDir>/bench/**/*.bench.ts'],
  testTimeout: 180000,
}
