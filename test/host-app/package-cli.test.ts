import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { cliEnv } from '../helpers/cli'
import { buildHostApp, HostApp } from '../helpers/host-app'

// The first run on a machine installs miniprogram-ci and builds the host app (see host-app.test.ts).
jest.setTimeout(300_000)

/**
 * The CLI as the npm package ships it: the tarball installed into the host project with `--omit=dev` (no
 * dependencies at all), bin/ finding dist-cli/zim-netcheck.js, one bundled file, and V8's code cache of it.
 */
let app: HostApp
let bin: string
let dist: string
beforeAll(() => {
  app = buildHostApp()
  const pkg = path.join(app.project, 'node_modules', 'zim-netcheck')
  bin = path.join(pkg, 'bin', 'zim-netcheck.js')
  dist = path.join(pkg, 'dist-cli')
})

const run = (args: string[], cwd = os.tmpdir()) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd, env: cliEnv(), timeout: 60_000 })

describe('the packaged CLI', () => {
  it('runs from the installed package, which holds no node_modules of its own', () => {
    expect(fs.existsSync(path.join(dist, 'zim-netcheck.js'))).toBe(true)
    expect(fs.existsSync(path.join(path.dirname(dist), 'node_modules'))).toBe(false)
    const r = run(['domains', '--sdk', '2.13.0', '--json'])
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout).domains).toHaveLength(46)
    expect(run(['--version']).stdout).toMatch(/^zim-netcheck \d+\.\d+\.\d+/)
  })

  it('keeps a code cache per command, named by the bundle, and a cached run prints the same', () => {
    const cacheDir = path.join(dist, '.cache')
    fs.rmSync(cacheDir, { recursive: true, force: true })
    const first = run(['whitelist', '--sdk', 'latest'])
    const caches = fs.readdirSync(cacheDir)
    const size = fs.statSync(path.join(dist, 'zim-netcheck.js')).size
    expect(caches).toEqual([expect.stringMatching(new RegExp(`^whitelist-${size}-\\d+\\.v8$`))])
    const written = fs.statSync(path.join(cacheDir, caches[0])).mtimeMs
    const second = run(['whitelist', '--sdk', 'latest'])
    expect(second.status).toBe(0)
    expect(second.stdout).toBe(first.stdout)
    // Accepted, so not written again; another command has its own.
    expect(fs.statSync(path.join(cacheDir, caches[0])).mtimeMs).toBe(written)
    run(['domains', '--sdk', 'latest'])
    expect(fs.readdirSync(cacheDir).sort()).toEqual([caches[0], expect.stringMatching(/^domains-/)].sort())
  })

  it("names a cache by the command that runs, not by a command's name among its arguments", () => {
    const cacheDir = path.join(dist, '.cache')
    fs.rmSync(cacheDir, { recursive: true, force: true })
    // `probe` here is classify's text; --lang before the command is main()'s own.
    expect(run(['--lang', 'en', 'classify', 'probe', 'timeout']).status).toBe(0)
    expect(fs.readdirSync(cacheDir)).toEqual([expect.stringMatching(/^classify-/)])
    // No command at all (a flag, or a word that is none): the help page's cache.
    fs.rmSync(cacheDir, { recursive: true, force: true })
    expect(run(['--help', 'domains']).status).toBe(0)
    expect(fs.readdirSync(cacheDir)).toEqual([expect.stringMatching(/^help-/)])
  })

  it('a cache from another build is refused by V8, and the run is still right', () => {
    const cacheDir = path.join(dist, '.cache')
    const good = run(['domains', '--sdk', '2.13.0']).stdout
    for (const f of fs.readdirSync(cacheDir)) fs.writeFileSync(path.join(cacheDir, f), Buffer.alloc(4096, 7))
    const r = run(['domains', '--sdk', '2.13.0'])
    expect(r.status).toBe(0)
    expect(r.stdout).toBe(good)
    // Rewritten with a cache V8 accepts (bigger than the junk, and not the junk).
    const domains = fs.readdirSync(cacheDir).find((f) => f.startsWith('domains-')) as string
    expect(fs.readFileSync(path.join(cacheDir, domains)).equals(Buffer.alloc(4096, 7))).toBe(false)
  })

  it('a read-only install runs without a cache', () => {
    const cacheDir = path.join(dist, '.cache')
    fs.rmSync(cacheDir, { recursive: true, force: true })
    fs.writeFileSync(cacheDir, 'not a folder')
    try {
      const r = run(['domains', '--sdk', '2.13.0'])
      expect(r.status).toBe(0)
      expect(r.stderr).toBe('')
    } finally {
      fs.rmSync(cacheDir, { force: true })
    }
  })

  it('view writes the viewer page that travels beside the bundle', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zim-pkg-view-')), 'v.html')
    const r = run(['view', '--out', out])
    expect(r.status).toBe(0)
    expect(fs.readFileSync(out, 'utf8')).toContain('<html')
    fs.rmSync(path.dirname(out), { recursive: true, force: true })
  })
})
