import { createFakeMini, FakeMini, FakeMiniOptions, MiniBehaviour, MiniCall } from './fake-mini'

/** A fake `tt` (see fake-mini.ts for what it models and from which docs). */
export function createFakeTt(script: (call: MiniCall) => MiniBehaviour, o: FakeMiniOptions): FakeMini {
  return createFakeMini('tt', script, o)
}
