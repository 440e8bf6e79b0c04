import { Clock } from '../core/clock'
import { PlatformId } from '../core/platforms'
import { checkRunner } from './check'
import { detectSentinelPlatform, sentinelProbing } from './platforms'
import { createSentinelWith, Sentinel, SentinelOptions, SentinelPlatform } from './sentinel'
import { CheckRunner, SentinelProbing } from './types'

export type {
  Sentinel,
  SentinelOptions,
  SentinelPlatform,
  TriggerInput,
  TriggerOutcome,
  ZimLike,
} from './sentinel'
export { SENTINEL_DEFAULTS } from './sentinel'

// The platform globals, read when createSentinel runs (never at load). Each is a free variable of the
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

/**
 * The npm package's `zim-netcheck/sentinel`: `createSentinel({ collector, appKey, consent, … })`. The platform
 * is found as the ZIM SDK finds it (xhs → my → tt → swan → qq → wx); `platform` replaces it (tests, or an app
 * that wraps its platform's API). `clock` and `random` are for tests.
 */
export function createSentinel(
  options: SentinelOptions & { platform?: SentinelPlatform; clock?: Clock; random?: () => number },
): Sentinel {
  const platform =
    (options && options.platform) ||
    detectSentinelPlatform({
      xhs: read(() => xhs),
      my: read(() => my),
      tt: read(() => tt),
      swan: read(() => swan),
      qq: read(() => qq),
      wx: read(() => wx),
    })
  return createSentinelWith(options, { platform, clock: options.clock, random: options.random })
}

/**
 * The check alone, for `zim-netcheck/sentinel-lazy` (sentinel/lazy.ts), which loads this module from the host's
 * subpackage on the first check that runs: the check on a platform (its id and global), or on a platform the host
 * gave (`platform`).
 */
export function sentinelCheck(platform: PlatformId | SentinelProbing, api?: unknown): CheckRunner {
  return checkRunner(typeof platform === 'string' ? sentinelProbing(platform, api) : platform)
}
