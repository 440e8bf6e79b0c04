import { adviceFor, adviceLines } from './advice'
import { describeEnforcement } from '../miniprogram/core/environment'
import { proxyFindings } from '../miniprogram/core/proxy'
import { Report, ReportSummary, rowDetail, STATUS_ICON, verdict } from '../miniprogram/core/report'
import { safeField } from '../miniprogram/core/sanitize'
import { CATEGORY_LABELS, CLI_TEXT, fill } from '../miniprogram/core/text'
import { CATEGORIES, Lang } from '../miniprogram/core/vocabulary'

/**
 * The readable table: results grouped by category, then the verdict, the causes with what to do (as the panel
 * shows them) and the report's notes (proxy, resolution), as --markdown has them. Every field from the network
 * or a file goes through safeField (one line, no control characters or terminal escapes). Kept apart from
 * probe.ts so that `report` renders without loading the probe stack. `summary`: the whole run's counts when the
 * report holds only part of its rows (a trimmed share card); the counts are then said to be partial.
 */
export function renderProbeTable(report: Report, lang: Lang, summary?: ReportSummary): string {
  const urls = report.results.map((r) => safeField(r.url))
  const width = Math.max(20, ...urls.map((u) => u.length))
  const partial =
    summary && summary.total !== report.results.length
      ? ` ${fill(CLI_TEXT.partialCounts[lang], { kept: report.results.length, total: summary.total })}`
      : ''
  const total = summary?.total ?? report.results.length
  const lines = [`ZIM SDK ${safeField(report.sdk.resolved)}: ${total} probes${partial}`]
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
  lines.push('', verdict(report.results, lang, summary, report.environment) + partial)
  for (const finding of proxyFindings(report.results, lang)) lines.push(`✗ ${safeField(finding, 1000)}`)
  const enforcement = report.environment.whitelist.enforced
    ? undefined
    : describeEnforcement(report.environment.whitelist, lang)
  if (enforcement) lines.push(enforcement)
  lines.push(...adviceLines(adviceFor(report, lang)))
  // The notes --markdown and --json carry (the proxy used, hosts around it, version notices), once each.
  const notes = report.warnings.filter((w) => w !== enforcement && !isEnforcementNote(report, w))
  if (notes.length) lines.push('', ...notes.map((w) => `note: ${safeField(w, 1000)}`))
  return lines.join('\n') + '\n'
}

/** The run's whitelist note in either language: the table says it once, in its own language. */
function isEnforcementNote(report: Report, w: string): boolean {
  const e = report.environment.whitelist
  return w === describeEnforcement(e, 'zh') || w === describeEnforcement(e, 'en')
}
