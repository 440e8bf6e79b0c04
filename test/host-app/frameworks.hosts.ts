/** @jest-environment jsdom */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { decodeShare } from '../../miniprogram/core/share'
import { buildEnv, buildFrameworkHost, FrameworkHost, hostDir, run } from '../helpers/framework-host'
import { installFakeWx, sleep, until } from '../helpers/panel'
import { scriptFor } from '../helpers/setdata-measure'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate')

/**
 * Issue 36: uni-app (Vue 3 + Vite, mp-weixin) and Taro (React, webpack 5, weapp) hosts built by their own CLIs
 * from the README's steps, compiled by WeChat's upload compiler, and the compiled pages run under
 * miniprogram-simulate with the framework's runtime: the panel rendered inside the framework's page, a run's
 * `report` event received by the framework's handler, the report page opened from the share card and shared.
 */

type Loose = Record<string, any>
const g = globalThis as unknown as Loose
/** simulate's Component(); a framework runtime loaded by a test wraps it (uni-app does), the next test starts anew. */
const simulateComponent = g.Component

/** The App()/Page()/getApp() of a WeChat page, for a runtime that registers pages with Page() (Taro). */
function installAppGlobals(query: () => Record<string, string>, route = 'pages/index/index') {
  let app: Loose | undefined
  const pages: Loose[] = []
  // Taro's webpack chunks register on wx.webpackJsonp, which outlives jest.resetModules: each test loads anew.
  delete g.wx.webpackJsonp
  // Every instance gets the page's `route`, as WeChat gives a page: uni-app tells a page from a component by it.
  g.Component = (def: Loose) => {
    const lifetimes = def.lifetimes ?? {}
    const created = lifetimes.created ?? def.created
    return simulateComponent({
      ...def,
      lifetimes: {
        ...lifetimes,
        created(this: Loose, ...args: unknown[]) {
          this.route = route
          return created?.apply(this, args)
        },
      },
    })
  }
  g.App = (o: Loose) => {
    app = o
  }
  g.getApp = () => app
  g.getCurrentPages = () => pages
  // simulate renders components: a Page's options become one (data, methods, onLoad/onShow/onReady on attach).
  g.Page = (opts: Loose) => {
    const methods: Loose = {}
    for (const [k, v] of Object.entries(opts)) if (typeof v === 'function') methods[k] = v
    g.Component({
      data: opts.data,
      methods,
      lifetimes: {
        attached(this: Loose) {
          pages.push(this)
          this.onLoad?.(query())
          this.onShow?.()
          this.onReady?.()
        },
      },
    })
  }
  return { app: () => app }
}

/** Runs the compiled app.js (the framework's runtime, App()) as WeChat does before any page. */
function loadApp(compiled: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(compiled, 'app.js'))
}

/** Clicks the panel's start button, waits for the run, returns what the fake wx saw. */
async function runPanel(panel: Loose) {
  panel.querySelector('.nc-primary').dispatchEvent('tap')
  await until(() => panel.data.phase === 'done', 30_000)
  await sleep(100)
}

const text = (c: Loose) => String(c.dom.textContent ?? '').replace(/\u200b/g, '')

function expectCompiledUpload(host: FrameworkHost, componentDir: string) {
  for (const f of [
    'app.js',
    'app.json',
    'pages/index/index.js',
    'pages/index/index.json',
    'pages/report/index.js',
    `${componentDir}/netcheck-panel/index.js`,
    `${componentDir}/netcheck-panel/index.wxml`,
    `${componentDir}/netcheck-panel/index.wxss`,
    `${componentDir}/report-view/index.js`,
    `${componentDir}/share.js`,
  ])
    expect([f, host.files[f] > 0]).toEqual([f, true])
  // Every relative require of the upload resolves to a file of the upload (the components' common/ came along).
  for (const rel of Object.keys(host.files).filter((f) => f.endsWith('.js'))) {
    const src = fs.readFileSync(path.join(host.compiled, rel), 'utf8')
    for (const m of src.matchAll(/require\("(\.[^"]+)"\)/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1]))
      const file = target.endsWith('.js') ? target : `${target}.js`
      expect([rel, m[1], host.files[file] !== undefined]).toEqual([rel, m[1], true])
    }
  }
}

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
      const log = run('npx', ['uni', 'build', '-p', 'mp-weixin'], dir, {
        ...process.env,
        UNI_OUTPUT_DIR: out,
        NO_COLOR: '1',
      })
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

describe('Taro (React, webpack 5, weapp)', () => {
  let host: FrameworkHost
  beforeAll(() => {
    host = buildFrameworkHost('taro')
    process.stderr.write(`host-app (taro): ${JSON.stringify(host.seconds)} s\n`)
  })
  beforeEach(() => {
    jest.resetModules()
    g.Component = simulateComponent
  })

  it('`npm run build:weapp` copies miniprogram_dist with Taro’s copy config and the upload compiles', () => {
    expect(host.buildLog).toMatch(/Compiled successfully/)
    const page = JSON.parse(fs.readFileSync(path.join(host.output, 'pages/index/index.json'), 'utf8'))
    expect(page.usingComponents['netcheck-panel']).toBe('../../components/zim-netcheck/netcheck-panel/index')
    expectCompiledUpload(host, 'components/zim-netcheck')
  })

  it('the compiled page renders the panel and its React onReport receives the report', async () => {
    const { fake } = installFakeWx(scriptFor)
    const globals = installAppGlobals(() => ({}))
    loadApp(host.compiled) // Taro's runtime and React, App()
    globals.app()?.onLaunch?.({})
    const id = simulate.load(path.join(host.compiled, 'pages/index/index'), 'page-index', {
      rootPath: host.compiled,
    })
    const page = simulate.render(id, {})
    page.attach(document.createElement('parent-wrapper'))
    await sleep(200)
    const panel = page.querySelector('#nc')
    // Taro takes every prop that starts with "on" for an event (`only` became `bindly`): it never arrives.
    expect([panel.data.sdk, panel.data.only, panel.data.hostSockets, panel.data.canary]).toEqual([
      '2.13.0',
      '',
      1,
      'false',
    ])
    await runPanel(panel)
    expect(fake.calls.filter((c) => c.url.includes('zim-canary-'))).toHaveLength(0)
    const card = page.instance.onShareAppMessage({})
    expect(card.path).toMatch(/^\/pages\/report\/index\?r=z1\./)
    const decoded = decodeShare(card.path)
    expect(decoded.ok && decoded.report.results.length).toBeGreaterThan(0)
    page.detach()
    fake.dispose()
    g.__taroCard = card
  })

  it('the report page (useRouter params) shows the card and shares it again', async () => {
    const card = g.__taroCard as { path: string }
    const r = card.path.split('?r=')[1]
    installFakeWx(scriptFor)
    const globals = installAppGlobals(() => ({ r }), 'pages/report/index')
    loadApp(host.compiled)
    globals.app()?.onLaunch?.({})
    const id = simulate.load(path.join(host.compiled, 'pages/report/index'), 'page-report', {
      rootPath: host.compiled,
    })
    const page = simulate.render(id, {})
    page.attach(document.createElement('parent-wrapper'))
    await sleep(200)
    const view = page.querySelector('#rv')
    expect(text(view)).toContain('ZIM SDK 2.13.0')
    expect(page.instance.onShareAppMessage({}).path).toBe(`/pages/report/index?r=${r}`)
    page.detach()
  })
})
