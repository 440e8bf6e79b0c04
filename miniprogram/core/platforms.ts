/*
 * Every mini-program platform the ZIM SDK runs on, as data: the global its API lives under, detection order, task
 * limits and timeouts. Pure (no platform globals). Each platform's error codes are core/platform-codes.ts, its
 * console's whitelist core/platform-whitelists.ts. The WeChat panel bundle imports none of them: only the
 * per-platform adapters (miniprogram/platform/<p>/) and the CLI do.
 *
 * Sources (docs/platforms.md keeps the table of what is verified and what is not):
 * - Alipay: its own pages, read in AlipayDocs/open-docs (paths beside each fact; mini/api/基础API/网络/ holds
 *   my.request 常见问题.md, 网络 API 使用须知.md, my.uploadFile.md, my.downloadFile.md, my.connectSocket.md,
 *   my.onSocketError.md; support/支付宝小程序/常见问题/常见API错误码大全.md the my.request code table), and
 *   @mini-types/my 3.0.14 (its @see links: my.request https://opendocs.alipay.com/mini/api/owycmh, whose own page
 *   open-docs lacks; my.getAccountInfoSync https://opendocs.alipay.com/mini/api/my.getAccountInfoSync).
 * - Douyin: @douyin-microapp/typings 1.3.1 (fail = {errMsg, errNo?}); developer.open-douyin.com tt-request,
 *   tt-connect-socket, tt-download-file, framework/error-code and tt-env pages (re-read; URLs beside each table).
 * - Baidu: smartprogram.baidu.com net_rule, request, uploadfile, downloadFile, websocket and getEnvInfoSync pages
 *   (their source: github.com/swan-team/swan-docs; no typings exist on npm).
 * - QQ: q.qq.com network page (w3cschool mirror): as WeChat; parity with miniprogram-api-typings unverified.
 * - Xiaohongshu: miniapp.xiaohongshu.com/doc pages (DC883145 API conventions: `errMsg`, `errCode` on some APIs;
 *   DC828470 xhs.request's parameters) and public code that targets it (NervJS/taro-plugin-platform-xhs,
 *   dcloudio/uni-app packages/uni-mp-xhs); docs/platforms.md X1–X8 says what is verified and what is not.
 */
import type { TaskLimits } from './adapter'
import { PLATFORM_IDS, PlatformId } from './vocabulary'

export { PLATFORM_IDS }
export type { PlatformId }

/** The global each platform's API lives under. */
export const PLATFORM_GLOBAL: Record<PlatformId, string> = {
  wechat: 'wx',
  alipay: 'my',
  douyin: 'tt',
  baidu: 'swan',
  qq: 'qq',
  xhs: 'xhs',
}

/**
 * The ZIM mini-program SDK's own detection order (zego-zim-miniprogram 2.29.0 index.js): the first global
 * present wins. Xiaohongshu (`xhs`) comes first there and here, so an app on xhs is never taken for another
 * platform. (`undefined` would name a global the checker knows but does not support; none is left.)
 */
export const DETECTION_ORDER: readonly (readonly [string, PlatformId | undefined])[] = [
  ['xhs', 'xhs'],
  ['my', 'alipay'],
  ['tt', 'douyin'],
  ['swan', 'baidu'],
  ['qq', 'qq'],
  ['wx', 'wechat'],
]

/** A platform's task limits and timeouts, with whether the docs were read for them here. */
export interface PlatformLimits {
  /** HTTP-like tasks (request + uploadFile + downloadFile) at once: the engine's http pool. */
  http: number
  /** Open WebSockets at once. */
  socket: number
  /** HTTP-like tasks to one host at once, where documented (Baidu on Android). */
  perHost?: number
  /** Default and maximum `timeout` of a request, in ms. */
  requestTimeout: { defaultMs: number; maxMs: number }
  note?: string
  verified: boolean
}

/** A platform's task limits and its requests' longest `timeout`, in ms: what adapters read. */
export type TaskLimitsOf = Pick<PlatformLimits, 'http' | 'socket' | 'perHost'> & { maxTimeoutMs: number }

/** What else docs/platforms.md says of a platform's limits. */
export interface PlatformAbout {
  /** A request's `timeout` when none is given, in ms. */
  defaultTimeoutMs: number
  note?: string
  verified: boolean
}

/**
 * The limits without their notes, what the adapters and limitsFor read: a bundle that reads only the numbers
 * (the panel's adapters, the sentinel) carries no note text. PLATFORM_LIMITS is these with PLATFORM_ABOUT.
 */
export const PLATFORM_TASK_LIMITS: Record<PlatformId, TaskLimitsOf> = {
  // developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html
  wechat: { http: 10, socket: 5, maxTimeoutMs: 60_000 },
  // q.qq.com 网络·使用说明 (mirrored at w3cschool.cn/qqxiaochengxu/qqxiaochengxu-b7h537x1.html): timeout default
  // = max = 60 s, request/uploadFile/downloadFile at most 10 at once, "fail interrupted" 5 s into the background.
  // The socket limit is not on that page (5 as WeChat, and as uni-app's connectSocket page says for QQ).
  qq: { http: 10, socket: 5, maxTimeoutMs: 60_000 },
  // my.request: timeout default 30000, at most 60 s, and "同时发起的请求数量没有限制" (my.request 常见问题.md);
  // at most 5 WebSockets (my.connectSocket.md FAQ). Uploads and downloads document no limit: the pool of 10
  // (as WeChat) is kept for all three.
  alipay: {
    http: 10,
    socket: 5,
    maxTimeoutMs: 60_000,
  },
  // tt.request: "网络请求超时最大时长为 60s", `timeout` (max 60000) from base library 2.31.0; tt.downloadFile
  // `timeout` from 2.42.0; tt.connectSocket (mini-app) takes none; "最多可以同时存在 5 个 WebSocket 连接"
  // (developer.open-douyin.com …/mini-app/develop/api/network/http/tt-request, …/websocket/tt-connect-socket).
  // The default timeout and the HTTP concurrency are not stated: 60 s and WeChat's 10 assumed.
  douyin: {
    http: 10,
    socket: 5,
    maxTimeoutMs: 60_000,
  },
  // Baidu 使用注意事项 (smartprogram.baidu.com/docs/develop/api/net/net_rule, mirrored at
  // bookstack.cn/read/smartprogram-20210306/bfb60d8ed784e33e.md): request default 10 s, max 60 s; upload,
  // download, socket 60 s; set in app.json only (no API's parameter table has `timeout`); request at most 6 at
  // once on iOS, 5 per domain / 64 per app on Android; 5 WebSockets. The pool takes the lowest (6: our probes
  // hit each host once or twice). Those are the HTTP stacks' per-host queue limits (NSURLSession 6, OkHttp 5/64):
  // a call over them waits, it does not fail (inferred, not said by Baidu). Where the OS is unknown, both: 6 at
  // once and 5 per host (limitsFor).
  baidu: {
    http: 6,
    socket: 5,
    perHost: 5,
    maxTimeoutMs: 60_000,
  },
  // xhs.request takes a `timeout` in ms (miniapp.xiaohongshu.com/doc/DC828470), uploadFile too (public
  // taro-plugin-platform-xhs api.json); no page read states a default, a maximum or any concurrency limit:
  // WeChat's 60 s and 10 / 5 are assumed (docs/platforms.md X4).
  xhs: {
    http: 10,
    socket: 5,
    maxTimeoutMs: 60_000,
  },
}

/**
 * Each platform's limits as docs/platforms.md states them: the default request timeout (sources beside
 * PLATFORM_TASK_LIMITS), a note, and whether the docs were read for them.
 */
export const PLATFORM_ABOUT: Record<PlatformId, PlatformAbout> = {
  wechat: { defaultTimeoutMs: 60_000, verified: true },
  qq: { defaultTimeoutMs: 60_000, verified: false },
  alipay: {
    defaultTimeoutMs: 30_000,
    note: 'my.request unlimited; upload/download concurrency undocumented; 10 kept',
    verified: false,
  },
  douyin: { defaultTimeoutMs: 60_000, note: 'HTTP concurrency undocumented; 10 assumed', verified: false },
  baidu: {
    defaultTimeoutMs: 10_000,
    note: 'iOS 6 concurrent; Android 5 per domain, 64 per app',
    verified: false,
  },
  xhs: {
    defaultTimeoutMs: 60_000,
    note: 'limits and timeout bounds undocumented; WeChat values assumed',
    verified: false,
  },
}

const withAbout = (): Record<PlatformId, PlatformLimits> => {
  const all = {} as Record<PlatformId, PlatformLimits>
  for (const id of PLATFORM_IDS) {
    const { maxTimeoutMs, ...tasks } = PLATFORM_TASK_LIMITS[id]
    const { defaultTimeoutMs, ...about } = PLATFORM_ABOUT[id]
    all[id] = { ...tasks, requestTimeout: { defaultMs: defaultTimeoutMs, maxMs: maxTimeoutMs }, ...about }
  }
  return all
}

/** Each platform's limits and timeouts with their notes (PLATFORM_TASK_LIMITS and PLATFORM_ABOUT). */
export const PLATFORM_LIMITS: Record<PlatformId, PlatformLimits> = /* @__PURE__ */ withAbout()

/**
 * Limits for a platform on a device (`os`: the system info's `platform`, ios / android). Baidu: 6 at once on
 * iOS; 64 at once and 5 per host on Android; both where the OS is unknown. Others: the platform's.
 */
export function limitsFor(platform: PlatformId, os?: string): TaskLimits {
  const l = PLATFORM_TASK_LIMITS[platform]
  if (platform === 'baidu' && os === 'ios') return { http: 6, socket: l.socket }
  if (platform === 'baidu' && os === 'android') return { http: 64, socket: l.socket, perHost: 5 }
  return l.perHost !== undefined
    ? { http: l.http, socket: l.socket, perHost: l.perHost }
    : { http: l.http, socket: l.socket }
}

export function isPlatformId(value: unknown): value is PlatformId {
  return typeof value === 'string' && (PLATFORM_IDS as readonly string[]).includes(value)
}
