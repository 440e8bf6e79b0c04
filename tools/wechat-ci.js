#!/usr/bin/env node
'use strict'
/**
 * WeChat's own build tools, offline, for the host-app test and the footprint figure:
 *
 *   node tools/wechat-ci.js ensure                        install miniprogram-ci into the cache (once)
 *   node tools/wechat-ci.js pack-npm <project> [<dist>]    构建 npm: miniprogram-ci packNpmManually, into
 *                                                         <project>/miniprogram, or <dist> (a subpackage root)
 *   node tools/wechat-ci.js compile <project> <outDir>     the upload compiler: miniprogram-ci getCompiledResult
 *
 * miniprogram-ci (WeChat's CI package, ~275 MB installed) is not a devDependency, so `npm ci` stays light: it is
 * installed on first use into $ZIM_MPCI_DIR, default ~/.cache/zim-netcheck/miniprogram-ci-<version> (outside
 * node_modules, so it survives `npm ci`), from the npm registry, about 40 s. Each command prints one JSON line
 * and exits (miniprogram-ci leaves timers running that would keep Node alive for minutes).
 */
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const VERSION = '2.1.42'
const DIR =
  process.env.ZIM_MPCI_DIR ||
  path.join(
    process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
    'zim-netcheck',
    `miniprogram-ci-${VERSION}`,
  )
const ENTRY = path.join(DIR, 'node_modules', 'miniprogram-ci')

function ensure() {
  if (fs.existsSync(path.join(ENTRY, 'package.json'))) {
    const v = JSON.parse(fs.readFileSync(path.join(ENTRY, 'package.json'), 'utf8')).version
    if (v === VERSION) return { dir: DIR, installed: false }
  }
  process.stderr.write(
    `host-app test: installing WeChat's miniprogram-ci@${VERSION} into ${DIR} (from the npm registry, about 40 s)…\n`,
  )
  const started = Date.now()
  fs.mkdirSync(DIR, { recursive: true })
  fs.writeFileSync(path.join(DIR, 'package.json'), JSON.stringify({ name: 'zim-mpci-cache', private: true }))
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  execFileSync(
    npm,
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--no-save',
      '--prefer-offline',
      '--loglevel=error',
      `miniprogram-ci@${VERSION}`,
    ],
    { cwd: DIR, stdio: ['ignore', 'ignore', 'inherit'] },
  )
  process.stderr.write(
    `host-app test: miniprogram-ci ready in ${Math.round((Date.now() - started) / 1000)} s\n`,
  )
  return { dir: DIR, installed: true }
}

/** The attributes the server would send for an appid; offline we supply them (the limits of a normal app). */
const ATTR = {
  platform: false,
  appType: 0,
  isSandbox: false,
  released: false,
  setting: {
    MaxCodeSize: 2,
    MaxSubpackageSubCodeSize: 2,
    MaxSubpackageFullCodeSize: 20,
    NavigateMiniprogramLimit: 10,
    MaxSubPackageLimit: 100,
    MinTabbarCount: 2,
    MaxTabbarCount: 5,
    MaxCustomTabbarCount: 5,
    MaxTabbarIconSize: 40,
  },
}

async function packNpm(project, dist = path.join(project, 'miniprogram')) {
  const ci = require(ENTRY)
  const res = await ci.packNpmManually({
    packageJsonPath: path.join(project, 'package.json'),
    miniprogramNpmDistDir: dist,
  })
  return {
    miniProgramPackNum: res.miniProgramPackNum,
    otherNpmPackNum: res.otherNpmPackNum,
    warnList: res.warnList,
  }
}

async function compile(projectPath, outDir) {
  const ci = require(ENTRY)
  const project = new ci.Project({
    appid: 'wx0000000000000000',
    type: 'miniProgram',
    projectPath,
    // Not used offline: getCompiledResult asks the server nothing once attr() answers locally.
    privateKey: 'offline',
    ignores: ['node_modules/**/*'],
  })
  project.attr = async () => ATTR
  // As DevTools uploads with 「ES6 转 ES5」, 「上传时压缩」 and the WXML/WXSS minifiers on.
  const setting = { es6: true, es7: true, minify: true, minifyJS: true, minifyWXML: true, minifyWXSS: true }
  const files = await ci.getCompiledResult({ project, version: '0.0.0', setting, onProgressUpdate: () => {} })
  const sizes = {}
  for (const [rel, content] of Object.entries(files)) {
    const dest = path.join(outDir, rel)
    fs.mkdirSync(path.dirname(dest), { recursive: true })
    fs.writeFileSync(dest, content)
    sizes[rel] = Buffer.byteLength(content)
  }
  return { files: sizes }
}

/**
 * miniprogram-ci leaves an empty md5-named folder in its working directory: the paths are resolved first, then
 * it works in a scratch folder that is removed at exit, whoever called it from where.
 */
function inScratch() {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zim-wechat-ci-'))
  process.chdir(scratch)
  process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }))
}

async function main([cmd, a, b]) {
  if (cmd === 'ensure') return ensure()
  ensure()
  if (cmd === 'pack-npm' && a) {
    const [project, dist] = [path.resolve(a), b && path.resolve(b)]
    inScratch()
    return packNpm(project, dist)
  }
  if (cmd === 'compile' && a && b) {
    const [project, out] = [path.resolve(a), path.resolve(b)]
    inScratch()
    return compile(project, out)
  }
  throw new Error('usage: wechat-ci.js ensure | pack-npm <project> [<dist>] | compile <project> <outDir>')
}

main(process.argv.slice(2)).then(
  (out) => {
    process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(0))
  },
  (e) => {
    process.stderr.write(`wechat-ci: ${String((e && (e.message || e.msg)) || e).trim()}\n`)
    process.exit(1)
  },
)
