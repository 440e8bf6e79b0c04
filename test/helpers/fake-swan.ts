import { createFakeMini, FakeMini, FakeMiniOptions, MiniBehaviour, MiniCall } from './fake-mini'

/** A fake `swan` (see fake-mini.ts for what it models and from which docs). */
export function createFakeSwan(script: (call: MiniCall) => MiniBehaviour, o: FakeMiniOptions): FakeMini {
  return createFakeMini('swan', script, o)
}
