/*
 * The ProbeResult of a settled probe (reached, failed or skipped) and a run's progress counts: what a row says,
 * from what the engine measured. Pure.
 */
import { RawOutcome } from './adapter'
import { PlannedProbe } from './plan'
import { ProbeResult, ProbeTiming, RunProgress } from './result'
import { Caveat, SkipReason } from './vocabulary'

const base = ({ id, category, url, purpose }: PlannedProbe) => ({ id, category, url, purpose })

/**
 * A probe whose server answered, `totalMs` after its last attempt started: a warning when slow (over `slowMs`),
 * when a socket's upgrade was refused, or when the run cannot prove the whitelist (`enforced` false).
 */
export function reachedResult(
  probe: PlannedProbe,
  attempts: number,
  totalMs: number,
  outcome: RawOutcome,
  slowMs: number,
  enforced: boolean,
): ProbeResult {
  const timing: ProbeTiming = { totalMs, ...outcome.timing }
  const caveats: Caveat[] = []
  let error: ProbeResult['error']
  if (outcome.upgradeRejected) {
    caveats.push('http')
    error = {
      category: 'http',
      errMsg: outcome.errMsg ?? `HTTP ${outcome.statusCode ?? '?'} instead of 101`,
    }
  }
  if (timing.totalMs > slowMs) caveats.push('slow')
  if (!enforced) caveats.push('not_enforced')
  return {
    ...base(probe),
    status: caveats.length > 0 ? 'warn' : 'pass',
    ...(error ? { error } : {}),
    ...(outcome.statusCode !== undefined ? { statusCode: outcome.statusCode } : {}),
    ...(outcome.after ? { after: outcome.after } : {}),
    timing,
    ...(caveats.length > 0 ? { caveats } : {}),
    attempts,
  }
}

/** A probe that failed with `error`, `totalMs` after its last attempt started. */
export function failedResult(
  probe: PlannedProbe,
  attempts: number,
  totalMs: number,
  error: NonNullable<ProbeResult['error']>,
): ProbeResult {
  // Optional fields only where present (Object.fromEntries is missing on older iOS JSCore).
  const clean: NonNullable<ProbeResult['error']> = { category: error.category, errMsg: error.errMsg }
  if (error.errno !== undefined) clean.errno = error.errno
  if (error.code !== undefined) clean.code = error.code
  if (error.parsedCode !== undefined) clean.parsedCode = error.parsedCode
  return { ...base(probe), status: 'fail', error: clean, timing: { totalMs }, attempts }
}

export function skippedResult(probe: PlannedProbe, reason: SkipReason): ProbeResult {
  return { ...base(probe), status: 'skipped', skipReason: reason }
}

/** Counts of a run: `results` in plan order (undefined where a probe has not settled), `running` in flight. */
export function countProgress(results: readonly (ProbeResult | undefined)[], running: number): RunProgress {
  const p: RunProgress = { total: results.length, done: 0, running, pass: 0, warn: 0, fail: 0, skipped: 0 }
  for (const r of results) {
    if (!r) continue
    p.done++
    p[r.status]++
  }
  return p
}
