import type { ClickHouseClient } from '@clickhouse/client'
import { Backend, colType, Params, TABLES } from './storage'
import type { ProbeRow, ReportRow } from './rows'

type ClickHouseModule = typeof import('@clickhouse/client')

const CH_TYPE = { text: 'String', int: 'Int32', bigint: 'Int64', double: 'Float64' } as const

/**
 * MergeTree tables, by month, each ordered by what every batch looks up in it: the reports by id, the probes by
 * their report's id (see `written`). Ordered otherwise, each look-up read the whole column: a batch's cost grew with
 * everything stored (12 ms at 10,000 reports, seconds at millions). The fleet queries read every probe of a period
 * whatever the order. Tables made by an earlier version keep their order (`orderNotes` says so at open).
 */
const ORDER: Record<keyof typeof TABLES, string> = {
  reports: 'id',
  probes: '(report_id, idx)',
}

/** Ids per look-up query (each a quoted literal in the SQL text). */
const LOOKUP_IDS = 500

/** The look-up `written` runs: report rows and probe rows stored for `ids`, one query, both by the tables' keys. */
export function writtenSql(ids: readonly string[]): string {
  const list = ids.map((id) => quoteLiteral(id, 'String')).join(', ')
  return `SELECT id, 1 AS report FROM reports WHERE id IN (${list})
    UNION ALL SELECT DISTINCT report_id AS id, 0 AS report FROM probes WHERE report_id IN (${list})`
}

/**
 * Rows per granule, the unit a look-up reads: 1,024 rather than ClickHouse's 8,192 makes a batch's look-up read
 * about an eighth as much (a store of 18.4 M probe rows: 32 ids read 98,304 rows against 778,240, 9 against 22–35 ms)
 * for a primary index eight times larger (~40 MB a billion probe rows).
 */
const GRANULE_ROWS = 1024

/**
 * CREATE TABLE for `table` (a name, qualified or not) with `columns`, by month, ordered by `order`; granules of
 * `granule` rows, or ClickHouse's default. The tests make an earlier version's tables with it.
 */
export const createTableSql = (table: string, columns: readonly string[], order: string, granule?: number) =>
  `CREATE TABLE IF NOT EXISTS ${table} (${columns
    .map((c) => `${c} ${CH_TYPE[colType(c)]}`)
    .join(', ')}) ENGINE = MergeTree PARTITION BY toYYYYMM(toDate(day)) ORDER BY ${order}${
    granule === undefined ? '' : ` SETTINGS index_granularity = ${granule}`
  }`
const ddl = (table: keyof typeof TABLES) => createTableSql(table, TABLES[table], ORDER[table], GRANULE_ROWS)

/**
 * A value as a ClickHouse literal. ClickHouse 18.16 (Debian's package) has no query parameters, so the
 * placeholders are bound here: a string is quoted with every backslash and quote escaped (and control
 * characters written as escapes), a number must be a safe integer. Nothing else is accepted.
 */
export function quoteLiteral(v: string | number, type: string): string {
  if (type === 'String') {
    if (typeof v !== 'string') throw new Error('a String parameter must be a string')
    return `'${v.replace(/[\\'\u0000-\u001f]/g, (c) =>
      c === '\\' ? '\\\\' : c === "'" ? "\\'" : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    )}'`
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v))
    throw new Error(`a ${type} parameter must be an integer`)
  return String(v)
}

export const bindClickHouse = (sql: string, params: Params): string =>
  sql.replace(/\{(\w+):(\w+)\}/g, (_, name: string, type: string) => {
    if (!Object.prototype.hasOwnProperty.call(params, name)) throw new Error(`no value for {${name}}`)
    return quoteLiteral(params[name], type)
  })

/**
 * Tables an earlier version made keep their order (CREATE TABLE IF NOT EXISTS): each batch's look-up then reads
 * whole columns. One line per such table, saying how to get the order; none when the tables are as made here, or
 * when the server will not show them (advice only: the store works either way).
 */
async function orderNotes(client: ClickHouseClient): Promise<string[]> {
  const notes: string[] = []
  for (const t of Object.keys(TABLES) as (keyof typeof TABLES)[]) {
    let statement: string
    try {
      const rs = await client.query({ query: `SHOW CREATE TABLE ${t}`, format: 'TabSeparatedRaw' })
      statement = (await rs.text()).trim()
    } catch {
      return notes
    }
    const order = /\bORDER BY (.+?)(?: SETTINGS\b|$)/.exec(statement)?.[1]
    const flat = (x: string) => x.replace(/[\s()]/g, '')
    if (order !== undefined && flat(order) !== flat(ORDER[t]))
      notes.push(
        `ClickHouse table ${t} is ordered by ${order}, as an earlier version made it: each batch's look-up reads its whole column, slower as it grows; RENAME TABLE ${t} TO ${t}_old, start the collector (it makes ${t} ordered by ${ORDER[t]}), then INSERT INTO ${t} SELECT * FROM ${t}_old`,
      )
  }
  return notes
}

/**
 * The distributed back-end: ClickHouse through its official client. Stateless: several collectors may share
 * one server. A batch is two inserts, probes first: a report row is written only once its probe rows are, so a
 * collector killed between them leaves rows no query reads (they are kept when the report comes again).
 */
export class ClickHouseBackend implements Backend {
  readonly kind = 'clickhouse'
  private constructor(
    private readonly client: ClickHouseClient,
    /** What the operator should know about the tables found (one line each): see `orderNotes`. */
    readonly notes: string[] = [],
  ) {}

  static async open(ch: ClickHouseModule, url: string): Promise<ClickHouseBackend> {
    // The client's own logger would print a stack trace on stderr for every request while the server is down;
    // the collector says it once per answer instead (503, /healthz).
    const client = ch.createClient({
      url,
      request_timeout: 30_000,
      log: { level: ch.ClickHouseLogLevel.OFF },
    })
    try {
      for (const t of Object.keys(TABLES) as (keyof typeof TABLES)[]) await client.command({ query: ddl(t) })
    } catch (e) {
      await client.close()
      const safe = url.replace(/\/\/[^@/]*@/, '//***@')
      throw new Error(`cannot use ClickHouse at ${safe}: ${String((e as Error).message).split('\n')[0]}`)
    }
    return new ClickHouseBackend(client, await orderNotes(client))
  }

  contains(col: string, param: string): string {
    return `position(${col}, ${param}) > 0`
  }

  async query(sql: string, params: Params = {}): Promise<Record<string, unknown>[]> {
    const rs = await this.client.query({ query: bindClickHouse(sql, params), format: 'JSONEachRow' })
    return rs.json<Record<string, unknown>>()
  }

  async written(ids: readonly string[]): Promise<{ reports: Set<string>; probes: Set<string> }> {
    const out = { reports: new Set<string>(), probes: new Set<string>() }
    for (let i = 0; i < ids.length; i += LOOKUP_IDS) {
      const rows = await this.query(writtenSql(ids.slice(i, i + LOOKUP_IDS)))
      for (const r of rows) (Number(r.report) === 1 ? out.reports : out.probes).add(String(r.id))
    }
    return out
  }

  async write(reports: ReportRow[], probes: ProbeRow[]): Promise<void> {
    if (probes.length) await this.client.insert({ table: 'probes', values: probes, format: 'JSONEachRow' })
    if (reports.length) await this.client.insert({ table: 'reports', values: reports, format: 'JSONEachRow' })
  }

  async purge(ms: number): Promise<void> {
    // A mutation, applied in the background; reads already leave out what retention drops (api.ts).
    for (const t of ['reports', 'probes'])
      await this.client.command({
        query: `ALTER TABLE ${t} DELETE WHERE received_ms < ${quoteLiteral(ms, 'Int64')}`,
      })
  }

  close(): Promise<void> {
    return this.client.close()
  }
}
