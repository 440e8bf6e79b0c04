import { describeEnforcement } from '../environment'
import { proxyFindings } from '../proxy'
import { formatLatency } from '../format'
import { ProbeResult } from '../result'
import { safeField, safeJson } from '../sanitize'
import type { CatalogInfo } from '../catalog-rows'
import {
  ENFORCEMENT_TEXT,
  CATALOG_INFO_TEXT,
  CATEGORY_LABELS,
  fill,
  MARKDOWN_TEXT,
  PURPOSE_LABELS,
  REPORT_TEXT as R,
} from '../text'
import { CATEGORIES, Lang, ProbeStatus } from '../vocabulary'
import { Report, verdict } from './model'

/** Report renderers: chat text, markdown, JSON. The CLI's table (node/table.ts) shares the icons and the row detail. */

/** One icon per status, for every table (markdown here, the CLI's in node/table.ts). */
export const STATUS_ICON: Record<ProbeStatus, string> = { pass: '✓', warn: '!', fail: '✗', skipped: '–' }

function envLine(env: Report['environment'], lang: Lang): string {
  const bits: string[] = []
  if (env.runtime === 'node') bits.push(`Node ${env.node ?? ''}`.trim(), env.platform ?? '')
  else {
    bits.push(env.runtime === 'devtools' ? R.devtools[lang] : `${env.brand ?? ''} ${env.model ?? ''}`.trim())
    if (env.system) bits.push(env.system)
    if (env.platformId && env.platformId !== 'wechat') bits.push(env.platformId)
    if (env.wechatVersion) bits.push(`WeChat ${env.wechatVersion}`)
    if (env.baseLibrary) bits.push(`${R.baseLib[lang]} ${env.baseLibrary}`)
  }
  if (env.networkType) bits.push(env.networkType)
  if (env.appId) bits.push(`appid ${env.appId}${env.envVersion ? ` (${env.envVersion})` : ''}`)
  return safeField(bits.filter(Boolean).join(' · '))
}

/**
 * The raw message, safe to print, with the code read from it (or the Node code) and the errno:
 * `msg [chromium:-2] (errno 600001)`.
 */
const rawText = (e: NonNullable<ProbeResult['error']>) => {
  const code = e.parsedCode || e.code
  return `${safeField(e.errMsg)}${code ? ` [${safeField(code)}]` : ''}${e.errno !== undefined ? ` (errno ${e.errno})` : ''}`
}

/** The error of a row on one line, safe to print: control characters neutralised, OpenSSL trimmed. */
export const errorText = (r: ProbeResult): string => {
  if (!r.error) return ''
  const raw = rawText(r.error)
  // A message that already starts with its category (`timeout: no answer within 5000 ms`) is not prefixed twice.
  const category = safeField(r.error.category)
  return raw.startsWith(`${category}:`) ? raw : `${category}: ${raw}`
}

/** Failed probes the classifier did not recognise, one entry per distinct raw text, most frequent first. */
export function unknownErrors(results: readonly ProbeResult[]): { text: string; count: number }[] {
  const seen = new Map<string, number>()
  for (const r of results)
    if (r.status === 'fail' && r.error && r.error.category === 'unknown') {
      const text = rawText(r.error)
      seen.set(text, (seen.get(text) || 0) + 1)
    }
  return Array.from(seen)
    .map(([text, count]) => ({ text, count }))
    .sort((a, b) => b.count - a.count)
}

/** What a reached probe's connection did after the answer, e.g. `after: body: reset after 1.2 KB`. */
export const afterText = (r: ProbeResult): string => (r.after ? `after: ${safeField(r.after)}` : '')

/**
 * A row's detail for a table, in parts (empty ones left out): the error, the HTTP status, what came after the
 * answer, the caveats, the skip reason. `httpCaveat: false` leaves out the `http` caveat where the error part
 * already says it.
 */
export function rowDetail(r: ProbeResult, opts: { httpCaveat?: boolean } = {}): string[] {
  const caveats = (r.caveats ?? []).filter((c) => opts.httpCaveat !== false || c !== 'http')
  const parts = [
    errorText(r),
    r.statusCode !== undefined ? `HTTP ${r.statusCode}` : '',
    afterText(r),
    caveats.join(', '),
    r.skipReason ?? '',
  ]
  return parts.filter(Boolean)
}

/** Short enough for a chat message: header, verdict, every failing row (up to a cap), caveats. */
export function renderText(report: Report, lang: Lang = 'en', maxRows = 20): string {
  return chatText(report, lang, maxRows, proxyFindings(report.results, lang))
}

/**
 * renderText with the findings said after the verdict given by the caller. The panel gives none: a phone's run
 * never fails at a proxy of its own (the PROXY_* codes come from the CLI's adapter), so the proxy findings'
 * text stays out of the mini-program bundle.
 */
export function chatText(report: Report, lang: Lang, maxRows: number, findings: readonly string[]): string {
  // The time keeps its `Z` here, not formatCreatedAt's ` UTC`: a chat line, kept short and as the ISO time reads.
  const lines = [
    `ZIM netcheck · SDK ${safeField(report.sdk.resolved)} · ${safeField(report.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}`,
    envLine(report.environment, lang),
    verdict(report.results, lang, undefined, report.environment),
    ...findings.map((f) => `✗ ${safeField(f, 1000)}`),
  ]
  const mark = report.environment.whitelist.enforced ? '✓' : '⚠'
  for (const l of enforcementLines(report.environment, lang)) lines.push(`${mark} ${l}`)
  const failing = report.results.filter((r) => r.status === 'fail')
  for (const r of failing.slice(0, maxRows))
    lines.push(`✗ ${safeField(r.category)} ${safeField(r.url)} — ${errorText(r)}`)
  if (failing.length > maxRows) lines.push(fill(R.moreFailed[lang], { n: failing.length - maxRows }))
  const unknown = unknownErrors(report.results)
  if (unknown.length) lines.push(`${R.unknownTitle[lang]}:`, ...unknown.map((u) => `? ${u.text} ×${u.count}`))
  // The run's whitelist note is said above (⚠): not again among the notes, in either language.
  const enforcement = report.environment.whitelist
  const said = enforcement.enforced
    ? []
    : [describeEnforcement(enforcement, 'zh'), describeEnforcement(enforcement, 'en')]
  for (const w of report.warnings) if (!said.includes(w)) lines.push(`note: ${safeField(w, 1000)}`)
  return lines.join('\n')
}

/**
 * What the report says about the whitelist: the sentence when it is not enforced or was measured (issue 27),
 * the inference when the measurement disagreed with it, and the platform's exact refusal of the canary.
 */
export function enforcementLines(env: Report['environment'], lang: Lang): string[] {
  const rec = env.enforcement
  const T = ENFORCEMENT_TEXT
  if (env.whitelist.enforced && rec?.source !== 'measured') return []
  const ctx = { platformId: env.platformId, envVersion: env.envVersion, enforcement: rec }
  let first = describeEnforcement(env.whitelist, lang, ctx)
  if (rec?.source === 'measured' && rec.inferred.enforced !== env.whitelist.enforced)
    first += fill(T.inferredWas[lang], {
      sentence: describeEnforcement(rec.inferred, lang, { platformId: env.platformId }),
    })
  const out = [first]
  const a = rec?.answer
  if (a)
    out.push(
      fill(T.answer[lang], {
        api: a.api,
        errMsg: safeField(a.errMsg, 300),
        code: [a.errno, a.platformCode, a.code]
          .filter((c) => c !== undefined)
          .map((c) => ` (${c})`)
          .join(''),
      }),
    )
  return out
}

/** `内置 2026-11（63 行，#5507196a）`, `imported: docs.html 2026-12-01 (64 rows, #0c1d2e3f)`. */
export function catalogText(c: CatalogInfo, lang: Lang): string {
  const T = CATALOG_INFO_TEXT[c.builtin ? 'builtin' : 'imported'][lang]
  return fill(T, { source: safeField(c.source, 200), date: c.date ?? '', rows: c.rows, hash: c.hash })
}

const mdCell = (s: string, max = 300) => safeField(s, max).replace(/\|/g, '\\|')

export function renderMarkdown(report: Report, lang: Lang = 'en'): string {
  const L = (k: keyof typeof MARKDOWN_TEXT) => MARKDOWN_TEXT[k][lang]
  const out = [
    `# ZIM netcheck — SDK ${mdCell(report.sdk.resolved)}`,
    '',
    `- ${L('created')}: ${mdCell(report.createdAt)}`,
    `- ${L('sdkInput')}: \`${mdCell(report.sdk.input)}\``,
    ...(report.catalog ? [`- ${L('catalog')}: ${mdCell(catalogText(report.catalog, lang))}`] : []),
    `- ${L('environment')}: ${mdCell(envLine(report.environment, lang))}`,
    `- ${L('verdict')}: **${mdCell(verdict(report.results, lang, undefined, report.environment), 1000)}**`,
    ...proxyFindings(report.results, lang).map((f) => `- ${L('proxy')}: ${mdCell(f, 1000)}`),
  ]
  const wl = enforcementLines(report.environment, lang)
  const mark = report.environment.whitelist.enforced ? '✓' : '⚠'
  if (wl.length) out.push('', ...wl.map((l) => `> ${mark} ${mdCell(l, 1000)}`))
  for (const category of CATEGORIES) {
    const rows = report.results.filter((r) => r.category === category)
    if (rows.length === 0) continue
    out.push('', `## ${CATEGORY_LABELS[category].zh} / ${CATEGORY_LABELS[category].en}`, '')
    out.push(
      `| | ${L('domain')} | ${L('purpose')} | ${L('time')} | ${L('detail')} |`,
      '|---|---|---|---|---|',
    )
    for (const r of rows) {
      const time = formatLatency(r.timing)
      const detail = rowDetail(r).join('; ')
      out.push(
        `| ${STATUS_ICON[r.status]} ${r.status} | ${mdCell(r.url)} | ${r.purpose === 'app' ? PURPOSE_LABELS.app[lang] : mdCell(r.purpose)} | ${time} | ${mdCell(detail, 600)} |`,
      )
    }
  }
  const unknown = unknownErrors(report.results)
  if (unknown.length)
    out.push('', `## ${R.unknownTitle[lang]}`, '', ...unknown.map((u) => `- ${u.count} × ${mdCell(u.text)}`))
  if (report.warnings.length)
    out.push('', `## ${L('notes')}`, '', ...report.warnings.map((w) => `- ${mdCell(w, 1000)}`))
  return out.join('\n') + '\n'
}

/** The report as JSON; C1, bidi and line-separator characters are written as \u escapes (same value). */
export function renderJson(report: Report): string {
  return safeJson(JSON.stringify(report, null, 2)) + '\n'
}
