import { ProbeResult } from '../../miniprogram/core/result'
import { buildReport, Report, validateReport } from '../../miniprogram/core/report'

/**
 * validateReport is what decodeShare and the CLI rely on to refuse a hostile or damaged report: every field it
 * checks gets a bad value here, and each refusal must name the field and say what was expected.
 */

const RESULTS: ProbeResult[] = [
  {
    id: 'socket:wss://accesshub-wss.coolbcloud.com',
    category: 'socket',
    url: 'wss://accesshub-wss.coolbcloud.com',
    purpose: 'access',
    status: 'pass',
    timing: { totalMs: 80, dnsMs: 3, connectMs: 20, tlsMs: 30, ttfbMs: 12 },
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
      errno: 600001,
      code: 'ENOTFOUND',
      parsedCode: 'chromium:-105',
    },
    timing: { totalMs: 12 },
  },
  {
    id: 'uploadFile:https://access-zfpxy-global.zego.im',
    category: 'uploadFile',
    url: 'https://access-zfpxy-global.zego.im',
    purpose: 'file',
    status: 'warn',
    statusCode: 404,
    after: 'body: reset after 1.2 KB',
    caveats: ['http', 'slow'],
    timing: { totalMs: 3500 },
  },
  {
    id: 'downloadFile:https://zimfile-sh2.zego.im',
    category: 'downloadFile',
    url: 'https://zimfile-sh2.zego.im',
    purpose: 'file',
    status: 'skipped',
    skipReason: 'cancelled',
  },
]

function base(): Report {
  return buildReport({
    createdAt: new Date('2026-11-28T12:00:00.000Z'),
    sdk: { input: '2.13', resolved: '2.13.0' },
    environment: {
      runtime: 'wechat',
      platform: 'ios',
      wechatVersion: '8.0.50',
      baseLibrary: '3.5.8',
      system: 'iOS 17.2',
      brand: 'iPhone',
      model: 'iPhone 15',
      networkType: 'wifi',
      hasSystemProxy: false,
      appId: 'wx0123456789abcdef',
      envVersion: 'release',
      enableDebug: false,
      language: 'zh_CN',
    },
    enforcement: { enforced: true, reasons: [] },
    options: { timeoutMs: 10000, deadlineMs: 120000, concurrency: { http: 10, socket: 5 }, only: ['socket'] },
    results: RESULTS,
    warnings: ['a note'],
  })
}

type Json = Record<string, any>
/** A fresh JSON copy of the valid report, changed by `f`. */
const edit = (f: (r: Json) => void): Json => {
  const r = JSON.parse(JSON.stringify(base()))
  f(r)
  return r
}
const errorOf = (value: unknown): string => {
  const res = validateReport(value)
  return res.ok ? 'accepted' : res.error
}

describe('validateReport accepts what a run can produce', () => {
  it('the full report, as built and as JSON', () => {
    const r = base()
    expect(validateReport(r)).toEqual({ ok: true, report: r })
    const json = JSON.parse(JSON.stringify(r))
    expect(validateReport(json)).toEqual({ ok: true, report: json })
  })

  it.each<[string, (r: Json) => void]>([
    [
      'a node run',
      (r) => (r.environment = { runtime: 'node', node: 'v20.1.0', whitelist: r.environment.whitelist }),
    ],
    ['a devtools run', (r) => (r.environment.runtime = 'devtools')],
    ['each env version', (r) => (r.environment.envVersion = 'develop')],
    ['a trial build', (r) => (r.environment.envVersion = 'trial')],
    [
      'no optional env fields',
      (r) => (r.environment = { runtime: 'wechat', whitelist: r.environment.whitelist }),
    ],
    ['debug on, proxy on', (r) => Object.assign(r.environment, { enableDebug: true, hasSystemProxy: true })],
    [
      'every not-enforced reason',
      (r) =>
        (r.environment.whitelist = {
          enforced: false,
          reasons: ['debug', 'devtools', 'tourist_appid', 'develop', 'not_wechat'],
        }),
    ],
    [
      'zero timeouts and pools',
      (r) => Object.assign(r.options, { timeoutMs: 0, deadlineMs: 0.5, concurrency: { http: 0, socket: 0 } }),
    ],
    ['no `only`', (r) => delete r.options.only],
    [
      'every category in `only`',
      (r) => (r.options.only = ['socket', 'request', 'uploadFile', 'downloadFile']),
    ],
    [
      'no results',
      (r) => Object.assign(r, { results: [], summary: { total: 0, pass: 0, warn: 0, fail: 0, skipped: 0 } }),
    ],
    ['no warnings', (r) => (r.warnings = [])],
    ['status codes 0 and 999', (r) => ((r.results[0].statusCode = 0), (r.results[2].statusCode = 999))],
    ['a warn row without an error', (r) => delete r.results[2].error],
    ['a skipped row for the deadline', (r) => (r.results[3].skipReason = 'deadline')],
    ['the not_enforced caveat alone', (r) => (r.results[2].caveats = ['not_enforced'])],
    ['no caveats at all', (r) => (r.results[2].caveats = [])],
    [
      'timing of 0 ms',
      (r) => (r.results[0].timing = { totalMs: 0, dnsMs: 0, connectMs: 0, tlsMs: 0, ttfbMs: 0 }),
    ],
    ['a negative errno', (r) => (r.results[1].error.errno = -1)],
    ['each parsed-code table', (r) => (r.results[1].error.parsedCode = 'nsurl:-1009')],
    ['cfnetwork', (r) => (r.results[1].error.parsedCode = 'cfnetwork:310')],
    ['posix', (r) => (r.results[1].error.parsedCode = 'posix:ECONNRESET')],
    ['node', (r) => (r.results[1].error.parsedCode = 'node:CERT_HAS_EXPIRED')],
    ['an 80-character code', (r) => (r.results[1].error.parsedCode = 'chromium:' + 'A'.repeat(80))],
    [
      'a url with a path and port',
      (r) => {
        r.results[0].url = 'wss://h.example.com:8443/ws'
        r.results[0].id = 'socket:wss://h.example.com:8443/ws'
      },
    ],
  ])('%s', (_name, f) => {
    expect(errorOf(edit(f))).toBe('accepted')
  })
})

describe('validateReport refuses, naming the field', () => {
  it.each<[string, unknown, string]>([
    ['a string', 'hello', 'report: must be a JSON object'],
    ['null', null, 'report: must be a JSON object'],
    ['an array', [base()], 'report: must be a JSON object'],
    ['no schema', edit((r) => delete r.schema), 'schema: missing; expected "zim-netcheck/report@1"'],
    ['a numeric schema', edit((r) => (r.schema = 1)), 'schema: missing; expected "zim-netcheck/report@1"'],
    [
      'another schema',
      edit((r) => (r.schema = 'zim-netcheck/report@2')),
      'schema: "zim-netcheck/report@2" is not supported; expected "zim-netcheck/report@1"',
    ],
    [
      'a long schema, cut at 40 characters',
      edit((r) => (r.schema = 'x'.repeat(100))),
      `schema: "${'x'.repeat(40)}" is not supported; expected "zim-netcheck/report@1"`,
    ],
    ['a numeric date', edit((r) => (r.createdAt = 1764331200000)), 'createdAt: must be an ISO date'],
    ['a date that is not one', edit((r) => (r.createdAt = 'yesterday')), 'createdAt: must be an ISO date'],
    ['no sdk', edit((r) => delete r.sdk), 'sdk: must be {input, resolved}'],
    ['sdk as a string', edit((r) => (r.sdk = '2.13.0')), 'sdk: must be {input, resolved}'],
    ['sdk input not a string', edit((r) => (r.sdk.input = 2.13)), 'sdk: must be {input, resolved}'],
    ['sdk resolved missing', edit((r) => delete r.sdk.resolved), 'sdk: must be {input, resolved}'],
    ['no environment', edit((r) => delete r.environment), 'environment: must be an object'],
    ['environment as a list', edit((r) => (r.environment = [])), 'environment: must be an object'],
    [
      'an unknown runtime',
      edit((r) => (r.environment.runtime = 'browser')),
      'environment.runtime: must be wechat, devtools, node',
    ],
    [
      'a numeric runtime',
      edit((r) => (r.environment.runtime = 1)),
      'environment.runtime: must be wechat, devtools, node',
    ],
    [
      'enableDebug as text',
      edit((r) => (r.environment.enableDebug = 'false')),
      'environment.enableDebug: must be true or false',
    ],
    [
      'hasSystemProxy as 0',
      edit((r) => (r.environment.hasSystemProxy = 0)),
      'environment.hasSystemProxy: must be true or false',
    ],
    [
      'an unknown env version',
      edit((r) => (r.environment.envVersion = 'prod')),
      'environment.envVersion: must be develop, trial or release',
    ],
    [
      'no whitelist',
      edit((r) => delete r.environment.whitelist),
      'environment.whitelist: must be {enforced, reasons}',
    ],
    [
      'enforced as text',
      edit((r) => (r.environment.whitelist.enforced = 'true')),
      'environment.whitelist: must be {enforced, reasons}',
    ],
    [
      'reasons not a list',
      edit((r) => (r.environment.whitelist.reasons = 'debug')),
      'environment.whitelist.reasons: unknown reason',
    ],
    [
      'an unknown reason',
      edit((r) => (r.environment.whitelist.reasons = ['rooted'])),
      'environment.whitelist.reasons: unknown reason',
    ],
    [
      'one unknown reason among known',
      edit((r) => (r.environment.whitelist.reasons = ['debug', 'rooted'])),
      'environment.whitelist.reasons: unknown reason',
    ],
    ['no options', edit((r) => delete r.options), 'options: must carry timeoutMs and deadlineMs'],
    [
      'a negative timeout',
      edit((r) => (r.options.timeoutMs = -1)),
      'options: must carry timeoutMs and deadlineMs',
    ],
    [
      'an endless deadline',
      edit((r) => (r.options.deadlineMs = Infinity)),
      'options: must carry timeoutMs and deadlineMs',
    ],
    [
      'a deadline as text',
      edit((r) => (r.options.deadlineMs = '120000')),
      'options: must carry timeoutMs and deadlineMs',
    ],
    [
      'no concurrency',
      edit((r) => delete r.options.concurrency),
      'options.concurrency: must be {http, socket}',
    ],
    [
      'a fractional http pool',
      edit((r) => (r.options.concurrency.http = 1.5)),
      'options.concurrency: must be {http, socket}',
    ],
    [
      'a negative socket pool',
      edit((r) => (r.options.concurrency.socket = -1)),
      'options.concurrency: must be {http, socket}',
    ],
    [
      'a socket pool as text',
      edit((r) => (r.options.concurrency.socket = '5')),
      'options.concurrency: must be {http, socket}',
    ],
    ['`only` as text', edit((r) => (r.options.only = 'socket')), 'options.only: unknown category'],
    [
      'an unknown category in `only`',
      edit((r) => (r.options.only = ['socket', 'ftp'])),
      'options.only: unknown category',
    ],
    ['a number in `only`', edit((r) => (r.options.only = [1])), 'options.only: unknown category'],
    ['no results', edit((r) => delete r.results), 'results: must be a list'],
    [
      'the same probe twice',
      edit((r) => {
        r.results.push(r.results[0])
        r.summary.total++
        r.summary.pass++
      }),
      'results: has the same probe twice',
    ],
    ['no summary', edit((r) => delete r.summary), 'summary: must count total, pass, warn, fail, skipped'],
    [
      'a summary without skipped',
      edit((r) => delete r.summary.skipped),
      'summary: must count total, pass, warn, fail, skipped',
    ],
    [
      'a negative count',
      edit((r) => (r.summary.warn = -1)),
      'summary: must count total, pass, warn, fail, skipped',
    ],
    [
      'a fractional count',
      edit((r) => (r.summary.total = 4.5)),
      'summary: must count total, pass, warn, fail, skipped',
    ],
    ['a wrong total', edit((r) => (r.summary.total = 5)), 'summary.total: says 5 but the results have 4'],
    ['a wrong pass', edit((r) => (r.summary.pass = 0)), 'summary.pass: says 0 but the results have 1'],
    ['a wrong warn', edit((r) => (r.summary.warn = 2)), 'summary.warn: says 2 but the results have 1'],
    ['a wrong fail', edit((r) => (r.summary.fail = 0)), 'summary.fail: says 0 but the results have 1'],
    [
      'a wrong skipped',
      edit((r) => (r.summary.skipped = 3)),
      'summary.skipped: says 3 but the results have 1',
    ],
    ['no warnings', edit((r) => delete r.warnings), 'warnings: must be a list of strings'],
    ['a warning that is a number', edit((r) => r.warnings.push(1)), 'warnings: must be a list of strings'],
  ])('%s', (_name, value, error) => {
    expect(errorOf(value)).toBe(`invalid report: ${error}`)
  })
})

describe('validateReport refuses a bad result, naming it by index', () => {
  const CATS = 'socket, request, uploadFile, downloadFile'
  it.each<[string, (r: Json) => void, string]>([
    ['null', (r) => (r.results[1] = null), 'results[1]: must be an object'],
    ['a list', (r) => (r.results[1] = []), 'results[1]: must be an object'],
    [
      'an unknown category',
      (r) => (r.results[0].category = 'ftp'),
      `results[0].category: must be one of ${CATS}`,
    ],
    ['a numeric category', (r) => (r.results[0].category = 0), `results[0].category: must be one of ${CATS}`],
    [
      'an http url',
      (r) => (r.results[1].url = 'http://detaillog-global.zego.im'),
      'results[1].url: must be a wss:// or https:// url',
    ],
    [
      'a url with text before it',
      (r) => (r.results[1].url = 'xhttps://a.example.com'),
      'results[1].url: must be a wss:// or https:// url',
    ],
    [
      'a url without a host',
      (r) => (r.results[1].url = 'https:///path'),
      'results[1].url: must be a wss:// or https:// url',
    ],
    [
      'a url with a space for a host',
      (r) => (r.results[1].url = 'https:// a'),
      'results[1].url: must be a wss:// or https:// url',
    ],
    ['a numeric url', (r) => (r.results[1].url = 1), 'results[1].url: must be a wss:// or https:// url'],
    [
      'an id of another row',
      (r) => (r.results[1].id = r.results[0].id),
      'results[1].id: must be "category:url"',
    ],
    [
      'a purpose that is no name',
      (r) => (r.results[0].purpose = 'a/b:c'),
      'results[0].purpose: unknown purpose',
    ],
    [
      'a purpose over 40 characters',
      (r) => (r.results[0].purpose = 'x'.repeat(41)),
      'results[0].purpose: unknown purpose',
    ],
    ['no purpose', (r) => delete r.results[0].purpose, 'results[0].purpose: unknown purpose'],
    [
      'an unknown status',
      (r) => (r.results[0].status = 'ok'),
      'results[0].status: must be pass, warn, fail or skipped',
    ],
    [
      'a numeric status',
      (r) => (r.results[0].status = 0),
      'results[0].status: must be pass, warn, fail or skipped',
    ],
    ['an error that is text', (r) => (r.results[1].error = 'dns'), 'results[1].error: must be an object'],
    [
      'an unknown error category',
      (r) => (r.results[1].error.category = 'blocked'),
      'results[1].error.category: unknown error category',
    ],
    [
      'no error category',
      (r) => delete r.results[1].error.category,
      'results[1].error.category: unknown error category',
    ],
    ['no errMsg', (r) => delete r.results[1].error.errMsg, 'results[1].error.errMsg: must be a string'],
    [
      'an errno as text',
      (r) => (r.results[1].error.errno = '600001'),
      'results[1].error.errno: must be a number',
    ],
    [
      'an endless errno',
      (r) => (r.results[1].error.errno = Infinity),
      'results[1].error.errno: must be a number',
    ],
    ['a numeric code', (r) => (r.results[1].error.code = 404), 'results[1].error.code: must be a string'],
    [
      'a parsed code of no table',
      (r) => (r.results[1].error.parsedCode = 'win32:5'),
      'results[1].error.parsedCode: must be table:code',
    ],
    [
      'a parsed code with text after it',
      (r) => (r.results[1].error.parsedCode = 'chromium:-105 <b>'),
      'results[1].error.parsedCode: must be table:code',
    ],
    [
      'a parsed code with text before it',
      (r) => (r.results[1].error.parsedCode = 'x chromium:-105'),
      'results[1].error.parsedCode: must be table:code',
    ],
    [
      'an 81-character code',
      (r) => (r.results[1].error.parsedCode = 'chromium:' + 'A'.repeat(81)),
      'results[1].error.parsedCode: must be table:code',
    ],
    [
      'an empty code',
      (r) => (r.results[1].error.parsedCode = 'chromium:'),
      'results[1].error.parsedCode: must be table:code',
    ],
    [
      'a numeric parsed code',
      (r) => (r.results[1].error.parsedCode = -105),
      'results[1].error.parsedCode: must be table:code',
    ],
    [
      'a fail without its error',
      (r) => delete r.results[1].error,
      'results[1].error: a failed probe must carry its error',
    ],
    [
      'a negative status code',
      (r) => (r.results[2].statusCode = -1),
      'results[2].statusCode: must be an HTTP status',
    ],
    [
      'status code 1000',
      (r) => (r.results[2].statusCode = 1000),
      'results[2].statusCode: must be an HTTP status',
    ],
    [
      'a fractional status code',
      (r) => (r.results[2].statusCode = 200.5),
      'results[2].statusCode: must be an HTTP status',
    ],
    [
      'a status code as text',
      (r) => (r.results[2].statusCode = '404'),
      'results[2].statusCode: must be an HTTP status',
    ],
    ['`after` as a number', (r) => (r.results[2].after = 1200), 'results[2].after: must be a string'],
    ['timing as a number', (r) => (r.results[0].timing = 80), 'results[0].timing: must be an object'],
    [
      'timing without totalMs',
      (r) => delete r.results[0].timing.totalMs,
      'results[0].timing.totalMs: must be a number of ms',
    ],
    [
      'a negative totalMs',
      (r) => (r.results[0].timing.totalMs = -1),
      'results[0].timing.totalMs: must be a number of ms',
    ],
    [
      'a negative dnsMs',
      (r) => (r.results[0].timing.dnsMs = -1),
      'results[0].timing.dnsMs: must be a number of ms',
    ],
    [
      'connectMs as text',
      (r) => (r.results[0].timing.connectMs = '20'),
      'results[0].timing.connectMs: must be a number of ms',
    ],
    [
      'an endless tlsMs',
      (r) => (r.results[0].timing.tlsMs = Infinity),
      'results[0].timing.tlsMs: must be a number of ms',
    ],
    [
      'a negative ttfbMs',
      (r) => (r.results[0].timing.ttfbMs = -5),
      'results[0].timing.ttfbMs: must be a number of ms',
    ],
    ['caveats as text', (r) => (r.results[2].caveats = 'http'), 'results[2].caveats: unknown caveat'],
    ['an unknown caveat', (r) => (r.results[2].caveats = ['cached']), 'results[2].caveats: unknown caveat'],
    [
      'one unknown caveat among known',
      (r) => (r.results[2].caveats = ['http', 'cached']),
      'results[2].caveats: unknown caveat',
    ],
    [
      'an unknown skip reason',
      (r) => (r.results[3].skipReason = 'timeout'),
      'results[3].skipReason: unknown skip reason',
    ],
  ])('%s', (_name, f, error) => {
    expect(errorOf(edit(f))).toBe(`invalid report: ${error}`)
  })

  it('each optional environment string must be a string', () => {
    for (const k of [
      'platform',
      'wechatVersion',
      'baseLibrary',
      'system',
      'brand',
      'model',
      'networkType',
      'appId',
      'language',
      'node',
    ]) {
      expect(errorOf(edit((r) => (r.environment[k] = 8)))).toBe(
        `invalid report: environment.${k}: must be a string`,
      )
    }
  })

  it('a value that throws while read is refused with its message, never thrown', () => {
    const r: Json = edit(() => {})
    Object.defineProperty(r, 'createdAt', {
      enumerable: true,
      get() {
        throw new Error('getter exploded')
      },
    })
    expect(validateReport(r)).toEqual({ ok: false, error: 'invalid report: getter exploded' })
  })
})

describe('validateReport: the catalog a report was resolved in, and the platform', () => {
  const CATALOG_ERROR = 'invalid report: catalog: must be {builtin, source, date?, rows, hash}'
  const withCatalog = (c: Json) =>
    edit((r) => (r.catalog = { builtin: false, rows: 64, hash: '0c1d2e3f', ...c }))

  it.each<[string, Json]>([
    ['a 200-character source', { source: 's'.repeat(200), date: '2026-12-01' }],
    ['no date', { source: 'docs.html' }],
    ['a month for a date', { source: 'docs.html', date: '2026-12' }],
  ])('accepts %s', (_name, c) => {
    expect(errorOf(withCatalog(c))).toBe('accepted')
  })

  it.each<[string, Json]>([
    ['a 201-character source', { source: 's'.repeat(201) }],
    ['text before the hash', { source: 'docs.html', hash: 'x0c1d2e3f' }],
    ['text after the hash', { source: 'docs.html', hash: '0c1d2e3fx' }],
    ['text before the date', { source: 'docs.html', date: 'on 2026-12-01' }],
    ['text after the date', { source: 'docs.html', date: '2026-12-01 <b>' }],
    ['a date that is null', { source: 'docs.html', date: null }],
  ])('refuses %s', (_name, c) => {
    expect(errorOf(withCatalog(c))).toBe(CATALOG_ERROR)
  })

  it('refuses a platform it does not know, by name', () => {
    expect(errorOf(edit((r) => (r.environment.platformId = 'symbian')))).toBe(
      'invalid report: environment.platformId: unknown platform',
    )
    expect(errorOf(edit((r) => (r.environment.platformId = 'alipay')))).toBe('accepted')
  })
})
