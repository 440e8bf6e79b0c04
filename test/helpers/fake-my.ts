import { createFakeMini, FakeMini, FakeMiniOptions, MiniBehaviour, MiniCall } from './fake-mini'

/** A fake `my` (see fake-mini.ts for what it models and from which docs). */
export function createFakeMy(script: (call: MiniCall) => MiniBehaviour, o: FakeMiniOptions): FakeMini {
  return createFakeMini('my', script, o)
}
