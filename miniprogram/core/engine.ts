/*
 * The probe engine's mechanism: the queues and pools a run's probes go through, their tasks, slots and timers,
 * the per-probe and whole-run deadlines, cancel, pause and resume, and the canary's round before the probes.
 * What to do about each answer is core/engine-policy.ts's; what a row says, core/engine-results.ts's.
 */
import { OPERATION, PlatformAdapter, ProbeCallOptions, RawOutcome, TaskLimits } from './adapter'
import { Clock, systemClock } from './clock'
import { CanaryRound, RunEnforcement } from './engine-canary'
import { RunDeadline } from './engine-deadline'
import { emit, EngineEvents, listen, Listener, ListenerLists } from './engine-events'
import { DEFAULT_LIMITS, effectivePools, EngineOptions, mergeOptions, Pool, poolOf } from './engine-options'
import * as policy from './engine-policy'
import { countProgress, failedResult, proveAll, reachedResult, skippedResult } from './engine-results'
import { newRun, releaseTask, Running, TaskSlots } from './engine-tasks'
import { WhitelistEnforcement } from './environment'
import { PlannedProbe } from './plan'
import { ProbeResult, RunProgress } from './result'
import { SkipReason } from './vocabulary'

// The engine's public names, for its many importers.
export type { EngineEvents, EngineNotice } from './engine-events'
export { DEFAULT_ENGINE_OPTIONS, DEFAULT_LIMITS, effectivePools, type EngineOptions } from './engine-options'
export { LOCAL_STORAGE_CODE } from './engine-policy'

/**
 * Runs the probes of a plan through a platform adapter: two pools, a per-probe deadline of its own, a whole-run
 * deadline, cancel, rerun, pause and resume. Each probe settles exactly once, whatever the platform does with its
 * callbacks. What it does about each answer (`too_many` retries and a shrinking pool, attempts the platform
 * interrupted in the background) follows core/engine-policy.ts.
 *
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
  private readonly listeners: ListenerLists = {}
  private queues: Record<Pool, number[]> = { http: [], socket: [] }
  private running = new Map<number, Running>()
  private readonly slots: TaskSlots
  private readonly deadline: RunDeadline
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
  /** The canary's round while it runs (probes wait). */
  private canaryRound?: CanaryRound
  /** Whether the list is checked: inferred, then measured by the canary or proven by a refused row. */
  private readonly known: RunEnforcement

  constructor(
    readonly probes: readonly PlannedProbe[],
    private readonly adapter: PlatformAdapter,
    options: Partial<EngineOptions> = {},
    enforcement: WhitelistEnforcement = { enforced: true, reasons: [] },
    private readonly clock: Clock = systemClock,
  ) {
    this.options = mergeOptions(options)
    this.limits = adapter.limits ?? DEFAULT_LIMITS
    this.pools = effectivePools(this.options, this.limits)
    this.results = probes.map(() => undefined)
    this.slots = new TaskSlots(clock, adapter.reportsSlotRelease, this.options.closeGraceMs, () =>
      this.pump(),
    )
    this.deadline = new RunDeadline(clock, () => this.cancel('deadline'))
    this.known = new RunEnforcement(enforcement, (m) => emit(this.listeners, 'canary', m))
  }

  /** Listens to a run's events; returns the removal. */
  on<K extends keyof EngineEvents>(event: K, listener: Listener<K>): () => void {
    return listen(this.listeners, event, listener)
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
      for (const index of this.queues[pool])
        this.settle(index, skippedResult(this.probes[index], reason), false)
      this.queues[pool] = []
    }
    for (const index of Array.from(this.running.keys()))
      this.settle(index, skippedResult(this.probes[index], reason), false)
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
    this.deadline.hold()
    emit(this.listeners, 'paused', { paused: true })
  }

  /** Back in the foreground: the queue (with the interrupted probes) runs on, the deadline clock restarts. */
  resume(): void {
    if (!this.paused) return
    this.paused = false
    emit(this.listeners, 'paused', { paused: false })
    if (!this.finish) return
    if (this.requeued > 0) emit(this.listeners, 'notice', { kind: 'background', requeued: this.requeued })
    this.deadline.resume()
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
    emit(this.listeners, 'start', { ids: indexes.map((i) => this.probes[i].id) })
    emit(this.listeners, 'progress', this.progress())
    this.runStartedAt = this.clock.now()
    const canary = this.options.canary && indexes.length > 0 ? this.options.canary : undefined
    const deadlineMs = policy.runDeadlineMs(this.options, this.timeNeeded(), canary !== undefined)
    if (deadlineMs > this.options.deadlineMs)
      emit(this.listeners, 'notice', { kind: 'deadline_grown', deadlineMs })
    this.deadline.set(deadlineMs, this.paused)
    if (canary) {
      // The canary's calls first, in slots the host left free; probes wait until it decided or its deadline passed.
      this.canaryRound = new CanaryRound(this.adapter, this.slots, this.clock, this.pauses, () =>
        this.endCanary(),
      )
      this.canaryRound.launch(canary, this.options, this.limits)
    }
    this.pump()
    this.maybeFinish()
    return promise
  }

  private poolOf(index: number): Pool {
    return poolOf(this.probes[index].category)
  }

  /** What is left (queued and running), per pool, timed by the policy's neededMs. */
  private timeNeeded(): number {
    const waiting = { http: this.queues.http.length, socket: this.queues.socket.length }
    this.running.forEach((_, index) => waiting[this.poolOf(index)]++)
    return policy.neededMs(this.options, waiting, this.pools)
  }

  /** After a pool shrank: move the deadline out if what is left no longer fits (growDeadline only). */
  private growDeadlineIfNeeded(): void {
    if (!this.options.growDeadline) return
    const end = this.deadline.extendTo(this.timeNeeded(), this.paused)
    if (end !== undefined)
      emit(this.listeners, 'notice', { kind: 'deadline_grown', deadlineMs: end - this.runStartedAt })
  }

  /** The canary is over (answered, its deadline, or `cut` by cancel): decide, then let the probes go. */
  private endCanary(cut = false): void {
    const round = this.canaryRound
    if (!round) return
    this.canaryRound = undefined
    const interrupted = cut || this.paused || this.pauses !== round.pausesAtStart
    this.known.learn(round.stop(this.known.whitelist, interrupted))
    this.pump()
    this.maybeFinish()
  }

  private pump(): void {
    if (this.paused || !this.finish || this.canaryRound) return
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
    const { perHost } = this.limits
    if (pool !== 'http' || perHost === undefined) return 0
    const urls = (indexes: number[]) => indexes.map((i) => this.probes[i].url)
    const running = Array.from(this.running.keys()).filter((i) => this.poolOf(i) === 'http')
    return policy.nextLaunchable(urls(this.queues.http), urls(running), perHost)
  }

  private launch(index: number): void {
    this.slots.active[this.poolOf(index)]++
    const start = this.clock.now()
    const run = newRun(index, start, this.pauses)
    this.running.set(index, run)
    run.deadlineTimer = this.clock.setTimeout(() => {
      // No answer across a hide: the platform held it back (or its callback never came); try again.
      if (this.overlappedHide(run))
        this.interrupted(run, 'timeout: no answer while the mini-program was in the background')
      else this.settle(index, this.failed(run, policy.timeoutError(this.options.timeoutMs)))
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
    const { slowMs, retry } = this.options
    if (outcome.reached) {
      const probe = this.probes[index]
      const { enforced } = this.known.whitelist
      return this.settle(
        index,
        reachedResult(probe, run.attempt, this.elapsed(run), outcome, slowMs, enforced),
      )
    }
    const { codes } = this.adapter
    const hidden = this.overlappedHide(run)
    const now = this.clock.now()
    const verdict = policy.judgeFailure(outcome, codes, hidden, retry, run.attempt, now, deadlineAt)
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
    // A row refused as not in the domain list proves the list is checked: the passes shown are passes.
    if (this.known.failed(this.probes[index].category, outcome, verdict.error))
      for (const i of proveAll(this.results))
        emit(this.listeners, 'result', { result: this.results[i]!, index: i })
    this.settle(index, this.failed(run, verdict.error))
  }

  /** `too_many` persists: shrink the pool to the slots that opened, requeue the probe; false when none did. */
  private shrinkAndRequeue(run: Running): boolean {
    const pool = this.poolOf(run.index)
    // Probes of this pool that hold a platform slot: not refused on their last call (this one is).
    let others = 0
    this.running.forEach((r) => {
      if (r !== run && r.holding && this.poolOf(r.index) === pool) others++
    })
    const size = policy.shrunkPool(this.pools[pool], others)
    if (size === undefined) return false
    this.unrun(run)
    this.pools[pool] = size
    this.queues[pool].unshift(run.index)
    // Said each time the figure changes; listeners keep the latest (refusals arrive one by one).
    if (pool === 'socket')
      emit(this.listeners, 'notice', policy.hostSocketsNotice(this.limits, this.pools.socket))
    this.growDeadlineIfNeeded()
    this.pump()
    return true
  }

  /** A probe the platform interrupted while paused: back to the queue, or `aborted` after too many times. */
  private interrupted(run: Running, errMsg: string, errno?: number): void {
    const index = run.index
    const count = (this.interruptions.get(index) ?? 0) + 1
    this.interruptions.set(index, count)
    const aborted = policy.abortedAfter(count, this.options.maxInterruptions, errMsg, errno)
    if (aborted) return this.settle(index, this.failed(run, aborted))
    this.unrun(run)
    this.queues[this.poolOf(index)].unshift(index)
    this.requeued++
    // Heard back in the foreground: said now (in the background, resume() says it).
    if (!this.paused) emit(this.listeners, 'notice', { kind: 'background', requeued: this.requeued })
    emit(this.listeners, 'progress', this.progress())
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

  /** The one place a probe ends: its timers are cleared and its task released, whatever ended it. */
  private settle(index: number, result: ProbeResult, pumpAfter = true): void {
    if (this.results[index]) return
    const run = this.running.get(index)
    if (run) this.unrun(run)
    this.results[index] = result
    emit(this.listeners, 'result', { result, index })
    emit(this.listeners, 'progress', this.progress())
    if (!pumpAfter) return
    this.pump()
    this.maybeFinish()
  }

  private maybeFinish(): void {
    const left = this.running.size + this.queues.http.length + this.queues.socket.length
    if (!this.finish || this.canaryRound || left > 0) return
    const finish = this.finish
    this.finish = undefined
    this.current = undefined
    this.deadline.clear()
    const results = this.results.filter((r): r is ProbeResult => r !== undefined)
    emit(this.listeners, 'done', { results, cancelled: this.cancelled })
    finish(results)
  }
}
