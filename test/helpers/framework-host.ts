import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { packInto, ROOT, withPackLock } from './host-app'

/**
 * The uni-app and Taro fixture hosts (test/host-app/uni, test/host-app/taro) built as their README sections
 * say: each folder's own package.json and package-lock.json (pinned versions; the toolchains never enter this
 * repository's dependencies) installed with `npm ci` into its node_modules (skipped while the lock file is
 * unchanged), zim-netcheck installed from `npm pack` of this repository, the framework's own CLI run through the
 * folder's npm script, then WeChat's upload compiler (miniprogram-ci getCompiledResult) into `compiled/`.
 */
export type HostName = 'uni' | 'taro'

export interface FrameworkHost {
  dir: string
  /** The framework's mini-program output (what DevTools would open). */
  output: string
  /** WeChat's compiled upload of it. */
  compiled: string
  files: Record<string, number>
  /** Seconds per step, for the report: npm ci (0 when cached), the framework build, WeChat's compile. */
  seconds: { install: number; build: number; compile: number }
  buildLog: string
}

export const HOSTS: Record<HostName, { script: string; output: string; project: string }> = {
  uni: { script: 'build:mp-weixin', output: 'dist/build/mp-weixin', project: 'dist/build/mp-weixin' },
  // Taro's project.config.json (miniprogramRoot dist/) is the project WeChat opens.
  taro: { script: 'build:weapp', output: 'dist', project: '.' },
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'

export function hostDir(name: HostName): string {
  return path.join(ROOT, 'test', 'host-app', name)
}

/** Runs a command; returns its stdout and stderr together (Taro reports its result on stderr). */
export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 })
  const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`
  if (r.status !== 0)
    throw new Error(
      `${[cmd, ...args].join(' ')} (in ${cwd}) failed (${r.error?.message ?? `exit ${r.status}`}): ${out.trim().slice(-4000)}`,
    )
  return out
}

/**
 * The environment a developer's build has: without jest's NODE_ENV=test, under which Taro's Babel preset leaves
 * out the step that gives native components their attributes (the panel would get no props and no events).
 */
export function buildEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', NO_COLOR: '1' }
  delete env.NODE_ENV
  return env
}

const seconds = (t0: number) => Math.round((Date.now() - t0) / 100) / 10

/** `npm ci` in the fixture, once per content of its lock file (a stamp in node_modules). */
export function ensureInstalled(name: HostName): number {
  const dir = hostDir(name)
  const lock = fs.readFileSync(path.join(dir, 'package-lock.json'))
  const stamp = path.join(dir, 'node_modules', '.zim-lock-sha256')
  const want = createHash('sha256').update(lock).digest('hex')
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return 0
  const t0 = Date.now()
  // Taro 4.2's @tarojs/binding lists native builds for other systems that the registry does not have, so its lock
  // file lacks them and `npm ci` refuses it; `npm install --no-save` installs the same pinned tree from the lock.
  const args = name === 'taro' ? ['install', '--no-save'] : ['ci']
  process.stderr.write(
    `host-app (${name}): npm ${args.join(' ')} from test/host-app/${name}/package-lock.json…\n`,
  )
  run(NPM, [...args, '--no-audit', '--no-fund', '--loglevel=error'], dir)
  fs.writeFileSync(stamp, want)
  return seconds(t0)
}

let tarball: string | undefined
/** One `npm pack` of this repository for both hosts. */
export function packedTarball(): string {
  if (!tarball) {
    const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'zim-framework-pack-'))
    tarball = withPackLock(() => packInto(dest))
  }
  return tarball
}

function wechatCompile(project: string, out: string): Record<string, number> {
  fs.rmSync(out, { recursive: true, force: true })
  const stdout = run(
    process.execPath,
    [path.join(ROOT, 'tools', 'wechat-ci.js'), 'compile', project, out],
    ROOT,
  )
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'))
  if (!line) throw new Error(`wechat-ci compile: no result in ${stdout.slice(-500)}`)
  return (JSON.parse(line) as { files: Record<string, number> }).files
}

/** Installs, builds with the framework's CLI (the npm script the README gives) and compiles with WeChat's. */
export function buildFrameworkHost(name: HostName): FrameworkHost {
  const dir = hostDir(name)
  const install = ensureInstalled(name)
  // `npm i zim-netcheck`, from this repository's tarball; --offline: nothing but `npm ci` goes to the network.
  run(
    NPM,
    ['install', '--no-save', '--offline', '--no-audit', '--no-fund', '--loglevel=error', packedTarball()],
    dir,
  )
  const { script, output, project } = HOSTS[name]
  fs.rmSync(path.join(dir, 'dist'), { recursive: true, force: true })
  let t0 = Date.now()
  const buildLog = run(NPM, ['run', script], dir, buildEnv())
  const build = seconds(t0)
  t0 = Date.now()
  const compiled = path.join(dir, 'compiled')
  const files = wechatCompile(path.join(dir, project), compiled)
  return {
    dir,
    output: path.join(dir, output),
    compiled,
    files,
    seconds: { install, build, compile: seconds(t0) },
    buildLog,
  }
}
