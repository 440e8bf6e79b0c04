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

/** What to tell the user for each category, zh first. */
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
    zh: '服务器可达，但未按协议应答（WebSocket 升级被拒绝）：不是白名单或网络问题',
    en: 'The host was reached but did not answer as the protocol needs (upgrade refused): not a whitelist or network problem',
  },
  unknown: {
    zh: '未能识别的错误：请把原始信息发给技术支持',
    en: 'An unrecognised error: send the raw message to support',
  },
}

interface Rule {
  category: ErrorCategory
  errnos?: number[]
  codes?: string[]
  patterns?: RegExp[]
}

/**
 * The one mapping from raw platform errors to categories. Order matters: errno rules are tried first
 * (the most reliable signal, base library 2.24.0+), then Node error codes, then message patterns, each in
 * the order of this table. Sources of the messages are kept with the tests (test/fixtures/errmsgs.ts).
 */
export const RULES: readonly Rule[] = [
  // wx errno (api/network docs, PublicErrno): 600002 url not in domain list, 600003 interrupted,
  // 600007 exceed max task count, 600009 invalid URL, 5 timeout. 600001 (net error) carries net::ERR_* in
  // its message, so it is left to the message rules. 600008 (too many redirects) has no category of its
  // own: the host answered, but the redirect chain never ends — a server or catalog problem, `unknown`.
  { category: 'not_whitelisted', errnos: [600002] },
  { category: 'aborted', errnos: [600003] },
  { category: 'too_many', errnos: [600007] },
  { category: 'bad_request', errnos: [600009] },
  { category: 'timeout', errnos: [5] },
  // Node error codes (the CLI's adapter).
  { category: 'dns', codes: ['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA'] },
  {
    category: 'timeout',
    codes: ['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT'],
  },
  {
    category: 'refused',
    codes: [
      'ECONNREFUSED',
      'ECONNRESET',
      'EPIPE',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'ECONNABORTED',
      'UND_ERR_SOCKET',
    ],
  },
  {
    category: 'tls',
    codes: [
      'CERT_HAS_EXPIRED',
      'CERT_NOT_YET_VALID',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'UNABLE_TO_GET_ISSUER_CERT',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'CERT_REVOKED',
      'CERT_UNTRUSTED',
      'EPROTO',
    ],
  },
  { category: 'offline', codes: ['ENETDOWN'] },
  { category: 'aborted', codes: ['ABORT_ERR', 'ERR_CANCELED'] },
  { category: 'bad_request', codes: ['ERR_INVALID_URL', 'ENOENT'] },
  // Messages. Whitelist first: DevTools and clients name it in several ways.
  {
    category: 'not_whitelisted',
    patterns: [/url not in domain list/i, /不在以下\s*\S*\s*合法域名列表中/, /合法域名列表/, /domain list/i],
  },
  { category: 'too_many', patterns: [/exceed(?:ed)? max(?:imum)?\s*\S*\s*task count/i, /exceed max/i] },
  {
    category: 'http',
    patterns: [
      /invalid http status/i,
      /expected http 101/i,
      /unexpected server response/i,
      /error during websocket handshake/i,
      /ERR_INVALID_HTTP_RESPONSE/i,
    ],
  },
  {
    category: 'offline',
    patterns: [
      /ERR_INTERNET_DISCONNECTED/i,
      /ERR_NETWORK_CHANGED/i,
      /ERR_NETWORK_IO_SUSPENDED/i,
      /appears to be offline/i,
      /断开与互联网的连接/,
      /斷開與網際網路的連線/,
      /網際網路連線似乎已離線/,
      /network change/i,
      /no network/i,
      /网络不可用/,
    ],
  },
  {
    category: 'dns',
    patterns: [
      /ERR_NAME_NOT_RESOLVED/i,
      /ERR_NAME_RESOLUTION_FAILED/i,
      /ERR_DNS_/i,
      /unknow(?:n)? ?host/i,
      /unable to resolve host/i,
      /hostname could not be found/i,
      /未能找到使用指定主机名的服务器/,
      /找不到具有指定主機名稱的伺服器/,
      /getaddrinfo/i,
      /ENOTFOUND/,
    ],
  },
  {
    category: 'tls',
    patterns: [
      /ERR_CERT_/i,
      /ERR_SSL_/i,
      /ERR_BAD_SSL/i,
      /ssl ?hand ?shake/i,
      /\bssl\b.*error/i,
      /\bSSL错误/,
      /SSL 錯誤/,
      /TLS 版本/,
      /tls version/i,
      /certificate/i,
      /证书/,
      /憑證/,
      /secure connection/i,
      /安全连接/,
      /安全連線/,
    ],
  },
  {
    category: 'timeout',
    patterns: [/ERR_CONNECTION_TIMED_OUT/i, /ERR_TIMED_OUT/i, /timed? ?out/i, /超时/, /逾時/, /超時/],
  },
  {
    category: 'refused',
    patterns: [
      /ERR_CONNECTION_(?:REFUSED|RESET|CLOSED|ABORTED|FAILED)/i,
      /ERR_ADDRESS_UNREACHABLE/i,
      /ERR_PROXY_CONNECTION_FAILED/i,
      /ERR_TUNNEL_CONNECTION_FAILED/i,
      /ERR_EMPTY_RESPONSE/i,
      /ERR_SOCKET_NOT_CONNECTED/i,
      /request connect error/i,
      /connection (?:refused|reset|was lost|closed)/i,
      /could not connect to the server/i,
      /未能连接到服务器/,
      /無法連接伺服器/,
      /网络连接已中断/,
      /網路連線中斷/,
      /ECONNREFUSED|ECONNRESET|EHOSTUNREACH/,
      /socket hang up/i,
    ],
  },
  { category: 'aborted', patterns: [/\babort(?:ed)?\b/i, /interrupted/i, /已取消/, /cancel+ed/i] },
  {
    category: 'bad_request',
    patterns: [
      /invalid url/i,
      /url scheme is invalid/i,
      /file not found/i,
      /no such file/i,
      /ERR_INVALID_URL/i,
      /ERR_UNKNOWN_URL_SCHEME/i,
    ],
  },
]

function toText(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

/** Maps a raw error to its category and hint. Never throws, whatever it is given. */
export function classify(raw: RawError | undefined | null): Classification {
  const r = (raw && typeof raw === 'object' ? raw : {}) as RawError
  const errno = typeof r.errno === 'number' && Number.isFinite(r.errno) ? r.errno : undefined
  const code = toText(r.code).toUpperCase()
  const msg = toText(r.errMsg)
  const find = (test: (rule: Rule) => boolean) => RULES.find(test)?.category
  const category: ErrorCategory =
    (errno !== undefined ? find((rule) => !!rule.errnos && rule.errnos.includes(errno)) : undefined) ??
    (code
      ? find(
          (rule) =>
            !!rule.codes &&
            (rule.codes.includes(code) || (code.startsWith('ERR_SSL_') && rule.category === 'tls')),
        )
      : undefined) ??
    (msg ? find((rule) => !!rule.patterns && rule.patterns.some((p) => p.test(msg))) : undefined) ??
    'unknown'
  return { category, hint: HINTS[category] }
}
