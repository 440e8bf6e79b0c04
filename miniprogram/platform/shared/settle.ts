import { OutcomeCallback, RawOutcome } from '../../core/adapter'

/**
 * One call's reporting, as in the wx adapter: the first report goes to `done`, everything after it (double
 * callbacks, callbacks after abort) is dropped. `release` runs before `done`, so the platform task is freed
 * before the engine (which may start the next call from inside `done`) hears of it.
 */
export function settleOnce(done: OutcomeCallback) {
  let settled = false
  return {
    report(outcome: RawOutcome, release?: () => void): boolean {
      if (settled) return false
      settled = true
      if (release) release()
      done(outcome)
      return true
    },
    silence(): void {
      settled = true
    },
    get settled(): boolean {
      return settled
    },
  }
}

/** Runs `fn`, ignoring what it throws: releasing a task that is already gone must not fail a probe. */
export function quietly(fn: () => unknown): void {
  try {
    fn()
  } catch {
    // Already released, or never started.
  }
}
