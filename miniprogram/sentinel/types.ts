import { PlatformAdapter } from '../core/adapter'
import { Clock } from '../core/clock'
import { RunEnvironment } from '../core/environment'
import type { ProbeEngine } from '../core/engine'
import { Report, ReportTrigger } from '../core/report/model'
import { Category, Purpose } from '../core/vocabulary'
import { QueuePlatform } from '../platform/report-queue'

// The sentinel's types, defaults and storage keys (sentinel/sentinel.ts says what it does).

/** The part of a ZIM instance the sentinel uses: `on` / `off` with a listener (ZIM's EventEmitter). */
export interface ZimLike {
  on(type: string, listener: (...args: never[]) => void): unknown
  off(type: string, listener?: (...args: never[]) => void): unknown
}

/** What the host hands `trigger()`: its own reason, and ZIM's code where it has one (a rejected login). */
export type TriggerInput = string | { reason?: string; code?: number; state?: number; event?: number }

/**
 * The platform as the sentinel's trigger needs it (sentinel/basics.ts): storage, the collector's POST and the
 * network's return (platform/report-queue.ts), the network type and app hide. No probe adapter: the light entry
 * (`zim-netcheck/sentinel-lazy`) holds this much in the main package.
 */
export interface SentinelBasics extends QueuePlatform {
  /** Network type ('none' when offline); undefined when the platform cannot say. */
  networkType(done: (type: string | undefined) => void): void
  onAppHide(fn: () => void): void
  offAppHide(fn: () => void): void
}

/** What a check needs of the platform besides: its probe adapter and environment (sentinel/platforms.ts). */
export interface SentinelProbing {
  createAdapter(): PlatformAdapter
  readEnvironment(): RunEnvironment
}

/** The mini-program platform as the sentinel needs it (one per platform: sentinel/platforms.ts). */
export interface SentinelPlatform extends SentinelBasics, SentinelProbing {}

/**
 * What a check tells the sentinel as it goes.
 * @internal its member names are the sentinel's own: tools/build-dist.js shortens them (and gives the light
 * entry's build the same short names: it hands these hooks to the check it loads).
 */
export interface CheckHooks {
  /** The engine, once it is made (the sentinel cancels it when the app hides or it is disposed). */
  onEngine(engine: ProbeEngine): void
  /** Whether the check's result is no longer wanted (disposed, hidden). */
  unwanted(): boolean
}

/** One check on one platform (sentinel/check.ts checkRunner): its report, or undefined (nothing to probe, cut short). */
export type CheckRunner = (
  options: SentinelOptions,
  clock: Clock,
  trigger: ReportTrigger,
  networkType: string | undefined,
  hooks: CheckHooks,
) => Promise<Report | undefined>

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

/** The trigger's own dependencies (sentinel/trigger.ts): the check comes as a promise, at hand or loaded. */
export interface TriggerDeps {
  platform: SentinelBasics
  /** The check: at hand (`zim-netcheck/sentinel`) or loaded on the first trigger that runs one (sentinel-lazy). */
  check: () => Promise<CheckRunner>
  clock?: Clock
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
