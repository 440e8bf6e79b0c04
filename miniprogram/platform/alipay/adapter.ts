import {
  OutcomeCallback,
  PlatformAdapter,
  ProbeCallOptions,
  ProbeTarget,
  ProbeTask,
  RawOutcome,
} from '../../core/adapter'
import type { PlatformCodes } from '../../core/classifier'
import { LOCAL_STORAGE_CODE } from '../../core/engine'
import { ALIPAY_CODES, PLATFORM_LIMITS } from '../../core/platforms'
import { Category } from '../../core/vocabulary'
import { probeFileLease } from '../shared/probe-file'
import { quietly, settleOnce } from '../shared/settle'
import { CLOSE_CODE, isUpgradeRejection, PROBE_FILE_NAME, statusFromUpgradeError } from '../wx-adapter'

/** An Alipay failure: `{error, errorMessage}` (@mini-types/my 3.0.14, every fail callback). */
export interface MyFail {
  error?: number
  errorMessage?: string
}

/** A task with abort (RequestTask / UploadTask / DownloadTask); `my.*` may also return a Promise-like. */
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
 * The slice of Alipay's `my` the adapter uses, narrowly (a test checks @mini-types/my's `my` fits it):
 * - my.request (https://opendocs.alipay.com/mini/api/owycmh): `headers` (also `header`), `timeout` (default
 *   30000), success `{status, headers}` (the typings also give `statusCode`/`header`): both are read.
 * - my.uploadFile (https://opendocs.alipay.com/mini/api/kmq4hc): `filePath`, `name`, `fileType`
 *   (image/video/audio; the IDE simulator validates it), success `{statusCode}`.
 * - my.downloadFile (https://opendocs.alipay.com/mini/api/xr054r): success `{apFilePath, tempFilePath}` and
 *   no status code at all.
 * - my.connectSocket (https://opendocs.alipay.com/mini/api/vx19c3): "默认情况下一个小程序在一段时间内只能保留一个
 *   WebSocket 连接，如果当前已存在 WebSocket 连接，那么会自动关闭该连接": without `multiple: true` a new socket
 *   closes the old one (the host app's ZIM socket too). With it, a SocketTask.
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
    success?: (res: { statusCode?: number; status?: number }) => void
    fail?: (err: MyFail) => void
  }): unknown
  downloadFile(o: {
    url: string
    success?: (res: { apFilePath?: string; tempFilePath?: string }) => void
    fail?: (err: MyFail) => void
  }): unknown
  connectSocket(o: { url: string; multiple: true }): MySocketTask
  getFileSystemManager(): {
    writeFileSync(o: { filePath: string; data: string }): unknown
    unlinkSync?: (filePath: string) => unknown
  }
}

export interface AlipayAdapter extends PlatformAdapter {
  readonly codes: PlatformCodes
  readonly probeFilePath: string | undefined
}

/** Codes with which Alipay says the server answered: 14 the body could not be decoded, 19 an HTTP error status. */
const ANSWERED = new Set([14, 19])

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

const taskOf = (t: unknown): MyHttpTask | undefined =>
  t && (typeof t === 'object' || typeof t === 'function') ? (t as MyHttpTask) : undefined

/**
 * The Alipay platform adapter, with the wx adapter's contract: reports at most once per call; `abort()`
 * reports nothing, releases the task, is idempotent and silences later callbacks; a `my.*` that throws
 * propagates. What Alipay makes different:
 * - reached = `success` (any `status`/`statusCode`), or a fail with error 19 (HTTP error status) or 14
 *   (undecodable body), which both mean the server answered; a download is reached at `success` without a
 *   status (Alipay gives none).
 * - sockets are opened with `multiple: true`, so a probe never closes the host app's own socket.
 * - failures carry `{platform: 'alipay', api, error}` and are classified with ALIPAY_CODES (per API: a
 *   download's 13 is "没有权限", a request's 13 a timeout).
 */
export function createAlipayAdapter(myApi: MyLike): AlipayAdapter {
  const maxTimeout = PLATFORM_LIMITS.alipay.requestTimeout.maxMs

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
      if (out.error !== undefined && ANSWERED.has(out.error))
        call.report({ reached: true, after: out.errMsg })
      else call.report(out)
    }
    const timeout = Math.min(options.timeoutMs, maxTimeout)
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
      task = taskOf(myApi.downloadFile({ url: target.url, success, fail }))
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
          myApi.uploadFile({ url: target.url, filePath, name: 'file', fileType: 'image', success, fail }),
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
    const task = myApi.connectSocket({ url: target.url, multiple: true })
    const close = () => {
      if (closedByPlatform) return
      quietly(() => task.close({ code: CLOSE_CODE, reason: 'zim-netcheck probe done' }))
    }
    const settle = (outcome: RawOutcome) => call.report(outcome, close)
    try {
      task.onOpen(() => {
        if (call.settled) {
          // Opened after the probe settled or was aborted: close it now that it is open.
          closedByPlatform = false
          close()
          return
        }
        settle({ reached: true })
      })
      task.onError((err) => {
        const out = failOf(err, 'socket', 'connectSocket:fail')
        if (out.errMsg && isUpgradeRejection(out.errMsg)) {
          const up: RawOutcome = { reached: true, upgradeRejected: true, errMsg: out.errMsg }
          const status = statusFromUpgradeError(out.errMsg)
          if (status !== undefined) up.statusCode = status
          settle(up)
        } else settle(out)
      })
      task.onClose((res) => {
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
