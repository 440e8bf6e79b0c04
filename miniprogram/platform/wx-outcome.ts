import { PlatformTiming, RawOutcome } from '../core/adapter'

/*
 * What wx's answers mean as a RawOutcome (one job of the WeChat adapter, platform/wx-adapter.ts): the timing
 * marks of a RequestProfile / SocketProfile, a socket's refused upgrade and its HTTP status, and a failure's
 * message with the platform's own error codes. No decision about categories: the classifier makes those.
 */

/** `released` at most once (absent: nothing to tell). */
export function once(fn: (() => void) | undefined): () => void {
  let done = false
  return () => {
    if (done || !fn) return
    done = true
    fn()
  }
}

/**
 * The timing marks the adapter reads. Request/upload/download `profile` (RequestProfile) and socket `onOpen`
 * `profile` (SocketProfile) share the names; the socket one has no SSL marks, but `handshakeCost`.
 */
export interface WxProfileMarks {
  domainLookUpStart?: number
  domainLookUpEnd?: number
  /** The spelling of the English socket docs; read when the typed one is absent. */
  domainLookupStart?: number
  domainLookupEnd?: number
  connectStart?: number
  connectEnd?: number
  SSLconnectionStart?: number
  SSLconnectionEnd?: number
  requestStart?: number
  responseStart?: number
  /** Socket profile: "握手耗时", a duration of an unnamed handshake; read by nothing (see timingFromProfile). */
  handshakeCost?: number
}

/** end − start when both marks are given and > 0 and the span is not negative. */
function span(start: unknown, end: unknown): number | undefined {
  return typeof start === 'number' && typeof end === 'number' && start > 0 && end > 0 && end >= start
    ? end - start
    : undefined
}

/**
 * The platform's timing breakdown, only where both ends are given, as RequestProfile / SocketProfile define
 * the marks (developers.weixin.qq.com/miniprogram/dev/api/network/request/wx.request.html, "RequestProfile";
 * …/api/network/websocket/SocketTask.onOpen.html, "SocketProfile"):
 * - dnsMs: domainLookUpStart → domainLookUpEnd;
 * - connectMs: connectStart → connectEnd. The docs: connectEnd is when the handshake finished, "包括安全连接建立
 *   完成、SOCKS 授权通过", so connect INCLUDES TLS (and a SOCKS proxy);
 * - tlsMs: SSLconnectionStart → SSLconnectionEnd, the TLS part of connectMs (request/upload/download only);
 * - ttfbMs: requestStart → responseStart.
 * A socket's `handshakeCost` is documented only as "握手耗时" (handshake time) without saying which handshake
 * (TCP, TLS or the WebSocket upgrade), so it is not reported as TLS, nor at all. `undefined` when nothing is
 * usable.
 */
export function timingFromProfile(profile: WxProfileMarks | undefined | null): PlatformTiming | undefined {
  if (!profile || typeof profile !== 'object') return undefined
  const p = profile
  const t: PlatformTiming = {}
  const dns = span(p.domainLookUpStart ?? p.domainLookupStart, p.domainLookUpEnd ?? p.domainLookupEnd)
  const connect = span(p.connectStart, p.connectEnd)
  const tls = span(p.SSLconnectionStart, p.SSLconnectionEnd)
  const ttfb = span(p.requestStart, p.responseStart)
  if (dns !== undefined) t.dnsMs = dns
  if (connect !== undefined) t.connectMs = connect
  if (tls !== undefined) t.tlsMs = tls
  if (ttfb !== undefined) t.ttfbMs = ttfb
  return Object.keys(t).length > 0 ? t : undefined
}

/**
 * Socket onError texts that mean an HTTP answer came back instead of 101: the host was reached and refused
 * the upgrade. (A bare "Error during WebSocket handshake: net::ERR_…" is not one: only its "Unexpected
 * response code" form is.) Mirrors the `http` patterns of the classifier.
 */
const HTTP_ANSWER =
  /invalid http status|expected http 101|unexpected server response|unexpected response code|ERR_INVALID_HTTP_RESPONSE/i

export function isUpgradeRejection(errMsg: string): boolean {
  return HTTP_ANSWER.test(errMsg)
}

/**
 * The HTTP status quoted in a refused-upgrade message: "Expected HTTP 101 response but was '404 Not Found'",
 * "Unexpected server response: 502", "Unexpected response code: 404", "unexpected server response (404)".
 * Only these quoting forms are read, so numbers like `_code:20` or `errcode:-105` are never taken for it.
 */
export function statusFromUpgradeError(errMsg: string): number | undefined {
  const m =
    /but was '?(\d{3})\b/i.exec(errMsg) ??
    /response(?: code)?\s*[:(]\s*(\d{3})\b/i.exec(errMsg) ??
    /status(?: code)?\s*[:=]?\s*(\d{3})\b/i.exec(errMsg) ??
    /\bHTTP\/\d(?:\.\d)? (\d{3})\b/i.exec(errMsg)
  if (!m) return undefined
  const status = Number(m[1])
  return status >= 100 && status <= 599 ? status : undefined
}
export interface WxError {
  errMsg?: unknown
  errno?: unknown
  message?: unknown
  errorCode?: unknown
  errNo?: unknown
  errCode?: unknown
}

/** A not-reached outcome from a wx failure (`{errMsg, errno}`) or a thrown error (`message`). */
export function failOutcome(err: unknown, fallback: string): RawOutcome {
  const e = (err && typeof err === 'object' ? err : {}) as WxError
  const errMsg =
    typeof e.errMsg === 'string'
      ? e.errMsg
      : typeof e.message === 'string'
        ? e.message
        : typeof err === 'string'
          ? err
          : fallback
  const out: RawOutcome = { reached: false, errMsg }
  if (typeof e.errno === 'number') out.errno = e.errno
  // wx-like platforms' own codes (Douyin errorCode / errNo, Baidu errCode), as given.
  for (const k of ['errorCode', 'errNo', 'errCode'] as const)
    if (typeof e[k] === 'number') out[k] = e[k] as number
  return out
}
