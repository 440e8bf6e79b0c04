/**
 * A scriptable fake of the network part of Alipay `my`, Douyin `tt` and Baidu `swan` (the QQ contract runs
 * over fake-wx: QQ takes wx's shapes). One engine, three dialects: each answers and fails in its platform's
 * documented shapes.
 * - my: written from Alipay's own pages (AlipayDocs/open-docs, paths in MY_DOCS and beside each rule below),
 *   not from our adapter. Success: request `{status, headers, data}` (`legacyStatus: true` gives the
 *   typings' `{statusCode, header}` instead); uploadFile `{statusCode, header, data}`; downloadFile
 *   `{apFilePath, tempFilePath}` with NO status. Every failure is `{error, errorMessage}` with a code the
 *   API's own table lists (MY_DOCS; a code it does not list throws in the test); a fail may carry what the
 *   docs show failures carrying (`status`, `headers`, `data`). request / uploadFile / downloadFile return a
 *   Promise that is also the task (`abort`): it resolves with the success object and REJECTS with the fail
 *   object, whether or not callbacks were given (`promises: false` turns this off). connectSocket calls its
 *   own `success` / `fail` (codes of its page); SocketTask.onError carries onSocketError's codes. Timeouts
 *   and limits as documented (TIMEOUT, limits below).
 * - tt: wx shapes; failures `{errMsg, errNo}` (@douyin-microapp/typings) plus `errorCode` when scripted. Its
 *   documented rules are in TT_RULES below, each with its source.
 * - swan: wx shapes; failures `{errMsg, errCode}`. Its documented rules are in SWAN_RULES below.
 * - xhs: wx shapes; failures `{errMsg, errCode}` (miniapp.xiaohongshu.com/doc/DC883145). Its rules, most of
 *   them unverified, are in XHS_RULES below.
 * Limits: `limits.http` HTTP-like tasks and `limits.socket` sockets at once (defaults from PLATFORM_LIMITS);
 * a call over the limit fails. `timeout` is honoured where the platform takes one. Open tasks are counted
 * from creation until success/fail fired or the caller's abort()/close(); `open` must be 0 after a run.
 */
import type { Clock } from '../../miniprogram/core/clock'

export type Dialect = 'my' | 'tt' | 'swan' | 'xhs'
export type MiniKind = 'request' | 'uploadFile' | 'downloadFile' | 'socket'

export type MiniBehaviour =
  /** HTTP success with this status and body (my.downloadFile: no status whatever is scripted). */
  | { kind: 'success'; delayMs?: number; status?: number; ignoresAbort?: boolean; data?: string }
  /**
   * A failure in the dialect's shape: `code` goes to error / errNo / errCode; `errorCode` (tt) as given. my:
   * `msg` defaults to the documented errorMessage of `code`; `carries` adds what the failure object holds
   * besides (my.request 常见问题 shows a 14 carrying `status`, `headers` and `data`).
   */
  | {
      kind: 'fail'
      delayMs?: number
      code?: number
      errorCode?: number
      msg?: string
      carries?: { status?: number; headers?: Record<string, string>; data?: unknown }
    }
  /** Nothing fires (a `timeout` the platform honours still ends it). */
  | { kind: 'hang' }
  /** A misbehaving client: success, success again, then fail. */
  | { kind: 'double'; delayMs?: number; status?: number }
  /** Socket: onOpen after delayMs. */
  | { kind: 'open'; delayMs?: number }
  /** Socket: onError (then onClose 1006). my: `code` must be one of onSocketError's. */
  | { kind: 'socketError'; delayMs?: number; code?: number; msg?: string }
  /** Socket, my only: my.connectSocket's own `fail` callback with one of its page's codes; no SocketTask event. */
  | { kind: 'connectFail'; delayMs?: number; code: number; msg?: string }

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
  /** Platform default timeouts for request (ms). tt / swan: their documented defaults when not given; my: the
   * documented defaults (MY_TIMEOUT). */
  defaultTimeoutMs?: number
  /** tt / swan: the base library (tt default 3.0.0, swan default 3.200.0): older ones lack what TT_RULES /
   * SWAN_RULES say. */
  baseLibrary?: string
  /** The configured domain list (host names): the whitelist is enforced (a release build). When given, a call to
   * another host fails the way the platform says "not in the list" (tt: TT_RULES.notInList; swan:
   * SWAN_RULES.notInList; my: MY_NOT_IN_LIST). Absent: not enforced (the IDE's "skip domain check"): every host
   * goes to the script. */
  domains?: readonly string[]
  /** tt / swan: tasks the host app already holds; they count against the limits (can change later). */
  hostSockets?: number
  hostHttp?: number
  /** swan: the OS, for its per-OS codes (default ios). */
  os?: 'ios' | 'android'
  /** my only: `false` = the HTTP calls return the task alone, no Promise (default: a Promise, as documented). */
  promises?: boolean
}

type MyApi = 'request' | 'uploadFile' | 'downloadFile' | 'connectSocket' | 'socketError'

/**
 * Alipay's documented failure codes per API, with their documented errorMessage (AlipayDocs/open-docs paths;
 * opendocs.alipay.com pages where the docs name them). A scripted `my` failure must use one of its API's codes.
 */
export const MY_DOCS: Record<MyApi, Record<number, string>> = {
  // support/支付宝小程序/常见问题/常见API错误码大全.md, the my.request rows (the table of my.request,
  // https://opendocs.alipay.com/mini/api/owycmh, whose own page is not in open-docs); 19, 14, 12, N22106 also in
  // mini/api/基础API/网络/my.request 常见问题.md. 20 has two documented meanings (stopped / rate-limited, and
  // "请求 URL 不支持 HTTP" in support/…/my.downloadFile报error:20…md, which names my.request too).
  request: {
    1: '请求没有结束，就跳转到了另一个页面。',
    2: '参数错误。',
    4: '无权调用该接口。',
    11: '无权调用该接口。',
    12: '网络出错。',
    13: '超时。',
    14: 'JSON parse data error',
    15: '传参失败。',
    19: 'HTTP 错误。',
    20: '请求已被停止/服务端限流',
    23: '代理请求失败。',
  },
  // mini/api/基础API/网络/my.uploadFile.md 错误码 (https://opendocs.alipay.com/mini/api/kmq4hc): 4 not whitelisted,
  // 9 abort, 11 file missing / invalid parameter, 12 upload failed (request failed or upload timed out), 20 HTTP;
  // 13 "没有权限" (URL not whitelisted) from 常见API错误码大全.md and support/…/my.uploadFile报错_ error:13（没有权限）.md.
  uploadFile: {
    4: '未配置域名白名单，无权访问域名',
    9: 'uploadFile:fail abort',
    11: '文件不存在',
    12: '上传文件失败',
    13: '没有权限',
    20: '请求 URL 不支持 HTTP，请使用 HTTPS',
  },
  // mini/api/基础API/网络/my.downloadFile.md 错误码 (https://opendocs.alipay.com/mini/api/xr054r).
  downloadFile: { 2: '参数无效。', 12: '下载失败。', 20: '不支持下载 HTTP 资源。' },
  // mini/api/基础API/网络/my.connectSocket.md 错误码 (https://opendocs.alipay.com/mini/api/vx19c3): its `fail`.
  connectSocket: {
    1: '未知错误。',
    2: '接口参数无效。',
    3: 'URL 参数为空。',
    4: '无法识别的 URL 格式。',
    5: 'URL 必须以 ws 或者 wss 开头。',
    6: '连接服务器超时。',
    12: '无法申请更多内存来读取网络数据。',
    20: '请求url不支持ws，请使用wss',
  },
  // mini/api/基础API/网络/my.onSocketError.md 错误码 (SocketTask.onError takes its parameters: my.connectSocket.md).
  // 50's fix is "请检查网络连接", 65's "请检查域名是否合法".
  socketError: {
    1: 'Error Unknown.',
    8: 'Invalid Sec-WebSocket-Accept response.',
    50: 'unknown error',
    65: 'unknown error',
  },
}

/**
 * my's default timeouts: request 30000 ms, uploadFile and downloadFile 60000 ms (mini/api/基础API/网络/网络 API
 * 使用须知.md, 网络请求; my.uploadFile.md and my.downloadFile.md, `timeout`).
 */
export const MY_TIMEOUT: Record<Exclude<MiniKind, 'socket'>, number> = {
  request: 30_000,
  uploadFile: 60_000,
  downloadFile: 60_000,
}

/** The documented failure of a my call that timed out (request 13; uploadFile 12 includes 上传超时). */
const MY_TIMEOUT_FAIL: Record<Exclude<MiniKind, 'socket'>, number> = {
  request: 13,
  uploadFile: 12,
  // Not documented: my.downloadFile.md takes a timeout but names no code for it; its one failure code 12.
  downloadFile: 12,
}

function myFail(api: MyApi, code: number | undefined, msg?: string): Record<string, unknown> {
  if (code === undefined) return { errorMessage: msg ?? '' }
  const documented = MY_DOCS[api][code]
  if (documented === undefined)
    throw new Error(`fake my: error ${code} is not documented for ${api} (MY_DOCS lists its codes)`)
  return { error: code, errorMessage: msg ?? documented }
}

const semverGte = (a: string, b: string): boolean => {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0)
  return true
}

const hostOf = (url: string): string => url.replace(/^[a-z]+:\/\//i, '').replace(/[/:?#].*$/, '')

/**
 * Douyin (`tt`), as its pages say. Each rule names its source; "unverified" marks what no page says and the
 * fake assumes.
 */
export const TT_RULES = {
  /** tt.request `timeout` (max 60000 ms) from base library 2.31.0 ("网络请求超时最大时长为 60s"):
   * developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/network/http/tt-request */
  requestTimeoutFrom: '2.31.0',
  /** tt.downloadFile `timeout` from 2.42.0: …/mini-app/develop/api/network/http/tt-download-file */
  downloadTimeoutFrom: '2.42.0',
  /** Without a `timeout` the app's networkTimeout applies; its default is not stated (60 s as WeChat: unverified).
   * tt.uploadFile and tt.connectSocket (mini-app) list no `timeout`: only that default bounds an upload, and a
   * connecting socket is left to the caller. */
  defaultTimeoutMs: 60_000,
  /** The wording of a timeout is not documented (wx's "timeout": unverified). */
  timeoutMsg: (api: string) => `${api}:fail timeout`,
  /** "url not in domain list, url == %s", code INVALID_DOMAIN: ByteDance's runtime (decompiled NetWorkModule,
   * public), and "connectSocket:fail url not in domain list, url == wss://…" logged by the Douyin IDE (a public
   * repository's spike notes). errNo's number is not known: none. */
  notInList: (api: string, url: string) => `${api}:fail url not in domain list, url == ${url}`,
  /** "最多可以同时存在 5 个 WebSocket 连接" (tt-connect-socket); HTTP concurrency is not documented (WeChat's 10
   * assumed), nor the wording over a limit (WeChat's: unverified). */
  sockets: 5,
  /** "请通过此 api 的回调判断 api 调用成功后,再调用返回实例上的方法,否则可能会导致执行失败" (tt-connect-socket): a
   * SocketTask.close() before connectSocket's success/fail does nothing here (the socket stays). */
  methodsBeforeCallbackFail: true,
  /** "退后台5s后websocket会自动断连" (…/developer/tools/cloud/function-service/websocket-guide/ws, the cloud
   * socket; taken for tt.connectSocket too: unverified); HTTP tasks fail "app in background" then (design-notes
   * wording: unverified). */
  backgroundMs: 5000,
  backgroundMsg: (api: string) => `${api}:fail app in background`,
} as const

/**
 * Baidu (`swan`), as smartprogram.baidu.com says (source: github.com/swan-team/swan-docs,
 * program-docs/docs/develop/api/net/*.md; net_rule as re-published 2021, bookstack.cn/read/smartprogram-20210306).
 */
export const SWAN_RULES = {
  /** "request 默认超时时间是 10s，最大超时时间是 60s；uploadFile、downloadFile、socket 默认超时时间和最大超时时间都是
   * 60s；超时时间可以在 app.json 中配置" — no API's parameter table has `timeout`: a per-call one is ignored. */
  requestTimeoutMs: 10_000,
  otherTimeoutMs: 60_000,
  /** A timeout's wording and code are not documented (wx's "timeout" and Android's generic 1001: unverified). */
  timeout: (api: string) => ({ errMsg: `${api}:fail timeout`, errCode: 1001 }),
  /** "request 最大并发数在 iOS 端为 6；Android 端同一域名下最大并发数为 5，且…同一个小程序最大并发数上限为 64": no
   * failure is documented for more; these are the HTTP stacks' per-host queue limits (NSURLSession 6, OkHttp
   * 5 / 64), so a request over them waits for a slot (inferred). */
  requestsPerHost: { ios: 6, android: 5 },
  requestsPerApp: 64,
  /** "websocket 最大并发数 5"; connectSocket iOS: errorCode 1 "超过设置的最大task数量" (websocket.md). Android
   * documents no code for it (1001 "执行失败" assumed). */
  sockets: 5,
  socketOverLimit: (os: 'ios' | 'android') =>
    os === 'ios'
      ? { errMsg: 'connectSocket:fail 超过设置的最大task数量', errorCode: 1 }
      : { errMsg: 'connectSocket:fail 执行失败', errCode: 1001 },
  /** "基础库 1.9.4 之前，一个智能小程序同时只能有一个 WebSocket 连接，如果当前已存在一个 WebSocket 连接，会自动关闭
   * 该连接" (websocket.md, Bug & Tip). */
  multipleSocketsFrom: '1.9.4',
  /** Not-whitelisted: no wording or code is documented. Android's generic 1001 "执行失败" is assumed. */
  notInList: (api: string) => ({ errMsg: `${api}:fail 执行失败`, errCode: 1001 }),
} as const

/**
 * my, a host outside the list: my.request's and my.uploadFile's documented 4 (常见API错误码大全.md: "无权调用该接口";
 * my.uploadFile.md: "未配置域名白名单，无权访问域名"), and for a socket onSocketError 65, whose documented fix is
 * "请检查域名是否合法" (my.onSocketError.md). my.downloadFile documents no such code: it goes to the script.
 */
export const MY_NOT_IN_LIST: Partial<Record<MiniKind, MiniBehaviour>> = {
  request: { kind: 'fail', code: 4 },
  uploadFile: { kind: 'fail', code: 4 },
  socket: { kind: 'socketError', code: 65 },
}

/**
 * Xiaohongshu (`xhs`), as miniapp.xiaohongshu.com/doc says, and what it does not say (assumed, marked).
 */
export const XHS_RULES = {
  /** xhs.request takes `timeout` in ms (DC828470); xhs.uploadFile too (public taro-plugin-platform-xhs
   * src/xhsConfig/api.json). downloadFile's parameters were not read: unverified, taken as honoured. */
  timeoutApis: ['request', 'uploadFile', 'downloadFile'] as readonly string[],
  /** No default or maximum is stated: WeChat's 60 s (unverified). */
  defaultTimeoutMs: 60_000,
  /** A timeout's wording is not documented (wx's "timeout": unverified); `errCode` is "仅部分 API 支持" (DC883145):
   * none is given here. */
  timeout: (api: string) => ({ errMsg: `${api}:fail timeout` }),
  /** Not-whitelisted: no wording or code is documented; wx's "url not in domain list" is assumed (its runtime
   * takes wx's shapes everywhere else read). */
  notInList: (api: string, url: string) => ({ errMsg: `${api}:fail url not in domain list, url == ${url}` }),
} as const

type Cb = ((res: unknown) => void) | undefined

interface SocketState {
  id: number
  open: boolean
  closed: boolean
  listeners: Record<'open' | 'error' | 'close', ((res: never) => void)[]>
}

const TIMEOUT_SHAPE: Record<'tt' | 'swan' | 'xhs', (kind: string) => Record<string, unknown>> = {
  tt: (kind) => ({ errMsg: TT_RULES.timeoutMsg(kind) }),
  swan: (kind) => SWAN_RULES.timeout(kind),
  xhs: (kind) => XHS_RULES.timeout(kind),
}

export class FakeMini {
  readonly calls: MiniCall[] = []
  readonly env = { USER_DATA_PATH: 'fake://usr' }
  /** Files written and not yet unlinked. */
  readonly files = new Set<string>()
  /** Sockets closed by single-socket mode (my without multiple: true). */
  closedBySingleMode = 0
  /** my: Promises returned by an HTTP call that rejected while no handler (then/catch) was attached to them. */
  rejectedUnhandled = 0
  private openHttp = 0
  private sockets: SocketState[] = []
  private seq = 0
  readonly limits: { http: number; socket: number }
  private readonly script: (call: MiniCall) => MiniBehaviour

  constructor(
    readonly dialect: Dialect,
    script: (call: MiniCall) => MiniBehaviour,
    private readonly o: FakeMiniOptions,
  ) {
    const list = o.domains
    this.script =
      dialect === 'my' && list
        ? (call) => (list.includes(hostOf(call.url)) ? undefined : MY_NOT_IN_LIST[call.kind]) ?? script(call)
        : script
    this.limits = o.limits ?? { http: dialect === 'swan' ? SWAN_RULES.requestsPerApp : 10, socket: 5 }
    this.hostSockets = o.hostSockets ?? 0
    this.hostHttp = o.hostHttp ?? 0
    this.baseLibrary = o.baseLibrary ?? (dialect === 'swan' ? '3.200.0' : '3.0.0')
  }

  get open(): number {
    return this.openHttp + this.sockets.filter((s) => !s.closed).length + this.queuedCount()
  }

  // ——— tt / swan rules (TT_RULES, SWAN_RULES); the `my` dialect does not use them ———

  /** Sockets / HTTP tasks the host app holds (tt / swan): they count against the limits. */
  hostSockets: number
  hostHttp: number
  readonly baseLibrary: string
  /** The most sockets and HTTP tasks open at once, the host's included (tt / swan). */
  readonly maxOpen = { http: 0, socket: 0 }
  /** tt: after hide(), 'background' until the interruption, then 'suspended' until show(). */
  appState: 'foreground' | 'background' | 'suspended' = 'foreground'
  private waiting = new Map<string, (() => void)[]>()
  private runningPerHost = new Map<string, number>()
  private live = new Set<() => void>()
  private appListeners = { hide: new Set<(r: unknown) => void>(), show: new Set<(r: unknown) => void>() }
  private suspendTimer?: unknown

  /** Sockets open now (not the host's counted-only ones). */
  get openSockets(): number {
    return this.sockets.filter((x) => !x.closed).length
  }

  private queuedCount(): number {
    let n = 0
    this.waiting.forEach((q) => (n += q.length))
    return n
  }

  private liveSockets(): number {
    return this.sockets.filter((x) => !x.closed).length + (this.dialect === 'my' ? 0 : this.hostSockets)
  }

  private noteMax(): void {
    this.maxOpen.http = Math.max(this.maxOpen.http, this.openHttp + this.hostHttp)
    this.maxOpen.socket = Math.max(this.maxOpen.socket, this.liveSockets())
  }

  /** tt / swan: a refusal before any network work (background, list), or undefined. */
  private refusal(kind: MiniKind, url: string): Record<string, unknown> | undefined {
    const api = kind === 'socket' ? 'connectSocket' : kind
    if (this.dialect === 'tt' && this.appState === 'suspended') return { errMsg: TT_RULES.backgroundMsg(api) }
    const list = this.o.domains
    if (!list || list.includes(hostOf(url))) return undefined
    if (this.dialect === 'xhs') return XHS_RULES.notInList(api, url)
    return this.dialect === 'tt' ? { errMsg: TT_RULES.notInList(api, url) } : SWAN_RULES.notInList(api)
  }

  /** The platform's own timeout of an HTTP task (tt / swan), per TT_RULES / SWAN_RULES. */
  private platformTimeout(kind: Exclude<MiniKind, 'socket'>, options: Record<string, unknown>): number {
    const asked = typeof options.timeout === 'number' ? options.timeout : undefined
    if (this.dialect === 'xhs')
      return asked !== undefined && XHS_RULES.timeoutApis.includes(kind)
        ? asked
        : (this.o.defaultTimeoutMs ?? XHS_RULES.defaultTimeoutMs)
    if (this.dialect === 'swan')
      return kind === 'request'
        ? (this.o.defaultTimeoutMs ?? SWAN_RULES.requestTimeoutMs)
        : SWAN_RULES.otherTimeoutMs
    const from =
      kind === 'request'
        ? TT_RULES.requestTimeoutFrom
        : kind === 'downloadFile'
          ? TT_RULES.downloadTimeoutFrom
          : undefined
    const fallback = this.o.defaultTimeoutMs ?? TT_RULES.defaultTimeoutMs
    return asked !== undefined && from && semverGte(this.baseLibrary, from)
      ? Math.min(asked, 60_000)
      : fallback
  }

  /** The app goes to the background (tt: TT_RULES.backgroundMs later, running tasks fail; swan: nothing documented). */
  hide(): void {
    if (this.appState !== 'foreground') return
    this.appState = 'background'
    this.appListeners.hide.forEach((l) => l({}))
    if (this.dialect !== 'tt') return
    this.suspendTimer = this.o.clock.setTimeout(() => {
      this.appState = 'suspended'
      for (const interrupt of [...this.live]) interrupt()
    }, TT_RULES.backgroundMs)
  }

  show(): void {
    if (this.appState === 'foreground') return
    this.o.clock.clearTimeout(this.suspendTimer)
    this.appState = 'foreground'
    this.appListeners.show.forEach((l) => l({}))
  }

  onAppHide = (l: (r: unknown) => void): void => void this.appListeners.hide.add(l)
  onAppShow = (l: (r: unknown) => void): void => void this.appListeners.show.add(l)

  private failShape(
    kind: MiniKind,
    code: number | undefined,
    msg: string | undefined,
    errorCode?: number,
  ): Record<string, unknown> {
    if (this.dialect === 'my') return myFail(kind === 'socket' ? 'socketError' : kind, code, msg)
    const out: Record<string, unknown> = { errMsg: `${kind}:fail ${msg ?? ''}` }
    if (code !== undefined) out[this.dialect === 'tt' ? 'errNo' : 'errCode'] = code
    if (errorCode !== undefined) out.errorCode = errorCode
    return out
  }

  private successShape(kind: MiniKind, status = 200, data = ''): Record<string, unknown> {
    if (this.dialect === 'my') {
      if (kind === 'downloadFile')
        return { apFilePath: 'https://resource/apml1.txt', tempFilePath: 'https://resource/apml1.txt' }
      if (kind === 'request')
        return this.o.legacyStatus ? { statusCode: status, header: {}, data } : { status, headers: {}, data }
      return { statusCode: status, header: {}, data }
    }
    return kind === 'downloadFile'
      ? { statusCode: status, tempFilePath: 'ttfile://temp/1' }
      : { statusCode: status, header: {}, data }
  }

  /**
   * my's return value: a Promise that is also the task (@mini-types/my 3.0.14: request returns
   * `Promise<…> & RequestTask`, uploadFile `Promise<…> & UploadTask`, downloadFile a Promise; my.request 常见问题:
   * "my.request 支持 Promise 风格调用"). It settles with the callbacks, whether or not they were given.
   */
  private myReturn(abort: () => void) {
    let resolve!: (v: unknown) => void
    let reject!: (e: unknown) => void
    const promise = new Promise((res, rej) => {
      resolve = res
      reject = rej
    })
    let handled = false
    const then = promise.then.bind(promise)
    Object.assign(promise, {
      then: (a?: (v: unknown) => unknown, b?: (e: unknown) => unknown) => {
        handled = true
        return then(a, b)
      },
      catch: (b?: (e: unknown) => unknown) => {
        handled = true
        return then(undefined, b)
      },
      abort,
    })
    return {
      task: promise as Promise<unknown> & { abort: () => void },
      resolve,
      reject: (e: unknown) => {
        if (!handled) this.rejectedUnhandled++
        reject(e)
      },
    }
  }

  private http(kind: Exclude<MiniKind, 'socket'>, options: Record<string, unknown>) {
    if (this.dialect !== 'my') return this.ttSwanHttp(kind, options)
    return this.httpTask(kind, options)
  }

  /** tt / swan: refusals, then swan's per-host request queue, then the task itself. */
  private ttSwanHttp(kind: Exclude<MiniKind, 'socket'>, options: Record<string, unknown>) {
    const url = String(options.url)
    const refused = this.refusal(kind, url)
    if (refused) {
      this.calls.push({ kind, url, options })
      this.o.clock.setTimeout(() => (options.fail as Cb)?.(refused), 0)
      return { abort: () => undefined }
    }
    if (this.dialect !== 'swan' || kind !== 'request') return this.httpTask(kind, options)
    const host = hostOf(url)
    const perHost = SWAN_RULES.requestsPerHost[this.o.os ?? 'ios']
    let task: { abort(): void } | undefined
    let cancelled = false
    const begin = () => {
      this.runningPerHost.set(host, (this.runningPerHost.get(host) ?? 0) + 1)
      let ended = false
      const release = () => {
        if (ended) return
        ended = true
        this.runningPerHost.set(host, (this.runningPerHost.get(host) ?? 1) - 1)
        const next = this.waiting.get(host)?.shift()
        if (next) next()
      }
      const wrap = (cb: Cb) => (res: unknown) => {
        release()
        cb?.(res)
      }
      task = this.httpTask(kind, {
        ...options,
        success: wrap(options.success as Cb),
        fail: wrap(options.fail as Cb),
      })
      const inner = task
      task = {
        abort: () => {
          inner.abort()
          release()
        },
      }
    }
    if ((this.runningPerHost.get(host) ?? 0) < perHost) begin()
    else {
      const q = this.waiting.get(host) ?? []
      const start = () => !cancelled && begin()
      q.push(start)
      this.waiting.set(host, q)
      return {
        abort: () => {
          cancelled = true
          if (task) return task.abort()
          const i = q.indexOf(start)
          if (i >= 0) q.splice(i, 1)
        },
      }
    }
    return { abort: () => task?.abort() }
  }

  private httpTask(kind: Exclude<MiniKind, 'socket'>, options: Record<string, unknown>) {
    this.calls.push({ kind, url: String(options.url), options })
    const success = options.success as Cb
    const fail = options.fail as Cb
    const my = this.dialect === 'my'
    let aborted = false
    let ended = false
    const end = () => {
      if (ended) return false
      ended = true
      this.openHttp--
      this.live.delete(interrupt)
      return true
    }
    const interrupt = () => !ended && fire(fail, { errMsg: TT_RULES.backgroundMsg(kind) }, false)
    const abort = () => {
      if (aborted) return
      aborted = true
      if (end() && my) {
        // my: an aborted task fails with 9 ("uploadFile:fail abort", my.uploadFile.md; the same code is assumed
        // for request and download, whose tables do not list it); the caller has silenced it.
        const f = { error: 9, errorMessage: `${kind}:fail abort` }
        this.o.clock.setTimeout(() => {
          fail?.(f)
          ret?.reject(f)
        }, 0)
      }
    }
    const ret = my && this.o.promises !== false ? this.myReturn(abort) : undefined
    const task = ret ? ret.task : { abort }
    const failSoon = (f: Record<string, unknown>) =>
      this.o.clock.setTimeout(() => {
        fail?.(f)
        ret?.reject(f)
      }, 0)
    // my.request: "my.request 同时发起的请求数量没有限制" (my.request 常见问题.md); uploads and downloads have no
    // documented limit: `limits.http` is kept for them (and for tt / swan). my's failure past it is not
    // documented: modelled as the API's generic 12.
    const limited = !(my && kind === 'request')
    if (limited && this.openHttp + (this.dialect === 'tt' ? this.hostHttp : 0) >= this.limits.http) {
      ended = true
      failSoon(my ? myFail(kind, 12) : this.failShape(kind, undefined, 'exceed max task count'))
      return task
    }
    if (kind === 'uploadFile' && !this.files.has(String(options.filePath))) {
      ended = true
      // my.uploadFile.md: 11 "文件不存在".
      failSoon(my ? myFail(kind, 11) : this.failShape(kind, undefined, 'file not found'))
      return task
    }
    this.openHttp++
    this.noteMax()
    // tt: in the background a running task fails (TT_RULES.backgroundMs).
    if (this.dialect === 'tt') this.live.add(interrupt)
    const b = this.script({ kind, url: String(options.url), options })
    const fire = (cb: Cb, res: unknown, ok: boolean, evenAfterAbort = false) => {
      if (aborted && !evenAfterAbort) return
      end()
      cb?.(res)
      if (ok) ret?.resolve(res)
      else ret?.reject(res)
    }
    // The platform's own timeout: my per MY_TIMEOUT unless the call gives one; tt / swan as their rules say.
    const timeout = my
      ? typeof options.timeout === 'number'
        ? options.timeout
        : MY_TIMEOUT[kind]
      : this.platformTimeout(kind, options)
    this.o.clock.setTimeout(
      () =>
        !ended &&
        fire(
          fail,
          my
            ? myFail(kind, MY_TIMEOUT_FAIL[kind])
            : TIMEOUT_SHAPE[this.dialect as 'tt' | 'swan' | 'xhs'](kind),
          false,
        ),
      timeout,
    )
    const at = (ms: number | undefined, fn: () => void) => this.o.clock.setTimeout(fn, ms ?? 0)
    if (b.kind === 'success')
      at(
        b.delayMs,
        () =>
          (!ended || b.ignoresAbort) &&
          fire(success, this.successShape(kind, b.status, b.data), true, b.ignoresAbort),
      )
    else if (b.kind === 'fail') {
      const f = { ...this.failShape(kind, b.code, b.msg, b.errorCode), ...(my ? (b.carries ?? {}) : {}) }
      at(b.delayMs, () => !ended && fire(fail, f, false))
    } else if (b.kind === 'double')
      at(b.delayMs, () => {
        if (aborted) return
        end()
        const ok = this.successShape(kind, b.status)
        success?.(ok)
        success?.(this.successShape(kind, b.status))
        fail?.(this.failShape(kind, 12, 'late failure'))
        ret?.resolve(ok)
      })
    return task
  }

  request = (o: Record<string, unknown>) => this.http('request', o)
  uploadFile = (o: Record<string, unknown>) => this.http('uploadFile', o)
  downloadFile = (o: Record<string, unknown>) => this.http('downloadFile', o)

  connectSocket = (options: Record<string, unknown>) => {
    this.calls.push({ kind: 'socket', url: String(options.url), options })
    const my = this.dialect === 'my'
    const refused = my ? undefined : this.refusal('socket', String(options.url))
    if (refused) {
      this.o.clock.setTimeout(() => (options.fail as Cb)?.(refused), 0)
      const none = () => undefined
      return { onOpen: none, onError: none, onClose: none, close: none, send: none }
    }
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
      emit('close', my ? { code, data: { socketTaskID: String(s.id) } } : { code, reason: '' })
    }
    // Alipay's single-socket mode: a connect without multiple: true closes the sockets already there
    // (@mini-types/my connectSocket: "如果当前已存在 WebSocket 连接，那么会自动关闭该连接").
    if (my && options.multiple !== true)
      for (const other of this.sockets)
        if (!other.closed) {
          this.closedBySingleMode++
          other.closed = true
          const l = other.listeners.close
          this.o.clock.setTimeout(() => l.forEach((f) => (f as (r: unknown) => void)({ code: 1000 })), 0)
        }
    // swan before 1.9.4: one socket; a new one closes the one there (SWAN_RULES.multipleSocketsFrom).
    if (this.dialect === 'swan' && !semverGte(this.baseLibrary, SWAN_RULES.multipleSocketsFrom))
      for (const other of this.sockets)
        if (!other.closed) {
          this.closedBySingleMode++
          other.closed = true
          const l = other.listeners.close
          this.o.clock.setTimeout(() => l.forEach((f) => (f as (r: unknown) => void)({ code: 1000 })), 0)
        }
    const live = this.liveSockets()
    this.sockets.push(s)
    // tt: SocketTask methods before connectSocket's success/fail do nothing (TT_RULES.methodsBeforeCallbackFail).
    let answered = this.dialect !== 'tt'
    const task = {
      onOpen: (l: (r: never) => void) => void s.listeners.open.push(l),
      onError: (l: (r: never) => void) => void s.listeners.error.push(l),
      onClose: (l: (r: never) => void) => void s.listeners.close.push(l),
      close: () => {
        if (!answered) return
        // close() ends the socket whatever its state; no onClose for a close the caller asked for.
        s.closed = true
      },
      send: () => undefined,
    }
    const at = (ms: number | undefined, fn: () => void) => this.o.clock.setTimeout(fn, ms ?? 0)
    // my.connectSocket takes success / fail (my.connectSocket.md, 入参 and 错误码): a connection that cannot be
    // made fails there. Whether onError / onClose also fire then is not documented: the fake fires neither,
    // so an adapter that only listens to the task never hears of it.
    const connectFail = (code: number, msg?: string) =>
      at(0, () => {
        if (s.closed) return
        s.closed = true
        ;(options.fail as Cb)?.(myFail('connectSocket', code, msg))
      })
    if (!my && live >= this.limits.socket) {
      // Over the limit: connectSocket's `fail`, no socket (tt / xhs: wording undocumented, wx's assumed; swan:
      // its codes).
      s.closed = true
      const f =
        this.dialect === 'swan'
          ? SWAN_RULES.socketOverLimit(this.o.os ?? 'ios')
          : { errMsg: 'connectSocket:fail exceed max cocurrent count' }
      this.o.clock.setTimeout(() => {
        answered = true
        ;(options.fail as Cb)?.(f)
      }, 0)
      return task
    }
    if (!my) {
      this.noteMax()
      this.o.clock.setTimeout(() => {
        answered = true
        ;(options.success as Cb)?.({ errMsg: 'connectSocket:ok', socketTaskId: s.id })
      }, 0)
      if (this.dialect === 'tt') {
        // TT_RULES.backgroundMs: sockets are dropped in the background.
        const drop = () => {
          this.live.delete(drop)
          closeNow(1006)
        }
        this.live.add(drop)
      }
    }
    if (live >= this.limits.socket) {
      // my: "目前最多支持 5 个 WebSocket 实例" (my.connectSocket.md FAQ); the failure past it is not documented:
      // modelled as fail 1 (未知错误).
      if (my) connectFail(1)
      else
        this.o.clock.setTimeout(
          () => !s.closed && emit('error', { errMsg: 'connectSocket:fail exceed max cocurrent count' }),
          0,
        )
      return task
    }
    const b = this.script({ kind: 'socket', url: String(options.url), options })
    if (my && b.kind === 'connectFail') {
      connectFail(b.code, b.msg)
      return task
    }
    // The connection is under way: my calls `success` (my.connectSocket.md, 多实例 sample: onOpen comes later).
    if (my) at(0, () => !s.closed && (options.success as Cb)?.({}))
    if (b.kind === 'open')
      at(b.delayMs, () => {
        if (s.closed) return
        s.open = true
        emit('open', my ? { data: { socketTaskID: String(s.id) } } : { header: {} })
      })
    else if (b.kind === 'socketError')
      at(b.delayMs, () => {
        if (s.closed) return
        emit(
          'error',
          my
            ? { data: { socketTaskID: String(s.id) }, ...myFail('socketError', b.code, b.msg) }
            : {
                errMsg: `connectSocket:fail ${b.msg ?? ''}`,
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

/**
 * The environment calls of `tt` as a base library has them: tt.env {VERSION: production | preview | development,
 * USER_DATA_PATH} since 1.0.0 (developer.open-douyin.com …/mini-app/develop/api/foundation/env/tt-env, which
 * says to move to getEnvInfoSync); tt.getEnvInfoSync().microapp {mpVersion, envType, appId}
 * (@douyin-microapp/typings api/get-env-info-sync.d.ts) only from `getEnvInfoSyncFrom` (the version is the
 * design notes' 2.21.0: unverified).
 */
export function fakeTtEnv(
  baseLibrary: string,
  o: { envType?: string; appId?: string; platform?: string } = {},
  getEnvInfoSyncFrom = '2.21.0',
): Record<string, unknown> {
  const envType = o.envType ?? 'production'
  const api: Record<string, unknown> = {
    env: { VERSION: envType, USER_DATA_PATH: 'ttfile://user' },
    getSystemInfoSync: () => ({ platform: o.platform ?? 'ios', SDKVersion: baseLibrary }),
  }
  if (semverGte(baseLibrary, getEnvInfoSyncFrom))
    api.getEnvInfoSync = () => ({
      microapp: { mpVersion: '1.0.0', envType, appId: o.appId ?? 'tt0123456789abcdef' },
      plugin: {},
      common: { USER_DATA_PATH: 'ttfile://user' },
    })
  return api
}

/**
 * The environment calls of `swan` as a base library has them (github.com/swan-team/swan-docs
 * program-docs/docs/develop/api/device_sys/swan-getEnvInfoSync.md): getEnvInfoSync from 2.0.28 {appKey,
 * appName, sdkVersion, scheme, …}; its `env` (development | trial | production) from 3.90.12; from 3.140.1 a
 * failed call RETURNS an Error object (`failing: true`) instead of the info.
 */
export function fakeSwanEnv(
  baseLibrary: string,
  o: { env?: string; appKey?: string; failing?: boolean; platform?: string } = {},
): Record<string, unknown> {
  const api: Record<string, unknown> = {
    getSystemInfoSync: () => ({ platform: o.platform ?? 'ios', SDKVersion: baseLibrary }),
  }
  if (!semverGte(baseLibrary, '2.0.28')) return api
  api.getEnvInfoSync = () => {
    if (o.failing && semverGte(baseLibrary, '3.140.1')) return new Error('getEnvInfoSync:fail')
    const info: Record<string, unknown> = {
      appKey: o.appKey ?? 'swanAppKey0123',
      appName: 'demo',
      sdkVersion: baseLibrary,
      scheme: 'baiduboxapp',
    }
    if (semverGte(baseLibrary, '3.90.12')) info.env = o.env ?? 'production'
    return info
  }
  return api
}
