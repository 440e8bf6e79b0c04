import {
  OutcomeCallback,
  PlatformAdapter,
  PlatformTiming,
  ProbeCallOptions,
  ProbeTarget,
  ProbeTask,
  RawOutcome,
  TaskLimits,
} from '../core/adapter'
import { LOCAL_STORAGE_CODE } from '../core/engine'
import { probeFileLease } from './shared/probe-file'
import { settleOnce } from './shared/settle'

type Wx = WechatMiniprogram.Wx

/**
 * The slice of `wx` the adapter uses, typed from miniprogram-api-typings: the real option types, and of each
 * task only the methods the adapter calls. The global `wx` fits it as is (`createWxAdapter()` defaults to it);
 * so does a test fake that implements just these.
 */
export interface WxLike {
  env: Pick<Wx['env'], 'USER_DATA_PATH'>
  request(option: WechatMiniprogram.RequestOption): WxHttpTask
  uploadFile(option: WechatMiniprogram.UploadFileOption): WxHttpTask
  downloadFile(option: WechatMiniprogram.DownloadFileOption): WxHttpTask
  connectSocket(option: WechatMiniprogram.ConnectSocketOption): WxSocketTask
  getFileSystemManager(): Pick<WechatMiniprogram.FileSystemManager, 'writeFileSync'> &
    Partial<Pick<WechatMiniprogram.FileSystemManager, 'unlinkSync'>>
}

/** What the adapter uses of a RequestTask / UploadTask / DownloadTask: abort, and onHeadersReceived (2.1.0+). */
export interface WxHttpTask {
  abort(): void
  onHeadersReceived?: (listener: (res: { header?: unknown; statusCode?: number }) => void) => void
}

export type WxSocketTask = Pick<WechatMiniprogram.SocketTask, 'onOpen' | 'onError' | 'onClose' | 'close'>

export interface WxAdapterOptions {
  /** Method of the `request` probe. Default 'HEAD': no body to transfer; any status (405 too) counts as reached. */
  method?: 'HEAD' | 'GET'
  /** File name of the upload probe's file under `wx.env.USER_DATA_PATH`. Default `zim-netcheck-probe.txt`. */
  probeFileName?: string
}

export const PROBE_FILE_NAME = 'zim-netcheck-probe.txt'
const PROBE_FILE_CONTENT = 'zim-netcheck\n'
/** Close code of every socket the adapter closes: normal closure. */
export const CLOSE_CODE = 1000

/**
 * WeChat's task limits: "wx.request、wx.uploadFile、wx.downloadFile 的最大并发限制是 10 个；wx.connectSocket 的最大
 * 并发限制是 5 个" (developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html, 使用说明). The same
 * figures as core/platforms.ts PLATFORM_LIMITS.wechat (a test keeps them equal; this bundle does not import it).
 */
export const WX_LIMITS: TaskLimits = { http: 10, socket: 5 }

/** `released` at most once (absent: nothing to tell). */
function once(fn: (() => void) | undefined): () => void {
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

interface WxError {
  errMsg?: unknown
  errno?: unknown
  message?: unknown
  errorCode?: unknown
  errNo?: unknown
  errCode?: unknown
}

/** A not-reached outcome from a wx failure (`{errMsg, errno}`) or a thrown error (`message`). */
function failOutcome(err: unknown, fallback: string): RawOutcome {
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

/** The wx adapter: a PlatformAdapter, plus what it keeps on the device between calls. */
export interface WxAdapter extends PlatformAdapter {
  /** The upload probe's file, while one exists (for tests and support). */
  readonly probeFilePath: string | undefined
}

/**
 * The WeChat platform adapter: wx.request / uploadFile / downloadFile / connectSocket with WeChat's own
 * semantics, reporting raw outcomes and nothing else (no retries, no classification, no timers: the deadline is
 * the `timeout` handed to wx, and the engine's own).
 *
 * - Reports at most once per call; `abort()` reports nothing, releases the task (RequestTask/UploadTask/
 *   DownloadTask `abort()`, SocketTask `close({code: 1000})`), is idempotent, and silences later callbacks.
 * - Reached is decided by the first protocol answer: `onHeadersReceived` (RequestTask/UploadTask/DownloadTask,
 *   base library 2.1.0+) or SocketTask `onOpen`. A `fail` after the headers (body reset, stalled, timeout) is
 *   still reached. A GET request, an upload and a download report at the headers and abort the task: nothing
 *   more is needed, and a download never writes a body or temp file (a download whose `success` still comes
 *   first has its temp file unlinked at once). A HEAD request waits for `success`, which carries the profile.
 * - A socket settles at onOpen; its close ({code: 1000}) is sent then and not waited for by the probe (its
 *   timing and deadline leave it out). But the socket keeps its slot among WeChat's 5 until its onClose
 *   arrives (SocketTask.close only asks to close; SocketTask.onClose "监听 WebSocket 连接关闭事件",
 *   developers.weixin.qq.com/miniprogram/dev/api/network/websocket/SocketTask.close.html and
 *   …/SocketTask.onClose.html): the adapter calls the engine's `released` then, so the engine opens the next
 *   socket only when the platform has room. A socket whose onOpen arrives after it settled or was aborted is
 *   closed then. An HTTP task's slot is free when it ended or was aborted.
 * - If a wx function throws synchronously, the exception propagates to the caller (the engine fails that probe
 *   with the error's message).
 * - The upload probe's file is written when an upload starts and none exists, and unlinked (FileSystemManager
 *   `unlinkSync`) when the last running upload ends: the 200 MB user-file quota is the host's too
 *   (framework/ability/file-system). A failed write is a local storage problem, reported synchronously with
 *   `code: LOCAL_STORAGE_CODE` and the platform's message, not as a network failure.
 */
export function createWxAdapter(wxApi: WxLike = wx, opts: WxAdapterOptions = {}): WxAdapter {
  const method = opts.method ?? 'HEAD'
  const fileName = opts.probeFileName ?? PROBE_FILE_NAME
  const uploadFile = probeFileLease(() => {
    const path = `${wxApi.env.USER_DATA_PATH}/${fileName}`
    wxApi.getFileSystemManager().writeFileSync(path, PROBE_FILE_CONTENT, 'utf8')
    return path
  }, unlinkQuietly)

  function unlinkQuietly(path: string): void {
    try {
      const fs = wxApi.getFileSystemManager()
      if (typeof fs.unlinkSync === 'function') fs.unlinkSync(path)
    } catch {
      // Already gone, or the platform keeps temp files itself: nothing left to free.
    }
  }

  type HttpSuccess = { statusCode: number; profile?: WxProfileMarks; tempFilePath?: string }

  function http(
    kind: 'request' | 'uploadFile' | 'downloadFile',
    target: ProbeTarget,
    options: ProbeCallOptions,
    done: OutcomeCallback,
  ): ProbeTask {
    const call = settleOnce(done)
    const free = once(options.released)
    /** The headers arrived: the host answered, whatever comes after. */
    let headers: { statusCode?: number } | undefined
    let task: WxHttpTask | undefined
    let taskDone = false
    let usesFile = false
    const finishTask = () => {
      if (taskDone) return
      taskDone = true
      if (usesFile) uploadFile.release()
      free()
    }
    const abortTask = () => {
      if (taskDone) return
      finishTask()
      try {
        task?.abort()
      } catch {
        // Nothing more to release.
      }
    }
    const reachedAt = (statusCode: number | undefined): RawOutcome =>
      statusCode !== undefined ? { reached: true, statusCode } : { reached: true }
    const common = {
      url: target.url,
      timeout: options.timeoutMs,
      enableProfile: true,
      success: (res: HttpSuccess) => {
        finishTask()
        // A download that completed before its headers were heard: its temp file is not needed.
        if (kind === 'downloadFile' && res && typeof res.tempFilePath === 'string')
          unlinkQuietly(res.tempFilePath)
        const out = reachedAt(res.statusCode)
        const timing = timingFromProfile(res.profile)
        if (timing) out.timing = timing
        call.report(out)
      },
      fail: (err: unknown) => {
        finishTask()
        call.report(headers ? reachedAt(headers.statusCode) : failOutcome(err, `${kind}:fail`))
      },
    }
    if (kind === 'request') {
      task = wxApi.request({ ...common, method })
    } else if (kind === 'downloadFile') {
      task = wxApi.downloadFile(common)
    } else {
      let filePath: string
      try {
        filePath = uploadFile.acquire()
      } catch (e) {
        const platform = failOutcome(e, 'writeFileSync:fail')
        const out: RawOutcome = {
          reached: false,
          errMsg: `uploadFile:fail the probe file could not be written to local storage (${platform.errMsg})`,
          code: LOCAL_STORAGE_CODE,
        }
        if (platform.errno !== undefined) out.errno = platform.errno
        free()
        call.report(out)
        return { abort: () => undefined }
      }
      usesFile = true
      try {
        task = wxApi.uploadFile({ ...common, filePath, name: 'file' })
      } catch (e) {
        finishTask()
        throw e
      }
    }
    const settleAtHeaders = kind !== 'request' || method !== 'HEAD'
    if (typeof task.onHeadersReceived === 'function') {
      try {
        task.onHeadersReceived((res) => {
          if (headers || taskDone) return
          const status = res && typeof res.statusCode === 'number' ? res.statusCode : undefined
          headers = status !== undefined ? { statusCode: status } : {}
          if (!settleAtHeaders || call.settled) return
          // Reached; the rest (a body, a temp file) is not needed: release the task first, then report.
          call.report(reachedAt(status), abortTask)
        })
      } catch {
        // A client without working header events: success/fail decide.
      }
    }
    let aborted = false
    return {
      abort: () => {
        if (aborted) return
        aborted = true
        call.silence()
        // A task that already ended needs no abort.
        abortTask()
      },
    }
  }

  function socket(target: ProbeTarget, options: ProbeCallOptions, done: OutcomeCallback): ProbeTask {
    const call = settleOnce(done)
    const free = once(options.released)
    let closedByPlatform = false
    /** connectSocket's `fail` fired: no socket may exist, so a refused close() means no slot is held. */
    let connectFailed = false
    // Assigned once connectSocket returns; the callbacks above it may run before (a synchronous `fail`).
    // eslint-disable-next-line prefer-const
    let task: WxSocketTask | undefined
    /** close() was asked for before connectSocket returned the task (a synchronous `fail`). */
    let closePending = false
    const close = () => {
      if (!task) {
        closePending = true
        return
      }
      if (closedByPlatform) return
      try {
        task.close({
          code: CLOSE_CODE,
          reason: 'zim-netcheck probe done',
          // "Not connected" after a failed connectSocket: no socket holds a slot. Otherwise onClose frees it.
          fail: () => {
            if (connectFailed) free()
          },
        })
      } catch {
        // Already closed or never connected.
        free()
      }
    }
    // Closed before reporting: the engine may open the next socket from inside `done`, and wx counts open ones.
    const settle = (outcome: RawOutcome) => call.report(outcome, close)
    task = wxApi.connectSocket({
      url: target.url,
      timeout: options.timeoutMs,
      fail: (err) => {
        connectFailed = true
        settle(failOutcome(err, 'connectSocket:fail'))
      },
    })
    try {
      // Listeners go on synchronously, before any event can fire.
      task.onOpen((res) => {
        if (call.settled) {
          // Opened after the call settled or was aborted: an earlier close() may have been a no-op on a
          // connecting socket, so close again now that it is open.
          closedByPlatform = false
          close()
          return
        }
        const out: RawOutcome = { reached: true }
        const timing = timingFromProfile(res && (res.profile as WxProfileMarks | undefined))
        if (timing) out.timing = timing
        settle(out)
      })
      task.onError((err) => {
        const errMsg = err && typeof err.errMsg === 'string' ? err.errMsg : ''
        if (isUpgradeRejection(errMsg)) {
          const out: RawOutcome = { reached: true, upgradeRejected: true, errMsg }
          const status = statusFromUpgradeError(errMsg)
          if (status !== undefined) out.statusCode = status
          const errno = (err as WxError).errno
          if (typeof errno === 'number') out.errno = errno
          settle(out)
        } else {
          settle(failOutcome(err, 'connectSocket:fail'))
        }
      })
      task.onClose((res) => {
        closedByPlatform = true
        free()
        const code = res && typeof res.code === 'number' ? res.code : undefined
        const reason = res && res.reason ? `: ${res.reason}` : ''
        call.report({
          reached: false,
          errMsg: `connectSocket:fail closed before open (code ${code ?? '?'})${reason}`,
        })
      })
    } catch (e) {
      // A task whose listeners cannot be attached is of no use: release it, and let the error through.
      close()
      throw e
    }
    // `fail` may have fired synchronously, before `task` was set.
    if (closePending) close()
    return {
      abort: () => {
        const settledBefore = call.settled
        call.silence()
        // Close once per abort; a settled call already closed its socket when it reported.
        if (!settledBefore) close()
      },
    }
  }

  return {
    name: 'wx',
    limits: WX_LIMITS,
    reportsSlotRelease: true,
    get probeFilePath() {
      return uploadFile.path
    },
    request: (t, o, d) => http('request', t, o, d),
    uploadFile: (t, o, d) => http('uploadFile', t, o, d),
    downloadFile: (t, o, d) => http('downloadFile', t, o, d),
    connectSocket: (t, o, d) => socket(t, o, d),
  }
}
