/** Time and timers, injected so tests and benches can drive them; the default is the JS runtime's own. */
export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

// setTimeout exists in every JS runtime we run on (WeChat's JSCore/V8, Node); core declares no DOM or Node
// types, so it is reached through globalThis.
const g = globalThis as unknown as {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => g.setTimeout(fn, ms),
  clearTimeout: (handle) => g.clearTimeout(handle),
}
