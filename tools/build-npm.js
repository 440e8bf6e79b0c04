#!/usr/bin/env node
'use strict'
/**
 * `npm run build`: builds miniprogram/miniprogram_npm/ from the runtime dependencies, offline, as WeChat
 * DevTools' 构建 npm does (packNpmManually + packNpmRelationList in project.config.json):
 * - a package with a `miniprogram` field ships that folder as it is;
 * - any other package is bundled from its `main` into one index.js, other packages left as requires.
 * The npm package (`npm run build:dist`, miniprogram_dist/) is built differently: see tools/build-dist.js.
 */
const { build } = require('esbuild')
const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..')
const out = path.join(root, 'miniprogram', 'miniprogram_npm')
// The packages the repository's own mini-program (miniprogram/) imports. Not package.json `dependencies`:
// those are the CLI's (ws would not run on a phone); the npm package bundles these into miniprogram_dist.
const deps = ['mobx-miniprogram']

async function main() {
  fs.rmSync(out, { recursive: true, force: true })
  const sizes = []
  for (const name of deps) {
    const dir = path.join(root, 'node_modules', name)
    const meta = require(path.join(dir, 'package.json'))
    const dest = path.join(out, name)
    if (meta.miniprogram) {
      fs.cpSync(path.join(dir, meta.miniprogram), dest, {
        recursive: true,
        filter: (src) => !src.endsWith('.map'),
      })
    } else {
      await build({
        entryPoints: [path.join(dir, meta.main || 'index.js')],
        outfile: path.join(dest, 'index.js'),
        bundle: true,
        format: 'cjs',
        platform: 'neutral',
        target: 'es2018',
        minify: true,
        legalComments: 'none',
        external: deps.filter((d) => d !== name),
        logLevel: 'error',
      })
    }
    sizes.push([name, dirSize(dest)])
  }
  for (const [name, bytes] of sizes) console.log(`miniprogram_npm/${name}: ${(bytes / 1024).toFixed(1)} KB`)
}

function dirSize(p) {
  const st = fs.statSync(p)
  if (!st.isDirectory()) return st.size
  return fs.readdirSync(p).reduce((a, f) => a + dirSize(path.join(p, f)), 0)
}

// `npm run build -- --platform <name>`: a platform's project in dist/<name>/ (tools/build-platform.js).
if (process.argv.slice(2).some((a) => a.startsWith('--platform'))) {
  require('./build-platform').main(process.argv.slice(2))
} else {
  main().catch((e) => {
    console.error(`build: ${e.message}`)
    process.exitCode = 1
  })
}
