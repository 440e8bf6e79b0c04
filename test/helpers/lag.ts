/**
 * How much time the machine took from this process: a 5 ms interval timer that adds up how late it fired.
 *
 * The real-socket tests (test/e2e) cannot run on a manual clock: the servers, the kernel and the adapter's own
 * deadlines all run on real time. What they assert is the code's own delay ("settled within its deadline plus
 * 150 ms"); on a busy machine the event loop stalls for reasons that are not the code's, and every stall shows up
 * here as lateness. A bound written `limit + lag.ms()` holds the code to its limit net of what the machine took,
 * so another CPU-heavy job beside `npm test` cannot fail it, while a probe that really waits too long still does.
 */
export interface LagMeter {
  /** Total lateness observed so far, in ms. */
  ms(): number
  stop(): number
}

const TICK_MS = 5

export function lagMeter(): LagMeter {
  let total = 0
  let last = performance.now()
  const timer = setInterval(() => {
    const now = performance.now()
    total += Math.max(0, now - last - TICK_MS)
    last = now
  }, TICK_MS)
  timer.unref()
  // Lateness up to now, including a tick that is overdue at this very moment.
  const ms = () => total + Math.max(0, performance.now() - last - TICK_MS)
  return {
    ms,
    stop: () => {
      clearInterval(timer)
      return ms()
    },
  }
}

/**
 * Polls `cond` every 5 ms until it holds or `budgetMs` of the code's time has passed (wall time minus the lag
 * measured meanwhile); resolves whether it holds.
 */
export async function holdsWithin(cond: () => boolean, budgetMs: number): Promise<boolean> {
  const lag = lagMeter()
  const t0 = performance.now()
  try {
    while (!cond()) {
      if (performance.now() - t0 - lag.ms() > budgetMs) return cond()
      await new Promise((r) => setTimeout(r, 5))
    }
    return true
  } finally {
    lag.stop()
  }
}
