import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { MARKER, packageReferences } from '../../node/commands/copy-dist'
import { runCli } from '../helpers/cli'
import { ROOT, withPackLock } from '../helpers/host-app'

// Issue 36: `zim-netcheck copy-dist <folder>`, the supported way to keep a uni-app / Taro copy in step.

const DIST = path.join(ROOT, 'miniprogram_dist')
let tmp: string

function filesUnder(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name)
    return d.isDirectory() ? filesUnder(p, base) : [path.relative(base, p).split(path.sep).join('/')]
  })
}

beforeAll(() => {
  // `npm pack` (the host-app tests) writes miniprogram_dist too: build it under the same lock.
  withPackLock(() =>
    execFileSync(process.execPath, [path.join(ROOT, 'tools', 'build-dist.js'), '--quiet'], { cwd: ROOT }),
  )
}, 120_000)

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zim-copy-dist-'))
})
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }))

const copyDist = (dest: string) => runCli(['copy-dist', dest])

describe('copy-dist', () => {
  it('copies miniprogram_dist, says what it copied, and keeps its list', () => {
    const dest = path.join(tmp, 'src', 'wxcomponents', 'zim-netcheck')
    const r = copyDist(dest)
    expect(r.status).toBe(0)
    expect(r.stderr).toBe('')
    const want = filesUnder(DIST).sort()
    // What miniprogram_dist holds at its top (folders with a slash), as the line names them.
    const tops = fs
      .readdirSync(DIST, { withFileTypes: true })
      .map((d) => (d.isDirectory() ? `${d.name}/` : d.name))
      .sort()
      .join(', ')
      .replace(/[.]/g, '\\.')
    expect(tops).toContain('netcheck-panel/')
    expect(r.stdout).toMatch(
      new RegExp(
        `^copied zim-netcheck \\S+ miniprogram_dist to .+: ${want.length} files, [\\d.]+ KB \\(${tops}\\)\\n$`,
      ),
    )
    expect(
      filesUnder(dest)
        .filter((f) => f !== MARKER)
        .sort(),
    ).toEqual(want)
    for (const f of want)
      expect(fs.readFileSync(path.join(dest, f))).toEqual(fs.readFileSync(path.join(DIST, f)))
    expect(JSON.parse(fs.readFileSync(path.join(dest, MARKER), 'utf8')).files).toEqual(want)
  })

  it('a later copy replaces the files and removes those the new version no longer has', () => {
    const dest = path.join(tmp, 'copy')
    expect(copyDist(dest).status).toBe(0)
    // As left by an older version: a chunk this version does not ship, listed in the copy's marker.
    const marker = JSON.parse(fs.readFileSync(path.join(dest, MARKER), 'utf8'))
    fs.writeFileSync(path.join(dest, 'common', 'chunk-OLD.js'), 'old')
    fs.writeFileSync(path.join(dest, 'share.js'), 'stale')
    fs.writeFileSync(
      path.join(dest, MARKER),
      JSON.stringify({ ...marker, version: '0.0.1', files: [...marker.files, 'common/chunk-OLD.js'] }),
    )
    const r = copyDist(dest)
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/; it held 0\.0\.1, removed 1 old files\n$/)
    expect(fs.existsSync(path.join(dest, 'common', 'chunk-OLD.js'))).toBe(false)
    expect(fs.readFileSync(path.join(dest, 'share.js'))).toEqual(fs.readFileSync(path.join(DIST, 'share.js')))
  })

  it.each([
    [
      'a folder in node_modules',
      () => path.join(tmp, 'node_modules', 'zim-netcheck', 'x'),
      /refusing to write into node_modules/,
    ],
    [
      'a link into node_modules',
      () => {
        fs.mkdirSync(path.join(tmp, 'node_modules', 'pkg'), { recursive: true })
        fs.symlinkSync(path.join(tmp, 'node_modules', 'pkg'), path.join(tmp, 'link'))
        return path.join(tmp, 'link', 'copy')
      },
      /refusing to write into node_modules/,
    ],
    [
      'a folder with other files',
      () => {
        fs.writeFileSync(path.join(tmp, 'mine.js'), '')
        return tmp
      },
      /is not empty and holds no earlier copy .*nothing was written/,
    ],
    [
      'a file',
      () => {
        fs.writeFileSync(path.join(tmp, 'f'), '')
        return path.join(tmp, 'f')
      },
      /is a file, not a folder/,
    ],
    ['the package’s own miniprogram_dist', () => DIST, /the package's own miniprogram_dist/],
  ])('refuses %s: one line, exit 2, nothing written', (_, dest, message) => {
    const target = dest()
    const before = fs.existsSync(target) && fs.statSync(target).isDirectory() ? filesUnder(target) : []
    const r = copyDist(target)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stdout).toBe('')
    if (fs.existsSync(target) && fs.statSync(target).isDirectory()) expect(filesUnder(target)).toEqual(before)
  })

  it('takes exactly one folder', () => {
    for (const args of [['copy-dist'], ['copy-dist', 'a', 'b']]) {
      const r = runCli(args)
      expect(r.status).toBe(2)
      expect(r.stderr).toMatch(/copy-dist takes one folder/)
    }
  })

  it('names usingComponents entries that point into the npm package (uni-app pages.json, Taro config): exit 1', () => {
    fs.writeFileSync(
      path.join(tmp, 'package.json'),
      '{"name":"host","dependencies":{"zim-netcheck":"^0.1.0"}}',
    )
    fs.mkdirSync(path.join(tmp, 'src', 'pages', 'index'), { recursive: true })
    fs.writeFileSync(
      path.join(tmp, 'src', 'pages.json'),
      '// uni-app allows comments\n{ "pages": [{ "path": "pages/index/index", "style": { "usingComponents": { "netcheck-panel": "zim-netcheck/netcheck-panel" } } }] }',
    )
    fs.writeFileSync(
      path.join(tmp, 'src', 'pages', 'index', 'index.config.js'),
      "export default { usingComponents: { 'report-view': '/node_modules/zim-netcheck/miniprogram_dist/report-view/index' } }",
    )
    const r = runCli(['copy-dist', path.join(tmp, 'src', 'wxcomponents', 'zim-netcheck')])
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/^copied zim-netcheck/) // the copy is made all the same
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(r.stderr).toMatch(
      /pages\.json: "netcheck-panel": "zim-netcheck\/netcheck-panel" points into the npm package.*"\/wxcomponents\/zim-netcheck\/netcheck-panel\/index"/,
    )
    expect(r.stderr).toMatch(
      /index\.config\.js: "report-view": "\/node_modules\/zim-netcheck\/.*"\/wxcomponents\/zim-netcheck\/report-view\/index"/,
    )
    // Fixed: exit 0.
    fs.writeFileSync(path.join(tmp, 'src', 'pages', 'index', 'index.config.js'), 'export default {}')
    fs.writeFileSync(
      path.join(tmp, 'src', 'pages.json'),
      '{ "usingComponents": { "netcheck-panel": "/wxcomponents/zim-netcheck/netcheck-panel/index" } }',
    )
    expect(runCli(['copy-dist', path.join(tmp, 'src', 'wxcomponents', 'zim-netcheck')]).status).toBe(0)
  })

  it('packageReferences: only component paths into the package, not a dependency or a script', () => {
    expect(
      packageReferences(
        '{"dependencies":{"zim-netcheck":"^0.1.0"},"scripts":{"prebuild":"zim-netcheck copy-dist src/x"},' +
          '"usingComponents":{"a":"/wxcomponents/zim-netcheck/netcheck-panel/index","b":"zim-netcheck/report-view","c":"../../node_modules/zim-netcheck/miniprogram_dist/netcheck-panel/index"}}',
      ),
    ).toEqual([
      { name: 'b', path: 'zim-netcheck/report-view' },
      { name: 'c', path: '../../node_modules/zim-netcheck/miniprogram_dist/netcheck-panel/index' },
    ])
  })
})
