import {
  breakdown,
  buildMatrix,
  detailTable,
  dimensionValue,
  dimensionValues,
  FleetItem,
  fleetCauses,
  filterItems,
  filterRows,
  matrixTable,
  osFamily,
  topErrors,
  UNKNOWN_VALUE,
} from '../../miniprogram/core/fleet'
import { RunEnvironment } from '../../miniprogram/core/environment'
import { Report, ReportSummary } from '../../miniprogram/core/report'
import { ProbeResult } from '../../miniprogram/core/result'
import { Category, ErrorCategory, ProbeStatus } from '../../miniprogram/core/vocabulary'
import { makeReport, PHONE } from '../helpers/reports'

/*
 * Exact outputs of core/fleet.ts on small hand-made fleets, so each count, order, filter and string of the
 * support view is pinned (docs/mutation.md): fleet.test.ts checks totals on engine-made reports.
 */

const row = (
  category: Category,
  url: string,
  status: ProbeStatus,
  more: Partial<ProbeResult> = {},
): ProbeResult => ({ id: `${category}:${url}`, category, url, purpose: 'access', status, ...more })

const failed = (category: Category, url: string, error?: ErrorCategory, more: Partial<ProbeResult> = {}) =>
  row(category, url, 'fail', {
    ...(error ? { error: { category: error, errMsg: `${error} here` } } : {}),
    ...more,
  })

const item = (name: string, report: Report, summary: ReportSummary = report.summary): FleetItem => ({
  name,
  report,
  summary,
  complete: true,
})

const IOS: RunEnvironment = {
  runtime: 'wechat',
  platform: 'ios',
  wechatVersion: '8.0.49',
  baseLibrary: '3.4.10',
  system: 'iOS 17.2.1',
  networkType: 'wifi',
  appId: 'wx1111',
  enableDebug: false,
}
const DEVTOOLS: RunEnvironment = { runtime: 'devtools', platform: 'devtools' }

const Z = 'https://z.zego.im/api'
const ZWS = 'wss://z.zego.im/ws'
const M = 'https://m.example.com/api'
const MF = 'https://m.example.com/f'
const A = 'https://a.alpha.net/api'
const Y = 'https://y.why.org/api'

/*
 * c (iOS): one TLS failure. a (Android, 4g): TLS on both zego.im rows, a warning, a pass. b (Android, wifi): a
 * failure without error, DNS, a skip, a pass, refused. e (DevTools, no network type): a pass, refused.
 */
const fleet = (): FleetItem[] => [
  item(
    'c',
    makeReport(
      [
        failed('request', Z, 'tls', {
          error: { category: 'tls', errMsg: 'request:fail ssl hand shake error', errno: -201 },
          timing: { totalMs: 12.6 },
        }),
        row('request', Y, 'pass', { statusCode: 200, timing: { totalMs: 40.4 } }),
      ],
      IOS,
      '2.12.0',
    ),
  ),
  item(
    'a',
    makeReport([
      row('downloadFile', MF, 'warn', { error: { category: 'http', errMsg: 'upgrade' } }),
      failed('socket', ZWS, 'tls'),
      failed('request', Z, 'tls'),
      row('request', M, 'pass'),
    ]),
  ),
  item(
    'b',
    makeReport(
      [
        failed('socket', ZWS),
        failed('request', Z, 'dns'),
        row('request', M, 'skipped', { skipReason: 'cancelled' }),
        row('request', A, 'pass'),
        failed('request', Y, 'refused'),
      ],
      { ...PHONE, networkType: 'wifi' },
    ),
  ),
  item('e', makeReport([row('request', A, 'pass'), failed('request', Y, 'refused')], DEVTOOLS, '2.12.0')),
]

const names = (its: FleetItem[]) => its.map((i) => i.name)
const ids = (rows: ProbeResult[]) => rows.map((r) => r.id)

describe('osFamily', () => {
  it('takes the name from the start and the major version after it', () => {
    expect(osFamily('iOS17.2')).toBe('iOS 17')
    expect(osFamily('  iOS 17.2')).toBe('iOS 17')
    expect(osFamily('macOS v13.1')).toBe('macOS 13')
    expect(osFamily('Mac OS X 10.15.7')).toBe('Mac OS X 10')
    expect(osFamily('Android 14.1')).toBe('Android 14')
  })

  it('keeps a value it cannot read, trimmed', () => {
    expect(osFamily('3 Android 14')).toBe('3 Android 14')
    expect(osFamily('  Linux  ')).toBe('Linux')
    expect(osFamily('')).toBe('')
  })
})

describe('dimensionValue', () => {
  const rep: Report = {
    ...makeReport([], {
      ...IOS,
      platform: ' ios ',
      system: '  iOS 17.2.1',
      networkType: '   ',
      wechatVersion: '8.0.49',
    }),
    sdk: { input: 'latest', resolved: '2.13.0' },
  }

  it('reads each dimension, trimmed: the OS family, the resolved SDK, the runtime', () => {
    expect(dimensionValue(rep, 'platform')).toBe('ios')
    expect(dimensionValue(rep, 'os')).toBe('iOS 17')
    expect(dimensionValue(rep, 'sdk')).toBe('2.13.0')
    expect(dimensionValue(rep, 'runtime')).toBe('wechat')
    expect(dimensionValue(rep, 'wechatVersion')).toBe('8.0.49')
    expect(dimensionValue(rep, 'baseLibrary')).toBe('3.4.10')
  })

  it('a blank or absent value is unknown', () => {
    expect(dimensionValue(rep, 'networkType')).toBe(UNKNOWN_VALUE)
    const bare = makeReport([], DEVTOOLS)
    expect(dimensionValue(bare, 'networkType')).toBe(UNKNOWN_VALUE)
    expect(dimensionValue(bare, 'os')).toBe(UNKNOWN_VALUE)
    expect(dimensionValue(bare, 'runtime')).toBe('devtools')
  })
})

describe('filterItems', () => {
  const its = fleet()
  it('keeps every report without a filter or with empty lists', () => {
    expect(names(filterItems(its))).toEqual(['c', 'a', 'b', 'e'])
    expect(names(filterItems(its, { dims: { platform: [] }, failedOnly: false }))).toEqual([
      'c',
      'a',
      'b',
      'e',
    ])
  })

  it('keeps a report whose value is one of the wanted ones, in every dimension given', () => {
    expect(names(filterItems(its, { dims: { platform: ['android'] } }))).toEqual(['a', 'b'])
    expect(
      names(filterItems(its, { dims: { platform: ['ios', 'android'], networkType: ['wifi'] } })),
    ).toEqual(['c', 'b'])
    expect(names(filterItems(its, { dims: { networkType: [UNKNOWN_VALUE] } }))).toEqual(['e'])
    expect(names(filterItems(its, { dims: { sdk: ['2.12.0'], os: ['iOS 17'] } }))).toEqual(['c'])
  })

  it('failed-only goes by the summary, which counts the whole run', () => {
    const passing = makeReport([row('request', A, 'pass')])
    const its2 = [
      item('ok', passing),
      item('card', passing, { ...passing.summary, fail: 1 }),
      item('bad', makeReport([failed('request', Y, 'refused')])),
    ]
    expect(names(filterItems(its2, { failedOnly: true }))).toEqual(['card', 'bad'])
    expect(names(filterItems(its2, { failedOnly: false }))).toEqual(['ok', 'card', 'bad'])
  })
})

describe('filterRows', () => {
  const rows = [
    failed('socket', 'wss://a.zego.im/ws', 'tls'),
    row('request', 'https://api.Example.com/x', 'pass'),
    failed('request', 'https://b.zego.im:8443/y'),
    row('downloadFile', 'https://cdn.other.net/f', 'warn', { error: { category: 'http', errMsg: 'x' } }),
    row('uploadFile', 'https://up.other.net/u', 'skipped'),
    failed('request', 'https://c.other.net/z', 'timeout'),
  ]
  const all = ids(rows)

  it('keeps every row without a filter, or with empty lists and a blank host', () => {
    expect(ids(filterRows(rows))).toEqual(all)
    expect(ids(filterRows(rows, { categories: [], errors: [], host: '   ' }))).toEqual(all)
    expect(ids(filterRows(rows, { host: '' }))).toEqual(all)
  })

  it('by category', () => {
    expect(ids(filterRows(rows, { categories: ['request'] }))).toEqual([all[1], all[2], all[5]])
    expect(ids(filterRows(rows, { categories: ['socket', 'downloadFile'] }))).toEqual([all[0], all[3]])
  })

  it('by host: part of the hostname, trimmed, either case; the port is not part of it', () => {
    expect(ids(filterRows(rows, { host: '  ZEGO.im ' }))).toEqual([all[0], all[2]])
    expect(ids(filterRows(rows, { host: 'example' }))).toEqual([all[1]])
    expect(ids(filterRows(rows, { host: 'other' }))).toEqual([all[3], all[4], all[5]])
    expect(ids(filterRows(rows, { host: '8443' }))).toEqual([])
  })

  it('by error: failures of other categories (or of none) are left out, other rows stay', () => {
    expect(ids(filterRows(rows, { errors: ['tls'] }))).toEqual([all[0], all[1], all[3], all[4]])
    expect(ids(filterRows(rows, { errors: ['timeout', 'tls'] }))).toEqual([
      all[0],
      all[1],
      all[3],
      all[4],
      all[5],
    ])
  })

  it('every filter given must hold', () => {
    expect(ids(filterRows(rows, { categories: ['request'], host: 'other', errors: ['timeout'] }))).toEqual([
      all[5],
    ])
    expect(ids(filterRows(rows, { categories: ['socket'], host: 'other' }))).toEqual([])
    expect(ids(filterRows(rows, { categories: ['uploadFile'], errors: ['dns'] }))).toEqual([all[4]])
    expect(ids(filterRows(rows, { host: 'zego', errors: ['timeout'] }))).toEqual([])
  })
})

describe('buildMatrix and matrixTable', () => {
  it('counts each host × category: ran, failed and how, warned, skipped; most failing hosts first', () => {
    const m = buildMatrix(fleet())
    expect(m.reports).toBe(4)
    expect(m.categories).toEqual(['socket', 'request', 'downloadFile'])
    expect(m.rows.map((r) => [r.host, r.fail])).toEqual([
      ['z.zego.im', 5],
      ['y.why.org', 2],
      ['a.alpha.net', 0],
      ['m.example.com', 0],
    ])
    const [z, y, a, mm] = m.rows
    expect(z.cells).toEqual({
      socket: { ran: 2, fail: 2, warn: 0, skipped: 0, errors: { tls: 1, unknown: 1 } },
      request: { ran: 3, fail: 3, warn: 0, skipped: 0, errors: { tls: 2, dns: 1 } },
    })
    expect(y.cells).toEqual({ request: { ran: 3, fail: 2, warn: 0, skipped: 0, errors: { refused: 2 } } })
    expect(a.cells).toEqual({ request: { ran: 2, fail: 0, warn: 0, skipped: 0, errors: {} } })
    expect(mm.cells).toEqual({
      request: { ran: 1, fail: 0, warn: 0, skipped: 1, errors: {} },
      downloadFile: { ran: 1, fail: 0, warn: 1, skipped: 0, errors: {} },
    })
    expect(matrixTable(m)).toEqual([
      ['host', 'category', 'ran', 'fail', 'warn', 'skipped', 'errors'],
      ['z.zego.im', 'socket', 2, 2, 0, 0, 'tls:1 unknown:1'],
      ['z.zego.im', 'request', 3, 3, 0, 0, 'tls:2 dns:1'],
      ['y.why.org', 'request', 3, 2, 0, 0, 'refused:2'],
      ['a.alpha.net', 'request', 2, 0, 0, 0, ''],
      ['m.example.com', 'request', 1, 0, 0, 1, ''],
      ['m.example.com', 'downloadFile', 1, 0, 1, 0, ''],
    ])
  })

  it('hosts that fail as often are in name order', () => {
    const m = buildMatrix([
      item('x', makeReport([failed('request', M, 'dns'), failed('request', A, 'dns'), failed('request', Z)])),
    ])
    expect(m.rows.map((r) => r.host)).toEqual(['a.alpha.net', 'm.example.com', 'z.zego.im'])
  })

  it('counts only the kept reports and rows', () => {
    const m = buildMatrix(fleet(), { dims: { platform: ['android'] }, errors: ['tls'] })
    expect(m.reports).toBe(2)
    expect(m.categories).toEqual(['socket', 'request', 'downloadFile'])
    expect(matrixTable(m)).toEqual([
      ['host', 'category', 'ran', 'fail', 'warn', 'skipped', 'errors'],
      ['z.zego.im', 'socket', 1, 1, 0, 0, 'tls:1'],
      ['z.zego.im', 'request', 1, 1, 0, 0, 'tls:1'],
      ['a.alpha.net', 'request', 1, 0, 0, 0, ''],
      ['m.example.com', 'request', 1, 0, 0, 1, ''],
      ['m.example.com', 'downloadFile', 1, 0, 1, 0, ''],
    ])
    const none = buildMatrix(fleet(), { dims: { platform: ['windows'] } })
    expect(none).toEqual({ categories: [], rows: [], reports: 0 })
  })

  it('topErrors: most frequent first, ties in category order, none at zero', () => {
    const cell = {
      ran: 9,
      fail: 9,
      warn: 0,
      skipped: 0,
      errors: { dns: 1, tls: 3, refused: 1, timeout: 2, offline: 0 },
    }
    expect(topErrors(cell)).toEqual([
      { error: 'tls', count: 3 },
      { error: 'timeout', count: 2 },
      { error: 'dns', count: 1 },
      { error: 'refused', count: 1 },
    ])
    expect(topErrors({ ran: 1, fail: 0, warn: 0, skipped: 0, errors: {} })).toEqual([])
  })
})

describe('breakdown and dimensionValues', () => {
  it('splits the kept reports by a dimension, most reports first, ties by value', () => {
    expect(breakdown(fleet(), 'platform')).toEqual([
      {
        value: 'android',
        reports: 2,
        failedReports: 2,
        probes: 9,
        fail: 5,
        warn: 1,
        skipped: 1,
        errors: { tls: 2, unknown: 1, dns: 1, refused: 1 },
      },
      {
        value: 'devtools',
        reports: 1,
        failedReports: 1,
        probes: 2,
        fail: 1,
        warn: 0,
        skipped: 0,
        errors: { refused: 1 },
      },
      {
        value: 'ios',
        reports: 1,
        failedReports: 1,
        probes: 2,
        fail: 1,
        warn: 0,
        skipped: 0,
        errors: { tls: 1 },
      },
    ])
  })

  it('a report counts as failed only for the failures the filter counts', () => {
    expect(breakdown(fleet(), 'platform', { errors: ['dns'] })).toEqual([
      {
        value: 'android',
        reports: 2,
        failedReports: 1,
        probes: 5,
        fail: 1,
        warn: 1,
        skipped: 1,
        errors: { dns: 1 },
      },
      {
        value: 'devtools',
        reports: 1,
        failedReports: 0,
        probes: 1,
        fail: 0,
        warn: 0,
        skipped: 0,
        errors: {},
      },
      { value: 'ios', reports: 1, failedReports: 0, probes: 1, fail: 0, warn: 0, skipped: 0, errors: {} },
    ])
    expect(breakdown(fleet(), 'networkType', { dims: { platform: ['android'] }, host: 'zego' })).toEqual([
      {
        value: '4g',
        reports: 1,
        failedReports: 1,
        probes: 2,
        fail: 2,
        warn: 0,
        skipped: 0,
        errors: { tls: 2 },
      },
      {
        value: 'wifi',
        reports: 1,
        failedReports: 1,
        probes: 2,
        fail: 2,
        warn: 0,
        skipped: 0,
        errors: { unknown: 1, dns: 1 },
      },
    ])
  })

  it('dimensionValues: every value of every report, most frequent first, ties by value', () => {
    expect(dimensionValues(fleet(), 'platform')).toEqual([
      { value: 'android', count: 2 },
      { value: 'devtools', count: 1 },
      { value: 'ios', count: 1 },
    ])
    expect(dimensionValues(fleet(), 'sdk')).toEqual([
      { value: '2.12.0', count: 2 },
      { value: '2.13.0', count: 2 },
    ])
    expect(dimensionValues([], 'os')).toEqual([])
  })
})

describe('fleetCauses', () => {
  it('the same cause across reports: how many and which, most first, ties by key, in the language asked', () => {
    expect(fleetCauses(fleet(), 'en')).toEqual([
      { key: 'refused|rows:request', text: '1 request domain: refused', reports: 2, names: ['b', 'e'] },
      { key: 'dns|rows:request', text: '1 request domain: DNS', reports: 1, names: ['b'] },
      { key: 'tls|domain:zego.im', text: 'all 2 *.zego.im probes fail: TLS', reports: 1, names: ['a'] },
      { key: 'tls|rows:request', text: '1 request domain: TLS', reports: 1, names: ['c'] },
    ])
    expect(fleetCauses(fleet(), 'zh').map((c) => c.text)).toEqual([
      'request 共 1 个域名：连接被拒绝或中断',
      'request 共 1 个域名：域名解析失败',
      '*.zego.im 的 2 项全部失败：TLS/证书错误',
      'request 共 1 个域名：TLS/证书错误',
    ])
  })

  it('only the kept reports and rows', () => {
    expect(
      fleetCauses(fleet(), 'en', { dims: { platform: ['android'] }, errors: ['tls', 'refused'] }),
    ).toEqual([
      { key: 'refused|rows:request', text: '1 request domain: refused', reports: 1, names: ['b'] },
      { key: 'tls|domain:zego.im', text: 'all 2 *.zego.im probes fail: TLS', reports: 1, names: ['a'] },
    ])
    expect(fleetCauses(fleet(), 'en', { host: 'alpha' })).toEqual([])
  })
})

describe('detailTable', () => {
  const HEADER = [
    'report',
    'createdAt',
    'sdk',
    'runtime',
    'platform',
    'os',
    'system',
    'wechatVersion',
    'baseLibrary',
    'networkType',
    'appId',
    'whitelistEnforced',
    'category',
    'url',
    'purpose',
    'status',
    'errorCategory',
    'errno',
    'errMsg',
    'statusCode',
    'totalMs',
  ]
  const AT = '2026-11-28T10:20:30.000Z'
  const IOS_COLS = [
    'c',
    AT,
    '2.12.0',
    'wechat',
    'ios',
    'iOS 17',
    'iOS 17.2.1',
    '8.0.49',
    '3.4.10',
    'wifi',
    'wx1111',
  ]
  const DEV_COLS = ['e', AT, '2.12.0', 'devtools', 'devtools', '', '', '', '', '', '']

  it('one row per counted probe, raw values, blanks for what a report lacks', () => {
    const its = fleet()
    expect(detailTable([its[0], its[3]])).toEqual([
      HEADER,
      [
        ...IOS_COLS,
        'true',
        'request',
        Z,
        'access',
        'fail',
        'tls',
        -201,
        'request:fail ssl hand shake error',
        '',
        13,
      ],
      [...IOS_COLS, 'true', 'request', Y, 'access', 'pass', '', '', '', 200, 40],
      [...DEV_COLS, 'false', 'request', A, 'access', 'pass', '', '', '', '', ''],
      [...DEV_COLS, 'false', 'request', Y, 'access', 'fail', 'refused', '', 'refused here', '', ''],
    ])
  })

  it('a CLI run without a platform: a blank, not a placeholder', () => {
    const cli = item(
      'cli',
      makeReport([row('socket', ZWS, 'pass', { timing: { totalMs: 7.5 } })], { runtime: 'node' }),
    )
    expect(detailTable([cli])[1].slice(3, 6)).toEqual(['node', '', ''])
  })

  it('only the kept reports and rows; the header alone when none', () => {
    const t = detailTable(fleet(), { dims: { platform: ['ios', 'devtools'] }, host: 'why' })
    expect(t.map((r) => [r[0], r[13], r[15]])).toEqual([
      ['report', 'url', 'status'],
      ['c', Y, 'pass'],
      ['e', Y, 'fail'],
    ])
    expect(detailTable(fleet(), { failedOnly: true, host: 'nowhere' })).toEqual([HEADER])
  })
})
