import type { TaskLimits } from './adapter'
import { CatalogEntry } from './catalog'
import type { PlatformCodes, PlatformDecision } from './classifier'
import type { ErrorCategory } from './vocabulary'
import { Category, PLATFORM_IDS, PlatformId } from './vocabulary'
import { ALIPAY_LIST_LABEL, CATEGORY_LABELS, fill, PLATFORM_CONSOLES, WHITELIST_TEXT } from './text'
import { canonicalEntry, hostnameOf, WECHAT_WHITELIST, WhitelistRules } from './whitelist'

/*
 * Every mini-program platform the ZIM SDK runs on, as data: detection order, limits, error codes, whitelist
 * rules and when a platform enforces its list. Pure (no platform globals). The WeChat panel bundle does not
 * import this module: only the per-platform adapters (miniprogram/platform/<p>/) and the CLI do.
 *
 * Sources (docs/platforms.md keeps the table of what is verified and what is not):
 * - Alipay: @mini-types/my 3.0.14 (its @see links): my.request https://opendocs.alipay.com/mini/api/owycmh,
 *   my.connectSocket https://opendocs.alipay.com/mini/api/vx19c3, my.downloadFile
 *   https://opendocs.alipay.com/mini/api/xr054r, my.uploadFile https://opendocs.alipay.com/mini/api/kmq4hc,
 *   my.getAccountInfoSync https://opendocs.alipay.com/mini/api/my.getAccountInfoSync; error codes from the
 *   my.request page and its 常见问题 (as summarised in the project's design notes, not re-read here).
 * - Douyin: @douyin-microapp/typings 1.3.1 (fail = {errMsg, errNo?}); developer.open-douyin.com network,
 *   tt-connect-socket, error-code and get-env-info-sync pages (as summarised in the design notes).
 * - Baidu: smartprogram.baidu.com network and env-info pages (design notes; no typings exist on npm).
 * - QQ: q.qq.com network page: as WeChat (design notes; parity with miniprogram-api-typings unverified).
 */

export { PLATFORM_IDS }
export type { PlatformId }

/** The global each platform's API lives under. */
export const PLATFORM_GLOBAL: Record<PlatformId, string> = {
  wechat: 'wx',
  alipay: 'my',
  douyin: 'tt',
  baidu: 'swan',
  qq: 'qq',
}

/**
 * The ZIM mini-program SDK's own detection order (zego-zim-miniprogram 2.29.0 index.js): the first global
 * present wins. Xiaohongshu (`xhs`) comes first there; the checker does not support it (`undefined`), but
 * still checks it first so that an app on xhs is never taken for another platform.
 */
export const DETECTION_ORDER: readonly (readonly [string, PlatformId | undefined])[] = [
  ['xhs', undefined],
  ['my', 'alipay'],
  ['tt', 'douyin'],
  ['swan', 'baidu'],
  ['qq', 'qq'],
  ['wx', 'wechat'],
]

/** A platform's task limits and timeouts, with whether the docs were read for them here. */
export interface PlatformLimits {
  /** HTTP-like tasks (request + uploadFile + downloadFile) at once: the engine's http pool. */
  http: number
  /** Open WebSockets at once. */
  socket: number
  /** HTTP-like tasks to one host at once, where documented (Baidu on Android). */
  perHost?: number
  /** Default and maximum `timeout` of a request, in ms. */
  requestTimeout: { defaultMs: number; maxMs: number }
  note?: string
  verified: boolean
}

export const PLATFORM_LIMITS: Record<PlatformId, PlatformLimits> = {
  // developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html
  wechat: { http: 10, socket: 5, requestTimeout: { defaultMs: 60_000, maxMs: 60_000 }, verified: true },
  // q.qq.com network docs as WeChat: 10 concurrent, 60 s (design notes).
  qq: { http: 10, socket: 5, requestTimeout: { defaultMs: 60_000, maxMs: 60_000 }, verified: false },
  // my.request: timeout default 30000 (@mini-types/my); max 60 s and 5 sockets with multiple: true (design
  // notes). The HTTP task limit is not documented: WeChat's 10 is assumed.
  alipay: {
    http: 10,
    socket: 5,
    requestTimeout: { defaultMs: 30_000, maxMs: 60_000 },
    note: 'HTTP concurrency undocumented; 10 assumed',
    verified: false,
  },
  // tt.request timeout default = max = 60 s; 5 sockets; HTTP concurrency assumed as WeChat.
  douyin: {
    http: 10,
    socket: 5,
    requestTimeout: { defaultMs: 60_000, maxMs: 60_000 },
    note: 'HTTP concurrency undocumented; 10 assumed',
    verified: false,
  },
  // swan.request: default 10 s, max 60 s; "request 最大并发数在 iOS 端为 6；Android 端同一域名下最大并发数为 5，且在
  // Android 端上同一个小程序最大并发数上限为 64"; "websocket 最大并发数 5" (smartprogram.baidu.com 网络 > 使用注意事项,
  // as mirrored at https://www.bookstack.cn/read/smartprogram-20210306/bfb60d8ed784e33e.md). Where the OS is
  // unknown, both: 6 at once and 5 per host (limitsFor).
  baidu: {
    http: 6,
    socket: 5,
    perHost: 5,
    requestTimeout: { defaultMs: 10_000, maxMs: 60_000 },
    note: 'iOS 6 concurrent; Android 5 per domain, 64 per app',
    verified: false,
  },
}

/**
 * Limits for a platform on a device (`os`: the system info's `platform`, ios / android). Baidu: 6 at once on
 * iOS; 64 at once and 5 per host on Android; both where the OS is unknown. Others: the platform's.
 */
export function limitsFor(platform: PlatformId, os?: string): TaskLimits {
  const l = PLATFORM_LIMITS[platform]
  if (platform === 'baidu' && os === 'ios') return { http: 6, socket: l.socket }
  if (platform === 'baidu' && os === 'android') return { http: 64, socket: l.socket, perHost: 5 }
  return l.perHost !== undefined
    ? { http: l.http, socket: l.socket, perHost: l.perHost }
    : { http: l.http, socket: l.socket }
}

// ——— error codes, as data for classify() ———

type Codes = Readonly<Record<string, ErrorCategory>>

const c = (api: string, field: string, codes: Record<number, ErrorCategory>): Codes =>
  Object.fromEntries(Object.entries(codes).map(([n, cat]) => [`${api}:${field}:${n}`, cat]))

/** The code fields a platform's failure may carry, in the order they are read. */
const CODE_FIELDS = ['error', 'errorCode', 'errNo', 'errCode']

/**
 * A platform's codes for classify(), as data: keys `api:field:code` (api `*` for every API). `codes` decide
 * alone; `patterns` (its own wordings) next; `weak` codes only when nothing in the message decides. The code
 * is reported as `platform:n` whatever decides.
 */
export function platformCodes(
  platform: string,
  codes: Codes,
  weak: Codes = {},
  patterns: readonly (readonly [RegExp, ErrorCategory])[] = [],
): PlatformCodes {
  return {
    platform,
    read(r, msg) {
      let strong: PlatformDecision | undefined
      let soft: PlatformDecision | undefined
      for (const f of CODE_FIELDS) {
        const n = r[f]
        if (typeof n !== 'number') continue
        const code = `${platform}:${n}`
        const look = (t: Codes) => t[`${String(r.api)}:${f}:${n}`] || t[`*:${f}:${n}`]
        if (!strong && look(codes)) strong = { category: look(codes), code }
        if (!soft) soft = { category: look(weak), code }
      }
      const hit = patterns.find(([re]) => re.test(msg))
      if (!strong && hit) strong = { category: hit[1], code: soft && soft.code }
      return { strong, weak: soft }
    },
  }
}

/**
 * Alipay `{error, errorMessage}`. my.request (owycmh and its FAQ): 2 bad parameter, 4 / 11 no permission
 * (domain not whitelisted: "无权跨域调用"), 12 network error, 13 timeout, 14 decode failure, 19 HTTP error,
 * 20 request stopped / HTTP not allowed, 23 proxy failure; abort gives 9 "request:fail abort" (design notes).
 * my.downloadFile (@mini-types/my): 12 "下载失败", 13 "没有权限", 20 "请求的 URL 不支持 HTTP". my.uploadFile:
 * 4 / 11 "未配置域名白名单，无权访问域名". Socket (vx19c3): 2 "网络连接已经存在", 6 timeout, 7 invalid certificate,
 * 8 bad protocol header, 10 not open. 12 ("network error") is weak: the message may say more (offline…).
 * 14 and 19 mean the server answered: the Alipay adapter reports them as reached, never as failures.
 */
export const ALIPAY_CODES: PlatformCodes = platformCodes(
  'alipay',
  {
    ...c('*', 'error', { 2: 'bad_request', 4: 'not_whitelisted', 11: 'not_whitelisted', 9: 'aborted' }),
    ...c('request', 'error', { 13: 'timeout', 14: 'http', 19: 'http', 20: 'bad_request', 23: 'refused' }),
    ...c('uploadFile', 'error', { 13: 'timeout', 19: 'http', 20: 'bad_request', 23: 'refused' }),
    ...c('downloadFile', 'error', { 13: 'not_whitelisted', 20: 'bad_request' }),
    ...c('socket', 'error', { 2: 'too_many', 6: 'timeout', 7: 'tls', 8: 'http', 10: 'refused' }),
  },
  c('*', 'error', { 12: 'refused' }),
  [
    [/请配置安全域名|无权跨域调用|未配置域名白名单|N22106/, 'not_whitelisted'],
    [/似乎已断开与互联网的连接/, 'offline'],
  ],
)

/**
 * Douyin: wx-like `{errMsg}` plus `errNo` (@douyin-microapp/typings) or a 6-digit `errorCode`
 * (developer.open-douyin.com error-code page; the numbers are not in the typings, so none is mapped here:
 * unverified). Wordings seen: "url is not valid domain" (not whitelisted), "app in background" (the app went
 * to the background: interrupted, as WeChat's "interrupted").
 */
export const DOUYIN_CODES: PlatformCodes = platformCodes('douyin', {}, {}, [
  [/url is not (?:a )?valid domain|not in (?:the )?(?:legal|valid) domain/i, 'not_whitelisted'],
  [/app (?:is )?in background/i, 'aborted'],
])

/**
 * Baidu: wx-like `{errMsg}` plus `errCode`: 201 (Android) / 202 (iOS) invalid protocol, 1001 execution
 * failed (design notes). Its not-whitelisted wording is unverified, so none is mapped.
 */
export const BAIDU_CODES: PlatformCodes = platformCodes(
  'baidu',
  c('*', 'errCode', { 201: 'bad_request', 202: 'bad_request' }),
  c('*', 'errCode', { 1001: 'unknown' }),
)

/** QQ fails as WeChat (`{errMsg, errno}`): the wx layers decide; this table only names the platform. */
export const QQ_CODES: PlatformCodes = platformCodes('qq', {})

export const PLATFORM_CODES: Record<Exclude<PlatformId, 'wechat'>, PlatformCodes> = {
  alipay: ALIPAY_CODES,
  douyin: DOUYIN_CODES,
  baidu: BAIDU_CODES,
  qq: QQ_CODES,
}

// ——— whitelists ———

/** One platform's console: its lists, how they match, and its limits. */
export interface PlatformWhitelist<K extends string = string> {
  platform: PlatformId
  /** Where the list is edited. */
  console: { zh: string; en: string }
  rules: WhitelistRules<K>
  labels: Record<K, { zh: string; en: string }>
  /** The most entries one list takes, where documented. */
  maxPerList?: number
  /** Whether an entry may carry a port: true, false, or undefined when unverified. */
  portsAllowed?: boolean
  /** Facts worth printing beside the lists; unverified ones say so. */
  notes: { zh: string; en: string }[]
}

const FOUR_LISTS: Record<Category, { zh: string; en: string }> = CATEGORY_LABELS

/** Baidu's lists take no port: scheme and host only. */
const withoutPort = (entry: string) => canonicalEntry(entry).replace(/:\d+$/, '')

/** Alipay's one list: a domain matches whatever the scheme, port or API (see the unverified note). */
export type AlipayList = 'server'

export const PLATFORM_WHITELISTS: {
  wechat: PlatformWhitelist<Category>
  qq: PlatformWhitelist<Category>
  douyin: PlatformWhitelist<Category>
  baidu: PlatformWhitelist<Category>
  alipay: PlatformWhitelist<AlipayList>
} = {
  wechat: {
    platform: 'wechat',
    console: PLATFORM_CONSOLES.wechat,
    rules: WECHAT_WHITELIST,
    labels: FOUR_LISTS,
    portsAllowed: true,
    notes: [
      {
        zh: 'https/wss 域名；端口须与配置一致；每个子域名单独填写',
        en: 'https/wss domains; a port must match the configured one; each subdomain separately',
      },
    ],
  },
  qq: {
    platform: 'qq',
    console: PLATFORM_CONSOLES.qq,
    rules: WECHAT_WHITELIST,
    labels: FOUR_LISTS,
    maxPerList: 20,
    notes: [
      {
        zh: '规则同微信；每类最多 20 个（来自设计笔记，未在此核实）',
        en: 'same rules as WeChat; at most 20 per list (from the design notes, not verified here)',
      },
    ],
  },
  douyin: {
    platform: 'douyin',
    console: PLATFORM_CONSOLES.douyin,
    rules: WECHAT_WHITELIST,
    labels: FOUR_LISTS,
    notes: [
      {
        zh: '四类列表同微信；是否允许端口未核实；测试版是否也接受 ws 未核实',
        en: 'four lists as on WeChat; whether ports are allowed is unverified; whether test builds accept ws is unverified',
      },
    ],
  },
  baidu: {
    platform: 'baidu',
    console: PLATFORM_CONSOLES.baidu,
    rules: { ...WECHAT_WHITELIST, canonical: withoutPort },
    labels: FOUR_LISTS,
    maxPerList: 20,
    portsAllowed: false,
    notes: [
      {
        zh: '四类列表，不能带端口，每类最多 20 个（来自设计笔记，未在此核实）',
        en: 'four lists, no ports, at most 20 per list (from the design notes, not verified here)',
      },
    ],
  },
  alipay: {
    platform: 'alipay',
    console: PLATFORM_CONSOLES.alipay,
    rules: {
      lists: ['server'],
      listOf: () => 'server',
      // One entry per domain: the list is matched on the domain (unverified which part), not per API.
      canonical: hostnameOf,
      hostKey: hostnameOf,
    },
    labels: { server: ALIPAY_LIST_LABEL },
    notes: [
      {
        zh: '只有一个列表；文档写明 my.request / my.uploadFile 需要它，socket 与 downloadFile 是否也校验未核实（都列出，无害）',
        en: 'one list; the docs say my.request / my.uploadFile need it, whether sockets and downloads are checked is unverified (all are listed; harmless)',
      },
      {
        zh: '按域名匹配（是否按主域名匹配未核实）；修改只对之后构建的新版本生效',
        en: 'matched by domain (whether by the registrable domain is unverified); a change applies only to versions built afterwards',
      },
    ],
  },
}

export function isPlatformId(value: unknown): value is PlatformId {
  return typeof value === 'string' && (PLATFORM_IDS as readonly string[]).includes(value)
}

/** One list ready to paste. */
export interface PlatformList {
  name: string
  label: { zh: string; en: string }
  entries: string[]
}

/** The lists a platform needs for these catalog rows, and warnings (limits, ports). */
export function platformWhitelist(
  platform: PlatformId,
  entries: readonly CatalogEntry[],
): { lists: PlatformList[]; warnings: string[] } {
  const wl = PLATFORM_WHITELISTS[platform] as PlatformWhitelist
  const lists: PlatformList[] = []
  const warnings: string[] = []
  for (const name of wl.rules.lists) {
    const seen = new Set<string>()
    const out: string[] = []
    for (const e of entries) {
      if (wl.rules.listOf(e) !== name) continue
      const key = wl.rules.canonical(e.url)
      if (seen.has(key)) continue
      seen.add(key)
      // Alipay: the domain alone is what its console takes (https:// is added by nothing: unverified form).
      out.push(platform === 'alipay' ? hostnameOf(e.url) : e.url)
    }
    if (out.length === 0) continue
    lists.push({ name, label: wl.labels[name], entries: out })
    if (wl.maxPerList !== undefined && out.length > wl.maxPerList)
      warnings.push(fill(WHITELIST_TEXT.overLimit, { name, n: out.length, max: wl.maxPerList }))
    if (wl.portsAllowed === false)
      for (const u of out)
        if (/:\d+$/.test(canonicalEntry(u))) warnings.push(fill(WHITELIST_TEXT.portRefused, { name, url: u }))
  }
  return { lists, warnings }
}
