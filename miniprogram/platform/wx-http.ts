import { OutcomeCallback, ProbeCallOptions, ProbeTarget, ProbeTask, RawOutcome } from '../core/adapter'
import { LOCAL_STORAGE_CODE } from '../core/engine'
import { probeFileLease } from './shared/probe-file'
import { settleOnce } from './shared/settle'
import { WxHttpTask, WxLike } from './wx-api'
import { failOutcome, once, timingFromProfile, WxProfileMarks } from './wx-outcome'

/*
 * One HTTP-like probe of the WeChat adapter (one job): wx.request / uploadFile / downloadFile, reached at the
 * headers (or at `success` for a HEAD request, which carries the profile), the task released as soon as the
 * answer is known, the upload probe's file leased per upload. The contract is written at createWxAdapter
 * (platform/wx-adapter.ts).
 */

type HttpSuccess = { statusCode: number; profile?: WxProfileMarks; tempFilePath?: string }

/**
 * The HTTP-like probes of one adapter: `wxApi`, the `request` probe's method, the upload probe's file (shared by
 * the adapter's uploads: written once, unlinked after the last), and how to remove a file quietly. Each probe
 * reports once to `done`; its task's slot is `released` when free.
 */
export const wxHttpProbes =
  (
    wxApi: WxLike,
    method: 'HEAD' | 'GET',
    uploadFile: ReturnType<typeof probeFileLease>,
    unlinkQuietly: (path: string) => void,
  ) =>
  (
    kind: 'request' | 'uploadFile' | 'downloadFile',
    target: ProbeTarget,
    options: ProbeCallOptions,
    done: OutcomeCallback,
  ): ProbeTask => {
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
