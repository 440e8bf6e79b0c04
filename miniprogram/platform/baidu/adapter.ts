import { OutcomeCallback, RawOutcome } from '../../core/adapter'
import { BAIDU_CODES } from '../../core/platform-codes'
import { limitsFor, PLATFORM_TASK_LIMITS } from '../../core/platforms'
import { createWxLikeAdapter, WxLikeAdapter, WxLikeOptions } from '../shared/wx-like'
import { WxLike } from '../wx-adapter'

/**
 * The slice of Baidu's `swan` the adapter uses: wx's shapes (`header`, `statusCode`, tasks with `abort`,
 * SocketTask), failures `{errMsg, errCode}` (smartprogram.baidu.com docs, source github.com/swan-team/swan-docs
 * program-docs/docs/develop/api/net/; no typings on npm, so this narrow declaration is all there is).
 * No swan network API takes a `timeout` parameter: the timeouts come from app.json (request 10 s by default,
 * the others 60 s, max 60 s; net_rule); the `timeout` the wx implementation hands over is ignored there, and
 * the engine's own deadline bounds each probe. Concurrency: 6 on iOS, 5 per domain / 64 per app on Android
 * (PLATFORM_TASK_LIMITS.baidu): the adapter declares `limitsFor('baidu', os)` for the device it runs on, read from
 * `swan.getSystemInfoSync().platform` (ios / android; unknown: both limits).
 */
export type SwanLike = WxLike & { getSystemInfoSync?: () => { platform?: string } }

function osOf(swan: SwanLike): string | undefined {
  try {
    const p = typeof swan.getSystemInfoSync === 'function' ? swan.getSystemInfoSync().platform : undefined
    return typeof p === 'string' ? p.toLowerCase() : undefined
  } catch {
    return undefined
  }
}

/**
 * swan.downloadFile on iOS fails 1002 "无法确定下载文件大小" (downloadFile.md): the server answered, without a size.
 * The host was reached, whatever the download did next (as Alipay's 14/19 are). Android documents no 1002.
 */
const DOWNLOAD_ANSWERED = 1002

function reachedWhenAnswered(done: OutcomeCallback): OutcomeCallback {
  return (o: RawOutcome) => done(!o.reached && o.errCode === DOWNLOAD_ANSWERED ? { reached: true } : o)
}

/** Baidu: wx's implementation, failures tagged `baidu` and read with BAIDU_CODES. */
export function createBaiduAdapter(swan: SwanLike, opts: WxLikeOptions = {}): WxLikeAdapter {
  const inner = createWxLikeAdapter(swan, 'swan', BAIDU_CODES, {
    maxTimeoutMs: PLATFORM_TASK_LIMITS.baidu.maxTimeoutMs,
    limits: limitsFor('baidu', osOf(swan)),
    ...opts,
  })
  return {
    name: inner.name,
    codes: inner.codes,
    limits: inner.limits,
    reportsSlotRelease: inner.reportsSlotRelease,
    get probeFilePath() {
      return inner.probeFilePath
    },
    request: (t, o, d) => inner.request(t, o, d),
    uploadFile: (t, o, d) => inner.uploadFile(t, o, d),
    downloadFile: (t, o, d) => inner.downloadFile(t, o, reachedWhenAnswered(d)),
    connectSocket: (t, o, d) => inner.connectSocket(t, o, d),
  }
}
