import { DOUYIN_CODES, limitsFor, PLATFORM_LIMITS } from '../../core/platforms'
import { createWxLikeAdapter, WxLikeAdapter, WxLikeOptions } from '../shared/wx-like'
import { WxLike } from '../wx-adapter'

/**
 * The slice of Douyin's `tt` the adapter uses. `tt.request` / `uploadFile` / `downloadFile` /
 * `connectSocket` take wx's shapes (`header`, `statusCode`, RequestTask `abort`, SocketTask
 * `onOpen/onError/onClose/close`: @douyin-microapp/typings 1.3.1, api/request.d.ts, api/connect-socket.d.ts);
 * a failure is `{errMsg, errNo?}` (typings) and, on newer clients, a 6-digit `errorCode` (developer.open-douyin.com
 * error-code page). `tt.env.USER_DATA_PATH` and `getFileSystemManager().writeFileSync/unlinkSync` as wx
 * (api/env.d.ts, api/fs.d.ts). Whether tt honours `timeout` on every call is undocumented in the typings: the
 * engine's own deadline bounds each probe anyway.
 */
export type TtLike = WxLike

/** Douyin: wx's implementation, failures tagged `douyin` and read with DOUYIN_CODES. */
export function createDouyinAdapter(tt: TtLike, opts: WxLikeOptions = {}): WxLikeAdapter {
  return createWxLikeAdapter(tt, 'tt', DOUYIN_CODES, {
    maxTimeoutMs: PLATFORM_LIMITS.douyin.requestTimeout.maxMs,
    limits: limitsFor('douyin'),
    ...opts,
  })
}
