/**
 * `npm run test:hosts`: the uni-app and Taro fixture hosts (test/host-app/uni, test/host-app/taro), each
 * installed with `npm ci` from its own pinned lock file, built by its own CLI, compiled by WeChat's
 * miniprogram-ci and rendered under miniprogram-simulate. Kept out of `npm test` for the install time; `.ci/run`
 * runs it after `npm test`.
 */
const base = require('../../jest.config.js')

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/host-app/*.hosts.ts'],
  testTimeout: 600000,
  modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/miniprogram/miniprogram_npm/'],
  // WeChat resolves a bare require ("@babel/runtime/helpers/…", injected by its compiler) from the package root.
  modulePaths: ['<rootDir>/test/host-app/taro/compiled'],
}
