import { Clock } from '../core/clock'
import { Report } from '../core/report/model'
import { createReportQueue, safe } from '../platform/report-queue'
import { BUDGET_KEY, QUEUE_KEY, SENTINEL_DEFAULTS, SentinelBasics, SentinelOptions } from './types'

// The sentinel's bookkeeping (issue 33): its options checked, the daily budget, consent, and the offline queue
// of reports (its delivery to the collector: platform/report-queue.ts, shared with the panel). The check
// itself: sentinel/check.ts.

export interface Budget {
  day: string
  runs: number
  last: number
}

/** The local calendar day of a time: the budget's "per day". */
function dayOf(ms: number): string {
  const d = new Date(ms)
  return d.getFullYear() + '-' + (d.getMonth() + 1) + '-' + d.getDate()
}

export const num = (v: unknown, dflt: number, min: number, max: number): number =>
  typeof v === 'number' && v >= min && v <= max ? v : dflt

/** Checks the options; a wrong one is one line, thrown at creation (never a silent pass). */
export function checkOptions(o: SentinelOptions): void {
  const bad = (what: string) => {
    throw new Error('zim-netcheck sentinel: ' + what)
  }
  if (!o || typeof o !== 'object') bad('options must be an object')
  if (typeof o.collector !== 'string' || !/^https:\/\/[^/\s]+/i.test(o.collector))
    bad('collector must be an https:// URL, got ' + JSON.stringify(String(o.collector)).slice(0, 80))
  if (typeof o.appKey !== 'string' || !o.appKey) bad('appKey must be the collector ingest key')
  if (typeof o.consent !== 'boolean' && typeof o.consent !== 'function')
    bad('consent must be true/false or a function saying whether the user agreed')
  if (o.sample !== undefined && !(typeof o.sample === 'number' && o.sample >= 0 && o.sample <= 1))
    bad('sample must be a number from 0 to 1')
}

/**
 * The budget, consent and queue of one sentinel over its platform's storage and network.
 * @internal its member names are the sentinel's own: tools/build-dist.js shortens them.
 */
export interface Outbox {
  /** The user's consent, read now (a function that throws says no). */
  hasConsent(): boolean
  /** Today's budget (a new day starts at zero runs; the last run's time is kept). */
  readBudget(): Budget
  /** Counts a run now and stores the budget. */
  spend(bud: Budget): void
  /** Sends the queue's reports one by one, oldest first; stops at the first that does not go (kept for later). */
  sendQueue(): Promise<number>
  /** Keeps a report for flush (at most queueMax; the oldest goes first). */
  enqueue(report: Report): void
  /** Reports waiting in storage. */
  queueLength(): number
  /** Stops listening for the network's return. */
  unlisten(): void
}

export function createOutbox(
  options: SentinelOptions,
  p: SentinelBasics,
  clock: Clock,
  disposed: () => boolean,
): Outbox {
  let budget: Budget | undefined

  const consent = () => {
    try {
      return typeof options.consent === 'function' ? options.consent() === true : options.consent === true
    } catch {
      return false
    }
  }
  const readBudget = (): Budget => {
    if (!budget) {
      const v = safe(() => p.getItem(BUDGET_KEY)) as Partial<Budget> | undefined
      budget =
        v && typeof v.day === 'string' && typeof v.runs === 'number' && typeof v.last === 'number'
          ? { day: v.day, runs: v.runs, last: v.last }
          : { day: '', runs: 0, last: -Infinity }
    }
    const today = dayOf(clock.now())
    if (budget.day !== today) budget = { day: today, runs: 0, last: budget.last }
    return budget
  }
  // The queue and its delivery are shared with the panel's "send to support" (platform/report-queue.ts).
  // Withdrawn consent: nothing is sent, and what waited is dropped.
  const queue = createReportQueue(
    p,
    options.collector,
    options.appKey,
    QUEUE_KEY,
    num(options.queueMax, SENTINEL_DEFAULTS.queueMax, 0, 50),
    consent,
    disposed,
  )

  return {
    hasConsent: consent,
    readBudget,
    spend(bud) {
      bud.runs++
      bud.last = clock.now()
      safe(() => p.setItem(BUDGET_KEY, { day: bud.day, runs: bud.runs, last: bud.last }))
    },
    sendQueue: queue.sendQueue,
    enqueue: (report) => queue.enqueue(JSON.stringify(report)),
    queueLength: queue.queueLength,
    unlisten: queue.unlisten,
  }
}
