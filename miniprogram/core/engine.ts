/*
 * The probe engine's mechanism: the queues and pools a run's probes go through, their tasks, slots and timers,
 * the per-probe and whole-run deadlines, cancel, pause and resume, and the canary's round before the probes.
 * What to do about each answer is core/engine-policy.ts's; what a row says, core/engine-results.ts's.
 */
import { OPERATION, PlatformAdapter, ProbeCallOptions, ProbeTask, RawOutcome, TaskLimits } from './adapter'
import { applyCanary, canaryVerdict } from './canary'
import { Clock, systemClock } from './clock'
import { CanaryRound } from './engine-canary'
import { EngineEvents, Listener } from './engine-events'
import { DEFAULT_LIMITS, effectivePools, EngineOptions, mergeOptions, Pool, poolOf } from './engine-options'
import {
  abortedAfter,
  hostSocketsNotice,
  judgeFailure,
  neededMs,
  nextLaunchable,
  runDeadlineMs,
  shrunkPool,
  timeoutError,
} from './engine-policy'
import { countProgress, failedResult, reachedResult, skippedResult } from './engine-results'
import { Slot, TaskSlots } from './engine-slots'
import { WhitelistEnforcement } from './environment'
import { PlannedProbe } from './plan'
import { ProbeResult, RunProgress } from './result'
import { SkipReason } from './vocabulary'

export type { EngineEvents, EngineNotice } from './engine-events'
export { DEFAULT_ENGINE_OPTIONS, DEFAULT_LIMITS, effectivePools } from './engine-options'
export type { EngineOptions } from './engine-options'
export { LOCAL_STORAGE_CODE } from './engine-policy'

interface Running {
  index: number
  attempt: number
  /** The engine's pause count when the current attempt started: a different count now means it overlapped a hide. */
  pausesAtStart: number
  slot?: Slot
  /** The current call was not refused for the task limit (it holds, or may hold, a platform slot). */
  holding: boolean
  task?: ProbeTask
  attemptStart: number
  deadlineTimer?: unknown
  backoffTimer?: unknown
}

/**
 * Runs the probes of a plan through a platform adapter: two pools, a per-probe deadline of its own, a
 * whole-run deadline, cancel, rerun, and retries for `too_many` only. Each probe settles exactly once,
 * whatever the platform does with its callbacks.
 *
 * - `too_many` that persists after the retries means the platform has fewer slots than the pool: the host
 *   app holds some (e.g. a ZIM SDK's sockets). The pool shrinks to what actually opened and the probe goes
 *   back to the queue; it is reported `too_many` only when not even one slot opens. Said once (`notice`).
 * - pause() (the app went to the background) stops launching and stops the run deadline's clock. An attempt
 *   that overlapped a hide (started before a pause, failed or timed out while paused or after the resume) or
 *   that failed as "interrupted" (errno 600003) was interrupted by the platform, not by the network: it goes
 *   back to the queue, not counted as a retry (at most `maxInterruptions` times, then `aborted`). WeChat
 *   interrupts requests still running 5 s after the app went to the background
 *   (https://developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html) and then suspends the
 *   JS thread, whose callbacks arrive only back in the foreground
 *   (https://developers.weixin.qq.com/miniprogram/dev/framework/runtime/operating-mechanism.html, 挂起), or
 *   not at all: hence "after the resume" too.
 *   resume() carries on.
 * - Limits come from the adapter (`adapter.limits`): the pools never exceed them, and where a platform limits
 *   HTTP tasks per host (`perHost`, Baidu on Android), no more than that many run against one host.
 * - A slot is free when the platform frees it: with an adapter that `reportsSlotRelease`, a settled socket's
 *   slot stays counted until its onClose (at most `closeGraceMs`), so the next socket is not refused
 *   (https://developers.weixin.qq.com/miniprogram/dev/api/network/websocket/SocketTask.onClose.html).
 */
export class ProbeEngine {
  readonly options: EngineOptions
  /** Pool sizes; a pool shrinks during a run when the platform opens fewer tasks (see shrinkAndRequeue). */
  readonly pools: Record<Pool, number>
  /** The platform's limits (the adapter's own). */
  readonly limits: TaskLimits
  private readonly results: (ProbeResult | undefined)[]
  private readonly listeners: { [K in keyof EngineEvents]?: Listener<K>[] } = {}
  private queues: Record<Pool, number[]> = { http: [], socket: [] }
  private running = new Map<number, Running>()
  private readonly slots: TaskSlots
  private runDeadline?: unknown
  /** Run-deadline time left (ms) while the timer is stopped (paused), else when it fires (clock time). */
  private deadlineAt = 0
  private deadlineLeft = 0
  private runStartedAt = 0
  private finish?: (results: ProbeResult[]) => void
  private cancelled = false
  private paused = false
  private current?: Promise<ProbeResult[]>
  private interruptions = new Map<number, number>()
  /** Probes interrupted since the last pause (the `background` notice). */
  private requeued = 0
  /** How many times the run was paused: an attempt that started at another count overlapped a hide. */
  private pauses = 0
  /** The canary's round while it runs (probes wait), and the pause count when it began. */
  private canary?: CanaryRound
  private canaryPauses = 0

  constructor(
    readonly probes: readonly PlannedProbe[],
    private readonly adapter: PlatformAdapter,
    options: Partial<EngineOptions> = {},
    private enforcement: WhitelistEnforcement = { enforced: true, reasons: [] },
    private readonly clock: Clock = systemClock,
  ) {
    this.options = mergeOptions(options)
    this.limits = adapter.limits ?? DEFAULT_LIMITS
    this.pools = effectivePools(this.options, this.limits)
    this.results = probes.map(() => undefined)
    this.slots = new TaskSlots(clock, adapter.reportsSlotRelease, this.options.closeGraceMs, () =>
      this.pump(),
    )
  }

  on<K extends keyof EngineEvents>(event: K, listener: Listener<K>): () => void {
    const list = (this.listeners[event] ??= []) as Listener<K>[]
    list.push(listener)
    return () => {
      const i = list.indexOf(listener)
      if (i >= 0) list.splice(i, 1)
    }
  }

  get isRunning(): boolean {
    return this.finish !== undefined
  }

  get isPaused(): boolean {
    return this.paused
  }

  /** Results so far, in plan order; undefined where a probe has not settled. */
  snapshot(): (ProbeResult | undefined)[] {
    return [...this.results]
  }

  progress(): RunProgress {
    return countProgress(this.results, this.running.size)
  }

  /** Runs every probe. Resolves when all have settled, the run deadline passed, or cancel() was called. */
  start(): Promise<ProbeResult[]> {
    return this.runIndexes(this.probes.map((_, i) => i))
  }

  /** Runs the given probes again (e.g. the failed ones), keeping the other results. */
  rerun(ids: readonly string[]): Promise<ProbeResult[]> {
    const wanted = new Set(ids)
    const indexes = this.probes.map((p, i) => (wanted.has(p.id) ? i : -1)).filter((i) => i >= 0)
    return this.runIndexes(indexes)
  }

  /** Stops the run: what finished is kept, the rest is skipped, every task is released. */
  cancel(reason: SkipReason = 'cancelled'): void {
    if (!this.finish) return
    this.cancelled = true
    for (const pool of ['http', 'socket'] as const) {
      for (const index of this.queues[pool]) this.settle(index, this.skipped(index, reason), false)
      this.queues[pool] = []
    }
    for (const index of Array.from(this.running.keys()))
      this.settle(index, this.skipped(index, reason), false)
    this.endCanary(true)
    this.maybeFinish()
  }

  /**
   * The app went to the background: launch nothing more, stop the run deadline's clock. Probes in flight may
   * still answer; one that fails meanwhile goes back to the queue. Harmless when not running.
   */
  pause(): void {
    if (!this.finish || this.paused) return
    this.paused = true
    this.pauses++
    this.requeued = 0
    this.deadlineLeft = Math.max(0, this.deadlineAt - this.clock.now())
    this.clock.clearTimeout(this.runDeadline)
    this.runDeadline = undefined
    this.emit('paused', { paused: true })
  }

  /** Back in the foreground: the queue (with the interrupted probes) runs on, the deadline clock restarts. */
  resume(): void {
    if (!this.paused) return
    this.paused = false
    this.emit('paused', { paused: false })
    if (!this.finish) return
    if (this.requeued > 0) this.emit('notice', { kind: 'background', requeued: this.requeued })
    this.armDeadline(this.deadlineLeft)
    this.pump()
    this.maybeFinish()
  }

  private runIndexes(indexes: number[]): Promise<ProbeResult[]> {
    if (this.current) return Promise.reject(new Error('a run is already in progress'))
    this.cancelled = false
    for (const i of indexes) this.results[i] = undefined
    this.queues = { http: [], socket: [] }
    this.interruptions.clear()
    for (const i of indexes) this.queues[this.poolOf(i)].push(i)
    const promise = new Promise<ProbeResult[]>((resolve) => {
      this.finish = resolve
    })
    this.current = promise
    this.emit('start', { ids: indexes.map((i) => this.probes[i].id) })
    this.emit('progress', this.progress())
    this.runStartedAt = this.clock.now()
    const canary = this.options.canary && indexes.length > 0 ? this.options.canary : undefined
    const deadlineMs = runDeadlineMs(this.options, this.neededMs(), canary !== undefined)
    if (deadlineMs > this.options.deadlineMs) this.emit('notice', { kind: 'deadline_grown', deadlineMs })
    if (this.paused) this.deadlineLeft = deadlineMs
    else this.armDeadline(deadlineMs)
    if (canary) {
      // The canary's calls first, in slots the host left free; probes wait until it decided or its deadline passed.
      this.canaryPauses = this.pauses
      this.canary = new CanaryRound(this.adapter, this.slots, this.clock, () => this.endCanary())
      this.canary.launch(canary, this.options, this.limits)
    }
    this.pump()
    this.maybeFinish()
    return promise
  }

  private poolOf(index: number): Pool {
    return poolOf(this.probes[index].category)
  }

  private armDeadline(ms: number): void {
    this.clock.clearTimeout(this.runDeadline)
    this.deadlineAt = this.clock.now() + ms
    this.runDeadline = this.clock.setTimeout(() => this.cancel('deadline'), ms)
  }

  /** What is left (queued and running), per pool, timed by the policy's neededMs. */
  private neededMs(): number {
    const waiting = { http: this.queues.http.length, socket: this.queues.socket.length }
    this.running.forEach((_, index) => waiting[this.poolOf(index)]++)
    return neededMs(this.options, waiting, this.pools)
  }

  /** After a pool shrank: move the deadline out if what is left no longer fits (growDeadline only). */
  private growDeadlineIfNeeded(): void {
    if (!this.options.growDeadline) return
    const now = this.clock.now()
    const needEnd = now + this.neededMs()
    const end = this.paused ? now + this.deadlineLeft : this.deadlineAt
    if (needEnd <= end) return
    if (this.paused) this.deadlineLeft = needEnd - now
    else this.armDeadline(needEnd - now)
    this.emit('notice', { kind: 'deadline_grown', deadlineMs: needEnd - this.runStartedAt })
  }

  /**
   * The canary is over (all answered, its deadline, or `cut` by cancel): decide, then let the probes go. Cut,
   * or across a hide: undecided, whatever came.
   */
  private endCanary(cut = false): void {
    const round = this.canary
    if (!round) return
    this.canary = undefined
    const calls = round.stop()
    const interrupted = cut || this.paused || this.pauses !== this.canaryPauses
    const measured = applyCanary(this.enforcement, canaryVerdict(calls, this.adapter.codes, interrupted))
    this.enforcement = measured.whitelist
    this.emit('canary', measured)
    this.pump()
    this.maybeFinish()
  }

  private pump(): void {
    if (this.paused || !this.finish || this.canary) return
    for (const pool of ['socket', 'http'] as const) {
      const queue = this.queues[pool]
      while (!this.cancelled && this.slots.used(pool) < this.pools[pool] && queue.length > 0) {
        const at = this.launchable(pool)
        if (at < 0) break
        this.launch(queue.splice(at, 1)[0])
      }
    }
  }

  /** The first queued probe of the pool whose host is under the platform's per-host limit, or -1. */
  private launchable(pool: Pool): number {
    const perHost = this.limits.perHost
    if (pool !== 'http' || perHost === undefined) return 0
    const running: string[] = []
    this.running.forEach((_, i) => {
      if (this.poolOf(i) === 'http') running.push(this.probes[i].url)
    })
    return nextLaunchable(
      this.queues.http.map((i) => this.probes[i].url),
      running,
      perHost,
    )
  }

  private launch(index: number): void {
    this.slots.active[this.poolOf(index)]++
    const start = this.clock.now()
    const run: Running = {
      index,
      attempt: 0,
      holding: false,
      attemptStart: start,
      pausesAtStart: this.pauses,
    }
    this.running.set(index, run)
    run.deadlineTimer = this.clock.setTimeout(() => {
      // No answer across a hide: the platform held it back (or its callback never came); try again.
      if (this.overlappedHide(run))
        this.interrupted(run, 'timeout: no answer while the mini-program was in the background')
      else this.settle(index, this.failed(run, timeoutError(this.options.timeoutMs)))
    }, this.options.timeoutMs)
    this.attempt(run, start + this.options.timeoutMs)
  }

  private attempt(run: Running, deadlineAt: number): void {
    const probe = this.probes[run.index]
    run.attempt++
    run.holding = true
    run.attemptStart = this.clock.now()
    run.pausesAtStart = this.pauses
    const attempt = run.attempt
    const done = (outcome: RawOutcome) => {
      // Late, repeated or stale callbacks (an older attempt's, or a refused one's during its backoff) are ignored.
      if (this.running.get(run.index) !== run || run.attempt !== attempt || !run.holding) return
      this.onOutcome(run, outcome, deadlineAt)
    }
    const options: ProbeCallOptions = { timeoutMs: Math.max(1, deadlineAt - run.attemptStart) }
    const slot = (run.slot = this.slots.open(this.poolOf(run.index), options))
    try {
      run.task = this.adapter[OPERATION[probe.category]](probe, options, done)
    } catch (e) {
      // Nothing was created: nothing holds a slot.
      this.slots.free(slot)
      const errMsg = e instanceof Error ? e.message : String(e)
      this.onOutcome(run, { reached: false, errMsg }, deadlineAt)
    }
  }

  /** The current attempt overlapped a hide: the run is paused, or was paused since the attempt started. */
  private overlappedHide(run: Running): boolean {
    return this.paused || run.pausesAtStart !== this.pauses
  }

  private onOutcome(run: Running, outcome: RawOutcome, deadlineAt: number): void {
    const index = run.index
    if (outcome.reached) {
      const { slowMs } = this.options
      const totalMs = this.elapsed(run)
      this.settle(
        index,
        reachedResult(this.probes[index], run.attempt, totalMs, outcome, slowMs, this.enforcement.enforced),
      )
      return
    }
    const { codes } = this.adapter
    const hidden = this.overlappedHide(run)
    const now = this.clock.now()
    const verdict = judgeFailure(outcome, codes, hidden, this.options.retry, run.attempt, now, deadlineAt)
    if (verdict.act === 'interrupted') return this.interrupted(run, outcome.errMsg ?? '', outcome.errno)
    if (verdict.act === 'retry' || verdict.act === 'refused') run.holding = false
    if (verdict.act === 'retry') {
      releaseTask(run)
      this.slots.linger(run.slot)
      run.backoffTimer = this.clock.setTimeout(() => {
        run.backoffTimer = undefined
        if (this.running.get(index) === run) this.attempt(run, deadlineAt)
      }, verdict.delayMs)
      return
    }
    if (verdict.act === 'refused' && this.shrinkAndRequeue(run)) return
    this.settle(index, this.failed(run, verdict.error))
  }

  /**
   * `too_many` persists while `others` of our probes hold a slot: the platform has only `others` for us. Shrink
   * the pool to that, put the probe back at the head of its queue, and say what the host holds. False when not
   * even one slot opens.
   */
  private shrinkAndRequeue(run: Running): boolean {
    const pool = this.poolOf(run.index)
    // Probes of this pool that hold a platform slot: not refused on their last call (this one is).
    let others = 0
    this.running.forEach((r) => {
      if (r !== run && r.holding && this.poolOf(r.index) === pool) others++
    })
    const size = shrunkPool(this.pools[pool], others)
    if (size === undefined) return false
    this.unrun(run)
    this.pools[pool] = size
    this.queues[pool].unshift(run.index)
    // Said each time the figure changes; listeners keep the latest (refusals arrive one by one).
    if (pool === 'socket') this.emit('notice', hostSocketsNotice(this.limits, this.pools.socket))
    this.growDeadlineIfNeeded()
    this.pump()
    return true
  }

  /** A probe the platform interrupted while paused: back to the queue, or `aborted` after too many times. */
  private interrupted(run: Running, errMsg: string, errno?: number): void {
    const index = run.index
    const count = (this.interruptions.get(index) ?? 0) + 1
    this.interruptions.set(index, count)
    const aborted = abortedAfter(count, this.options.maxInterruptions, errMsg, errno)
    if (aborted) return this.settle(index, this.failed(run, aborted))
    this.unrun(run)
    this.queues[this.poolOf(index)].unshift(index)
    this.requeued++
    // Heard back in the foreground: said now (in the background, resume() says it).
    if (!this.paused) this.emit('notice', { kind: 'background', requeued: this.requeued })
    this.emit('progress', this.progress())
    this.pump()
    this.maybeFinish()
  }

  /** Takes a running probe out of the pool without a result: timers cleared, task released. */
  private unrun(run: Running): void {
    this.running.delete(run.index)
    this.clock.clearTimeout(run.deadlineTimer)
    if (run.backoffTimer !== undefined) this.clock.clearTimeout(run.backoffTimer)
    run.backoffTimer = undefined
    releaseTask(run)
    this.slots.linger(run.slot)
    this.slots.active[this.poolOf(run.index)]--
  }

  /** Time since the run's current attempt started. */
  private elapsed(run: Running): number {
    return Math.max(0, this.clock.now() - run.attemptStart)
  }

  private failed(run: Running, error: NonNullable<ProbeResult['error']>): ProbeResult {
    return failedResult(this.probes[run.index], run.attempt, this.elapsed(run), error)
  }

  private skipped(index: number, reason: SkipReason): ProbeResult {
    return skippedResult(this.probes[index], reason)
  }

  /** The one place a probe ends: its timers are cleared and its task released, whatever ended it. */
  private settle(index: number, result: ProbeResult, pumpAfter = true): void {
    if (this.results[index]) return
    const run = this.running.get(index)
    if (run) this.unrun(run)
    this.results[index] = result
    this.emit('result', { result, index })
    this.emit('progress', this.progress())
    if (pumpAfter) {
      this.pump()
      this.maybeFinish()
    }
  }

  private maybeFinish(): void {
    if (
      !this.finish ||
      this.canary ||
      this.running.size > 0 ||
      this.queues.http.length + this.queues.socket.length > 0
    )
      return
    const finish = this.finish
    this.finish = undefined
    this.current = undefined
    this.clock.clearTimeout(this.runDeadline)
    this.runDeadline = undefined
    const results = this.results.filter((r): r is ProbeResult => r !== undefined)
    this.emit('done', { results, cancelled: this.cancelled })
    finish(results)
  }

  private emit<K extends keyof EngineEvents>(event: K, payload: EngineEvents[K]): void {
    for (const listener of (this.listeners[event] ?? []) as Listener<K>[]) {
      try {
        listener(payload)
      } catch {
        // A listener's bug must not stop the run or leave a task open.
      }
    }
  }
}

function releaseTask(run: Running): void {
  const task = run.task
  run.task = undefined
  if (!task) return
  try {
    task.abort()
  } catch {
    // Releasing is best effort: a platform that throws on abort of a finished task changes nothing.
  }
}
