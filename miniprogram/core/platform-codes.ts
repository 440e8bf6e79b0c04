/*
 * Each platform's own error codes and wordings, as data for classify() (core/classifier.ts): read first when a
 * failure carries that platform's tag. Sources: core/platforms.ts's header and docs/platforms.md.
 */
import type { PlatformCodes, PlatformDecision } from './classifier'
import type { ErrorCategory, PlatformId } from './vocabulary'

type Codes = Readonly<Record<string, ErrorCategory>>

/** A code table by API, as classify() reads it: keys `api:field:code`. */
const c = (field: string, byApi: Record<string, Record<number, ErrorCategory>>): Codes => {
  const out: Record<string, ErrorCategory> = {}
  for (const api of Object.keys(byApi))
    for (const n of Object.keys(byApi[api])) out[api + ':' + field + ':' + n] = byApi[api][Number(n)]
  return out
}

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
  c('error', {
    request: {
      1: 'aborted',
      2: 'bad_request',
      4: 'not_whitelisted',
      9: 'aborted',
      11: 'not_whitelisted',
      13: 'timeout',
      15: 'bad_request',
      23: 'proxy',
    },
    uploadFile: {
      4: 'not_whitelisted',
      9: 'aborted',
      11: 'bad_request',
      13: 'not_whitelisted',
      20: 'bad_request',
    },
    downloadFile: { 2: 'bad_request', 9: 'aborted', 20: 'bad_request' },
    socket: {
      2: 'bad_request',
      3: 'bad_request',
      4: 'bad_request',
      5: 'bad_request',
      6: 'timeout',
      8: 'http',
      20: 'bad_request',
      65: 'not_whitelisted',
    },
  }),
  c('error', {
    request: { 12: 'refused', 14: 'unknown', 19: 'unknown', 20: 'refused' },
    uploadFile: { 12: 'refused' },
    downloadFile: { 12: 'unknown' },
    socket: { 1: 'unknown', 12: 'unknown', 50: 'refused' },
  }),
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
    ...c('errCode', {
      '*': { 201: 'bad_request', 202: 'bad_request' },
      uploadFile: { 1: 'bad_request' },
      socket: { 4: 'bad_request' },
    }),
    ...c('errorCode', { request: { 4: 'bad_request' }, socket: { 1: 'too_many', 2: 'bad_request' } }),
  },
  {
    ...c('errCode', { '*': { 1001: 'unknown' }, socket: { 302: 'unknown', 7: 'unknown' } }),
    ...c('errorCode', { socket: { 3: 'unknown' } }),
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
