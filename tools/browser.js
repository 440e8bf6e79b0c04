#!/usr/bin/env node
'use strict'
/**
 * The Chromium the browser tests (test/browser/) and `npm run screens` drive, found or provisioned so that a
 * fresh machine needs nothing but `npm ci` and `npm test`:
 *
 *   node tools/browser.js          find a browser, or install one; one line on stderr; exit 1 with one line if impossible
 *   node tools/browser.js --path   print the path of the browser found (nothing is installed), exit 1 if none
 *
 * Where it looks, in order:
 * 1. `CHROMIUM`, `CHROME_PATH`, `PUPPETEER_EXECUTABLE_PATH` (the first set; a path that does not exist is an
 *    error, never skipped silently);
 * 2. a system Chromium or Chrome (`chromium`, `chromium-browser`, `google-chrome`, `google-chrome-stable` on the
 *    PATH, the macOS applications);
 * 3. the one this script installed before, in $ZIM_CHROMIUM_DIR (default ~/.cache/zim-netcheck/chromium-<v>).
 * Else it installs one, as tools/wechat-ci.js installs miniprogram-ci on first use:
 * - on Linux x64, the Chromium shipped inside the npm package @sparticuz/chromium (from the npm registry,
 *   about 65 MB, 10–20 s; no root needed), unpacked into that cache folder;
 * - elsewhere, as root on Debian or Ubuntu, Debian's `chromium` and `fonts-noto-cjk` with apt-get (1–2 min).
 * `ZIM_CHROMIUM_INSTALL=npm|apt|none` chooses the way (none: never install).
 */
const { execFileSync, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const NPM_PACKAGE = '@sparticuz/chromium'
const NPM_VERSION = '153.0.0'
const ENV_VARS = ['CHROMIUM', 'CHROME_PATH', 'PUPPETEER_EXECUTABLE_PATH']
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']
const MAC_APPS = [
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
]

const cacheDir = () =>
  process.env.ZIM_CHROMIUM_DIR ||
  path.join(
    process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
    'zim-netcheck',
    `chromium-${NPM_VERSION}`,
  )
const cachedBinary = () => path.join(cacheDir(), 'bin', 'chromium')

const isExecutable = (file) => {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

function onPath(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name)
  }
  return undefined
}

/** A line-long error: what is missing and how to provide it. */
class BrowserError extends Error {}

/** The browser to use, or undefined; never installs. Throws a BrowserError for an env path that is not there. */
function find() {
  for (const name of ENV_VARS) {
    const value = process.env[name]
    if (!value) continue
    if (!isExecutable(value))
      throw new BrowserError(`${name}=${value} is not an executable file; fix or unset it`)
    return { path: value, source: name }
  }
  for (const name of SYSTEM_NAMES) {
    const found = onPath(name)
    if (found) return { path: found, source: 'system' }
  }
  if (process.platform === 'darwin') {
    const app = MAC_APPS.find(isExecutable)
    if (app) return { path: app, source: 'system' }
  }
  if (isExecutable(cachedBinary())) return { path: cachedBinary(), source: NPM_PACKAGE }
  return undefined
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0
const isDebian = () => fs.existsSync('/etc/debian_version') && Boolean(onPath('apt-get'))

/** How this machine can get a browser, or why it cannot. */
function installWay() {
  const asked = process.env.ZIM_CHROMIUM_INSTALL
  if (asked && !['npm', 'apt', 'none'].includes(asked))
    throw new BrowserError(`ZIM_CHROMIUM_INSTALL=${asked}: use npm, apt or none`)
  if (asked === 'none') return { why: 'ZIM_CHROMIUM_INSTALL=none' }
  const npmOk = process.platform === 'linux' && process.arch === 'x64'
  const aptOk = process.platform === 'linux' && isRoot() && isDebian()
  if (asked === 'npm') return npmOk ? { way: 'npm' } : { why: `${NPM_PACKAGE} ships Linux x64 only` }
  if (asked === 'apt') return aptOk ? { way: 'apt' } : { why: 'apt needs root on Debian or Ubuntu' }
  if (npmOk) return { way: 'npm' }
  if (aptOk) return { way: 'apt' }
  return { why: `no way to install one on ${process.platform}-${process.arch} without root` }
}

const run = (cmd, args, options = {}) =>
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', ...options })

function installNpm() {
  const dir = cacheDir()
  const bin = path.join(dir, 'bin')
  fs.rmSync(bin, { recursive: true, force: true })
  fs.mkdirSync(bin, { recursive: true })
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'zim-chromium-cache', private: true }),
  )
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  run(
    npm,
    ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `${NPM_PACKAGE}@${NPM_VERSION}`],
    {
      cwd: dir,
    },
  )
  // The package unpacks its brotli archives into os.tmpdir(): point that at the cache, once.
  run(
    process.execPath,
    ['--input-type=module', '-e', `import c from '${NPM_PACKAGE}'; await c.executablePath()`],
    { cwd: dir, env: { ...process.env, TMPDIR: bin, TMP: bin, TEMP: bin } },
  )
  fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true })
  return cachedBinary()
}

function installApt() {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  run('apt-get', ['update', '-qq'], { env })
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], { env })
  return onPath('chromium') || '/usr/bin/chromium'
}

/** Runs `--version`: a browser that cannot start is not a browser found. */
function versionOf(file) {
  const res = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 30_000 })
  if (res.status !== 0) return undefined
  return res.stdout.trim().split('\n').pop()
}

const HOW = 'install Chromium or Chrome, or set CHROMIUM=/path/to/chrome'

/** Finds or installs a browser; one line on stderr says which and, when installing, what and how long. */
function ensure(log = (line) => process.stderr.write(line + '\n')) {
  const found = find()
  if (found) return found
  const { way, why } = installWay()
  if (!way) throw new BrowserError(`the browser tests need Chromium: none found and ${why}; ${HOW}`)
  const what =
    way === 'npm'
      ? `the Chromium of the npm package ${NPM_PACKAGE}@${NPM_VERSION} into ${cacheDir()} (about 65 MB, 10–20 s)`
      : "Debian's chromium and fonts-noto-cjk with apt-get (1–2 min)"
  log(`browser tests: no Chromium on this machine; installing ${what}…`)
  const started = Date.now()
  let file
  try {
    file = way === 'npm' ? installNpm() : installApt()
  } catch (e) {
    const detail = String((e && e.stderr) || (e && e.message) || e)
      .trim()
      .split('\n')
      .pop()
    throw new BrowserError(`installing Chromium (${way}) failed: ${detail}; ${HOW}`)
  }
  const version = isExecutable(file) && versionOf(file)
  if (!version) throw new BrowserError(`installed Chromium (${way}) but ${file} does not start; ${HOW}`)
  log(`browser tests: ${version} ready in ${Math.round((Date.now() - started) / 1000)} s (${file})`)
  return { path: file, source: way === 'npm' ? NPM_PACKAGE : 'system' }
}

module.exports = { find, ensure, BrowserError }

if (require.main === module) {
  try {
    if (process.argv[2] === '--path') {
      const found = find()
      if (!found)
        throw new BrowserError(`no Chromium found; run node tools/browser.js to install one, or ${HOW}`)
      process.stdout.write(found.path + '\n')
    } else ensure()
  } catch (e) {
    process.stderr.write(`${e instanceof BrowserError ? e.message : String((e && e.stack) || e)}\n`)
    process.exit(1)
  }
}
