import { CATALOG, CatalogEntry } from '../../miniprogram/core/catalog'
import {
  PLATFORM_WHITELISTS,
  platformWhitelist,
  PlatformWhitelist,
} from '../../miniprogram/core/platform-whitelists'
import { PLATFORM_IDS } from '../../miniprogram/core/platforms'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { hostnameOf } from '../../miniprogram/core/whitelist'
import { diffWhitelist } from '../../miniprogram/core/whitelist-diff'

/** Every version the catalog's ranges start at, plus latest. */
const VERSIONS = [
  ...new Set(CATALOG.map((e) => e.range.written.match(/\d+\.\d+\.\d+/)?.[0]).filter(Boolean)),
].concat('latest') as string[]

const entriesOf = (sdk: string): readonly CatalogEntry[] => {
  const r = resolveDomains(sdk)
  if (!r.ok) throw new Error(sdk)
  return r.entries
}

describe.each([...PLATFORM_IDS])('%s whitelist against the catalog', (platform) => {
  const wl = PLATFORM_WHITELISTS[platform] as PlatformWhitelist
  it.each(VERSIONS)(
    'SDK %s: every domain ZIM needs is in a list, and pasting the lists leaves no diff',
    (sdk) => {
      const entries = entriesOf(sdk)
      const { lists } = platformWhitelist(platform, entries)
      const configured = Object.fromEntries(lists.map((l) => [l.name, l.entries]))
      expect(diffWhitelist(entries, configured, wl.rules).ok).toBe(true)
      const all = lists.flatMap((l) => l.entries.map(hostnameOf))
      for (const e of entries) expect(all).toContain(hostnameOf(e.url))
      // Lists only of names the console has.
      for (const l of lists) expect(wl.rules.lists).toContain(l.name)
    },
  )
})

describe('platform rules', () => {
  const entries = entriesOf('2.13.0')
  it('only WeChat’s console refuses entries (its page says which); the consoles that reuse its lists do not', () => {
    const own = { request: ['http://api.mine.example'] }
    const refused = (platform: 'wechat' | 'qq' | 'douyin' | 'baidu' | 'xhs') =>
      diffWhitelist(entries, own, PLATFORM_WHITELISTS[platform].rules).extra.map((e) => e.refused)
    expect(refused('wechat')).toEqual(['scheme'])
    for (const p of ['qq', 'douyin', 'baidu', 'xhs'] as const) expect(refused(p)).toEqual([undefined])
  })
  it('Alipay: one list, one entry per domain (no scheme)', () => {
    const { lists } = platformWhitelist('alipay', entries)
    expect(lists.map((l) => l.name)).toEqual(['server'])
    const e = lists[0].entries
    expect(new Set(e).size).toBe(e.length)
    expect(e.every((x) => !x.includes('://'))).toBe(true)
    expect(e.length).toBe(new Set(entries.map((x) => hostnameOf(x.url))).size)
  })
  it('Baidu: a list over 20 entries gets a warning, and a port is refused', () => {
    const many: CatalogEntry[] = Array.from({ length: 21 }, (_, i) => ({
      ...entries[0],
      category: 'request',
      url: `https://h${i}.example.com`,
    }))
    const w = platformWhitelist('baidu', many).warnings
    expect(w.some((m) => /21 domains, over the platform's limit of 20/.test(m))).toBe(true)
    expect(platformWhitelist('baidu', many.slice(0, 20)).warnings).toEqual([])
    const port = platformWhitelist('baidu', [
      { ...entries[0], category: 'request', url: 'https://a.example.com:8443' },
    ])
    expect(port.warnings.some((m) => /has a port/.test(m))).toBe(true)
    // WeChat takes ports: no warning there.
    expect(
      platformWhitelist('wechat', [{ ...entries[0], category: 'request', url: 'https://a.example.com:8443' }])
        .warnings,
    ).toEqual([])
  })
  it('Alipay diff: a domain is matched whatever scheme it was typed with', () => {
    const wl = PLATFORM_WHITELISTS.alipay
    const hosts = platformWhitelist('alipay', entries).lists[0].entries
    const typed = hosts.map((h, i) => (i % 2 ? `https://${h}` : h))
    expect(diffWhitelist(entries, { server: typed }, wl.rules).ok).toBe(true)
    const lacking = diffWhitelist(entries, { server: typed.slice(1) }, wl.rules)
    expect(lacking.missing.map((m) => hostnameOf(m.url))).toEqual([hosts[0]])
  })
})
