import { classify, describeCategory, RawError } from '../../miniprogram/core/classifier'
import { HINTS } from '../../miniprogram/core/text'
import { ErrorCategory } from '../../miniprogram/core/vocabulary'

/**
 * Every Node error code the rule table names, each spelling a rule exists for, the message cap, and the code
 * read from the message: each row here is one entry of the table that could be lost without notice.
 */

const cat = (raw: RawError) => classify(raw).category

describe('every Node error code in the table, from the code field and from the message', () => {
  const CODES: [string, ErrorCategory][] = [
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['EAI_NONAME', 'dns'],
    ['EAI_FAIL', 'dns'],
    ['EAI_NODATA', 'dns'],
    ['ETIMEDOUT', 'timeout'],
    ['ESOCKETTIMEDOUT', 'timeout'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout'],
    ['ERR_SOCKET_CONNECTION_TIMEOUT', 'timeout'],
    ['ECONNREFUSED', 'refused'],
    ['ECONNRESET', 'refused'],
    ['EPIPE', 'refused'],
    ['EHOSTUNREACH', 'refused'],
    ['ENETUNREACH', 'refused'],
    ['EHOSTDOWN', 'refused'],
    ['ECONNABORTED', 'refused'],
    ['ENOTCONN', 'refused'],
    ['EADDRNOTAVAIL', 'refused'],
    ['UND_ERR_SOCKET', 'refused'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['CERT_UNTRUSTED', 'tls'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
    ['EPROTO', 'tls'],
    ['ENETDOWN', 'offline'],
    ['ABORT_ERR', 'aborted'],
    ['ERR_CANCELED', 'aborted'],
    ['ECANCELED', 'aborted'],
    ['EMFILE', 'too_many'],
    ['ENOBUFS', 'too_many'],
    ['ERR_FR_TOO_MANY_REDIRECTS', 'http'],
    ['ERR_INVALID_URL', 'bad_request'],
    ['ERR_INVALID_URL_SCHEME', 'bad_request'],
    ['ERR_INVALID_PROTOCOL', 'bad_request'],
    ['ENOENT', 'bad_request'],
  ]

  it.each(CODES)('%s → %s', (code, expected) => {
    expect(cat({ code })).toBe(expected)
    expect(cat({ code: ` ${code.toLowerCase()} ` })).toBe(expected)
    // The same name quoted in a message, with the table it belongs to.
    const fromMessage = classify({ errMsg: `request failed: ${code} (h.example.com)` })
    expect(fromMessage.category).toBe(expected)
    // POSIX names (ECONNRESET) are `posix:`, Node's own (CERT_…, ERR_TLS_…) `node:`; Chromium lists ERR_INVALID_URL.
    expect(fromMessage.code).toBe(
      code === 'ERR_INVALID_URL' ? 'chromium:-300' : `${/^E(?!RR_)/.test(code) ? 'posix' : 'node'}:${code}`,
    )
  })

  it.each([
    'XECONNREFUSED',
    'ECONNREFUSEDX',
    'EAI_AGAINX',
    'XEAI_AGAIN',
    'XETIMEDOUT',
    'ETIMEDOUTX',
    'UND_ERR_SOCKETX',
    'XCERT_HAS_EXPIRED',
    'EPROTOX',
    'ENOENTX',
    'ERR_INVALID_URLX',
    'ERR_SOCKET_CONNECTION_TIMEOUTX',
    'XERR_SOCKET_CONNECTION_TIMEOUT',
    'UND_ERR_TIMEOUT',
  ])('a code that only looks like one (%s) decides nothing', (code) => {
    expect(cat({ code })).toBe('unknown')
    expect(cat({ code, errMsg: 'socket hang up' })).toBe('refused')
  })

  it('a non-string code is ignored', () => {
    expect(cat({ code: 404 as unknown as string, errMsg: 'socket hang up' })).toBe('refused')
  })

  it('Chromium’s own ERR_ names in a message are not read as Node codes', () => {
    expect(classify({ errMsg: 'ERR_STREAM_PREMATURE_CLOSE' })).toEqual({
      category: 'unknown',
      hint: HINTS.unknown,
    })
    expect(classify({ errMsg: 'ERR_TLS_CERT_ALTNAME_INVALID' }).code).toBe(
      'node:ERR_TLS_CERT_ALTNAME_INVALID',
    )
  })
})

describe('spellings the keyword rules exist for', () => {
  it.each<[string, ErrorCategory]>([
    ['java.net.UnknownHostException: h.example.com', 'dns'],
    ['request:fail unknow host', 'dns'],
    ['Unable to resolve host "h.example.com": No address associated with hostname', 'dns'],
    ['getaddrinfo failed', 'dns'],
    ['request:fail cancelled', 'aborted'],
    ['request:fail canceled', 'aborted'],
    ['request:fail 已取消', 'aborted'],
    ['request:fail abort', 'aborted'],
    ['The operation was aborted.', 'aborted'],
    ['network api interrupted in suspend state', 'aborted'],
    ['request:fail url not in domain list', 'not_whitelisted'],
    ['https://h.example.com 不在以下 request 合法域名列表中', 'not_whitelisted'],
    ['createSocketTask:fail exceed max cocurrent count', 'too_many'],
    ['downloadFile:fail exceeded maximum download connection count', 'too_many'],
    ['Invalid HttpCode', 'http'],
    ["Expected HTTP 101 response but was '404 Not Found'", 'http'],
    ['Unexpected server response: 404', 'http'],
    ['Error during WebSocket handshake: Unexpected response code: 404', 'http'],
    ['request:fail too many redirects', 'http'],
    ['request:fail 重定向次数过多', 'http'],
    ['errcode:10011 error_msg:network change, cancel all task', 'offline'],
    ['request:fail network is down', 'offline'],
    ['request:fail 网络不可用', 'offline'],
    ['request:fail network not available', 'offline'],
    ['请求失败：似乎已断开与互联网的连接', 'offline'],
    ['request:fail ssl hand shake error', 'tls'],
    ['TLS handshake failed', 'tls'],
    ['javax.net.ssl.SSLException: Connection closed by peer', 'tls'],
    ['小程序要求的 TLS 版本必须大于等于 1.2', 'tls'],
    ['request:fail certificate verify failed', 'tls'],
    ['request:fail 证书无效', 'tls'],
    ['A secure connection could not be made', 'tls'],
    ['request:fail timed out', 'timeout'],
    ['failed to connect to h.example.com after 10000ms', 'timeout'],
    ['exception onOpen fail code:9, msg:Timer Expired', 'timeout'],
    ['request:fail 超时', 'timeout'],
    ['request:fail 逾時', 'timeout'],
    ['request connect error', 'refused'],
    ['No route to host', 'refused'],
    ['connection reset by peer', 'refused'],
    ['WebSocket closed before the connection was established', 'refused'],
    ['socket is not connected', 'refused'],
    ['unexpected end of stream on h.example.com', 'refused'],
    ['无法连接服务器', 'refused'],
    ['网络连接中断', 'refused'],
    ['write: broken pipe', 'refused'],
    ['socket hang up', 'refused'],
    ['request:fail invalid url', 'bad_request'],
    ['uploadFile:fail file not found', 'bad_request'],
    ["uploadFile:fail file doesn't exist", 'bad_request'],
    ['ENOENT: no such file or directory', 'bad_request'],
  ])('%s → %s', (errMsg, expected) => {
    expect(cat({ errMsg })).toBe(expected)
  })

  it('more specific rules win over the generic words they contain', () => {
    expect(cat({ errMsg: 'SSL handshake timed out' })).toBe('tls')
    expect(cat({ errMsg: 'url not in domain list: connection refused' })).toBe('not_whitelisted')
    expect(cat({ errMsg: 'network is down: timed out' })).toBe('offline')
    expect(cat({ errMsg: 'unknown host: timed out' })).toBe('dns')
    expect(cat({ errMsg: 'timed out: connection refused' })).toBe('timeout')
    expect(cat({ errMsg: 'connection refused, aborted' })).toBe('refused')
  })
})

describe('reading the message', () => {
  it('only the first 4,000 characters are read', () => {
    const at = (n: number) => 'x'.repeat(n) + ' timeout'
    expect(at(3992)).toHaveLength(4000)
    expect(cat({ errMsg: at(3992) })).toBe('timeout')
    expect(cat({ errMsg: at(3993) })).toBe('unknown')
  })

  it('full-width text and runs of whitespace read as plain text', () => {
    expect(cat({ errMsg: 'ｔｉｍｅｏｕｔ' })).toBe('timeout')
    expect(cat({ errMsg: 'timed\n\t out' })).toBe('timeout')
    expect(cat({ errMsg: 'connection\n   refused' })).toBe('refused')
  })

  it.each<[string, ErrorCategory, string]>([
    [
      'Error Domain=NSURLErrorDomain Code=-1009 "The Internet connection appears to be offline."',
      'offline',
      'nsurl:-1009',
    ],
    ['Error Domain=NSURLErrorDomain Code=1009', 'offline', 'nsurl:-1009'],
    ['Error Domain=kCFErrorDomainCFNetwork Code=310', 'refused', 'cfnetwork:310'],
    ['Error Domain=kCFErrorDomainCFNetwork Code=-1200', 'tls', 'cfnetwork:-1200'],
    ['Error Domain=kCFErrorDomainCFNetwork Code=-72000', 'dns', 'cfnetwork:-72000'],
    ['Error Domain=kCFErrorDomainCFNetwork Code=-4000', 'bad_request', 'cfnetwork:-4000'],
    ['errcode:-105 cronet_error_code:-105', 'dns', 'chromium:-105'],
    ['errcode:-999 cronet_error_code:-999 error_msg:net::ERR_WHATEVER', 'unknown', 'chromium:-999'],
    ['request:fail -350:net::ERR_SOMETHING', 'http', 'chromium:-350'],
    ['net::ERR_CONNECTION_REFUSED', 'refused', 'chromium:-102'],
    ['request:fail net::ERR_BRAND_NEW', 'unknown', 'chromium:ERR_BRAND_NEW'],
    ['Error Domain=NSPOSIXErrorDomain Code=61 "Connection refused"', 'refused', 'posix:61'],
    ['request:fail 请求超时。', 'timeout', 'nsurl:-1001'],
    ['request:fail The request timed out.', 'timeout', 'nsurl:-1001'],
    ['net::ERR_CACHE_LOCK_TIMEOUT', 'unknown', 'chromium:-409'],
    ['request:fail -2:net::ERR_FAILED timeout', 'timeout', 'chromium:-2'],
  ])('%s → %s, code %s', (errMsg, category, code) => {
    expect(classify({ errMsg })).toEqual({ category, hint: HINTS[category], code })
  })

  it('a message without any code has no code; a bare ERR_ name Chromium does not list has none either', () => {
    expect(classify({ errMsg: 'request:fail ERR_BRAND_NEW' })).toEqual({
      category: 'unknown',
      hint: HINTS.unknown,
    })
    expect(classify({ errMsg: 'socket hang up' })).toEqual({ category: 'refused', hint: HINTS.refused })
  })

  it('the errno fallback decides only when the message says nothing', () => {
    expect(cat({ errMsg: '', errno: 600001 })).toBe('refused')
    expect(cat({ errMsg: 'zzz', errno: 600000 })).toBe('refused')
    expect(cat({ errMsg: 'zzz', errno: 600000.5 })).toBe('unknown')
    expect(cat({ errMsg: 'request:fail -2:net::ERR_FAILED', errno: 600001 })).toBe('unknown')
    expect(cat({ errMsg: 'request:fail timeout', errno: 600001 })).toBe('timeout')
    expect(cat({ errno: '600001' as unknown as number })).toBe('unknown')
  })
})

describe('hints', () => {
  it('describeCategory gives each language, and unknown for a category it does not know', () => {
    expect(describeCategory('dns', 'zh')).toBe(HINTS.dns.zh)
    expect(describeCategory('dns', 'en')).toBe(HINTS.dns.en)
    expect(describeCategory('bogus' as ErrorCategory, 'en')).toBe(HINTS.unknown.en)
  })
})
