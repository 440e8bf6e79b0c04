import { QQ_CODES } from '../../core/platform-codes'
import { limitsFor } from '../../core/platforms'
import { createWxLikeAdapter, WxLikeAdapter, WxLikeOptions } from '../shared/wx-like'
import { WxLike } from '../wx-adapter'

/** QQ's `qq` takes and answers in wx's shapes (q.qq.com network docs; parity unverified): WxLike as is. */
export type QqLike = WxLike

/** QQ: the wx implementation itself, its failures tagged `qq` (the wx errno and wording layers decide). */
export function createQqAdapter(qq: QqLike, opts: WxLikeOptions = {}): WxLikeAdapter {
  return createWxLikeAdapter(qq, 'qq', QQ_CODES, { limits: limitsFor('qq'), ...opts })
}
