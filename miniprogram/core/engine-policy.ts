/*
 * The engine's rules, apart from its mechanism (core/engine.ts): what a failed attempt means (interrupted by the
 * platform, `too_many` to retry, a failure), how long the backoffs and the run take, which queued probe may go
 * next, when the canary may take a slot, and how a pool shrinks. Pure: no timers, no tasks, no state.
 *
 * - `too_many` that persists after the retries means the platform has fewer slots than the pool: the host app
 *   holds some (e.g. a ZIM SDK's sockets). The pool shrinks to what actually opened and the probe goes back to
 *   the queue; it is reported `too_many` only when not even one slot opens. Said once (`host_sockets`).
 * - An attempt that overlapped a hide (started before a pause, failed or timed out while paused or after the
 *   resume) or that failed as "interrupted" (errno 600003) was interrupted by the platform, not by the network:
 *   it goes back to the queue, not counted as a retry (at most `maxInterruptions` times, then `aborted`). WeChat
 *   interrupts requests still running 5 s after the app went to the background
 *   (https://developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html) and then suspends the JS
 *   thread, whose callbacks arrive only back in the foreground
 *   (https://developers.weixin.qq.com/miniprogram/dev/framework/runtime/operating-mechanism.html, 挂起), or not
 *   at all: hence "after the resume" too.
 */
import { RawOutcome, TaskLimits } from './adapter'
import { classify, PlatformCodes } from './classifier'
import { EngineNotice } from './engine-events'
import { EngineOptions, Pool } from './engine-options'
import { ProbeResult } from './result'
import { ErrorCategory } from './vocabulary'

/**
 * `error.code` of a probe that could not start because something local failed (the wx adapter: the upload
 * probe's file could not be written). The engine files it as `bad_request` ("the call itself was invalid …
 * missing file"), never as a network failure; the panel shows a storage hint for it.
 */
export const LOCAL_STORAGE_CODE = 'LOCAL_STORAGE'

/**
 * WeChat's errno for a task interrupted in the background (600003, "interrupted"), and its wordings: "fail
 * interrupted" (https://developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html) and
 * "network api interrupted in suspend state" (the refusal of a call made while suspended).
 */
const INTERRUPTED_ERRNO = 600003
const INTERRUPTED = /interrupted/i

type ProbeError = NonNullable<ProbeResult['error']>

/** What to do with an attempt that did not reach its server. */
export type Verdict =
  /** The platform interrupted it (background): back to the queue, not counted as a retry. */
  | { act: 'interrupted' }
  /** `too_many` with retries and time left: the same attempt again after `delayMs`. */
  | { act: 'retry'; delayMs: number }
  /** `too_many` after the retries: the pool may be smaller than the platform's slots (else `error` stands). */
  | { act: 'refused'; error: ProbeError }
  | { act: 'fail'; error: ProbeError }

/**
 * The verdict on a failed attempt. `hidden`: the attempt overlapped a hide (see ProbeEngine). In the background
 * the platform interrupts requests and drops connecting sockets ("fail interrupted", a close before open), and
 * may say so only back in the foreground: that says nothing about the network or a firewall.
 */
export function judgeFailure(
  outcome: RawOutcome,
  codes: PlatformCodes | undefined,
  hidden: boolean,
  retry: EngineOptions['retry'],
  attempt: number,
  now: number,
  deadlineAt: number,
): Verdict {
  const local = outcome.code === LOCAL_STORAGE_CODE
  const { category, code: parsedCode } = local
    ? { category: 'bad_request' as ErrorCategory, code: undefined }
    : classify(outcome, codes)
  const interrupted = outcome.errno === INTERRUPTED_ERRNO || INTERRUPTED.test(outcome.errMsg ?? '')
  if (!local && (interrupted || hidden)) return { act: 'interrupted' }
  const error = {
    category,
    errMsg: outcome.errMsg ?? '',
    errno: outcome.errno,
    code: outcome.code,
    parsedCode,
  }
  if (category !== 'too_many') return { act: 'fail', error }
  // Retries for `too_many` only, with doubling backoff, while the probe's deadline leaves time for them.
  const delayMs = retry.baseDelayMs * 2 ** (attempt - 1)
  return attempt <= retry.attempts && now + delayMs < deadlineAt
    ? { act: 'retry', delayMs }
    : { act: 'refused', error }
}

/** A probe that gave no answer within its deadline. */
export const timeoutError = (ms: number): ProbeError => ({
  category: 'timeout',
  errMsg: `timeout: no answer within ${ms} ms`,
})

/** Interrupted more than `maxInterruptions` times: `aborted`, or undefined while it may go back to the queue. */
export function abortedAfter(
  count: number,
  maxInterruptions: number,
  errMsg: string,
  errno?: number,
): ProbeError | undefined {
  if (count <= maxInterruptions) return undefined
  return {
    category: 'aborted',
    errMsg: `interrupted: the mini-program went to the background (${errMsg})`,
    errno,
  }
}

/**
 * How long `waiting` probes per pool (queued + running) would take if every probe used its whole timeout: the
 * waves each pool needs (over its size) × (timeout + the retry backoffs), plus a second of slack; 0 for none.
 */
export function neededMs(
  options: EngineOptions,
  waiting: Record<Pool, number>,
  pools: Record<Pool, number>,
): number {
  const { timeoutMs, retry } = options
  let backoffs = 0
  for (let k = 0; k < retry.attempts; k++) backoffs += retry.baseDelayMs * 2 ** k
  const waves = Math.max(Math.ceil(waiting.http / pools.http), Math.ceil(waiting.socket / pools.socket))
  return waves === 0 ? 0 : waves * (timeoutMs + backoffs) + 1000
}

/**
 * The run deadline at the start: `deadlineMs`, or with `growDeadline` what the pools need (`needed`, plus the
 * canary's own deadline when it runs first) if that is longer.
 */
export function runDeadlineMs(options: EngineOptions, needed: number, canary: boolean): number {
  const want = needed + (canary && needed > 0 ? options.canaryTimeoutMs : 0)
  return options.growDeadline ? Math.max(options.deadlineMs, want) : options.deadlineMs
}

/** The host of a URL, for per-host limits (lower case, no port). */
const hostOf = (url: string): string => (/^[a-z]+:\/\/([^/:?#]+)/i.exec(url)?.[1] ?? url).toLowerCase()

/**
 * Where in `queued` (URLs, in queue order) the next probe to launch is: the first whose host has fewer than
 * `perHost` of the `running` URLs (the platform's per-host limit, where it has one), or -1.
 */
export function nextLaunchable(queued: string[], running: string[], perHost: number | undefined): number {
  if (perHost === undefined) return 0
  const busy: Record<string, number> = {}
  for (const url of running) busy[hostOf(url)] = (busy[hostOf(url)] ?? 0) + 1
  for (let k = 0; k < queued.length; k++) if ((busy[hostOf(queued[k])] ?? 0) < perHost) return k
  return -1
}

/**
 * Whether the canary may take a slot of `pool` with `used` slots in use: only in one the host left free (the
 * platform's limit or our concurrency, minus the host's tasks), never a task the platform does not have for us.
 */
export function canaryFits(options: EngineOptions, limits: TaskLimits, pool: Pool, used: number): boolean {
  return Math.min(limits[pool], options.concurrency[pool]) - options.hostTasks[pool] - used >= 1
}

/**
 * The platform keeps refusing a slot while `others` of our probes hold one: it has only `others` for us, and the
 * pool shrinks to that. Undefined when not even one slot opens: then `too_many` is the probe's real answer.
 */
export function shrunkPool(size: number, others: number): number | undefined {
  return others < 1 ? undefined : Math.min(size, others)
}

/** What the host holds of the platform's sockets, said when the socket pool shrank to `opened`. */
export const hostSocketsNotice = (limits: TaskLimits, opened: number): EngineNotice => ({
  kind: 'host_sockets',
  held: limits.socket - opened,
  opened,
  max: limits.socket,
})
