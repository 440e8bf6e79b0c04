/** @jest-environment jsdom */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { decodeShare, encodeShare } from '../../miniprogram/core/share'
import { buildHostApp, HostApp, installTarball, packInto, withPackLock } from '../helpers/host-app'
import { installFakeWx, sleep } from '../helpers/panel'
import { report2130 } from '../helpers/reports'
import { runCompiledPanel } from '../helpers/compiled-panel'
import { scriptFor } from '../helpers/setdata-measure'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate')
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { wxmlToJs, wxssToJs } = require('miniprogram-compiler')

// The first run on a machine installs miniprogram-ci (~40 s) and builds the host app (~30 s).
jest.setTimeout(300_000)

let app: HostApp
beforeAll(() => {
  app = buildHostApp()
})

const npmDir = () => path.join(app.project, 'miniprogram', 'miniprogram_npm')

describe('a host mini-program that takes zim-netcheck from npm', () => {
  it('构建 npm (miniprogram-ci packNpmManually) brings in the package and nothing else', () => {
    expect(app.packNpm).toMatchObject({ miniProgramPackNum: 1, otherNpmPackNum: 0, warnList: [] })
    expect(fs.readdirSync(npmDir())).toEqual(['zim-netcheck'])
    for (const c of ['netcheck-panel', 'report-view']) {
      for (const ext of ['js', 'json', 'wxml', 'wxss']) {
        expect(fs.existsSync(path.join(npmDir(), 'zim-netcheck', c, `index.${ext}`))).toBe(true)
      }
    }
  })

  it('the official compiler compiles the whole app, pages and components', () => {
    for (const f of [
      'app.js',
      'app.json',
      'pages/index/index.js',
      'pages/index/index.wxml',
      'pages/report/index.js',
      'miniprogram_npm/zim-netcheck/netcheck-panel/index.js',
      'miniprogram_npm/zim-netcheck/netcheck-panel/index.wxml',
      'miniprogram_npm/zim-netcheck/netcheck-panel/index.wxss',
      'miniprogram_npm/zim-netcheck/report-view/index.js',
      'miniprogram_npm/zim-netcheck/report-view/index.wxml',
      'miniprogram_npm/zim-netcheck/share.js',
    ]) {
      expect([f, app.files[f] > 0]).toEqual([f, true])
    }
    // Every relative require of the compiled upload resolves to a file of the upload.
    for (const [rel] of Object.entries(app.files).filter(([f]) => f.endsWith('.js'))) {
      const src = fs.readFileSync(path.join(app.compiled, rel), 'utf8')
      for (const m of src.matchAll(/require\("(\.[^"]+)"\)/g)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1]))
        const file = target.endsWith('.js') ? target : `${target}.js`
        expect([rel, m[1], app.files[file] !== undefined]).toEqual([rel, m[1], true])
      }
    }
  })

  it('wcc and wcsc compile the WXML and WXSS of the app and the package', () => {
    const root = path.join(app.project, 'miniprogram')
    const list = (ext: string) =>
      [
        'pages/index/index',
        'pages/report/index',
        'miniprogram_npm/zim-netcheck/netcheck-panel/index',
        'miniprogram_npm/zim-netcheck/report-view/index',
      ]
        .map((p) => `${p}.${ext}`)
        .filter((p) => fs.existsSync(path.join(root, p)))
    expect(() => wxmlToJs(root, { wxmlList: list('wxml'), wxsList: [] })).not.toThrow()
    expect(() => wxssToJs(root, { wxssList: list('wxss') })).not.toThrow()
  })

  it('a WXML error surfaces with its file and line', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zim-wxml-'))
    try {
      fs.writeFileSync(
        path.join(root, 'bad.wxml'),
        '<view>\n  <text>ok</text>\n  <view wx:if="{{a}}">\n</text>\n',
      )
      let message = ''
      try {
        wxmlToJs(root, { wxmlList: ['bad.wxml'], wxsList: [] })
      } catch (e) {
        message = String((e as Error).message ?? e)
      }
      // e.g. 编译 .wxml 文件错误：bad.wxml:4:3: expect end-tag `view`., near `text`
      expect(message).toMatch(/bad\.wxml:4:\d+: /)
    } finally {
      fs.rmSync(root, { recursive: true, force: true })
    }
  })

  it('renders the compiled panel and runs a probe on a fake wx', async () => {
    const id = simulate.load(
      path.join(app.compiled, 'miniprogram_npm/zim-netcheck/netcheck-panel/index'),
      'netcheck-panel',
      {
        rootPath: app.compiled,
      },
    )
    const { comp, fake, first, events, close } = await runCompiledPanel(id, {
      sdk: '2.13.0',
      only: 'socket,request',
    })
    expect(first.sdkInput).toBe('2.13.0')
    // URLs carry zero-width break opportunities between labels (issue 15).
    expect(first.text).toContain('wss://accesshub-wss.coolbcloud.com')
    const reports = events.map((e) => e.report)
    // Every socket and request domain of 2.13.0 was probed; the coolhcloud request rows are not whitelisted.
    expect(fake.callsOf('socket').length).toBeGreaterThan(0)
    expect(fake.callsOf('request').length).toBeGreaterThan(0)
    expect(fake.callsOf('uploadFile')).toHaveLength(0)
    expect(comp.dom.textContent).toContain('coolhcloud')
    expect(fake.openTotal).toBe(0)
    expect(reports).toHaveLength(1)
    // The host page's share card, from the package's `zim-netcheck/share`, carries that report.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { shareCard } = require(path.join(app.compiled, 'miniprogram_npm/zim-netcheck/share.js'))
    const card = shareCard(reports[0], '/pages/report/index')
    expect(card.path).toMatch(/^\/pages\/report\/index\?r=z1\./)
    const decoded = decodeShare(card.path)
    expect(decoded.ok && decoded.report.results.length).toBe(reports[0].results.length)
    close()
  })

  it('renders the compiled report-view from a share card, and a damaged card as an error', async () => {
    installFakeWx(scriptFor)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { shareCard } = require(path.join(app.compiled, 'miniprogram_npm/zim-netcheck/share.js'))
    const report = report2130()
    const r = shareCard(report, '/pages/zim-report/index').path.split('?r=')[1]
    const id = simulate.load(
      path.join(app.compiled, 'miniprogram_npm/zim-netcheck/report-view/index'),
      'report-view',
      {
        rootPath: app.compiled,
      },
    )
    const comp = simulate.render(id, { r, page: '/pages/zim-report/index' })
    comp.attach(document.createElement('parent-wrapper'))
    await sleep(20)
    const text = (comp.dom.textContent ?? '').replace(/\u200b/g, '')
    expect(text).toContain('ZIM SDK 2.13.0')
    for (const f of report.results.filter((x) => x.status === 'fail')) expect(text).toContain(f.url)
    expect(comp.instance.shareMessage().path).toBe(`/pages/zim-report/index?r=${r}`)
    comp.setData({ r: r.slice(0, -6) })
    await sleep(20)
    expect(comp.dom.textContent).toMatch(/无法打开分享的报告：.{6,}/)
    expect(comp.dom.textContent).not.toContain('ZIM SDK')
    comp.detach()
  })
})

describe('the packed tarball without dev dependencies', () => {
  it('runs `npx zim-netcheck domains --sdk 2.13.0` and refuses bad input with exit 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zim-npx-'))
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'npx-check', private: true }))
      installTarball(
        dir,
        withPackLock(() => packInto(path.join(dir, 'pack'))),
      )
      // No dependencies: the CLI is one bundled file, nothing else lands in node_modules.
      expect(fs.readdirSync(path.join(dir, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual([
        'zim-netcheck',
      ])
      const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
      const out = execFileSync(npx, ['--no-install', 'zim-netcheck', 'domains', '--sdk', '2.13.0'], {
        cwd: dir,
        encoding: 'utf8',
      })
      expect(out).toContain('ZIM SDK 2.13.0')
      expect(out).toContain('wss://accesshub-wss.coolbcloud.com')
      let status = 0
      let stderr = ''
      try {
        execFileSync(npx, ['--no-install', 'zim-netcheck', 'domains', '--sdk', 'banana'], {
          cwd: dir,
          encoding: 'utf8',
          stdio: 'pipe',
        })
      } catch (e) {
        status = (e as { status: number }).status
        stderr = String((e as { stderr: string }).stderr)
      }
      expect(status).toBe(2)
      expect(stderr.trim().split('\n')).toHaveLength(1)
      // `view` finds the viewer page the package ships beside the bundled CLI.
      const link = encodeShare(report2130()).path
      execFileSync(npx, ['--no-install', 'zim-netcheck', 'view', link, '--out', 'v.html'], {
        cwd: dir,
        encoding: 'utf8',
      })
      expect(fs.readFileSync(path.join(dir, 'v.html'), 'utf8')).toContain('<html')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
