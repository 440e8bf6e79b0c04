/** @jest-environment jsdom */
import { DEFAULT_MAX_BYTES, encodeShare } from '../../miniprogram/core/share'
import {
  buildHostApp,
  footprintFiles,
  FOOTPRINT_BUDGET_KB,
  FOOTPRINT_WITH_REPORT_BUDGET_KB,
  panelFiles,
  SENTINEL_BUDGET_KB,
  SENTINEL_ENTRY,
  sentinelFiles,
  sentinelLazyFiles,
  SENTINEL_LAZY_BUDGET_KB,
  SENTINEL_LAZY_ENTRY,
} from '../helpers/host-app'
import { report2130 } from '../helpers/reports'
import { measurePanelRun } from '../helpers/setdata-measure'

// The deterministic figures of `npm run bench` (bytes, not time), as budgets that fail `npm test`.

// First run on a machine: miniprogram-ci install and the host build (see test/helpers/host-app.ts).
jest.setTimeout(300_000)

describe('budgets', () => {
  it(`footprint: what a host embedding the panel gains, as WeChat's compiler uploads it, is ≤ ${FOOTPRINT_BUDGET_KB} KB`, () => {
    const app = buildHostApp()
    const files = panelFiles(app)
    const names = Object.keys(files)
    // The panel, its WXML/WXSS/json and the common chunks it requires (not an empty set)…
    for (const ext of ['js', 'wxml', 'wxss', 'json'])
      expect(names).toContain(`miniprogram_npm/zim-netcheck/netcheck-panel/index.${ext}`)
    expect(names.some((n) => n.startsWith('miniprogram_npm/zim-netcheck/common/'))).toBe(true)
    // …and the package's own mobx-miniprogram, which the panel requires (netcheck-panel-shared takes the host's).
    expect(names).toContain('miniprogram_npm/zim-netcheck/mobx.js')
    expect(names.filter((n) => n.includes('netcheck-panel-shared'))).toEqual([])
    // …and nothing the panel does not load: the report page, the share card entry, the sentinel.
    expect(
      names.filter((n) => /\/(?:report-view\/|share\.js$|sentinel\.js$|sentinel-lazy\.js$)/.test(n)),
    ).toEqual([])
    // A common chunk the panel does not require is not counted (the share codec's): the measure is a closure.
    const all = footprintFiles(app)
    expect(Object.keys(all).filter((n) => n.includes('/common/') && !(n in files)).length).toBeGreaterThan(0)
    const kb = Object.values(files).reduce((a, b) => a + b, 0) / 1024
    expect(kb).toBeLessThanOrEqual(FOOTPRINT_BUDGET_KB)
  })

  it(`footprint with the report page and share cards: the whole package, as uploaded, is ≤ ${FOOTPRINT_WITH_REPORT_BUDGET_KB} KB`, () => {
    const files = footprintFiles(buildHostApp())
    const names = Object.keys(files)
    expect(names).toContain('miniprogram_npm/zim-netcheck/netcheck-panel/index.js')
    expect(names).toContain('miniprogram_npm/zim-netcheck/report-view/index.wxml')
    expect(names).toContain('miniprogram_npm/zim-netcheck/share.js')
    const kb = Object.values(files).reduce((a, b) => a + b, 0) / 1024
    expect(kb).toBeLessThanOrEqual(FOOTPRINT_WITH_REPORT_BUDGET_KB)
  })

  it(`sentinel: what zim-netcheck/sentinel adds, as WeChat's compiler uploads it, is ≤ ${SENTINEL_BUDGET_KB} KB`, () => {
    const files = sentinelFiles(buildHostApp())
    // The measure covers the sentinel's entry (not an empty set).
    expect(Object.keys(files)).toContain(SENTINEL_ENTRY)
    const kb = Object.values(files).reduce((a, b) => a + b, 0) / 1024
    expect(kb).toBeLessThanOrEqual(SENTINEL_BUDGET_KB)
  })

  it(`sentinel-lazy: what a main package holding it pays, as WeChat's compiler uploads it, is one file ≤ ${SENTINEL_LAZY_BUDGET_KB} KB`, () => {
    const files = sentinelLazyFiles(buildHostApp())
    // Its whole require closure: the entry alone (no chunk of the panel's, no compiler helper, none of the check).
    expect(Object.keys(files)).toEqual([SENTINEL_LAZY_ENTRY])
    const kb = Object.values(files).reduce((a, b) => a + b, 0) / 1024
    expect(kb).toBeLessThanOrEqual(SENTINEL_LAZY_BUDGET_KB)
  })

  it(`share payload: a full 2.13.0 report's card path is whole and ≤ ${DEFAULT_MAX_BYTES} bytes`, () => {
    const enc = encodeShare(report2130())
    expect(enc.complete).toBe(true)
    expect(enc.bytes).toBeLessThanOrEqual(DEFAULT_MAX_BYTES)
  })

  it('setData bytes: a full run sends at most 2× the bytes of its final view', async () => {
    const figures = await measurePanelRun()
    expect(figures.finalBytes).toBeGreaterThan(10_000)
    expect(figures.bytesRatio).toBeLessThanOrEqual(2)
  })
})
