import { CATALOG } from '../../miniprogram/core/catalog'
import { classify } from '../../miniprogram/core/classifier'
import { ERROR_CATEGORIES } from '../../miniprogram/core/vocabulary'
import { ProbeResult } from '../../miniprogram/core/result'
import { PROXY_CODES, proxyFindings } from '../../miniprogram/core/proxy'
import { proxyInfoProblem } from '../../miniprogram/core/proxy-info'
import {
  buildReport,
  renderMarkdown,
  renderText,
  Report,
  validateReport,
  verdict,
} from '../../miniprogram/core/report'
import { decodeShare, encodeShare } from '../../miniprogram/core/share'
import { GOLDEN_SHARE } from '../fixtures/share-golden'
import { makeReport, mixedResults, PHONE, report2130 } from '../helpers/reports'

const NODE_ENV = { runtime: 'node' as const, platform: 'linux-x64', node: '20.20.2' }
const PROXY = { scheme: 'http' as const, host: 'proxy.corp.example', port: 3128 }

function withProxy(report: Report, proxy: unknown = PROXY): Report {
  return { ...report, environment: { ...report.environment, proxy } } as Report
}

/** The 2.13.0 rows, the first `denied` of them refused by the proxy. */
function proxyRun(denied: number): ProbeResult[] {
  return mixedResults(CATALOG.slice(0, 10)).map((r, i) =>
    i < denied
      ? {
          id: r.id,
          category: r.category,
          url: r.url,
          purpose: r.purpose,
          status: 'fail',
          error: {
            category: 'proxy',
            errMsg: `the proxy proxy.corp.example:3128 (HTTPS_PROXY) refused the tunnel to ${new URL(r.url).host}:443 (403 Forbidden)`,
            code: 'PROXY_DENIED',
          },
          timing: { totalMs: 12 },
        }
      : r,
  )
}

describe('the proxy in a report', () => {
  it('buildReport keeps scheme, host and port only, and the validator accepts it', () => {
    const report = buildReport({
      createdAt: '2026-11-28T10:20:30.000Z',
      sdk: { input: '2.13.0', resolved: '2.13.0' },
      environment: NODE_ENV,
      enforcement: { enforced: false, reasons: ['not_wechat'] },
      proxy: { ...PROXY, password: 'hunter2', source: 'HTTPS_PROXY' } as never,
      options: { timeoutMs: 1000, deadlineMs: 2000, concurrency: { http: 1, socket: 1 } },
      results: proxyRun(2),
      warnings: [],
    })
    expect(report.environment.proxy).toEqual(PROXY)
    expect(JSON.stringify(report)).not.toContain('hunter2')
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toMatchObject({ ok: true })
  })

  it.each([
    [{ ...PROXY, password: 'x' }, /only scheme, host and port/],
    [{ ...PROXY, scheme: 'socks5' }, /scheme must be http or https/],
    [{ ...PROXY, host: 'user:pw@proxy' }, /host must be/],
    [{ ...PROXY, host: '' }, /host must be/],
    [{ ...PROXY, host: 'a b' }, /host must be/],
    [{ ...PROXY, port: 0 }, /port must be/],
    [{ ...PROXY, port: 3128.5 }, /port must be/],
    [{ ...PROXY, port: '3128' }, /port must be/],
    ['http://proxy:3128', /must be \{scheme, host, port\}/],
    [null, /must be \{scheme, host, port\}/],
  ])('the validator rejects environment.proxy %j', (proxy, message) => {
    const checked = validateReport(withProxy(report2130(), proxy))
    expect(checked.ok).toBe(false)
    if (!checked.ok) {
      expect(checked.error).toMatch(/^invalid report: environment\.proxy: /)
      expect(checked.error).toMatch(message)
    }
  })

  it('accepts IPv4, IPv6 and name hosts', () => {
    for (const host of ['127.0.0.1', '::1', 'fe80::1', 'proxy', 'Proxy.Corp.Example.'])
      expect(proxyInfoProblem({ scheme: 'https', host, port: 443 })).toBe('')
  })
})

describe('share links', () => {
  it('reports without a proxy encode to the same bytes as before proxies existed', () => {
    expect(encodeShare(report2130()).payload).toBe(GOLDEN_SHARE.a)
    expect(encodeShare(makeReport(mixedResults(CATALOG.slice(0, 12)), NODE_ENV)).payload).toBe(GOLDEN_SHARE.b)
    expect(encodeShare(report2130(), { maxBytes: 400 }).payload).toBe(GOLDEN_SHARE.small)
  })

  it('a report with a proxy and proxy findings round-trips, in full and cut down', () => {
    const report = withProxy(makeReport(proxyRun(3), NODE_ENV))
    const whole = decodeShare(encodeShare(report).path)
    if (!whole.ok) throw new Error(whole.error)
    expect(whole.report).toEqual(report)
    const cut = decodeShare(encodeShare(withProxy(makeReport(proxyRun(3), NODE_ENV)), { maxBytes: 300 }).path)
    if (!cut.ok) throw new Error(cut.error)
    expect(cut.report.environment.proxy).toEqual(PROXY)
    expect(cut.report.results.filter((r) => r.error?.category === 'proxy')).toHaveLength(3)
  })

  it('the proxy category is appended: the existing categories keep their wire indexes', () => {
    expect(ERROR_CATEGORIES.indexOf('unknown')).toBe(10)
    expect(ERROR_CATEGORIES.indexOf('proxy')).toBe(ERROR_CATEGORIES.length - 1)
    // Four bits carry the index in a share link.
    expect(ERROR_CATEGORIES.length).toBeLessThanOrEqual(16)
  })
})

describe('verdict, text and markdown', () => {
  it('a CLI run through a proxy says so next to the verdict; findings name the hosts in zh and en', () => {
    const report = withProxy(makeReport(proxyRun(2), NODE_ENV))
    const hosts = report.results.slice(0, 2).map((r) => new URL(r.url).hostname)
    expect(verdict(report.results, 'en', undefined, report.environment)).toMatch(
      /^3 of 10 failed: 2 proxy, 1 not whitelisted .*\(via proxy http:\/\/proxy\.corp\.example:3128\)$/,
    )
    expect(verdict(report.results, 'zh', undefined, report.environment)).toMatch(
      /^10 项中 3 项失败：代理 2 项，未加入合法域名 1 项.*（经代理 http:\/\/proxy\.corp\.example:3128）$/,
    )
    const unique = [...new Set(hosts)]
    expect(proxyFindings(report.results, 'zh')).toEqual([
      `代理拒绝了到 ${unique.join('、')} 的连接：请让 IT 放行`,
    ])
    expect(proxyFindings(report.results, 'en')).toEqual([
      `the proxy refused ${unique.join(', ')}: ask IT to allow it`,
    ])
    const text = renderText(report, 'zh')
    expect(text.split('\n')[2]).toContain('（经代理 http://proxy.corp.example:3128）')
    expect(text).toContain(`✗ 代理拒绝了到 ${unique[0]}`)
    const md = renderMarkdown(report, 'en')
    expect(md).toContain('(via proxy http://proxy.corp.example:3128)**')
    expect(md).toContain(`- proxy: the proxy refused ${unique[0]}`)
  })

  it('every proxy code has a zh and an en finding, and the classifier files each under proxy', () => {
    for (const code of PROXY_CODES) {
      const row = { url: 'https://a.zego.im/', status: 'fail', error: { category: 'proxy' as const, code } }
      const [zh] = proxyFindings([row], 'zh')
      const [en] = proxyFindings([row], 'en')
      expect(zh).toMatch(/[\u4e00-\u9fff]/)
      expect(zh).toContain('a.zego.im')
      expect(en).toContain('a.zego.im')
      expect(classify({ errMsg: 'anything', code }).category).toBe('proxy')
    }
    const many = ['a', 'b', 'c', 'd', 'e', 'f'].map((h) => ({
      url: `https://${h}.zego.im/`,
      status: 'fail',
      error: { category: 'proxy' as const, code: 'PROXY_TIMEOUT' },
    }))
    expect(proxyFindings(many, 'en')[0]).toContain('d.zego.im and 2 more')
    expect(proxyFindings(many, 'zh')[0]).toContain('等 6 个域名')
  })

  it('on a phone with a system proxy, timeout/TLS/refused failures name the proxy as a likely cause', () => {
    const report = report2130() // has timeout and tls failures
    const withSystemProxy = { ...PHONE, hasSystemProxy: true }
    expect(verdict(report.results, 'zh', undefined, withSystemProxy)).toMatch(
      /；可能原因：手机设置了系统代理/,
    )
    expect(verdict(report.results, 'en', undefined, withSystemProxy)).toMatch(
      /; likely cause: a system proxy is set on this phone; turn it off or try another network$/,
    )
    // Without the proxy, or with failures a proxy does not cause, the verdict is as before.
    const plain = verdict(report.results, 'en')
    expect(verdict(report.results, 'en', undefined, { ...PHONE, hasSystemProxy: false })).toBe(plain)
    const whitelistOnly = report.results.map((r) =>
      r.status === 'fail' && r.error
        ? { ...r, error: { ...r.error, category: 'not_whitelisted' as const } }
        : r,
    )
    expect(verdict(whitelistOnly, 'en', undefined, withSystemProxy)).toBe(verdict(whitelistOnly, 'en'))
    const shared = makeReport(report.results, withSystemProxy)
    expect(renderText(shared, 'en').split('\n')[2]).toMatch(/likely cause: a system proxy/)
  })
})
