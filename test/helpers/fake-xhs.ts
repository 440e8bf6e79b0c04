import { createFakeMini, FakeMini, FakeMiniOptions, MiniBehaviour, MiniCall } from './fake-mini'

/** A fake `xhs` (see fake-mini.ts: XHS_RULES for what it models and from which docs). */
export function createFakeXhs(script: (call: MiniCall) => MiniBehaviour, o: FakeMiniOptions): FakeMini {
  return createFakeMini('xhs', script, o)
}
