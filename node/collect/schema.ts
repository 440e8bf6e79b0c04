/** The collector's tables and the shapes its queries take and return: one schema for both back-ends. */
import { FleetDim, PROBE_COLUMNS, ProbeRow, REPORT_COLUMNS, ReportRow } from './rows'

export type ColType = 'text' | 'int' | 'bigint' | 'double'

const T: Record<string, ColType> = {
  received_ms: 'bigint',
  complete: 'int',
  total: 'int',
  pass: 'int',
  warn: 'int',
  fail: 'int',
  skipped: 'int',
  idx: 'int',
  status_code: 'int',
  total_ms: 'double',
}
export const colType = (c: string): ColType => T[c] ?? 'text'

export const TABLES = {
  reports: REPORT_COLUMNS as readonly string[],
  probes: PROBE_COLUMNS as readonly string[],
}

export type Params = Record<string, string | number>

export interface Backend {
  readonly kind: 'duckdb' | 'clickhouse'
  /** Rows as plain objects; numbers may come back as strings (64-bit), the store converts them. */
  query(sql: string, params?: Params): Promise<Record<string, unknown>[]>
  /** Writes the rows: both tables in one transaction (DuckDB), probes before reports (ClickHouse). */
  write(reports: ReportRow[], probes: ProbeRow[]): Promise<void>
  /** The dialect's substring test: `col` contains the bound `param`. */
  contains(col: string, param: string): string
  /** Where the dialect can: `col` is one of the comma-separated values bound to `param` (one parameter for
   * hundreds of ids; binding each apart costs the writer more than the lookup). Ids hold no comma. */
  oneOf?(col: string, param: string): string
  /** Where the back-end knows every id it holds (one process owns the store): the ids among `ids` that may be
   * stored already; the others are certainly new and need no lookup. Without it every id is looked up. */
  mayHold?(ids: readonly string[]): string[]
  /** Where reports and their probe rows are written apart (ClickHouse: no transaction), the ids among `ids` whose
   * report row is stored and those whose probe rows are, in one look-up. Without it, `reports` is looked up. */
  written?(ids: readonly string[]): Promise<{ reports: Set<string>; probes: Set<string> }>
  /** Where acknowledged reports may not be readable at once (DuckDB during a checkpoint): resolves once they are. */
  settled?(): Promise<void>
  /** Deletes everything received before `ms`. */
  purge(ms: number): Promise<void>
  close(): Promise<void>
}

/** A request's filters, already checked against the vocabularies (see parseFilter in api.ts). */
export interface Filter {
  dims?: Partial<Record<FleetDim, string[]>>
  failedOnly?: boolean
  sinceMs?: number
  untilMs?: number
  /** Probe rows: these whitelist categories only. */
  categories?: string[]
  /** Probe rows: failures of these error categories only (other failing rows are not counted). */
  errors?: string[]
  /** Probe rows: hosts containing this text (lower-cased). */
  host?: string
}

export interface Page {
  limit: number
  offset: number
}

export interface ListItem {
  id: string
  receivedAt: string
  createdAt: string
  app: string
  /** `manual`, or `sentinel:<kind>` for a run the sentinel started (see rows.ts FLEET_DIMS). */
  trigger: string
  kind: string
  complete: boolean
  platform: string
  networkType: string
  os: string
  system: string
  wechatVersion: string
  baseLibrary: string
  sdk: string
  runtime: string
  appId: string
  summary: { total: number; pass: number; warn: number; fail: number; skipped: number }
}

export interface Cell {
  ran: number
  fail: number
  warn: number
  skipped: number
  errors: Record<string, number>
}

export interface MatrixRow {
  host: string
  fail: number
  cells: Record<string, Cell>
}

export interface BreakdownRow {
  value: string
  reports: number
  failedReports: number
  probes: number
  fail: number
  warn: number
  skipped: number
  errors: Record<string, number>
}
