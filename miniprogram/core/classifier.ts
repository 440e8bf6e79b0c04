import {
  CFNETWORK,
  CFNETWORK_NEGATIVE,
  CHROMIUM,
  CHROMIUM_ALIASES,
  CHROMIUM_NAMES,
  CHROMIUM_RANGES,
  DESCRIPTIONS,
  NSURL,
  SEED,
  WX_ERRNO,
  WX_FALLBACK,
} from './error-tables'
import { HINTS } from './text'
import { ERROR_CATEGORIES, ErrorCategory, Lang } from './vocabulary'

export interface RawError {
  errMsg?: string
  errno?: number
  /** Node error code, e.g. ECONNREFUSED. */
  code?: string
  /** Another platform's failure shape (core/platforms.ts): its id, the API called and its own code fields. */
  platform?: string
  api?: string
  error?: number
  errorCode?: number
  errNo?: number
  errCode?: number
}

/**
 * Another platform's own codes (core/platforms.ts keeps them as data): `strong` decides before every other
 * layer, `weak` only when nothing in the message does.
 */
export interface PlatformCodes {
  platform: string
  read(raw: Record<string, unknown>, msg: string): { strong?: PlatformDecision; weak?: PlatformDecision }
}

export interface PlatformDecision {
  category?: ErrorCategory
  code?: string
}

export interface Classification {
  category: ErrorCategory
  hint: Record<Lang, string>
  /**
   * The platform code read from the message, as `table:code`: `chromium:-105`, `nsurl:-1009`,
   * `cfnetwork:310`, `posix:ECONNRESET`. Kept whatever the category, so an `unknown` still says what it was.
   */
  code?: string
}

/** The hint for a category in one language. */
export function describeCategory(category: ErrorCategory, lang: Lang): string {
  return (HINTS[category] ?? HINTS.unknown)[lang]
}

/**
 * The keyword rules, [category, what matches]: a Node error code (exact, or a pattern over the upper-cased code),
 * or a pattern over the message. Errno and platform codes are decided from the code tables (error-tables.ts);
 * these rules are the layer for texts that carry no code (legacy Android, DevTools, wcwss socket texts, Node, ws).
 * Node error codes first (the CLI's adapter, undici, ws; POSIX names in messages use the same rows), then
 * message patterns in this order: the whitelist and task-limit wordings are the most specific, `http`
 * answers mean the host was reached, and `offline` / `dns` / `tls` beat the generic timeout and connection
 * wordings they often contain (e.g. "SSL handshake timed out" is a TLS problem). Sources of the messages
 * are kept with the tests (test/fixtures/errmsgs.ts).
 */
export const CODE_RULES: readonly [ErrorCategory, readonly (string | RegExp)[]][] = [
  // The CLI's adapter names a failure at an HTTP proxy PROXY_* (core/proxy.ts PROXY_CODES): never the host's.
  ['proxy', [/^PROXY_[A-Z_]+$/]],
  ['dns', ['ENOTFOUND', /^EAI_(?:AGAIN|NONAME|FAIL|NODATA)$/]],
  ['timeout', [/^(?:E|ESOCKET)TIMEDOUT$|^UND_ERR_\w+_TIMEOUT$|^ERR_SOCKET_CONNECTION_TIMEOUT$/]],
  [
    'refused',
    [
      /^E(?:CONNREFUSED|CONNRESET|PIPE|HOSTUNREACH|NETUNREACH|HOSTDOWN|CONNABORTED|NOTCONN|ADDRNOTAVAIL)$/,
      'UND_ERR_SOCKET',
    ],
  ],
  // Node/OpenSSL verification codes (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, UNABLE_TO_VERIFY_LEAF_SIGNATURE…)
  ['tls', [/^(?:CERT_|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT|UNABLE_TO_|ERR_TLS_|ERR_SSL_)/, 'EPROTO']],
  ['offline', ['ENETDOWN']],
  ['aborted', ['ABORT_ERR', 'ERR_CANCELED', 'ECANCELED']],
  ['too_many', ['EMFILE', 'ENOBUFS']],
  ['http', ['ERR_FR_TOO_MANY_REDIRECTS']],
  ['bad_request', [/^ERR_INVALID_(?:URL|URL_SCHEME|PROTOCOL)$/, 'ENOENT']],
]

export const PATTERN_RULES: readonly [ErrorCategory, readonly RegExp[]][] = [
  // ---- Messages without a code: iOS texts the description table misses, legacy Android, DevTools, Node ----
  [
    'not_whitelisted',
    [
      /url not in \w+ list/i, // "url not in domain list" (and a typo'd copy of it)
      /不在以下\s*\S*\s*合法域名列表/, // DevTools: "https://x 不在以下 request 合法域名列表中"
      /域名不合法/, // old DevTools / plugins: "URL 域名不合法，请在 mp 后台配置后重试"
    ],
  ],
  // "exceed max task count", "exceed max upload task count", "exceed max download connection count 10",
  // sockets: "createSocketTask:fail exceed max cocurrent count" (sic; github.com/netease-im/NIM_Web_Weapp_Demo/issues/9),
  // wcwss "reach max websocket connect count"; "reach the max redirect count" (600008) is a redirect loop.
  ['too_many', [/(?:exceed|reach)(?:ed)? (?:the )?max(?:imum)? (?!redirect)(?:\w+ ){0,2}count/i]],
  [
    'proxy',
    [
      /proxy response (?:\(\d{3}\) )?!== 200 when HTTP Tunneling/i, // Node undici ProxyAgent
      /proxy authentication required|unable to tunnel through proxy|CONNECT tunnel failed/i,
      /tunnel(?:ing)? (?:connection failed|socket could not be established)/i,
    ],
  ],
  [
    'http',
    [
      /invalid ?http ?(?:status|code)/i, // wx socket onError; wcwss "Invalid HttpCode"
      /expected http 101/i, // Android (okhttp): "Expected HTTP 101 response but was '404 Not Found'"
      /unexpected server response/i, // Node ws
      /unexpected response code/i, // Chromium / DevTools WebSocket
      /too many (?:http )?redirects|max redirect count|redirect loop|重定向次数过多|重新導向/i, // -1007 in en, zh-Hans, zh-Hant
      /(?:伺服器|服务器)的?(?:回應|响应)|無法解碼|无法解码/, // -1011 bad server response, -1015/-1016 cannot decode
    ],
  ],
  [
    'offline',
    [
      /network change/i, // wx: "errcode:10011 … error_msg:network change, cancel all task"
      /appears to be offline|not connected to (?:the )?internet|network is down/i,
      // The cellular family (-1018 roaming off, -1019 call active, -1020 data not allowed) in en, zh-Hans, zh-Hant.
      /roaming|漫[游遊]|data connection|数据连接|[資數][料據]連線/i,
      /网络不可用|无网络|没有网络|network (?:is )?(?:not available|unavailable)/i,
      /似乎已断开与互联网的连接|似乎已離線|似乎已中斷與網際網路的連線|連線似乎已(?:離線|中斷)/,
    ],
  ],
  [
    'dns',
    [
      /\bERR_(?:DNS|NAME)_/, // a Chromium name the table does not know yet, by family
      /unknow(?:n)? ?host/i, // legacy Android "unknow host", Java UnknownHostException
      /unable to resolve host|no address associated with hostname|hostname could not be found/i,
      /未能找到使用指定主机名的服务器|找不到(?:具有)?指定主機名稱的伺服器|找不到(?:主[机機]|伺服器)|cannot find host/i,
      /getaddrinfo/i,
    ],
  ],
  [
    'tls',
    [
      /\bERR_(?:CERT|SSL|TLS|BAD_SSL|ECH)_/,
      /(?:ssl|tls) ?hand ?shake/i, // legacy Android "ssl hand shake error"; wcwss "TLS handshake failed"
      /\bSSL(?:Exception| error| peer)\b|SSL\s*(?:错误|錯誤)|SSL routines|handshake failed|chain validation/i,
      /TLS 版本|tls version/i, // DevTools: "小程序要求的 TLS 版本必须大于等于 1.2"
      /certific|trust anchor|证书|憑證|證書/i,
      /secure connection|安全连接|安全連線/i,
    ],
  ],
  [
    'timeout',
    [
      /timed? ?out|\bafter \d+ ?ms\b/i, // "time(d) out", ETIMEDOUT, "The total timed out"; Java "failed to connect … after 10000ms"
      /timer expired/i, // Android socket onError: "exception onOpen fail code:9, msg:Timer Expired"
      /超时|超時|逾时|逾時/,
    ],
  ],
  [
    'refused',
    [
      /\bERR_(?:CONNECTION|PROXY|TUNNEL|SOCKS|ADDRESS|SOCKET)_/,
      /request connect error|failed to connect|no route to host|network is unreachable/i, // legacy Android, Java
      /connection (?:refused|reset|was lost|closed|aborted)|connection abort/i,
      /closed before (?:open|the connection)|socket (?:is )?(?:closed|not connected)/i,
      /could not connect to (?:the )?server/i,
      /未能连接到服务器|无法连接(?:到)?服务器|無法連[接線]至?伺服器|unexpected end of stream/i,
      /underlying transport error/i, // wcwss (websocketpp): the socket's own error, passed through
      /网络连接已?中断|網[路絡]連線已?中斷/,
      /broken pipe|管道断裂|管道破裂/i,
      /socket hang up/i,
    ],
  ],
  [
    'aborted',
    [
      /\babort(?:ed)?\b/i, // "request:fail abort", "The operation was aborted."
      /interrupted/i, // "request:fail interrupted", "network api interrupted in suspend state"
      /\bcancel(?:l?ed)?\b|已取消/i, // "request:fail cancel"
    ],
  ],
  [
    'bad_request',
    [
      /invalid url|url scheme is invalid|(?:unsupported|bad) url|(?:不支[持援]|错误|錯誤)的 ?URL/i, // -1000, -1002
      /(?:invalid|reserved) close code/i, // wcwss: SocketTask.close with a code WebSocket does not allow
      /file not found|file (?:doesn'?t |does not |not )exist|no such file/i,
    ],
  ],
]

// ——— the code tables (error-tables.ts, generated from the vendored upstream extracts) ———

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_'

/** FNV-1a over UTF-16 code units, seeded, as 3 characters (tools/error-tables.js hashes the same way). */
function hash3(s: string): string {
  let h = (0x811c9dc5 ^ SEED) >>> 0
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0
  return DIGITS[(h >>> 12) & 63] + DIGITS[(h >>> 6) & 63] + DIGITS[h & 63]
}

type Table = Map<number | string, number>

/** "start:categories" segments → code → category index ("." skips a code). */
function segments(s: string): Table {
  const m: Table = new Map()
  for (const seg of s.split(',')) {
    const [start, cats] = seg.split(':')
    for (let k = 0; k < cats.length; k++) if (cats[k] !== '.') m.set(+start + k, parseInt(cats[k], 36))
  }
  return m
}

/** 5-character records: a 3-character hash → a 2-character base-36 number (plus `add`). */
function records(m: Table, s: string, add: number): Table {
  for (let i = 0; i < s.length; i += 5) m.set(s.slice(i, i + 3), add + parseInt(s.slice(i + 3, i + 5), 36))
  return m
}

let T: Table[] | undefined

/** The shipped tables, decoded on first use: chromium, names, nsurl, cf, cf-only negatives, descriptions, errno, fallback. */
function tables(): Table[] {
  if (T) return T
  const chromium = segments(CHROMIUM)
  const names = records(new Map(), CHROMIUM_ALIASES, 0)
  let k = 0
  chromium.forEach((_, code) => names.set(CHROMIUM_NAMES.slice(k, (k += 3)), code as number))
  return (T = [
    chromium,
    names,
    segments(NSURL),
    segments(CFNETWORK),
    segments(CFNETWORK_NEGATIVE),
    records(new Map(), DESCRIPTIONS, 999),
    segments(WX_ERRNO),
    segments(WX_FALLBACK),
  ])
}

// ——— reading a message ———

/** Quoted host names (“%@” in the tables) become one marker, so a description matches whatever host it names. */
const QUOTED = /[“"「‘][^”"」’]{0,200}[”"」’]/g
/** What a description key ignores: whitespace, digits, ASCII and CJK punctuation. */
const NOISE = /[\s\d!-/:-?[-`{-~\u2010-\u2027\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]/g
/** `request:fail `, `createRequestTask:fail: `, `[router]:request:fail`, `fail-`… */
const PREFIX = /^\s*(?:\[[^\]]{0,40}\]\s*:?\s*)?(?:[A-Za-z]{1,40}\s*:\s*)?fail(?:ed)?\b\s*:?\s*/i
/** Node's own ERR_ names, which Chromium's table does not hold. */
const NODE_ERR = /^ERR_(?:TLS|SSL|INVALID_URL|INVALID_PROTOCOL|FR_|SOCKET_CONNECTION|CANCELED)/

/** `category` undefined: a parsed code its table does not list; the later layers may still decide. */
type Decision = PlatformDecision

const at = (i: number | undefined): ErrorCategory | undefined => (i === undefined ? i : ERROR_CATEGORIES[i])

function byNodeCode(code: string): ErrorCategory | undefined {
  for (const [category, codes] of CODE_RULES)
    if (codes.some((c) => (typeof c === 'string' ? c === code : c.test(code)))) return category
  return undefined
}

/** The first platform code the message names (NSURL, CFNetwork, Chromium, POSIX/Node), and its category. */
function parseCode(msg: string): Decision | undefined {
  const [chromium, names, nsurl, cf, cfNegative] = tables()
  const ns = /(NSURLErrorDomain|kCFErrorDomainCFNetwork)[^\d-]{0,16}(-?\d{1,6})/i.exec(msg)
  if (ns) {
    let n = +ns[2]
    if (ns[1].length < 20) {
      n = -Math.abs(n)
      return { category: at(nsurl.get(-n)), code: `nsurl:${n}` }
    }
    return { category: at(n > 0 ? cf.get(n) : nsurl.get(-n) || cfNegative.get(-n)), code: `cfnetwork:${n}` }
  }
  let unknownName: string | undefined
  for (const m of msg.match(/\bERR_[A-Z0-9_]{2,80}/g) || []) {
    const n = names.get(hash3(m.slice(4)))
    if (n !== undefined) return { category: at(chromium.get(n)), code: `chromium:-${n}` }
    if (!unknownName && msg.includes('net::' + m)) unknownName = m
  }
  const num = /(?:errcode|cronet_error_code)\s*[:=]\s*-(\d{1,3})(?!\d)|-(\d{1,3})\s*:\s*net::/i.exec(msg)
  if (num) {
    const n = +(num[1] || num[2])
    const i = chromium.get(n)
    return {
      category: at(i === undefined ? parseInt(CHROMIUM_RANGES[(n / 100) | 0], 36) : i),
      code: `chromium:-${n}`,
    }
  }
  if (unknownName) return { code: `chromium:${unknownName}` }
  // iOS follows a POSIX number with its strerror text ("61 - Connection refused"): the keywords read that.
  const px = /NSPOSIXErrorDomain[^\d-]{0,16}(\d{1,3})/i.exec(msg)
  if (px) return { code: `posix:${px[1]}` }
  // POSIX and Node code names quoted in the message: "connect ECONNREFUSED 1.2.3.4", "CERT_HAS_EXPIRED".
  for (const name of msg.match(/\b[A-Z][A-Z0-9_]{3,40}\b/g) || []) {
    const category = !name.startsWith('ERR_') || NODE_ERR.test(name) ? byNodeCode(name) : undefined
    if (category) return { category, code: `${/^E(?!RR_)[A-Z]/.test(name) ? 'posix' : 'node'}:${name}` }
  }
  return undefined
}

/** An NSURLError localized description (en, zh-Hans, zh-Hant, zh-HK) as any sentence of the message. */
function byDescription(msg: string): Decision | undefined {
  const [, , nsurl, , , descriptions] = tables()
  let m = msg
  for (let i = 0; i < 5 && PREFIX.test(m); i++) m = m.replace(PREFIX, '')
  for (const s of m.replace(QUOTED, '@').split(/[。.!?！？\n]/, 12)) {
    const key = s.toLowerCase().replace(NOISE, '')
    const n = key.length > 1 ? descriptions.get(hash3(key)) : undefined
    if (n !== undefined) return { category: at(nsurl.get(n)), code: `nsurl:-${n}` }
  }
  return undefined
}

/** How much of a message the classifier reads: its first 4,000 characters (a longer one costs no more). */
export const MESSAGE_CHARS = 4000

/**
 * The layers, first decisive match wins: another platform's own code or wording (only with its table), a definitive wx errno → the Node error code → a platform code
 * parsed from the message → a localized description → keyword rules → the errno fallback (600001 / 600000),
 * which never overrides a parsed code, then that platform's weak codes. A code whose deliberate category is `unknown` (ERR_FAILED…) lets the
 * later message layers try, and stays `unknown` (with its code) if none does.
 */
function decide(raw: unknown, p?: PlatformCodes): Decision {
  if (!raw || typeof raw !== 'object') return {}
  const r = raw as Record<string, unknown>
  const errno = typeof r.errno === 'number' ? r.errno : NaN
  let msg = typeof r.errMsg === 'string' ? r.errMsg.slice(0, MESSAGE_CHARS) : ''
  try {
    // Full-width punctuation and digits to ASCII; an engine without normalize searches the text as it is.
    msg = msg.normalize('NFKC')
  } catch {}
  msg = msg.replace(/\s+/g, ' ')
  // Another platform's own code (alipay:4) or wording; its weak codes come last.
  const own = p && r.platform === p.platform ? p.read(r, msg) : {}
  if (own.strong) return own.strong
  const weak = own.weak
  const t = tables()
  const parsed = msg ? parseCode(msg) : undefined
  const code = (parsed && parsed.code) || (weak && weak.code)
  const decided =
    at(t[6].get(errno)) ||
    (typeof r.code === 'string' && byNodeCode(r.code.trim().toUpperCase())) ||
    (parsed && parsed.category !== 'unknown' && parsed.category)
  if (decided) return { category: decided, code }
  if (msg) {
    const described = byDescription(msg)
    if (described && described.category) return { category: described.category, code: code || described.code }
    // A code with a deliberate `unknown` (ERR_CACHE_LOCK_TIMEOUT) is not re-read from its own name.
    const rest = parsed && parsed.category ? msg.replace(/\bERR_[A-Z0-9_]+/g, '') : msg
    for (const [category, patterns] of PATTERN_RULES)
      if (patterns.some((p) => p.test(rest))) return { category, code }
  }
  if (parsed) return { code }
  return weak && weak.category ? weak : { category: at(t[7].get(errno)), code }
}

/**
 * Maps a raw error to its category, hint and any platform code it names. Never throws, whatever it is given.
 * `platform`: the codes of the platform that made the error (its adapter's `codes`), read first.
 */
export function classify(raw: RawError | null | undefined, platform?: PlatformCodes): Classification {
  let d: Decision
  try {
    d = decide(raw, platform)
  } catch {
    // A hostile object (throwing getter, revoked proxy): nothing can be learnt from it.
    d = {}
  }
  const category = d.category || 'unknown'
  return d.code ? { category, hint: HINTS[category], code: d.code } : { category, hint: HINTS[category] }
}
