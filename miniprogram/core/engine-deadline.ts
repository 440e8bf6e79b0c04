/*
 * The whole-run deadline (mechanism): one timer whose clock stops while the run is paused and runs on from what
 * was left when it resumes. When to move it is the policy's (core/engine-policy.ts).
 */
import { Clock } from './clock'

export class RunDeadline {
  private runTimer?: unknown
  /** When it fires (clock time), while its clock runs. */
  private firesAt = 0
  /** Time left (ms), while its clock is stopped. */
  private msLeft = 0

  constructor(
    private readonly clock: Clock,
    private readonly fire: () => void,
  ) {}

  /** Fires `ms` from now; while `paused`, holds `ms` until resume(). */
  set(ms: number, paused: boolean): void {
    if (paused) {
      this.msLeft = ms
      return
    }
    this.clock.clearTimeout(this.runTimer)
    this.firesAt = this.clock.now() + ms
    this.runTimer = this.clock.setTimeout(this.fire, ms)
  }

  /** The run paused: the clock stops, what is left is kept. */
  hold(): void {
    this.msLeft = Math.max(0, this.firesAt - this.clock.now())
    this.clear()
  }

  /** The run resumed: what was left runs on. */
  resume(): void {
    this.set(this.msLeft, false)
  }

  /** Moves it out to fire `ms` from now if it would fire before; returns when it now fires (clock time). */
  extendTo(ms: number, paused: boolean): number | undefined {
    const now = this.clock.now()
    if (now + ms <= (paused ? now + this.msLeft : this.firesAt)) return undefined
    this.set(ms, paused)
    return now + ms
  }

  clear(): void {
    this.clock.clearTimeout(this.runTimer)
    this.runTimer = undefined
  }
}
