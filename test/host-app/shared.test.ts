/** @jest-environment jsdom */
import * as fs from 'node:fs'
import * as path from 'node:path'
import {
  buildSharedHost,
  buildSharedSubpackageHost,
  HostApp,
  panelFiles,
  SHARED_PANEL,
  SHARED_PANEL_BUDGET_KB,
  SUB_ROOT,
} from '../helpers/host-app'
import { runCompiledPanel } from '../helpers/compiled-panel'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate')

// The first run on a machine installs miniprogram-ci (~40 s) and builds the host apps (~30 s each).
jest.setTimeout(300_000)

let app: HostApp
beforeAll(() => {
  app = buildSharedHost()
})

const NPM = 'miniprogram_npm'
const HOST_MOBX = `${NPM}/mobx-miniprogram/index.js`
const SHARED_ENTRY = `${NPM}/zim-netcheck/${SHARED_PANEL}/index`
/** A string every build of mobx 6 carries, production ones included (its minified error prefix). */
const MOBX_MARK = '[MobX] minified error nr'

/**
 * Runs the compiled shared panel as WeChat would, its `require("mobx-miniprogram")` resolved to `mobx`: WeChat
 * resolves a bare name to the host's miniprogram_npm/<name> (构建 npm); jest's own resolver would look in
 * node_modules, so the name is mapped here.
 */
function withMobx(mobx: () => unknown, fn: () => void): void {
  jest.isolateModules(() => {
    jest.doMock('mobx-miniprogram', mobx, { virtual: true })
    try {
      fn()
    } finally {
      jest.dontMock('mobx-miniprogram')
    }
  })
}

/**
 * The compiled files reached from `roots` by require, as WeChat resolves it: a relative path, or a bare name to
 * <name>/index.js in the nearest miniprogram_npm holding it, the subpackage's first, then the main package's.
 */
function uploadClosure(host: HostApp, roots: string[]): string[] {
  const seen = new Set<string>()
  const visit = (rel: string) => {
    if (seen.has(rel) || host.files[rel] === undefined) return
    seen.add(rel)
    if (!rel.endsWith('.js')) return
    const src = fs.readFileSync(path.join(host.compiled, rel), 'utf8')
    for (const m of src.matchAll(/require\("([^"]+)"\)/g)) {
      if (!m[1].startsWith('.')) {
        const sub = rel.startsWith(`${SUB_ROOT}/`) ? [`${SUB_ROOT}/${NPM}/${m[1]}/index.js`] : []
        const found = [...sub, `${NPM}/${m[1]}/index.js`].find((f) => host.files[f] !== undefined)
        if (found) visit(found)
        continue
      }
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1]))
      visit(target.endsWith('.js') ? target : `${target}.js`)
    }
  }
  roots.forEach(visit)
  return [...seen].sort()
}

describe('a host with its own mobx-miniprogram that embeds netcheck-panel-shared', () => {
  it('构建 npm builds the host’s mobx-miniprogram and zim-netcheck into miniprogram_npm', () => {
    expect(app.packNpm).toMatchObject({ miniProgramPackNum: 1, otherNpmPackNum: 1, warnList: [] })
    expect(fs.readdirSync(path.join(app.project, 'miniprogram', NPM)).sort()).toEqual([
      'mobx-miniprogram',
      'zim-netcheck',
    ])
  })

  it('what the host uploads holds one mobx: the host’s, none in the panel’s closure', () => {
    // getCompiledResult compiles every file of miniprogram_npm; WeChat's upload leaves out those nothing
    // references (setting.ignoreUploadUnusedFiles, the same measure as the panel's budget): the upload is what
    // the app, its page and the component it uses reach.
    const uploaded = uploadClosure(app, [
      'app.js',
      'pages/index/index.js',
      ...Object.keys(panelFiles(app, NPM, SHARED_PANEL)),
    ])
    expect(app.files[HOST_MOBX]).toBeGreaterThan(30_000)
    expect(uploaded).toContain(HOST_MOBX)
    const mobxCopies = Object.keys(app.files).filter(
      (f) => f.endsWith('.js') && fs.readFileSync(path.join(app.compiled, f), 'utf8').includes(MOBX_MARK),
    )
    // Compiled: the host's and the package's own copy (for netcheck-panel, which this host does not use)…
    expect(mobxCopies.sort()).toEqual([HOST_MOBX, `${NPM}/zim-netcheck/mobx.js`])
    // …uploaded: the host's alone.
    expect(uploaded.filter((f) => mobxCopies.includes(f))).toEqual([HOST_MOBX])
    const files = panelFiles(app, NPM, SHARED_PANEL)
    for (const ext of ['js', 'wxml', 'wxss', 'json'])
      expect(files[`${SHARED_ENTRY}.${ext}`]).toBeGreaterThan(0)
    expect(Object.keys(files).some((f) => f.includes('/common/'))).toBe(true)
    expect(Object.keys(files).filter((f) => /mobx/.test(f))).toEqual([])
    // No compiler helper either (@babel/runtime, at the app's root): the guard added to the panel is ES5 as Babel
    // leaves it. (The host's own mobx-miniprogram brings two, which it pays with or without the panel.)
    expect(Object.keys(files).filter((f) => f.startsWith('@babel/'))).toEqual([])
    // The compiled panel still names the host's module, not a relative copy.
    const js = fs.readFileSync(path.join(app.compiled, `${SHARED_ENTRY}.js`), 'utf8')
    expect(js).toMatch(/require\("mobx-miniprogram"\)/)
    expect(js).not.toMatch(/mobx\.js/)
  })

  it(`the shared panel's own closure, as compiled, is ≤ ${SHARED_PANEL_BUDGET_KB} KB`, () => {
    const kb = Object.values(panelFiles(app, NPM, SHARED_PANEL)).reduce((a, b) => a + b, 0) / 1024
    expect(kb).toBeLessThanOrEqual(SHARED_PANEL_BUDGET_KB)
  })

  it('renders the compiled shared panel on the host’s mobx and runs a probe', async () => {
    const hostMobx = path.join(app.compiled, HOST_MOBX)
    let loads = 0
    let id = ''
    withMobx(
      () => {
        loads++
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require(hostMobx)
      },
      () => {
        id = simulate.load(path.join(app.compiled, SHARED_ENTRY), 'netcheck-panel', {
          rootPath: app.compiled,
        })
      },
    )
    expect(loads).toBe(1)
    // The store's phase and rows are observables of the host's mobx: the view follows them to the end.
    const { comp, fake, first, events, close } = await runCompiledPanel(id, {
      sdk: '2.13.0',
      only: 'socket,request',
    })
    expect(first.sdkInput).toBe('2.13.0')
    expect(first.text).toContain('wss://accesshub-wss.coolbcloud.com')
    expect(fake.callsOf('socket').length).toBeGreaterThan(0)
    expect(fake.callsOf('request').length).toBeGreaterThan(0)
    expect(comp.dom.textContent).toContain('coolhcloud')
    expect(fake.openTotal).toBe(0)
    expect(events).toHaveLength(1)
    close()
  })

  it.each([
    ['a mobx without makeObservable (mobx 4/5)', () => ({ observable: () => ({}), action: () => undefined })],
    [
      'no mobx-miniprogram at all',
      () => {
        throw new Error('module "miniprogram_npm/mobx-miniprogram/index.js" is not defined')
      },
    ],
  ])('given %s, fails at load with one clear line naming netcheck-panel', (_, mobx) => {
    let message = ''
    withMobx(mobx, () => {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(path.join(app.compiled, `${SHARED_ENTRY}.js`))
      } catch (e) {
        message = (e as Error).message
      }
    })
    expect(message.split('\n')).toHaveLength(1)
    expect(message).toMatch(/需要宿主自己的 mobx-miniprogram ≥ 6.*改用 netcheck-panel/)
    expect(message).toMatch(/needs the host's own mobx-miniprogram >= 6.*use netcheck-panel$/)
  })
})

describe('the same, with the panel in a subpackage and mobx-miniprogram in the main package', () => {
  let sub: HostApp
  beforeAll(() => {
    sub = buildSharedSubpackageHost()
  })
  const SUB_ENTRY = `${SUB_ROOT}/${NPM}/zim-netcheck/${SHARED_PANEL}/index`

  it('构建 npm puts the host’s mobx in the main package and zim-netcheck alone in the subpackage', () => {
    expect(sub.packNpm).toMatchObject({ miniProgramPackNum: 1, otherNpmPackNum: 1, warnList: [] })
    const root = path.join(sub.project, 'miniprogram')
    expect(fs.readdirSync(path.join(root, NPM))).toEqual(['mobx-miniprogram'])
    expect(fs.readdirSync(path.join(root, SUB_ROOT, NPM))).toEqual(['zim-netcheck'])
  })

  it('what the app and the subpackage’s panel reach holds one mobx, the main package’s', () => {
    const panel = panelFiles(sub, `${SUB_ROOT}/${NPM}`, SHARED_PANEL)
    expect(panel[`${SUB_ENTRY}.js`]).toBeGreaterThan(0)
    const uploaded = uploadClosure(sub, ['app.js', `${SUB_ROOT}/netcheck/index.js`, ...Object.keys(panel)])
    const copies = uploaded.filter(
      (f) => f.endsWith('.js') && fs.readFileSync(path.join(sub.compiled, f), 'utf8').includes(MOBX_MARK),
    )
    expect(copies).toEqual([HOST_MOBX])
    // The panel's closure in the subpackage is the same size as in the main package of the other host.
    const kb = Object.values(panel).reduce((a, b) => a + b, 0) / 1024
    expect(kb).toBeLessThanOrEqual(SHARED_PANEL_BUDGET_KB)
  })

  it('renders the subpackage’s compiled panel on the main package’s mobx and runs a probe', async () => {
    let loads = 0
    let id = ''
    withMobx(
      () => {
        loads++
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require(path.join(sub.compiled, HOST_MOBX))
      },
      () => {
        id = simulate.load(path.join(sub.compiled, SUB_ENTRY), 'netcheck-panel', { rootPath: sub.compiled })
      },
    )
    expect(loads).toBe(1)
    const { comp, fake, first, close } = await runCompiledPanel(id, { sdk: '2.13.0', only: 'socket' })
    expect(first.text).toContain('wss://accesshub-wss.coolbcloud.com')
    expect(fake.callsOf('socket').length).toBeGreaterThan(0)
    // The view followed the store to the end of the run: "16/16" rows done, then "16 项中没有失败" (none failed).
    expect(comp.dom.textContent).toMatch(/(\d+)\/\1\1 项中没有失败/)
    expect(fake.openTotal).toBe(0)
    close()
  })
})
