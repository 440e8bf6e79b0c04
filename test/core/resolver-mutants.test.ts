import { CATALOG } from '../../miniprogram/core/catalog'
import { formatResolveMessage } from '../../miniprogram/core/messages'
import {
  documentedRanges,
  newestDocumented,
  parseSdkVersion,
  resolveDomains,
  resolveVersion,
} from '../../miniprogram/core/resolver'
import { entry } from '../helpers/catalog-entry'

/*
 * core/resolver.ts and core/messages.ts read line by line for the mutation run (issue 21): what the other
 * resolver suites leave open — the newest documented version and the `beyond` notice, a `v` that is not a
 * prefix, a gap told apart by its upper range only, non-string input, ranges that start together.
 */

describe('newestDocumented', () => {
  it('the built-in table: an open range (2.13.0 及以上) continues past every bounded end, so none', () => {
    expect(newestDocumented()).toBeUndefined()
    expect(newestDocumented(CATALOG)).toBeUndefined()
  })

  it('bounded ranges only: the highest end, wherever its row sits, with its range', () => {
    const low = entry('1.0.0 ~ 1.5.0', 'https://low.example.com')
    const high = entry('1.2.0 ~ 2.0.0', 'https://high.example.com')
    const mid = entry('1.0.0 ~ 1.8.0', 'https://mid.example.com')
    for (const catalog of [
      [low, high, mid],
      [high, low, mid],
      [mid, low, high],
    ])
      expect(newestDocumented(catalog)).toEqual({ version: '2.0.0', range: high.range })
  })

  it('an open range that starts at the highest end, or after it, continues it: none', () => {
    const bounded = entry('1.0.0 ~ 2.0.0', 'https://a.example.com')
    expect(newestDocumented([bounded, entry('2.0.0 及以上', 'https://b.example.com')])).toBeUndefined()
    expect(newestDocumented([entry('2.0.1 及以上', 'https://b.example.com'), bounded])).toBeUndefined()
  })

  it('an open range that starts before the highest end does not: that end is the newest named', () => {
    const bounded = entry('1.0.0 ~ 2.0.0', 'https://a.example.com')
    expect(newestDocumented([entry('1.9.9 及以上', 'https://b.example.com'), bounded])).toEqual({
      version: '2.0.0',
      range: bounded.range,
    })
  })

  it('the latest-starting open range counts, wherever it sits', () => {
    const bounded = entry('1.0.0 ~ 2.5.0', 'https://a.example.com')
    const late = entry('3.0.0 及以上', 'https://late.example.com')
    const early = entry('1.0.0 及以上', 'https://early.example.com')
    expect(newestDocumented([late, early, bounded])).toBeUndefined()
    expect(newestDocumented([early, bounded, late])).toBeUndefined()
  })

  it('open ranges only: none', () => {
    expect(newestDocumented([entry('1.0.0 及以上', 'https://a.example.com')])).toBeUndefined()
  })
})

describe('resolveDomains above every documented version (beyond)', () => {
  const old = entry('1.0.0 ~ 1.5.0', 'https://old.example.com')
  const top = entry('1.2.0 ~ 2.0.0', 'https://top.example.com')
  const other = entry('1.0.0 ~ 2.0.0', 'https://other.example.com', 'socket', 'access')
  const catalog = [old, top, other]

  it('the newest documented version itself is not beyond: no notice, its own rows', () => {
    expect(resolveDomains('2.0.0', catalog)).toEqual({
      ok: true,
      input: '2.0.0',
      resolved: '2.0.0',
      entries: [top, other],
      notices: [],
      warnings: [],
    })
  })

  it('below it: no notice either', () => {
    const res = resolveDomains('1.4.0', catalog)
    expect(res).toMatchObject({ ok: true, resolved: '1.4.0', notices: [] })
    expect(res.ok && res.entries).toEqual([old, top, other])
  })

  it('one patch above: resolved as the newest documented version, with a notice naming it and its range', () => {
    expect(resolveDomains('2.0.1', catalog)).toEqual({
      ok: true,
      input: '2.0.1',
      resolved: '2.0.1',
      entries: [top, other],
      notices: [
        { code: 'beyond', input: '2.0.1', version: '2.0.1', newest: '2.0.0', range: '1.2.0 ~ 2.0.0' },
      ],
      warnings: [],
    })
  })

  it('after a coerced input, the beyond notice comes second and names the trimmed input', () => {
    const res = resolveDomains(' v3 ', catalog)
    expect(res.ok && res.notices).toEqual([
      { code: 'coerced', input: 'v3', version: '3.0.0' },
      { code: 'beyond', input: 'v3', version: '3.0.0', newest: '2.0.0', range: '1.2.0 ~ 2.0.0' },
    ])
    expect(res.ok && res.entries).toEqual([top, other])
  })

  it('the built-in table has no beyond: a far version takes the open ranges, with no notice', () => {
    const res = resolveDomains('99.0.0')
    if (!res.ok) throw new Error('unexpected')
    expect(res.notices).toEqual([])
    expect(res.entries).toEqual((resolveDomains('2.13.0') as { entries: unknown }).entries)
  })

  it('the beyond notice in both languages', () => {
    const res = resolveDomains('2.0.1', catalog)
    if (!res.ok) throw new Error('unexpected')
    expect(formatResolveMessage(res.notices[0])).toBe(
      'SDK 2.0.1 is above every version the domain table documents (up to 2.0.0): resolved as "1.2.0 ~ 2.0.0"; ZEGO\'s docs may have changed: import them with zim-netcheck catalog import',
    )
    expect(formatResolveMessage(res.notices[0], 'zh')).toBe(
      'SDK 2.0.1 高于域名表记载的所有版本（至 2.0.0），按「1.2.0 ~ 2.0.0」处理；ZEGO 文档可能已更新，请用 zim-netcheck catalog import 导入新表',
    )
  })
})

describe('version forms the other suites leave open', () => {
  it.each(['2.13.0v', '2v', '2.v13', 'x v2.13.0'])(
    'a v that is not the first character is not stripped: %j is refused',
    (input) => {
      expect(resolveDomains(input)).toEqual({ ok: false, input, error: { code: 'not_a_version', input } })
    },
  )

  it('a leading v or V is stripped from a partial version too', () => {
    expect(parseSdkVersion('V2.12')).toEqual({
      ok: true,
      kind: 'version',
      version: '2.12.0',
      notices: [{ code: 'coerced', input: 'V2.12', version: '2.12.0' }],
    })
  })

  it.each([undefined, null, 2.13, { v: '2.13.0' }])(
    'non-string input %j: empty, with an empty input',
    (raw) => {
      expect(resolveDomains(raw as unknown as string)).toEqual({
        ok: false,
        input: '',
        error: { code: 'empty' },
      })
      expect(parseSdkVersion(raw as unknown as string)).toEqual({ ok: false, error: { code: 'empty' } })
    },
  )

  it('a prerelease keeps its input as typed (trimmed) in the notice', () => {
    const res = resolveDomains('  v2.12.0-beta.2  ')
    expect(res.ok && res.resolved).toBe('2.12.0')
    expect(res.ok && res.notices).toEqual([
      { code: 'prerelease', input: 'v2.12.0-beta.2', version: '2.12.0' },
    ])
  })
})

describe('gap warnings: which gaps are the same', () => {
  it('one purpose, the same range below, another range above: two warnings', () => {
    const catalog = [
      entry('1.0.0 ~ 1.5.0', 'https://a.example.com'),
      entry('2.5.0 及以上', 'https://b.example.com'),
      entry('1.0.0 ~ 1.5.0', 'https://c.example.com', 'socket'),
      entry('3.0.0 及以上', 'https://d.example.com', 'socket'),
    ]
    const { entries, warnings } = resolveVersion('2.0.0', catalog)
    expect(entries).toEqual(catalog)
    expect(warnings).toEqual([
      { code: 'gap', version: '2.0.0', purpose: 'log', below: '1.0.0 ~ 1.5.0', above: '2.5.0 及以上' },
      { code: 'gap', version: '2.0.0', purpose: 'log', below: '1.0.0 ~ 1.5.0', above: '3.0.0 及以上' },
    ])
  })

  it('a domain listed in both ranges of a gap is listed once, at its first row', () => {
    const before = entry('1.0.0 ~ 1.5.0', 'https://same.example.com')
    const after = entry('2.5.0 及以上', 'https://same.example.com')
    const only = entry('2.5.0 及以上', 'https://new.example.com')
    expect(resolveVersion('2.0.0', [before, only, after]).entries).toEqual([before, only])
  })

  it('all: a domain listed in two ranges is listed once', () => {
    const before = entry('1.0.0 ~ 1.5.0', 'https://same.example.com')
    const after = entry('2.5.0 及以上', 'https://same.example.com')
    const res = resolveDomains('all', [before, after])
    expect(res.ok && res.entries).toEqual([before])
  })
})

describe('documentedRanges: ranges that start together', () => {
  it('an open and a bounded range with the same start are both listed, after a later start', () => {
    for (const [x, y] of [
      ['1.0.0 ~ 1.5.0', '1.0.0 及以上'],
      ['1.0.0 及以上', '1.0.0 ~ 1.5.0'],
    ]) {
      const catalog = [entry(x, 'https://a.example.com'), entry('2.0.0 ~ 2.1.0', 'https://b.example.com')]
      catalog.push(entry(y, 'https://c.example.com'))
      const ranges = documentedRanges(catalog).map((r) => r.written)
      expect(ranges[0]).toBe('2.0.0 ~ 2.1.0')
      expect(ranges.slice(1).sort()).toEqual(['1.0.0 ~ 1.5.0', '1.0.0 及以上'])
    }
  })
})
