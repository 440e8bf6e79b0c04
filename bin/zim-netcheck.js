#!/usr/bin/env node
'use strict'
// In the repository: the TypeScript compiled to build/ by `npm run build:cli` (run on `npm ci` by the prepare
// script). From the npm package, which ships no build/: dist-cli/, one bundled file with no dependencies.
const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..')
const compiled = path.join(root, 'build', 'node', 'cli.js')
const bundled = path.join(root, 'dist-cli', 'zim-netcheck.js')

/**
 * A checkout without `npm ci` (no build/, or no node_modules/ for what a command loads): one line saying what
 * to run, never a MODULE_NOT_FOUND stack trace. Exit 3, as for any error of the tool itself.
 */
function notInstalled(what) {
  const where = path.relative(process.cwd(), root) || '.'
  const cd = where === '.' ? '' : `cd ${where} && `
  process.stderr.write(`zim-netcheck: ${what}: run \`${cd}npm ci\` first (it installs and builds the CLI)\n`)
  process.exitCode = 3
}

const isMissingModule = (e) => Boolean(e && e.code === 'MODULE_NOT_FOUND')
const missingName = (e) =>
  (/Cannot find module '([^']+)'/.exec((e && e.message) || '') || [])[1] || 'a module'

let cli
if (fs.existsSync(compiled)) cli = compiled
else if (fs.existsSync(bundled)) cli = bundled

if (!cli) notInstalled('the CLI is not built (no build/ in this checkout)')
else {
  let loaded
  try {
    loaded = require(cli)
  } catch (e) {
    if (!isMissingModule(e)) throw e
    notInstalled(`a dependency is missing (${missingName(e)})`)
  }
  if (loaded)
    loaded.main(process.argv.slice(2), loaded.processIo()).then(
      (code) => {
        process.exitCode = code
      },
      (e) => {
        if (isMissingModule(e)) return notInstalled(`a dependency is missing (${missingName(e)})`)
        process.stderr.write(`zim-netcheck: internal error: ${(e && e.message) || e}\n`)
        process.exitCode = 3
      },
    )
}
