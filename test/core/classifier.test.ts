import {
  classify,
  CODE_RULES,
  describeCategory,
  PATTERN_RULES,
  RawError,
} from '../../miniprogram/core/classifier'
import { HINTS } from '../../miniprogram/core/text'
import { ERROR_CATEGORIES, ErrorCategory } from '../../miniprogram/core/vocabulary'
import { EXAMPLES } from '../fixtures/errmsgs'

const categoryOf = (raw: RawError) => classify(raw).category
const isSynthesized = (source: string) => source.startsWith('synthesized:')

describe('classify: error messages found in public sources', () => {
  it.each(EXAMPLES.map((e) => [`${e.expected} ← ${e.errMsg}`, e] as const))('%s', (_title, e) => {
    expect(categoryOf({ errMsg: e.errMsg, errno: e.errno, code: e.code })).toBe(e.expected)
  })

  it('has 60+ real examples, few synthesized ones, and every category', () => {
    const real = EXAMPLES.filter((e) => !isSynthesized(e.source))
    const synthesized = EXAMPLES.filter((e) => isSynthesized(e.source))
    expect(real.length).toBeGreaterThanOrEqual(60)
    expect(synthesized.length).toBeLessThanOrEqual(real.length / 8)
    for (const c of ERROR_CATEGORIES) {
      expect({ c, real: real.some((e) => e.expected === c) }).toEqual({ c, real: true })
    }
  })

  it('covers the platforms the checker meets', () => {
    const platforms = new Set(EXAMPLES.map((e) => e.platform))
    for (const p of ['ios', 'android', 'devtools', 'node'] as const) expect(platforms).toContain(p)
  })

  it('every example names its source and appears once', () => {
    const seen = new Set<string>()
    for (const e of EXAMPLES) {
      expect(e.source).toMatch(/^(https:\/\/|synthesized: \S|[\w.-]+\/[\w.-]+: \S)/)
      const key = JSON.stringify([e.errMsg, e.errno, e.code])
      expect(seen.has(key)).toBe(false)
      seen.add(key)
    }
  })
})

describe('classify: errno first', () => {
  it.each([
    [600002, 'request:fail', 'not_whitelisted'],
    [600002, 'request:fail timeout', 'not_whitelisted'],
    [600003, 'request:fail ssl hand shake error', 'aborted'],
    [600007, 'request:fail', 'too_many'],
    [600008, 'request:fail', 'http'],
    [
      600009,
      'request:fail errcode:-102 cronet_error_code:-102 error_msg:net::ERR_CONNECTION_REFUSED',
      'bad_request',
    ],
    [5, 'request:fail net::ERR_NAME_NOT_RESOLVED', 'timeout'],
  ] as const)('errno %d beats the message %j', (errno, errMsg, expected) => {
    expect(categoryOf({ errno, errMsg })).toBe(expected)
  })

  it('errno beats the Node code too', () => {
    expect(categoryOf({ errno: 600002, code: 'ECONNREFUSED' })).toBe('not_whitelisted')
  })

  it('600001 is read from its message, and is `refused` when the message names nothing known', () => {
    const cronet = (n: number, name: string) =>
      `request:fail errcode:${n} cronet_error_code:${n} error_msg:net::${name}`
    expect(categoryOf({ errno: 600001, errMsg: cronet(-105, 'ERR_NAME_NOT_RESOLVED') })).toBe('dns')
    expect(categoryOf({ errno: 600001, errMsg: cronet(-202, 'ERR_CERT_AUTHORITY_INVALID') })).toBe('tls')
    expect(categoryOf({ errno: 600001, errMsg: cronet(-106, 'ERR_INTERNET_DISCONNECTED') })).toBe('offline')
    expect(categoryOf({ errno: 600001, errMsg: 'request:fail' })).toBe('refused')
    expect(categoryOf({ errno: 600001 })).toBe('refused')
    expect(categoryOf({ errno: 600000, errMsg: 'request:fail' })).toBe('refused')
  })

  it('the 600001 fallback never overrides a code parsed from the message', () => {
    // ERR_FAILED is a deliberate `unknown` (docs/taxonomy.md): with 600001 it stays unknown, code kept.
    const failed = classify({ errno: 600001, errMsg: 'request:fail -2:net::ERR_FAILED' })
    expect(failed).toEqual({ category: 'unknown', hint: HINTS.unknown, code: 'chromium:-2' })
    // A Chromium name the table does not know yet is kept as the code, and is not called `refused`.
    const fresh = classify({ errno: 600001, errMsg: 'request:fail net::ERR_SOMETHING_NEW' })
    expect(fresh).toEqual({ category: 'unknown', hint: HINTS.unknown, code: 'chromium:ERR_SOMETHING_NEW' })
    // …unless its family says what it is.
    expect(categoryOf({ errno: 600001, errMsg: 'request:fail net::ERR_CERT_SOMETHING_NEW' })).toBe('tls')
    // An NSURL code the table does not list.
    expect(classify({ errno: 600000, errMsg: '未能完成操作。（"NSURLErrorDomain"错误-1099。）' })).toEqual({
      category: 'unknown',
      hint: HINTS.unknown,
      code: 'nsurl:-1099',
    })
  })

  it('an errno the table does not know leaves the decision to the code and the message', () => {
    expect(categoryOf({ errno: 600000, errMsg: 'request:fail 请求超时。' })).toBe('timeout')
    expect(categoryOf({ errno: 602001, code: 'ENOTFOUND' })).toBe('dns')
    expect(categoryOf({ errno: 1234, errMsg: 'request:fail' })).toBe('unknown')
  })
})

describe('classify: Node error codes', () => {
  it.each([
    ['ECONNREFUSED', 'refused'],
    ['ECONNRESET', 'refused'],
    ['EPIPE', 'refused'],
    ['EHOSTUNREACH', 'refused'],
    ['ENETUNREACH', 'refused'],
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ETIMEDOUT', 'timeout'],
    ['ESOCKETTIMEDOUT', 'timeout'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['CERT_NOT_YET_VALID', 'tls'],
    ['EPROTO', 'tls'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
    ['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'tls'],
    ['ENETDOWN', 'offline'],
    ['ABORT_ERR', 'aborted'],
    ['ERR_INVALID_URL', 'bad_request'],
    ['ERR_INVALID_URL_SCHEME', 'bad_request'],
  ] as const)('%s → %s, whatever the message says', (code, expected) => {
    expect(categoryOf({ code })).toBe(expected)
    expect(categoryOf({ code, errMsg: 'url not in domain list' })).toBe(expected)
    expect(categoryOf({ code: code.toLowerCase() })).toBe(expected)
  })

  it('an unknown code falls through to the message', () => {
    expect(categoryOf({ code: 'ERR_SOMETHING_ELSE', errMsg: 'socket hang up' })).toBe('refused')
    expect(categoryOf({ code: 'ERR_SOMETHING_ELSE' })).toBe('unknown')
  })
})

describe('classify: message forms', () => {
  const PREFIXES = [
    '',
    'request:fail ',
    'uploadFile:fail ',
    'downloadFile:fail ',
    'connectSocket:fail ',
    'createRequest:fail ',
    'api:fail ',
    'request:fail:',
  ]
  const BODIES: [string, ErrorCategory][] = [
    ['url not in domain list', 'not_whitelisted'],
    ['未能找到使用指定主机名的服务器。', 'dns'],
    ['unknow host', 'dns'],
    ['socket time out', 'timeout'],
    ['The request timed out.', 'timeout'],
    ['請求逾時。', 'timeout'],
    ['request connect error', 'refused'],
    ['未能连接到服务器。', 'refused'],
    ['ssl hand shake error', 'tls'],
    ['发生了SSL错误，无法建立与该服务器的安全连接。', 'tls'],
    ['TLS 版本必须大于等于 1.2', 'tls'],
    ['似乎已断开与互联网的连接。', 'offline'],
    ['The Internet connection appears to be offline.', 'offline'],
    ['abort', 'aborted'],
    ['interrupted', 'aborted'],
    ['exceed max task count', 'too_many'],
    ['exceed max upload task count', 'too_many'],
    ['invalid url', 'bad_request'],
    ['url scheme is invalid', 'bad_request'],
    ['file not found', 'bad_request'],
    ['Invalid HTTP status', 'http'],
    ["Expected HTTP 101 response but was '404 Not Found'", 'http'],
  ]
  it.each(BODIES)('%j → %s with any api prefix', (body, expected) => {
    for (const prefix of PREFIXES)
      expect({ prefix, got: categoryOf({ errMsg: prefix + body }) }).toEqual({ prefix, got: expected })
  })

  const CHROMIUM: [number, string, ErrorCategory][] = [
    [-105, 'ERR_NAME_NOT_RESOLVED', 'dns'],
    [-102, 'ERR_CONNECTION_REFUSED', 'refused'],
    [-101, 'ERR_CONNECTION_RESET', 'refused'],
    [-100, 'ERR_CONNECTION_CLOSED', 'refused'],
    [-103, 'ERR_CONNECTION_ABORTED', 'refused'],
    [-109, 'ERR_ADDRESS_UNREACHABLE', 'refused'],
    [-130, 'ERR_PROXY_CONNECTION_FAILED', 'refused'],
    [-111, 'ERR_TUNNEL_CONNECTION_FAILED', 'refused'],
    [-118, 'ERR_CONNECTION_TIMED_OUT', 'timeout'],
    [-7, 'ERR_TIMED_OUT', 'timeout'],
    [-106, 'ERR_INTERNET_DISCONNECTED', 'offline'],
    [-21, 'ERR_NETWORK_CHANGED', 'offline'],
    [-200, 'ERR_CERT_COMMON_NAME_INVALID', 'tls'],
    [-201, 'ERR_CERT_DATE_INVALID', 'tls'],
    [-202, 'ERR_CERT_AUTHORITY_INVALID', 'tls'],
    [-107, 'ERR_SSL_PROTOCOL_ERROR', 'tls'],
    [-113, 'ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'tls'],
    [-3, 'ERR_ABORTED', 'aborted'],
    [-310, 'ERR_TOO_MANY_REDIRECTS', 'http'],
    [-300, 'ERR_INVALID_URL', 'bad_request'],
    [-2, 'ERR_FAILED', 'unknown'],
  ]
  it.each(CHROMIUM)('%d %s → %s in the cronet, DevTools and bare forms', (n, name, expected) => {
    for (const errMsg of [
      `request:fail errcode:${n} cronet_error_code:${n} error_msg:net::${name}`,
      `request:fail ${n}:net::${name}`,
      `net::${name}`,
    ]) {
      expect({ errMsg, got: categoryOf({ errMsg }) }).toEqual({ errMsg, got: expected })
    }
  })

  it.each([
    // A reset that a wrapper words as an abort is still a reset.
    ['request:fail abort statusCode:-1 Connection reset', 'refused'],
    // A handshake that timed out is a TLS problem (interception, old OS), not a slow network.
    ['javax.net.ssl.SSLHandshakeException: SSL handshake timed out', 'tls'],
    // "cancel all task" after a network switch is the switch, not a cancel by the app.
    ['request:fail errcode:10011 cronet_error_code:0 error_msg:network change, cancel all task', 'offline'],
    // A whitelist message that mentions the TLS/HTTPS checkbox is still about the whitelist.
    [
      'https://a.example 不在以下 request 合法域名列表中，请勾选"不校验合法域名、TLS 版本以及 HTTPS 证书"',
      'not_whitelisted',
    ],
    ['connectSocket:fail closed before open (code 1006): abnormal', 'refused'],
    ['uploadFile:fail abort', 'aborted'],
  ] as const)('%j → %s', (errMsg, expected) => {
    expect(categoryOf({ errMsg })).toBe(expected)
  })
})

describe('classify: keyword layer (texts without a code)', () => {
  const APIS = ['request:fail ', 'uploadFile:fail ', 'downloadFile:fail ', 'connectSocket:fail ', '']
  it.each([
    ['failed to connect to /1.2.3.4 (port 443) from /10.0.0.2 (port 12345) after 60000ms', 'timeout'],
    ['Handshake failed', 'tls'],
    ['Chain validation failed', 'tls'],
    ['SSL peer shut down incorrectly', 'tls'],
    ['TLS handshake failed', 'tls'], // wcwss socket text
    ['TLS handshake timed out', 'tls'],
    ['The total timed out', 'timeout'],
    ['Timer Expired', 'timeout'],
    ['Invalid HttpCode', 'http'],
    ['Underlying Transport Error', 'refused'], // wcwss: websocketpp passes the socket's own error through (issue 28)
    ['unexpected end of stream on Connection{a.example:443}', 'refused'],
    ['Software caused connection abort', 'refused'],
    ['网络连接中断', 'refused'],
    ['无法连接服务器', 'refused'],
    ['当前网络不可用，请检查你的网络设置', 'offline'],
    ['file not exist', 'bad_request'],
    ['wcwss exceed max concurrent count', 'too_many'],
    ['Canceled', 'aborted'],
    ['未能完成操作。（NSPOSIXErrorDomain错误61 - Connection refused）', 'refused'],
    ['The operation couldn’t be completed. (NSPOSIXErrorDomain error 50 - Network is down)', 'offline'],
  ] as const)('%j → %s with every API prefix and with 600001', (body, expected) => {
    for (const api of APIS)
      for (const errno of [undefined, 600001])
        expect({ api, errno, got: categoryOf({ errMsg: api + body, errno }) }).toEqual({
          api,
          errno,
          got: expected,
        })
  })
})

describe('classify: never throws', () => {
  const hostile = (): unknown => {
    const revocable = Proxy.revocable({}, {})
    revocable.revoke()
    return [
      revocable.proxy,
      new Proxy(
        {},
        {
          get() {
            throw new Error('boom')
          },
        },
      ),
      Object.defineProperty({}, 'errMsg', {
        get() {
          throw new Error('boom')
        },
      }),
    ]
  }

  it.each([
    undefined,
    null,
    42,
    'request:fail url not in domain list',
    [],
    {},
    { errMsg: 42 },
    { errMsg: {} },
    { errMsg: ['url not in domain list'] },
    { errMsg: null },
    { errMsg: '' },
    { errMsg: '   ' },
    { errno: Number.NaN },
    { errno: Number.POSITIVE_INFINITY },
    { errno: '600002' },
    { errno: {} },
    { code: {} },
    { code: 42 },
    { code: '' },
    Object.create(null),
  ] as unknown[])('%p → unknown', (raw) => {
    expect(() => classify(raw as RawError)).not.toThrow()
    expect(classify(raw as RawError)).toEqual({ category: 'unknown', hint: HINTS.unknown })
  })

  it('hostile objects (throwing getters, revoked proxies) → unknown', () => {
    for (const raw of hostile() as unknown[]) {
      expect(classify(raw as RawError).category).toBe('unknown')
    }
  })

  // What they cost is measured in `npm run bench` (classify_adversarial_ratio), not timed here.
  it('huge and adversarial messages are read, as far as the first 4,000 characters', () => {
    expect(categoryOf({ errMsg: 'x'.repeat(1_000_000) })).toBe('unknown')
    expect(categoryOf({ errMsg: 'ssl '.repeat(100_000) })).toBe('unknown')
    expect(categoryOf({ errMsg: 'exceed max '.repeat(50_000) })).toBe('unknown')
  })
})

describe('hints and the mapping table', () => {
  it('every category has a zh and an en hint, and classify returns it', () => {
    for (const c of ERROR_CATEGORIES) {
      expect(HINTS[c].zh).toMatch(/[\u4e00-\u9fff]/)
      expect(HINTS[c].en).toMatch(/^[A-Z]/)
      expect(describeCategory(c, 'zh')).toBe(HINTS[c].zh)
      expect(describeCategory(c, 'en')).toBe(HINTS[c].en)
    }
    expect(Object.keys(HINTS).sort()).toEqual([...ERROR_CATEGORIES].sort())
    expect(classify({ errMsg: 'request:fail url not in domain list' }).hint).toBe(HINTS.not_whitelisted)
  })

  it('has no rule for a category outside ERROR_CATEGORIES, and no empty rule', () => {
    for (const [category, list] of [...CODE_RULES, ...PATTERN_RULES]) {
      expect(ERROR_CATEGORIES).toContain(category)
      expect(list.length).toBeGreaterThan(0)
    }
  })

  it('every category but unknown has a keyword rule; unknown has none', () => {
    const ruled = new Set([...CODE_RULES, ...PATTERN_RULES].map(([category]) => category))
    for (const c of ERROR_CATEGORIES)
      expect({ c, ruled: ruled.has(c) }).toEqual({ c, ruled: c !== 'unknown' })
  })

  it('a code belongs to one rule', () => {
    const codes = CODE_RULES.flatMap(([, list]) => list.filter((c): c is string => typeof c === 'string'))
    expect(new Set(codes).size).toBe(codes.length)
  })
})

describe('a failed WebSocket handshake without an HTTP answer', () => {
  it('is a network failure, not an upgrade refusal', () => {
    expect(classify({ errMsg: 'Error during WebSocket handshake: net::ERR_CONNECTION_RESET' }).category).toBe(
      'refused',
    )
    expect(
      classify({ errMsg: 'Error during WebSocket handshake: Unexpected response code: 404' }).category,
    ).toBe('http')
  })
})

describe('contract', () => {
  it('the category list keeps its order: share cards (z1) encode a category by its index', () => {
    expect(ERROR_CATEGORIES).toEqual([
      'not_whitelisted',
      'dns',
      'timeout',
      'refused',
      'tls',
      'offline',
      'aborted',
      'too_many',
      'bad_request',
      'http',
      'unknown',
      // Appended for the CLI's proxy findings; new categories only ever go at the end.
      'proxy',
    ])
  })
})
