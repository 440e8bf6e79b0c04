import {
  noProxyMatches,
  parseNoProxy,
  parseProxyUrl,
  proxyFor,
  proxySettingsFrom,
  redactProxyUrl,
} from '../../node/proxy'

describe('NO_PROXY, as curl matches it (lib/noproxy.c)', () => {
  it.each([
    // [list, host, port, bypass]
    ['zego.im', 'zego.im', 443, true],
    ['zego.im', 'accesshub.zego.im', 443, true],
    ['zego.im', 'notzego.im', 443, false],
    ['.zego.im', 'zego.im', 443, true],
    ['.zego.im', 'a.b.zego.im', 443, true],
    ['*.zego.im', 'a.zego.im', 443, true],
    ['ZEGO.IM.', 'Accesshub.Zego.Im.', 443, true],
    ['zego.im', 'zego.im.cn', 443, false],
    ['a.zego.im', 'zego.im', 443, false],
    ['*', 'anything.example', 443, true],
    [' * ', 'anything.example', 443, true],
    ['', 'zego.im', 443, false],
    ['foo, bar zego.im,,', 'x.zego.im', 443, true],
    ['zego.im:443', 'a.zego.im', 443, true],
    ['zego.im:8443', 'a.zego.im', 443, false],
    ['127.0.0.1', '127.0.0.1', 443, true],
    ['127.0.0.0/8', '127.1.2.3', 443, true],
    ['10.0.0.0/8', '127.0.0.1', 443, false],
    ['127.0.0.1', 'localhost', 443, false],
    ['localhost', '127.0.0.1', 443, false],
    ['::1', '::1', 443, true],
    ['[::1]', '[::1]', 443, true],
    ['[::1]:443', '::1', 443, true],
    ['fe80::/10', 'fe80::1', 443, true],
    ['10.0.0.0/99, zego.im', 'zego.im', 443, true],
  ] as const)('NO_PROXY=%j, host %s:%i → bypass %s', (list, host, port, bypass) => {
    expect(noProxyMatches(host, port, parseNoProxy(list))).toBe(bypass)
  })
})

describe('proxy URLs', () => {
  it('defaults as curl: http:// when no scheme, port 1080 for http, 443 for https; host lower case', () => {
    expect(parseProxyUrl('Proxy.Corp:3128', '--proxy')?.toJSON()).toEqual({
      scheme: 'http',
      host: 'proxy.corp',
      port: 3128,
    })
    expect(parseProxyUrl('http://proxy.corp', 'HTTPS_PROXY')?.port).toBe(1080)
    expect(parseProxyUrl('https://proxy.corp/', 'HTTPS_PROXY')?.toJSON()).toEqual({
      scheme: 'https',
      host: 'proxy.corp',
      port: 443,
    })
    expect(parseProxyUrl('http://[::1]:8080', 'x')?.toString()).toBe('http://[::1]:8080')
    expect(parseProxyUrl('   ', 'x')).toBeUndefined()
  })

  it('credentials are %-decoded into Basic auth and never appear in the object, its JSON or its text', () => {
    const p = parseProxyUrl('http://zim%20user:s3cr%40t@proxy.corp:3128', 'HTTPS_PROXY')!
    expect(p.authorization()).toBe(`Basic ${Buffer.from('zim user:s3cr@t').toString('base64')}`)
    expect(p.hasCredentials).toBe(true)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const shown of [JSON.stringify(p), String(p), JSON.stringify({ ...p }), require('util').inspect(p)])
      expect(shown).not.toMatch(/s3cr|zim user|zim%20user|emltIHVzZXI/)
  })

  it.each([
    ['socks5://u:topsecret@proxy:1080', /SOCKS proxies are not supported/],
    ['socks5h://proxy:1080', /SOCKS proxies are not supported/],
    ['ftp://u:topsecret@proxy', /unsupported proxy scheme "ftp"/],
    ['http://u:topsecret@[bad', /not a proxy URL/],
    ['http://u:top%ZZsecret@proxy:1', /broken %-escape/],
    ['http://u:topsecret@:3128', /not a proxy URL|names no host/],
  ])('refuses %s in one line, without the credentials', (raw, message) => {
    let error = ''
    try {
      parseProxyUrl(raw, 'HTTPS_PROXY')
    } catch (e) {
      error = (e as Error).message
    }
    expect(error).toMatch(message)
    expect(error).toMatch(/^HTTPS_PROXY "/)
    expect(error).not.toContain('topsecret')
    expect(error.split('\n')).toHaveLength(1)
  })

  it('redaction hides everything before the last @', () => {
    expect(redactProxyUrl('http://u:p@ss@host:1')).toBe('http://***@host:1')
    expect(redactProxyUrl('u:p/ss@host:1')).toBe('***@host:1')
    expect(redactProxyUrl('http://host:1')).toBe('http://host:1')
  })
})

describe('which proxy: flags over the environment, lower case first, as curl', () => {
  const A = 'http://a.proxy:1'
  const B = 'http://b.proxy:2'
  const C = 'http://c.proxy:3'
  const pick = (
    env: Record<string, string>,
    flags = {},
    scheme: 'https' | 'wss' = 'https',
    host = 'x.zego.im',
  ) => proxyFor(proxySettingsFrom(env, flags), scheme, host, 443)?.host

  it('https_proxy before HTTPS_PROXY before all_proxy before ALL_PROXY', () => {
    expect(pick({ https_proxy: A, HTTPS_PROXY: B, all_proxy: C })).toBe('a.proxy')
    expect(pick({ HTTPS_PROXY: B, all_proxy: C })).toBe('b.proxy')
    expect(pick({ all_proxy: C, ALL_PROXY: A })).toBe('c.proxy')
    expect(pick({ ALL_PROXY: A })).toBe('a.proxy')
    expect(pick({ HTTP_PROXY: A, http_proxy: A })).toBeUndefined() // http:// URLs only; we probe https and wss
    expect(pick({})).toBeUndefined()
    // Set but empty stops the search: no proxy (curl).
    expect(pick({ https_proxy: '', HTTPS_PROXY: B })).toBeUndefined()
  })

  it('wss:// reads wss_proxy / WSS_PROXY, then falls back to the https ones (curl 8.4+)', () => {
    expect(pick({ wss_proxy: A, HTTPS_PROXY: B }, {}, 'wss')).toBe('a.proxy')
    expect(pick({ WSS_PROXY: C, HTTPS_PROXY: B }, {}, 'wss')).toBe('c.proxy')
    expect(pick({ HTTPS_PROXY: B }, {}, 'wss')).toBe('b.proxy')
    expect(pick({ wss_proxy: A }, {}, 'https')).toBeUndefined()
  })

  it('--proxy wins over every variable; --proxy "" turns proxies off', () => {
    expect(pick({ https_proxy: A, wss_proxy: A }, { proxy: B })).toBe('b.proxy')
    expect(pick({ https_proxy: A }, { proxy: B }, 'wss')).toBe('b.proxy')
    expect(proxySettingsFrom({ https_proxy: A, ALL_PROXY: C }, { proxy: '' })).toBeUndefined()
  })

  it('--noproxy wins over no_proxy / NO_PROXY and applies to --proxy too; --noproxy "" proxies everything', () => {
    expect(pick({ https_proxy: A, no_proxy: 'zego.im' })).toBeUndefined()
    expect(pick({ https_proxy: A, NO_PROXY: 'zego.im' })).toBeUndefined()
    expect(pick({ https_proxy: A, no_proxy: 'other.example', NO_PROXY: 'zego.im' })).toBe('a.proxy')
    expect(pick({ NO_PROXY: 'zego.im' }, { proxy: B })).toBeUndefined()
    expect(pick({ https_proxy: A, NO_PROXY: '*' }, { noproxy: '' })).toBe('a.proxy')
    expect(pick({ https_proxy: A }, { noproxy: 'x.zego.im' })).toBeUndefined()
  })

  it('a bad variable is a usage error naming it', () => {
    expect(() => proxySettingsFrom({ HTTPS_PROXY: 'socks5://p:1' }, {})).toThrow(
      /^HTTPS_PROXY "socks5:\/\/p:1": SOCKS/,
    )
    // A bad variable that a flag overrides is never read.
    expect(proxySettingsFrom({ HTTPS_PROXY: 'socks5://p:1' }, { proxy: A })?.https?.host).toBe('a.proxy')
  })
})
