import * as lz77 from '../../miniprogram/core/lz77'
import { CATALOG, CatalogEntry } from '../../miniprogram/core/catalog'
import { ProbeResult } from '../../miniprogram/core/result'
import { RunEnvironment, whitelistEnforcement } from '../../miniprogram/core/environment'
import { buildReport, Report, summarize, validateReport } from '../../miniprogram/core/report'
import { resolveDomains } from '../../miniprogram/core/resolver'
import {
  decodeShare,
  DEFAULT_MAX_BYTES,
  encodeShare,
  SHARE_PAGE,
  shareStats,
} from '../../miniprogram/core/share'
import { mulberry32 } from '../helpers/random'

// ——— deterministic builders ———

/**
 * Under `npm run mutate` (jest.stryker.config.js) the code is instrumented and each mutant re-runs these
 * tests: the fuzz loops take every STEP-th case. A plain `npm test` runs everything. Nothing here reads a
 * wall clock: how long encoding and decoding take is `npm run bench`'s (share_*_ratio), measured as ratios.
 */
const MUTATION = process.env.ZIM_NETCHECK_MUTATION === '1'
const STEP = MUTATION ? 11 : 1

const ANDROID: RunEnvironment = {
  runtime: 'wechat',
  platform: 'android',
  brand: 'Xiaomi',
  model: '23127PN0CC',
  system: 'Android 14',
  wechatVersion: '8.0.49',
  baseLibrary: '3.4.10',
  networkType: '4g',
  hasSystemProxy: false,
  appId: 'wx3f2a9c0d1e5b7a61',
  envVersion: 'release',
  enableDebug: false,
  language: 'zh_CN',
}

const IPHONE: RunEnvironment = {
  runtime: 'wechat',
  platform: 'ios',
  brand: 'iPhone',
  model: 'iPhone 15 Pro<iPhone16,1>',
  system: 'iOS 17.5.1',
  wechatVersion: '8.0.50',
  baseLibrary: '3.5.8',
  networkType: 'wifi',
  appId: 'wx3f2a9c0d1e5b7a61',
  envVersion: 'trial',
  language: 'zh_CN',
}

const entries = (version: string): CatalogEntry[] => {
  const res = resolveDomains(version)
  if (!res.ok) throw new Error(version)
  return res.entries
}

const base = (e: CatalogEntry) => ({ id: e.id, category: e.category, url: e.url, purpose: e.purpose })

const pass = (e: CatalogEntry, ms: number): ProbeResult =>
  e.category === 'socket'
    ? { ...base(e), status: 'pass', timing: { totalMs: ms } }
    : {
        ...base(e),
        status: 'pass',
        statusCode: e.url.includes('oss-cn') ? 403 : 404,
        timing: {
          totalMs: ms,
          dnsMs: Math.round(ms / 9),
          connectMs: Math.round(ms / 5),
          tlsMs: Math.round(ms / 4),
          ttfbMs: Math.round(ms / 3),
        },
      }

const fail = (
  e: CatalogEntry,
  category: NonNullable<ProbeResult['error']>['category'],
  errMsg: string,
  errno?: number,
): ProbeResult => ({
  ...base(e),
  status: 'fail',
  error: errno === undefined ? { category, errMsg } : { category, errMsg, errno },
  timing: { totalMs: category === 'timeout' ? 10000 : 35 },
})

const report = (
  results: ProbeResult[],
  over: { env?: RunEnvironment; sdk?: string; warnings?: string[] } = {},
): Report => {
  const environment = over.env ?? ANDROID
  return buildReport({
    createdAt: new Date('2026-11-28T09:41:07.512Z'),
    sdk: { input: over.sdk ?? '2.13', resolved: over.sdk ?? '2.13.0' },
    environment,
    enforcement: whitelistEnforcement(environment),
    options: { timeoutMs: 10000, deadlineMs: 120000, concurrency: { http: 10, socket: 5 } },
    results,
    warnings: over.warnings ?? ['version "2.13" is incomplete; treated as 2.13.0'],
  })
}

/** The 46 rows of SDK 2.13.0 as a phone typically sees them: uploadFile domains forgotten, one region down. */
function realistic2130(): Report {
  const rnd = mulberry32(2130)
  const ms = () => 40 + Math.floor(rnd() * 400)
  const results = entries('2.13.0').map((e): ProbeResult => {
    if (e.category === 'uploadFile')
      return fail(e, 'not_whitelisted', 'uploadFile:fail url not in domain list', 600002)
    if (e.url === 'wss://accesshub-global.coolhcloud.com')
      return fail(
        e,
        'dns',
        'connectSocket:fail errcode:-105 cronet_error_code:-105 error_msg:net::ERR_NAME_NOT_RESOLVED',
        600001,
      )
    if (e.url === 'https://access-zfpxy-global.coolzcloud.com' && e.category === 'downloadFile')
      return fail(e, 'timeout', 'downloadFile:fail timeout', 5)
    if (e.url === 'wss://weblogger-wss.zego.im')
      return {
        ...base(e),
        status: 'warn',
        statusCode: 404,
        error: { category: 'http', errMsg: 'Invalid HTTP status' },
        timing: { totalMs: 88 },
        caveats: ['http'],
      }
    if (e.url === 'https://detaillog-global.coolgcloud.com')
      return { ...pass(e, 3412), status: 'warn', caveats: ['slow'] }
    if (e.url === 'https://access-zfpxy-global.coolhcloud.com' && e.category === 'downloadFile')
      return { ...base(e), status: 'skipped', skipReason: 'deadline' }
    return pass(e, ms())
  })
  return report(results)
}

const MESSAGES: [NonNullable<ProbeResult['error']>['category'], string, number?][] = [
  ['not_whitelisted', 'request:fail url not in domain list', 600002],
  [
    'dns',
    'connectSocket:fail errcode:-105 cronet_error_code:-105 error_msg:net::ERR_NAME_NOT_RESOLVED',
    600001,
  ],
  ['timeout', 'request:fail 请求超时。', 5],
  ['dns', 'downloadFile:fail 未能找到使用指定主机名的服务器。'],
  ['tls', 'uploadFile:fail ssl hand shake error'],
  ['offline', 'request:fail 似乎已断开与互联网的连接。'],
  ['refused', 'connectSocket:fail errcode:-102 cronet_error_code:-102 error_msg:net::ERR_CONNECTION_REFUSED'],
]

/** Any rows, a seeded mix of every status. */
function mixed(rows: readonly CatalogEntry[], seed: number): Report {
  const rnd = mulberry32(seed)
  const results = rows.map((e): ProbeResult => {
    const x = rnd()
    if (x < 0.55) return pass(e, 20 + Math.floor(rnd() * 3000))
    if (x < 0.8) {
      const [category, errMsg, errno] = MESSAGES[Math.floor(rnd() * MESSAGES.length)]
      return fail(
        e,
        category,
        errMsg.replace(/^\w+:/, `${e.category === 'socket' ? 'connectSocket' : e.category}:`),
        errno,
      )
    }
    if (x < 0.92) return { ...pass(e, 3001 + Math.floor(rnd() * 5000)), status: 'warn', caveats: ['slow'] }
    return { ...base(e), status: 'skipped', skipReason: rnd() < 0.5 ? 'cancelled' : 'deadline' }
  })
  return report(results, { env: seed % 2 ? IPHONE : ANDROID })
}

const roundTrip = (r: Report) => {
  const enc = encodeShare(r)
  const dec = decodeShare(enc.path)
  if (!dec.ok) throw new Error(dec.error)
  return { enc, dec }
}

const realisticShareSize = () => shareStats(realistic2130())

// ——— tests ———

describe('encodeShare / decodeShare round trip', () => {
  it.each([
    ['1 probe', () => mixed(CATALOG.slice(0, 1), 1)],
    ['7 probes', () => mixed(CATALOG.slice(10, 17), 7)],
    ['46 probes (2.13.0, random mix)', () => mixed(entries('2.13.0'), 46)],
    ['46 probes (2.13.0, realistic)', realistic2130],
    ['63 probes, all passing', () => report(CATALOG.map((e, i) => pass(e, 30 + i)))],
    ['63 probes, random mix (over the default budget)', () => mixed(CATALOG, 63), 2500],
    ['no probes', () => report([])],
  ])('%s', (_name, make, maxBytes = DEFAULT_MAX_BYTES) => {
    const r = make()
    const enc = encodeShare(r, { maxBytes })
    const dec = decodeShare(enc.path)
    if (!dec.ok) throw new Error(dec.error)
    expect(enc.complete).toBe(true)
    expect(enc.bytes).toBe(enc.path.length)
    expect(enc.bytes).toBeLessThanOrEqual(maxBytes)
    expect(enc.path).toBe(`${SHARE_PAGE}?r=${enc.payload}`)
    expect(enc.payload).toMatch(/^z1\.[A-Za-z0-9_-]+$/)
    expect(dec.report).toEqual(r)
    expect(dec.complete).toBe(true)
    expect(dec.summary).toEqual(r.summary)
  })

  it('keeps the realistic 2.13.0 report whole, well inside the budget', () => {
    const stats = realisticShareSize()
    console.log(
      `share: 46-probe 2.13.0 report → ${stats.bytes} chars of path (payload ${stats.payload.length}, ` +
        `body ${stats.raw} bytes before compression; JSON is ${JSON.stringify(realistic2130()).length})`,
    )
    expect(stats.complete).toBe(true)
    expect(stats.rows).toBe(46)
    expect(stats.bytes).toBeLessThanOrEqual(DEFAULT_MAX_BYTES)
  })

  it('accepts a bare payload, r=…, a full path, URL-encoded once or twice, with other parameters', () => {
    const r = realistic2130()
    const { payload, path } = encodeShare(r)
    for (const input of [
      payload,
      `r=${payload}`,
      path,
      `  ${path}\n`,
      encodeURIComponent(path),
      encodeURIComponent(encodeURIComponent(path)),
      `pages/report/index?from=menu&r=${payload}&x=1`,
      `${SHARE_PAGE}?r=${payload}#top`,
    ]) {
      const dec = decodeShare(input)
      expect(dec.ok && dec.report).toEqual(r)
    }
  })

  it('round-trips Chinese messages, emoji, a url outside the catalog, odd purposes and dates', () => {
    const rows = CATALOG.slice(0, 3)
    const r = report(
      [
        fail(rows[0], 'dns', 'connectSocket:fail 未能找到使用指定主机名的服务器。'),
        { ...fail(rows[1], 'unknown', '連線失敗 🚫 (繁體) ✗ \u0000 tab\there', -3008), purpose: 'log' },
        { ...pass(rows[2], 61), error: undefined },
        {
          id: 'request:https://zim-custom.example.com:8443',
          category: 'request',
          url: 'https://zim-custom.example.com:8443',
          purpose: 'config',
          status: 'fail',
          error: { category: 'refused', errMsg: 'connect ECONNREFUSED 10.0.0.1:8443', code: 'ECONNREFUSED' },
        },
      ].map((x) => JSON.parse(JSON.stringify(x))),
      { sdk: '2.13.0-beta.1 🧪', warnings: ['emoji 👍🏽 and 中文 and a lone \ud83d surrogate', ''] },
    )
    r.createdAt = '2026-11-28T09:41:07Z' // not toISOString's form: travels as text
    r.options.only = ['socket', 'request']
    r.environment = {
      ...IPHONE,
      runtime: 'devtools',
      node: 'v20 🐢',
      whitelist: whitelistEnforcement({ runtime: 'devtools', enableDebug: true }),
    }
    expect(validateReport(r).ok).toBe(true)
    expect(roundTrip(r).dec.report).toEqual(r)
  })

  it('rounds timings to whole milliseconds', () => {
    const r = report([{ ...pass(CATALOG[0], 10), timing: { totalMs: 10.4, dnsMs: 2.6 } }])
    const dec = roundTrip(r).dec
    expect(dec.report.results[0].timing).toEqual({ totalMs: 10, dnsMs: 3 })
  })

  it('writes only the fields of the Report type', () => {
    const r = realistic2130()
    const leaky = JSON.parse(JSON.stringify(r))
    leaky.openid = 'oX9s-SECRET'
    leaky.environment.userInfo = { nickName: 'SECRET' }
    leaky.environment.whitelist.token = 'SECRET'
    leaky.sdk.key = 'SECRET'
    leaky.options.appSecret = 'SECRET'
    leaky.results[0].attempts = 3
    leaky.results[0].token = 'SECRET'
    leaky.results.find((x: ProbeResult) => x.error).error.stack = 'SECRET'
    leaky.results[4].timing.secretMs = 42
    expect(encodeShare(leaky).payload).toBe(encodeShare(r).payload)
  })

  it('refuses to encode an invalid report', () => {
    const r = realistic2130()
    r.summary.fail++
    expect(() => encodeShare(r)).toThrow(/invalid report: summary.fail/)
  })
})

describe('a report too big for one card', () => {
  const rnd = mulberry32(404)
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('')
  const allFailing = () =>
    report(
      CATALOG.map((e, i) =>
        fail(
          e,
          'unknown',
          `${e.category}:fail errcode:-${100 + i} cronet_error_code:-${100 + i} error_msg:net::ERR_${hex(8)} ` +
            `trace ${hex(24)} (${e.url})`,
          -100 - i,
        ),
      ),
      { sdk: 'all', warnings: ['a warning about the run that is long enough to matter. '.repeat(4)] },
    )

  it('keeps the full counts, every failing row and fits the budget', () => {
    const r = allFailing()
    const enc = encodeShare(r)
    expect(enc.complete).toBe(false)
    expect(enc.bytes).toBeLessThanOrEqual(DEFAULT_MAX_BYTES)
    const dec = decodeShare(enc.path)
    if (!dec.ok) throw new Error(dec.error)
    expect(dec.complete).toBe(false)
    expect(dec.summary).toEqual({ total: 63, pass: 0, warn: 0, fail: 63, skipped: 0 })
    expect(dec.report.summary).toEqual(summarize(dec.report.results))
    expect(validateReport(dec.report).ok).toBe(true)
    expect(dec.report.results.map((x) => x.id)).toEqual(r.results.map((x) => x.id))
    dec.report.results.forEach((x, i) => {
      expect(x.error?.errno).toBe(r.results[i].error?.errno)
      expect(r.results[i].error?.errMsg.startsWith(x.error!.errMsg.replace(/…$/, ''))).toBe(true)
    })
    expect(dec.report.environment).toEqual(r.environment)
    expect(dec.report.sdk).toEqual(r.sdk)
    expect(dec.report.warnings[dec.report.warnings.length - 1]).toBe(
      'This shared card holds only the summary and failing rows (63 of 63 results) / ' +
        '分享卡片只包含摘要和失败项（63 项中的 63 项）',
    )
  })

  it('keeps whole messages and as many warning rows as fit when the failing rows are few', () => {
    const rows = CATALOG.map((e, i): ProbeResult => {
      if (i % 8 === 0) return fail(e, 'timeout', `${e.category}:fail timeout ${hex(6)}`, 5)
      if (i % 8 === 3) return { ...base(e), status: 'skipped', skipReason: 'cancelled' }
      return { ...pass(e, 3000 + i), status: 'warn', caveats: ['slow', 'not_enforced'] }
    })
    const r = report(rows, { warnings: Array.from({ length: 8 }, () => `note ${hex(40)}`) })
    const enc = encodeShare(r)
    const dec = decodeShare(enc.path)
    if (!dec.ok) throw new Error(dec.error)
    expect(enc.complete).toBe(false)
    expect(enc.bytes).toBeLessThanOrEqual(DEFAULT_MAX_BYTES)
    expect(dec.summary).toEqual(r.summary)
    const failing = r.results.filter((x) => x.status === 'fail')
    expect(dec.report.results.filter((x) => x.status === 'fail')).toEqual(failing)
    const warns = dec.report.results.filter((x) => x.status === 'warn')
    expect(warns.length).toBeGreaterThan(0)
    expect(warns.length).toBeLessThan(r.summary.warn)
    expect(dec.report.results.every((x) => x.status !== 'skipped' && x.status !== 'pass')).toBe(true)
    expect(dec.report.warnings.slice(0, 8)).toEqual(r.warnings)
  })

  it('stays within the budget for a giant report, and its work stays bounded (counted, not timed)', () => {
    const r = allFailing()
    r.warnings = [hex(30000), 'x'.repeat(30000)]
    r.results.forEach((x) => (x.error!.errMsg += hex(500)))
    // The compressor is where the time goes: count its calls and the bytes it is given. A search that tried
    // rows or cuts one by one would call it dozens of times on ~64 KB bodies.
    const pack = jest.spyOn(lz77, 'lz77Pack')
    const enc = encodeShare(r)
    const packed = pack.mock.calls.reduce((sum, [, input]) => sum + input.length, 0)
    expect(pack.mock.calls.length).toBeLessThanOrEqual(12)
    expect(packed).toBeLessThanOrEqual(4 * 65536)
    pack.mockRestore()
    expect(enc.bytes).toBeLessThanOrEqual(DEFAULT_MAX_BYTES)
    const dec = decodeShare(enc.path)
    expect(dec.ok && dec.report.results.length).toBe(63)
  })

  it('honours a smaller maxBytes, and a large one keeps everything', () => {
    const r = allFailing()
    for (const maxBytes of [400, 600, 1500]) {
      const enc = encodeShare(r, { maxBytes })
      expect(enc.bytes).toBeLessThanOrEqual(maxBytes)
      expect(decodeShare(enc.payload).ok).toBe(true)
    }
    const big = encodeShare(r, { maxBytes: 8000 })
    expect(big.complete).toBe(true)
    expect(decodeShare(big.path)).toMatchObject({ ok: true, complete: true, report: r })
  })
})

// ——— hostile input ———

// Independent CRC-32 and base64url, to craft payloads whose checksum is right but whose body is not.
function crc32(bytes: number[]): number {
  let c = ~0
  for (const b of bytes) {
    c ^= b
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return ~c >>> 0
}
const bombRefused = (): never => {
  throw new Error('bomb refused')
}
const withCrc = (body: number[]) => {
  const c = crc32(body)
  return (
    'z1.' + Buffer.from([c >>> 24, (c >>> 16) & 255, (c >>> 8) & 255, c & 255, ...body]).toString('base64url')
  )
}

describe('decodeShare on damaged and hostile input', () => {
  const r = realistic2130()
  const { payload, path } = encodeShare(r)
  const expectRefused = (input: string) => {
    let dec: ReturnType<typeof decodeShare> | undefined
    expect(() => (dec = decodeShare(input))).not.toThrow()
    if (dec!.ok) throw new Error(`accepted: ${JSON.stringify(input).slice(0, 200)}`)
    expect(dec!.error).toMatch(/\S/)
    return dec!.error
  }

  it('names what is wrong', () => {
    expect(expectRefused(payload.replace('z1.', 'z4.'))).toMatch(/newer zim-netcheck; update/)
    expect(expectRefused(payload.slice(0, -9))).toMatch(/damaged or was cut short|not base64url/)
    expect(expectRefused(payload.slice(0, 200))).toMatch(/damaged or was cut short|not base64url/)
    expect(expectRefused(payload + '!')).toMatch(/not base64url/)
    expect(expectRefused('hello')).toMatch(/not a zim-netcheck share link/)
    expect(expectRefused('/pages/report/index?x=1')).toMatch(/no shared report/)
    expect(expectRefused('z1.' + 'A'.repeat(9000))).toMatch(/too long/)
    expect(expectRefused('%E0%A4%A')).toMatch(/damaged/)
    expect(expectRefused(undefined as unknown as string)).toMatch(/not a share link/)
  })

  it('catches truncation at every length', () => {
    for (let n = 0; n < payload.length; n += STEP) expectRefused(payload.slice(0, n))
    for (let n = 0; n < path.length; n += STEP) expectRefused(path.slice(0, n))
  })

  it('catches a flip of any single bit of the payload, as text and as bytes', () => {
    for (let i = 0; i < payload.length; i += STEP)
      for (let b = 0; b < 8; b++) {
        const ch = String.fromCharCode(payload.charCodeAt(i) ^ (1 << b))
        expectRefused(payload.slice(0, i) + ch + payload.slice(i + 1))
      }
    const bytes = Buffer.from(payload.slice(3), 'base64url')
    for (let i = 0; i < bytes.length * 8; i += STEP) {
      const copy = Buffer.from(bytes)
      copy[i >> 3] ^= 1 << (i & 7)
      expect(expectRefused('z1.' + copy.toString('base64url'))).toBe('the link is damaged or was cut short')
    }
  })

  it('survives 5000 random strings, random versions and JSON-ish garbage', () => {
    const rnd = mulberry32(5000)
    const pick = (s: string) => s[Math.floor(rnd() * s.length)]
    const alphabets = [
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
      'z1.%?=&#/ r',
      '{}[]":,0123456789truefalsenull ',
      '中文测试失败😀\ud83d\ude00\udc00',
    ]
    for (let k = 0; k < 5000; k += STEP) {
      const alphabet = alphabets.slice(0, 1 + Math.floor(rnd() * alphabets.length)).join('')
      const body = Array.from({ length: Math.floor(rnd() * 400) }, () => pick(alphabet)).join('')
      const prefix = [
        '',
        'z1.',
        `z${Math.floor(rnd() * 10000)}.`,
        pick('zZy') + pick('0123456789') + pick('.-_'),
        'r=z1.',
        '/pages/report/index?r=z1.',
      ][k % 6]
      expectRefused(prefix + body)
    }
    for (const junk of [
      '',
      ' ',
      'null',
      '[]',
      '{}',
      JSON.stringify(r),
      `r=${JSON.stringify(r)}`,
      `z1.${JSON.stringify(r)}`,
      `z1.${Buffer.from(JSON.stringify(r)).toString('base64url')}`,
      withCrc([...Buffer.from(JSON.stringify(r))]),
      'z1.',
      'z01.AAAA',
      'z1..',
      '?r=',
      '?',
      '=',
      '%',
      '%25%25',
    ])
      expectRefused(junk)
  })

  it('refuses bodies with a right checksum but a wrong shape, and bounds decompression', () => {
    const rnd = mulberry32(77)
    for (let k = 0; k < 2000; k += STEP) {
      const body = Array.from({ length: 1 + Math.floor(rnd() * 300) }, () => Math.floor(rnd() * 256))
      expect(expectRefused(withCrc(body))).not.toMatch(/damaged or was cut short/)
    }
    // A decompression bomb: one literal, then copies of 130 bytes each — would be ~380 KB.
    const bomb = [0, 65, ...Array.from({ length: 2900 }, () => [255, 1]).flat()]
    expectRefused(withCrc(bomb))
    // It stops at the 64 KB cap, not at the end of the body: count the body bytes the decoder reads (about 2 per
    // 130-byte copy up to 65536 bytes out; all 5802 if the cap were checked only at the end).
    let reads = 0
    const counted = new Proxy(bomb, {
      get: (target, key, receiver) => {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++
        return Reflect.get(target, key, receiver) as unknown
      },
    })
    expect(() => lz77.lz77Unpack([], counted, 0, 65536, bombRefused)).toThrow('bomb refused')
    expect(reads).toBeGreaterThan(500)
    expect(reads).toBeLessThanOrEqual(2 * Math.ceil(65536 / 130) + 4)
    // Copies from before the start, zero distance, a literal run past the end, endless varints.
    for (const bad of [
      [255, 100],
      [200, 0],
      [5, 1, 2],
      [0, 1, 255, 255, 255, 255, 255, 255, 255, 255, 255, 1],
    ])
      expectRefused(withCrc(bad))
    // Every prefix of a real body, re-signed: the decoder must see the body end early.
    const real = [...Buffer.from(payload.slice(3), 'base64url').subarray(4)]
    for (let n = 0; n < real.length; n += STEP) expectRefused(withCrc(real.slice(0, n)))
  })
})
