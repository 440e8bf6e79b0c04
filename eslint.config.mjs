// ESLint: typescript-eslint's recommended rules (without type information, so it stays fast) and the
// architecture's boundaries as import restrictions: who may import whom (docs/architecture.md, "Layers").
import tseslint from 'typescript-eslint'

/** An import pattern that no file of a layer may use, with the reason it gets. */
const forbid = (layer, ...names) =>
  names.map((name) => ({
    group: [`**/${name}`, `**/${name}/**`],
    message: `${layer} does not import ${name}/ (docs/architecture.md, "Layers").`,
  }))

const NODE_BUILTINS = {
  group: ['node:*', 'fs', 'path', 'os', 'net', 'tls', 'http', 'https', 'crypto', 'child_process'],
  message: 'core runs on phones: no Node APIs (docs/architecture.md, "Layers").',
}

/** The layers of the mini-program and what each may NOT import (everything else below it is allowed). */
const BOUNDARIES = [
  {
    files: ['miniprogram/core/**/*.ts'],
    patterns: [
      ...forbid('core', 'store', 'platform', 'components', 'pages', 'package', 'node', 'web', 'test'),
      { group: ['mobx-miniprogram*'], message: 'core holds no state library: the store does.' },
      NODE_BUILTINS,
    ],
  },
  {
    files: ['miniprogram/store/**/*.ts'],
    patterns: forbid('store', 'platform', 'components', 'pages', 'package', 'node', 'web'),
  },
  {
    files: ['miniprogram/platform/**/*.ts'],
    patterns: [
      ...forbid('platform', 'store', 'components', 'pages', 'package', 'node', 'web'),
      { group: ['mobx-miniprogram*'], message: 'platform adapters hold no state: the store does.' },
    ],
  },
  {
    files: ['miniprogram/package/**/*.ts'],
    patterns: forbid('package', 'store', 'components', 'pages', 'node', 'web'),
  },
  { files: ['miniprogram/components/**/*.ts'], patterns: forbid('components', 'pages', 'node', 'web') },
  { files: ['miniprogram/pages/**/*.ts'], patterns: forbid('pages', 'node', 'web') },
  {
    files: ['node/**/*.ts'],
    patterns: forbid('node', 'store', 'platform', 'components', 'pages', 'package'),
  },
  {
    files: ['web/**/*.ts'],
    patterns: forbid('web', 'store', 'platform', 'components', 'pages', 'package', 'node'),
  },
]

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'build/',
      'dist-cli/',
      'miniprogram_dist/',
      'miniprogram/miniprogram_npm/',
      'coverage/',
      'test/host-app/app/',
      'test/host-app/uni/',
      'test/host-app/taro/',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      // Unused names are tsc's job (noUnusedLocals/Parameters); `_` marks a deliberately unused one.
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
  {
    // The CLI loads each command's module only when it runs (start-up time): require() on purpose.
    files: ['node/cli.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The official TypeScript template's way to bring in the WeChat typings.
    files: ['typings/**/*.d.ts'],
    rules: { '@typescript-eslint/triple-slash-reference': 'off' },
  },
  {
    // Tests build malformed reports and fakes on purpose.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
  ...BOUNDARIES.map(({ files, patterns }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
)
