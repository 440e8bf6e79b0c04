#!/usr/bin/env node
'use strict'
// From the npm package: dist-cli/ (one bundled file, no dependencies to install). In the repository: the
// TypeScript compiled to build/ by `npm run build:cli` (run on `npm ci` by the prepare script).
const fs = require('node:fs')
const path = require('node:path')

const bundled = path.join(__dirname, '..', 'dist-cli', 'zim-netcheck.js')
const { main, processIo } = require(fs.existsSync(bundled) ? bundled : '../build/node/cli.js')

main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code
  },
  (e) => {
    process.stderr.write(`zim-netcheck: internal error: ${(e && e.message) || e}\n`)
    process.exitCode = 3
  },
)
