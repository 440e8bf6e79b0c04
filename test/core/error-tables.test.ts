import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { classify } from '../../miniprogram/core/classifier'
import { HINTS } from '../../miniprogram/core/text'
import { ERROR_CATEGORIES, ErrorCategory } from '../../miniprogram/core/vocabulary'
import chromium from '../fixtures/upstream/chromium-net-errors.json'
import nsurl from '../fixtures/upstream/apple-nsurl-errors.json'
import cfnetwork from '../fixtures/upstream/apple-cfnetwork-errors.json'
import descriptions from '../fixtures/upstream/apple-localized-descriptions.json'
import wechat from '../fixtures/upstream/wechat-errno.json'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const tool = require('../../tools/error-tables.js') as {
  build(): string
  parseChromium(text: string): { code: number; symbol: string; removed?: boolean }[]
  parseApple(text: string, prefix: string): { code: number; symbol: string }[]
}

const ROOT = join(__dirname, '..', '..')
const TOOL = join(ROOT, 'tools', 'error-tables.js')

/** The API prefixes a wx network failure carries; '' is a socket onError text (no prefix). */
const APIS = ['request:fail ', 'uploadFile:fail ', 'downloadFile:fail ', 'connectSocket:fail ', '']
/** Without an errno, with the "see errMsg" errnos: a parsed code must win over their fallback. */
const ERRNOS = [undefined, 600001, 600000]

const isCategory = (c: string): c is ErrorCategory => (ERROR_CATEGORIES as readonly string[]).includes(c)

/** Every combination of API prefix and errno for one message body, checked against one expectation. */
function expectAll(bodies: string[], expected: ErrorCategory, code?: string) {
  const wrong: string[] = []
  for (const body of bodies)
    for (const api of APIS)
      for (const errno of ERRNOS) {
        const got = classify({ errMsg: api + body, errno })
        if (got.category !== expected || (code !== undefined && got.code !== code))
          wrong.push(`${api}${body} [errno ${errno}] → ${got.category} ${got.code ?? ''}`)
      }
  expect(wrong).toEqual([])
}

describe('the vendored extracts', () => {
  it('name their source, commit or URL, and retrieval date', () => {
    for (const ex of [chromium, nsurl, cfnetwork]) {
      expect(ex.source.repository).toMatch(/^[\w.-]+\/[\w.-]+$/)
      expect(ex.source.commit).toMatch(/^[0-9a-f]{40}$/)
      expect(ex.source.path).toMatch(/\.h$/)
      expect(ex.source.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    }
    expect(wechat.source.url).toMatch(/^https:\/\/developers\.weixin\.qq\.com\//)
    expect(descriptions.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it('hold the whole upstream tables (no code twice, every row with a category of ours)', () => {
    const primary = chromium.rows.filter((r) => r.status !== 'former name')
    expect(primary.length).toBeGreaterThanOrEqual(250)
    expect(new Set(primary.map((r) => r.code)).size).toBe(primary.length)
    expect(nsurl.rows.length).toBeGreaterThanOrEqual(49)
    expect(cfnetwork.rows.length).toBeGreaterThanOrEqual(80)
    for (const r of [...chromium.rows, ...nsurl.rows, ...cfnetwork.rows, ...wechat.rows])
      expect({ r, ok: isCategory(r.category) }).toEqual({ r, ok: true })
  })

  it('say `unknown` only where it was decided (docs/taxonomy.md), never by accident', () => {
    const unknown = (rows: { code: number; category: string }[]) =>
      rows.filter((r) => r.category === 'unknown').map((r) => r.code)
    // Chromium: IO_PENDING, FAILED, UNEXPECTED, and the disk-cache range -400…-413.
    expect(unknown(chromium.rows)).toEqual(
      [-1, -2, -9, ...Array.from({ length: 14 }, (_, i) => -400 - i)].sort((a, b) => b - a),
    )
    expect(unknown(nsurl.rows)).toEqual([-1, -2000]) // NSURLErrorUnknown, CannotLoadFromNetwork (cache only)
    expect(unknown(cfnetwork.rows)).toEqual([-998, -2000])
    expect(wechat.rows.filter((r) => r.category === 'unknown').every((r) => r.use === 'none')).toBe(true)
  })

  it('localized descriptions carry a source, or are marked unverified (counted and capped)', () => {
    const rows = descriptions.rows as {
      code: number
      lang: string
      text: string
      source?: string
      unverified?: boolean
    }[]
    for (const r of rows) {
      expect(['en', 'zh-Hans', 'zh-Hant', 'zh-HK']).toContain(r.lang)
      expect(nsurl.rows.map((n) => n.code)).toContain(r.code)
      expect(Boolean(r.source) !== Boolean(r.unverified)).toBe(true)
      if (r.source) expect(r.source).toMatch(/^(https:\/\/\S+|brief: \S)/)
    }
    const unverified = rows.filter((r) => r.unverified).length
    const verified = rows.length - unverified
    // The cap only goes down: verify a row (add its source) before adding an unverified one.
    expect(unverified).toBeLessThanOrEqual(39)
    expect(verified).toBeGreaterThanOrEqual(25)
    for (const lang of ['en', 'zh-Hans', 'zh-Hant', 'zh-HK'])
      expect({ lang, rows: rows.some((r) => r.lang === lang) }).toEqual({ lang, rows: true })
  })
})

describe('the shipped tables', () => {
  it('are exactly what tools/error-tables.js generates from the extracts', () => {
    expect(readFileSync(join(ROOT, 'miniprogram/core/error-tables.ts'), 'utf8')).toBe(tool.build())
    expect(spawnSync(process.execPath, [TOOL, 'generate', '--check']).status).toBe(0)
  })

  it('stay small (the panel has a ~150 KB footprint)', () => {
    expect(Buffer.byteLength(tool.build())).toBeLessThanOrEqual(3400)
  })
})

describe('every Chromium code, in the forms WeChat prints', () => {
  const primary = chromium.rows.filter((r) => r.status !== 'former name')
  it.each(primary.map((r) => [r.code, r.symbol, r.category as ErrorCategory] as const))(
    '%d %s → %s',
    (code, symbol, category) => {
      expectAll(
        [
          `errcode:${code} cronet_error_code:${code} error_msg:net::${symbol}`, // Android cronet
          `${code}:net::${symbol}`, // DevTools / HTTPDNS doc
          `net::${symbol}`,
          `errcode:${code} cronet_error_code:${code} error_msg:`, // number only
          `Error during WebSocket handshake: net::${symbol}`,
          symbol,
        ],
        category,
        `chromium:${code}`,
      )
    },
  )

  it.each(
    chromium.rows
      .filter((r) => r.status === 'former name')
      .map((r) => [r.symbol, r.code, r.category] as const),
  )('former name %s (%d) → %s', (symbol, code, category) =>
    expectAll([`net::${symbol}`], category as ErrorCategory, `chromium:${code}`),
  )

  it('an unlisted number falls back by its range', () => {
    const ranges: [number, ErrorCategory][] = [
      [-99, 'unknown'],
      [-185, 'refused'],
      [-299, 'tls'],
      [-399, 'http'],
      [-450, 'unknown'],
      [-599, 'unknown'],
      [-650, 'http'],
      [-799, 'tls'],
      [-899, 'dns'],
      [-999, 'unknown'],
    ]
    for (const [code, category] of ranges) {
      for (const errno of ERRNOS) {
        const got = classify({
          errno,
          errMsg: `request:fail errcode:${code} cronet_error_code:${code} error_msg:`,
        })
        expect({ code, errno, got: got.category, parsed: got.code }).toEqual({
          code,
          errno,
          got: category,
          parsed: `chromium:${code}`,
        })
      }
    }
  })
})

describe('every NSURLErrorDomain code, in the forms iOS WeChat prints', () => {
  it.each(nsurl.rows.map((r) => [r.code, r.symbol, r.category as ErrorCategory] as const))(
    '%d %s → %s',
    (code, _symbol, category) => {
      expectAll(
        [
          `未能完成操作。（"NSURLErrorDomain"错误${code}。）`,
          `"NSURLErrorDomain"错误 ${code}`,
          `未能完成操作。（“NSURLErrorDomain”错误${code}。）`,
          `無法完成操作。（NSURLErrorDomain 錯誤 ${code}。）`,
          `The operation couldn’t be completed. (NSURLErrorDomain error ${code}.)`,
          `The operation couldn't be completed. (NSURLErrorDomain error ${code}.)`,
          `Error Domain=NSURLErrorDomain Code=${code} "(null)" UserInfo={NSErrorFailingURLKey=https://a.example/}`,
          `[NSURLErrorDomain:${code}]`,
        ],
        category,
        `nsurl:${code}`,
      )
    },
  )
})

describe('every kCFErrorDomainCFNetwork code', () => {
  it.each(cfnetwork.rows.map((r) => [r.code, r.symbol, r.category as ErrorCategory] as const))(
    '%d %s → %s',
    (code, _symbol, category) => {
      expectAll(
        [
          `未能完成操作。（kCFErrorDomainCFNetwork错误${code}。）`,
          `無法完成操作。（kCFErrorDomainCFNetwork 錯誤 ${code}。）`,
          `The operation couldn’t be completed. (kCFErrorDomainCFNetwork error ${code}.)`,
          `Error Domain=kCFErrorDomainCFNetwork Code=${code} "(null)"`,
        ],
        category,
        `cfnetwork:${code}`,
      )
    },
  )
})

describe('every localized description', () => {
  const rows = descriptions.rows as { code: number; lang: string; text: string }[]
  const category = (code: number) => nsurl.rows.find((r) => r.code === code)!.category as ErrorCategory
  it.each(rows.map((r) => [r.lang, r.text, r.code] as const))('%s %j', (_lang, text, code) => {
    const shown = text.replace(/%@/g, 'im.example.com')
    expectAll([shown, shown.replace(/[。.]$/, ''), ` ${shown} `], category(code), `nsurl:${code}`)
  })

  it('full-width punctuation, extra spaces and a trailing detail do not hide one', () => {
    expect(classify({ errMsg: 'request:fail  网络连接已中断．' }).category).toBe('refused')
    expect(classify({ errMsg: 'request:fail 似乎已断开与互联网的连接。 (code 50)' }).code).toBe('nsurl:-1009')
    expect(classify({ errMsg: 'request:fail -1001:The request timed out.' }).code).toBe('nsurl:-1001')
  })
})

describe('WeChat errno', () => {
  const rows = wechat.rows as { errno: number; category: string; use: string }[]
  it.each(rows.filter((r) => r.use === 'decisive').map((r) => [r.errno, r.category] as const))(
    'errno %d → %s whatever the message says',
    (errno, category) => {
      for (const errMsg of ['request:fail', 'request:fail net::ERR_NAME_NOT_RESOLVED', '请求超时。'])
        expect({ errMsg, got: classify({ errno, errMsg }).category }).toEqual({ errMsg, got: category })
    },
  )

  it.each(rows.filter((r) => r.use !== 'decisive').map((r) => [r.errno, r.use, r.category] as const))(
    'errno %d (%s) leaves the message first',
    (errno, use, category) => {
      expect(classify({ errno, errMsg: 'request:fail net::ERR_NAME_NOT_RESOLVED' }).category).toBe('dns')
      expect(classify({ errno, errMsg: 'request:fail 请求超时。' }).category).toBe('timeout')
      expect(classify({ errno, errMsg: 'request:fail' }).category).toBe(
        use === 'fallback' ? category : 'unknown',
      )
    },
  )
})

describe('borderline decisions (docs/taxonomy.md)', () => {
  it.each([
    ['request:fail -2:net::ERR_FAILED', 'unknown'],
    ['request:fail net::ERR_HTTP2_PROTOCOL_ERROR', 'http'],
    ['request:fail net::ERR_SPDY_PROTOCOL_ERROR', 'http'],
    ['request:fail net::ERR_HTTP2_PING_FAILED', 'timeout'],
    // Issue 28: a protocol error on an established QUIC connection reached the host; the handshake is TLS.
    ['request:fail net::ERR_QUIC_PROTOCOL_ERROR', 'http'],
    ['request:fail net::ERR_QUIC_HANDSHAKE_FAILED', 'tls'],
    ['request:fail net::ERR_QUIC_GOAWAY_REQUEST_CAN_BE_RETRIED', 'http'],
    ['request:fail net::ERR_TOO_MANY_REDIRECTS', 'http'],
    ['未能完成操作。（"NSURLErrorDomain"错误-1007。）', 'http'],
    ['Error Domain=NSURLErrorDomain Code=-1022 "…"', 'tls'],
    ['request:fail International roaming is currently off.', 'offline'],
    ['request:fail 未能完成操作。（"NSURLErrorDomain"错误-1019。）', 'offline'],
    ['request:fail A data connection is not currently allowed.', 'offline'],
    ['request:fail net::ERR_CACHE_LOCK_TIMEOUT', 'unknown'],
  ] as const)('%j → %s', (errMsg, expected) => {
    for (const errno of ERRNOS) expect(classify({ errMsg, errno }).category).toBe(expected)
  })

  it('errno 602301 (cellular request unavailable) is offline', () => {
    expect(
      classify({ errno: 602301, errMsg: 'request:fail bind socket dependency is unavailable' }).category,
    ).toBe('offline')
  })

  it('the issue examples', () => {
    expect(
      classify({ errMsg: 'request:fail 未能完成操作。（kCFErrorDomainCFNetwork错误310。）', errno: 600001 }),
    ).toEqual({
      category: 'refused',
      hint: HINTS.refused,
      code: 'cfnetwork:310',
    })
    expect(classify({ errMsg: '"NSURLErrorDomain"错误 -1009', errno: 600001 }).category).toBe('offline')
    expect(classify({ errMsg: 'net::ERR_TLS13_DOWNGRADE_DETECTED', errno: 600001 }).category).toBe('tls')
    expect(classify({ errMsg: '网络连接已中断。', errno: 600001 }).category).toBe('refused')
  })
})

describe('tools/error-tables.js diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'error-tables-'))
  const run = (...args: string[]) => spawnSync(process.execPath, [TOOL, ...args], { encoding: 'utf8' })

  it('re-extracts a newer net_error_list.h and shows added, renamed and removed codes', () => {
    const file = join(dir, 'net_error_list.h')
    const rows = chromium.rows.filter((r) => r.status === undefined && r.code !== -105 && r.code !== -7)
    writeFileSync(
      file,
      [
        '// A generic failure occurred.',
        ...rows.map((r) => `NET_ERROR(${r.symbol.slice(4)}, ${r.code})`),
        'NET_ERROR(NAME_NOT_RESOLVED_RENAMED, -105)',
        'NET_ERROR(SOMETHING_NEW, -185)',
        'NET_ERROR(DNS_SOMETHING_NEW, -812)',
        '// Error -24 was removed (BLOCKED_ENROLLMENT_CHECK_PENDING)',
      ].join('\n'),
    )
    const out = run('diff', 'chromium', file)
    expect(out.status).toBe(0)
    expect(out.stdout).toContain('~ -105 ERR_NAME_NOT_RESOLVED → ERR_NAME_NOT_RESOLVED_RENAMED (keeps dns)')
    expect(out.stdout).toContain('+ -185 ERR_SOMETHING_NEW → proposed refused')
    expect(out.stdout).toContain('+ -812 ERR_DNS_SOMETHING_NEW → proposed dns')
    expect(out.stdout).toContain('- -7 ERR_TIMED_OUT (timeout) is gone upstream')
    expect(out.stdout).not.toContain('-24 ')
  })

  it('parses Apple headers with availability macros between name and value', () => {
    const text = [
      '    NSURLErrorTimedOut = \t\t\t-1001,',
      '    NSURLErrorCallIsActive API_AVAILABLE(macos(10.7), ios(3.0)) = -1019,',
      '    NSURLErrorSomethingNew API_AVAILABLE(ios(19.0)) = -1023,',
    ].join('\n')
    expect(tool.parseApple(text, 'NSURLError')).toEqual([
      { code: -1001, symbol: 'NSURLErrorTimedOut' },
      { code: -1019, symbol: 'NSURLErrorCallIsActive' },
      { code: -1023, symbol: 'NSURLErrorSomethingNew' },
    ])
    const file = join(dir, 'NSURLError.h')
    writeFileSync(file, nsurl.rows.map((r) => `    ${r.symbol} = ${r.code},`).join('\n') + '\n' + text)
    const out = run('diff', 'nsurl', file)
    expect(out.stdout.trim()).toBe('+ -1023 NSURLErrorSomethingNew → proposed unknown (decide by hand)')
  })

  it('an unchanged upstream file shows no change', () => {
    const file = join(dir, 'CFNetworkErrors.h')
    writeFileSync(file, cfnetwork.rows.map((r) => `  ${r.symbol} = ${r.code},`).join('\n'))
    expect(run('diff', 'cfnetwork', file).stdout).toBe('no change against the vendored extract\n')
  })

  it('bad input: one line on stderr, exit 2', () => {
    for (const args of [
      ['diff'],
      ['diff', 'chromium', join(dir, 'missing.h')],
      ['diff', 'webkit', TOOL],
      ['nope'],
    ]) {
      const out = run(...args)
      expect({ args, status: out.status }).toEqual({ args, status: 2 })
      expect(out.stderr.trim().split('\n')).toHaveLength(1)
    }
    const empty = join(dir, 'empty.h')
    writeFileSync(empty, '// nothing here\n')
    expect(run('diff', 'chromium', empty).status).toBe(2)
  })

  it('generate --check passes on the committed tables', () => {
    expect(() => execFileSync(process.execPath, [TOOL, 'generate', '--check'])).not.toThrow()
  })
})
