import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  buildHostApp,
  buildSharedHost,
  buildSubpackageHost,
  footprintFiles,
  FOOTPRINT_TARGET_KB,
  FOOTPRINT_WITH_REPORT_BUDGET_KB,
  mainPackage,
  panelFiles,
  SENTINEL_BUDGET_KB,
  sentinelFiles,
  sentinelLazyFiles,
  SENTINEL_LAZY_BUDGET_KB,
  SHARED_PANEL,
  SHARED_PANEL_BUDGET_KB,
  sentinelClosure,
  SUB_ROOT,
} from '../test/helpers/host-app'
import { figure } from './figures'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildDist } = require('../tools/build-dist.js') as {
  buildDist: (out: string) => Promise<Record<string, Record<string, number>>>
}

/** The part of the product a source file belongs to. */
function partOf(source: string): string {
  const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)
  if (npm) return npm[1]
  const m = /^miniprogram\/(components\/[^/]+|[^/]+)/.exec(source)
  return m ? m[1] : source
}

/** Bytes in all. */
const sum = (files: Record<string, number>) => Object.values(files).reduce((a, b) => a + b, 0)

/** KB with one decimal. */
const kbOf = (files: Record<string, number>) =>
  Math.round((Object.values(files).reduce((a, b) => a + b, 0) / 1024) * 10) / 10

/** Each compiled JS file's bytes shared among its sources in proportion to their share of the bundle. */
function breakdown(files: Record<string, number>, inputs: Record<string, Record<string, number>>): string {
  const parts = new Map<string, number>()
  const add = (k: string, b: number) => parts.set(k, (parts.get(k) ?? 0) + b)
  for (const [file, bytes] of Object.entries(files)) {
    const rel = file.replace('miniprogram_npm/zim-netcheck/', '')
    const ins = inputs[rel]
    if (file.startsWith('@babel/')) add('compiler helpers', bytes)
    else if (!ins) add(`${rel.split('/')[0]} wxml/wxss/json`, bytes)
    else {
      const sum = Object.values(ins).reduce((a, b) => a + b, 0)
      for (const [src, b] of Object.entries(ins)) add(partOf(src), (bytes * b) / sum)
    }
  }
  // A source that puts no byte in the bundle (the mobx entry's re-export) is not a part.
  return [...parts.entries()]
    .filter(([, bytes]) => bytes >= 51)
    .sort((a, b) => b[1] - a[1])
    .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(1)}`)
    .join(', ')
}

test('what zim-netcheck adds to a host mini-program, as WeChat compiles it for upload', async () => {
  // The packed tarball installed into test/host-app, 构建 npm and the upload compiler of miniprogram-ci
  // (ES6 → ES5, minified JS/WXML/WXSS). footprint_kb: what a host embedding the panel uploads (the panel's
  // require closure and its WXML/WXSS/json: WeChat drops the package files nothing references);
  // footprint_with_report_kb: the whole package, for a host that also wraps the report page and builds share cards.
  const app = buildHostApp()
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zim-dist-'))
  const inputs = await buildDist(tmp)
  fs.rmSync(tmp, { recursive: true, force: true })
  const panel = panelFiles(app)
  figure('footprint_kb', kbOf(panel), { max: FOOTPRINT_TARGET_KB }, breakdown(panel, inputs))
  const all = footprintFiles(app)
  const extra = Object.fromEntries(Object.entries(all).filter(([f]) => panel[f] === undefined))
  figure(
    'footprint_with_report_kb',
    kbOf(all),
    { max: FOOTPRINT_WITH_REPORT_BUDGET_KB },
    `the panel's ${kbOf(panel)} KB and ${kbOf(extra)} KB more: ${breakdown(extra, inputs)}`,
  )
})

test('what netcheck-panel-shared adds to a host that already has mobx-miniprogram (test/host-app/shared)', async () => {
  // The shared panel's require closure and its WXML/WXSS/json, as compiled; its mobx is the host's own
  // miniprogram_npm/mobx-miniprogram, which the host pays for anyway.
  const shared = buildSharedHost()
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zim-dist-'))
  const inputs = await buildDist(tmp)
  fs.rmSync(tmp, { recursive: true, force: true })
  const files = panelFiles(shared, 'miniprogram_npm', SHARED_PANEL)
  const own = panelFiles(buildHostApp())
  figure(
    'footprint_shared_panel_kb',
    kbOf(files),
    { max: SHARED_PANEL_BUDGET_KB },
    `${((sum(own) - sum(files)) / 1024).toFixed(1)} KB less than netcheck-panel's ${kbOf(own)} KB: ${breakdown(files, inputs)}`,
  )
})

test('what the panel in a subpackage adds to the main package of a host (test/host-app/sub)', () => {
  const { withPanel, bare } = buildSubpackageHost()
  const main = mainPackage(withPanel.compiled, withPanel.files)
  const before = mainPackage(bare.compiled, bare.files)
  // Bytes that differ: files added or removed count whole, a changed file by its size difference (at least 1).
  let bytes = 0
  for (const f of new Set([...Object.keys(main), ...Object.keys(before)])) {
    const a = Buffer.byteLength(main[f] ?? '')
    const b = Buffer.byteLength(before[f] ?? '')
    if (main[f] !== before[f]) bytes += Math.max(1, Math.abs(a - b))
  }
  const npm = `${SUB_ROOT}/miniprogram_npm`
  figure(
    'subpackage_main_bytes',
    bytes,
    { max: 0 },
    `main package ${Object.keys(main).length} files, the same with and without the panel; the subpackage holds ${kbOf(panelFiles(withPanel, npm))} KB for the panel, ${kbOf(footprintFiles(withPanel, npm))} KB with the report page and share cards`,
  )
})

test('what zim-netcheck/sentinel adds beyond the panel, as WeChat compiles it for upload', () => {
  const files = sentinelFiles(buildHostApp())
  const total = Object.values(files).reduce((a, b) => a + b, 0)
  const shown = Object.entries(files)
    .sort((a, b) => b[1] - a[1])
    .map(
      ([name, bytes]) => `${name.replace('miniprogram_npm/zim-netcheck/', '')} ${(bytes / 1024).toFixed(1)}`,
    )
    .join(', ')
  figure('sentinel_kb', Math.round((total / 1024) * 10) / 10, { max: SENTINEL_BUDGET_KB }, shown)
})

test('what a main package holding the sentinel pays: zim-netcheck/sentinel-lazy vs zim-netcheck/sentinel', () => {
  const app = buildHostApp()
  const lazy = Object.values(sentinelLazyFiles(app)).reduce((a, b) => a + b, 0)
  // zim-netcheck/sentinel in a main package, the panel in a subpackage: its entry and every chunk it requires.
  const whole = Object.values(sentinelClosure(app)).reduce((a, b) => a + b, 0)
  figure(
    'sentinel_lazy_main_kb',
    Math.round((lazy / 1024) * 10) / 10,
    { max: SENTINEL_LAZY_BUDGET_KB },
    `sentinel-lazy.js alone; zim-netcheck/sentinel's whole closure would be ${(whole / 1024).toFixed(1)} KB there`,
  )
})
