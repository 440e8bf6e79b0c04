#!/usr/bin/env node
'use strict'
/**
 * The CLI as one file, `zim-netcheck.js`, with `ws`, `semver` and parse5 inside:
 * - `node tools/build-cli.js build/cli` (`npm run build:cli`, run by `npm ci` and `pretest`): what bin/ runs in
 *   the repository.
 * - `node tools/build-cli.js` (`prepack`): dist-cli/, what the npm package ships, with viewer.html beside it, so
 *   the package has no `dependencies` at all. Why: WeChat's 构建 npm packs every dependency of a mini-program
 *   package into the host's miniprogram_npm (measured with miniprogram-ci: ws 130 KB and semver 94 KB that no
 *   page uses). `postpack` removes dist-cli/.
 * One file is also the fast start: Node resolves, reads and compiles one script instead of ~70 modules, and
 * bin/ keeps V8's code cache of it (see bin/zim-netcheck.js). Each command's modules still run only when it
 * runs: esbuild keeps `require('./commands/probe')` lazy.
 * Beside it, `zim-netcheck-probe.js`: the same CLI with the probe command only (a third of the file, without
 * parse5, the viewer, the collector, the share encoders), which bin/ runs for `probe`. Reading and deserializing
 * the whole file's code cache was ~1.5 ms of every probe's start before its first connection. Any other command
 * given to it runs in the full bundle (see inFullBundle); bin/ never gives it one.
 */
const { build } = require('esbuild')
const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..')
const outDir = path.resolve(root, process.argv[2] || 'dist-cli')
const forPackage = path.resolve(root, 'dist-cli') === outDir

/**
 * For the probe bundle: cli.ts's `require('./commands/<name>')` of every other command becomes a module that hands
 * the command line to the full bundle's main(), in the same folder: as if bin/ had loaded that one.
 */
const inFullBundle = {
  name: 'in-full-bundle',
  setup(b) {
    const cli = path.join(root, 'node', 'cli.ts')
    b.onResolve({ filter: /^\.\/commands\/[\w-]+$/ }, (args) =>
      args.importer === cli && args.path !== './commands/probe'
        ? { path: args.path.slice('./commands/'.length), namespace: 'in-full-bundle' }
        : undefined,
    )
    b.onResolve({ filter: /^\.\/zim-netcheck\.js$/, namespace: 'in-full-bundle' }, (args) => ({
      path: args.path,
      external: true,
    }))
    b.onLoad({ filter: /.*/, namespace: 'in-full-bundle' }, (args) => {
      const name = args.path
      const fn = `cmd${name.replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase())}`
      return {
        contents: `exports.${fn} = (argv, io) => require('./zim-netcheck.js').main([${JSON.stringify(name)}, ...argv], io)\n`,
        loader: 'js',
      }
    })
  },
}

const common = {
  outdir: outDir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Whitespace and comments out, names kept (messages and stack frames still read): less to read and hash at
  // each start. ASCII only (with the regular expressions escaped below), so it is a one-byte string.
  minifySyntax: true,
  minifyWhitespace: true,
  charset: 'ascii',
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
}

Promise.all([
  build({
    ...common,
    // And beside it, the collector's database thread (node/collect/duck-worker.ts starts it by this name).
    entryPoints: {
      'zim-netcheck': path.join(root, 'node', 'cli.ts'),
      'collect-worker': path.join(root, 'node', 'collect', 'duck-thread.ts'),
    },
  }),
  build({
    ...common,
    entryPoints: { 'zim-netcheck-probe': path.join(root, 'node', 'cli.ts') },
    plugins: [inFullBundle],
  }),
])
  .then(() => {
    // charset 'ascii' escapes strings, not regular expression literals (`/[:：]/`): those are escaped here, one
    // UTF-16 unit at a time (`\uFF1A` matches what the character did, in a class too, with or without the u flag).
    // An ASCII file is a one-byte string for V8, read by bin/ as latin1 with no decoding; one non-ASCII character
    // would make the whole 0.6 MB a two-byte string.
    for (const name of ['zim-netcheck.js', 'zim-netcheck-probe.js']) {
      const out = path.join(outDir, name)
      const text = fs.readFileSync(out, 'utf8')
      // `\：` (an identity escape) would become `\\uff1a`, a backslash and five letters.
      if (/\\[^\x00-\x7f]/.test(text)) throw new Error(`a backslash before a non-ASCII character in ${name}`)
      const ascii = text.replace(
        /[^\x00-\x7f]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      )
      if (ascii !== text) fs.writeFileSync(out, ascii)
    }
    // Code caches of the previous bundle (bin/ names them by size and time too; this keeps the folder small).
    fs.rmSync(path.join(outDir, '.cache'), { recursive: true, force: true })
    // `view` writes the offline viewer page: in the package it travels beside the bundle (prepack builds it
    // first); in the repository `view` finds build/viewer/viewer.html.
    if (forPackage)
      fs.copyFileSync(path.join(root, 'build', 'viewer', 'viewer.html'), path.join(outDir, 'viewer.html'))
  })
  .catch((e) => {
    console.error(`build-cli: ${String((e && e.message) || e).split('\n')[0]}`)
    process.exitCode = 1
  })
