/*
 * The whole-run deadline (mechanism): one timer whose clock stops while the run is paused and runs on from what
 * was left when it resumes. When to move it is the policy's (core/engine-policy.ts).
 */
import { Clock } from './clock'

export class RunDeadline {
  private timer?: unknown
  /** When it fires (clock time), while its clock runs. */
  private at = 0
  /** Time left (ms), while its clock is stopped. */
  private left = 0

  constructor(
    private readonly clock: Clock,
    private readonly fire: () => void,
  ) {}

  /** Fires `ms` from now; while `paused`, holds `ms` until resume(). */
  set(ms: number, paused: boolean): void {
    if (paused) {
      this.left = ms
      return
    }
    this.clock.clearTimeout(this.timer)
    this.at = this.clock.now() + ms
    this.timer = this.clock.setTimeout(this.fire, ms)
  }

  /** The run paused: the clock stops, what is left is kept. */
  hold(): void {
    this.left = Math.max(0, this.at - this.clock.now())
    this.clear()
  }

  /** The run resumed: what was left runs on. */
  resume(): void {
    this.set(this.left, false)
  }

  /** Moves it out to fire `ms` from now if it would fire before; returns when it now fires (clock time). */
  extendTo(ms: number, paused: boolean): number | undefined {
    const now = this.clock.now()
    if (now + ms <= (paused ? now + this.left : this.at)) return undefined
    this.set(ms, paused)
    return now + ms
  }

  clear(): void {
    this.clock.clearTimeout(this.timer)
    this.timer = undefined
  }
}
