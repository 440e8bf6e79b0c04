#!/usr/bin/env node
'use strict'
// The CLI is TypeScript compiled to build/ by `npm run build:cli` (run on `npm ci` by the prepare script).
const { main, processIo } = require('../build/node/cli.js')

main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code
  },
  (e) => {
    process.stderr.write(`zim-netcheck: internal error: ${(e && e.message) || e}\n`)
    process.exitCode = 3
  },
)
