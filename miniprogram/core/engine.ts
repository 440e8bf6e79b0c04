import {
  OPERATION,
  PlatformAdapter,
  ProbeCallOptions,
  ProbeTarget,
  ProbeTask,
  RawOutcome,
  TaskLimits,
} from './adapter'
import { applyCanary, CANARY_TIMEOUT_MS, CanaryCall, canaryVerdict, EnforcementRecord } from './canary'
import { classify } from './classifier'
import { Clock, systemClock } from './clock'
import { WhitelistEnforcement } from './environment'
import { PlannedProbe } from './plan'
import { ProbeResult, ProbeTiming, RunProgress } from './result'
import { Caveat, Category, ErrorCategory, SkipReason } from './vocabulary'

/**
 * `error.code` of a probe that could not start because something local failed (the wx adapter: the upload
 * probe's file could not be written). The engine files it as `bad_request` ("the call itself was invalid …
 * missing file"), never as a network failure; the panel shows a storage hint for it.
 */
export const LOCAL_STORAGE_CODE = 'LOCAL_STORAGE'

/** Things worth saying once about a run, beside the rows. */
export type EngineNotice =
  /**
   * The platform opened only `opened` sockets: the host app holds `held` of the platform's `max` (absent in
   * notices from before `max` existed: 5).
   */
  | { kind: 'host_sockets'; held: number; opened: number; max?: number }
  /** The run waited in the background (pause) and re-queued `requeued` interrupted probes. */
  | { kind: 'background'; requeued: number }
  /** The run deadline was moved to fit the waves the pools need: now `deadlineMs` from the start. */
  | { kind: 'deadline_grown'; deadlineMs: number }

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

/**
 * WeChat's errno for a task interrupted in the background (600003, "interrupted"), and its wordings: "fail
 * interrupted" (https://developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html) and
 * "network api interrupted in suspend state" (the refusal of a call made while suspended).
 */
const INTERRUPTED_ERRNO = 600003
const INTERRUPTED = /interrupted/i

/** The host of a URL, for per-host limits (lower case, no port). */
const hostOf = (url: string): string => (/^[a-z]+:\/\/([^/:?#]+)/i.exec(url)?.[1] ?? url).toLowerCase()

export interface EngineEvents {
  start: { ids: string[] }
  result: { result: ProbeResult; index: number }
  progress: RunProgress
  notice: EngineNotice
  /** The run paused (app in the background) or resumed. */
  paused: { paused: boolean }
  done: { results: ProbeResult[]; cancelled: boolean }
  /** The canary decided (or could not): the run's enforcement from now on, and the record for the report. */
  canary: { whitelist: WhitelistEnforcement; record: EnforcementRecord }
}

type Listener<K extends keyof EngineEvents> = (payload: EngineEvents[K]) => void

type Pool = 'http' | 'socket'
const poolOf = (category: Category): Pool => (category === 'socket' ? 'socket' : 'http')

/** A platform task slot of one attempt: counted as held from the call until the adapter says it is free. */
interface Slot {
  pool: Pool
  freed: boolean
  /** Counted in `closing` (the task was released, the platform has not freed it yet). */
  lingering: boolean
  timer?: unknown
}

interface Running {
  index: number
  attempt: number
  /** The engine's pause count when the current attempt started: a different count now means it overlapped a hide. */
  pausesAtStart: number
  slot?: Slot
  /** Calls refused with `too_many` in a row. */
  tooMany: number
  /** The current call was not refused for the task limit (it holds, or may hold, a platform slot). */
  holding: boolean
  task?: ProbeTask
  attemptStart: number
  deadlineTimer?: unknown
  backoffTimer?: unknown
}

/** Pool sizes after the host's own tasks; never below 1, and never above the platform's limit. */
export function effectivePools(
  options: EngineOptions,
  limits: TaskLimits = DEFAULT_LIMITS,
): Record<Pool, number> {
  const size = (pool: Pool) =>
    Math.max(1, Math.min(limits[pool], options.concurrency[pool]) - Math.max(0, options.hostTasks[pool]))
  return { http: size('http'), socket: size('socket') }
}

function mergeOptions(partial: Partial<EngineOptions>): EngineOptions {
  return {
    ...DEFAULT_ENGINE_OPTIONS,
    ...partial,
    concurrency: { ...DEFAULT_ENGINE_OPTIONS.concurrency, ...partial.concurrency },
    hostTasks: { ...DEFAULT_ENGINE_OPTIONS.hostTasks, ...partial.hostTasks },
    retry: { ...DEFAULT_ENGINE_OPTIONS.retry, ...partial.retry },
  }
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
  private readonly results: (ProbeResult | undefined)[]
  private readonly listeners: { [K in keyof EngineEvents]?: Listener<K>[] } = {}
  private queues: Record<Pool, number[]> = { http: [], socket: [] }
  private running = new Map<number, Running>()
  private active: Record<Pool, number> = { http: 0, socket: 0 }
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
  /** Slots of released tasks the platform has not freed yet (closing sockets), per pool. */
  private closing: Record<Pool, number> = { http: 0, socket: 0 }
  /** The platform's limits (the adapter's own). */
  readonly limits: TaskLimits
  /** The canary's calls while it runs (probes wait), with its deadline timer. */
  private canaryCalls?: { call: CanaryCall; task?: ProbeTask; slot: Slot; settled: boolean }[]
  private canaryTimer?: unknown
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
    const p: RunProgress = {
      total: this.probes.length,
      done: 0,
      running: this.running.size,
      pass: 0,
      warn: 0,
      fail: 0,
      skipped: 0,
    }
    for (const r of this.results) {
      if (!r) continue
      p.done++
      p[r.status]++
    }
    return p
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
    for (const i of indexes) this.queues[poolOf(this.probes[i].category)].push(i)
    const promise = new Promise<ProbeResult[]>((resolve) => {
      this.finish = resolve
    })
    this.current = promise
    this.emit('start', { ids: indexes.map((i) => this.probes[i].id) })
    this.emit('progress', this.progress())
    this.runStartedAt = this.clock.now()
    const canary = this.options.canary && indexes.length > 0
    const needed = this.neededMs() + (canary && this.neededMs() > 0 ? this.options.canaryTimeoutMs : 0)
    const deadlineMs = this.options.growDeadline
      ? Math.max(this.options.deadlineMs, needed)
      : this.options.deadlineMs
    if (deadlineMs > this.options.deadlineMs) this.emit('notice', { kind: 'deadline_grown', deadlineMs })
    if (this.paused) this.deadlineLeft = deadlineMs
    else this.armDeadline(deadlineMs)
    if (canary && this.options.canary) this.startCanary(this.options.canary)
    this.pump()
    this.maybeFinish()
    return promise
  }

  private armDeadline(ms: number): void {
    this.clock.clearTimeout(this.runDeadline)
    this.deadlineAt = this.clock.now() + ms
    this.runDeadline = this.clock.setTimeout(() => this.cancel('deadline'), ms)
  }

  /**
   * How long what is left would take if every probe used its whole timeout: per pool, the waves it needs
   * (queued + running over the pool size) × (timeout + the retry backoffs), plus a second of slack.
   */
  private neededMs(): number {
    const { timeoutMs, retry } = this.options
    let backoffs = 0
    for (let k = 0; k < retry.attempts; k++) backoffs += retry.baseDelayMs * 2 ** k
    let waves = 0
    for (const pool of ['http', 'socket'] as const) {
      let n = this.queues[pool].length
      this.running.forEach((_, index) => {
        if (poolOf(this.probes[index].category) === pool) n++
      })
      waves = Math.max(waves, Math.ceil(n / this.pools[pool]))
    }
    return waves === 0 ? 0 : waves * (timeoutMs + backoffs) + 1000
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
   * The canary's calls, each in a pool slot the host left free (limit minus the host's tasks: never a task the
   * platform does not have for us); probes wait until it decided or its deadline passed.
   */
  private startCanary(targets: readonly ProbeTarget[]): void {
    const calls: NonNullable<ProbeEngine['canaryCalls']> = []
    this.canaryCalls = calls
    this.canaryPauses = this.pauses
    let launching = true
    for (const target of targets) {
      const pool = poolOf(target.category)
      const free = Math.min(this.limits[pool], this.options.concurrency[pool]) - this.options.hostTasks[pool]
      if (free - this.active[pool] - this.closing[pool] < 1) continue
      const slot: Slot = { pool, freed: !this.adapter.reportsSlotRelease, lingering: false }
      const entry: (typeof calls)[number] = { call: { category: target.category }, slot, settled: false }
      calls.push(entry)
      this.active[pool]++
      const options: ProbeCallOptions = { timeoutMs: this.options.canaryTimeoutMs }
      if (!slot.freed) options.released = () => this.slotFreed(slot)
      const done = (outcome: RawOutcome) => {
        if (entry.settled || this.canaryCalls !== calls) return
        entry.call.outcome = outcome
        this.canarySettle(entry)
        if (!launching && calls.every((c) => c.settled)) this.endCanary()
      }
      try {
        entry.task = this.adapter[OPERATION[target.category]](target, options, done)
      } catch (e) {
        this.slotFreed(slot)
        done({ reached: false, errMsg: e instanceof Error ? e.message : String(e) })
      }
    }
    launching = false
    if (calls.every((c) => c.settled)) this.endCanary()
    else this.canaryTimer = this.clock.setTimeout(() => this.endCanary(), this.options.canaryTimeoutMs)
  }

  /** A canary call ended: its task released, its slot counted until the platform frees it. */
  private canarySettle(entry: NonNullable<ProbeEngine['canaryCalls']>[number]): void {
    if (entry.settled) return
    entry.settled = true
    this.active[entry.slot.pool]--
    const task = entry.task
    entry.task = undefined
    try {
      task?.abort()
    } catch {
      // As releaseTask: best effort.
    }
    this.linger(entry.slot)
  }

  /**
   * The canary is over (all answered, its deadline, or `cut` by cancel): decide, then let the probes go. Cut,
   * or across a hide: undecided, whatever came.
   */
  private endCanary(cut = false): void {
    const calls = this.canaryCalls
    if (!calls) return
    this.canaryCalls = undefined
    this.clock.clearTimeout(this.canaryTimer)
    for (const c of calls) this.canarySettle(c)
    const interrupted = cut || this.paused || this.pauses !== this.canaryPauses
    const result = canaryVerdict(
      calls.map((c) => c.call),
      this.adapter.codes,
      interrupted,
    )
    const measured = applyCanary(this.enforcement, result)
    this.enforcement = measured.whitelist
    this.emit('canary', measured)
    this.pump()
    this.maybeFinish()
  }

  private pump(): void {
    if (this.paused || !this.finish || this.canaryCalls) return
    for (const pool of ['socket', 'http'] as const) {
      const queue = this.queues[pool]
      while (
        !this.cancelled &&
        this.active[pool] + this.closing[pool] < this.pools[pool] &&
        queue.length > 0
      ) {
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
    const busy: Record<string, number> = {}
    this.running.forEach((_, i) => {
      const h = hostOf(this.probes[i].url)
      if (poolOf(this.probes[i].category) === 'http') busy[h] = (busy[h] ?? 0) + 1
    })
    const queue = this.queues.http
    for (let k = 0; k < queue.length; k++)
      if ((busy[hostOf(this.probes[queue[k]].url)] ?? 0) < perHost) return k
    return -1
  }

  private launch(index: number): void {
    const probe = this.probes[index]
    const pool = poolOf(probe.category)
    this.active[pool]++
    const start = this.clock.now()
    const run: Running = {
      index,
      attempt: 0,
      tooMany: 0,
      holding: false,
      attemptStart: start,
      pausesAtStart: this.pauses,
    }
    this.running.set(index, run)
    run.deadlineTimer = this.clock.setTimeout(() => {
      if (this.overlappedHide(run)) {
        // No answer across a hide: the platform held it back (or its callback never came); try again.
        this.interrupted(run, 'timeout: no answer while the mini-program was in the background')
        return
      }
      const ms = this.options.timeoutMs
      this.settle(
        index,
        this.failed(index, run, { category: 'timeout', errMsg: `timeout: no answer within ${ms} ms` }),
      )
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
    const remaining = Math.max(1, deadlineAt - run.attemptStart)
    const done = (outcome: RawOutcome) => {
      // Late, repeated or stale callbacks (an older attempt's, or a refused one's during its backoff) are ignored.
      if (this.running.get(run.index) !== run || run.attempt !== attempt || !run.holding) return
      this.onOutcome(run, outcome, deadlineAt)
    }
    const slot: Slot = {
      pool: poolOf(probe.category),
      freed: !this.adapter.reportsSlotRelease,
      lingering: false,
    }
    run.slot = slot
    const options: ProbeCallOptions = { timeoutMs: remaining }
    if (!slot.freed) options.released = () => this.slotFreed(slot)
    try {
      run.task = this.adapter[OPERATION[probe.category]](probe, options, done)
    } catch (e) {
      // Nothing was created: nothing holds a slot.
      this.slotFreed(slot)
      const errMsg = e instanceof Error ? e.message : String(e)
      this.onOutcome(run, { reached: false, errMsg }, deadlineAt)
    }
  }

  /**
   * The attempt's task was released (settled, aborted, refused): its slot stays counted until the platform
   * frees it, at most `closeGraceMs`.
   */
  private linger(slot: Slot | undefined): void {
    if (!slot || slot.freed || slot.lingering) return
    slot.lingering = true
    this.closing[slot.pool]++
    slot.timer = this.clock.setTimeout(() => this.slotFreed(slot), this.options.closeGraceMs)
  }

  private slotFreed(slot: Slot): void {
    if (slot.freed) return
    slot.freed = true
    if (!slot.lingering) return
    slot.lingering = false
    this.clock.clearTimeout(slot.timer)
    this.closing[slot.pool]--
    this.pump()
  }

  /** The current attempt overlapped a hide: the run is paused, or was paused since the attempt started. */
  private overlappedHide(run: Running): boolean {
    return this.paused || run.pausesAtStart !== this.pauses
  }

  private onOutcome(run: Running, outcome: RawOutcome, deadlineAt: number): void {
    const index = run.index
    if (outcome.reached) {
      this.settle(index, this.reached(index, run, outcome))
      return
    }
    const local = outcome.code === LOCAL_STORAGE_CODE
    const { category, code: parsedCode } = local
      ? { category: 'bad_request' as ErrorCategory, code: undefined }
      : classify(outcome, this.adapter.codes)
    const interruptedByPlatform =
      outcome.errno === INTERRUPTED_ERRNO || INTERRUPTED.test(outcome.errMsg ?? '')
    if (!local && (interruptedByPlatform || this.overlappedHide(run))) {
      // In the background the platform interrupts requests and drops connecting sockets ("fail interrupted",
      // a close before open), and may say so only back in the foreground: that says nothing about the network
      // or a firewall.
      this.interrupted(run, outcome.errMsg ?? '', outcome.errno)
      return
    }
    if (category === 'too_many') {
      run.tooMany++
      run.holding = false
      const backoff = this.options.retry.baseDelayMs * 2 ** (run.attempt - 1)
      const now = this.clock.now()
      if (run.attempt <= this.options.retry.attempts && now + backoff < deadlineAt) {
        releaseTask(run)
        this.linger(run.slot)
        run.backoffTimer = this.clock.setTimeout(() => {
          run.backoffTimer = undefined
          if (this.running.get(index) === run) this.attempt(run, deadlineAt)
        }, backoff)
        return
      }
      if (this.shrinkAndRequeue(run)) return
    }
    this.settle(
      index,
      this.failed(index, run, {
        category,
        errMsg: outcome.errMsg ?? '',
        errno: outcome.errno,
        code: outcome.code,
        parsedCode,
      }),
    )
  }

  /**
   * The platform keeps refusing a slot while `others` of our probes hold one: it has only `others` for us.
   * Shrink the pool to that, put the probe back at the head of its queue, and say once what the host holds.
   * False when not even one slot opens (others = 0): then `too_many` is the probe's real answer.
   */
  private shrinkAndRequeue(run: Running): boolean {
    const pool = poolOf(this.probes[run.index].category)
    // Probes of this pool that hold a platform slot: not refused on their last call (this one is).
    let others = 0
    this.running.forEach((r) => {
      if (r !== run && r.holding && poolOf(this.probes[r.index].category) === pool) others++
    })
    if (others < 1) return false
    this.unrun(run)
    this.pools[pool] = Math.min(this.pools[pool], others)
    this.queues[pool].unshift(run.index)
    // Said each time the figure changes; listeners keep the latest (refusals arrive one by one).
    if (pool === 'socket') {
      this.emit('notice', {
        kind: 'host_sockets',
        held: this.limits.socket - this.pools.socket,
        opened: this.pools.socket,
        max: this.limits.socket,
      })
    }
    this.growDeadlineIfNeeded()
    this.pump()
    return true
  }

  /** A probe the platform interrupted while paused: back to the queue, or `aborted` after too many times. */
  private interrupted(run: Running, errMsg: string, errno?: number): void {
    const index = run.index
    const count = (this.interruptions.get(index) ?? 0) + 1
    this.interruptions.set(index, count)
    if (count > this.options.maxInterruptions) {
      this.settle(
        index,
        this.failed(index, run, {
          category: 'aborted',
          errMsg: `interrupted: the mini-program went to the background (${errMsg})`,
          errno,
        }),
      )
      return
    }
    this.unrun(run)
    this.queues[poolOf(this.probes[index].category)].unshift(index)
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
    this.linger(run.slot)
    this.active[poolOf(this.probes[run.index].category)]--
  }

  private base(index: number): Pick<ProbeResult, 'id' | 'category' | 'url' | 'purpose'> {
    const { id, category, url, purpose } = this.probes[index]
    return { id, category, url, purpose }
  }

  private reached(index: number, run: Running, outcome: RawOutcome): ProbeResult {
    const timing: ProbeTiming = {
      totalMs: Math.max(0, this.clock.now() - run.attemptStart),
      ...outcome.timing,
    }
    const caveats: Caveat[] = []
    let error: ProbeResult['error']
    if (outcome.upgradeRejected) {
      caveats.push('http')
      error = {
        category: 'http',
        errMsg: outcome.errMsg ?? `HTTP ${outcome.statusCode ?? '?'} instead of 101`,
      }
    }
    if (timing.totalMs > this.options.slowMs) caveats.push('slow')
    if (!this.enforcement.enforced) caveats.push('not_enforced')
    return {
      ...this.base(index),
      status: caveats.length > 0 ? 'warn' : 'pass',
      ...(error ? { error } : {}),
      ...(outcome.statusCode !== undefined ? { statusCode: outcome.statusCode } : {}),
      ...(outcome.after ? { after: outcome.after } : {}),
      timing,
      ...(caveats.length > 0 ? { caveats } : {}),
      attempts: run.attempt,
    }
  }

  private failed(index: number, run: Running, error: NonNullable<ProbeResult['error']>): ProbeResult {
    // Optional fields only where present (Object.fromEntries is missing on older iOS JSCore).
    const clean: NonNullable<ProbeResult['error']> = { category: error.category, errMsg: error.errMsg }
    if (error.errno !== undefined) clean.errno = error.errno
    if (error.code !== undefined) clean.code = error.code
    if (error.parsedCode !== undefined) clean.parsedCode = error.parsedCode
    return {
      ...this.base(index),
      status: 'fail',
      error: clean,
      timing: { totalMs: Math.max(0, this.clock.now() - run.attemptStart) },
      attempts: run.attempt,
    }
  }

  private skipped(index: number, reason: SkipReason): ProbeResult {
    return { ...this.base(index), status: 'skipped', skipReason: reason }
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
      this.canaryCalls ||
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
