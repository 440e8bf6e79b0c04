/*
 * What goes on a share card when the whole report does not fit its bytes: every failing row, then the warning
 * rows that fit; shorter messages before fewer failing rows. The link itself is core/share.ts's (`build`).
 */
import { Report } from './report'
import { ProbeResult } from './result'

const cut = (s: string, n: number) => (s.length <= n ? s : Array.from(s).slice(0, n).join('') + '…')

/**
 * The whole report when it `fits`, else the most of it that does (complete = false), built by `build`; may
 * still not fit a tiny budget.
 */
export function fitShare<T>(
  report: Report,
  build: (report: Report, results: ProbeResult[], warnings: string[], complete: boolean) => T,
  fits: (built: T) => boolean,
): T {
  const whole = build(report, report.results, report.warnings, true)
  if (fits(whole)) return whole
  // Every failing row, then the warning rows that fit; shorter messages before fewer failing rows.
  const fails = report.results.filter((x) => x.status === 'fail')
  const warns = report.results.filter((x) => x.status === 'warn')
  const attempt = (n: number, rows: ProbeResult[]) => {
    const clip = (x: ProbeResult) =>
      x.error ? { ...x, error: { ...x.error, errMsg: cut(x.error.errMsg, n) } } : x
    const kept = report.results.filter((x) => rows.includes(x)).map(clip)
    return build(report, kept, n ? report.warnings.map((w) => cut(w, n)) : [], false)
  }
  const most = (n: number, fixed: ProbeResult[], extra: ProbeResult[]) => {
    let lo = -1 // the most rows of `extra` that fit after `fixed`, or -1
    for (let hi = extra.length; lo < hi; ) {
      const mid = Math.ceil((lo + hi) / 2)
      if (fits(attempt(n, fixed.concat(extra.slice(0, mid))))) lo = mid
      else hi = mid - 1
    }
    return lo
  }
  for (const n of [1e9, 120, 40, 0]) {
    const k = most(n, fails, warns)
    if (k >= 0) return attempt(n, fails.concat(warns.slice(0, k)))
  }
  return attempt(0, fails.slice(0, Math.max(0, most(0, [], fails)))) // may still be over a tiny maxBytes
}
