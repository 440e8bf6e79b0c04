import { Clock, systemClock } from '../core/clock'
import type { ProbeEngine } from '../core/engine'
import type { Report, ReportTrigger } from '../core/report/model'
import { safe } from '../platform/report-queue'
import { checkOptions, createOutbox, num } from './outbox'
import {
  CheckRunner,
  SENTINEL_DEFAULTS,
  Sentinel,
  SentinelOptions,
  TriggerDeps,
  TriggerInput,
  TriggerOutcome,
} from './types'
import { Watched, watchZim, ZIM_NETWORK_ERRORS } from './zim'

// When a check runs (issue 33): consent, the budget, sampling, the network, the app in the foreground; then the
// check (sentinel/check.ts), which comes as a promise: at hand in `zim-netcheck/sentinel` (sentinel/index.ts),
// loaded from the host's subpackage on the first check that runs in `zim-netcheck/sentinel-lazy` (sentinel/lazy.ts).
// This file and what it imports are all the light entry holds: no engine, adapter, catalog or report code.

export function createTrigger(options: SentinelOptions, deps: TriggerDeps): Sentinel {
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

  /** The check, once it is at hand; a load that failed is tried again at a later trigger. */
  let checkLoad: Promise<CheckRunner> | undefined
  const loadCheck = (): Promise<CheckRunner | undefined> => {
    const pending = checkLoad || (checkLoad = deps.check())
    return pending.then(undefined, () => {
      if (checkLoad === pending) checkLoad = undefined
      return undefined
    })
  }

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
        return loadCheck().then((run) => {
          // Loading may have downloaded a subpackage meanwhile: the app may have gone to the background, or the
          // sentinel been disposed. A check that could not load is no run either (lazy.ts says why, once).
          if (!run || disposed || hidden) {
            quietUntil = clock.now() + intervalMs
            return undefined
          }
          box.spend(bud)
          return run(options, clock, t, type, {
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
