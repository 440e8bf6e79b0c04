#!/usr/bin/env node
'use strict'
// The CLI is one bundled file (tools/build-cli.js): build/cli/ in the repository (`npm ci` builds it), dist-cli/
// in the npm package. This file finds it, runs it with V8's code cache, and says in one line what to run when
// it is missing. `probe` runs the probe-only bundle beside it, when there is one.
const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..')
const BUNDLES = [
  path.join(root, 'build', 'cli', 'zim-netcheck.js'),
  path.join(root, 'dist-cli', 'zim-netcheck.js'),
]
/** The commands whose start is cached, each apart (a cache holds what its run compiled). */
const COMMANDS = [
  'domains',
  'whitelist',
  'classify',
  'probe',
  'share',
  'report',
  'view',
  'catalog',
  'collect',
  'copy-dist',
]

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

/**
 * The command as cli.ts's main() reads it: the first argument after any `--lang <x>` or `--lang=<x>`. Anything
 * else before it (`-V`, `--help`) is no command, and main() reads those the same way: the probe bundle is given a
 * probe command line or nothing (and would hand any other to the full bundle), and a code cache is named by a
 * command that runs (`help` for anything else).
 */
function commandOf(args) {
  let i = 0
  while (i < args.length) {
    if (args[i] === '--lang' && i + 1 < args.length) i += 2
    else if (args[i].startsWith('--lang=')) i++
    else break
  }
  return args[i]
}

/** `probe`'s own bundle (a third of the full one: see tools/build-cli.js), when it is beside the full one. */
function bundleFor(cli, args) {
  if (commandOf(args) !== 'probe') return cli
  const probe = path.join(path.dirname(cli), 'zim-netcheck-probe.js')
  return fs.existsSync(probe) ? probe : cli
}

const isMissingModule = (e) => Boolean(e && e.code === 'MODULE_NOT_FOUND')
const missingName = (e) =>
  (/Cannot find module '([^']+)'/.exec((e && e.message) || '') || [])[1] || 'a module'

/**
 * Loads the bundle as Node would (same wrapper, `require` relative to it), with V8's code cache: what an earlier
 * run of the same command compiled is not compiled again (Node 22 has module.enableCompileCache; Node 20 has
 * not). The cache is named by the bundle's size and time, so a rebuilt bundle never meets an old cache, and V8
 * refuses one made by another Node. Written once, at exit, where the folder is writable; never an error.
 */
function load(file) {
  const vm = require('node:vm')
  // The loader's Module, as require('node:module') returns it, without loading that module (~0.2 ms).
  const Module = module.constructor
  const args = process.argv.slice(2)
  const named = commandOf(args)
  const command = COMMANDS.includes(named) ? named : 'help'
  let cacheFile
  let cached
  try {
    const st = fs.statSync(file)
    cacheFile = path.join(path.dirname(file), '.cache', `${command}-${st.size}-${Math.round(st.mtimeMs)}.v8`)
    cached = fs.readFileSync(cacheFile)
  } catch {
    cached = undefined
  }
  const script = new vm.Script(Module.wrap(source(file)), {
    filename: file,
    cachedData: cached,
  })
  if (cacheFile && (!cached || script.cachedDataRejected)) {
    process.once('exit', () => {
      try {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true })
        const tmp = `${cacheFile}.${process.pid}`
        fs.writeFileSync(tmp, script.createCachedData())
        fs.renameSync(tmp, cacheFile)
      } catch {
        // A read-only install runs without the cache.
      }
    })
  }
  const mod = { exports: {} }
  script
    .runInThisContext()
    .call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file))
  return mod.exports
}

/**
 * The bundle's text. tools/build-cli.js writes it in ASCII: read as latin1 it is a one-byte string with no UTF-8
 * decoding (~1 ms of every start). A bundle built before that (a checkout pulled but not rebuilt) is UTF-8.
 */
function source(file) {
  const bytes = fs.readFileSync(file)
  const { isAscii } = require('node:buffer')
  return bytes.toString(typeof isAscii === 'function' && isAscii(bytes) ? 'latin1' : 'utf8')
}

const cli = BUNDLES.find((f) => fs.existsSync(f))
if (!cli) notInstalled('the CLI is not built (no build/ in this checkout)')
else {
  let loaded
  try {
    loaded = load(bundleFor(cli, process.argv.slice(2)))
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
