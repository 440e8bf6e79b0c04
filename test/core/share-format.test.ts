import { ProbeResult } from '../../miniprogram/core/result'
import { buildReport, Report } from '../../miniprogram/core/report'
import { decodeShare, encodeShare } from '../../miniprogram/core/share'

const golden = (): Report => {
  const results: ProbeResult[] = [
    {
      id: 'socket:wss://accesshub-wss.coolbcloud.com',
      category: 'socket',
      url: 'wss://accesshub-wss.coolbcloud.com',
      purpose: 'access',
      status: 'pass',
      timing: { totalMs: 81, dnsMs: 3, connectMs: 20, tlsMs: 31, ttfbMs: 12 },
    },
    {
      id: 'request:https://detaillog-global.zego.im',
      category: 'request',
      url: 'https://detaillog-global.zego.im',
      purpose: 'log',
      status: 'fail',
      error: {
        category: 'dns',
        errMsg: 'request:fail net::ERR_NAME_NOT_RESOLVED',
        errno: -105,
        code: 'ENOTFOUND',
      },
      timing: { totalMs: 12 },
    },
    {
      id: 'uploadFile:https://access-zfpxy-global.zego.im',
      category: 'uploadFile',
      url: 'https://access-zfpxy-global.zego.im',
      purpose: 'report',
      status: 'warn',
      statusCode: 404,
      caveats: ['not_enforced', 'http', 'slow'],
      error: { category: 'http', errMsg: 'HTTP 404 instead of 101' },
      timing: { totalMs: 3500, ttfbMs: 7 },
    },
    {
      id: 'downloadFile:https://own.example.com:8443',
      category: 'downloadFile',
      url: 'https://own.example.com:8443',
      purpose: 'file',
      status: 'skipped',
      skipReason: 'deadline',
    },
    {
      id: 'request:https://own.example.com:8443',
      category: 'request',
      url: 'https://own.example.com:8443',
      purpose: 'config',
      status: 'fail',
      error: { category: 'unknown', errMsg: '未知错误 😀 request:fail', errno: 600001 },
    },
  ]
  return buildReport({
    createdAt: '2026-11-28T12:00:00.123Z',
    sdk: { input: 'v2.13', resolved: '2.13.0' },
    environment: {
      runtime: 'wechat',
      platform: 'ios',
      wechatVersion: '8.0.50',
      baseLibrary: '3.5.8',
      system: 'iOS 17.2',
      brand: 'iPhone',
      model: 'iPhone 15',
      networkType: 'wifi',
      hasSystemProxy: true,
      appId: 'wx0123456789abcdef',
      envVersion: 'trial',
      enableDebug: false,
      language: 'zh_CN',
      node: 'n/a',
    },
    enforcement: { enforced: false, reasons: ['debug', 'not_wechat'] },
    options: {
      timeoutMs: 10000,
      deadlineMs: 120000,
      concurrency: { http: 7, socket: 3 },
      only: ['request', 'socket'],
    },
    results,
    warnings: ['version "v2.13" is incomplete; treated as 2.13.0', 'version "v2.13" is incomplete'],
  })
}

/**
 * Share links live in chats for months: a link made by this build must open, with the same report, in every
 * later build of format z1 (a change of an enum, DICT, the catalog order or the layout needs z2). These
 * payloads were written by this build from `golden()`; the encoder must still write exactly them (the path
 * length is a budget), and the decoder must read them back.
 */
const FULL =
  'z1.dVEhPg0H-5SbkKI0CnYyLjEzDIEFHy4wAP8_Bmlvcww4LjAuNTAKMy41LjgQaU9TIDE3LjIMg8MEABKDBwMgMTUIgYgEEyR3eDAxMjM0NTY3ODlhYmNkZWYKgqUEHgZuL2EBAAEEAASQTsCpBwcDAgEAAmB2ZXJzaW9uICKCdxsiIGlzIGluY29tcGxldGU7IHRyZWF0ZWQgYXMgg5IBADqaMQwFBBCfCgMUHwwYFjFOivsBgsICkoYDA9EBEkWAEAxGT1VORMABMb0BAQkugqUEAjQwNIBbJHN0ZWFkIG9mIDEwMZQDyLUDBycAAzhodHRwczovL293bi5leGGBfiUuY29tOjg0NDPDAQQBAAEjhgECGjzmnKrnn6XplJnor68g8J-YgIqRAwKCn0k'
const PARTIAL =
  'z1.68_9eA0G-5SbkKI0CnYyLjEzDIEFHy4wAP8_Bmlvcww4LjAuNTAKMy41LjgQaU9TIDE3LjIMg8MEABKDBwMgMTUIgYgEEyR3eDAxMjM0NTY3ODlhYmNkZWYKgqUEEQZuL2EBAAEEAASQTsCpBwcDAoAOAAGABUkDGBYxBuKAptEBEkVOT1RGT1VORMABMb0BAQkZlAPItQMHJwABOGh0dHBzOi8vb3duLmV4YW1wbGUuY29tOjg0NDOGAQIaGYKfSQ'
const NOT_ISO =
  'z1.hjKnpxEFKDIwMjYtMTEtMjhUMTI6MDCAAwdaCnYyLjEzDIEFHy4wAP8_Bmlvcww4LjAuNTAKMy41LjgQaU9TIDE3LjIMg9IEABKDBwMgMTUIgZcEEyR3eDAxMjM0NTY3ODlhYmNkZWYKgrQEHgZuL2EBAAEEAASQTsCpBwcDAgEAAmB2ZXJzaW9uICKCdxsiIGlzIGluY29tcGxldGU7IHRyZWF0ZWQgYXMgg5IBADqaMQwFBBCfCgMUHwwYFjFOiooCgtECkpUDA9EBEkWAEAxGT1VORMABMb0BAQkugrQEAjQwNIBbJHN0ZWFkIG9mIDEwMZQDyLUDBycAAzhodHRwczovL293bi5leGGBfiUuY29tOjg0NDPDAQQBAAElhgECGjzmnKrnn6XplJnor68g8J-YgIqgAwKCn0k'

describe('share format z1 is stable', () => {
  it('a whole report: encoded to the same payload, decoded to the same report', () => {
    const r = golden()
    const enc = encodeShare(r)
    expect(enc).toEqual({
      payload: FULL,
      path: `/pages/report/index?r=${FULL}`,
      complete: true,
      bytes: `/pages/report/index?r=${FULL}`.length,
    })
    expect(decodeShare(FULL)).toEqual({ ok: true, report: r, complete: true, summary: r.summary })
  })

  it('a date that is not in toISOString form is kept as written', () => {
    const r = { ...golden(), createdAt: '2026-11-28T12:00:00Z' }
    expect(encodeShare(r).payload).toBe(NOT_ISO)
    expect(decodeShare(NOT_ISO)).toEqual({ ok: true, report: r, complete: true, summary: r.summary })
  })

  it('a card cut to fit: failing and warning rows, messages cut, the full counts and a note', () => {
    const r = golden()
    const enc = encodeShare(r, { maxBytes: 330 })
    expect(enc).toMatchObject({ payload: PARTIAL, complete: false, bytes: 283 })
    const dec = decodeShare(PARTIAL)
    if (!dec.ok) throw new Error(dec.error)
    expect(dec.complete).toBe(false)
    expect(dec.summary).toEqual({ total: 5, pass: 1, warn: 1, fail: 2, skipped: 1 })
    expect(dec.report.summary).toEqual({ total: 3, pass: 0, warn: 1, fail: 2, skipped: 0 })
    const cutMsg = (x: ProbeResult) => ({ ...x, error: { ...x.error!, errMsg: '…' } })
    expect(dec.report.results).toEqual([cutMsg(r.results[1]), cutMsg(r.results[2]), cutMsg(r.results[4])])
    expect(dec.report.warnings).toEqual([
      'This shared card holds only the summary and failing rows (3 of 5 results) / 分享卡片只包含摘要和失败项（5 项中的 3 项）',
    ])
    expect({ ...dec.report, results: [], warnings: [], summary: null }).toEqual({
      ...r,
      results: [],
      warnings: [],
      summary: null,
    })
  })
})

describe('decodeShare says what is wrong with a link', () => {
  it.each<[string, unknown, string]>([
    ['not text', 42, 'not a share link'],
    ['too long', 'z1.' + 'A'.repeat(8190), 'the link is too long (over 8192 characters)'],
    ['no r= parameter', '/pages/report/index?x=1&y=2', 'no shared report (r=…) in the link'],
    ['not ours', 'hello', 'not a zim-netcheck share link'],
    ['a newer format', 'z4.AAAA', 'shared by a newer zim-netcheck; update to read it'],
    ['an older format', 'z0.AAAA', 'unsupported share format z0'],
    ['not base64url', 'z1.AA+A', 'the link is damaged (not base64url)'],
    ['dangling bits', 'z1.AAAAAAB', 'the link is damaged (not base64url)'],
    ['too short', 'z1.AAAA', 'the link is damaged or was cut short'],
    ['a wrong checksum', FULL.slice(0, -2) + 'kk', 'the link is damaged or was cut short'],
    ['bad %-encoding', '%E0%A4%A', 'the link is damaged (bad %-encoding or body)'],
  ])('%s', (_name, input, error) => {
    expect(decodeShare(input as string)).toEqual({ ok: false, error })
  })

  it('reads r= among other parameters, after a #, and URL-encoded up to three times', () => {
    const ok = (s: string) => decodeShare(s).ok
    expect(ok(`/pages/report/index?from=chat&r=${FULL}#top`)).toBe(true)
    expect(ok(`?a=1#r=${FULL}`)).toBe(true)
    expect(ok(`  r=${FULL}  `)).toBe(true)
    let enc = `/pages/report/index?r=${FULL}`
    for (let k = 0; k < 3; k++) enc = encodeURIComponent(enc)
    expect(ok(enc)).toBe(true)
    expect(decodeShare(encodeURIComponent(enc))).toEqual({
      ok: false,
      error: 'not a zim-netcheck share link',
    })
  })

  it('a link of exactly the longest length is read; one more character is refused', () => {
    const pad = (n: number) => `/pages/report/index?r=${FULL}&x=${'y'.repeat(n)}`
    const len = (n: number) => pad(n).length
    const n = 8192 - len(0)
    expect(len(n)).toBe(8192)
    expect(decodeShare(pad(n)).ok).toBe(true)
    expect(decodeShare(pad(n + 1))).toEqual({
      ok: false,
      error: 'the link is too long (over 8192 characters)',
    })
  })
})
