import type { CatalogInfo } from '../catalog-rows'
import { ProbeResult } from '../result'
import { RunEnvironment, WhitelistEnforcement } from '../environment'
import type { EnforcementRecord } from '../canary'
import { ProxyInfo, proxyVerdictNote } from '../proxy'
import { ERROR_LABELS, fill, VERDICT_TEXT } from '../text'
import { Category, ErrorCategory, Lang, TriggerKind } from '../vocabulary'

/** The report: what a finished run keeps (schema@1), its summary and its one-line verdict. */

export const REPORT_SCHEMA = 'zim-netcheck/report@1'

export interface ReportOptions {
  timeoutMs: number
  deadlineMs: number
  concurrency: { http: number; socket: number }
  only?: Category[]
}

export interface ReportSummary {
  total: number
  pass: number
  warn: number
  fail: number
  skipped: number
}

/**
 * What started a run nobody asked for: the sentinel (miniprogram/sentinel, issue 33) heard the ZIM SDK fail to
 * connect, or the host called `trigger(reason)`. `state` / `event` are ZIM's ConnectionState / ConnectionEvent
 * numbers, `code` a ZIM error code; `reason` is the host's own words (≤ 200 characters). Absent on manual runs:
 * a report without it is byte for byte what it was before (JSON and share link).
 */
export interface ReportTrigger {
  by: 'sentinel'
  kind: TriggerKind
  state?: number
  event?: number
  code?: number
  reason?: string
}

export interface Report {
  schema: typeof REPORT_SCHEMA
  createdAt: string
  sdk: { input: string; resolved: string }
  /** The catalog the SDK version was resolved in: the built-in one, or an imported table (source, date, rows). */
  catalog?: CatalogInfo
  /** `proxy`: the HTTP proxy a CLI run went through (scheme, host, port; never credentials). */
  /**
   * `enforcement`: how `whitelist` was known (issue 27): measured by the canary or inferred, with the inference
   * and the platform's exact refusal kept. Absent: no canary ran (the CLI, an opted-out host, older reports).
   */
  environment: RunEnvironment & {
    whitelist: WhitelistEnforcement
    proxy?: ProxyInfo
    enforcement?: EnforcementRecord
  }
  options: ReportOptions
  summary: ReportSummary
  results: ProbeResult[]
  warnings: string[]
  /** Set by the sentinel only (see ReportTrigger). */
  trigger?: ReportTrigger
}

function copyRecord(r: EnforcementRecord): EnforcementRecord {
  const out: EnforcementRecord = {
    source: r.source,
    canary: r.canary,
    inferred: { enforced: r.inferred.enforced, reasons: [...r.inferred.reasons] },
  }
  if (r.answer) out.answer = { ...r.answer }
  return out
}

export function summarize(results: readonly Pick<ProbeResult, 'status'>[]): ReportSummary {
  const s: ReportSummary = { total: results.length, pass: 0, warn: 0, fail: 0, skipped: 0 }
  for (const r of results) s[r.status]++
  return s
}

export function buildReport(input: {
  createdAt: Date | string
  sdk: { input: string; resolved: string }
  catalog?: CatalogInfo
  environment: RunEnvironment
  enforcement: WhitelistEnforcement
  /** How `enforcement` was known (the canary); absent when no canary ran. */
  enforcementRecord?: EnforcementRecord
  /** The proxy the probes went through, if any: only its scheme, host and port are kept. */
  proxy?: ProxyInfo
  options: ReportOptions
  results: readonly ProbeResult[]
  warnings: readonly string[]
  trigger?: ReportTrigger
}): Report {
  const p = input.proxy
  const createdAt = typeof input.createdAt === 'string' ? input.createdAt : input.createdAt.toISOString()
  return {
    schema: REPORT_SCHEMA,
    createdAt,
    sdk: { ...input.sdk },
    ...(input.catalog ? { catalog: { ...input.catalog } } : {}),
    environment: {
      ...input.environment,
      whitelist: { ...input.enforcement, reasons: [...input.enforcement.reasons] },
      ...(p ? { proxy: { scheme: p.scheme, host: p.host, port: p.port } } : {}),
      ...(input.enforcementRecord ? { enforcement: copyRecord(input.enforcementRecord) } : {}),
    },
    options: { ...input.options },
    summary: summarize(input.results),
    // The report keeps what support needs; retry counts stay in the engine.
    results: input.results.map((r) => {
      const kept = { ...r }
      delete kept.attempts
      return kept
    }),
    warnings: [...input.warnings],
    ...(input.trigger ? { trigger: { ...input.trigger } } : {}),
  }
}

/**
 * "3 of 46 failed: 2 not whitelisted, 1 timeout" — the line the page, the chat text and the CLI share. With the
 * run's environment it also names the proxy: the one a CLI run went through, or a phone's system proxy when it is
 * a likely cause of the failures (see proxyVerdictNote).
 */
export function verdict(
  results: readonly ProbeResult[],
  lang: Lang,
  summary?: ReportSummary,
  env?: Pick<Report['environment'], 'proxy' | 'hasSystemProxy'>,
): string {
  return verdictCounts(results, lang, summary) + proxyVerdictNote(results, env, lang)
}

function verdictCounts(results: readonly ProbeResult[], lang: Lang, summary?: ReportSummary): string {
  // A shared card may hold only the failing rows; its full counts then come with it.
  const s = summary ?? summarize(results)
  const counts = new Map<ErrorCategory, number>()
  for (const r of results)
    if (r.status === 'fail' && r.error) counts.set(r.error.category, (counts.get(r.error.category) ?? 0) + 1)
  const T = VERDICT_TEXT
  const parts = Array.from(counts.entries())
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => fill(T.errorCount[lang], { label: ERROR_LABELS[c][lang], n }))
  const extra: string[] = []
  if (s.warn) extra.push(fill(T.warnCount[lang], { n: s.warn }))
  if (s.skipped) extra.push(fill(T.skippedCount[lang], { n: s.skipped }))
  const tail = extra.length ? fill(T.tail[lang], { list: extra.join(T.sep[lang]) }) : ''
  if (s.total === 0) return T.nothing[lang]
  const values = { total: s.total, fail: s.fail, parts: parts.join(T.sep[lang]), tail }
  if (s.fail === 0) return fill((s.pass + s.warn === 0 ? T.noneFinished : T.noneFailed)[lang], values)
  return fill(T.failed[lang], values)
}
