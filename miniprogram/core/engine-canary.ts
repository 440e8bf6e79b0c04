/*
 * The canary's round inside a run (mechanism): its calls, made before any probe, each in a pool slot the host left
 * free, with their own deadline; each answer's task released at once. What the answers mean is core/canary.ts's
 * (canaryVerdict, applyCanary).
 */
import {
  OPERATION,
  PlatformAdapter,
  ProbeCallOptions,
  ProbeTarget,
  ProbeTask,
  RawOutcome,
  TaskLimits,
} from './adapter'
import {
  answerOf,
  applyCanary,
  CanaryCall,
  canaryVerdict,
  EnforcementRecord,
  provenByRefusal,
} from './canary'
import { Clock } from './clock'
import { canaryFits } from './engine-policy'
import { EngineOptions, poolOf } from './engine-options'
import { Slot, TaskSlots } from './engine-tasks'
import { WhitelistEnforcement } from './environment'
import { Category, ErrorCategory } from './vocabulary'

type Measured = ReturnType<typeof applyCanary>

/**
 * What a run knows of the whitelist: the inference it started with, then the canary's verdict or a refused row's
 * proof (core/canary.ts), each said to the run's listeners (`said`) as it is learnt.
 */
export class RunEnforcement {
  record?: EnforcementRecord

  constructor(
    public whitelist: WhitelistEnforcement,
    private readonly said: (m: Measured) => void,
  ) {}

  /** The run's from now on, said; false when nothing was learnt. */
  learn(m: Measured | undefined): boolean {
    if (!m) return false
    this.whitelist = m.whitelist
    this.record = m.record
    this.said(m)
    return true
  }

  /**
   * A row's failure: refused as not in the domain list, it proves the list is checked (provenByRefusal). True when
   * the run learnt from it.
   */
  failed(api: Category, outcome: RawOutcome, e: { category: ErrorCategory; parsedCode?: string }): boolean {
    if (e.category !== 'not_whitelisted') return false
    const answer = answerOf(api, outcome, { category: e.category, code: e.parsedCode })
    return this.learn(provenByRefusal(this.whitelist, this.record, answer))
  }
}

interface Entry {
  call: CanaryCall
  task?: ProbeTask
  slot: Slot
  settled: boolean
}

export class CanaryRound {
  private readonly roundEntries: Entry[] = []
  private roundTimer?: unknown
  private roundOver = false

  /**
   * `pausesAtStart`: the engine's pause count when the round began. `answered`: every call answered, or the
   * round's deadline passed (called once, unless stopped first).
   */
  constructor(
    private readonly adapter: PlatformAdapter,
    private readonly slots: TaskSlots,
    private readonly clock: Clock,
    readonly pausesAtStart: number,
    private readonly answered: () => void,
  ) {}

  /** Makes the calls that fit (a pool with no slot free: that call is not made), then waits for them. */
  launch(targets: readonly ProbeTarget[], options: EngineOptions, limits: TaskLimits): void {
    let launching = true
    for (const target of targets) {
      const pool = poolOf(target.category)
      if (!canaryFits(options, limits, pool, this.slots.used(pool))) continue
      const callOptions: ProbeCallOptions = { timeoutMs: options.canaryTimeoutMs }
      const slot = this.slots.open(pool, callOptions)
      const entry: Entry = { call: { category: target.category }, slot, settled: false }
      this.roundEntries.push(entry)
      this.slots.active[pool]++
      const done = (outcome: RawOutcome) => {
        if (entry.settled || this.roundOver) return
        entry.call.outcome = outcome
        this.settle(entry)
        if (!launching && this.roundEntries.every((c) => c.settled)) this.answered()
      }
      try {
        entry.task = this.adapter[OPERATION[target.category]](target, callOptions, done)
      } catch (e) {
        this.slots.free(slot)
        done({ reached: false, errMsg: e instanceof Error ? e.message : String(e) })
      }
    }
    launching = false
    if (this.roundEntries.every((c) => c.settled)) this.answered()
    else this.roundTimer = this.clock.setTimeout(() => this.answered(), options.canaryTimeoutMs)
  }

  /**
   * Ends the round (answered, its deadline, or cut short), every task released, and decides: the run's
   * enforcement from now on, and the record for the report. `interrupted` (cut, or across a hide): undecided.
   */
  stop(enforcement: WhitelistEnforcement, interrupted: boolean): Measured {
    this.roundOver = true
    this.clock.clearTimeout(this.roundTimer)
    for (const entry of this.roundEntries) this.settle(entry)
    const calls = this.roundEntries.map((c) => c.call)
    return applyCanary(enforcement, canaryVerdict(calls, this.adapter.codes, interrupted))
  }

  /** A call ended: its task released, its slot counted until the platform frees it. */
  private settle(entry: Entry): void {
    if (entry.settled) return
    entry.settled = true
    this.slots.active[entry.slot.pool]--
    const task = entry.task
    entry.task = undefined
    try {
      task?.abort()
    } catch {
      // Releasing is best effort, as for a probe's task.
    }
    this.slots.linger(entry.slot)
  }
}
