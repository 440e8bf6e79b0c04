import { PlatformAdapter } from '../core/adapter'
import { RunEnvironment } from '../core/environment'
import { limitsFor, PlatformId } from '../core/platforms'
import { createAlipayAdapter } from '../platform/alipay/adapter'
import { readAlipayEnvironment } from '../platform/alipay/environment'
import { createBaiduAdapter } from '../platform/baidu/adapter'
import { readBaiduEnvironment } from '../platform/baidu/environment'
import { createDouyinAdapter } from '../platform/douyin/adapter'
import { readDouyinEnvironment } from '../platform/douyin/environment'
import { createQqAdapter } from '../platform/qq/adapter'
import { readQqEnvironment } from '../platform/qq/environment'
import { createWxAdapter } from '../platform/wx-adapter'
import { readEnvironment } from '../platform/wx-environment'
import { createXhsAdapter } from '../platform/xhs/adapter'
import { readXhsEnvironment } from '../platform/xhs/environment'
import { detectSentinelGlobal, sentinelBasics } from './basics'
import { SentinelPlatform, SentinelProbing } from './types'

/** Each platform's probe adapter and environment reader over its global (platform/<name>/). */
const READERS: Record<PlatformId, [(api: never) => PlatformAdapter, (api: never) => RunEnvironment]> = {
  wechat: [createWxAdapter, readEnvironment],
  alipay: [createAlipayAdapter, readAlipayEnvironment],
  douyin: [createDouyinAdapter, readDouyinEnvironment],
  baidu: [createBaiduAdapter, readBaiduEnvironment],
  qq: [createQqAdapter, readQqEnvironment],
  xhs: [createXhsAdapter, readXhsEnvironment],
}

/**
 * A platform's probe adapter (with its limits) and environment reader, what a check needs of it: on `into`, when
 * given (sentinelPlatform: the trigger's basics), else on a new object.
 */
export function sentinelProbing<T extends object>(
  platform: PlatformId,
  api: unknown,
  into = {} as T,
): T & SentinelProbing {
  const [adapter, env] = READERS[platform]
  const p = into as T & SentinelProbing
  p.createAdapter = () => {
    const made = adapter(api as never)
    if (made.limits) return made
    const withLimits = Object.create(made) as PlatformAdapter & { limits: unknown }
    withLimits.limits = limitsFor(platform)
    return withLimits
  }
  p.readEnvironment = () => env(api as never)
  return p
}

/** The sentinel's view of one platform global: the trigger's (sentinel/basics.ts) and the check's. */
export const sentinelPlatform = (platform: PlatformId, api: unknown): SentinelPlatform =>
  sentinelProbing(platform, api, sentinelBasics(platform, api))

/**
 * The platform this code runs on and its global, in the ZIM SDK's order (platform/detect.ts): xhs → my → tt →
 * swan → qq → wx. Refused in one line when none is found.
 */
export function detectSentinelPlatform(globals: Readonly<Record<string, unknown>>): SentinelPlatform {
  const found = detectSentinelGlobal(globals)
  return sentinelPlatform(found.platform, found.api)
}
