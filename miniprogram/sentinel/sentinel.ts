import { PlatformAdapter } from '../core/adapter'
import { Clock, systemClock } from '../core/clock'
import { DEFAULT_LIMITS, ProbeEngine } from '../core/engine'
import { platformEnforcement, RunEnvironment } from '../core/environment'
import { planProbes } from '../core/plan'
import { buildReport, Report, ReportTrigger } from '../core/report/model'
import { resolveDomains } from '../core/resolver'
import { Category, Purpose } from '../core/vocabulary'

/**
 * The sentinel (issue 33): when the ZIM SDK cannot connect or log in, a small probe of the hosts that matter runs
 * by itself and its report (report@1 with `trigger`) goes to the customer's collector (issue 32:
 * `POST <collector>/v1/reports`, header `X-Zim-App-Key`). No UI, no mobx. Platform-neutral: what it needs of the
 * mini-program platform comes in a `SentinelPlatform` (sentinel/platforms.ts builds one per platform global).
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

/** ZIM.ConnectionState.Disconnected / Reconnecting. */
export const ZIM_STATE = { disconnected: 0, connecting: 1, connected: 2, reconnecting: 3 } as const
/** ZIM.ConnectionEvent values that mean the network failed (not a kick-out, token or logout). */
export const ZIM_NETWORK_EVENTS: readonly number[] = [2, 3]
/** ZIM error codes that mean the connection failed (6000009: disconnected while sending a request). */
export const ZIM_NETWORK_ERRORS: readonly number[] = [6000009]

/** The part of a ZIM instance the sentinel uses: `on` / `off` with a listener (ZIM's EventEmitter). */
export interface ZimLike {
  on(type: string, listener: (...args: never[]) => void): unknown
  off(type: string, listener?: (...args: never[]) => void): unknown
}

/** What the host hands `trigger()`: its own reason, and ZIM's code where it has one (a rejected login). */
export type TriggerInput = string | { reason?: string; code?: number; state?: number; event?: number }

/** The mini-program platform as the sentinel needs it (one per platform: sentinel/platforms.ts). */
export interface SentinelPlatform {
  createAdapter(): PlatformAdapter
  readEnvironment(): RunEnvironment
  /** Network type ('none' when offline); undefined when the platform cannot say. */
  networkType(done: (type: string | undefined) => void): void
  getItem(key: string): unknown
  setItem(key: string, value: unknown): void
  onAppHide(fn: () => void): void
  offAppHide(fn: () => void): void
  onNetworkStatusChange(fn: (res: { isConnected?: boolean }) => void): void
  offNetworkStatusChange(fn: (res: { isConnected?: boolean }) => void): void
  /** POSTs a JSON body; `status` 0 when nothing came back (offline, refused, timeout). */
  post(url: string, headers: Record<string, string>, body: string, done: (status: number) => void): void
}

export interface SentinelOptions {
  /** The collector's base URL (`https://collect.example.com`); reports go to `<collector>/v1/reports`. */
  collector: string
  /** The app's ingest key (issue 32): it only allows writing. */
  appKey: string
  /** The ZIM SDK version the app ships (x.y.z), or `latest` (default). */
  sdk?: string
  /** The user agreed (the host asks: its privacy text must name this check). Read at each trigger and send. */
  consent: boolean | (() => boolean)
  /** At most `perDay` runs per device per day and one per `minutes` (defaults 3 and 30). */
  budget?: { perDay?: number; minutes?: number }
  /** The share of triggers that may run, 0–1 (default 1: the budget alone limits). */
  sample?: number
  /** Which hosts: catalog purposes and categories (default the access hosts, socket + request). */
  scope?: { purposes?: readonly Purpose[]; categories?: readonly Category[] }
  /** Sockets / HTTP tasks the app itself holds (default 1 socket: the ZIM SDK's; 0 requests). */
  hostSockets?: number
  hostRequests?: number
  /** Per-probe deadline and the whole check's (defaults 5 s and 15 s). */
  timeoutMs?: number
  deadlineMs?: number
  /** Reports kept while offline (default 5; the oldest goes first). */
  queueMax?: number
  /** Extra ZIM error codes that start a check (besides ZIM_NETWORK_ERRORS). */
  errorCodes?: readonly number[]
}

export interface SentinelDeps {
  platform: SentinelPlatform
  clock?: Clock
  /** [0, 1): the sampling draw (Math.random by default). */
  random?: () => number
}

/** Why a trigger did not start a check (what `trigger()` returns), or 'started'. */
export type TriggerOutcome =
  | 'started'
  | 'disposed'
  | 'no_consent'
  | 'busy'
  | 'budget_day'
  | 'budget_interval'
  | 'sampled_out'

export interface Sentinel {
  /** Subscribes to a ZIM instance's connectionStateChanged and error events; returns the unsubscribe. */
  watch(zim: ZimLike): () => void
  /** The host's own failure signal. */
  trigger(reason: TriggerInput): TriggerOutcome
  /** Sends what the offline queue holds, now. Resolves with how many reports were delivered. */
  flush(): Promise<number>
  /** The check in flight, if any (tests and hosts that want the report). */
  readonly running: Promise<Report | undefined> | undefined
  /** Unsubscribes from ZIM and the platform, cancels a check in flight, clears its timers. */
  dispose(): void
}

export const SENTINEL_DEFAULTS = {
  perDay: 3,
  minutes: 30,
  sample: 1,
  hostSockets: 1,
  hostRequests: 0,
  timeoutMs: 5000,
  deadlineMs: 15000,
  queueMax: 5,
  purposes: ['access'] as readonly Purpose[],
  categories: ['socket', 'request'] as readonly Category[],
}

/** Storage keys: the budget (day, runs, last) and the offline queue (report JSON strings). */
export const BUDGET_KEY = 'zim-netcheck:sentinel:budget'
export const QUEUE_KEY = 'zim-netcheck:sentinel:queue'

interface Budget {
  day: string
  runs: number
  last: number
}

/** The local calendar day of a time: the budget's "per day". */
function dayOf(ms: number): string {
  const d = new Date(ms)
  return d.getFullYear() + '-' + (d.getMonth() + 1) + '-' + d.getDate()
}

const num = (v: unknown, dflt: number, min: number, max: number): number =>
  typeof v === 'number' && v >= min && v <= max ? v : dflt

/** Checks the options; a wrong one is one line, thrown at creation (never a silent pass). */
function checkOptions(o: SentinelOptions): void {
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

export function createSentinelWith(options: SentinelOptions, deps: SentinelDeps): Sentinel {
  checkOptions(options)
  const p = deps.platform
  const clock = deps.clock ?? systemClock
  const random = deps.random ?? Math.random
  const b = options.budget ?? {}
  const perDay = num(b.perDay, SENTINEL_DEFAULTS.perDay, 0, 1000)
  const intervalMs = num(b.minutes, SENTINEL_DEFAULTS.minutes, 0, 100000) * 60000
  const sample = num(options.sample, SENTINEL_DEFAULTS.sample, 0, 1)
  const queueMax = num(options.queueMax, SENTINEL_DEFAULTS.queueMax, 0, 50)
  const errorCodes = ZIM_NETWORK_ERRORS.concat(options.errorCodes ?? [])
  const url = options.collector.replace(/\/+$/, '') + '/v1/reports'
  const consent = () => {
    try {
      return typeof options.consent === 'function' ? options.consent() === true : options.consent === true
    } catch {
      return false
    }
  }

  let disposed = false
  let budget: Budget | undefined
  /** After a check was given up (offline, hidden): no new one before this time (memory only). */
  let quietUntil = 0
  let running: Promise<Report | undefined> | undefined
  let engine: ProbeEngine | undefined
  let hidden = false
  let sending = false
  const watched: { zim: ZimLike; type: string; fn: (...args: never[]) => void }[] = []

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

  const onHide = () => {
    hidden = true
    engine?.cancel()
  }
  const onNetwork = (res: { isConnected?: boolean }) => {
    if (res && res.isConnected) void flush()
  }
  let listeningNetwork = false
  const listenNetwork = (on: boolean) => {
    if (on === listeningNetwork || (on && disposed)) return
    listeningNetwork = on
    safe(() => (on ? p.onNetworkStatusChange(onNetwork) : p.offNetworkStatusChange(onNetwork)))
  }

  const readQueue = (): string[] => {
    const v = safe(() => p.getItem(QUEUE_KEY))
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  }
  const writeQueue = (q: string[]) => safe(() => p.setItem(QUEUE_KEY, q))

  /** Sends the queue's reports one by one, oldest first; stops at the first that does not go (kept for later). */
  function flush(): Promise<number> {
    if (sending || disposed) return Promise.resolve(0)
    if (!consent()) {
      // Withdrawn consent: nothing is sent, and what waited is dropped.
      writeQueue([])
      listenNetwork(false)
      return Promise.resolve(0)
    }
    sending = true
    let sent = 0
    const next = (): Promise<number> => {
      const q = readQueue()
      if (q.length === 0 || disposed) {
        sending = false
        listenNetwork(false)
        return Promise.resolve(sent)
      }
      return new Promise<number>((resolve) => {
        safe(
          () =>
            p.post(url, { 'Content-Type': 'application/json', 'X-Zim-App-Key': options.appKey }, q[0], (s) =>
              resolve(s),
            ),
          () => resolve(0),
        )
      }).then((status) => {
        // Stored (2xx), or refused for good (4xx but 408 / 429): off the queue. Otherwise wait for the network.
        const done =
          (status >= 200 && status < 300) ||
          (status >= 400 && status < 500 && status !== 408 && status !== 429)
        if (!done) {
          sending = false
          listenNetwork(true)
          return sent
        }
        if (status < 300) sent++
        const rest = readQueue()
        if (rest[0] === q[0]) rest.shift()
        writeQueue(rest)
        return next()
      })
    }
    return next()
  }

  function enqueue(report: Report): void {
    if (queueMax === 0) return
    const q = readQueue()
    q.push(JSON.stringify(report))
    while (q.length > queueMax) q.shift()
    writeQueue(q)
  }

  function trigger(input: TriggerInput, kind: ReportTrigger['kind'] = 'host'): TriggerOutcome {
    if (disposed) return 'disposed'
    if (running) return 'busy'
    if (!consent()) return 'no_consent'
    const now = clock.now()
    const bud = readBudget()
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
        bud.runs++
        bud.last = clock.now()
        safe(() => p.setItem(BUDGET_KEY, { day: bud.day, runs: bud.runs, last: bud.last }))
        return probe(t, type)
      })
      .then(end, () => end(undefined))
    return 'started'
  }

  function probe(t: ReportTrigger, networkType: string | undefined): Promise<Report | undefined> {
    const res = resolveDomains(options.sdk || 'latest')
    if (!res.ok) return Promise.resolve(undefined)
    const purposes = options.scope?.purposes ?? SENTINEL_DEFAULTS.purposes
    const categories = options.scope?.categories ?? SENTINEL_DEFAULTS.categories
    const adapter = p.createAdapter()
    const limits = adapter.limits ?? DEFAULT_LIMITS
    // What the host left free: the platform's limit minus the app's own tasks (the ZIM SDK holds a socket).
    const free = {
      socket: limits.socket - num(options.hostSockets, SENTINEL_DEFAULTS.hostSockets, 0, 100),
      http: limits.http - num(options.hostRequests, SENTINEL_DEFAULTS.hostRequests, 0, 100),
    }
    const warnings: string[] = []
    const plan = planProbes(
      res.entries.filter((e) => purposes.indexOf(e.purpose) >= 0),
      categories,
    ).filter((x) => {
      const pool = x.category === 'socket' ? 'socket' : 'http'
      return free[pool] >= 1
    })
    if (free.socket < 1) warnings.push('sentinel: no socket left free by the app; socket hosts not probed')
    if (free.http < 1) warnings.push('sentinel: no request left free by the app; request hosts not probed')
    if (plan.length === 0) return Promise.resolve(undefined)
    const env = p.readEnvironment()
    if (networkType) env.networkType = networkType
    const enforcement = platformEnforcement(env)
    // At most two sockets and two requests at once, never more than the host left free.
    const concurrency = { socket: Math.min(2, free.socket), http: Math.min(2, free.http) }
    const timeoutMs = num(options.timeoutMs, SENTINEL_DEFAULTS.timeoutMs, 100, 60000)
    const deadlineMs = num(options.deadlineMs, SENTINEL_DEFAULTS.deadlineMs, timeoutMs, 120000)
    engine = new ProbeEngine(
      plan,
      adapter,
      {
        timeoutMs,
        deadlineMs,
        concurrency,
        hostTasks: { http: 0, socket: 0 },
        retry: { attempts: 1, baseDelayMs: 500 },
        maxInterruptions: 0,
      },
      enforcement,
      clock,
    )
    return engine.start().then((results) => {
      // Cancelled (hidden, disposed): a half check says nothing; it is not sent.
      if (disposed || hidden || results.some((r) => r.status === 'skipped' && r.skipReason === 'cancelled'))
        return undefined
      const report = buildReport({
        createdAt: new Date(clock.now()),
        sdk: { input: res.input, resolved: res.resolved },
        environment: env,
        enforcement,
        options: { timeoutMs, deadlineMs, concurrency, only: categories.slice() },
        results,
        warnings,
        trigger: t,
      })
      enqueue(report)
      void flush()
      return report
    })
  }

  const onState = (_zim: unknown, data: { state?: number; event?: number }) => {
    if (!data || ZIM_NETWORK_EVENTS.indexOf(data.event as number) < 0) return
    if (data.state !== ZIM_STATE.disconnected && data.state !== ZIM_STATE.reconnecting) return
    trigger({ state: data.state, event: data.event }, 'zim_state')
  }
  const onError = (_zim: unknown, info: { code?: number; message?: string }) => {
    if (!info || errorCodes.indexOf(info.code as number) < 0) return
    trigger({ code: info.code }, 'zim_error')
  }

  const sentinel: Sentinel = {
    watch(zim) {
      if (disposed || !zim || typeof zim.on !== 'function')
        throw new Error('zim-netcheck sentinel: watch() needs a ZIM instance (ZIM.create / ZIM.getInstance)')
      const pairs: [string, (...args: never[]) => void][] = [
        ['connectionStateChanged', onState as never],
        ['error', onError as never],
      ]
      const mine = pairs.map(([type, fn]) => {
        // A listener of our own per watch, so off() removes exactly it (where the SDK takes the listener).
        const own = ((...args: never[]) =>
          disposed ? undefined : (fn as (...a: never[]) => void)(...args)) as (...args: never[]) => void
        zim.on(type, own)
        const w = { zim, type, fn: own }
        watched.push(w)
        return w
      })
      return () => {
        for (const w of mine) {
          const i = watched.indexOf(w)
          if (i < 0) continue
          watched.splice(i, 1)
          safe(() => w.zim.off(w.type, w.fn))
        }
      }
    },
    trigger: (reason) => trigger(reason, 'host'),
    flush,
    get running() {
      return running
    },
    dispose() {
      if (disposed) return
      disposed = true
      for (const w of watched.splice(0)) safe(() => w.zim.off(w.type, w.fn))
      engine?.cancel()
      safe(() => p.offAppHide(onHide))
      listenNetwork(false)
    },
  }
  // A queue left by an earlier session goes out at start (consent permitting).
  if (readQueue().length > 0) void flush()
  return sentinel
}

function safe<T>(fn: () => T, onError?: () => void): T | undefined {
  try {
    return fn()
  } catch {
    onError?.()
    return undefined
  }
}
