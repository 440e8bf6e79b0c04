/** `npm run screens`: renders the panel's real WXML/WXSS under miniprogram-simulate, then Chromium shoots it. */
const base = require('../../jest.config.js')

module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/tools/screens/*.screens.ts'],
  testTimeout: 120000,
}
