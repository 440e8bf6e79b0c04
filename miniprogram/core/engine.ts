import { OPERATION, PlatformAdapter, ProbeTask, RawOutcome } from './adapter'
import { classify, ErrorCategory } from './classifier'
import { Clock, systemClock } from './clock'
import { WhitelistEnforcement } from './environment'
import { PlannedProbe } from './plan'
import { Category, Purpose } from './types'

export type ProbeStatus = 'pass' | 'warn' | 'fail' | 'skipped'
/** Why a reached probe is only a warning. */
export type Caveat = 'http' | 'slow' | 'not_enforced'
export type SkipReason = 'cancelled' | 'deadline'

export interface ProbeTiming {
  totalMs: number
  dnsMs?: number
  connectMs?: number
  tlsMs?: number
  ttfbMs?: number
}

export interface ProbeResult {
  id: string
  category: Category
  url: string
  purpose: Purpose
  status: ProbeStatus
  error?: { category: ErrorCategory; errMsg: string; errno?: number; code?: string }
  statusCode?: number
  /** Reached probes: what the connection did after the answer (RawOutcome.after). */
  after?: string
  timing?: ProbeTiming
  caveats?: Caveat[]
  skipReason?: SkipReason
  /** Platform calls made, more than 1 only after `too_many` retries. */
  attempts?: number
}

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
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  timeoutMs: 10_000,
  deadlineMs: 120_000,
  concurrency: { http: 10, socket: 5 },
  hostTasks: { http: 0, socket: 0 },
  slowMs: 3_000,
  retry: { attempts: 3, baseDelayMs: 200 },
}

/** The platform's own limits: 10 HTTP-like tasks and 5 WebSockets at once. */
export const PLATFORM_LIMITS = { http: 10, socket: 5 }

export interface RunProgress {
  total: number
  done: number
  running: number
  pass: number
  warn: number
  fail: number
  skipped: number
}

export interface EngineEvents {
  start: { ids: string[] }
  result: { result: ProbeResult; index: number }
  progress: RunProgress
  done: { results: ProbeResult[]; cancelled: boolean }
}

type Listener<K extends keyof EngineEvents> = (payload: EngineEvents[K]) => void

type Pool = 'http' | 'socket'
const poolOf = (category: Category): Pool => (category === 'socket' ? 'socket' : 'http')

interface Running {
  index: number
  attempt: number
  task?: ProbeTask
  attemptStart: number
  deadlineTimer?: unknown
  backoffTimer?: unknown
}

/** Pool sizes after the host's own tasks; never below 1, and never above the platform's limit. */
export function effectivePools(options: EngineOptions): Record<Pool, number> {
  const size = (pool: Pool) =>
    Math.max(
      1,
      Math.min(PLATFORM_LIMITS[pool], options.concurrency[pool]) - Math.max(0, options.hostTasks[pool]),
    )
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
 */
export class ProbeEngine {
  readonly options: EngineOptions
  readonly pools: Record<Pool, number>
  private readonly results: (ProbeResult | undefined)[]
  private readonly listeners: { [K in keyof EngineEvents]?: Listener<K>[] } = {}
  private queues: Record<Pool, number[]> = { http: [], socket: [] }
  private running = new Map<number, Running>()
  private active: Record<Pool, number> = { http: 0, socket: 0 }
  private runDeadline?: unknown
  private finish?: (results: ProbeResult[]) => void
  private cancelled = false
  private current?: Promise<ProbeResult[]>

  constructor(
    readonly probes: readonly PlannedProbe[],
    private readonly adapter: PlatformAdapter,
    options: Partial<EngineOptions> = {},
    private readonly enforcement: WhitelistEnforcement = { enforced: true, reasons: [] },
    private readonly clock: Clock = systemClock,
  ) {
    this.options = mergeOptions(options)
    this.pools = effectivePools(this.options)
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
    for (const index of [...this.running.keys()]) this.settle(index, this.skipped(index, reason), false)
    this.maybeFinish()
  }

  private runIndexes(indexes: number[]): Promise<ProbeResult[]> {
    if (this.current) return Promise.reject(new Error('a run is already in progress'))
    this.cancelled = false
    for (const i of indexes) this.results[i] = undefined
    this.queues = { http: [], socket: [] }
    for (const i of indexes) this.queues[poolOf(this.probes[i].category)].push(i)
    const promise = new Promise<ProbeResult[]>((resolve) => {
      this.finish = resolve
    })
    this.current = promise
    this.emit('start', { ids: indexes.map((i) => this.probes[i].id) })
    this.emit('progress', this.progress())
    this.runDeadline = this.clock.setTimeout(() => this.cancel('deadline'), this.options.deadlineMs)
    this.pump()
    this.maybeFinish()
    return promise
  }

  private pump(): void {
    for (const pool of ['socket', 'http'] as const) {
      while (!this.cancelled && this.active[pool] < this.pools[pool] && this.queues[pool].length > 0) {
        this.launch(this.queues[pool].shift() as number)
      }
    }
  }

  private launch(index: number): void {
    const probe = this.probes[index]
    const pool = poolOf(probe.category)
    this.active[pool]++
    const start = this.clock.now()
    const run: Running = { index, attempt: 0, attemptStart: start }
    this.running.set(index, run)
    run.deadlineTimer = this.clock.setTimeout(() => {
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
    run.attemptStart = this.clock.now()
    const attempt = run.attempt
    const remaining = Math.max(1, deadlineAt - run.attemptStart)
    const done = (outcome: RawOutcome) => {
      // Late, repeated or stale callbacks (an older attempt's) are ignored.
      if (this.running.get(run.index) !== run || run.attempt !== attempt) return
      this.onOutcome(run, outcome, deadlineAt)
    }
    try {
      run.task = this.adapter[OPERATION[probe.category]](probe, { timeoutMs: remaining }, done)
    } catch (e) {
      const errMsg = e instanceof Error ? e.message : String(e)
      this.onOutcome(run, { reached: false, errMsg }, deadlineAt)
    }
  }

  private onOutcome(run: Running, outcome: RawOutcome, deadlineAt: number): void {
    const index = run.index
    if (outcome.reached) {
      this.settle(index, this.reached(index, run, outcome))
      return
    }
    const { category } = classify(outcome)
    const backoff = this.options.retry.baseDelayMs * 2 ** (run.attempt - 1)
    const now = this.clock.now()
    if (category === 'too_many' && run.attempt <= this.options.retry.attempts && now + backoff < deadlineAt) {
      releaseTask(run)
      run.backoffTimer = this.clock.setTimeout(() => {
        run.backoffTimer = undefined
        if (this.running.get(index) === run) this.attempt(run, deadlineAt)
      }, backoff)
      return
    }
    this.settle(
      index,
      this.failed(index, run, {
        category,
        errMsg: outcome.errMsg ?? '',
        errno: outcome.errno,
        code: outcome.code,
      }),
    )
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
    if (run) {
      this.running.delete(index)
      this.clock.clearTimeout(run.deadlineTimer)
      if (run.backoffTimer !== undefined) this.clock.clearTimeout(run.backoffTimer)
      releaseTask(run)
      this.active[poolOf(this.probes[index].category)]--
    }
    this.results[index] = result
    this.emit('result', { result, index })
    this.emit('progress', this.progress())
    if (pumpAfter) {
      this.pump()
      this.maybeFinish()
    }
  }

  private maybeFinish(): void {
    if (!this.finish || this.running.size > 0 || this.queues.http.length + this.queues.socket.length > 0)
      return
    const finish = this.finish
    this.finish = undefined
    this.current = undefined
    this.clock.clearTimeout(this.runDeadline)
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
