import { DIMENSION_TEXT } from './text'
import { causeKey, describeCause, findCauses } from './causes'
import { CATEGORIES, Category, ERROR_CATEGORIES, ErrorCategory, Lang } from './vocabulary'
import { ProbeResult } from './result'
import { Report, ReportSummary } from './report'
import { hostnameOf } from './whitelist'

/*
 * Many runs side by side, for support: which host fails in which category across customers, and how that
 * splits by platform, network, OS, WeChat / base library and SDK version. Pure; the viewer draws it.
 */

/** One report in the fleet: `summary` counts the whole run (a shared card may hold only its failing rows). */
export interface FleetItem {
  /** Where it came from (file name, "link 3"…), unique in the fleet. */
  name: string
  report: Report
  summary: ReportSummary
  complete: boolean
}

export const DIMENSIONS = [
  'platform',
  'networkType',
  'os',
  'wechatVersion',
  'baseLibrary',
  'sdk',
  'runtime',
] as const
export type Dimension = (typeof DIMENSIONS)[number]

export const DIMENSION_LABELS: Record<Dimension, Record<Lang, string>> = DIMENSION_TEXT

/** A value absent from a report (e.g. no network type in a CLI run). */
export const UNKNOWN_VALUE = '?'

/** "iOS 17.2.1" → "iOS 17", "Android 14" → "Android 14", "Windows 10 x64" → "Windows 10". */
export function osFamily(system: string | undefined): string {
  const m = /^\s*([A-Za-z][A-Za-z ]*?)\s*v?(\d+)/.exec(system ?? '')
  return m ? `${m[1]} ${m[2]}` : (system ?? '').trim()
}

export function dimensionValue(report: Report, dim: Dimension): string {
  const env = report.environment
  const v =
    dim === 'os'
      ? osFamily(env.system)
      : dim === 'sdk'
        ? report.sdk.resolved
        : dim === 'runtime'
          ? env.runtime
          : env[dim]
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : UNKNOWN_VALUE
}

export interface FleetFilter {
  /** Keep reports whose value is one of these, per dimension (AND across dimensions). */
  dims?: Partial<Record<Dimension, readonly string[]>>
  /** Keep only reports with at least one failing probe. */
  failedOnly?: boolean
  /** Count only probes of these whitelist categories. */
  categories?: readonly Category[]
  /** Count only failures of these error categories (other failing rows are left out of the counts). */
  errors?: readonly ErrorCategory[]
  /** Count only probes whose hostname contains this text (case-insensitive). */
  host?: string
}

/** The reports a filter keeps. */
export function filterItems(items: readonly FleetItem[], f: FleetFilter = {}): FleetItem[] {
  return items.filter((it) => {
    for (const dim of DIMENSIONS) {
      const wanted = f.dims?.[dim]
      if (wanted && wanted.length && !wanted.includes(dimensionValue(it.report, dim))) return false
    }
    return !f.failedOnly || it.summary.fail > 0
  })
}

/** The rows of a report a filter counts. */
export function filterRows(results: readonly ProbeResult[], f: FleetFilter = {}): ProbeResult[] {
  const host = (f.host ?? '').trim().toLowerCase()
  return results.filter(
    (r) =>
      (!f.categories?.length || f.categories.includes(r.category)) &&
      (!host || hostnameOf(r.url).includes(host)) &&
      (!f.errors?.length || r.status !== 'fail' || (r.error && f.errors.includes(r.error.category))),
  )
}

export interface Cell {
  /** Reports in which this probe ran (not skipped). */
  ran: number
  fail: number
  warn: number
  skipped: number
  errors: Partial<Record<ErrorCategory, number>>
}

export interface MatrixRow {
  host: string
  cells: Partial<Record<Category, Cell>>
  fail: number
}

export interface Matrix {
  /** The categories with at least one probe, in CATEGORIES order. */
  categories: Category[]
  rows: MatrixRow[]
  reports: number
}

const emptyCell = (): Cell => ({ ran: 0, fail: 0, warn: 0, skipped: 0, errors: {} })

/** Host × category: in how many of the kept reports each probe ran, failed (and how), warned, was skipped. */
export function buildMatrix(items: readonly FleetItem[], f: FleetFilter = {}): Matrix {
  const kept = filterItems(items, f)
  const rows = new Map<string, MatrixRow>()
  const cats = new Set<Category>()
  for (const it of kept)
    for (const r of filterRows(it.report.results, f)) {
      const host = hostnameOf(r.url)
      let row = rows.get(host)
      if (!row) rows.set(host, (row = { host, cells: {}, fail: 0 }))
      const cell = (row.cells[r.category] ??= emptyCell())
      cats.add(r.category)
      if (r.status === 'skipped') cell.skipped++
      else cell.ran++
      if (r.status === 'warn') cell.warn++
      if (r.status === 'fail') {
        cell.fail++
        row.fail++
        const e = r.error?.category ?? 'unknown'
        cell.errors[e] = (cell.errors[e] ?? 0) + 1
      }
    }
  return {
    categories: CATEGORIES.filter((c) => cats.has(c)),
    rows: Array.from(rows.values()).sort((a, b) => b.fail - a.fail || a.host.localeCompare(b.host)),
    reports: kept.length,
  }
}

/** The most frequent error categories of a cell, most first. */
export function topErrors(cell: Cell): { error: ErrorCategory; count: number }[] {
  return ERROR_CATEGORIES.filter((e) => cell.errors[e])
    .map((e) => ({ error: e, count: cell.errors[e]! }))
    .sort((a, b) => b.count - a.count)
}

export interface BreakdownRow {
  value: string
  reports: number
  /** Reports with at least one counted failure. */
  failedReports: number
  probes: number
  fail: number
  warn: number
  skipped: number
  errors: Partial<Record<ErrorCategory, number>>
}

/** The kept reports split by one dimension; most reports first. */
export function breakdown(items: readonly FleetItem[], dim: Dimension, f: FleetFilter = {}): BreakdownRow[] {
  const out = new Map<string, BreakdownRow>()
  for (const it of filterItems(items, f)) {
    const value = dimensionValue(it.report, dim)
    let row = out.get(value)
    if (!row)
      out.set(
        value,
        (row = { value, reports: 0, failedReports: 0, probes: 0, fail: 0, warn: 0, skipped: 0, errors: {} }),
      )
    row.reports++
    const rows = filterRows(it.report.results, f)
    let failed = 0
    for (const r of rows) {
      row.probes++
      if (r.status === 'warn') row.warn++
      if (r.status === 'skipped') row.skipped++
      if (r.status === 'fail') {
        failed++
        const e = r.error?.category ?? 'unknown'
        row.errors[e] = (row.errors[e] ?? 0) + 1
      }
    }
    row.fail += failed
    if (failed) row.failedReports++
  }
  return Array.from(out.values()).sort((a, b) => b.reports - a.reports || a.value.localeCompare(b.value))
}

/** Every value a dimension takes among the reports, most frequent first (for filter pickers). */
export function dimensionValues(
  items: readonly FleetItem[],
  dim: Dimension,
): { value: string; count: number }[] {
  const m = new Map<string, number>()
  for (const it of items) {
    const v = dimensionValue(it.report, dim)
    m.set(v, (m.get(v) ?? 0) + 1)
  }
  return Array.from(m)
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
}

/** The same cause across reports: how many of the kept reports show it, most first. */
export function fleetCauses(
  items: readonly FleetItem[],
  lang: Lang,
  f: FleetFilter = {},
): { key: string; text: string; reports: number; names: string[] }[] {
  const m = new Map<string, { key: string; text: string; reports: number; names: string[] }>()
  for (const it of filterItems(items, f))
    for (const c of findCauses(filterRows(it.report.results, f))) {
      const key = causeKey(c)
      const seen = m.get(key)
      if (seen) {
        if (seen.names[seen.names.length - 1] !== it.name) {
          seen.reports++
          seen.names.push(it.name)
        }
      } else m.set(key, { key, text: describeCause(c, lang), reports: 1, names: [it.name] })
    }
  return Array.from(m.values()).sort((a, b) => b.reports - a.reports || a.key.localeCompare(b.key))
}

/** Header + one row per counted probe per kept report: what a spreadsheet wants. */
export function detailTable(items: readonly FleetItem[], f: FleetFilter = {}): (string | number)[][] {
  const out: (string | number)[][] = [
    [
      'report',
      'createdAt',
      'sdk',
      'runtime',
      'platform',
      'os',
      'system',
      'wechatVersion',
      'baseLibrary',
      'networkType',
      'appId',
      'whitelistEnforced',
      'category',
      'url',
      'purpose',
      'status',
      'errorCategory',
      'errno',
      'errMsg',
      'statusCode',
      'totalMs',
    ],
  ]
  for (const it of filterItems(items, f)) {
    const rep = it.report
    const env = rep.environment
    for (const r of filterRows(rep.results, f))
      out.push([
        it.name,
        rep.createdAt,
        rep.sdk.resolved,
        env.runtime,
        env.platform ?? '',
        osFamily(env.system),
        env.system ?? '',
        env.wechatVersion ?? '',
        env.baseLibrary ?? '',
        env.networkType ?? '',
        env.appId ?? '',
        String(env.whitelist.enforced),
        r.category,
        r.url,
        r.purpose,
        r.status,
        r.error?.category ?? '',
        r.error?.errno ?? '',
        r.error?.errMsg ?? '',
        r.statusCode ?? '',
        r.timing ? Math.round(r.timing.totalMs) : '',
      ])
  }
  return out
}

/** Header + one row per host × category cell of the matrix. */
export function matrixTable(m: Matrix): (string | number)[][] {
  const out: (string | number)[][] = [['host', 'category', 'ran', 'fail', 'warn', 'skipped', 'errors']]
  for (const row of m.rows)
    for (const c of m.categories) {
      const cell = row.cells[c]
      if (!cell) continue
      const errors = topErrors(cell)
        .map((e) => `${e.error}:${e.count}`)
        .join(' ')
      out.push([row.host, c, cell.ran, cell.fail, cell.warn, cell.skipped, errors])
    }
  return out
}
