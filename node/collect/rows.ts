import { createHash } from 'node:crypto'
import { dimensionValue, DIMENSIONS, Dimension } from '../../miniprogram/core/fleet'
import type { Report, ReportSummary } from '../../miniprogram/core/report'
import { hostnameOf } from '../../miniprogram/core/whitelist'

/*
 * A validated report as the collector stores it: one row in `reports` (the fleet dimensions, the counts and the
 * report's JSON) and one row per probe in `probes` (the report's id, time and day, and the probe's own values).
 * Both back-ends store exactly these rows.
 *
 * The probe rows do not repeat the report's fleet dimensions (platform, OS, SDK… nine columns): the queries that
 * need one (a breakdown) join the report's row, and every other fleet query already kept probes by report id.
 * Repeated, they were 9 of 22 values on every probe row, 46 rows a report: DuckDB's appender took a call per
 * value, and its checkpoints compressed them again and again (measured alone, 32 reports a transaction:
 * 10.1 → 6.4 µs a probe row to append and commit, 2.0 → 1.2 µs to checkpoint; the bench's ingest rate, see
 * README). A collector file made when probes had those columns loses them when opened (duckdb.ts); a ClickHouse
 * table made then keeps them, empty for new rows, and no query reads them.
 */

/** The fleet dimensions the API filters and breaks down by: core's (as the viewer computes them), the ingest
 * key's app label and the day the collector received the report (UTC). */
/**
 * Core's dimensions, then the collector's own: the ingest key's app, the day received, and what started the run —
 * `manual` (the panel, the CLI) or `sentinel:<kind>` (zim-netcheck/sentinel heard ZIM fail: zim_state, zim_error,
 * host), so support sees sentinel reports apart (issue 33). A share link carries no trigger: `manual`.
 */
export const FLEET_DIMS = [...DIMENSIONS, 'app', 'day', 'trigger'] as const
export type FleetDim = (typeof FLEET_DIMS)[number]

/** Each dimension's column in `reports`. */
export const DIM_COLUMN = {
  platform: 'platform',
  networkType: 'network_type',
  os: 'os',
  wechatVersion: 'wechat_version',
  baseLibrary: 'base_library',
  sdk: 'sdk',
  runtime: 'runtime',
  app: 'app',
  day: 'day',
  trigger: 'trigger',
} as const satisfies Record<FleetDim, string>

/** The dimensions' columns and values. */
export type Dims = Record<(typeof DIM_COLUMN)[FleetDim], string>

export interface ReportRow extends Dims {
  id: string
  received_ms: number
  created_at: string
  kind: string
  complete: number
  system: string
  app_id: string
  total: number
  pass: number
  warn: number
  fail: number
  skipped: number
  report: string
}

export interface ProbeRow {
  report_id: string
  received_ms: number
  idx: number
  day: string
  host: string
  category: string
  url: string
  purpose: string
  status: string
  error_category: string
  errno: string
  status_code: number
  total_ms: number
}

/**
 * Column order of each table (the DuckDB appender writes in this order; the DDL follows it). `probes` is the order
 * it had with the dimensions, less them: a file made then has this order once they are dropped.
 */
export const PROBE_COLUMNS: readonly (keyof ProbeRow)[] = [
  'report_id',
  'received_ms',
  'idx',
  'day',
  'host',
  'category',
  'url',
  'purpose',
  'status',
  'error_category',
  'errno',
  'status_code',
  'total_ms',
]

export const REPORT_COLUMNS: readonly (keyof ReportRow)[] = [
  'id',
  'received_ms',
  'day',
  'created_at',
  'app',
  'trigger',
  'kind',
  'complete',
  'platform',
  'network_type',
  'os',
  'system',
  'wechat_version',
  'base_library',
  'sdk',
  'runtime',
  'app_id',
  'total',
  'pass',
  'warn',
  'fail',
  'skipped',
  'report',
]

/**
 * Sorted keys at every level: the same report gives the same text whatever order its keys came in. The same
 * text as `JSON.stringify` with a key-sorting replacer (its first form; ids already stored stay valid): a copy
 * with its keys inserted in order, then the native stringify, which costs less than half the replacer.
 */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(sortedCopy(v))
}

function sortedCopy(x: unknown): unknown {
  if (x === null || typeof x !== 'object') return x
  const withJson = x as { toJSON?: unknown }
  if (typeof withJson.toJSON === 'function') return sortedCopy((withJson.toJSON as () => unknown)())
  if (Array.isArray(x)) return x.map(sortedCopy)
  const o = x as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(o).sort()) out[k] = sortedCopy(o[k])
  return out
}

/** A report's id: the first 128 bits of SHA-256 over its canonical JSON, in hex. The same report, the same id. */
export const reportId = (report: Report): string => idOf(canonicalJson(report))

const idOf = (canonical: string): string => createHash('sha256').update(canonical).digest('hex').slice(0, 32)

export interface Ingest {
  id: string
  report: ReportRow
  probes: ProbeRow[]
}

/** `kind`: json or share; `summary`: the whole run's counts (a shared card may carry only its failing rows). */
export function toRows(
  report: Report,
  meta: { kind: string; complete: boolean; summary: ReportSummary; app: string; receivedMs: number },
): Ingest {
  // The canonical text is both hashed and stored: one serialisation per report.
  const text = canonicalJson(report)
  const id = idOf(text)
  const day = new Date(meta.receivedMs).toISOString().slice(0, 10)
  const dims = {} as Dims
  for (const d of DIMENSIONS) dims[DIM_COLUMN[d as Dimension]] = dimensionValue(report, d)
  dims.app = meta.app
  dims.day = day
  dims.trigger = report.trigger ? `sentinel:${report.trigger.kind}` : 'manual'
  const s = meta.summary
  const env = report.environment
  const row: ReportRow = {
    ...dims,
    id,
    received_ms: meta.receivedMs,
    created_at: report.createdAt,
    kind: meta.kind,
    complete: meta.complete ? 1 : 0,
    system: env.system ?? '',
    app_id: env.appId ?? '',
    total: s.total,
    pass: s.pass,
    warn: s.warn,
    fail: s.fail,
    skipped: s.skipped,
    report: text,
  }
  // Each probe row spelled out: the fastest shape for V8 to build and read.
  const probes = report.results.map(
    (r, idx): ProbeRow => ({
      report_id: id,
      received_ms: meta.receivedMs,
      idx,
      day,
      host: hostnameOf(r.url),
      category: r.category,
      url: r.url,
      purpose: r.purpose,
      status: r.status,
      error_category: r.status === 'fail' ? (r.error?.category ?? 'unknown') : '',
      errno: r.error?.errno !== undefined ? String(r.error.errno) : '',
      status_code: r.statusCode ?? 0,
      total_ms: r.timing ? r.timing.totalMs : -1,
    }),
  )
  return { id, report: row, probes }
}
