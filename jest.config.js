/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // 'ts' before 'json': miniprogram-simulate loads components by path without an extension.
  moduleFileExtensions: ['ts', 'js', 'json', 'wxml', 'wxss'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.node.json', diagnostics: false }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // The uni-app and Taro fixture hosts hold their own node_modules and builds (npm run test:hosts).
  modulePathIgnorePatterns: [
    '<rootDir>/build/',
    '<rootDir>/miniprogram/miniprogram_npm/',
    '<rootDir>/test/host-app/uni/',
    '<rootDir>/test/host-app/taro/',
  ],
  testTimeout: 30000,
}
