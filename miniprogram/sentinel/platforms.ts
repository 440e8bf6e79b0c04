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
import { SentinelPlatform } from './types'

type Fn = (...args: never[]) => unknown
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
 * The sentinel's view of one platform global (`wx`, `my`, `tt`, `swan`, `qq`, `xhs`). Storage, app hide,
 * network status and request take wx's shapes everywhere except Alipay, whose storage takes `{key, data}` and
 * answers `{data}` (my.getStorageSync), whose request takes `headers` and answers `status`, and whose
 * getNetworkType says `networkAvailable` (opendocs.alipay.com, my.request / my.getNetworkType). A call the
 * platform lacks is a no-op (its listener simply never fires).
 */
export function sentinelPlatform(platform: PlatformId, api: unknown): SentinelPlatform {
  const a = api as Api
  const my = platform === 'alipay'
  const call = (name: string, ...args: unknown[]): unknown => {
    const f = a[name]
    return typeof f === 'function' ? (f as Fn).apply(a, args as never[]) : undefined
  }
  const relay =
    (name: string) =>
    (fn: (...args: never[]) => void): void =>
      void call(name, fn)
  const [adapter, env] = READERS[platform]
  return {
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
      call('getNetworkType', {
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
    getItem(key) {
      if (!my) return call('getStorageSync', key)
      const res = call('getStorageSync', { key }) as { data?: unknown } | undefined
      return res && typeof res === 'object' ? res.data : undefined
    },
    setItem(key, value) {
      if (my) call('setStorageSync', { key, data: value })
      else call('setStorageSync', key, value)
    },
    onAppHide: relay('onAppHide'),
    offAppHide: relay('offAppHide'),
    onNetworkStatusChange: relay('onNetworkStatusChange'),
    offNetworkStatusChange: relay('offNetworkStatusChange'),
    post(url, headers, body, done) {
      let settled = false
      const once = (status: unknown) => {
        if (settled) return
        settled = true
        done(typeof status === 'number' ? status : 0)
      }
      const ret = call('request', {
        url,
        method: 'POST',
        [my ? 'headers' : 'header']: headers,
        data: body,
        dataType: my ? 'text' : 'json',
        timeout: 10000,
        success: (res: { statusCode?: number; status?: number }) =>
          once(res && (my ? (res.status ?? res.statusCode) : res.statusCode)),
        fail: (err: { status?: number }) => once(my && err ? err.status : 0),
      }) as { then?: unknown; catch?: (f: () => void) => void } | undefined
      // my.request also returns a Promise that rejects on failure: handled, so nothing is reported unhandled.
      if (ret && typeof ret.then === 'function' && typeof ret.catch === 'function') ret.catch(() => undefined)
    },
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
