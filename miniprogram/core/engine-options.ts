/*
 * What a run of the engine is configured with: its options and their defaults, the two pools a probe runs in, and
 * the pool sizes the options leave after the platform's limits and the host app's own tasks.
 */
import { TaskLimits, ProbeTarget } from './adapter'
import { CANARY_TIMEOUT_MS } from './canary'
import { Category } from './vocabulary'

export interface EngineOptions {
  /** Per-probe deadline, enforced by the engine even when the platform never calls back. */
  timeoutMs: number
  /** Whole-run deadline; what is unfinished then is skipped. */
  deadlineMs: number
  concurrency: { http: number; socket: number }
  /** Tasks the host app already holds (e.g. a connected ZIM SDK's socket): they count against the limits. */
  hostTasks: { http: number; socket: number }
  /** A reached probe slower than this is a warning. */
  slowMs: number
  /** Retries for `too_many` only, with doubling backoff from baseDelayMs. */
  retry: { attempts: number; baseDelayMs: number }
  /**
   * Let the run deadline grow to what the pools need if every probe took its whole timeout (waves × timeout),
   * also after a pool shrank. Off: `deadlineMs` is fixed and what it cuts is skipped with reason `deadline`.
   */
  growDeadline: boolean
  /** A probe the platform interrupts (background) is re-queued this many times, then `aborted`. */
  maxInterruptions: number
  /**
   * With an adapter that `reportsSlotRelease`: how long a released task's slot (a closing socket) is counted
   * as held at most when the platform never says it is free (a lost onClose must not stall the run).
   */
  closeGraceMs: number
  /**
   * The canary's calls (core/canary.ts canaryTargets), made before any probe, each in a slot of its pool that
   * the host left free (none free: that call is not made), with their own deadline `canaryTimeoutMs`. What they
   * measure becomes the run's enforcement. Absent: no canary (the CLI, an opted-out host, a retest).
   */
  canary?: readonly ProbeTarget[]
  canaryTimeoutMs: number
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  timeoutMs: 10_000,
  deadlineMs: 120_000,
  concurrency: { http: 10, socket: 5 },
  hostTasks: { http: 0, socket: 0 },
  slowMs: 3_000,
  retry: { attempts: 3, baseDelayMs: 200 },
  growDeadline: false,
  maxInterruptions: 2,
  closeGraceMs: 2000,
  canaryTimeoutMs: CANARY_TIMEOUT_MS,
}

/**
 * The limits of an adapter that declares none (test fakes; every platform adapter declares its own): WeChat's
 * 10 HTTP-like tasks and 5 WebSockets (developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html).
 */
export const DEFAULT_LIMITS: TaskLimits = { http: 10, socket: 5 }

/** The engine's two pools: HTTP-like tasks (request, uploadFile, downloadFile) and WebSockets. */
export type Pool = 'http' | 'socket'
export const poolOf = (category: Category): Pool => (category === 'socket' ? 'socket' : 'http')

/** Pool sizes after the host's own tasks; never below 1, and never above the platform's limit. */
export function effectivePools(
  options: EngineOptions,
  limits: TaskLimits = DEFAULT_LIMITS,
): Record<Pool, number> {
  const size = (pool: Pool) =>
    Math.max(1, Math.min(limits[pool], options.concurrency[pool]) - Math.max(0, options.hostTasks[pool]))
  return { http: size('http'), socket: size('socket') }
}

/** The options of a run: `partial` over the defaults, nested objects merged. */
export function mergeOptions(partial: Partial<EngineOptions>): EngineOptions {
  return {
    ...DEFAULT_ENGINE_OPTIONS,
    ...partial,
    concurrency: { ...DEFAULT_ENGINE_OPTIONS.concurrency, ...partial.concurrency },
    hostTasks: { ...DEFAULT_ENGINE_OPTIONS.hostTasks, ...partial.hostTasks },
    retry: { ...DEFAULT_ENGINE_OPTIONS.retry, ...partial.retry },
  }
}
