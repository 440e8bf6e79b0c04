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
 * - Alipay: its own pages, read in AlipayDocs/open-docs (paths beside each fact; mini/api/基础API/网络/ holds
 *   my.request 常见问题.md, 网络 API 使用须知.md, my.uploadFile.md, my.downloadFile.md, my.connectSocket.md,
 *   my.onSocketError.md; support/支付宝小程序/常见问题/常见API错误码大全.md the my.request code table), and
 *   @mini-types/my 3.0.14 (its @see links: my.request https://opendocs.alipay.com/mini/api/owycmh, whose own page
 *   open-docs lacks; my.getAccountInfoSync https://opendocs.alipay.com/mini/api/my.getAccountInfoSync).
 * - Douyin: @douyin-microapp/typings 1.3.1 (fail = {errMsg, errNo?}); developer.open-douyin.com tt-request,
 *   tt-connect-socket, tt-download-file, framework/error-code and tt-env pages (re-read; URLs beside each table).
 * - Baidu: smartprogram.baidu.com net_rule, request, uploadfile, downloadFile, websocket and getEnvInfoSync pages
 *   (their source: github.com/swan-team/swan-docs; no typings exist on npm).
 * - QQ: q.qq.com network page (w3cschool mirror): as WeChat; parity with miniprogram-api-typings unverified.
 * - Xiaohongshu: miniapp.xiaohongshu.com/doc pages (DC883145 API conventions: `errMsg`, `errCode` on some APIs;
 *   DC828470 xhs.request's parameters) and public code that targets it (NervJS/taro-plugin-platform-xhs,
 *   dcloudio/uni-app packages/uni-mp-xhs); docs/platforms.md X1–X8 says what is verified and what is not.
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
  xhs: 'xhs',
}

/**
 * The ZIM mini-program SDK's own detection order (zego-zim-miniprogram 2.29.0 index.js): the first global
 * present wins. Xiaohongshu (`xhs`) comes first there and here, so an app on xhs is never taken for another
 * platform. (`undefined` would name a global the checker knows but does not support; none is left.)
 */
export const DETECTION_ORDER: readonly (readonly [string, PlatformId | undefined])[] = [
  ['xhs', 'xhs'],
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
  // q.qq.com 网络·使用说明 (mirrored at w3cschool.cn/qqxiaochengxu/qqxiaochengxu-b7h537x1.html): timeout default
  // = max = 60 s, request/uploadFile/downloadFile at most 10 at once, "fail interrupted" 5 s into the background.
  // The socket limit is not on that page (5 as WeChat, and as uni-app's connectSocket page says for QQ).
  qq: { http: 10, socket: 5, requestTimeout: { defaultMs: 60_000, maxMs: 60_000 }, verified: false },
  // my.request: timeout default 30000, at most 60 s, and "同时发起的请求数量没有限制" (my.request 常见问题.md);
  // at most 5 WebSockets (my.connectSocket.md FAQ). Uploads and downloads document no limit: the pool of 10
  // (as WeChat) is kept for all three.
  alipay: {
    http: 10,
    socket: 5,
    requestTimeout: { defaultMs: 30_000, maxMs: 60_000 },
    note: 'my.request unlimited; upload/download concurrency undocumented; 10 kept',
    verified: false,
  },
  // tt.request: "网络请求超时最大时长为 60s", `timeout` (max 60000) from base library 2.31.0; tt.downloadFile
  // `timeout` from 2.42.0; tt.connectSocket (mini-app) takes none; "最多可以同时存在 5 个 WebSocket 连接"
  // (developer.open-douyin.com …/mini-app/develop/api/network/http/tt-request, …/websocket/tt-connect-socket).
  // The default timeout and the HTTP concurrency are not stated: 60 s and WeChat's 10 assumed.
  douyin: {
    http: 10,
    socket: 5,
    requestTimeout: { defaultMs: 60_000, maxMs: 60_000 },
    note: 'HTTP concurrency undocumented; 10 assumed',
    verified: false,
  },
  // Baidu 使用注意事项 (smartprogram.baidu.com/docs/develop/api/net/net_rule, mirrored at
  // bookstack.cn/read/smartprogram-20210306/bfb60d8ed784e33e.md): request default 10 s, max 60 s; upload,
  // download, socket 60 s; set in app.json only (no API's parameter table has `timeout`); request at most 6 at
  // once on iOS, 5 per domain / 64 per app on Android; 5 WebSockets. The pool takes the lowest (6: our probes
  // hit each host once or twice). Those are the HTTP stacks' per-host queue limits (NSURLSession 6, OkHttp 5/64):
  // a call over them waits, it does not fail (inferred, not said by Baidu). Where the OS is unknown, both: 6 at
  // once and 5 per host (limitsFor).
  baidu: {
    http: 6,
    socket: 5,
    perHost: 5,
    requestTimeout: { defaultMs: 10_000, maxMs: 60_000 },
    note: 'iOS 6 concurrent; Android 5 per domain, 64 per app',
    verified: false,
  },
  // xhs.request takes a `timeout` in ms (miniapp.xiaohongshu.com/doc/DC828470), uploadFile too (public
  // taro-plugin-platform-xhs api.json); no page read states a default, a maximum or any concurrency limit:
  // WeChat's 60 s and 10 / 5 are assumed (docs/platforms.md X4).
  xhs: {
    http: 10,
    socket: 5,
    requestTimeout: { defaultMs: 60_000, maxMs: 60_000 },
    note: 'limits and timeout bounds undocumented; WeChat values assumed',
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
 * Alipay `{error, errorMessage}`, per API, as each API's own table says (AlipayDocs/open-docs; docs/platforms.md):
 * - my.request — support/支付宝小程序/常见问题/常见API错误码大全.md (the table of https://opendocs.alipay.com/mini/api/owycmh)
 *   and mini/api/基础API/网络/my.request 常见问题.md: 1 request left unfinished when the page changed, 2 bad
 *   parameter, 4 / 11 no permission (domain not whitelisted), 12 network error, 13 timeout, 14 decode failure
 *   (the FAQ also names a broken or expired certificate chain), 15 bad page parameter, 19 "HTTP 错误" (a LAN
 *   address, a wrong SSL certificate or an HTTP 404/500/504), 20 stopped / rate-limited by the server (also
 *   "URL 不支持 HTTP"), 23 proxy failure.
 * - my.uploadFile — mini/api/基础API/网络/my.uploadFile.md (https://opendocs.alipay.com/mini/api/kmq4hc): 4
 *   not whitelisted, 9 abort, 11 file missing / invalid parameter (never the whitelist), 12 upload failed
 *   (request failed or timed out), 20 HTTP not allowed; 13 "没有权限" = URL not whitelisted (常见API错误码大全.md,
 *   support/…/my.uploadFile报错_ error:13（没有权限）.md).
 * - my.downloadFile — mini/api/基础API/网络/my.downloadFile.md (https://opendocs.alipay.com/mini/api/xr054r): 2
 *   invalid parameter, 12 download failed (wrong URL, server state or network), 20 HTTP not allowed.
 * - my.connectSocket's fail — mini/api/基础API/网络/my.connectSocket.md (https://opendocs.alipay.com/mini/api/vx19c3):
 *   1 unknown, 2 invalid parameter, 3 URL empty / socket already exists, 4 unrecognised URL, 5 not ws/wss, 6
 *   connect timeout, 12 out of memory, 20 ws not allowed; SocketTask.onError — mini/api/基础API/网络/my.onSocketError.md:
 *   1 unknown, 8 invalid Sec-WebSocket-Accept, 50 "请检查网络连接", 65 "请检查域名是否合法" (合法域名 = the configured
 *   list: my.connectSocket.md's sample says the domain must be one configured in the console).
 * 14 and 19 are failures here: the Alipay adapter reports them reached only when they carry an HTTP status
 * (and no certificate wording), so what reaches the table is a request that got no answer. Weak codes decide
 * only when nothing in the message does (a certificate wording is `tls`). 9 is an abort (documented for
 * uploadFile; the adapter silences it). Socket codes 7 and 10 of earlier notes are not in these pages: unmapped.
 */
export const ALIPAY_CODES: PlatformCodes = platformCodes(
  'alipay',
  {
    ...c('request', 'error', {
      1: 'aborted',
      2: 'bad_request',
      4: 'not_whitelisted',
      9: 'aborted',
      11: 'not_whitelisted',
      13: 'timeout',
      15: 'bad_request',
      23: 'proxy',
    }),
    ...c('uploadFile', 'error', {
      4: 'not_whitelisted',
      9: 'aborted',
      11: 'bad_request',
      13: 'not_whitelisted',
      20: 'bad_request',
    }),
    ...c('downloadFile', 'error', { 2: 'bad_request', 9: 'aborted', 20: 'bad_request' }),
    ...c('socket', 'error', {
      2: 'bad_request',
      3: 'bad_request',
      4: 'bad_request',
      5: 'bad_request',
      6: 'timeout',
      8: 'http',
      20: 'bad_request',
      65: 'not_whitelisted',
    }),
  },
  {
    ...c('request', 'error', { 12: 'refused', 14: 'unknown', 19: 'unknown', 20: 'refused' }),
    ...c('uploadFile', 'error', { 12: 'refused' }),
    ...c('downloadFile', 'error', { 12: 'unknown' }),
    ...c('socket', 'error', { 1: 'unknown', 12: 'unknown', 50: 'refused' }),
  },
  [
    [/请配置安全域名|无权跨域调用|未配置域名白名单|N22106/, 'not_whitelisted'],
    [/似乎已断开与互联网的连接/, 'offline'],
    [/不支持\s*(?:下载\s*)?HTTP|不支持\s*ws/i, 'bad_request'],
    // my.connectSocket fail 3 "URL 为空 / 该 appId，SocketTaskID 对应的 WebSocket 已存在": the call is invalid.
    [/WebSocket\s*已存在/i, 'bad_request'],
  ],
)

/**
 * Douyin: wx-like `{errMsg}` plus `errNo` (@douyin-microapp/typings api/types.d.ts) and, on newer clients, a
 * 6-digit `errorCode` AAAABB with `errorType` D/U/F/I (developer.open-douyin.com/docs/resource/zh-CN/mini-app/
 * develop/framework/error-code). No network API page read here lists its numbers, so none is mapped (kept on
 * the outcome as `douyin:n`). Wordings:
 * - "url not in domain list, url == <url>" (not whitelisted): the string and its INVALID_DOMAIN code in
 *   ByteDance's own runtime (public decompiled NetWorkModule connectSocket), also seen as
 *   "connectSocket:fail url not in domain list, url == wss://…" in the Douyin IDE and as "request:fail url not in
 *   domain list, url == https://…" in a Douyin mini-program's notes (public repositories);
 * - "url use invalid protocol, url == <url>, url support protocol is <p>" (same runtime, same code): a scheme the
 *   build may not use (ws/http outside test builds: tt.request / tt.connectSocket pages) — the call itself is
 *   invalid, not the list;
 * - "url is not valid domain" (design notes; also matched by public Douyin game code) and "app in background"
 *   (design notes; unverified): the app went to the background, interrupted as WeChat's "interrupted".
 */
export const DOUYIN_CODES: PlatformCodes = platformCodes('douyin', {}, {}, [
  [
    /url not in domain list|url is not (?:a )?valid domain|not in (?:the )?(?:legal|valid) domain/i,
    'not_whitelisted',
  ],
  [/url use invalid protocol/i, 'bad_request'],
  [/app (?:is )?in background/i, 'aborted'],
])

/**
 * Baidu: wx-like `{errMsg}` plus `errCode`, per API (smartprogram.baidu.com docs, source in
 * github.com/swan-team/swan-docs program-docs/docs/develop/api/net/{request,uploadfile,downloadFile,websocket}.md):
 * - every API: 201 (Android) "解析失败，请检查调起协议是否合法", 202 "解析失败，请检查参数是否正确": the call was invalid;
 *   1001 "执行失败" / "执行错误" (Android; an iOS download's 1001 is "请求文件超过10M"): weak, nothing is said of why;
 * - swan.request iOS: `errorCode` 4 "URL无效";
 * - swan.uploadFile iOS: 1 "解析失败，请检查参数是否正确";
 * - swan.downloadFile iOS: 1002 "无法确定下载文件大小" — the server answered: the adapter reports it reached;
 * - swan.connectSocket: Android 302 "找不到调起协议对应端能力方法" (the client lacks the call), iOS 4 "参数有误",
 *   7 "安全校验失败" (which check is not said: weak), `errorCode` 1 "超过设置的最大task数量" (too many sockets: the
 *   engine's host-slot handling needs it as too_many), 2 "url/subProtocals错误", 3 "创建task实例失败".
 * Its not-whitelisted wording is documented nowhere: none is mapped (the wx wordings still apply). Wording:
 * "201 illegal request" (issue 28) carries 201 in the text only: read as the 201 row.
 */
export const BAIDU_CODES: PlatformCodes = platformCodes(
  'baidu',
  {
    ...c('*', 'errCode', { 201: 'bad_request', 202: 'bad_request' }),
    ...c('request', 'errorCode', { 4: 'bad_request' }),
    ...c('uploadFile', 'errCode', { 1: 'bad_request' }),
    ...c('socket', 'errCode', { 4: 'bad_request' }),
    ...c('socket', 'errorCode', { 1: 'too_many', 2: 'bad_request' }),
  },
  {
    ...c('*', 'errCode', { 1001: 'unknown' }),
    ...c('socket', 'errCode', { 302: 'unknown', 7: 'unknown' }),
    ...c('socket', 'errorCode', { 3: 'unknown' }),
  },
  // 201 / 202 when the code only appears in the text ("201 illegal request"): the call was invalid, as above.
  [[/(?:^|\D)20[12]\s*(?:illegal|解析失败)|illegal request/i, 'bad_request']],
)

/** QQ fails as WeChat (`{errMsg, errno}`): the wx layers decide; this table only names the platform. */
export const QQ_CODES: PlatformCodes = platformCodes('qq', {})

/**
 * Xiaohongshu: a callback's object carries `errMsg` and, on some APIs, a numeric `errCode` (0 on success) whose
 * meaning "请参考对应 API 文档" (miniapp.xiaohongshu.com/doc/DC883145). The network API page read here
 * (DC828470 xhs.request) lists no codes: none is mapped (kept on the outcome as `xhs:n`), and the wx wording
 * and errno layers decide, as for QQ (docs/platforms.md X3).
 */
export const XHS_CODES: PlatformCodes = platformCodes('xhs', {})

export const PLATFORM_CODES: Record<Exclude<PlatformId, 'wechat'>, PlatformCodes> = {
  alipay: ALIPAY_CODES,
  douyin: DOUYIN_CODES,
  baidu: BAIDU_CODES,
  qq: QQ_CODES,
  xhs: XHS_CODES,
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
  xhs: PlatformWhitelist<Category>
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
  // No page read describes Xiaohongshu's server-domain settings (docs/platforms.md X5): its four network APIs
  // are WeChat's, so WeChat's four lists and rules are printed, every one marked unverified.
  xhs: {
    platform: 'xhs',
    console: PLATFORM_CONSOLES.xhs,
    rules: WECHAT_WHITELIST,
    labels: FOUR_LISTS,
    notes: [
      {
        zh: '按微信的四类列表（request / socket / uploadFile / downloadFile）给出；小红书后台的列表划分、端口规则和数量上限均未核实',
        en: 'given as WeChat’s four lists (request / socket / uploadFile / downloadFile); the Xiaohongshu console’s lists, port rules and limits are all unverified',
      },
    ],
  },
  alipay: {
    platform: 'alipay',
    console: PLATFORM_CONSOLES.alipay,
    rules: {
      lists: ['server'],
      listOf: () => 'server',
      // One entry per host name, not per API; the console matches on the first-level domain (网络 API 使用须知.md).
      canonical: hostnameOf,
      hostKey: hostnameOf,
    },
    labels: { server: ALIPAY_LIST_LABEL },
    notes: [
      // 网络 API 使用须知.md (AlipayDocs/open-docs mini/api/基础API/网络/): the list, the APIs it names, 一级域名匹配;
      // my.connectSocket.md's sample: "域名必须是后台配置的合法域名"; my.uploadFile.md: 在新版本中生效.
      {
        zh: '只有一个列表；文档写明 my.request / my.uploadFile 需要它，my.connectSocket 的示例也要求域名已在后台配置，downloadFile 未提及（都列出，无害）',
        en: 'one list; the docs name my.request / my.uploadFile, my.connectSocket’s sample also wants the domain configured, downloads are not mentioned (all are listed; harmless)',
      },
      {
        zh: '文档说按一级域名匹配（配置 a.com 即覆盖 1.a.com）；这里仍逐个列出完整域名；修改只对之后构建的新版本生效',
        en: 'the docs say entries match by first-level domain (a.com covers 1.a.com); full host names are listed here all the same; a change applies only to versions built afterwards',
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
      // Alipay: the domain alone (网络 API 使用须知.md's example lists bare domains: a.com, b.com).
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
