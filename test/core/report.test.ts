import { ProbeResult } from '../../miniprogram/core/result'
import { whitelistEnforcement } from '../../miniprogram/core/environment'
import {
  buildReport,
  renderMarkdown,
  renderText,
  Report,
  validateReport,
  verdict,
} from '../../miniprogram/core/report'

const result = (over: Partial<ProbeResult> & Pick<ProbeResult, 'url' | 'category'>): ProbeResult => ({
  id: `${over.category}:${over.url}`,
  purpose: 'access',
  status: 'pass',
  timing: { totalMs: 42 },
  ...over,
})

const RESULTS: ProbeResult[] = [
  result({
    category: 'socket',
    url: 'wss://accesshub-wss.coolbcloud.com',
    timing: { totalMs: 80, tlsMs: 20 },
  }),
  result({
    category: 'socket',
    url: 'wss://accesshub-wss.coolccloud.com',
    status: 'fail',
    error: {
      category: 'not_whitelisted',
      errMsg: 'connectSocket:fail url not in domain list',
      errno: 600002,
    },
  }),
  result({
    category: 'request',
    url: 'https://detaillog-global.zego.im',
    purpose: 'log',
    status: 'fail',
    error: { category: 'not_whitelisted', errMsg: 'request:fail url not in domain list', errno: 600002 },
  }),
  result({
    category: 'request',
    url: 'https://detaillog-global.coolbcloud.com',
    purpose: 'log',
    status: 'fail',
    error: { category: 'timeout', errMsg: 'request:fail timeout' },
  }),
  result({
    category: 'socket',
    url: 'wss://weblogger-wss.zego.im',
    purpose: 'report',
    status: 'warn',
    caveats: ['http'],
    statusCode: 404,
    error: { category: 'http', errMsg: 'Invalid HTTP status' },
  }),
  {
    id: 'downloadFile:https://zimfile-sh2.zego.im',
    category: 'downloadFile',
    url: 'https://zimfile-sh2.zego.im',
    purpose: 'file',
    status: 'skipped',
    skipReason: 'cancelled',
  },
]

function makeReport(over: { results?: ProbeResult[]; enforced?: boolean } = {}): Report {
  const environment =
    over.enforced === false
      ? { runtime: 'devtools' as const, platform: 'devtools', appId: 'touristappid' }
      : {
          runtime: 'wechat' as const,
          platform: 'ios',
          brand: 'iPhone',
          model: 'iPhone 15',
          system: 'iOS 17.2',
          wechatVersion: '8.0.50',
          baseLibrary: '3.5.8',
          networkType: 'wifi',
          appId: 'wx0123456789abcdef',
          envVersion: 'release' as const,
          // Debug mode read as off: enforced (without it, enforcement is unknown).
          enableDebug: false,
        }
  return buildReport({
    createdAt: new Date('2026-11-28T12:00:00.000Z'),
    sdk: { input: '2.13', resolved: '2.13.0' },
    environment,
    enforcement: whitelistEnforcement(environment),
    options: { timeoutMs: 10000, deadlineMs: 120000, concurrency: { http: 10, socket: 5 } },
    results: over.results ?? RESULTS,
    warnings: ['version "2.13" is incomplete; treated as 2.13.0'],
  })
}

describe('buildReport', () => {
  it('has the versioned schema and a summary that counts the results', () => {
    const r = makeReport()
    expect(r.schema).toBe('zim-netcheck/report@1')
    expect(r.createdAt).toBe('2026-11-28T12:00:00.000Z')
    expect(r.summary).toEqual({ total: 6, pass: 1, warn: 1, fail: 3, skipped: 1 })
    expect(Object.keys(r)).toEqual([
      'schema',
      'createdAt',
      'sdk',
      'environment',
      'options',
      'summary',
      'results',
      'warnings',
    ])
  })

  it('keeps the catalog it was resolved in, as a copy', () => {
    const catalog = { builtin: false, source: 'docs.html', date: '2026-12-01', rows: 64, hash: '0c1d2e3f' }
    const environment = { runtime: 'node' as const }
    const r = buildReport({
      createdAt: '2026-12-02T08:00:00.000Z',
      sdk: { input: '2.14', resolved: '2.14.0' },
      catalog,
      environment,
      enforcement: whitelistEnforcement(environment),
      options: { timeoutMs: 10000, deadlineMs: 120000, concurrency: { http: 10, socket: 5 } },
      results: [],
      warnings: [],
    })
    expect(r.catalog).toEqual(catalog)
    catalog.rows = 1
    expect(r.catalog?.rows).toBe(64)
    expect(validateReport(JSON.parse(JSON.stringify(r)))).toMatchObject({ ok: true })
  })

  it('drops engine-only fields from results', () => {
    const r = makeReport({ results: [{ ...RESULTS[0], attempts: 2 }] })
    expect(r.results[0]).not.toHaveProperty('attempts')
  })

  it('carries whether the whitelist was enforced', () => {
    expect(makeReport().environment.whitelist).toEqual({ enforced: true, reasons: [] })
    expect(makeReport({ enforced: false }).environment.whitelist).toEqual({
      enforced: false,
      reasons: ['devtools', 'tourist_appid'],
    })
  })
})

describe('validateReport', () => {
  it('accepts a built report and its JSON round trip', () => {
    const r = makeReport()
    expect(validateReport(r)).toEqual({ ok: true, report: r })
    expect(validateReport(JSON.parse(JSON.stringify(r))).ok).toBe(true)
  })

  const mutate = (f: (r: Record<string, any>) => void) => {
    const r = JSON.parse(JSON.stringify(makeReport()))
    f(r)
    return r
  }

  it.each([
    ['not an object', () => 'hello', /must be a JSON object/],
    ['null', () => null, /must be a JSON object/],
    [
      'wrong schema version',
      () => mutate((r) => (r.schema = 'zim-netcheck/report@2')),
      /"zim-netcheck\/report@2" is not supported/,
    ],
    ['missing schema', () => mutate((r) => delete r.schema), /schema: missing/],
    ['bad date', () => mutate((r) => (r.createdAt = 'yesterday')), /createdAt/],
    [
      'summary that lies',
      () => mutate((r) => (r.summary.fail = 0)),
      /summary\.fail: says 0 but the results have 3/,
    ],
    ['unknown status', () => mutate((r) => (r.results[0].status = 'ok')), /results\[0\]\.status/],
    [
      'unknown error category',
      () => mutate((r) => (r.results[1].error.category = 'blocked')),
      /results\[1\]\.error\.category/,
    ],
    [
      'fail without error',
      () => mutate((r) => delete r.results[1].error),
      /a failed probe must carry its error/,
    ],
    ['id that does not match', () => mutate((r) => (r.results[0].id = 'x')), /results\[0\]\.id/],
    ['javascript: url', () => mutate((r) => (r.results[0].url = 'javascript:alert(1)')), /results\[0\]\.url/],
    ['negative timing', () => mutate((r) => (r.results[0].timing.totalMs = -1)), /totalMs/],
    [
      'duplicate probe',
      () => mutate((r) => r.results.push(r.results[0]) && r.summary.total++ && r.summary.pass++),
      /same probe twice/,
    ],
    ['unknown runtime', () => mutate((r) => (r.environment.runtime = 'browser')), /environment\.runtime/],
    ['warnings not strings', () => mutate((r) => (r.warnings = [1])), /warnings/],
  ])('rejects %s with a clear reason', (_name, make, reason) => {
    const res = validateReport(make())
    expect(res.ok).toBe(false)
    if (!res.ok) expect(res.error).toMatch(reason)
  })
})

describe('verdict', () => {
  it('counts failures by category, most first', () => {
    expect(verdict(RESULTS, 'en')).toBe(
      '3 of 6 failed: 2 not whitelisted, 1 timeout (1 with warnings, 1 skipped)',
    )
    expect(verdict(RESULTS, 'zh')).toBe(
      '6 项中 3 项失败：未加入合法域名 2 项，超时 1 项（警告 1 项，跳过 1 项）',
    )
  })

  it('says when nothing failed', () => {
    expect(verdict([RESULTS[0]], 'en')).toBe('none of 1 failed')
    expect(verdict([], 'en')).toBe('nothing to probe')
  })

  it('a run of as many passes as warnings finished: none failed, not none finished', () => {
    const passAndWarn = [
      RESULTS[0],
      result({ category: 'request', url: 'https://a.example.com', status: 'warn' }),
    ]
    expect(verdict(passAndWarn, 'en')).toBe('none of 2 failed (1 with warnings)')
    expect(verdict([RESULTS[5]], 'en')).toBe('none of 1 finished (1 skipped)')
  })
})

describe('renderers', () => {
  it('the chat text names every failing row with its category and raw message', () => {
    const text = renderText(makeReport(), 'en')
    expect(text.split('\n')[0]).toBe('ZIM netcheck · SDK 2.13.0 · 2026-11-28 12:00:00Z')
    expect(text).toContain('iPhone iPhone 15 · iOS 17.2 · WeChat 8.0.50 · base lib 3.5.8 · wifi')
    expect(text).toContain(
      '✗ socket wss://accesshub-wss.coolccloud.com — not_whitelisted: connectSocket:fail url not in domain list (errno 600002)',
    )
    expect(text).toContain(
      '✗ request https://detaillog-global.coolbcloud.com — timeout: request:fail timeout',
    )
    expect(text).not.toContain('accesshub-wss.coolbcloud.com')
    expect(text.length).toBeLessThan(1000)
  })

  it('the chat text warns when the whitelist was not enforced, and caps long lists', () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      result({
        category: 'request',
        url: `https://h${i}.example.com`,
        status: 'fail',
        error: { category: 'dns', errMsg: 'x' },
      }),
    )
    const text = renderText(makeReport({ results: many, enforced: false }), 'zh', 20)
    expect(text).toContain('本次运行不校验合法域名')
    expect(text).toContain('…另有 10 项失败')
    expect(text.split('\n').filter((l) => l.startsWith('✗'))).toHaveLength(20)
  })

  it('markdown has a table per category and escapes pipes', () => {
    const r = makeReport()
    r.results[3].error!.errMsg = 'a|b'
    const md = renderMarkdown(r, 'en')
    expect(md).toContain('## socket 合法域名 / socket domains')
    expect(md).toContain('## request 合法域名 / request domains')
    expect(md).toContain('a\\|b')
    expect(md).toContain('| – skipped | https://zimfile-sh2.zego.im | file |  | cancelled |')
  })
})
