import { PlatformAdapter } from '../core/adapter'
import { RunEnvironment } from '../core/environment'
import { limitsFor, PlatformId } from '../core/platforms'
import { detectPlatform } from '../platform/detect'
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
import { queuePlatform } from '../platform/report-queue'
import { SentinelPlatform } from './types'

type Api = Record<string, unknown>

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
 * The sentinel's view of one platform global (`wx`, `my`, `tt`, `swan`, `qq`, `xhs`). App hide and the network
 * type take wx's shapes everywhere except Alipay, whose getNetworkType says `networkAvailable`
 * (opendocs.alipay.com, my.getNetworkType); storage and request: platform/report-queue.ts. A call the platform
 * lacks is a no-op (its listener simply never fires).
 */
export function sentinelPlatform(platform: PlatformId, api: unknown): SentinelPlatform {
  const a = api as Api
  // Storage, network events and the POST: platform/report-queue.ts (shared with the panel's sender).
  const q = queuePlatform(api, platform === 'alipay')
  const relay =
    (name: string) =>
    (fn: (...args: never[]) => void): void =>
      void q.call(name, fn)
  const [adapter, env] = READERS[platform]
  return {
    getItem: q.getItem,
    setItem: q.setItem,
    onNetworkStatusChange: q.onNetworkStatusChange,
    offNetworkStatusChange: q.offNetworkStatusChange,
    post: q.post,
    createAdapter() {
      const made = adapter(api as never)
      if (made.limits) return made
      const withLimits = Object.create(made) as PlatformAdapter & { limits: unknown }
      withLimits.limits = limitsFor(platform)
      return withLimits
    },
    readEnvironment: () => env(api as never),
    networkType(done) {
      if (typeof a.getNetworkType !== 'function') return done(undefined)
      q.call('getNetworkType', {
        success: (res: { networkType?: string; networkAvailable?: boolean }) =>
          done(
            res && res.networkAvailable === false
              ? 'none'
              : res && res.networkType
                ? String(res.networkType).toLowerCase()
                : undefined,
          ),
        fail: () => done(undefined),
      })
    },
    onAppHide: relay('onAppHide'),
    offAppHide: relay('offAppHide'),
  }
}

/**
 * The platform this code runs on and its global, in the ZIM SDK's order (platform/detect.ts): xhs → my → tt →
 * swan → qq → wx. Refused in one line when none is found.
 */
export function detectSentinelPlatform(globals: Readonly<Record<string, unknown>>): SentinelPlatform {
  const found = detectPlatform(globals)
  if (!found.ok)
    throw new Error(
      'zim-netcheck sentinel: no supported mini-program platform found' +
        (found.global ? ' (' + found.global + ' is not supported)' : ''),
    )
  return sentinelPlatform(found.platform, found.api)
}
