#!/usr/bin/env node
'use strict'
// In the repository: the TypeScript compiled to build/ by `npm run build:cli` (run on `npm ci` by the prepare
// script). From the npm package, which ships no build/: dist-cli/, one bundled file with no dependencies.
const fs = require('node:fs')
const path = require('node:path')

const compiled = path.join(__dirname, '..', 'build', 'node', 'cli.js')
const { main, processIo } = require(
  fs.existsSync(compiled) ? compiled : path.join(__dirname, '..', 'dist-cli', 'zim-netcheck.js'),
)

main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code
  },
  (e) => {
    process.stderr.write(`zim-netcheck: internal error: ${(e && e.message) || e}\n`)
    process.exitCode = 3
  },
)
