import { CATALOG } from '../../miniprogram/core/catalog'
import { formatResolveMessage } from '../../miniprogram/core/messages'
import { documentedRanges, parseSdkVersion, resolveDomains } from '../../miniprogram/core/resolver'
import { parseSeedTable, seedText, SeedRow } from '../helpers/seed'

const seed = parseSeedTable(seedText())
const CATEGORY_OF: Record<string, string> = {
  'socket 合法域名': 'socket',
  'request 合法域名': 'request',
  'uploadFile 合法域名': 'uploadFile',
  'downloadFile 合法域名': 'downloadFile',
}

// An independent reading of the documented ranges: plain tuple comparison, no semver.
const tuple = (v: string) => v.split('.').map(Number)
const cmp = (a: string, b: string) => {
  const [x, y] = [tuple(a), tuple(b)]
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i]
  return 0
}
function inRange(v: string, written: string): boolean {
  const open = /^(\S+) 及以上$/.exec(written)
  if (open) return cmp(v, open[1]) >= 0
  const [lo, hi] = written.split(' ~ ')
  return cmp(v, lo) >= 0 && cmp(v, hi) <= 0
}
const pairs = (rows: { category: string; url: string; range: string }[]) =>
  rows.map((r) => `${r.category} ${r.url} ${r.range}`)
const seedPairs = (rows: SeedRow[]) =>
  pairs(rows.map((r) => ({ category: CATEGORY_OF[r.categoryCell], url: r.url, range: r.range })))

/** For gap versions: the documented ranges whose rows must be listed although they do not hold v. */
const GAP_RANGES: Record<string, { purpose: string; below: string; above: string }[]> = {
  '2.1.6': [{ purpose: 'access', below: '1.2.0 ~ 2.1.5', above: '2.2.0 ~ 2.12.0' }],
  '2.1.99': [{ purpose: 'access', below: '1.2.0 ~ 2.1.5', above: '2.2.0 ~ 2.12.0' }],
  '2.11.1': [
    { purpose: 'report', below: '1.2.0 ~ 2.11.0', above: '2.12.0 及以上' },
    { purpose: 'log', below: '1.2.0 ~ 2.11.0', above: '2.12.0 及以上' },
    { purpose: 'file', below: '2.2.0 ~ 2.11.0', above: '2.12.0 及以上' },
  ],
  '2.12.1': [{ purpose: 'access', below: '2.2.0 ~ 2.12.0', above: '2.13.0 及以上' }],
}
const PURPOSE_OF_DESC: Record<string, string> = {
  接入域名: 'access',
  数据上报: 'report',
  云控配置: 'config',
  日志上报: 'log',
  文件媒体消息: 'file',
}

function expectedRows(v: string): SeedRow[] {
  const gaps = GAP_RANGES[v] ?? []
  return seed.filter((r) => {
    if (inRange(v, r.range)) return true
    const purpose = PURPOSE_OF_DESC[r.description.split('：')[0]]
    return gaps.some((g) => g.purpose === purpose && (g.below === r.range || g.above === r.range))
  })
}

describe('resolveDomains: the rows of the seed for each version', () => {
  const versions = ['1.2.0', '1.5.0', '2.1.5', '2.1.6', '2.1.99', '2.2.0', '2.11.0', '2.11.1', '2.12.0']
  versions.push('2.12.1', '2.13.0', '3.0.0')
  it.each(versions)('%s', (v) => {
    const res = resolveDomains(v)
    if (!res.ok) throw new Error(`unexpected error for ${v}`)
    expect(res.resolved).toBe(v)
    const got = pairs(res.entries.map((e) => ({ category: e.category, url: e.url, range: e.range.written })))
    expect(got).toEqual(seedPairs(expectedRows(v)))
    const gaps = (GAP_RANGES[v] ?? []).map((g) => ({ code: 'gap', version: v, ...g }))
    expect(res.warnings).toEqual(gaps)
  })

  it('2.13.0 needs 46 domains, the number support quotes', () => {
    const res = resolveDomains('2.13.0')
    expect(res.ok && res.entries.length).toBe(46)
  })

  it('a purpose that ended (cloud config after 2.1.5) is not a gap', () => {
    const res = resolveDomains('2.5.0')
    if (!res.ok) throw new Error('unexpected')
    expect(res.entries.some((e) => e.purpose === 'config')).toBe(false)
    expect(res.warnings).toEqual([])
  })

  it('a purpose that had not started yet (file before 2.2.0) is not a gap', () => {
    const res = resolveDomains('2.0.0')
    if (!res.ok) throw new Error('unexpected')
    expect(res.entries.some((e) => e.purpose === 'file')).toBe(false)
    expect(res.warnings).toEqual([])
  })

  it('all lists every row, in order', () => {
    const res = resolveDomains('all')
    expect(res.ok && res.resolved).toBe('all')
    expect(res.ok && res.entries).toEqual([...CATALOG])
  })

  it('latest is the newest documented range', () => {
    const res = resolveDomains('latest')
    if (!res.ok) throw new Error('unexpected')
    expect(res.resolved).toBe('2.13.0')
    expect(res.entries).toEqual((resolveDomains('2.13.0') as { entries: unknown }).entries)
    expect(res.notices).toEqual([{ code: 'latest', version: '2.13.0', range: '2.13.0 及以上' }])
  })
})

describe('parseSdkVersion: accepted forms', () => {
  it.each([
    ['2.13.0', '2.13.0', []],
    ['v2.13.0', '2.13.0', ['prefixed']],
    [' 2.13.0 ', '2.13.0', []],
    ['2.13', '2.13.0', ['coerced']],
    ['2', '2.0.0', ['coerced']],
    ['2.13.0-beta.1', '2.13.0', ['prerelease']],
    ['V2.12.1-rc.3', '2.12.1', ['prerelease']],
    ['2.13.0+build.5', '2.13.0', []],
    ['LATEST', '2.13.0', ['latest']],
  ])('%j → %s', (input, version, codes) => {
    const p = parseSdkVersion(input)
    if (!p.ok || p.kind !== 'version') throw new Error(`rejected ${input}`)
    expect(p.version).toBe(version)
    expect(p.notices.map((n) => n.code)).toEqual(codes)
  })
})

describe('parseSdkVersion: refused input gets a clear error, never an empty result', () => {
  it.each([
    ['abc', 'not_a_version'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['2.x.y', 'not_a_version'],
    ['2.13.0.1', 'not_a_version'],
    ['>=2.0', 'not_a_version'],
    ['2.13.0 ~ 3.0.0', 'not_a_version'],
    ['1.1.9', 'too_old'],
    ['0.9', 'too_old'],
  ])('%j', (input, code) => {
    const res = resolveDomains(input)
    expect(res.ok).toBe(false)
    if (res.ok) return
    expect(res.error.code).toBe(code)
    for (const lang of ['en', 'zh'] as const) {
      const text = formatResolveMessage(res.error, lang)
      expect(text.length).toBeGreaterThan(10)
      if (input.trim()) expect(text).toContain(code === 'too_old' ? '1.2.0' : input)
    }
  })

  it('a prerelease of the oldest version is matched as 1.2.0 itself, not refused', () => {
    const res = resolveDomains('1.2.0-beta.1')
    expect(res.ok && res.resolved).toBe('1.2.0')
  })

  it('never throws on non-string input from a page query', () => {
    expect(resolveDomains(undefined as unknown as string)).toMatchObject({
      ok: false,
      error: { code: 'empty' },
    })
  })
})

describe('messages', () => {
  it('a gap warning names the purpose and both ranges in both languages', () => {
    const res = resolveDomains('2.12.1')
    if (!res.ok) throw new Error('unexpected')
    const en = formatResolveMessage(res.warnings[0], 'en')
    const zh = formatResolveMessage(res.warnings[0], 'zh')
    for (const text of [en, zh]) {
      expect(text).toContain('access')
      expect(text).toContain('2.2.0 ~ 2.12.0')
      expect(text).toContain('2.13.0 及以上')
    }
    expect(zh).toContain('接入域名')
  })
})

describe('documentedRanges', () => {
  it('lists each documented range once, newest first', () => {
    const ranges = documentedRanges().map((r) => r.written)
    expect(ranges[0]).toBe('2.13.0 及以上')
    expect(new Set(ranges).size).toBe(ranges.length)
    expect(ranges).toEqual(expect.arrayContaining(['1.2.0 ~ 2.1.5', '2.2.0 ~ 2.12.0', '1.2.0 ~ 2.11.0']))
    expect(ranges).toHaveLength(6)
  })
})
