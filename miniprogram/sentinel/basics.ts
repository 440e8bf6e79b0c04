import { PlatformId } from '../core/platforms'
import { detectPlatform } from '../platform/detect'
import { queuePlatform } from '../platform/report-queue'
import { SentinelBasics } from './types'

type Api = Record<string, unknown>

// The platform globals, read when a sentinel is created (never at load). Each is a free variable of the
// mini-program's runtime, not always a property of a global object (older iOS JSCore has no globalThis).
declare const xhs: unknown
declare const my: unknown
declare const tt: unknown
declare const swan: unknown
declare const qq: unknown
declare const wx: unknown

/** A global's value, or undefined where the runtime has none (reading an undeclared one throws ReferenceError). */
const read = (f: () => unknown): unknown => {
  try {
    return f()
  } catch {
    return undefined
  }
}

/** The platform globals this runtime has, by name (for detectSentinelGlobal). */
export const platformGlobals = (): Record<string, unknown> => ({
  xhs: read(() => xhs),
  my: read(() => my),
  tt: read(() => tt),
  swan: read(() => swan),
  qq: read(() => qq),
  wx: read(() => wx),
})

/**
 * What the sentinel's trigger needs of one platform global (`wx`, `my`, `tt`, `swan`, `qq`, `xhs`), without its
 * probe adapter (sentinel/platforms.ts adds that). App hide and the network type take wx's shapes everywhere
 * except Alipay, whose getNetworkType says `networkAvailable` (opendocs.alipay.com, my.getNetworkType); storage
 * and request: platform/report-queue.ts. A call the platform lacks is a no-op (its listener simply never fires).
 */
export function sentinelBasics(platform: PlatformId, api: unknown): SentinelBasics {
  const a = api as Api
  // Storage, network events and the POST: platform/report-queue.ts (shared with the panel's sender).
  const q = queuePlatform(api, platform === 'alipay')
  const relay =
    (name: string) =>
    (fn: (...args: never[]) => void): void =>
      void q.call(name, fn)
  return {
    getItem: q.getItem,
    setItem: q.setItem,
    onNetworkStatusChange: q.onNetworkStatusChange,
    offNetworkStatusChange: q.offNetworkStatusChange,
    post: q.post,
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
export function detectSentinelGlobal(globals: Readonly<Record<string, unknown>>): {
  platform: PlatformId
  api: unknown
} {
  const found = detectPlatform(globals)
  if (!found.ok)
    throw new Error(
      'zim-netcheck sentinel: no supported mini-program platform found' +
        (found.global ? ' (' + found.global + ' is not supported)' : ''),
    )
  return found
}
