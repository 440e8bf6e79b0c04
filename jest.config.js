/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // 'ts' before 'json': miniprogram-simulate loads components by path without an extension.
  moduleFileExtensions: ['ts', 'js', 'json', 'wxml', 'wxss'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.node.json', diagnostics: false }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/miniprogram/miniprogram_npm/'],
  testTimeout: 30000,
}
