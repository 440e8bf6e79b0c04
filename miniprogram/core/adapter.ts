import type { PlatformCodes } from './classifier'
import { Category } from './vocabulary'

/** One (category, url) pair to probe. `id` is `category:url`, stable across runs and reports. */
export interface ProbeTarget {
  id: string
  category: Category
  url: string
}

/** Timing the platform reports, in ms. Only what the platform gives; the engine measures totalMs itself. */
export interface PlatformTiming {
  dnsMs?: number
  connectMs?: number
  tlsMs?: number
  ttfbMs?: number
}

/**
 * What one platform call ended with, before any classification. Adapters fill in what the platform says and
 * nothing more: no retries, no categories, no timers beyond the platform's own.
 */
export interface RawOutcome {
  /** The host answered at the protocol level (any HTTP status; WebSocket onOpen; an HTTP answer to an upgrade). */
  reached: boolean
  /** HTTP status: of the response, or of the answer that refused a WebSocket upgrade. */
  statusCode?: number
  /** WebSocket only: the server answered the upgrade with plain HTTP instead of 101. */
  upgradeRejected?: boolean
  timing?: PlatformTiming
  /** The platform's message as given (wx `errMsg`, Node `error.message`, socket onError text). */
  errMsg?: string
  /** wx `errno` where the platform gives one. */
  errno?: number
  /** Node error code (ECONNREFUSED, CERT_HAS_EXPIRED, …) where there is one. */
  code?: string
  /** Other platforms (core/platforms.ts): who failed, in which API, with the platform's own code fields. */
  platform?: string
  api?: Category
  /** Alipay `error`; Douyin `errorCode` / `errNo`; Baidu `errCode`. */
  error?: number
  errorCode?: number
  errNo?: number
  errCode?: number
  /**
   * Reached only: what the connection did after the answer that decided `reached`, for support (e.g.
   * `body: reset after 1.2 KB`, `extra bytes after the answer: …`). Never turns a reached probe into a failure.
   */
  after?: string
}

export interface ProbeCallOptions {
  /** The per-probe deadline, handed to the platform's own `timeout` where it has one. */
  timeoutMs: number
  /**
   * Given by the engine to an adapter that `reportsSlotRelease`: call it once the platform has freed the
   * call's task slot (a socket: when its onClose arrived, not when close() was asked for). Calling it more than
   * once, or after the probe settled, is harmless.
   */
  released?: () => void
}

/**
 * A platform's task limits, as its docs give them: HTTP-like tasks (request + uploadFile + downloadFile) and
 * WebSockets at once, and, where documented, HTTP tasks to one host at once.
 */
export interface TaskLimits {
  http: number
  socket: number
  perHost?: number
}

/** A started platform call. `abort` must release the task or socket; calling it more than once is harmless. */
export interface ProbeTask {
  abort(): void
}

/**
 * Callback for an outcome. Platforms may call back late, twice, or never: the engine settles each probe once,
 * by its own deadline, and ignores the rest.
 */
export type OutcomeCallback = (outcome: RawOutcome) => void

/** The four operations a platform offers; each starts one call and reports its raw outcome. */
export interface PlatformAdapter {
  readonly name: string
  /** The platform's own error codes, handed to classify() with each failure (absent on WeChat and Node). */
  readonly codes?: PlatformCodes
  /** The platform's task limits; the engine's pools never go above them (absent: WeChat's 10 and 5). */
  readonly limits?: TaskLimits
  /**
   * The adapter calls `options.released` when a task's slot is really free: the engine counts the slot as held
   * until then (bounded by its `closeGraceMs`), so it never opens a socket the platform would still refuse.
   */
  readonly reportsSlotRelease?: boolean
  request(target: ProbeTarget, options: ProbeCallOptions, done: OutcomeCallback): ProbeTask
  uploadFile(target: ProbeTarget, options: ProbeCallOptions, done: OutcomeCallback): ProbeTask
  downloadFile(target: ProbeTarget, options: ProbeCallOptions, done: OutcomeCallback): ProbeTask
  connectSocket(target: ProbeTarget, options: ProbeCallOptions, done: OutcomeCallback): ProbeTask
}

/** Which adapter operation probes a category. */
export const OPERATION: Record<
  Category,
  keyof Omit<PlatformAdapter, 'name' | 'codes' | 'limits' | 'reportsSlotRelease'>
> = {
  socket: 'connectSocket',
  request: 'request',
  uploadFile: 'uploadFile',
  downloadFile: 'downloadFile',
}
