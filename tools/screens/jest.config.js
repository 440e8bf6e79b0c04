/** `npm run screens`: renders the panel's real WXML/WXSS under miniprogram-simulate, then Chromium shoots it. */
const base = require('../../jest.config.js')

// The pictures show a phone in China: local times read `UTC+8` (set here, before the tests load, for --runInBand).
process.env.TZ = 'Asia/Shanghai'

module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/tools/screens/*.screens.ts'],
  testTimeout: 120000,
}
