import { Clock } from '../core/clock'
import { detectSentinelGlobal, platformGlobals, sentinelBasics } from './basics'
import { checkOptions } from './outbox'
import { createTrigger } from './trigger'
import { CheckRunner, Sentinel, SentinelOptions, SentinelPlatform } from './types'

export type {
  Sentinel,
  SentinelOptions,
  SentinelPlatform,
  TriggerInput,
  TriggerOutcome,
  ZimLike,
} from './types'
export { SENTINEL_DEFAULTS } from './types'

export interface LazySentinelOptions extends SentinelOptions {
  /**
   * Loads `zim-netcheck/sentinel` (it exports `sentinelCheck`), called on the first check that runs, never
   * before: on WeChat from the subpackage that holds the package, with 分包异步化
   * (in app.js: `() => require.async('./zim/miniprogram_npm/zim-netcheck/sentinel')`, base library ≥ 2.11.2). A load
   * that fails is said on the console and tried again at a later trigger; no run is counted.
   */
  load: () => PromiseLike<unknown>
}

const fail = (what: string): Error => new Error('zim-netcheck sentinel: ' + what)

/** What a rejected load says: an Error's message, require.async's `{ errMsg, mod }`, or the value. */
function reason(e: unknown): string {
  const o = e as { message?: unknown; errMsg?: unknown; mod?: unknown } | null
  if (o && typeof o.errMsg === 'string')
    return o.errMsg + (typeof o.mod === 'string' ? ' (' + o.mod + ')' : '')
  if (o && typeof o.message === 'string') return o.message
  return String(e)
}

/**
 * The npm package's `zim-netcheck/sentinel-lazy`: the sentinel of `zim-netcheck/sentinel` (the same options,
 * triggers, budget, consent and queue) whose check — the engine, the catalog, the platform's adapter, the report —
 * is loaded by `load` when a check first runs. A main package holding the sentinel pays this file alone; the
 * package with its check sits in a subpackage, downloaded only when ZIM has failed and a check may run.
 */
export function createSentinel(
  options: LazySentinelOptions & { platform?: SentinelPlatform; clock?: Clock; random?: () => number },
): Sentinel {
  checkOptions(options)
  const load = options.load
  if (typeof load !== 'function')
    throw fail(
      "load must be a function loading zim-netcheck/sentinel, e.g. () => require.async('./zim/miniprogram_npm/zim-netcheck/sentinel')",
    )
  const given = options.platform
  const found = given ? undefined : detectSentinelGlobal(platformGlobals())
  const check = (): Promise<CheckRunner> =>
    new Promise<unknown>((resolve) => resolve(load())).then(
      (mod) => {
        const make = mod && (mod as { sentinelCheck?: unknown }).sentinelCheck
        if (typeof make !== 'function') {
          const error = fail(
            'load() gave no sentinelCheck: it must load zim-netcheck/sentinel, of the same version',
          )
          console.error(error.message)
          throw error
        }
        return given ? make(given) : make(found!.platform, found!.api)
      },
      (e: unknown) => {
        console.error('zim-netcheck sentinel: load() failed, no check ran (tried again later): ' + reason(e))
        throw e
      },
    )
  return createTrigger(options, {
    platform: given || sentinelBasics(found!.platform, found!.api),
    check,
    clock: options.clock,
    random: options.random,
  })
}
