import {
  OutcomeCallback,
  PlatformAdapter,
  PlatformTiming,
  ProbeCallOptions,
  ProbeTarget,
  ProbeTask,
  RawOutcome,
} from '../core/adapter'

/** A wx failure as callbacks give it. */
interface WxFail {
  errMsg?: string
  errno?: number
}

interface WxProfile {
  domainLookUpStart?: number
  domainLookUpEnd?: number
  connectStart?: number
  connectEnd?: number
  SSLconnectionStart?: number
  SSLconnectionEnd?: number
  requestStart?: number
  responseStart?: number
  handshakeCost?: number
}

interface WxHttpSuccess {
  statusCode: number
  profile?: WxProfile
}

interface WxHttpOptions {
  url: string
  timeout: number
  success: (res: WxHttpSuccess) => void
  fail: (err: WxFail) => void
  [key: string]: unknown
}

interface WxTask {
  abort(): void
}

export interface WxSocketTask {
  onOpen(cb: (res: { profile?: WxProfile }) => void): void
  onError(cb: (res: WxFail) => void): void
  onClose(cb: (res: { code?: number; reason?: string }) => void): void
  close(opts: { code?: number; reason?: string }): void
}

/** The slice of `wx` the adapter uses; the real `wx` fits it, and so does a test fake. */
export interface WxLike {
  env: { USER_DATA_PATH: string }
  request(opts: WxHttpOptions): WxTask
  uploadFile(opts: WxHttpOptions & { filePath: string; name: string }): WxTask
  downloadFile(opts: WxHttpOptions): WxTask
  connectSocket(opts: { url: string; timeout: number; fail?: (err: WxFail) => void }): WxSocketTask
  getFileSystemManager(): { writeFileSync(filePath: string, data: string, encoding: 'utf8'): void }
}

const span = (start?: number, end?: number) =>
  typeof start === 'number' && typeof end === 'number' && start > 0 && end >= start ? end - start : undefined

/** The platform's timing breakdown, only where both ends are given. */
export function timingFromProfile(p: WxProfile | undefined): PlatformTiming | undefined {
  if (!p) return undefined
  const t: PlatformTiming = {}
  const dns = span(p.domainLookUpStart, p.domainLookUpEnd)
  const connect = span(p.connectStart, p.connectEnd)
  const tls = span(p.SSLconnectionStart, p.SSLconnectionEnd)
  const ttfb = span(p.requestStart, p.responseStart)
  if (dns !== undefined) t.dnsMs = dns
  if (connect !== undefined) t.connectMs = connect
  if (tls !== undefined) t.tlsMs = tls
  else if (typeof p.handshakeCost === 'number' && p.handshakeCost > 0) t.tlsMs = p.handshakeCost
  if (ttfb !== undefined) t.ttfbMs = ttfb
  return Object.keys(t).length > 0 ? t : undefined
}

const HTTP_ANSWER =
  /invalid http status|expected http 101|unexpected server response|ERR_INVALID_HTTP_RESPONSE/i

/** A status number quoted in a refused-upgrade message, e.g. "Expected HTTP 101 response but was '404 Not Found'". */
export function statusFromUpgradeError(msg: string): number | undefined {
  const m =
    /(?:but was '|status(?: code)?[:\s]+|response:\s*)(\d{3})\b/i.exec(msg) ?? /\b([1-5]\d{2})\b/.exec(msg)
  return m ? Number(m[1]) : undefined
}

function failOutcome(err: WxFail | undefined): RawOutcome {
  const out: RawOutcome = {
    reached: false,
    errMsg: err && typeof err.errMsg === 'string' ? err.errMsg : 'fail',
  }
  if (err && typeof err.errno === 'number') out.errno = err.errno
  return out
}

/** Reports once, then ignores whatever the platform fires. */
function once(done: OutcomeCallback): { report: OutcomeCallback; reported: () => boolean } {
  let fired = false
  return {
    report: (o) => {
      if (fired) return
      fired = true
      done(o)
    },
    reported: () => fired,
  }
}

export const PROBE_FILE_NAME = 'zim-netcheck-probe.txt'

/**
 * The WeChat platform adapter: wx.request / uploadFile / downloadFile / connectSocket with WeChat's own
 * semantics. It holds no policy; every task it makes is released on abort. If a wx call throws, the
 * exception goes to the engine, which fails that probe.
 */
export function createWxAdapter(api: WxLike): PlatformAdapter {
  let probeFile: string | undefined

  /** A tiny file for the upload probe, written once per adapter. */
  function uploadFilePath(): string {
    if (probeFile) return probeFile
    const path = `${api.env.USER_DATA_PATH}/${PROBE_FILE_NAME}`
    api.getFileSystemManager().writeFileSync(path, 'zim-netcheck', 'utf8')
    probeFile = path
    return path
  }

  function http(
    kind: 'request' | 'uploadFile' | 'downloadFile',
    target: ProbeTarget,
    opts: ProbeCallOptions,
    done: OutcomeCallback,
  ): ProbeTask {
    const { report } = once(done)
    const base: WxHttpOptions = {
      url: target.url,
      timeout: opts.timeoutMs,
      success: (res) => {
        const out: RawOutcome = { reached: true, statusCode: res.statusCode }
        const timing = timingFromProfile(res.profile)
        if (timing) out.timing = timing
        report(out)
      },
      fail: (err) => report(failOutcome(err)),
    }
    let task: WxTask | undefined
    if (kind === 'request') {
      task = api.request({ ...base, method: 'HEAD', enableProfile: true })
    } else if (kind === 'downloadFile') {
      task = api.downloadFile(base)
    } else {
      let filePath: string
      try {
        filePath = uploadFilePath()
      } catch (e) {
        report({ reached: false, errMsg: `uploadFile:fail ${(e as WxFail).errMsg ?? String(e)}` })
        return { abort: () => undefined }
      }
      task = api.uploadFile({ ...base, filePath, name: 'file' })
    }
    let aborted = false
    return {
      abort: () => {
        if (aborted) return
        aborted = true
        report({ reached: false, errMsg: `${kind}:fail abort` })
        try {
          task?.abort()
        } catch {
          // Aborting a finished task is harmless.
        }
      },
    }
  }

  function socket(target: ProbeTarget, opts: ProbeCallOptions, done: OutcomeCallback): ProbeTask {
    const { report, reported } = once(done)
    let closed = false
    let task: WxSocketTask | undefined
    const close = () => {
      if (closed || !task) return
      closed = true
      try {
        task.close({ code: 1000, reason: 'zim-netcheck probe done' })
      } catch {
        // Already closed.
      }
    }
    task = api.connectSocket({
      url: target.url,
      timeout: opts.timeoutMs,
      fail: (err) => report(failOutcome(err)),
    })
    // Handlers go on synchronously, before any event can fire.
    task.onOpen((res) => {
      if (reported()) {
        // Opened after the probe settled (deadline, cancel): close it now, whatever close() did before.
        closed = false
        close()
        return
      }
      const out: RawOutcome = { reached: true }
      const timing = timingFromProfile(res && res.profile)
      if (timing) out.timing = timing
      report(out)
      close()
    })
    task.onError((err) => {
      const msg = err && typeof err.errMsg === 'string' ? err.errMsg : ''
      if (HTTP_ANSWER.test(msg)) {
        const out: RawOutcome = { reached: true, upgradeRejected: true, errMsg: msg }
        const status = statusFromUpgradeError(msg)
        if (status !== undefined) out.statusCode = status
        report(out)
      } else {
        report(failOutcome(err))
      }
      close()
    })
    task.onClose((res) => {
      closed = true
      if (!reported()) {
        const reason = res && res.reason ? `: ${res.reason}` : ''
        report({
          reached: false,
          errMsg: `connectSocket:fail closed before open (code ${res?.code ?? '?'})${reason}`,
        })
      }
    })
    return {
      abort: () => {
        report({ reached: false, errMsg: 'connectSocket:fail abort' })
        close()
      },
    }
  }

  return {
    name: 'wx',
    request: (t, o, d) => http('request', t, o, d),
    uploadFile: (t, o, d) => http('uploadFile', t, o, d),
    downloadFile: (t, o, d) => http('downloadFile', t, o, d),
    connectSocket: (t, o, d) => socket(t, o, d),
  }
}
