import { RunEnvironment } from '../../core/environment'
import { readEnvironment, WxEnvApi } from '../wx-environment'

/**
 * QQ answers the wx environment calls in wx's shapes (q.qq.com; parity unverified): the wx reader, tagged
 * `qq`. The ZIM SDK reads QQ's version with `qq.getEnvVersion()`; the wx reader's getAccountInfoSync gives
 * the same where QQ has it.
 */
export function readQqEnvironment(qq: WxEnvApi): RunEnvironment {
  // `version` is QQ's, not WeChat's: left out rather than shown as a WeChat version. (Deleted, not taken out
  // by a rest pattern: its ES5 helper would ship in the chunk the panel shares with the sentinel, for this alone.)
  const env: RunEnvironment = { ...readEnvironment(qq), platformId: 'qq' }
  delete env.wechatVersion
  return env
}
