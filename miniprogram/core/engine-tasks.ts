/*
 * The engine's bookkeeping of tasks (mechanism): a probe in flight (its attempt, task, slot and timers), and the
 * platform's task slots per pool, held from the call until the platform frees them (a closing socket: until its
 * onClose or `graceMs`). Whether a slot may be taken is the scheduler's and the policy's (core/engine.ts,
 * core/engine-policy.ts).
 */
import { ProbeCallOptions, ProbeTask } from './adapter'
import { Clock } from './clock'
import { Pool } from './engine-options'

/** A platform task slot of one call: counted as held from the call until the adapter says it is free. */
export interface Slot {
  pool: Pool
  freed: boolean
  /** Counted in `closing` (the task was released, the platform has not freed it yet). */
  lingering: boolean
  timer?: unknown
}

export class TaskSlots {
  /** Tasks in flight per pool: a probe from launch to settle (across its retries), a canary call until it ends. */
  readonly active: Record<Pool, number> = { http: 0, socket: 0 }
  /** Slots of released tasks the platform has not freed yet (closing sockets), per pool. */
  private closing: Record<Pool, number> = { http: 0, socket: 0 }

  /**
   * `reportsRelease`: the adapter calls `released` when a slot is really free (else a slot is free when its
   * task is released). `onFreed`: a lingering slot was freed, the pool has room again.
   */
  constructor(
    private readonly clock: Clock,
    private readonly reportsRelease: boolean | undefined,
    private readonly graceMs: number,
    private readonly onFreed: () => void,
  ) {}

  /** Slots of the pool in use: tasks in flight and released ones not freed yet. */
  used(pool: Pool): number {
    return this.active[pool] + this.closing[pool]
  }

  /** A new call's slot; `options.released` frees it where the adapter reports release. */
  open(pool: Pool, options: ProbeCallOptions): Slot {
    const slot: Slot = { pool, freed: !this.reportsRelease, lingering: false }
    if (!slot.freed) options.released = () => this.free(slot)
    return slot
  }

  /** The call's task was released (settled, aborted, refused): its slot stays counted until freed, at most graceMs. */
  linger(slot: Slot | undefined): void {
    if (!slot || slot.freed || slot.lingering) return
    slot.lingering = true
    this.closing[slot.pool]++
    slot.timer = this.clock.setTimeout(() => this.free(slot), this.graceMs)
  }

  /** The platform freed the slot (or nothing was created, or the grace ran out). */
  free(slot: Slot): void {
    if (slot.freed) return
    slot.freed = true
    if (!slot.lingering) return
    slot.lingering = false
    this.clock.clearTimeout(slot.timer)
    this.closing[slot.pool]--
    this.onFreed()
  }
}

/** A probe in flight: from its launch to its result, across its attempts. */
export interface Running {
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

/** A probe's run at its launch (`now`; `pauses`: the engine's pause count), before its first attempt. */
export const newRun = (index: number, now: number, pauses: number): Running => ({
  index,
  attempt: 0,
  holding: false,
  attemptStart: now,
  pausesAtStart: pauses,
})

/** Releases the current attempt's task, if any. */
export function releaseTask(run: Running): void {
  const task = run.task
  run.task = undefined
  if (!task) return
  try {
    task.abort()
  } catch {
    // Releasing is best effort: a platform that throws on abort of a finished task changes nothing.
  }
}
