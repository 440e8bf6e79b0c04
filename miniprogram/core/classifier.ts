import { Lang } from './types'

/** Error categories; the ids are part of the CLI and report contract (shared/design/taxonomy.md). */
export const ERROR_CATEGORIES = [
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
] as const
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number]

export interface RawError {
  errMsg?: string
  errno?: number
  /** Node error code, e.g. ECONNREFUSED. */
  code?: string
}

export interface Classification {
  category: ErrorCategory
  hint: Record<Lang, string>
}

/** What to tell the user for each category, zh first (taxonomy.md, "hint to show"). */
export const HINTS: Record<ErrorCategory, Record<Lang, string>> = {
  not_whitelisted: {
    zh: '在 小程序后台 > 开发 > 开发设置 > 服务器域名 的对应类别中加入这个域名；保存后重新打开小程序使列表生效',
    en: 'Add this exact domain to its category in 小程序后台 > 开发 > 开发设置 > 服务器域名, then reopen the mini-program to refresh the list',
  },
  dns: {
    zh: '域名解析失败：检查 DNS、运营商网络或 hosts 设置，换个网络再试',
    en: 'The name did not resolve: check DNS, the carrier network or hosts settings; try another network',
  },
  timeout: {
    zh: '没有在时限内应答：可能是防火墙丢包或网络较弱，换个网络再试',
    en: 'No answer in time: a firewall may be dropping packets, or the network is weak; try another network',
  },
  refused: {
    zh: '连接被拒绝、重置或中断：检查防火墙、代理，或服务端是否可用',
    en: 'The connection was refused, reset or closed: check firewalls and proxies, or whether the server is up',
  },
  tls: {
    zh: 'TLS/证书校验失败：可能有拦截 HTTPS 的代理、手机时间不对或系统过旧',
    en: 'TLS or certificate failure: a TLS-intercepting proxy, a wrong device clock, or an outdated OS',
  },
  offline: {
    zh: '设备没有网络或网络刚切换：连接网络后重试',
    en: 'The device is offline or the network changed: connect and retry',
  },
  aborted: {
    zh: '请求被取消或因切到后台而中断：保持页面在前台后重试',
    en: 'Cancelled, or interrupted by going to the background: keep the page in front and retry',
  },
  too_many: {
    zh: '同时进行的网络任务超过上限：降低并发，或先关闭其他 WebSocket 连接',
    en: 'The platform task limit was hit: lower the concurrency or close other WebSocket connections',
  },
  bad_request: {
    zh: '请求本身无效（地址或文件有误）：这是检测工具或域名表的问题，请反馈',
    en: 'The call itself was invalid (URL or file): a bug in the checker or its catalog; please report it',
  },
  http: {
    zh: '服务器可达，但未按协议应答（如 WebSocket 升级被拒绝、重定向过多）：不是白名单或网络问题',
    en: 'The host was reached but did not answer as the protocol needs (upgrade refused, redirect loop): not a whitelist or network problem',
  },
  unknown: {
    zh: '未能识别的错误：已保留原始信息，请把它发给技术支持',
    en: 'An unrecognised error: the raw message is kept; send it to support',
  },
}

/** The hint for a category in one language. */
export function describeCategory(category: ErrorCategory, lang: Lang): string {
  return (HINTS[category] ?? HINTS.unknown)[lang]
}

/**
 * One row of the mapping table. A rule matches a raw error by `errno` (wx, base library 2.24.0+), by Node
 * error `code` (exact, or a pattern over the upper-cased code) or by a pattern over `errMsg`.
 */
export interface Rule {
  category: ErrorCategory
  errnos?: readonly number[]
  codes?: readonly (string | RegExp)[]
  patterns?: readonly RegExp[]
  /**
   * An errno that says "network error, see the message": used only when neither the code nor the message
   * matched any rule.
   */
  fallback?: true
}

/**
 * The one mapping from raw platform errors to categories, tried in three passes: errno rules (the most
 * reliable signal), then Node error codes, then message patterns, each pass in the order of this table; a
 * `fallback` errno applies last. Order matters for messages: the whitelist and task-limit wordings are the
 * most specific, `http` answers mean the host was reached, and `offline` / `dns` / `tls` beat the generic
 * timeout and connection wordings they often contain (e.g. "SSL handshake timed out" is a TLS problem).
 * Sources of the messages are kept with the tests (test/fixtures/errmsgs.ts).
 */
export const RULES: readonly Rule[] = [
  // ---- wx errno (framework/usability/PublicErrno) ----
  { category: 'not_whitelisted', errnos: [600002] }, // url not in domain list
  { category: 'aborted', errnos: [600003] }, // network interrupted (background, or the task was aborted)
  { category: 'too_many', errnos: [600007] }, // network exceed max task count
  // 600008 "network reach the max redirect count": the host answered (3xx after 3xx), so it was reached
  // and the whitelist let it through; what failed is the server's redirect chain. That is `http` ("the
  // server answered, but not as the protocol needs"), not `bad_request` (our call was valid) nor
  // `unknown` (we do know what happened).
  { category: 'http', errnos: [600008] },
  // 600009 invalid URL, 600010 request data could not be serialized, 603303 no permission on filePath.
  { category: 'bad_request', errnos: [600009, 600010, 603303] },
  { category: 'timeout', errnos: [5] }, // API timeout
  // 600001 "cronet component error, see errMsg": the message names the real cause (net::ERR_*, or e.g.
  // "network change, cancel all task" → offline), so the message rules decide. When no rule knows the
  // message, the errno still says the network stack failed before any answer (cronet's connection-level
  // errors: QUIC/HTTP2 protocol errors, empty response, ERR_FAILED…); the nearest category is `refused`.
  { category: 'refused', errnos: [600001], fallback: true },

  // ---- Node error codes (the CLI's adapter, undici, ws) ----
  { category: 'dns', codes: ['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA'] },
  {
    category: 'timeout',
    codes: [
      'ETIMEDOUT',
      'ESOCKETTIMEDOUT',
      'UND_ERR_CONNECT_TIMEOUT',
      'UND_ERR_HEADERS_TIMEOUT',
      'UND_ERR_BODY_TIMEOUT',
      'ERR_SOCKET_CONNECTION_TIMEOUT',
    ],
  },
  {
    category: 'refused',
    codes: [
      'ECONNREFUSED',
      'ECONNRESET',
      'EPIPE',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'EHOSTDOWN',
      'ECONNABORTED',
      'UND_ERR_SOCKET',
    ],
  },
  {
    category: 'tls',
    codes: [
      'CERT_HAS_EXPIRED',
      'CERT_NOT_YET_VALID',
      'CERT_REVOKED',
      'CERT_UNTRUSTED',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'UNABLE_TO_GET_ISSUER_CERT',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'EPROTO',
      /^ERR_SSL_/,
      /^ERR_TLS_/,
    ],
  },
  { category: 'offline', codes: ['ENETDOWN'] },
  { category: 'aborted', codes: ['ABORT_ERR', 'ERR_CANCELED', 'ECANCELED'] },
  { category: 'http', codes: ['ERR_FR_TOO_MANY_REDIRECTS'] },
  {
    category: 'bad_request',
    codes: ['ERR_INVALID_URL', 'ERR_INVALID_URL_SCHEME', 'ERR_INVALID_PROTOCOL', 'ENOENT'],
  },

  // ---- Messages: iOS (zh-Hans, zh-Hant, en), Android Chromium/cronet and legacy, DevTools, Node ----
  {
    category: 'not_whitelisted',
    patterns: [
      /url not in \w+ list/i, // "url not in domain list" (and a typo'd copy of it)
      /不在以下\s*\S*\s*合法域名列表/, // DevTools: "https://x 不在以下 request 合法域名列表中"
    ],
  },
  {
    category: 'too_many',
    // "exceed max task count", "exceed max upload task count", "exceed max download connection count 10",
    // sockets: "createSocketTask:fail exceed max cocurrent count" (sic; github.com/netease-im/NIM_Web_Weapp_Demo/issues/9)
    patterns: [/exceed(?:ed)? max(?:imum)? (?:\w+ ){0,2}(?:task|connection|co(?:n)?current) count/i],
  },
  {
    category: 'http',
    patterns: [
      /invalid http status/i, // wx socket onError
      /expected http 101/i, // Android (okhttp): "Expected HTTP 101 response but was '404 Not Found'"
      /unexpected server response/i, // Node ws
      /unexpected response code/i, // Chromium / DevTools WebSocket
      /ERR_INVALID_HTTP_RESPONSE/i,
      /ERR_TOO_MANY_REDIRECTS|too many redirects|max redirect count/i,
    ],
  },
  {
    category: 'offline',
    patterns: [
      /ERR_INTERNET_DISCONNECTED/i,
      /ERR_NETWORK_CHANGED/i,
      /ERR_NETWORK_IO_SUSPENDED/i,
      /network change/i, // wx: "errcode:10011 … error_msg:network change, cancel all task"
      /appears to be offline/i,
      /似乎已断开与互联网的连接/,
      /似乎已離線|似乎已中斷與網際網路的連線/,
    ],
  },
  {
    category: 'dns',
    patterns: [
      /ERR_NAME_NOT_RESOLVED/i,
      /ERR_NAME_RESOLUTION_FAILED/i,
      /ERR_DNS_/i,
      /unknow(?:n)? ?host/i, // legacy Android "unknow host", Java UnknownHostException
      /unable to resolve host/i,
      /hostname could not be found/i,
      /未能找到使用指定主机名的服务器/,
      /找不到(?:具有)?指定主機名稱的伺服器/,
      /getaddrinfo/i,
      /\bE(?:NOTFOUND|AI_AGAIN|AI_NONAME|AI_FAIL)\b/,
    ],
  },
  {
    category: 'tls',
    patterns: [
      /ERR_CERT_/i,
      /ERR_SSL_/i,
      /ERR_BAD_SSL/i,
      /ssl ?hand ?shake/i, // legacy Android "ssl hand shake error"
      /\bSSL error\b/i,
      /SSL\s*(?:错误|錯誤)/,
      /SSL routines/i,
      /TLS 版本|tls version/i, // DevTools: "小程序要求的 TLS 版本必须大于等于 1.2"
      /certificate|证书|憑證|證書/i,
      /secure connection|安全连接|安全連線/i,
      /\bEPROTO\b/,
      /\b(?:CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(?:_LOCALLY)?)\b/,
    ],
  },
  {
    category: 'timeout',
    patterns: [
      /ERR_CONNECTION_TIMED_OUT/i,
      /ERR_TIMED_OUT/i,
      /timed? ?out/i, // "timeout", "time out", "timed out", ETIMEDOUT, "socket time out"
      /timer expired/i, // Android socket onError: "exception onOpen fail code:9, msg:Timer Expired"
      /超时|超時|逾时|逾時/,
    ],
  },
  {
    category: 'refused',
    patterns: [
      /ERR_CONNECTION_(?:REFUSED|RESET|CLOSED|ABORTED|FAILED)/i,
      /ERR_ADDRESS_(?:UNREACHABLE|INVALID)/i,
      /ERR_(?:PROXY|TUNNEL)_CONNECTION_FAILED/i,
      /ERR_EMPTY_RESPONSE/i,
      /ERR_SOCKET_NOT_CONNECTED/i,
      /ERR_NETWORK_ACCESS_DENIED/i,
      /request connect error/i, // legacy Android
      /connection (?:refused|reset|was lost|closed|aborted)/i,
      /closed before (?:open|the connection)/i,
      /could not connect to (?:the )?server/i,
      /未能连接到服务器|無法連接(?:至)?伺服器/,
      /网络连接已中断|網路連線已中斷/,
      /broken pipe|管道断裂|管道破裂/i,
      /socket hang up/i,
      /\bE(?:CONNREFUSED|CONNRESET|HOSTUNREACH|NETUNREACH|PIPE)\b/,
    ],
  },
  {
    category: 'aborted',
    patterns: [
      /\babort(?:ed)?\b/i, // "request:fail abort", "The operation was aborted."
      /\bERR_ABORTED\b/,
      /interrupted/i, // "request:fail interrupted", "network api interrupted in suspend state"
      /\bcancel+ed\b|已取消/i,
    ],
  },
  {
    category: 'bad_request',
    patterns: [
      /invalid url/i,
      /url scheme is invalid/i,
      /ERR_INVALID_URL|ERR_UNKNOWN_URL_SCHEME/i,
      /file not found|file doesn'?t exist|file does not exist|no such file/i,
    ],
  },
]

/** Long messages (stack traces, HTML error pages) are only searched this far. */
const MAX_MESSAGE = 4000

function matchesCode(rule: Rule, code: string): boolean {
  return !!rule.codes && rule.codes.some((c) => (typeof c === 'string' ? c === code : c.test(code)))
}

function categoryOf(raw: unknown): ErrorCategory {
  if (!raw || typeof raw !== 'object') return 'unknown'
  const r = raw as { errMsg?: unknown; errno?: unknown; code?: unknown }
  const errno = typeof r.errno === 'number' && Number.isFinite(r.errno) ? r.errno : undefined
  const code = typeof r.code === 'string' ? r.code.trim().toUpperCase() : ''
  const msg = typeof r.errMsg === 'string' ? r.errMsg.slice(0, MAX_MESSAGE) : ''

  if (errno !== undefined) {
    const byErrno = RULES.find((rule) => !rule.fallback && rule.errnos?.includes(errno))
    if (byErrno) return byErrno.category
  }
  if (code) {
    const byCode = RULES.find((rule) => matchesCode(rule, code))
    if (byCode) return byCode.category
  }
  if (msg) {
    const byMessage = RULES.find((rule) => !!rule.patterns && rule.patterns.some((p) => p.test(msg)))
    if (byMessage) return byMessage.category
  }
  if (errno !== undefined) {
    const fallback = RULES.find((rule) => rule.fallback && rule.errnos?.includes(errno))
    if (fallback) return fallback.category
  }
  return 'unknown'
}

/** Maps a raw error to its category and hint. Never throws, whatever it is given. */
export function classify(raw: RawError | null | undefined): Classification {
  let category: ErrorCategory
  try {
    category = categoryOf(raw)
  } catch {
    // A hostile object (throwing getter, revoked proxy): nothing can be learnt from it.
    category = 'unknown'
  }
  return { category, hint: HINTS[category] }
}
