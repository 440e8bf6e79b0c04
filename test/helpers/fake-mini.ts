/**
 * A scriptable fake of the network part of Alipay `my`, Douyin `tt` and Baidu `swan` (the QQ contract runs
 * over fake-wx: QQ takes wx's shapes). One engine, three dialects: each answers and fails in its platform's
 * documented shapes (sources in miniprogram/core/platforms.ts and the adapters):
 * - my: request success `{status, headers}` (documented; `legacyStatus: true` gives the typings'
 *   `{statusCode, header}` instead); uploadFile success `{statusCode}`; downloadFile success
 *   `{apFilePath, tempFilePath}` with NO status; every failure `{error, errorMessage}`; a request timeout is
 *   `{error: 13}`. connectSocket WITHOUT `multiple: true` closes every socket already open (the docs'
 *   single-socket mode: "如果当前已存在 WebSocket 连接，那么会自动关闭该连接"); socket onError
 *   `{data: {socketTaskID}, error, errorMessage}`.
 * - tt: wx shapes; failures `{errMsg, errNo}` (@douyin-microapp/typings) plus `errorCode` when scripted.
 * - swan: wx shapes; failures `{errMsg, errCode}`.
 * Limits: `limits.http` HTTP-like tasks and `limits.socket` sockets at once (defaults from PLATFORM_LIMITS);
 * a call over the limit fails. `timeout` is honoured where the platform takes one (my.downloadFile takes
 * none: it hangs until aborted). Open tasks are counted from creation until success/fail fired or the
 * caller's abort()/close(); `open` must be 0 after a run.
 */
import type { Clock } from '../../miniprogram/core/clock'

export type Dialect = 'my' | 'tt' | 'swan'
export type MiniKind = 'request' | 'uploadFile' | 'downloadFile' | 'socket'

export type MiniBehaviour =
  /** HTTP success with this status (my.downloadFile: no status whatever is scripted). */
  | { kind: 'success'; delayMs?: number; status?: number; ignoresAbort?: boolean }
  /** A failure in the dialect's shape: `code` goes to error / errNo / errCode; `errorCode` (tt) as given. */
  | { kind: 'fail'; delayMs?: number; code?: number; errorCode?: number; msg: string }
  /** Nothing fires (a `timeout` the platform honours still ends it). */
  | { kind: 'hang' }
  /** A misbehaving client: success, success again, then fail. */
  | { kind: 'double'; delayMs?: number; status?: number }
  /** Socket: onOpen after delayMs. */
  | { kind: 'open'; delayMs?: number }
  /** Socket: onError (then onClose 1006). */
  | { kind: 'socketError'; delayMs?: number; code?: number; msg: string }

export interface MiniCall {
  kind: MiniKind
  url: string
  options: Record<string, unknown>
}

export interface FakeMiniOptions {
  clock: Clock
  limits?: { http: number; socket: number }
  /** my only: answer requests with the typings' `{statusCode, header}` instead of `{status, headers}`. */
  legacyStatus?: boolean
  /** Platform default timeouts for request (ms). */
  defaultTimeoutMs?: number
}

type Cb = ((res: unknown) => void) | undefined

interface SocketState {
  id: number
  open: boolean
  closed: boolean
  listeners: Record<'open' | 'error' | 'close', ((res: never) => void)[]>
}

const TIMEOUT_SHAPE: Record<Dialect, (kind: string) => Record<string, unknown>> = {
  my: () => ({ error: 13, errorMessage: '请求超时' }),
  tt: (kind) => ({ errMsg: `${kind}:fail timeout` }),
  swan: (kind) => ({ errMsg: `${kind}:fail timeout` }),
}

export class FakeMini {
  readonly calls: MiniCall[] = []
  readonly env = { USER_DATA_PATH: 'fake://usr' }
  /** Files written and not yet unlinked. */
  readonly files = new Set<string>()
  /** Sockets closed by single-socket mode (my without multiple: true). */
  closedBySingleMode = 0
  private openHttp = 0
  private sockets: SocketState[] = []
  private seq = 0
  readonly limits: { http: number; socket: number }

  constructor(
    readonly dialect: Dialect,
    private readonly script: (call: MiniCall) => MiniBehaviour,
    private readonly o: FakeMiniOptions,
  ) {
    this.limits = o.limits ?? { http: dialect === 'swan' ? 6 : 10, socket: 5 }
  }

  get open(): number {
    return this.openHttp + this.sockets.filter((s) => !s.closed).length
  }

  private failShape(
    kind: string,
    code: number | undefined,
    msg: string,
    errorCode?: number,
  ): Record<string, unknown> {
    if (this.dialect === 'my') return { error: code, errorMessage: msg }
    const out: Record<string, unknown> = { errMsg: `${kind}:fail ${msg}` }
    if (code !== undefined) out[this.dialect === 'tt' ? 'errNo' : 'errCode'] = code
    if (errorCode !== undefined) out.errorCode = errorCode
    return out
  }

  private successShape(kind: MiniKind, status = 200): Record<string, unknown> {
    if (this.dialect === 'my') {
      if (kind === 'downloadFile')
        return { apFilePath: 'https://resource/apml1.txt', tempFilePath: 'https://resource/apml1.txt' }
      if (kind === 'request')
        return this.o.legacyStatus ? { statusCode: status, header: {} } : { status, headers: {}, data: '' }
      return { statusCode: status, header: {}, data: '' }
    }
    return kind === 'downloadFile'
      ? { statusCode: status, tempFilePath: 'ttfile://temp/1' }
      : { statusCode: status, header: {}, data: '' }
  }

  private http(kind: Exclude<MiniKind, 'socket'>, options: Record<string, unknown>) {
    this.calls.push({ kind, url: String(options.url), options })
    const success = options.success as Cb
    const fail = options.fail as Cb
    if (this.openHttp >= this.limits.http) {
      const f = this.failShape(kind, this.dialect === 'my' ? 2 : undefined, 'exceed max task count')
      this.o.clock.setTimeout(() => fail?.(f), 0)
      return { abort: () => undefined }
    }
    if (kind === 'uploadFile' && !this.files.has(String(options.filePath))) {
      const f = this.failShape(kind, this.dialect === 'my' ? 2 : undefined, 'file not found')
      this.o.clock.setTimeout(() => fail?.(f), 0)
      return { abort: () => undefined }
    }
    this.openHttp++
    let ended = false
    let aborted = false
    const end = () => {
      if (ended) return false
      ended = true
      this.openHttp--
      return true
    }
    const b = this.script({ kind, url: String(options.url), options })
    const fire = (cb: Cb, res: unknown, evenAfterAbort = false) => {
      if (aborted && !evenAfterAbort) return
      end()
      cb?.(res)
    }
    // The platform's own timeout (my.downloadFile has none).
    const takesTimeout = !(this.dialect === 'my' && kind === 'downloadFile')
    const timeout = typeof options.timeout === 'number' ? options.timeout : this.o.defaultTimeoutMs
    if (takesTimeout && timeout !== undefined)
      this.o.clock.setTimeout(() => !ended && fire(fail, TIMEOUT_SHAPE[this.dialect](kind)), timeout)
    const at = (ms: number | undefined, fn: () => void) => this.o.clock.setTimeout(fn, ms ?? 0)
    if (b.kind === 'success')
      at(
        b.delayMs,
        () => (!ended || b.ignoresAbort) && fire(success, this.successShape(kind, b.status), b.ignoresAbort),
      )
    else if (b.kind === 'fail')
      at(b.delayMs, () => !ended && fire(fail, this.failShape(kind, b.code, b.msg, b.errorCode)))
    else if (b.kind === 'double')
      at(b.delayMs, () => {
        if (aborted) return
        end()
        success?.(this.successShape(kind, b.status))
        success?.(this.successShape(kind, b.status))
        fail?.(this.failShape(kind, 12, 'late failure'))
      })
    return {
      abort: () => {
        if (aborted) return
        aborted = true
        if (end() && this.dialect === 'my') {
          // Alipay: an aborted request fails with error 9 "request:fail abort" (design notes); the caller
          // has silenced it, so it must not count.
          const f = { error: 9, errorMessage: 'request:fail abort' }
          this.o.clock.setTimeout(() => fail?.(f), 0)
        }
      },
    }
  }

  request = (o: Record<string, unknown>) => this.http('request', o)
  uploadFile = (o: Record<string, unknown>) => this.http('uploadFile', o)
  downloadFile = (o: Record<string, unknown>) => this.http('downloadFile', o)

  connectSocket = (options: Record<string, unknown>) => {
    this.calls.push({ kind: 'socket', url: String(options.url), options })
    const s: SocketState = {
      id: ++this.seq,
      open: false,
      closed: false,
      listeners: { open: [], error: [], close: [] },
    }
    const emit = (k: 'open' | 'error' | 'close', res: unknown) => {
      for (const l of s.listeners[k]) (l as (r: unknown) => void)(res)
    }
    const closeNow = (code: number) => {
      if (s.closed) return
      s.closed = true
      emit(
        'close',
        this.dialect === 'my' ? { code, data: { socketTaskID: String(s.id) } } : { code, reason: '' },
      )
    }
    // Alipay's single-socket mode: a connect without multiple: true closes the sockets already there.
    if (this.dialect === 'my' && options.multiple !== true)
      for (const other of this.sockets)
        if (!other.closed) {
          this.closedBySingleMode++
          other.closed = true
          const l = other.listeners.close
          this.o.clock.setTimeout(() => l.forEach((f) => (f as (r: unknown) => void)({ code: 1000 })), 0)
        }
    const live = this.sockets.filter((x) => !x.closed).length
    this.sockets.push(s)
    const task = {
      onOpen: (l: (r: never) => void) => void s.listeners.open.push(l),
      onError: (l: (r: never) => void) => void s.listeners.error.push(l),
      onClose: (l: (r: never) => void) => void s.listeners.close.push(l),
      close: () => {
        // close() ends the socket whatever its state; no onClose for a close the caller asked for.
        s.closed = true
      },
      send: () => undefined,
    }
    if (live >= this.limits.socket) {
      const f =
        this.dialect === 'my'
          ? { error: 2, errorMessage: '网络连接已经存在' }
          : { errMsg: 'connectSocket:fail exceed max cocurrent count' }
      this.o.clock.setTimeout(() => !s.closed && emit('error', f), 0)
      return task
    }
    const b = this.script({ kind: 'socket', url: String(options.url), options })
    const at = (ms: number | undefined, fn: () => void) => this.o.clock.setTimeout(fn, ms ?? 0)
    if (b.kind === 'open')
      at(b.delayMs, () => {
        if (s.closed) return
        s.open = true
        emit('open', this.dialect === 'my' ? { data: { socketTaskID: String(s.id) } } : { header: {} })
      })
    else if (b.kind === 'socketError')
      at(b.delayMs, () => {
        if (s.closed) return
        emit(
          'error',
          this.dialect === 'my'
            ? { data: { socketTaskID: String(s.id) }, error: b.code, errorMessage: b.msg }
            : {
                errMsg: `connectSocket:fail ${b.msg}`,
                ...(b.code !== undefined ? { [this.dialect === 'tt' ? 'errNo' : 'errCode']: b.code } : {}),
              },
        )
        closeNow(1006)
      })
    return task
  }

  getFileSystemManager = () => ({
    writeFileSync: (a: unknown, data?: unknown) => {
      // my: an object {filePath, data}; tt / swan: wx's (path, data, encoding).
      const path = typeof a === 'object' && a ? String((a as { filePath: string }).filePath) : String(a)
      void data
      this.files.add(path)
    },
    unlinkSync: (a: unknown) => {
      this.files.delete(typeof a === 'object' && a ? String((a as { filePath: string }).filePath) : String(a))
    },
  })
}

export function createFakeMini(
  dialect: Dialect,
  script: (call: MiniCall) => MiniBehaviour,
  o: FakeMiniOptions,
): FakeMini {
  return new FakeMini(dialect, script, o)
}
