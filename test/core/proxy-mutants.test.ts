/**
 * core/proxy.ts and core/proxy-info.ts read directly, line by line: which values are a ProxyInfo (and the exact message for each that
 * is not), how a proxy is written, which rows make a proxy finding and how its hosts are named and capped, and
 * when the verdict names a proxy. The report-level view of the same is in proxy-report.test.ts.
 */
import {
  isProxyCode,
  PROXY_CODES,
  proxyFindings,
  proxyText,
  proxyVerdictNote,
} from '../../miniprogram/core/proxy'
import { proxyInfoProblem } from '../../miniprogram/core/proxy-info'
import { ErrorCategory } from '../../miniprogram/core/vocabulary'

const OK = { scheme: 'http', host: 'proxy.corp.example', port: 3128 }

type Row = Parameters<typeof proxyFindings>[0][number]

function row(url: string, category: ErrorCategory, code?: string, status = 'fail'): Row {
  return { url, status, error: code === undefined ? { category } : { category, code } }
}

const proxyRow = (url: string, code = 'PROXY_DENIED') => row(url, 'proxy', code)

describe('isProxyCode', () => {
  it('is true for every proxy code and for nothing else', () => {
    for (const code of PROXY_CODES) expect(isProxyCode(code)).toBe(true)
    for (const other of ['ECONNRESET', 'proxy_dns', 'PROXY', '', undefined, null, 407, {}])
      expect(isProxyCode(other)).toBe(false)
  })
})

describe('proxyInfoProblem: exact messages', () => {
  it.each<[string, unknown, string]>([
    ['a valid proxy', OK, ''],
    ['https', { ...OK, scheme: 'https' }, ''],
    ['a URL string', 'http://proxy:3128', 'must be {scheme, host, port}'],
    ['null', null, 'must be {scheme, host, port}'],
    ['an array', [], 'must be {scheme, host, port}'],
    ['an array of the three', ['http', 'proxy', 3128], 'must be {scheme, host, port}'],
    ['a number', 3128, 'must be {scheme, host, port}'],
    ['an extra key', { ...OK, password: 'x' }, 'must hold only scheme, host and port'],
    ['a missing scheme', { host: 'proxy', port: 3128 }, 'scheme must be http or https'],
    ['socks5', { ...OK, scheme: 'socks5' }, 'scheme must be http or https'],
    ['a missing host', { scheme: 'http', port: 3128 }, 'host must be a host name or an IP address'],
    ['a numeric host', { ...OK, host: 5 }, 'host must be a host name or an IP address'],
    ['an empty host', { ...OK, host: '' }, 'host must be a host name or an IP address'],
    ['a host with a space', { ...OK, host: 'a b' }, 'host must be a host name or an IP address'],
    ['a host with credentials', { ...OK, host: 'u:p@proxy' }, 'host must be a host name or an IP address'],
    ['a host with a trailing space', { ...OK, host: 'proxy ' }, 'host must be a host name or an IP address'],
    ['a host with a leading space', { ...OK, host: ' proxy' }, 'host must be a host name or an IP address'],
    ['a missing port', { scheme: 'http', host: 'proxy' }, 'port must be a number from 1 to 65535'],
    ['port 0', { ...OK, port: 0 }, 'port must be a number from 1 to 65535'],
    ['port 1', { ...OK, port: 1 }, ''],
    ['port 65535', { ...OK, port: 65535 }, ''],
    ['port 65536', { ...OK, port: 65536 }, 'port must be a number from 1 to 65535'],
    ['port -1', { ...OK, port: -1 }, 'port must be a number from 1 to 65535'],
    ['a fractional port', { ...OK, port: 3128.5 }, 'port must be a number from 1 to 65535'],
    ['a port as a string', { ...OK, port: '3128' }, 'port must be a number from 1 to 65535'],
    ['NaN', { ...OK, port: NaN }, 'port must be a number from 1 to 65535'],
  ])('%s', (_, value, want) => expect(proxyInfoProblem(value)).toBe(want))

  it('a host of 253 characters is accepted, one of 254 is not', () => {
    const host253 = `${'a'.repeat(249)}.com`
    expect(host253).toHaveLength(253)
    expect(proxyInfoProblem({ ...OK, host: host253 })).toBe('')
    expect(proxyInfoProblem({ ...OK, host: `a${host253}` })).toBe('host must be a host name or an IP address')
  })

  it.each([
    'proxy',
    'proxy-1.corp_net.example',
    'Proxy.Example.',
    '10.0.0.1',
    '::1',
    'fe80::1',
    '::ffff:10.0.0.1',
  ])('accepts the host %s', (host) => expect(proxyInfoProblem({ ...OK, host })).toBe(''))
})

describe('proxyText', () => {
  it.each([
    [{ scheme: 'http' as const, host: 'proxy.example', port: 3128 }, 'http://proxy.example:3128'],
    [{ scheme: 'https' as const, host: '10.0.0.1', port: 443 }, 'https://10.0.0.1:443'],
    [{ scheme: 'http' as const, host: '::1', port: 8080 }, 'http://[::1]:8080'],
  ])('%j → %s', (p, want) => expect(proxyText(p)).toBe(want))
})

describe('proxyFindings: which rows', () => {
  it('nothing failed at the proxy: []', () => {
    expect(proxyFindings([], 'en')).toEqual([])
    expect(
      proxyFindings(
        [
          // not failed, though the error is a proxy one
          row('https://a.zego.im/', 'proxy', 'PROXY_DENIED', 'pass'),
          row('https://b.zego.im/', 'proxy', 'PROXY_DENIED', 'warn'),
          // failed without an error
          { url: 'https://c.zego.im/', status: 'fail' },
          // a proxy code filed under another category
          row('https://d.zego.im/', 'tls', 'PROXY_TLS'),
          // the proxy category without a proxy code
          row('https://e.zego.im/', 'proxy', 'ECONNRESET'),
          row('https://f.zego.im/', 'proxy'),
        ],
        'en',
      ),
    ).toEqual([])
  })

  it('one line per code, in the order of PROXY_CODES whatever the order of the rows', () => {
    const rows = [
      row('https://ok.zego.im/', 'timeout'),
      proxyRow('https://a.zego.im/', 'PROXY_STATUS'),
      proxyRow('https://b.zego.im/', 'PROXY_DNS'),
      proxyRow('https://c.zego.im/', 'PROXY_STATUS'),
    ]
    expect(proxyFindings(rows, 'en')).toEqual([
      "the proxy's own name did not resolve (b.zego.im): check the proxy address (HTTPS_PROXY / --proxy)",
      'the proxy answered CONNECT to a.zego.im, c.zego.im with an error: send the raw message to IT',
    ])
    expect(proxyFindings(rows, 'zh')).toEqual([
      '代理服务器的域名无法解析（b.zego.im）：检查代理地址（HTTPS_PROXY / --proxy）',
      '代理对到 a.zego.im、c.zego.im 的 CONNECT 返回了错误：把原始信息发给 IT',
    ])
  })

  it('a host hit by several rows is named once', () => {
    const rows = [
      proxyRow('wss://a.zego.im/ws'),
      proxyRow('https://a.zego.im/'),
      proxyRow('https://b.zego.im/'),
      proxyRow('https://a.zego.im:443/x'),
    ]
    expect(proxyFindings(rows, 'en')).toEqual(['the proxy refused a.zego.im, b.zego.im: ask IT to allow it'])
  })
})

describe('proxyFindings: how a host is named', () => {
  it.each([
    ['https://a.zego.im/', 'a.zego.im'],
    ['https://a.zego.im', 'a.zego.im'],
    ['https://a.zego.im:8443/path', 'a.zego.im'],
    ['https://a.zego.im/path/x', 'a.zego.im'],
    ['https://a.zego.im?x=1', 'a.zego.im'],
    ['https://a.zego.im#top', 'a.zego.im'],
    ['WSS://A.zego.im/', 'A.zego.im'],
    ['wss://[::1]:443/ws', '[::1]'],
    ['https://[fe80::1]/', '[fe80::1]'],
    // Not a URL: named as it is.
    ['a.zego.im', 'a.zego.im'],
    ['a.zego.im/x', 'a.zego.im/x'],
  ])('%s → %s', (url, host) =>
    expect(proxyFindings([proxyRow(url)], 'en')).toEqual([`the proxy refused ${host}: ask IT to allow it`]),
  )
})

describe('proxyFindings: at most four hosts per line', () => {
  const hosts = (n: number) =>
    Array.from({ length: n }, (_, i) => proxyRow(`https://h${i + 1}.zego.im/`, 'PROXY_TIMEOUT'))

  it('four hosts: all named, nothing more', () => {
    expect(proxyFindings(hosts(4), 'en')).toEqual([
      'the proxy did not answer in time (h1.zego.im, h2.zego.im, h3.zego.im, h4.zego.im): it may be overloaded or blocked by a firewall',
    ])
    expect(proxyFindings(hosts(4), 'zh')).toEqual([
      '代理服务器没有在时限内应答（h1.zego.im、h2.zego.im、h3.zego.im、h4.zego.im）：代理可能过载，或被防火墙拦截',
    ])
  })

  it('five and six hosts: the first four, then how many more (en) or how many in all (zh)', () => {
    expect(proxyFindings(hosts(5), 'en')).toEqual([
      'the proxy did not answer in time (h1.zego.im, h2.zego.im, h3.zego.im, h4.zego.im and 1 more): it may be overloaded or blocked by a firewall',
    ])
    expect(proxyFindings(hosts(6), 'en')[0]).toContain(
      '(h1.zego.im, h2.zego.im, h3.zego.im, h4.zego.im and 2 more)',
    )
    expect(proxyFindings(hosts(5), 'zh')).toEqual([
      '代理服务器没有在时限内应答（h1.zego.im、h2.zego.im、h3.zego.im、h4.zego.im 等 5 个域名）：代理可能过载，或被防火墙拦截',
    ])
    expect(proxyFindings(hosts(6), 'zh')[0]).toContain(
      '（h1.zego.im、h2.zego.im、h3.zego.im、h4.zego.im 等 6 个域名）',
    )
  })

  it('one host: no separator, nothing more', () => {
    expect(proxyFindings(hosts(1), 'en')).toEqual([
      'the proxy did not answer in time (h1.zego.im): it may be overloaded or blocked by a firewall',
    ])
  })
})

describe('proxyVerdictNote', () => {
  const SYSTEM_EN = '; likely cause: a system proxy is set on this phone; turn it off or try another network'
  const SYSTEM_ZH = '；可能原因：手机设置了系统代理，关闭代理或换个网络后重试'
  const pass = { url: 'https://ok.zego.im/', status: 'pass' }

  it('no environment: nothing', () => {
    expect(proxyVerdictNote([row('https://a.zego.im/', 'timeout')], undefined, 'en')).toBe('')
  })

  it('a CLI run through a proxy: the proxy, in both languages, before anything about a system proxy', () => {
    const env = {
      proxy: { scheme: 'http' as const, host: 'proxy.corp.example', port: 3128 },
      hasSystemProxy: true,
    }
    const rows = [row('https://a.zego.im/', 'timeout')]
    expect(proxyVerdictNote(rows, env, 'en')).toBe(' (via proxy http://proxy.corp.example:3128)')
    expect(proxyVerdictNote(rows, env, 'zh')).toBe('（经代理 http://proxy.corp.example:3128）')
    expect(proxyVerdictNote([], { proxy: { scheme: 'https', host: '::1', port: 8443 } }, 'en')).toBe(
      ' (via proxy https://[::1]:8443)',
    )
  })

  it.each<ErrorCategory>(['timeout', 'tls', 'refused'])(
    'a system proxy and one %s failure among passes: the proxy is a likely cause',
    (category) => {
      const rows = [pass, row('https://a.zego.im/', category), pass]
      expect(proxyVerdictNote(rows, { hasSystemProxy: true }, 'en')).toBe(SYSTEM_EN)
      expect(proxyVerdictNote(rows, { hasSystemProxy: true }, 'zh')).toBe(SYSTEM_ZH)
    },
  )

  it('a failed row without an error does not stop the search', () => {
    const rows = [{ url: 'https://x.zego.im/', status: 'fail' }, row('https://a.zego.im/', 'tls')]
    expect(proxyVerdictNote(rows, { hasSystemProxy: true }, 'en')).toBe(SYSTEM_EN)
  })

  it('nothing without a system proxy, or without a failure a proxy causes', () => {
    const timeout = [pass, row('https://a.zego.im/', 'timeout')]
    expect(proxyVerdictNote(timeout, {}, 'en')).toBe('')
    expect(proxyVerdictNote(timeout, { hasSystemProxy: false }, 'en')).toBe('')
    const others = [row('https://a.zego.im/', 'not_whitelisted'), row('https://b.zego.im/', 'dns')]
    expect(proxyVerdictNote(others, { hasSystemProxy: true }, 'en')).toBe('')
    expect(proxyVerdictNote([], { hasSystemProxy: true }, 'en')).toBe('')
    // A timeout on a row that did not fail, or a failure without an error, is not one.
    const notFailed = [
      row('https://a.zego.im/', 'timeout', undefined, 'warn'),
      { url: 'https://b/', status: 'fail' },
    ]
    expect(proxyVerdictNote(notFailed, { hasSystemProxy: true }, 'en')).toBe('')
  })
})
