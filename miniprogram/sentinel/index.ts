import { Clock } from '../core/clock'
import { PlatformId } from '../core/platforms'
import { checkRunner } from './check'
import { platformGlobals } from './basics'
import { detectSentinelPlatform, sentinelProbing } from './platforms'
import { Sentinel, SentinelOptions, SentinelPlatform } from './sentinel'
import { createTrigger } from './trigger'
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

/**
 * The npm package's `zim-netcheck/sentinel`: `createSentinel({ collector, appKey, consent, … })`. The platform
 * is found as the ZIM SDK finds it (xhs → my → tt → swan → qq → wx); `platform` replaces it (tests, or an app
 * that wraps its platform's API). `clock` and `random` are for tests.
 */
export function createSentinel(
  options: SentinelOptions & { platform?: SentinelPlatform; clock?: Clock; random?: () => number },
): Sentinel {
  const platform = (options && options.platform) || detectSentinelPlatform(platformGlobals())
  const run = checkRunner(platform)
  return createTrigger(options, {
    platform,
    check: () => Promise.resolve(run),
    clock: options.clock,
    random: options.random,
  })
}

/**
 * The check alone, for `zim-netcheck/sentinel-lazy` (sentinel/lazy.ts), which loads this module from the host's
 * subpackage on the first check that runs: the check on a platform (its id and global), or on a platform the host
 * gave (`platform`).
 */
export function sentinelCheck(platform: PlatformId | SentinelProbing, api?: unknown): CheckRunner {
  return checkRunner(typeof platform === 'string' ? sentinelProbing(platform, api) : platform)
}
