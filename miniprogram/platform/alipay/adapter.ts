import {
  OutcomeCallback,
  PlatformAdapter,
  ProbeCallOptions,
  ProbeTarget,
  ProbeTask,
  RawOutcome,
} from '../../core/adapter'
import { classify, PlatformCodes } from '../../core/classifier'
import { LOCAL_STORAGE_CODE } from '../../core/engine'
import { ALIPAY_CODES } from '../../core/platform-codes'
import { PLATFORM_TASK_LIMITS } from '../../core/platforms'
import { Category } from '../../core/vocabulary'
import { probeFileLease } from '../shared/probe-file'
import { quietly, settleOnce } from '../shared/settle'
import { handleRejection } from './rejection'
import { CLOSE_CODE, isUpgradeRejection, PROBE_FILE_NAME, statusFromUpgradeError } from '../wx-adapter'

/**
 * An Alipay failure: `{error, errorMessage}` (@mini-types/my 3.0.14, every fail callback). A failed my.request
 * may carry more: my.request 常见问题.md (AlipayDocs/open-docs mini/api/基础API/网络/) shows a 14 with `status`,
 * `headers` and `data`.
 */
export interface MyFail {
  error?: number
  errorMessage?: string
  status?: unknown
  statusCode?: unknown
}

/**
 * A task with abort (RequestTask / UploadTask / DownloadTask). my.request / my.uploadFile / my.downloadFile
 * return a Promise that is also the task (@mini-types/my: `Promise<…> & RequestTask`; my.request 常见问题.md:
 * "支持 Promise 风格调用"): it rejects when the call fails, callbacks or not.
 */
export interface MyHttpTask {
  abort?: () => void
}

export interface MySocketTask {
  onOpen(cb: (res: unknown) => void): void
  onError(cb: (res: { error?: number; errorMessage?: string; data?: unknown }) => void): void
  onClose(cb: (res: { code?: number; reason?: string; data?: unknown }) => void): void
  close(o?: { code?: number; reason?: string }): unknown
}

/**
 * The slice of Alipay's `my` the adapter uses, narrowly (a test checks @mini-types/my's `my` fits it). Sources
 * are AlipayDocs/open-docs pages under mini/api/基础API/网络/ (docs/platforms.md):
 * - my.request (https://opendocs.alipay.com/mini/api/owycmh): `headers` (also `header`), `timeout` (default
 *   30000, at most 60 s: my.request 常见问题.md), success `{status, headers}` (the typings also give
 *   `statusCode`/`header`): both are read. "只要成功接收到服务器返回，无论 status 是多少，都会进入 success 回调函数"
 *   (网络 API 使用须知.md).
 * - my.uploadFile (my.uploadFile.md, https://opendocs.alipay.com/mini/api/kmq4hc): `filePath`, `name`,
 *   `fileType` (deprecated; the IDE simulator still checks it is image/video/audio), `timeout` (default 60000),
 *   success `{statusCode}`.
 * - my.downloadFile (my.downloadFile.md, https://opendocs.alipay.com/mini/api/xr054r): `timeout` (default
 *   60000; "IDE 暂不支持"), success `{apFilePath, tempFilePath}` and no status code at all.
 * - my.connectSocket (my.connectSocket.md, https://opendocs.alipay.com/mini/api/vx19c3): `multiple: true`
 *   returns a SocketTask (without it a new socket closes the old one: @mini-types/my); `success` / `fail`
 *   callbacks, the fail carrying codes 1–6, 12, 20. SocketTask.onError takes my.onSocketError's parameters.
 */
export interface MyLike {
  env: { USER_DATA_PATH: string }
  request(o: {
    url: string
    method?: 'HEAD' | 'GET'
    headers?: Record<string, string>
    timeout?: number
    dataType?: 'text'
    success?: (res: { status?: number; statusCode?: number }) => void
    fail?: (err: MyFail) => void
  }): unknown
  uploadFile(o: {
    url: string
    filePath: string
    name: string
    fileType: string
    timeout?: number
    success?: (res: { statusCode?: number; status?: number }) => void
    fail?: (err: MyFail) => void
  }): unknown
  downloadFile(o: {
    url: string
    timeout?: number
    success?: (res: { apFilePath?: string; tempFilePath?: string }) => void
    fail?: (err: MyFail) => void
  }): unknown
  connectSocket(o: {
    url: string
    multiple: true
    success?: (res: unknown) => void
    fail?: (err: MyFail) => void
  }): MySocketTask
  getFileSystemManager(): {
    writeFileSync(o: { filePath: string; data: string }): unknown
    unlinkSync?: (filePath: string) => unknown
  }
}

export interface AlipayAdapter extends PlatformAdapter {
  readonly codes: PlatformCodes
  readonly probeFilePath: string | undefined
}

/**
 * The failures that may come from an answered request: 19 "HTTP 错误" and 14 "JSON parse data error". Neither
 * proves an answer by itself: the docs name a LAN address and a wrong SSL certificate among 19's causes and a
 * broken certificate chain among 14's (support/支付宝小程序/常见问题/常见API错误码大全.md; my.request 常见问题.md), and
 * the FAQ's 14 carries `status: 13`, which is no HTTP status. See answeredStatus().
 */
const MAY_BE_ANSWERED = new Set([14, 19])

const httpStatusOf = (v: unknown) => (typeof v === 'number' && v >= 100 && v <= 599 ? v : undefined)

/**
 * The HTTP status a 14 / 19 failure proves the server answered with, or undefined: it must carry an HTTP
 * status (100–599, `status` or `statusCode`), and nothing in it may read as a certificate failure.
 */
function answeredStatus(err: MyFail, out: RawOutcome): number | undefined {
  if (out.error === undefined || !MAY_BE_ANSWERED.has(out.error)) return undefined
  const status = httpStatusOf(err.status) ?? httpStatusOf(err.statusCode)
  if (status === undefined) return undefined
  return classify(out, ALIPAY_CODES).category === 'tls' ? undefined : status
}

function failOf(err: unknown, api: Category, fallback: string): RawOutcome {
  const e = (err && typeof err === 'object' ? err : {}) as MyFail & { message?: unknown }
  const msg =
    typeof e.errorMessage === 'string' ? e.errorMessage : typeof e.message === 'string' ? e.message : fallback
  const out: RawOutcome = { reached: false, platform: 'alipay', api }
  if (typeof e.error === 'number') {
    out.error = e.error
    out.errMsg = `${fallback} ${msg} (error ${e.error})`
  } else out.errMsg = msg === fallback ? fallback : `${fallback} ${msg}`
  return out
}

/** The task a my.* call returned, its rejection (if it is a Promise) handled. */
const taskOf = (t: unknown): MyHttpTask | undefined => {
  handleRejection(t)
  return t && (typeof t === 'object' || typeof t === 'function') ? (t as MyHttpTask) : undefined
}

/**
 * The Alipay platform adapter, with the wx adapter's contract: reports at most once per call; `abort()`
 * reports nothing, releases the task, is idempotent and silences later callbacks; a `my.*` that throws
 * propagates. What Alipay makes different:
 * - reached = `success` (any `status`/`statusCode`: every answer comes there, 网络 API 使用须知.md), or a fail
 *   with error 19 / 14 that carries an HTTP status and reads as no certificate failure (answeredStatus); a 19
 *   or 14 without one is a failure. A download is reached at `success` without a status (Alipay gives none).
 * - the Promise my.request / uploadFile / downloadFile return gets a rejection handler (no unhandled rejection
 *   in the host app when a probe fails).
 * - sockets are opened with `multiple: true`, so a probe never closes the host app's own socket, and with
 *   `fail`: a connection my.connectSocket refuses (codes 1–6, 12, 20) is reported at once.
 * - failures carry `{platform: 'alipay', api, error}` and are classified with ALIPAY_CODES, per API (an upload's
 *   11 is a missing file, a request's 11 the whitelist).
 */
export function createAlipayAdapter(myApi: MyLike): AlipayAdapter {
  const maxRequestTimeout = PLATFORM_TASK_LIMITS.alipay.maxTimeoutMs

  const uploadFile = probeFileLease(
    () => {
      const path = `${myApi.env.USER_DATA_PATH}/${PROBE_FILE_NAME}`
      const res = myApi.getFileSystemManager().writeFileSync({ filePath: path, data: 'zim-netcheck\n' }) as
        | MyFail
        | undefined
      // Alipay's sync file APIs may answer `{error, errorMessage}` instead of throwing.
      if (res && typeof res === 'object' && typeof res.error === 'number') throw res
      return path
    },
    (path) => quietly(() => myApi.getFileSystemManager().unlinkSync?.(path)),
  )

  function http(
    kind: 'request' | 'uploadFile' | 'downloadFile',
    target: ProbeTarget,
    options: ProbeCallOptions,
    done: OutcomeCallback,
  ): ProbeTask {
    const call = settleOnce(done)
    let task: MyHttpTask | undefined
    let ended = false
    let usesFile = false
    const end = () => {
      if (ended) return
      ended = true
      if (usesFile) uploadFile.release()
    }
    const success = (res: {
      status?: number
      statusCode?: number
      apFilePath?: string
      tempFilePath?: string
    }) => {
      end()
      const r = res && typeof res === 'object' ? res : {}
      const status = typeof r.status === 'number' ? r.status : r.statusCode
      if (kind === 'downloadFile') {
        // The downloaded file is not needed.
        const file = r.apFilePath ?? r.tempFilePath
        if (typeof file === 'string') quietly(() => myApi.getFileSystemManager().unlinkSync?.(file))
      }
      call.report(typeof status === 'number' ? { reached: true, statusCode: status } : { reached: true })
    }
    const fail = (err: MyFail) => {
      end()
      const out = failOf(err, kind, `${kind}:fail`)
      const status = answeredStatus(err && typeof err === 'object' ? err : {}, out)
      if (status !== undefined) call.report({ reached: true, statusCode: status, after: out.errMsg })
      else call.report(out)
    }
    // my.request takes at most 60 s (my.request 常见问题.md); uploads and downloads document no maximum.
    const timeout = kind === 'request' ? Math.min(options.timeoutMs, maxRequestTimeout) : options.timeoutMs
    if (kind === 'request') {
      task = taskOf(
        myApi.request({
          url: target.url,
          method: 'HEAD',
          headers: {},
          timeout,
          dataType: 'text',
          success,
          fail,
        }),
      )
    } else if (kind === 'downloadFile') {
      task = taskOf(myApi.downloadFile({ url: target.url, timeout, success, fail }))
    } else {
      let filePath: string
      try {
        filePath = uploadFile.acquire()
      } catch (e) {
        const why = failOf(e, 'uploadFile', 'writeFileSync:fail').errMsg
        call.report({
          reached: false,
          errMsg: `uploadFile:fail the probe file could not be written to local storage (${why})`,
          code: LOCAL_STORAGE_CODE,
        })
        return { abort: () => undefined }
      }
      usesFile = true
      try {
        // fileType is required by the typings and checked by the IDE simulator; the tiny text file is sent as is.
        task = taskOf(
          myApi.uploadFile({
            url: target.url,
            filePath,
            name: 'file',
            fileType: 'image',
            timeout,
            success,
            fail,
          }),
        )
      } catch (e) {
        end()
        throw e
      }
    }
    let aborted = false
    return {
      abort: () => {
        if (aborted) return
        aborted = true
        call.silence()
        if (ended) return
        end()
        quietly(() => task?.abort?.())
      },
    }
  }

  function socket(target: ProbeTarget, _options: ProbeCallOptions, done: OutcomeCallback): ProbeTask {
    const call = settleOnce(done)
    let closedByPlatform = false
    // Set once connectSocket returns; its `fail` may come before that.
    const opened: { task?: MySocketTask } = {}
    const close = () => {
      if (closedByPlatform) return
      quietly(() => opened.task?.close({ code: CLOSE_CODE, reason: 'zim-netcheck probe done' }))
    }
    const settle = (outcome: RawOutcome) => call.report(outcome, close)
    const t = (opened.task = myApi.connectSocket({
      url: target.url,
      multiple: true,
      success: () => undefined,
      // my.connectSocket.md 错误码: the connection could not be made; no SocketTask event is documented then.
      fail: (err) => {
        closedByPlatform = true
        call.report(failOf(err, 'socket', 'connectSocket:fail'))
      },
    }))
    try {
      t.onOpen(() => {
        if (call.settled) {
          // Opened after the probe settled or was aborted: close it now that it is open.
          closedByPlatform = false
          close()
          return
        }
        settle({ reached: true })
      })
      t.onError((err) => {
        const out = failOf(err, 'socket', 'connectSocket:fail')
        if (out.errMsg && isUpgradeRejection(out.errMsg)) {
          const up: RawOutcome = { reached: true, upgradeRejected: true, errMsg: out.errMsg }
          const status = statusFromUpgradeError(out.errMsg)
          if (status !== undefined) up.statusCode = status
          settle(up)
        } else settle(out)
      })
      t.onClose((res) => {
        closedByPlatform = true
        const code = res && typeof res.code === 'number' ? res.code : '?'
        call.report({
          reached: false,
          platform: 'alipay',
          api: 'socket',
          errMsg: `connectSocket:fail closed before open (code ${code})`,
        })
      })
    } catch (e) {
      close()
      throw e
    }
    return {
      abort: () => {
        const settledBefore = call.settled
        call.silence()
        if (!settledBefore) close()
      },
    }
  }

  return {
    name: 'my',
    codes: ALIPAY_CODES,
    get probeFilePath() {
      return uploadFile.path
    },
    request: (t, o, d) => http('request', t, o, d),
    uploadFile: (t, o, d) => http('uploadFile', t, o, d),
    downloadFile: (t, o, d) => http('downloadFile', t, o, d),
    connectSocket: (t, o, d) => socket(t, o, d),
  }
}
