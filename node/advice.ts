import { causeHint, describeCause, findCauses } from '../miniprogram/core/causes'
import type { Report } from '../miniprogram/core/report'
import { safeField } from '../miniprogram/core/sanitize'
import { CLI_TEXT, PANEL_TEXT } from '../miniprogram/core/text'
import type { ErrorCategory, Lang } from '../miniprogram/core/vocabulary'

/** Errors that, on every probe of a run without a proxy, say the way out may be a proxy the run did not use. */
const NO_WAY_OUT: readonly ErrorCategory[] = ['dns', 'timeout', 'refused', 'offline']

export interface Advice {
  title: string
  /** One per cause: core's describeCause and, the first time its error appears, core's hint for it. */
  causes: { text: string; hint?: string }[]
  /** What the CLI's own options can do: `--cacert` for TLS failures, `--proxy` when nothing gets out. */
  options: string[]
}

/**
 * The end of a probe's report as the panel and the viewer show it: the failures grouped by cause (core/causes.ts),
 * each with what to do, plus the CLI options that fit. `undefined` when nothing failed.
 */
export function adviceFor(report: Pick<Report, 'results' | 'environment'>, lang: Lang): Advice | undefined {
  const causes = findCauses(report.results)
  if (causes.length === 0) return undefined
  const hinted = new Set<ErrorCategory>()
  const lines = causes.map((c) => {
    const first = !hinted.has(c.error)
    hinted.add(c.error)
    return { text: safeField(describeCause(c, lang), 1000), ...(first ? { hint: causeHint(c, lang) } : {}) }
  })
  const options: string[] = []
  if (hinted.has('tls')) options.push(CLI_TEXT.adviseCacert[lang])
  const nothingOut = causes.some((c) => c.scope.kind === 'every' && NO_WAY_OUT.includes(c.error))
  if (nothingOut && !report.environment.proxy) options.push(CLI_TEXT.adviseProxy[lang])
  return { title: PANEL_TEXT[lang].causesTitle, causes: lines, options }
}

/** The advice as the table prints it, after the verdict. */
export function adviceLines(advice: Advice | undefined): string[] {
  if (!advice) return []
  const out = ['', `${advice.title}:`]
  for (const c of advice.causes) {
    out.push(`  ✗ ${c.text}`)
    if (c.hint) out.push(`    → ${c.hint}`)
  }
  for (const o of advice.options) out.push(`  → ${o}`)
  return out
}

/** The advice as a markdown section. */
export function adviceMarkdown(advice: Advice | undefined): string {
  if (!advice) return ''
  const out = ['', `## ${advice.title}`, '']
  for (const c of advice.causes)
    out.push(`- **${c.text.replace(/[*_|`]/g, '\\$&')}**${c.hint ? ` — ${c.hint}` : ''}`)
  for (const o of advice.options) out.push(`- ${o}`)
  return out.join('\n') + '\n'
}
