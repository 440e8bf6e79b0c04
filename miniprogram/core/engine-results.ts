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
  // Field by field, in the report's order: optional fields only where present (fewer bytes than spreads in ES5).
  const r = base(probe) as ProbeResult
  // Its place in the report's order; caveated() gives it its value.
  r.status = 'pass'
  if (error) r.error = error
  if (outcome.statusCode !== undefined) r.statusCode = outcome.statusCode
  if (outcome.after) r.after = outcome.after
  r.timing = timing
  caveated(r, caveats)
  r.attempts = attempts
  return r
}

/** A reached result's caveats and the status they give: a warning with any, a pass without. */
function caveated(r: ProbeResult, caveats: Caveat[]): ProbeResult {
  r.status = caveats.length ? 'warn' : 'pass'
  if (caveats.length) r.caveats = caveats
  else delete r.caveats
  return r
}

/**
 * A result warned only as "not enforced" once a refusal proved the list is checked (the engine's `proven`): that
 * caveat dropped, a pass if none is left. Undefined when the result did not carry it.
 */
export function provenResult(r: ProbeResult): ProbeResult | undefined {
  const left = (r.caveats || []).filter((c) => c !== 'not_enforced')
  return r.caveats && left.length < r.caveats.length ? caveated({ ...r }, left) : undefined
}

/** provenResult over a run's results, in place (plan order, undefined where unsettled): the indexes it changed. */
export function proveAll(results: (ProbeResult | undefined)[]): number[] {
  const changed: number[] = []
  results.forEach((r, index) => {
    if (!(r = r && provenResult(r))) return
    results[index] = r
    changed.push(index)
  })
  return changed
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
  const r = base(probe) as ProbeResult
  r.status = 'fail'
  r.error = clean
  r.timing = { totalMs }
  r.attempts = attempts
  return r
}

export function skippedResult(probe: PlannedProbe, reason: SkipReason): ProbeResult {
  const r = base(probe) as ProbeResult
  r.status = 'skipped'
  r.skipReason = reason
  return r
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
