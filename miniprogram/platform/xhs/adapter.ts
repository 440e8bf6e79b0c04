import { XHS_CODES } from '../../core/platform-codes'
import { limitsFor, PLATFORM_TASK_LIMITS } from '../../core/platforms'
import { createWxLikeAdapter, WxLikeAdapter, WxLikeOptions } from '../shared/wx-like'
import { WxLike } from '../wx-adapter'

/**
 * The slice of Xiaohongshu's `xhs` the adapter uses. xhs.request takes wx's `url / header / timeout / method`
 * and answers `{data, statusCode, header, cookies}` (miniapp.xiaohongshu.com/doc/DC828470); every async API
 * takes `success / fail / complete` and fails with `{errMsg, errCode?}` (DC883145). uploadFile takes wx's
 * `url / filePath / name / header / formData / timeout` (public taro-plugin-platform-xhs api.json);
 * downloadFile, connectSocket and their tasks are listed in the docs' 网络 section, their shapes as wx's are
 * unverified (docs/platforms.md X1–X3). `xhs.env.USER_DATA_PATH` is listed there too.
 */
export type XhsLike = WxLike

/** Xiaohongshu: wx's implementation, failures tagged `xhs` and read with XHS_CODES (the wx layers decide). */
export function createXhsAdapter(xhs: XhsLike, opts: WxLikeOptions = {}): WxLikeAdapter {
  return createWxLikeAdapter(xhs, 'xhs', XHS_CODES, {
    maxTimeoutMs: PLATFORM_TASK_LIMITS.xhs.maxTimeoutMs,
    limits: limitsFor('xhs'),
    ...opts,
  })
}
