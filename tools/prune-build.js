#!/usr/bin/env node
'use strict'
/**
 * `build/` is tsc's incremental output (tsconfig.cli.json). A source moved or removed leaves its .js behind,
 * and Node may load that stale file instead of the new one (core/report.js before core/report/index.js).
 * Run before tsc: removes every .js in build/ whose .ts source is gone.
 */
const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..')
const out = path.join(root, 'build')

function prune(dir) {
  if (!fs.existsSync(dir)) return
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name)
    if (d.isDirectory()) {
      prune(p)
      if (fs.readdirSync(p).length === 0) fs.rmdirSync(p)
    } else if (d.name.endsWith('.js')) {
      const source = path.join(root, path.relative(out, p)).replace(/\.js$/, '.ts')
      if (!fs.existsSync(source)) fs.rmSync(p)
    }
  }
}

prune(out)
