import { BAIDU_CODES, limitsFor, PLATFORM_LIMITS } from '../../core/platforms'
import { createWxLikeAdapter, WxLikeAdapter, WxLikeOptions } from '../shared/wx-like'
import { WxLike } from '../wx-adapter'

/**
 * The slice of Baidu's `swan` the adapter uses: wx's shapes (`header`, `statusCode`, tasks with `abort`,
 * SocketTask), failures `{errMsg, errCode}` (smartprogram.baidu.com network docs, per the design notes; no
 * typings on npm, so this narrow declaration is all there is). `swan.request` defaults to a 10 s timeout
 * (max 60 s): the probe always passes its own. Concurrency: 6 on iOS, 5 per domain / 64 per app on Android
 * (PLATFORM_LIMITS.baidu): the adapter declares `limitsFor('baidu', os)` for the device it runs on, read from
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

/** Baidu: wx's implementation, failures tagged `baidu` and read with BAIDU_CODES. */
export function createBaiduAdapter(swan: SwanLike, opts: WxLikeOptions = {}): WxLikeAdapter {
  return createWxLikeAdapter(swan, 'swan', BAIDU_CODES, {
    maxTimeoutMs: PLATFORM_LIMITS.baidu.requestTimeout.maxMs,
    limits: limitsFor('baidu', osOf(swan)),
    ...opts,
  })
}
