/**
 * A scriptable fake of the network part of `wx` (request, uploadFile, downloadFile, connectSocket,
 * getFileSystemManager, env), counting every task it hands out. It fits `WxLike` without a cast:
 * `createWxAdapter(createFakeWx(script))`.
 *
 * Open tasks: an HTTP task is open from its creation until success/fail/complete fired or `abort()` was called;
 * a socket is open until `close()` was called (and accepted) or onClose fired. A connectSocket `fail` does not
 * release the socket: the caller must still close it.
 *
 * Timers: the global `setTimeout` by default, looked up at call time, so jest fake timers drive it; or pass
 * `{ clock }` (e.g. a `ManualClock`, which can drive the engine too) for runs that are deterministic without
 * jest. Events due at the same time fire in the order they were scheduled.
 */
import type { Clock } from '../../miniprogram/core/clock'

export type HttpKind = 'request' | 'uploadFile' | 'downloadFile'
export type Kind = HttpKind | 'socket'

type Profile = Record<string, unknown>

/** What one call does. `delayMs` counts from the call (default 0). */
export type Behaviour =
  /** HTTP: success({statusCode, profile}) then complete. `ignoresAbort`: fires even after abort(). */
  | {
      kind: 'success'
      delayMs?: number
      statusCode?: number
      profile?: Profile
      data?: unknown
      ignoresAbort?: boolean
    }
  /** HTTP: fail({errMsg, errno}) then complete. Socket: connectSocket's `fail` (the socket stays open until closed). */
  | { kind: 'fail'; delayMs?: number; errMsg: string; errno?: number; ignoresAbort?: boolean }
  /** Nothing ever fires (until abort/close). */
  | { kind: 'hang' }
  /** HTTP, a misbehaving client: success and then fail, both. */
  | { kind: 'successThenFail'; delayMs?: number; statusCode?: number; errMsg?: string }
  /** HTTP, a misbehaving client: fail twice. */
  | { kind: 'failTwice'; delayMs?: number; errMsg: string; errno?: number }
  /** The wx function itself throws `error` (default `new Error(message)`); nothing is created. */
  | { kind: 'throw'; message: string; error?: unknown }
  /**
   * Socket: onOpen({header, profile}) after delayMs. `closeBeforeOpen`: what a close() before onOpen does:
   * 'cancels' (default: released, onClose fires, onOpen never comes) or 'ignored' (close's `fail` fires, the
   * socket stays open and onOpen still arrives).
   */
  | { kind: 'open'; delayMs?: number; profile?: Profile; closeBeforeOpen?: 'cancels' | 'ignored' }
  /** Socket: onError({errMsg, errno}) after delayMs; then, if withClose, onClose({code: closeCode ?? 1006}). */
  | {
      kind: 'error'
      delayMs?: number
      errMsg: string
      errno?: number
      withClose?: boolean
      closeCode?: number
    }
  /** Socket: onClose without ever opening. */
  | { kind: 'close'; delayMs?: number; code?: number; reason?: string }
  /** Anything else, driven by hand: see `CallControl`. */
  | { kind: 'custom'; run: (call: CallControl) => void }

export interface CallInfo {
  kind: Kind
  url: string
  /** 1 for the first call of this kind+url, 2 for the next… */
  attempt: number
}

export type Script = (call: CallInfo) => Behaviour

/**
 * A script as a table: keys `kind:url` (e.g. `socket:wss://a`), then `url`, then `'*'`. An array gives one
 * behaviour per attempt, the last one repeating. A call nothing matches throws (the wx call throws).
 */
export type ScriptTable = Record<string, Behaviour | Behaviour[]>

export type ScriptSpec = Script | ScriptTable

/**
 * Hands for a `custom` behaviour. Each fires at once; `later` schedules (not cancelled by abort or close, so a
 * script can fire after them). The task is counted open until success/fail/close or the caller's abort/close.
 */
export interface CallControl extends CallInfo {
  options: Record<string, unknown>
  later(ms: number, fn: () => void): void
  /** HTTP callbacks; success/fail release the task, then call `complete` unless `complete: false`. */
  success(res?: Record<string, unknown>, complete?: boolean): void
  fail(err: { errMsg: string; errno?: number }, complete?: boolean): void
  /** Socket events, to whatever listeners are attached. `close` releases the socket. */
  open(res?: Record<string, unknown>): void
  error(err: { errMsg: string; errno?: number }): void
  close(res?: { code?: number; reason?: string }): void
  /** Whether the task is still counted open. */
  readonly isOpen: boolean
}

export interface CallRecord extends CallInfo {
  seq: number
  at: number
  options: Record<string, unknown>
}

export interface LogEntry {
  at: number
  seq: number
  kind: Kind
  url: string
  /** e.g. call, throw, success, fail, complete, abort, open, error, close, close() (a close call), unheard:open */
  event: string
  detail?: unknown
}

export type OpenCounts = Record<Kind, number> & { http: number; total: number }

export interface FakeWxOptions {
  clock?: Clock
  /** `wx.env.USER_DATA_PATH`. Default `wxfile://usr`. */
  userDataPath?: string
}

const globalTimers: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

/**
 * A clock that moves only when told to: `advance(ms)` runs every timer due by then, in due-time then
 * scheduling order, including timers scheduled while advancing. Pass the same instance to the fake and to
 * `ProbeEngine` for a run with no real waiting and one order of events.
 */
export class ManualClock implements Clock {
  private t: number
  private seq = 0
  private timers = new Map<number, { due: number; seq: number; fn: () => void }>()

  constructor(start = 0) {
    this.t = start
  }

  now(): number {
    return this.t
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq
    this.timers.set(id, { due: this.t + Math.max(0, ms || 0), seq: id, fn })
    return id
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number)
  }

  get pending(): number {
    return this.timers.size
  }

  /** Moves time forward by `ms`, running what falls due. */
  advance(ms: number): void {
    const until = this.t + ms
    for (;;) {
      const next = this.next()
      if (!next || next[1].due > until) break
      this.timers.delete(next[0])
      this.t = Math.max(this.t, next[1].due)
      next[1].fn()
    }
    this.t = until
  }

  /** Runs timers until none is left (at most `limit`, against loops). */
  runAll(limit = 100_000): void {
    for (let i = 0; i < limit; i++) {
      const next = this.next()
      if (!next) return
      this.advance(next[1].due - this.t)
    }
    throw new Error('ManualClock.runAll: timers keep scheduling timers')
  }

  private next(): [number, { due: number; seq: number; fn: () => void }] | undefined {
    let best: [number, { due: number; seq: number; fn: () => void }] | undefined
    for (const entry of this.timers) {
      if (!best || entry[1].due < best[1].due || (entry[1].due === best[1].due && entry[1].seq < best[1].seq))
        best = entry
    }
    return best
  }
}

type Listener = (res: unknown) => void
type Callback = ((res: unknown) => void) | undefined

/** A task handed out: HTTP tasks carry all RequestTask/UploadTask/DownloadTask methods (listeners are no-ops). */
export interface FakeHttpTask {
  abort(): void
  onHeadersReceived(listener?: unknown): void
  offHeadersReceived(listener?: unknown): void
  onProgressUpdate(listener?: unknown): void
  offProgressUpdate(listener?: unknown): void
  onChunkReceived(listener?: unknown): void
  offChunkReceived(listener?: unknown): void
}

export interface FakeSocketTask {
  onOpen(listener: (res: WechatMiniprogram.OnOpenListenerResult) => void): void
  onError(listener: (res: WechatMiniprogram.GeneralCallbackResult) => void): void
  onClose(listener: (res: WechatMiniprogram.SocketTaskOnCloseListenerResult) => void): void
  onMessage(listener: (res: WechatMiniprogram.SocketTaskOnMessageListenerResult) => void): void
  close(option?: WechatMiniprogram.SocketTaskCloseOption): void
  send(option: WechatMiniprogram.SocketTaskSendOption): void
}

export const KINDS: readonly Kind[] = ['request', 'uploadFile', 'downloadFile', 'socket']
const zero = (): Record<Kind, number> => ({ request: 0, uploadFile: 0, downloadFile: 0, socket: 0 })

export class FakeWx {
  readonly env: { USER_DATA_PATH: string }
  /** Open tasks per kind right now. */
  readonly open: Record<Kind, number> = zero()
  /** The most tasks of each kind open at once; `http` counts request+uploadFile+downloadFile together. */
  readonly maxConcurrent: Record<Kind | 'http', number> = { ...zero(), http: 0 }
  /** Every call, in order. */
  readonly calls: CallRecord[] = []
  /** Every call and event, in order. */
  readonly log: LogEntry[] = []
  /** Files written through getFileSystemManager(). */
  readonly files = new Map<string, string | ArrayBuffer>()
  fileWrites = 0
  /** Make every file write throw (`writeError`, default a storage-limit error). */
  writeFails = false
  writeError: unknown = {
    errMsg: 'writeFileSync:fail the maximum size of the file storage limit is exceeded',
  }
  /** The `code` of every SocketTask.close() call, accepted or not. */
  readonly closeCodes: (number | undefined)[] = []
  readonly clock: Clock
  private script: Script
  private attempts = new Map<string, number>()
  private timers = new Set<unknown>()
  private seq = 0

  constructor(script: ScriptSpec, options: FakeWxOptions = {}) {
    this.script = typeof script === 'function' ? script : tableScript(script)
    this.clock = options.clock ?? globalTimers
    this.env = { USER_DATA_PATH: options.userDataPath ?? 'wxfile://usr' }
  }

  /** Replaces the script for the calls that follow. */
  setScript(script: ScriptSpec): void {
    this.script = typeof script === 'function' ? script : tableScript(script)
  }

  openTasks(): OpenCounts {
    const http = this.open.request + this.open.uploadFile + this.open.downloadFile
    return { ...this.open, http, total: http + this.open.socket }
  }

  get openTotal(): number {
    return this.openTasks().total
  }

  /** Same object as `maxConcurrent` (older name). */
  get maxOpen(): Record<Kind | 'http', number> {
    return this.maxConcurrent
  }

  get maxHttpConcurrent(): number {
    return this.maxConcurrent.http
  }

  /** Calls of one kind (and url). */
  callsOf(kind: Kind, url?: string): CallRecord[] {
    return this.calls.filter((c) => c.kind === kind && (url === undefined || c.url === url))
  }

  /** Log events of one kind (and url), as `event` strings. */
  eventsOf(kind: Kind, url?: string): string[] {
    return this.log.filter((e) => e.kind === kind && (url === undefined || e.url === url)).map((e) => e.event)
  }

  /** Timers of this fake still pending. */
  get pendingTimers(): number {
    return this.timers.size
  }

  /** Stops every pending fake timer (test teardown). */
  dispose(): void {
    this.timers.forEach((t) => this.clock.clearTimeout(t))
    this.timers.clear()
  }

  private later(ms: number | undefined, fn: () => void): () => void {
    const handle: unknown = this.clock.setTimeout(() => {
      this.timers.delete(handle)
      fn()
    }, ms ?? 0)
    this.timers.add(handle)
    return () => {
      if (this.timers.delete(handle)) this.clock.clearTimeout(handle)
    }
  }

  private note(seq: number, kind: Kind, url: string, event: string, detail?: unknown): void {
    this.log.push({ at: this.clock.now(), seq, kind, url, event, detail })
  }

  /** Logs the call, asks the script, throws if told to, and counts the task open. */
  private begin(kind: Kind, options: Record<string, unknown>) {
    const url = String(options.url)
    const key = `${kind}:${url}`
    const attempt = (this.attempts.get(key) ?? 0) + 1
    this.attempts.set(key, attempt)
    const seq = ++this.seq
    this.calls.push({ kind, url, attempt, seq, at: this.clock.now(), options })
    this.note(seq, kind, url, 'call')
    const behaviour = this.script({ kind, url, attempt })
    if (behaviour.kind === 'throw') {
      this.note(seq, kind, url, 'throw', behaviour.message)
      throw behaviour.error ?? new Error(behaviour.message)
    }
    this.open[kind]++
    this.maxConcurrent[kind] = Math.max(this.maxConcurrent[kind], this.open[kind])
    if (kind !== 'socket') this.maxConcurrent.http = Math.max(this.maxConcurrent.http, this.openTasks().http)
    let released = false
    const pending = new Set<() => void>()
    return {
      kind,
      url,
      seq,
      attempt,
      behaviour,
      note: (event: string, detail?: unknown) => this.note(seq, kind, url, event, detail),
      isOpen: () => !released,
      /** Schedules a scripted event, cancellable with cancelPending. */
      schedule: (ms: number | undefined, fn: () => void) => {
        const cancel = this.later(ms, () => {
          pending.delete(cancel)
          fn()
        })
        pending.add(cancel)
      },
      cancelPending: () => {
        pending.forEach((c) => c())
        pending.clear()
      },
      release: (): boolean => {
        if (released) return false
        released = true
        this.open[kind]--
        return true
      },
    }
  }

  private http(kind: HttpKind, options: Record<string, unknown>): FakeHttpTask {
    const t = this.begin(kind, options)
    const b = t.behaviour
    const invoke = (name: 'success' | 'fail' | 'complete', res: unknown) => {
      t.note(name, res)
      ;(options[name] as Callback)?.(res)
    }
    const success = (res: Record<string, unknown> = {}, complete = true) => {
      t.release()
      const full = { errMsg: `${kind}:ok`, statusCode: 200, header: {}, data: '', ...res }
      invoke('success', full)
      if (complete) invoke('complete', full)
    }
    const fail = (err: { errMsg: string; errno?: number }, complete = true) => {
      t.release()
      invoke('fail', err)
      if (complete) invoke('complete', err)
    }
    let aborted = false
    // Scripted callbacks that ignore abort are scheduled outside the task's cancellable set.
    const schedule = (ignoresAbort: boolean | undefined, ms: number | undefined, fn: () => void) =>
      ignoresAbort ? this.later(ms, fn) : t.schedule(ms, fn)
    switch (b.kind) {
      case 'success':
        schedule(b.ignoresAbort, b.delayMs, () =>
          success({ statusCode: b.statusCode ?? 200, profile: b.profile, data: b.data ?? '' }),
        )
        break
      case 'fail':
        schedule(b.ignoresAbort, b.delayMs, () => fail({ errMsg: b.errMsg, errno: b.errno }))
        break
      case 'successThenFail':
        t.schedule(b.delayMs, () => {
          success({ statusCode: b.statusCode ?? 200 }, false)
          fail({ errMsg: b.errMsg ?? `${kind}:fail timeout` })
        })
        break
      case 'failTwice':
        t.schedule(b.delayMs, () => {
          fail({ errMsg: b.errMsg, errno: b.errno }, false)
          fail({ errMsg: b.errMsg, errno: b.errno })
        })
        break
      case 'custom':
        b.run(this.control(t, options, { success, fail }))
        break
      case 'hang':
        break
      default:
        throw new Error(`FakeWx: behaviour '${b.kind}' is for sockets, not ${kind}`)
    }
    const noop = () => undefined
    return {
      abort: () => {
        t.note('abort')
        if (aborted) return
        aborted = true
        t.cancelPending()
        // As on a real client: an abort of a running task makes it fail with "abort", a little later.
        if (t.release()) this.later(0, () => fail({ errMsg: `${kind}:fail abort` }))
      },
      onHeadersReceived: noop,
      offHeadersReceived: noop,
      onProgressUpdate: noop,
      offProgressUpdate: noop,
      onChunkReceived: noop,
      offChunkReceived: noop,
    }
  }

  private control(
    t: ReturnType<FakeWx['begin']>,
    options: Record<string, unknown>,
    hands: Partial<Pick<CallControl, 'success' | 'fail' | 'open' | 'error' | 'close'>>,
  ): CallControl {
    const missing = (name: string) => () => {
      throw new Error(`FakeWx: ${name}() does not apply to this kind of call`)
    }
    return {
      kind: t.kind,
      url: t.url,
      attempt: t.attempt,
      options,
      // Not cancelled by abort/close: a custom script models a client that may fire late.
      later: (ms, fn) => void this.later(ms, fn),
      success: hands.success ?? missing('success'),
      fail: hands.fail ?? missing('fail'),
      open: hands.open ?? missing('open'),
      error: hands.error ?? missing('error'),
      close: hands.close ?? missing('close'),
      get isOpen() {
        return t.isOpen()
      },
    }
  }

  request = (options: WechatMiniprogram.RequestOption): FakeHttpTask =>
    this.http('request', options as unknown as Record<string, unknown>)
  uploadFile = (options: WechatMiniprogram.UploadFileOption): FakeHttpTask =>
    this.http('uploadFile', options as unknown as Record<string, unknown>)
  downloadFile = (options: WechatMiniprogram.DownloadFileOption): FakeHttpTask =>
    this.http('downloadFile', options as unknown as Record<string, unknown>)

  connectSocket = (option: WechatMiniprogram.ConnectSocketOption): FakeSocketTask => {
    const options = option as unknown as Record<string, unknown>
    const t = this.begin('socket', options)
    const b = t.behaviour
    const listeners: Record<'open' | 'error' | 'close' | 'message', Listener[]> = {
      open: [],
      error: [],
      close: [],
      message: [],
    }
    let opened = false
    const emit = (event: 'open' | 'error' | 'close', res: unknown) => {
      const heard = listeners[event].length > 0
      t.note(heard ? event : `unheard:${event}`, res)
      for (const l of [...listeners[event]]) l(res)
    }
    const open = (res: Record<string, unknown> = {}) => {
      opened = true
      emit('open', { header: {}, ...res })
    }
    const error = (err: { errMsg: string; errno?: number }) => emit('error', err)
    const close = (res: { code?: number; reason?: string } = {}) => {
      t.release()
      t.cancelPending()
      emit('close', { code: res.code ?? 1006, reason: res.reason ?? '' })
    }
    const callOption = (name: 'success' | 'fail' | 'complete', res: unknown) => {
      t.note(`connectSocket.${name}`, res)
      ;(options[name] as Callback)?.(res)
    }
    switch (b.kind) {
      case 'open':
        t.schedule(0, () => callOption('success', { errMsg: 'connectSocket:ok' }))
        t.schedule(b.delayMs, () => open({ profile: b.profile }))
        break
      case 'error':
        t.schedule(0, () => callOption('success', { errMsg: 'connectSocket:ok' }))
        t.schedule(b.delayMs, () => {
          error({ errMsg: b.errMsg, errno: b.errno })
          if (b.withClose && t.isOpen()) close({ code: b.closeCode ?? 1006, reason: 'abnormal closure' })
        })
        break
      case 'close':
        t.schedule(0, () => callOption('success', { errMsg: 'connectSocket:ok' }))
        t.schedule(b.delayMs, () => close({ code: b.code ?? 1006, reason: b.reason ?? '' }))
        break
      case 'fail':
        t.schedule(b.delayMs, () => {
          const err = { errMsg: b.errMsg, errno: b.errno }
          callOption('fail', err)
          callOption('complete', err)
        })
        break
      case 'hang':
        break
      case 'custom':
        b.run(this.control(t, options, { open, error, close }))
        break
      default:
        throw new Error(`FakeWx: behaviour '${b.kind}' is for HTTP calls, not sockets`)
    }
    return {
      onOpen: (l) => void listeners.open.push(l as Listener),
      onError: (l) => void listeners.error.push(l as Listener),
      onClose: (l) => void listeners.close.push(l as Listener),
      onMessage: (l) => void listeners.message.push(l as Listener),
      send: (o) => (o.fail as Callback)?.({ errMsg: 'sendSocketMessage:fail fake socket sends nothing' }),
      close: (o = {}) => {
        this.closeCodes.push(o.code)
        t.note('close()', o.code)
        const ok = (res: unknown) => {
          ;(o.success as Callback)?.(res)
          ;(o.complete as Callback)?.(res)
        }
        const no = (res: unknown) => {
          ;(o.fail as Callback)?.(res)
          ;(o.complete as Callback)?.(res)
        }
        if (!t.isOpen()) {
          this.later(0, () => no({ errMsg: 'closeSocket:fail WebSocket is not connected' }))
          return
        }
        if (!opened && b.kind === 'open' && b.closeBeforeOpen === 'ignored') {
          this.later(0, () => no({ errMsg: 'closeSocket:fail WebSocket is not connected' }))
          return
        }
        t.release()
        t.cancelPending()
        this.later(0, () => {
          ok({ errMsg: 'closeSocket:ok' })
          emit('close', { code: o.code ?? 1000, reason: o.reason ?? '' })
        })
      },
    }
  }

  getFileSystemManager = () => ({
    writeFileSync: (filePath: string, data: string | ArrayBuffer, _encoding?: string): void => {
      if (this.writeFails) throw this.writeError
      this.fileWrites++
      this.files.set(filePath, data)
    },
    readFileSync: (filePath: string): string | ArrayBuffer => {
      const data = this.files.get(filePath)
      if (data === undefined) throw { errMsg: `readFileSync:fail no such file or directory ${filePath}` }
      return data
    },
    unlinkSync: (filePath: string): void => {
      if (!this.files.delete(filePath))
        throw { errMsg: `unlinkSync:fail no such file or directory ${filePath}` }
    },
  })
}

function tableScript(table: ScriptTable): Script {
  return ({ kind, url, attempt }) => {
    const entry = table[`${kind}:${url}`] ?? table[url] ?? table['*']
    if (entry === undefined) throw new Error(`FakeWx: no script for ${kind} ${url}`)
    if (!Array.isArray(entry)) return entry
    if (entry.length === 0) throw new Error(`FakeWx: empty script for ${kind} ${url}`)
    return entry[Math.min(attempt, entry.length) - 1]
  }
}

/** `new FakeWx(script, options)`. */
export function createFakeWx(script: ScriptSpec, options: FakeWxOptions = {}): FakeWx {
  return new FakeWx(script, options)
}
