import { Clock, systemClock } from '../core/clock'
import { ProbeEngine } from '../core/engine'
import { Report, ReportTrigger } from '../core/report/model'
import { runCheck } from './check'
import { safe } from '../platform/report-queue'
import { checkOptions, createOutbox, num } from './outbox'
import {
  SENTINEL_DEFAULTS,
  Sentinel,
  SentinelDeps,
  SentinelOptions,
  TriggerInput,
  TriggerOutcome,
} from './types'
import { Watched, watchZim, ZIM_NETWORK_ERRORS } from './zim'

export type {
  Sentinel,
  SentinelDeps,
  SentinelOptions,
  SentinelPlatform,
  TriggerInput,
  TriggerOutcome,
  ZimLike,
} from './types'
export { BUDGET_KEY, QUEUE_KEY, SENTINEL_DEFAULTS } from './types'
export { ZIM_NETWORK_ERRORS, ZIM_NETWORK_EVENTS, ZIM_STATE } from './zim'

/**
 * The sentinel (issue 33): when the ZIM SDK cannot connect or log in, a small probe of the hosts that matter runs
 * by itself and its report (report@1 with `trigger`) goes to the customer's collector (issue 32:
 * `POST <collector>/v1/reports`, header `X-Zim-App-Key`). No UI, no mobx. Platform-neutral: what it needs of the
 * mini-program platform comes in a `SentinelPlatform` (sentinel/platforms.ts builds one per platform global).
 * This file decides when a check runs (the trigger: consent, budget, sampling, network); outbox.ts keeps the
 * budget and the queue of reports and sends them, check.ts runs the check, zim.ts reads ZIM's events.
 *
 * ZIM's events, as the mini-program SDK names them (zego-zim-miniprogram entity/ZIM.d.ts,
 * https://app.unpkg.com/zego-zim-miniprogram@2.26.0/files/entity/ZIM.d.ts; the handler signatures in
 * ZIMEventHandler.d.ts, e.g. https://app.unpkg.com/zego-zim-web@2.21.0/files/entity/ZIMEventHandler.d.ts):
 * - `connectionStateChanged: (zim, {state, event, extendedData})`, `state` a ZIM.ConnectionState
 *   (Disconnected 0, Connecting 1, Connected 2, Reconnecting 3), `event` a ZIM.ConnectionEvent (Success 0,
 *   ActiveLogin 1, LoginTimeout 2, LoginInterrupted 3, KickedOut 4, TokenExpired 5, Unregistered 6);
 * - `error: (zim, {code, message})`, ZIM's error codes (https://zegocloud.com/docs/zim-web/sdk-error-codes/zim:
 *   6000009 "Disconnected while sending the request").
 * A login that fails rejects `zim.login()`'s promise rather than firing an event: a host hands that to
 * `trigger({code})`.
 */

export function createSentinelWith(options: SentinelOptions, deps: SentinelDeps): Sentinel {
  checkOptions(options)
  const p = deps.platform
  const clock: Clock = deps.clock ?? systemClock
  const random = deps.random ?? Math.random
  const b = options.budget ?? {}
  const perDay = num(b.perDay, SENTINEL_DEFAULTS.perDay, 0, 1000)
  const intervalMs = num(b.minutes, SENTINEL_DEFAULTS.minutes, 0, 100000) * 60000
  const sample = num(options.sample, SENTINEL_DEFAULTS.sample, 0, 1)
  const errorCodes = ZIM_NETWORK_ERRORS.concat(options.errorCodes ?? [])

  let disposed = false
  const isDisposed = () => disposed
  const box = createOutbox(options, p, clock, isDisposed)
  /** After a check was given up (offline, hidden): no new one before this time (memory only). */
  let quietUntil = 0
  let running: Promise<Report | undefined> | undefined
  let engine: ProbeEngine | undefined
  let hidden = false
  const watched: Watched[] = []

  const onHide = () => {
    hidden = true
    engine?.cancel()
  }

  function trigger(input: TriggerInput, kind: ReportTrigger['kind'] = 'host'): TriggerOutcome {
    if (disposed) return 'disposed'
    if (running) return 'busy'
    if (!box.hasConsent()) return 'no_consent'
    const now = clock.now()
    const bud = box.readBudget()
    if (bud.runs >= perDay) return 'budget_day'
    if (now - bud.last < intervalMs || now < quietUntil) return 'budget_interval'
    if (!(random() < sample)) return 'sampled_out'
    const t: ReportTrigger = { by: 'sentinel', kind }
    const i = typeof input === 'string' ? { reason: input } : input || {}
    if (typeof i.reason === 'string' && i.reason) t.reason = i.reason.slice(0, 200)
    if (typeof i.code === 'number' && Math.floor(i.code) === i.code) t.code = i.code
    if (typeof i.state === 'number' && Math.floor(i.state) === i.state) t.state = i.state
    if (typeof i.event === 'number' && Math.floor(i.event) === i.event) t.event = i.event
    hidden = false
    safe(() => p.onAppHide(onHide))
    const end = (report: Report | undefined) => {
      safe(() => p.offAppHide(onHide))
      engine = undefined
      running = undefined
      return report
    }
    running = new Promise<string | undefined>((resolve) =>
      safe(
        () => p.networkType(resolve),
        () => resolve(undefined),
      ),
    )
      .then((type) => {
        if (disposed || hidden || type === 'none') {
          // Offline or in the background: nothing to learn now; no run is counted, but no new try for a while.
          quietUntil = clock.now() + intervalMs
          return undefined
        }
        box.spend(bud)
        return runCheck(options, p, clock, t, type, {
          onEngine: (e) => (engine = e),
          unwanted: () => disposed || hidden,
        }).then((report) => {
          if (report) {
            box.enqueue(report)
            void box.sendQueue()
          }
          return report
        })
      })
      .then(end, () => end(undefined))
    return 'started'
  }

  const sentinel: Sentinel = {
    watch: (zim) => watchZim(zim, errorCodes, trigger, isDisposed, watched),
    trigger: (reason) => trigger(reason, 'host'),
    flush: box.sendQueue,
    get running() {
      return running
    },
    dispose() {
      if (disposed) return
      disposed = true
      for (const w of watched.splice(0)) safe(() => w.zim.off(w.type, w.fn))
      engine?.cancel()
      safe(() => p.offAppHide(onHide))
      box.unlisten()
    },
  }
  // A queue left by an earlier session goes out at start (consent permitting).
  if (box.queueLength() > 0) void box.sendQueue()
  return sentinel
}
