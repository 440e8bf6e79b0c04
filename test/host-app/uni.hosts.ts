/** @jest-environment jsdom */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { decodeShare } from '../../miniprogram/core/share'
import { buildEnv, buildFrameworkHost, FrameworkHost, hostDir, run } from '../helpers/framework-host'
import {
  expectCompiledUpload,
  g,
  installAppGlobals,
  loadApp,
  runPanel,
  simulate,
  simulateComponent,
  text,
} from '../helpers/framework-page'
import { installFakeWx, sleep } from '../helpers/panel'
import { scriptFor } from '../helpers/setdata-measure'

/**
 * Issue 36: the uni-app (Vue 3 + Vite, mp-weixin) host built by their own CLIs
 * from the README's steps, compiled by WeChat's upload compiler, and the compiled pages run under
 * miniprogram-simulate with the framework's runtime: the panel rendered inside the framework's page, a run's
 * `report` event received by the framework's handler, the report page opened from the share card and shared.
 */

describe('uni-app (Vue 3 + Vite, mp-weixin)', () => {
  let host: FrameworkHost
  beforeAll(() => {
    host = buildFrameworkHost('uni')
    process.stderr.write(`host-app (uni): ${JSON.stringify(host.seconds)} s\n`)
  })
  beforeEach(() => {
    jest.resetModules()
    g.Component = simulateComponent
  })

  it('`npm run build:mp-weixin` copies the package with copy-dist first, then uni builds', () => {
    expect(host.buildLog).toMatch(
      /copied zim-netcheck \S+ miniprogram_dist to src\/wxcomponents\/zim-netcheck: \d+ files/,
    )
    expect(host.buildLog).toContain('DONE  Build complete.')
    const page = JSON.parse(fs.readFileSync(path.join(host.output, 'pages/index/index.json'), 'utf8'))
    expect(page.usingComponents).toEqual({
      'netcheck-panel': '../../wxcomponents/zim-netcheck/netcheck-panel/index',
    })
    expectCompiledUpload(host, 'wxcomponents/zim-netcheck')
  })

  it('the compiled page renders the panel with its props and its Vue handler receives the report', async () => {
    const { fake } = installFakeWx(scriptFor)
    installAppGlobals(() => ({}))
    loadApp(host.compiled) // the uni runtime (common/vendor.js), App(), its Component()
    const id = simulate.load(path.join(host.compiled, 'pages/index/index'), 'page-index', {
      rootPath: host.compiled,
    })
    const page = simulate.render(id, {})
    page.attach(document.createElement('parent-wrapper'))
    await sleep(50)
    const panel = page.querySelector('#nc')
    // Bound `:host-sockets="1"` is a number; static `canary="false"` arrives as text and is read as false.
    expect([panel.data.sdk, panel.data.only, panel.data.hostSockets, panel.data.canary]).toEqual([
      '2.13.0',
      'socket,request',
      1,
      'false',
    ])
    await runPanel(panel)
    expect(fake.calls.filter((c) => c.url.includes('zim-canary-'))).toHaveLength(0)
    expect(fake.callsOf('uploadFile')).toHaveLength(0)
    expect(fake.maxConcurrent.socket).toBeLessThanOrEqual(4)
    // The page's onReport (a Vue method) kept e.detail.report; its onShareAppMessage makes the card from it.
    const vm = page.instance.$vm
    expect(vm.report.results.length).toBeGreaterThan(0)
    const card = page.instance.onShareAppMessage({})
    expect(card.path).toMatch(/^\/pages\/report\/index\?r=z1\./)
    const decoded = decodeShare(card.path)
    expect(decoded.ok && decoded.report.results.length).toBe(vm.report.results.length)
    page.detach()
    fake.dispose()
    g.__card = card
  })

  it('the report page opens the card and shares it again (this.$scope.selectComponent)', async () => {
    const card = g.__card as { path: string }
    installFakeWx(scriptFor)
    installAppGlobals(() => ({}), 'pages/report/index')
    loadApp(host.compiled)
    const id = simulate.load(path.join(host.compiled, 'pages/report/index'), 'page-report', {
      rootPath: host.compiled,
    })
    const page = simulate.render(id, {})
    page.attach(document.createElement('parent-wrapper'))
    const r = card.path.split('?r=')[1]
    page.instance.onLoad({ r })
    await sleep(50)
    const view = page.querySelector('#rv')
    expect(view.data.r).toBe(r)
    expect(text(view)).toContain('ZIM SDK 2.13.0')
    expect(page.instance.onShareAppMessage({}).path).toBe(`/pages/report/index?r=${r}`)
    page.detach()
  })

  it('a usingComponents entry into node_modules builds without a word; copy-dist names it (issue 36 item 2)', () => {
    const dir = hostDir('uni')
    const pagesJson = path.join(dir, 'src', 'pages.json')
    const good = fs.readFileSync(pagesJson, 'utf8')
    try {
      fs.writeFileSync(
        pagesJson,
        good.replace('/wxcomponents/zim-netcheck/netcheck-panel/index', 'zim-netcheck/netcheck-panel'),
      )
      const out = path.join(dir, 'dist', 'bad')
      const log = run('npx', ['uni', 'build', '-p', 'mp-weixin'], dir, { ...buildEnv(), UNI_OUTPUT_DIR: out })
      expect(log).toContain('DONE  Build complete.')
      expect(log).not.toMatch(/warn|error/i)
      // Nothing usable came out: uni took the tag for a Vue component of its own.
      const page = JSON.parse(fs.readFileSync(path.join(out, 'pages/index/index.json'), 'utf8'))
      expect(page.usingComponents?.['netcheck-panel'] ?? '').not.toContain('wxcomponents')
      const bin = path.join(dir, 'node_modules', '.bin', 'zim-netcheck')
      let status = 0
      let stderr = ''
      try {
        run(bin, ['copy-dist', 'src/wxcomponents/zim-netcheck'], dir)
      } catch (e) {
        status = 1
        stderr = String((e as Error).message)
      }
      expect(status).toBe(1)
      expect(stderr).toMatch(
        /src\/pages\.json: "netcheck-panel": "zim-netcheck\/netcheck-panel" points into the npm package.*use the copy, e\.g\. "\/wxcomponents\/zim-netcheck\/netcheck-panel\/index"/,
      )
    } finally {
      fs.writeFileSync(pagesJson, good)
    }
  })
})
