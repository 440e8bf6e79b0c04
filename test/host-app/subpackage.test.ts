/** @jest-environment jsdom */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { decodeShare } from '../../miniprogram/core/share'
import {
  buildSubpackageHost,
  footprintFiles,
  FOOTPRINT_BUDGET_KB,
  FOOTPRINT_WITH_REPORT_BUDGET_KB,
  mainPackage,
  panelFiles,
  PLACEHOLDER_PAGE,
  SUB_ROOT,
  SubpackageHost,
} from '../helpers/host-app'
import { runCompiledPanel } from '../helpers/compiled-panel'
import { installFakeWx, sleep } from '../helpers/panel'
import { scriptFor } from '../helpers/setdata-measure'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate')

// Issue 31: a host keeps the panel in a subpackage (test/host-app/sub, the README's recipe) and its main package
// does not grow by a byte. The first run on a machine installs miniprogram-ci and builds three hosts (~2 min).
jest.setTimeout(600_000)

let host: SubpackageHost
beforeAll(() => {
  host = buildSubpackageHost()
})

const NPM = `${SUB_ROOT}/miniprogram_npm`

describe('a host that keeps zim-netcheck in its subpackage zim/', () => {
  it('构建 npm into the subpackage root: zim/miniprogram_npm holds the package, the main package none', () => {
    const app = host.withPanel
    expect(app.packNpm).toMatchObject({ miniProgramPackNum: 1, otherNpmPackNum: 0, warnList: [] })
    const root = path.join(app.project, 'miniprogram')
    expect(fs.existsSync(path.join(root, 'miniprogram_npm'))).toBe(false)
    expect(fs.readdirSync(path.join(root, NPM))).toEqual(['zim-netcheck'])
    const json = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8'))
    expect(json.subPackages).toEqual([{ root: SUB_ROOT, pages: ['netcheck/index', 'report/index'] }])
  })

  it('the main package is byte for byte the host without the panel', () => {
    const withPanel = mainPackage(host.withPanel.compiled, host.withPanel.files)
    const bare = mainPackage(host.bare.compiled, host.bare.files)
    // The comparison is over real files: the host's own page, app.json, the compiler's output for both.
    expect(Object.keys(bare)).toEqual(expect.arrayContaining(['app.js', 'app.json', 'pages/index/index.js']))
    expect(Object.keys(withPanel)).toEqual(Object.keys(bare))
    for (const [file, text] of Object.entries(bare)) expect([file, withPanel[file]]).toEqual([file, text])
    // No compiler helper (@babel/runtime, written at the root) and nothing of the package outside zim/.
    expect(Object.keys(withPanel).filter((f) => f.startsWith('@babel/'))).toEqual([])
    // …while the subpackage does hold the package, compiled.
    expect(host.withPanel.files[`${NPM}/zim-netcheck/netcheck-panel/index.js`]).toBeGreaterThan(10_000)
  })

  it(`the subpackage pays ≤ ${FOOTPRINT_BUDGET_KB} KB for the panel, ≤ ${FOOTPRINT_WITH_REPORT_BUDGET_KB} KB with the report page and share cards, and every require resolves inside it`, () => {
    const app = host.withPanel
    const kb = (files: Record<string, number>) => Object.values(files).reduce((x, y) => x + y, 0) / 1024
    const panel = panelFiles(app, NPM)
    const all = footprintFiles(app, NPM)
    expect(Object.keys(all).every((f) => f.startsWith(`${NPM}/zim-netcheck/`))).toBe(true)
    expect(Object.keys(panel).every((f) => f in all)).toBe(true)
    // The fixture's pages use both: the report page's files are in the subpackage, outside the panel's share.
    expect(all[`${NPM}/zim-netcheck/report-view/index.js`]).toBeGreaterThan(0)
    expect(panel[`${NPM}/zim-netcheck/report-view/index.js`]).toBeUndefined()
    expect(kb(panel)).toBeGreaterThan(50)
    expect(kb(panel)).toBeLessThanOrEqual(FOOTPRINT_BUDGET_KB)
    expect(kb(all)).toBeGreaterThan(kb(panel))
    expect(kb(all)).toBeLessThanOrEqual(FOOTPRINT_WITH_REPORT_BUDGET_KB)
    for (const rel of Object.keys(app.files).filter((f) => f.endsWith('.js'))) {
      const src = fs.readFileSync(path.join(app.compiled, rel), 'utf8')
      for (const m of src.matchAll(/require\("(\.[^"]+)"\)/g)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1]))
        const file = target.endsWith('.js') ? target : `${target}.js`
        expect([rel, m[1], app.files[file] !== undefined]).toEqual([rel, m[1], true])
      }
    }
  })

  it('分包异步化: the panel on a main-package page costs the main package only the json and WXML of that page', () => {
    const { placeholder, withPanel } = host
    const main = mainPackage(placeholder.compiled, placeholder.files)
    const bare = mainPackage(host.bare.compiled, host.bare.files)
    expect(Object.keys(main)).toEqual(Object.keys(bare))
    const changed = Object.keys(bare).filter((f) => main[f] !== bare[f])
    expect(changed).toEqual(['pages/index/index.json', 'pages/index/index.wxml'])
    // The compiler kept the placeholder and the path into the subpackage, and the wxml is the page's own.
    expect(JSON.parse(main['pages/index/index.json'])).toMatchObject(PLACEHOLDER_PAGE.json)
    expect(main['pages/index/index.wxml'].length).toBeLessThanOrEqual(PLACEHOLDER_PAGE.wxml.length)
    // The panel's code stays in the subpackage, the same files as when only the subpackage uses it.
    const sub = (files: Record<string, number>) =>
      Object.entries(files)
        .filter(([f]) => f.startsWith(`${NPM}/`))
        .sort()
    expect(sub(placeholder.files)).toEqual(sub(withPanel.files))
  })

  it('renders the compiled panel of the subpackage, runs a probe, and its card opens the subpackage report page', async () => {
    const app = host.withPanel
    const id = simulate.load(
      path.join(app.compiled, `${NPM}/zim-netcheck/netcheck-panel/index`),
      'netcheck-panel',
      {
        rootPath: app.compiled,
      },
    )
    const { fake, first, events, close } = await runCompiledPanel(id, {
      sdk: '2.13.0',
      only: 'socket',
      sharePath: `/${SUB_ROOT}/report/index`,
    })
    expect(first.sdkInput).toBe('2.13.0')
    const reports = events.map((e) => e.report)
    const sharePages = events.map((e) => e.sharePage)
    expect(fake.callsOf('socket').length).toBeGreaterThan(0)
    // Only socket rows were asked for: the one request is the enforcement canary's (core/canary.ts).
    expect(fake.callsOf('request').map((c: { url: string }) => /zim-canary-/.test(c.url))).toEqual([true])
    expect(fake.openTotal).toBe(0)
    expect(reports).toHaveLength(1)
    // The page gives the panel share-path="/zim/report/index": the report event names the subpackage's page.
    expect(sharePages).toEqual([`/${SUB_ROOT}/report/index`])
    // The fixture's page shares a card into the subpackage's report page, as the README says.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { shareCard } = require(path.join(app.compiled, `${NPM}/zim-netcheck/share.js`))
    const card = shareCard(reports[0], `/${SUB_ROOT}/report/index`)
    expect(card.path).toMatch(new RegExp(`^/${SUB_ROOT}/report/index\\?r=z1\\.`))
    const decoded = decodeShare(card.path)
    expect(decoded.ok && decoded.report.results.length).toBe(reports[0].results.length)
    close()

    installFakeWx(scriptFor)
    const rv = simulate.load(
      path.join(app.compiled, `${NPM}/zim-netcheck/report-view/index`),
      'report-view',
      {
        rootPath: app.compiled,
      },
    )
    const view = simulate.render(rv, { r: card.path.split('?r=')[1], page: `/${SUB_ROOT}/report/index` })
    view.attach(document.createElement('parent-wrapper'))
    await sleep(20)
    expect((view.dom.textContent ?? '').replace(/\u200b/g, '')).toContain('ZIM SDK 2.13.0')
    expect(view.instance.shareMessage().path).toBe(card.path)
    view.detach()
  })
})
