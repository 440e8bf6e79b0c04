#!/usr/bin/env node
'use strict'
/**
 * The CLI as the npm package ships it: one file, dist-cli/zim-netcheck.js, with `ws` and `semver` inside, so
 * the package has no `dependencies` at all. Why: WeChat's 构建 npm packs every dependency of a mini-program
 * package into the host's miniprogram_npm (measured with miniprogram-ci: ws 130 KB and semver 94 KB
 * that no page uses). Run by `prepack`; `postpack` removes it, so in the repository bin/ keeps using the
 * tsc output in build/.
 */
const { build } = require('esbuild')
const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..')

build({
  entryPoints: [path.join(root, 'node', 'cli.ts')],
  outfile: path.join(root, 'dist-cli', 'zim-netcheck.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minifySyntax: true,
  // ws's optional native speed-ups, loaded in a try/catch when present; the collector's server packages
  // (`collect` loads them at run time: node/collect/deps.ts; DuckDB is native and cannot be bundled).
  external: [
    'bufferutil',
    'utf-8-validate',
    'fastify',
    '@fastify/rate-limit',
    '@duckdb/node-api',
    '@clickhouse/client',
  ],
  legalComments: 'none',
  logLevel: 'error',
})
  // `view` writes the offline viewer page: it travels beside the bundled CLI (prepack builds it first).
  .then(() =>
    fs.copyFileSync(
      path.join(root, 'build', 'viewer', 'viewer.html'),
      path.join(root, 'dist-cli', 'viewer.html'),
    ),
  )
  .catch((e) => {
    console.error(`build-cli: ${String((e && e.message) || e).split('\n')[0]}`)
    process.exitCode = 1
  })
