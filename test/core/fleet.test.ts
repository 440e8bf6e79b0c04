import {
  breakdown,
  buildMatrix,
  detailTable,
  dimensionValue,
  dimensionValues,
  FleetItem,
  fleetCauses,
  filterItems,
  matrixTable,
  osFamily,
  UNKNOWN_VALUE,
} from '../../miniprogram/core/fleet'
import { Report } from '../../miniprogram/core/report'
import { allTimeout, engineReport, ENVS, hostile, notWhitelisted, zegoTls } from '../helpers/engine-reports'

let items: FleetItem[]
const item = (name: string, report: Report): FleetItem => ({
  name,
  report,
  summary: report.summary,
  complete: true,
})

beforeAll(async () => {
  const reports = await Promise.all([
    engineReport(zegoTls, ENVS.android, { sdk: 'all' }),
    engineReport(zegoTls, { ...ENVS.android, networkType: 'wifi' }),
    engineReport(notWhitelisted, ENVS.ios, { sdk: '2.12.0' }),
    engineReport(allTimeout, ENVS.oldAndroid, { timeoutMs: 20 }),
    engineReport(hostile, ENVS.devtools, { only: ['socket', 'downloadFile'] }),
    engineReport(allTimeout, ENVS.node, { cancelAfterMs: 2 }),
  ])
  items = reports.map((r, i) => item(`r${i}`, r))
})

const allRows = (its: FleetItem[]) => its.flatMap((i) => i.report.results)

it('osFamily keeps the OS and its major version', () => {
  expect(osFamily('iOS 17.2.1')).toBe('iOS 17')
  expect(osFamily('Android 14')).toBe('Android 14')
  expect(osFamily('Windows 10 x64')).toBe('Windows 10')
  expect(osFamily('HarmonyOS 4.2.0')).toBe('HarmonyOS 4')
  expect(osFamily(undefined)).toBe('')
})

it('dimension values come from the environment, unknown when absent', () => {
  expect(items.map((i) => dimensionValue(i.report, 'platform'))).toEqual([
    'android',
    'android',
    'ios',
    'android',
    'devtools',
    'linux',
  ])
  expect(dimensionValue(items[5].report, 'networkType')).toBe(UNKNOWN_VALUE)
  expect(dimensionValue(items[2].report, 'sdk')).toBe('2.12.0')
  expect(dimensionValues(items, 'platform')[0]).toEqual({ value: 'android', count: 3 })
})

it('the matrix counts every row once: fail, warn, skipped and ran add up to the reports', () => {
  const m = buildMatrix(items)
  let fail = 0
  let warn = 0
  let skipped = 0
  let ran = 0
  for (const row of m.rows)
    for (const c of m.categories) {
      const cell = row.cells[c]
      if (!cell) continue
      fail += cell.fail
      warn += cell.warn
      skipped += cell.skipped
      ran += cell.ran
      expect(Object.values(cell.errors).reduce((a, b) => a + b!, 0)).toBe(cell.fail)
    }
  const rows = allRows(items)
  expect(fail).toBe(rows.filter((r) => r.status === 'fail').length)
  expect(warn).toBe(rows.filter((r) => r.status === 'warn').length)
  expect(skipped).toBe(rows.filter((r) => r.status === 'skipped').length)
  expect(ran + skipped).toBe(rows.length)
  expect(m.reports).toBe(items.length)
  // Most failing hosts first.
  for (let i = 1; i < m.rows.length; i++) expect(m.rows[i - 1].fail).toBeGreaterThanOrEqual(m.rows[i].fail)
  expect(matrixTable(m).length - 1).toBe(m.rows.reduce((n, r) => n + Object.keys(r.cells).length, 0))
})

it('filters: dimensions, failed-only, categories, errors, host', () => {
  expect(filterItems(items, { dims: { platform: ['android'] } }).map((i) => i.name)).toEqual([
    'r0',
    'r1',
    'r3',
  ])
  expect(
    filterItems(items, { dims: { platform: ['android'], networkType: ['wifi'] } }).map((i) => i.name),
  ).toEqual(['r1'])
  expect(filterItems(items, { failedOnly: true }).every((i) => i.summary.fail > 0)).toBe(true)
  const m = buildMatrix(items, { categories: ['socket'], host: 'ZEGO.IM' })
  expect(m.categories).toEqual(['socket'])
  expect(m.rows.every((r) => r.host.includes('zego.im'))).toBe(true)
  const tlsOnly = buildMatrix(items, { errors: ['tls'] })
  for (const row of tlsOnly.rows)
    for (const cell of Object.values(row.cells)) expect(Object.keys(cell!.errors)).not.toContain('timeout')
})

it('breakdowns add up to the kept reports and their failing rows', () => {
  for (const dim of [
    'platform',
    'networkType',
    'os',
    'wechatVersion',
    'baseLibrary',
    'sdk',
    'runtime',
  ] as const) {
    const b = breakdown(items, dim)
    expect(b.reduce((n, r) => n + r.reports, 0)).toBe(items.length)
    expect(b.reduce((n, r) => n + r.fail, 0)).toBe(allRows(items).filter((r) => r.status === 'fail').length)
    expect(b.reduce((n, r) => n + r.failedReports, 0)).toBe(items.filter((i) => i.summary.fail > 0).length)
  }
})

it('fleet causes count reports, not rows', () => {
  const causes = fleetCauses(items, 'en')
  const tls = causes.find((c) => c.key === 'tls|domain:zego.im')
  expect(tls?.reports).toBe(2)
  expect(tls?.names).toEqual(['r0', 'r1'])
  expect(causes.find((c) => c.key === 'timeout|every')?.reports).toBe(1)
})

it('the detail table has one row per counted probe, with the raw values', () => {
  const t = detailTable(items)
  expect(t.length - 1).toBe(allRows(items).length)
  const header = t[0]
  const msg = header.indexOf('errMsg')
  expect(t.some((row) => String(row[msg]).includes('<img src=x'))).toBe(true)
  expect(
    detailTable(items, { categories: ['request'] })
      .slice(1)
      .every((r) => r[header.indexOf('category')] === 'request'),
  ).toBe(true)
})
