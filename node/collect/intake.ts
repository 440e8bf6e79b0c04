import { Report, ReportSummary, validateReport } from '../../miniprogram/core/report'
import { jsonDepth } from '../../miniprogram/core/json-depth'
import { decodeShare } from '../../miniprogram/core/share'
import { withoutBom } from '../../miniprogram/core/sanitize'

export { jsonDepth }

/*
 * What POST /v1/reports accepts, read as the viewer and `zim-netcheck report` read it: a report@1 JSON object
 * (core's validateReport) or a share link, path or payload z1–z3 (core's decodeShare, which validates too).
 * Anything else is refused with one line; nothing half-read is ever stored.
 */

/** Caps (the viewer's: a report is 4 deep and has at most a few hundred rows). */
export const INTAKE_LIMITS = { depth: 32, results: 1000, warnings: 200 } as const

export type Intake =
  | { ok: true; report: Report; kind: 'json' | 'share'; complete: boolean; summary: ReportSummary }
  | { ok: false; error: string }

const oneLine = (s: string) => s.replace(/\s+/g, ' ').slice(0, 300)

export function readBody(body: string): Intake {
  const t = withoutBom(body).trim()
  if (!t) return { ok: false, error: 'empty body: send a report@1 JSON object or a share link' }
  if (t.includes('\u0000')) return { ok: false, error: 'not text' }
  if (t.startsWith('{') || t.startsWith('[')) {
    if (jsonDepth(t, INTAKE_LIMITS.depth) > INTAKE_LIMITS.depth)
      return { ok: false, error: `JSON nested deeper than ${INTAKE_LIMITS.depth} levels: not a report` }
    let data: unknown
    try {
      data = JSON.parse(t)
    } catch (e) {
      return { ok: false, error: `not valid JSON: ${oneLine((e as Error).message)}` }
    }
    if (Array.isArray(data)) return { ok: false, error: 'a JSON list: send one report per request' }
    const d = data as Record<string, unknown>
    if (Array.isArray(d.results) && d.results.length > INTAKE_LIMITS.results)
      return {
        ok: false,
        error: `too many probe rows (${d.results.length}; at most ${INTAKE_LIMITS.results})`,
      }
    if (Array.isArray(d.warnings) && d.warnings.length > INTAKE_LIMITS.warnings)
      return {
        ok: false,
        error: `too many warnings (${d.warnings.length}; at most ${INTAKE_LIMITS.warnings})`,
      }
    const v = validateReport(data)
    if (!v.ok) return { ok: false, error: `not a report: ${oneLine(v.error)}` }
    return { ok: true, report: v.report, kind: 'json', complete: true, summary: v.report.summary }
  }
  if (/\s/.test(t)) return { ok: false, error: 'not a report: send the JSON or the share link alone' }
  const d = decodeShare(t)
  if (!d.ok) return { ok: false, error: `share link unreadable: ${oneLine(d.error)}` }
  return { ok: true, report: d.report, kind: 'share', complete: d.complete, summary: d.summary }
}
