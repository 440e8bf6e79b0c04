import { describeEnforcement } from '../miniprogram/core/environment'
import { proxyFindings } from '../miniprogram/core/proxy'
import { Report, rowDetail, STATUS_ICON, verdict } from '../miniprogram/core/report'
import { safeField } from '../miniprogram/core/sanitize'
import { CATEGORY_LABELS } from '../miniprogram/core/text'
import { CATEGORIES, Lang } from '../miniprogram/core/vocabulary'

/**
 * The readable table: results grouped by category, then the verdict. Every field from the network or a file
 * goes through safeField (one line, no control characters or terminal escapes). Kept apart from probe.ts so
 * that `report` renders without loading the probe stack.
 */
export function renderProbeTable(report: Report, lang: Lang): string {
  const urls = report.results.map((r) => safeField(r.url))
  const width = Math.max(20, ...urls.map((u) => u.length))
  const lines = [`ZIM SDK ${safeField(report.sdk.resolved)}: ${report.results.length} probes`]
  for (const category of CATEGORIES) {
    const rows = report.results
      .map((r, i) => ({ r, url: urls[i] }))
      .filter(({ r }) => r.category === category)
    if (rows.length === 0) continue
    lines.push('', `${CATEGORY_LABELS[category].zh} / ${CATEGORY_LABELS[category].en}`)
    for (const { r, url } of rows) {
      const time = r.timing ? `${Math.round(r.timing.totalMs)} ms`.padStart(8) : ''.padStart(8)
      const detail = rowDetail(r, { httpCaveat: false }).join(' · ')
      lines.push(`  ${STATUS_ICON[r.status] ?? '?'} ${url.padEnd(width)} ${time}  ${safeField(detail, 800)}`)
    }
  }
  lines.push('', verdict(report.results, lang, undefined, report.environment))
  for (const finding of proxyFindings(report.results, lang)) lines.push(`✗ ${safeField(finding, 1000)}`)
  if (!report.environment.whitelist.enforced)
    lines.push(describeEnforcement(report.environment.whitelist, lang))
  return lines.join('\n') + '\n'
}
