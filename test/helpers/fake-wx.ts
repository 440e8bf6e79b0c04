/**
 * A scriptable fake of the network part of `wx` (request, uploadFile, downloadFile, connectSocket,
 * getFileSystemManager, env, onAppHide/onAppShow), counting every task it hands out. It fits `WxLike`
 * without a cast: `createWxAdapter(createFakeWx(script))`.
 *
 * It behaves as WeChat documents (developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html and
 * the api/network pages), whatever the script says:
 * - Limits: at most 10 request+uploadFile+downloadFile tasks and 5 WebSockets at once (`limits`); the host
 *   app's own sockets (`hostSockets`) count too. A call over the limit fails as older clients do:
 *   `<api>:fail exceed max task count` (HTTP) / `connectSocket:fail createSocketTask:fail exceed max cocurrent
 *   count` (sockets, the wording seen in github.com/netease-im/NIM_Web_Weapp_Demo/issues/9), errno 600007
 *   where the base library has errno (2.24.0+).
 * - Background: `hide()` / `show()` fire the onAppHide/onAppShow listeners. 5 s after hide, HTTP tasks still
 *   running fail `<api>:fail interrupted` (errno 600003) and sockets still connecting are closed (onClose
 *   1006, never opened); from then until `show()` every new call fails "network api interrupted in suspend
 *   state" (framework/ability/network: "小程序进入后台运行后，如果 5s 内网络请求没有结束，会回调错误信息 fail
 *   interrupted；在回到前台之前，网络请求接口调用都会无法调用"). When the app's code hears those interrupted
 *   callbacks is `interruptDelivery`: 'background' (at hide + 5 s, while still hidden), 'onShow' (queued and
 *   delivered right after the onAppShow listeners: 5 s after hide WeChat suspends the JS thread, and "事件和接口
 *   回调会在小程序再次进入「前台」时触发", developers.weixin.qq.com/miniprogram/dev/framework/runtime/
 *   operating-mechanism.html, 1.3 挂起) or 'never' (the tasks end without a callback). `appClock` is a clock for
 *   the app's own code (e.g. the engine): its timers that fall due while suspended run right after onAppShow.
 * - Closing a socket: SocketTask.close() starts the closing handshake; the socket keeps its slot until its
 *   onClose arrives, `closeHandshakeMs` later (default 0: the next tick). WeChat counts open sockets against
 *   its 5 (framework/ability/network), and a socket is closed when onClose says so
 *   (api/network/websocket/SocketTask.onClose.html: "监听 WebSocket 连接关闭事件").
 * - `timeout` (base library 2.10.0+): an HTTP task not finished by then fails `<api>:fail timeout` (errno 5);
 *   a socket not open by then gets onError `connectSocket:fail timeout` and onClose 1006.
 * - Base library (`baseLibrary`, default 3.5.8): errno only from 2.24.0, request `profile` from 2.10.4,
 *   upload/download `profile` from 3.5.0, `timeout` from 2.10.0. `fakeEnvApi(version)` gives the info APIs a
 *   version has (see BASE_LIBRARY_APIS).
 * - Files: uploadFile fails `file not found` when its filePath was never written; a downloadFile that reaches
 *   success leaves a temp file in `tempFiles` (an aborted one does not).
 * - Headers: a `headers` behaviour fires onHeadersReceived({header, statusCode}) before its ending.
 *
 * Open tasks: an HTTP task is open from its creation until success/fail/complete fired or `abort()` was called;
 * a socket is open until its onClose fired (after an accepted `close()`, `closeHandshakeMs` later). A connectSocket `fail` does not
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
  /**
   * HTTP: onHeadersReceived({header, statusCode}) after delayMs, then after `thenMs` more: `success` (default),
   * `fail` with errMsg (the body was reset) or `hang` (the body never ends).
   */
  | {
      kind: 'headers'
      delayMs?: number
      statusCode?: number
      then?: 'success' | 'fail' | 'hang'
      thenMs?: number
      errMsg?: string
    }
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
  /** WeChat's limits: 10 HTTP-like tasks together, 5 sockets. */
  limits?: { http: number; socket: number }
  /** Sockets the host app holds open (e.g. a ZIM SDK in a reconnect loop); they count against the 5. */
  hostSockets?: number
  /** Base library version (SDKVersion). Default 3.5.8. */
  baseLibrary?: string
  /** How long a socket's closing handshake takes: from an accepted close() to its onClose. Default 0. */
  closeHandshakeMs?: number
  /** When the app hears the callbacks of tasks interrupted in the background (see the header). */
  interruptDelivery?: InterruptDelivery
  /**
   * The whitelist is enforced (a phone with debug mode off, DevTools with URL checking on), with this domain
   * list (host names): a call to another host is refused before any network work, the script not asked, with
   * WeChat's "<api>:fail url not in domain list" and errno 600002 (test/fixtures/errmsgs.ts: the wording from
   * DevTools and phones, errno 600002 per developers.weixin.qq.com/miniprogram/dev/framework/usability/
   * PublicErrno.html "url not in domain list"). Absent: not enforced (debug mode, DevTools' "不校验合法域名"):
   * every host goes to the script.
   */
  domains?: readonly string[]
}

/** When interrupted callbacks reach the app: while hidden, right after onAppShow, or never. */
export type InterruptDelivery = 'background' | 'onShow' | 'never'

/** Base library versions from which an API or field exists (from the API pages' 需要基础库 / 最低版本 lines). */
export const BASE_LIBRARY_APIS = {
  /** wx.onAppHide / onAppShow / offAppHide / offAppShow */
  onAppHide: '2.1.2',
  getAccountInfoSync: '2.2.2',
  /** `timeout` option of request/uploadFile/downloadFile/connectSocket */
  timeout: '2.10.0',
  /** RequestTask success `profile` */
  requestProfile: '2.10.4',
  /** getSystemInfoSync().enableDebug */
  systemInfoEnableDebug: '2.15.0',
  shareFileMessage: '2.16.1',
  getAppBaseInfo: '2.20.1',
  getDeviceInfo: '2.20.1',
  /** errno on fail callbacks */
  errno: '2.24.0',
  /** the privacy guide: errno 104 / 112 on privacy APIs such as setClipboardData */
  privacy: '2.32.3',
  /** UploadTask/DownloadTask success `profile` */
  transferProfile: '3.5.0',
} as const

export type BaseLibraryApi = keyof typeof BASE_LIBRARY_APIS

/** Whether `version` has `api`. */
export function hasApi(version: string, api: BaseLibraryApi): boolean {
  return semverGte(version, BASE_LIBRARY_APIS[api])
}

function semverGte(a: string, b: string): boolean {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < 3; i++) {
    const x = pa[i] ?? 0
    const y = pb[i] ?? 0
    if (x !== y) return x > y
  }
  return true
}

/** Milliseconds after `hide()` at which WeChat interrupts running requests (framework/ability/network). */
export const BACKGROUND_INTERRUPT_MS = 5000

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

const hostOfUrl = (url: string): string => url.replace(/^[a-z]+:\/\//i, '').replace(/[/:?#].*$/, '')

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
  /** Temp files left by downloads that reached success. */
  readonly tempFiles = new Set<string>()
  fileWrites = 0
  fileUnlinks = 0
  /** Make every file write throw (`writeError`, default a storage-limit error). */
  writeFails = false
  writeError: unknown = {
    errMsg: 'writeFileSync:fail the maximum size of the file storage limit is exceeded',
  }
  /** The `code` of every SocketTask.close() call, accepted or not. */
  readonly closeCodes: (number | undefined)[] = []
  /** Calls the platform refused for its task limit. */
  refusedForLimit = 0
  readonly clock: Clock
  readonly limits: { http: number; socket: number }
  /** Sockets the host app holds; they count against the socket limit. Can be changed at any time. */
  hostSockets: number
  readonly baseLibrary: string
  readonly closeHandshakeMs: number
  interruptDelivery: InterruptDelivery
  /** After hide(): 'background' for the first 5 s, then 'suspended' until show(). */
  appState: 'foreground' | 'background' | 'suspended' = 'foreground'
  private script: Script
  private attempts = new Map<string, number>()
  private timers = new Set<unknown>()
  private seq = 0
  private live = new Set<{ kind: Kind; interrupt: () => void; drop: () => void }>()
  private appListeners = { hide: new Set<Listener>(), show: new Set<Listener>() }
  private suspendTimer?: () => void
  /** What the suspended JS thread will hear right after onAppShow (interrupted callbacks, app timers). */
  private onShowQueue: (() => void)[] = []
  private appClockCache?: Clock

  /** The enforced domain list (FakeWxOptions.domains), or undefined: not enforced. */
  readonly domains?: readonly string[]

  constructor(script: ScriptSpec, options: FakeWxOptions = {}) {
    this.script = typeof script === 'function' ? script : tableScript(script)
    this.clock = options.clock ?? globalTimers
    this.env = { USER_DATA_PATH: options.userDataPath ?? 'wxfile://usr' }
    this.limits = { http: 10, socket: 5, ...options.limits }
    this.hostSockets = options.hostSockets ?? 0
    this.baseLibrary = options.baseLibrary ?? '3.5.8'
    this.closeHandshakeMs = options.closeHandshakeMs ?? 0
    this.interruptDelivery = options.interruptDelivery ?? 'background'
    this.domains = options.domains
  }

  /**
   * A clock for the app's own code (hand it to the engine): the fake's clock, except that a timer falling due
   * while the app is suspended runs right after onAppShow, as WeChat stops the JS thread 5 s after hide.
   */
  get appClock(): Clock {
    if (this.appClockCache) return this.appClockCache
    const base = this.clock
    this.appClockCache = {
      now: () => base.now(),
      setTimeout: (fn, ms) =>
        base.setTimeout(() => (this.appState === 'suspended' ? this.onShowQueue.push(fn) : fn()), ms),
      clearTimeout: (h) => base.clearTimeout(h),
    }
    return this.appClockCache
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

  has(api: BaseLibraryApi): boolean {
    return hasApi(this.baseLibrary, api)
  }

  // ——— app lifecycle ———

  onAppHide = (listener: Listener): void => void this.appListeners.hide.add(listener)
  offAppHide = (listener: Listener): void => void this.appListeners.hide.delete(listener)
  onAppShow = (listener: Listener): void => void this.appListeners.show.add(listener)
  offAppShow = (listener: Listener): void => void this.appListeners.show.delete(listener)

  /** Listeners attached with onAppHide + onAppShow (a test checks a component removes its own). */
  get appListenerCount(): number {
    return this.appListeners.hide.size + this.appListeners.show.size
  }

  /** The app goes to the background: listeners fire; 5 s later running requests are interrupted. */
  hide(): void {
    if (this.appState !== 'foreground') return
    this.appState = 'background'
    this.log.push({ at: this.clock.now(), seq: 0, kind: 'request', url: '', event: 'app:hide' })
    this.appListeners.hide.forEach((l) => l({}))
    this.suspendTimer = this.later(BACKGROUND_INTERRUPT_MS, () => {
      this.suspendTimer = undefined
      this.appState = 'suspended'
      for (const task of [...this.live]) {
        if (this.interruptDelivery === 'background') {
          task.interrupt()
          continue
        }
        // The platform ends the task now; the app hears of it after onAppShow, or never.
        task.drop()
        if (this.interruptDelivery === 'onShow') this.onShowQueue.push(task.interrupt)
      }
    })
  }

  /** The app comes back to the foreground. */
  show(): void {
    if (this.appState === 'foreground') return
    this.suspendTimer?.()
    this.suspendTimer = undefined
    this.appState = 'foreground'
    this.log.push({ at: this.clock.now(), seq: 0, kind: 'request', url: '', event: 'app:show' })
    this.appListeners.show.forEach((l) => l({ path: '', query: {}, scene: 1001 }))
    // Then what the suspended JS thread missed: interrupted callbacks ('onShow'), the app's own timers.
    const queued = this.onShowQueue
    this.onShowQueue = []
    queued.forEach((fn) => fn())
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

  /** A wx error, with errno only where the base library has errno. */
  private err(errMsg: string, errno?: number): { errMsg: string; errno?: number } {
    return errno !== undefined && this.has('errno') ? { errMsg, errno } : { errMsg }
  }

  /**
   * Why the platform refuses a new call before any network work, or undefined: suspended in the background,
   * or over the task limit.
   */
  private refusal(kind: Kind): { errMsg: string; errno?: number } | undefined {
    if (this.appState === 'suspended') {
      const task = kind === 'socket' ? 'SocketTask' : `${kind[0].toUpperCase()}${kind.slice(1)}Task`
      const api = kind === 'socket' ? 'connectSocket' : kind
      return this.err(
        `${api}:fail create${task}:fail: jsapi has no permission, event=create${task}, runningState=suspend, permissionMsg=permission ok, detail=network api interrupted in suspend state`,
        600003,
      )
    }
    if (kind === 'socket') {
      if (this.open.socket + this.hostSockets >= this.limits.socket)
        return this.err('connectSocket:fail createSocketTask:fail exceed max cocurrent count', 600007)
    } else if (this.openTasks().http >= this.limits.http) {
      return this.err(`${kind}:fail exceed max task count`, 600007)
    }
    return undefined
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
    const listed = !this.domains || this.domains.includes(hostOfUrl(url))
    const behaviour: Behaviour = listed ? this.script({ kind, url, attempt }) : { kind: 'hang' }
    if (behaviour.kind === 'throw') {
      this.note(seq, kind, url, 'throw', behaviour.message)
      throw behaviour.error ?? new Error(behaviour.message)
    }
    const api = kind === 'socket' ? 'connectSocket' : kind
    const refused = listed ? this.refusal(kind) : this.err(`${api}:fail url not in domain list`, 600002)
    if (refused) {
      this.refusedForLimit += /exceed max/.test(refused.errMsg) ? 1 : 0
      this.note(seq, kind, url, 'refused', refused.errMsg)
    } else {
      this.open[kind]++
      this.maxConcurrent[kind] = Math.max(this.maxConcurrent[kind], this.open[kind])
      if (kind !== 'socket')
        this.maxConcurrent.http = Math.max(this.maxConcurrent.http, this.openTasks().http)
    }
    let released = !!refused
    const pending = new Set<() => void>()
    const liveEntry = { kind, interrupt: () => undefined as void, drop: () => undefined as void }
    const fake = this
    return {
      kind,
      url,
      seq,
      attempt,
      behaviour,
      refused,
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
      /** What the background interruption does to this task while it is open. */
      onInterrupt: (fn: () => void) => {
        if (released) return
        liveEntry.interrupt = fn
        liveEntry.drop = () => {
          pending.forEach((c) => c())
          pending.clear()
          if (released) return
          released = true
          fake.open[kind]--
          fake.live.delete(liveEntry)
        }
        fake.live.add(liveEntry)
      },
      release: (): boolean => {
        if (released) return false
        released = true
        this.open[kind]--
        fake.live.delete(liveEntry)
        return true
      },
    }
  }

  private http(kind: HttpKind, options: Record<string, unknown>): FakeHttpTask {
    const t = this.begin(kind, options)
    const b = t.behaviour
    const headerListeners: Listener[] = []
    const invoke = (name: 'success' | 'fail' | 'complete', res: unknown) => {
      t.note(name, res)
      ;(options[name] as Callback)?.(res)
    }
    const profileKey: BaseLibraryApi = kind === 'request' ? 'requestProfile' : 'transferProfile'
    const success = (res: Record<string, unknown> = {}, complete = true) => {
      t.release()
      const full: Record<string, unknown> = {
        errMsg: `${kind}:ok`,
        statusCode: 200,
        header: {},
        data: '',
        ...res,
      }
      if (!this.has(profileKey) || full.profile === undefined) delete full.profile
      if (kind === 'downloadFile') {
        const tempFilePath = `wxfile://tmp_${t.seq}.bin`
        this.tempFiles.add(tempFilePath)
        full.tempFilePath = tempFilePath
        delete full.data
      }
      invoke('success', full)
      if (complete) invoke('complete', full)
    }
    const fail = (err: { errMsg: string; errno?: number }, complete = true) => {
      t.release()
      const e = this.err(err.errMsg, err.errno)
      invoke('fail', e)
      if (complete) invoke('complete', e)
    }
    const headers = (statusCode: number) => {
      const res = { header: { 'content-type': 'text/html' }, statusCode, cookies: [] }
      t.note(headerListeners.length > 0 ? 'headers' : 'unheard:headers', res)
      for (const l of [...headerListeners]) l(res)
    }
    let aborted = false
    const noop = () => undefined
    const task: FakeHttpTask = {
      abort: () => {
        t.note('abort')
        if (aborted) return
        aborted = true
        t.cancelPending()
        // As on a real client: an abort of a running task makes it fail with "abort", a little later.
        if (t.release()) this.later(0, () => fail({ errMsg: `${kind}:fail abort` }))
      },
      onHeadersReceived: (l?: unknown) =>
        void (typeof l === 'function' && headerListeners.push(l as Listener)),
      offHeadersReceived: noop,
      onProgressUpdate: noop,
      offProgressUpdate: noop,
      onChunkReceived: noop,
      offChunkReceived: noop,
    }
    if (t.refused) {
      const err = t.refused
      this.later(0, () => {
        invoke('fail', err)
        invoke('complete', err)
      })
      return task
    }
    if (kind === 'uploadFile' && b.kind !== 'custom') {
      const filePath = String(options.filePath)
      if (!this.files.has(filePath)) {
        t.schedule(0, () => fail({ errMsg: `uploadFile:fail file not found: ${filePath}` }))
        return task
      }
    }
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
      case 'headers':
        t.schedule(b.delayMs, () => {
          headers(b.statusCode ?? 200)
          const then = b.then ?? 'success'
          if (then === 'hang') return
          t.schedule(b.thenMs ?? 0, () =>
            then === 'success'
              ? success({ statusCode: b.statusCode ?? 200 })
              : fail({ errMsg: b.errMsg ?? `${kind}:fail net::ERR_CONNECTION_RESET` }),
          )
        })
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
    // The documented `timeout` (2.10.0+): a task still running then fails with "timeout", errno 5.
    const timeout = options.timeout
    if (typeof timeout === 'number' && timeout > 0 && this.has('timeout'))
      t.schedule(timeout, () => {
        if (!t.isOpen()) return
        t.cancelPending()
        fail({ errMsg: `${kind}:fail timeout`, errno: 5 })
      })
    t.onInterrupt(() => {
      t.cancelPending()
      fail({ errMsg: `${kind}:fail interrupted`, errno: 600003 })
    })
    return task
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
    /** close() was accepted: the closing handshake runs, the socket keeps its slot until onClose. */
    let closing = false
    const emit = (event: 'open' | 'error' | 'close', res: unknown) => {
      const heard = listeners[event].length > 0
      t.note(heard ? event : `unheard:${event}`, res)
      for (const l of [...listeners[event]]) l(res)
    }
    const open = (res: Record<string, unknown> = {}) => {
      opened = true
      emit('open', { header: {}, ...res })
    }
    const error = (err: { errMsg: string; errno?: number }) => emit('error', this.err(err.errMsg, err.errno))
    const close = (res: { code?: number; reason?: string } = {}) => {
      t.release()
      t.cancelPending()
      emit('close', { code: res.code ?? 1006, reason: res.reason ?? '' })
    }
    const callOption = (name: 'success' | 'fail' | 'complete', res: unknown) => {
      t.note(`connectSocket.${name}`, res)
      ;(options[name] as Callback)?.(res)
    }
    if (t.refused) {
      const err = t.refused
      this.later(0, () => {
        callOption('fail', err)
        callOption('complete', err)
      })
    } else {
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
            const err = this.err(b.errMsg, b.errno)
            callOption('fail', err)
            callOption('complete', err)
          })
          break
        case 'hang':
          t.schedule(0, () => callOption('success', { errMsg: 'connectSocket:ok' }))
          break
        case 'custom':
          b.run(this.control(t, options, { open, error, close }))
          break
        default:
          throw new Error(`FakeWx: behaviour '${b.kind}' is for HTTP calls, not sockets`)
      }
      const timeout = options.timeout
      if (typeof timeout === 'number' && timeout > 0 && this.has('timeout') && b.kind !== 'custom')
        t.schedule(timeout, () => {
          if (opened || !t.isOpen()) return
          error({ errMsg: 'connectSocket:fail timeout', errno: 5 })
          close({ code: 1006, reason: '' })
        })
      // In the background a socket that is still connecting is dropped: closed without ever opening.
      t.onInterrupt(() => {
        if (!opened && !closing) close({ code: 1006, reason: '' })
      })
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
        if (!t.isOpen() || closing) {
          this.later(0, () => no({ errMsg: 'closeSocket:fail WebSocket is not connected' }))
          return
        }
        if (!opened && b.kind === 'open' && b.closeBeforeOpen === 'ignored') {
          this.later(0, () => no({ errMsg: 'closeSocket:fail WebSocket is not connected' }))
          return
        }
        closing = true
        t.cancelPending()
        this.later(0, () => ok({ errMsg: 'closeSocket:ok' }))
        // The slot is the platform's until the handshake ends and onClose fires.
        t.schedule(this.closeHandshakeMs, () => {
          t.release()
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
      if (!this.files.delete(filePath) && !this.tempFiles.delete(filePath))
        throw { errMsg: `unlinkSync:fail no such file or directory ${filePath}` }
      this.fileUnlinks++
    },
  })
}

export interface FakeEnvOptions {
  platform?: string
  enableDebug?: boolean
  appId?: string
  envVersion?: 'develop' | 'trial' | 'release'
  language?: string
}

/**
 * The info APIs of `wx` as a given base library has them: getSystemInfoSync always (with enableDebug from
 * 2.15.0), getAppBaseInfo/getDeviceInfo from 2.20.1, getAccountInfoSync from 2.2.2. No half-present APIs.
 */
export function fakeEnvApi(version: string, o: FakeEnvOptions = {}): Record<string, unknown> {
  const platform = o.platform ?? 'ios'
  const device = { platform, brand: 'iPhone', model: 'iPhone 15', system: 'iOS 17.2' }
  const base = { SDKVersion: version, version: '8.0.50', language: o.language ?? 'zh_CN' }
  const api: Record<string, unknown> = {
    getSystemInfoSync: () => ({
      ...device,
      ...base,
      ...(hasApi(version, 'systemInfoEnableDebug') ? { enableDebug: o.enableDebug ?? false } : {}),
    }),
    getNetworkType: (opts: { success: (r: unknown) => void }) =>
      opts.success({ networkType: 'wifi', hasSystemProxy: false }),
  }
  if (hasApi(version, 'getAppBaseInfo'))
    api.getAppBaseInfo = () => ({ ...base, enableDebug: o.enableDebug ?? false })
  if (hasApi(version, 'getDeviceInfo')) api.getDeviceInfo = () => ({ ...device })
  if (hasApi(version, 'getAccountInfoSync'))
    api.getAccountInfoSync = () => ({
      miniProgram: {
        appId: o.appId ?? 'wx0123456789abcdef',
        envVersion: o.envVersion ?? 'release',
        version: '1.0.0',
      },
    })
  return api
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
