import { formatResolveMessage } from '../../miniprogram/core/messages'
import {
  documentedRanges,
  entriesByCategory,
  parseSdkVersion,
  resolveDomains,
  resolveVersion,
} from '../../miniprogram/core/resolver'
import { entry } from '../helpers/catalog-entry'

describe('a version in a gap between ranges', () => {
  const near = entry('1.0.0 ~ 1.8.0', 'https://near-below.example.com')
  const far = entry('1.0.0 ~ 1.5.0', 'https://far-below.example.com')
  const nextUp = entry('2.5.0 及以上', 'https://near-above.example.com')
  const later = entry('3.0.0 及以上', 'https://far-above.example.com')

  it.each([
    ['nearest first', [near, far, nextUp, later]],
    ['nearest last', [far, later, nextUp, near]],
  ])('takes the nearest ended range below and the nearest range above (%s)', (_name, catalog) => {
    const { entries, warnings } = resolveVersion('2.0.0', catalog)
    expect(entries.map((e) => e.url).sort()).toEqual([near.url, nextUp.url].sort())
    expect(warnings).toEqual([
      { code: 'gap', version: '2.0.0', purpose: 'log', below: '1.0.0 ~ 1.8.0', above: '2.5.0 及以上' },
    ])
  })

  it('the rows come back in catalog order, every row of a chosen range', () => {
    const twin = entry('1.0.0 ~ 1.8.0', 'https://near-below-2.example.com')
    const catalog = [nextUp, near, far, twin]
    expect(resolveVersion('2.0.0', catalog).entries).toEqual([nextUp, near, twin])
  })

  it('a version inside a range takes that range only, with no warning', () => {
    expect(resolveVersion('1.8.0', [near, far, nextUp])).toEqual({ entries: [near], warnings: [] })
    expect(resolveVersion('2.5.0', [near, nextUp, later])).toEqual({ entries: [nextUp], warnings: [] })
  })

  it('a purpose that ended and never came back, or had not started, is not a gap', () => {
    expect(resolveVersion('2.0.0', [near, far])).toEqual({ entries: [], warnings: [] })
    expect(resolveVersion('0.5.0', [near, nextUp])).toEqual({ entries: [], warnings: [] })
  })

  it('the same gap in several categories is said once; another purpose’s gap is said too', () => {
    const catalog = [
      near,
      nextUp,
      entry('1.0.0 ~ 1.8.0', 'https://a.example.com', 'uploadFile'),
      entry('2.5.0 及以上', 'https://b.example.com', 'uploadFile'),
      entry('1.0.0 ~ 1.8.0', 'https://c.example.com', 'request', 'file'),
      entry('2.5.0 及以上', 'https://d.example.com', 'request', 'file'),
    ]
    const { entries, warnings } = resolveVersion('2.0.0', catalog)
    expect(entries).toHaveLength(6)
    expect(warnings.map((w) => w.purpose)).toEqual(['log', 'file'])
  })

  it('two gaps of one purpose with other bounds are two warnings', () => {
    const catalog = [
      near,
      nextUp,
      entry('1.0.0 ~ 1.5.0', 'https://x.example.com', 'socket'),
      entry('2.5.0 及以上', 'https://y.example.com', 'socket'),
    ]
    expect(resolveVersion('2.0.0', catalog).warnings.map((w) => w.below)).toEqual([
      '1.0.0 ~ 1.8.0',
      '1.0.0 ~ 1.5.0',
    ])
  })
})

describe('parseSdkVersion on a catalog of its own', () => {
  const catalog = [
    entry('2.0.0 ~ 2.4.0', 'https://b.example.com'),
    entry('3.1.0 及以上', 'https://newest.example.com'),
    entry('1.4.0 ~ 1.9.0', 'https://oldest.example.com'),
    entry('2.5.0 ~ 3.0.0', 'https://c.example.com'),
  ]

  it('latest is the range with the highest start, wherever it sits', () => {
    expect(parseSdkVersion('latest', catalog)).toEqual({
      ok: true,
      kind: 'version',
      version: '3.1.0',
      notices: [{ code: 'latest', version: '3.1.0', range: '3.1.0 及以上' }],
    })
  })

  it('too old is below the lowest start, wherever it sits; the start itself is fine', () => {
    expect(parseSdkVersion('1.3.9', catalog)).toEqual({
      ok: false,
      error: { code: 'too_old', input: '1.3.9', version: '1.3.9', oldest: '1.4.0' },
    })
    expect(parseSdkVersion('1.4.0', catalog)).toEqual({
      ok: true,
      kind: 'version',
      version: '1.4.0',
      notices: [],
    })
  })

  it('all, in any case', () => {
    expect(parseSdkVersion(' ALL ', catalog)).toEqual({ ok: true, kind: 'all' })
  })
})

describe('version forms', () => {
  it('build metadata is dropped without a notice', () => {
    expect(parseSdkVersion('2.13.0+build')).toEqual({
      ok: true,
      kind: 'version',
      version: '2.13.0',
      notices: [],
    })
    const res = resolveDomains('2.13.0+build')
    expect(res.ok && res.resolved).toBe('2.13.0')
  })

  it('a prerelease with build metadata is its release, with a notice naming the input', () => {
    expect(parseSdkVersion('v2.13.0-rc.1+b7')).toEqual({
      ok: true,
      kind: 'version',
      version: '2.13.0',
      notices: [{ code: 'prerelease', input: 'v2.13.0-rc.1+b7', version: '2.13.0' }],
    })
  })

  it('a partial version is completed with zeros, leading zeros dropped, with a notice', () => {
    expect(parseSdkVersion('2')).toEqual({
      ok: true,
      kind: 'version',
      version: '2.0.0',
      notices: [{ code: 'coerced', input: '2', version: '2.0.0' }],
    })
    expect(parseSdkVersion('02.013')).toMatchObject({ version: '2.13.0' })
  })

  it('what resolveDomains reports for each kind of input', () => {
    expect(resolveDomains('  ')).toEqual({ ok: false, input: '', error: { code: 'empty' } })
    expect(resolveDomains(' x ')).toEqual({
      ok: false,
      input: 'x',
      error: { code: 'not_a_version', input: 'x' },
    })
    const all = resolveDomains('all')
    expect(all).toMatchObject({ ok: true, input: 'all', resolved: 'all', notices: [], warnings: [] })
    expect(all.ok && all.entries).toHaveLength(63)
    const v = resolveDomains('2.13')
    expect(v).toMatchObject({ ok: true, input: '2.13', resolved: '2.13.0', warnings: [] })
    expect(v.ok && v.notices).toEqual([{ code: 'coerced', input: '2.13', version: '2.13.0' }])
  })
})

describe('documentedRanges and entriesByCategory', () => {
  it('newest start first; on the same start, the later end first', () => {
    const catalog = [
      entry('1.0.0 ~ 1.5.0', 'https://a.example.com'),
      entry('1.0.0 ~ 1.8.0', 'https://b.example.com'),
      entry('2.0.0 及以上', 'https://c.example.com'),
      entry('1.0.0 ~ 1.5.0', 'https://d.example.com'),
    ]
    expect(documentedRanges(catalog).map((r) => r.written)).toEqual([
      '2.0.0 及以上',
      '1.0.0 ~ 1.8.0',
      '1.0.0 ~ 1.5.0',
    ])
  })

  it('groups entries by category, in order, every category present', () => {
    const a = entry('1.0.0 ~ 1.5.0', 'https://a.example.com', 'socket')
    const b = entry('1.0.0 ~ 1.5.0', 'https://b.example.com', 'downloadFile')
    const c = entry('1.0.0 ~ 1.5.0', 'https://c.example.com', 'socket')
    expect(entriesByCategory([a, b, c])).toEqual({
      socket: [a, c],
      request: [],
      uploadFile: [],
      downloadFile: [b],
    })
  })
})

describe('formatResolveMessage, each message in both languages', () => {
  it.each<[Parameters<typeof formatResolveMessage>[0], string, string]>([
    [
      { code: 'coerced', input: '2.13', version: '2.13.0' },
      'version "2.13" is incomplete; treated as 2.13.0',
      '版本号 "2.13" 不完整，按 2.13.0 处理',
    ],
    [
      { code: 'prerelease', input: '2.13.0-rc.1', version: '2.13.0' },
      'prerelease "2.13.0-rc.1" is matched as its release version 2.13.0',
      '预发布版本 "2.13.0-rc.1" 按正式版 2.13.0 的域名处理',
    ],
    [
      { code: 'latest', version: '2.13.0', range: '2.13.0 及以上' },
      'latest is the newest documented range "2.13.0 及以上"; resolved as 2.13.0',
      'latest 即文档最新范围「2.13.0 及以上」，按 2.13.0 处理',
    ],
    [
      { code: 'gap', version: '2.12.1', purpose: 'access', below: '2.2.0 ~ 2.12.0', above: '2.13.0 及以上' },
      '2.12.1 falls in a gap of the docs for access (WebSocket gateway): between "2.2.0 ~ 2.12.0" and "2.13.0 及以上"; domains of both ranges are listed',
      '2.12.1 处于文档未覆盖的区间：接入域名（access）在「2.2.0 ~ 2.12.0」与「2.13.0 及以上」之间没有记录，两组域名都已列出',
    ],
    [
      { code: 'empty' },
      'no SDK version given: use e.g. 2.13.0, latest or all',
      '请输入 SDK 版本号，例如 2.13.0、latest 或 all',
    ],
    [
      { code: 'not_a_version', input: 'abc' },
      '"abc" is not an SDK version: use x.y.z such as 2.13.0, or latest / all',
      '"abc" 不是有效的 SDK 版本号：请使用 x.y.z 形式，例如 2.13.0，或 latest / all',
    ],
    [
      { code: 'too_old', input: '1.0', version: '1.0.0', oldest: '1.2.0' },
      'SDK 1.0.0 is older than the oldest documented version 1.2.0; no domain list exists for it',
      'SDK 1.0.0 早于文档记录的最早版本 1.2.0，没有可用的域名列表',
    ],
  ])('%j', (msg, en, zh) => {
    expect(formatResolveMessage(msg, 'en')).toBe(en)
    expect(formatResolveMessage(msg)).toBe(en)
    expect(formatResolveMessage(msg, 'zh')).toBe(zh)
  })
})
