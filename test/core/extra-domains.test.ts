import { checkServerUrl, parseExtraDomains, schemeOf, withExtras } from '../../miniprogram/core/extra-domains'
import { EXTRA_ERRORS, fill } from '../../miniprogram/core/text'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { whitelistBlocks } from '../../miniprogram/core/whitelist'
import { diffWhitelist } from '../../miniprogram/core/whitelist-diff'

describe('checkServerUrl: what the console takes (network.html, 服务器域名配置)', () => {
  it.each([
    ['request', 'https://api.example.com', 'https://api.example.com'],
    ['request', 'HTTPS://API.Example.com/', 'https://api.example.com'],
    ['request', 'https://api.example.com:8443', 'https://api.example.com:8443'],
    ['downloadFile', 'https://cdn.example.com.', 'https://cdn.example.com'],
    ['socket', 'wss://im.example.com', 'wss://im.example.com'],
    ['uploadFile', 'https://xn--fiqs8s.example.cn', 'https://xn--fiqs8s.example.cn'],
  ] as const)('%s %s → %s', (category, raw, url) => {
    expect(checkServerUrl(category, raw, 'en')).toEqual({ ok: true, url })
  })

  it.each([
    ['socket', 'https://im.example.com', 'socket takes wss:// only'],
    ['request', 'wss://api.example.com', 'request takes https:// only'],
    ['request', 'http://api.example.com', 'request takes https:// only'],
    ['socket', 'ws://im.example.com', 'socket takes wss:// only'],
    ['request', 'api.example.com', 'request takes https:// only'],
    ['request', 'https://api.example.com/v1/login', 'no path or query'],
    ['request', 'https://api.example.com?x=1', 'no path or query'],
    ['request', 'https://10.0.0.8', 'no IP address or localhost'],
    ['request', 'https://[::1]:8443', 'no IP address or localhost'],
    ['request', 'https://localhost:8443', 'no IP address or localhost'],
    ['request', 'https://a.localhost', 'no IP address or localhost'],
    ['socket', 'wss://im.example.com:8443', 'bad port (socket domains take none)'],
    ['request', 'https://api.example.com:0', 'bad port (socket domains take none)'],
    ['request', 'https://api.example.com:70000', 'bad port (socket domains take none)'],
    ['request', 'https://*.example.com', 'not a valid domain name (no wildcards)'],
    ['request', 'https://user:pw@api.example.com', 'no path or query'],
    ['request', 'https://intranet', 'not a valid domain name (no wildcards)'],
    ['request', 'https://bad_host.example.com', 'not a valid domain name (no wildcards)'],
    ['request', 'https://-a.example.com', 'not a valid domain name (no wildcards)'],
    ['request', 'https://例子.公司', 'not a valid domain name (no wildcards)'],
    ['request', 'https://api.weixin.qq.com', 'WeChat refuses this domain'],
  ] as const)('%s %s is refused: %s', (category, raw, message) => {
    const checked = checkServerUrl(category, raw, 'en')
    expect(checked).toEqual({ ok: false, error: message, code: expect.any(String) })
    // The code (what the whitelist diff keeps) names the same rule as the words.
    const code = checked.ok ? undefined : checked.code
    expect(code && fill(EXTRA_ERRORS[code].en, { category, want: schemeOf(category) })).toBe(message)
  })

  it('says it in Chinese too', () => {
    expect(checkServerUrl('request', 'https://10.0.0.8', 'zh')).toEqual({
      ok: false,
      error: '不能用 IP 或 localhost',
      code: 'ip',
    })
    expect(checkServerUrl('socket', 'https://im.example.com', 'zh')).toEqual({
      ok: false,
      error: 'socket 只能用 wss://',
      code: 'scheme',
    })
  })
})

describe('parseExtraDomains', () => {
  it('reads category:url items separated by commas, spaces, new lines; each once', () => {
    const res = parseExtraDomains(
      'request:https://api.example.com, socket:wss://im.example.com\nuploadFile:https://cdn.example.com;request:https://API.example.com',
      'en',
    )
    expect(res.errors).toEqual([])
    expect(res.entries.map((e) => [e.id, e.purpose, e.row])).toEqual([
      ['request:https://api.example.com', 'app', 0],
      ['socket:wss://im.example.com', 'app', 0],
      ['uploadFile:https://cdn.example.com', 'app', 0],
    ])
  })

  it('one message per bad entry, naming it; the good ones are kept', () => {
    const res = parseExtraDomains(
      [
        'request:https://ok.example.com',
        'https://nocategory.example.com',
        'tcp:https://x.example.com',
        'socket:https://im.example.com',
        'downloadfile:https://cdn.example.com/files',
      ],
      'en',
    )
    expect(res.entries.map((e) => e.id)).toEqual(['request:https://ok.example.com'])
    expect(res.errors).toHaveLength(4)
    expect(res.errors[0]).toMatch(/^"https:\/\/nocategory\.example\.com": start with a category/)
    expect(res.errors[1]).toMatch(/^"tcp:https:\/\/x\.example\.com": start with a category/)
    expect(res.errors[2]).toMatch(/^"socket:https:\/\/im\.example\.com": socket takes wss:\/\/ only$/)
    expect(res.errors[3]).toMatch(/^"downloadfile:https:\/\/cdn\.example\.com\/files": no path/)
  })

  it('are included in paste-ready lists and diffs, after ZIM domains, never twice', () => {
    const res = resolveDomains('2.13.0')
    if (!res.ok) throw new Error('resolve')
    const extras = parseExtraDomains(
      'request:https://api.example.com,socket:wss://im.example.com',
      'en',
    ).entries
    const dup = parseExtraDomains(
      `request:${res.entries.find((e) => e.category === 'request')?.url}`,
      'en',
    ).entries
    expect(dup).toHaveLength(1)
    expect(withExtras(res.entries, dup)).toHaveLength(res.entries.length)
    const needed = withExtras(res.entries, extras)
    const blocks = whitelistBlocks(needed)
    expect(blocks.find((b) => b.category === 'request')?.domains.slice(-1)).toEqual([
      'https://api.example.com',
    ])
    expect(blocks.find((b) => b.category === 'socket')?.domains.slice(-1)).toEqual(['wss://im.example.com'])
    // A configured whitelist with ZIM's domains but not the app's: the app's are missing, not "extra".
    const zim = Object.fromEntries(whitelistBlocks(res.entries).map((b) => [b.category, b.domains]))
    const diff = diffWhitelist(needed, { ...zim, request: [...zim.request, 'https://other.example.com'] })
    expect(diff.ok).toBe(false)
    expect(diff.missing.map((m) => `${m.category}:${m.url}`)).toEqual([
      'socket:wss://im.example.com',
      'request:https://api.example.com',
    ])
    expect(diff.extra.map((m) => m.url)).toEqual(['https://other.example.com'])
    const ok = diffWhitelist(needed, Object.fromEntries(blocks.map((b) => [b.category, b.domains])))
    expect(ok.ok && ok.extra).toEqual([])
  })
})

describe('extra domains: the edges', () => {
  it('spaces around a URL are not part of it', () => {
    expect(checkServerUrl('request', '  https://api.example.com  ', 'en')).toEqual({
      ok: true,
      url: 'https://api.example.com',
    })
    expect(checkServerUrl('socket', '\twss://IM.example.com\n', 'en')).toEqual({
      ok: true,
      url: 'wss://im.example.com',
    })
  })

  it('localhost only as the whole name or its last label; a name that starts with it is a domain', () => {
    expect(checkServerUrl('request', 'https://localhost.example.com', 'en')).toEqual({
      ok: true,
      url: 'https://localhost.example.com',
    })
    expect(checkServerUrl('request', 'https://mylocalhost.example.com', 'en').ok).toBe(true)
    expect(checkServerUrl('request', 'https://1.example.com', 'en').ok).toBe(true)
    expect(checkServerUrl('request', 'https://dev.localhost', 'en').ok).toBe(false)
  })

  it('the port is kept as a number: leading zeros go, 1 and 65535 pass, an empty one does not', () => {
    expect(checkServerUrl('request', 'https://api.example.com:08443', 'en')).toEqual({
      ok: true,
      url: 'https://api.example.com:8443',
    })
    expect(checkServerUrl('request', 'https://api.example.com:1', 'en').ok).toBe(true)
    expect(checkServerUrl('request', 'https://api.example.com:65535', 'en').ok).toBe(true)
    expect(checkServerUrl('request', 'https://api.example.com:65536', 'en').ok).toBe(false)
    expect(checkServerUrl('request', 'https://api.example.com:', 'en').ok).toBe(false)
  })

  it('a 253-character name passes, 254 do not', () => {
    const label = 'a'.repeat(61)
    const name = (n: number) => `${[label, label, label].join('.')}.${'b'.repeat(n - 3 * 62 - 4)}.com`
    expect(name(253)).toHaveLength(253)
    expect(checkServerUrl('request', `https://${name(253)}`, 'en').ok).toBe(true)
    expect(checkServerUrl('request', `https://${name(254)}`, 'en')).toEqual({
      ok: false,
      error: 'not a valid domain name (no wildcards)',
      code: 'domain',
    })
  })

  it('separators at the ends or doubled make no empty item', () => {
    const res = parseExtraDomains(
      [' ,request:https://api.example.com,, ;', '', '；socket:wss://im.example.com，'],
      'en',
    )
    expect(res.errors).toEqual([])
    expect(res.entries.map((e) => e.id)).toEqual([
      'request:https://api.example.com',
      'socket:wss://im.example.com',
    ])
    expect(parseExtraDomains(undefined, 'en')).toEqual({ entries: [], errors: [] })
    expect(parseExtraDomains('', 'en')).toEqual({ entries: [], errors: [] })
  })

  it('the category is the whole first word, in any case, before ":" or "："', () => {
    const res = parseExtraDomains(
      ['9request:https://a.example.com', 'REQUEST:https://b.example.com', 'socket：wss://c.example.com'],
      'en',
    )
    expect(res.entries.map((e) => e.id)).toEqual([
      'request:https://b.example.com',
      'socket:wss://c.example.com',
    ])
    expect(res.errors).toHaveLength(1)
    expect(res.errors[0]).toMatch(/^"9request:https:\/\/a\.example\.com": start with a category/)
  })

  it('"request://host" is a URL without a category, not a request entry with a bad scheme', () => {
    const res = parseExtraDomains('request://api.example.com', 'en')
    expect(res.entries).toEqual([])
    expect(res.errors).toHaveLength(1)
    expect(res.errors[0]).toMatch(/^"request:\/\/api\.example\.com": start with a category/)
  })

  it('withExtras adds only the extras not already checked, after the catalog rows', () => {
    const { entries: mine } = parseExtraDomains(
      'request:https://a.example.com,request:https://b.example.com',
      'en',
    )
    const { entries: again } = parseExtraDomains(
      'request:https://b.example.com,request:https://c.example.com',
      'en',
    )
    expect(withExtras(mine, again).map((e) => e.id)).toEqual([
      'request:https://a.example.com',
      'request:https://b.example.com',
      'request:https://c.example.com',
    ])
    expect(withExtras(mine, []).map((e) => e.id)).toEqual(mine.map((e) => e.id))
  })
})
