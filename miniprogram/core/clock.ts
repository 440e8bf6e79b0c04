/** Time and timers, injected so tests and benches can drive them; the default is the JS runtime's own. */
export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

// Every runtime we run on (WeChat's JSCore/V8, Node) has these globals; core declares no DOM or Node types,
// so they are declared here for this module only (not via globalThis, which older iOS JSCore lacks).
declare function setTimeout(fn: () => void, ms: number): unknown
declare function clearTimeout(handle: unknown): void

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle),
}
