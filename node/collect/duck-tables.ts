import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api'
import { DIM_COLUMN } from './rows'
import { colType, TABLES } from './storage'

/* The DuckDB back-end's tables (duckdb.ts): their DDL, the appender's call per column, binding, and opening. */

const DUCK_TYPE = { text: 'VARCHAR', int: 'INTEGER', bigint: 'BIGINT', double: 'DOUBLE' } as const

export const ddl = (table: string, cols: readonly string[]) =>
  `CREATE TABLE IF NOT EXISTS ${table} (${cols.map((c) => `${c} ${DUCK_TYPE[colType(c)]}`).join(', ')})`

type Put = (a: DuckDBAppender, row: Record<string, unknown>) => void

/** One appender call per column, chosen once per table (not per value: a batch is tens of thousands of values). */
const putter = (c: string): Put => {
  switch (colType(c)) {
    case 'text':
      return (a, r) => a.appendVarchar(String(r[c]))
    case 'int':
      return (a, r) => a.appendInteger(r[c] as number)
    case 'bigint':
      return (a, r) => a.appendBigInt(BigInt(r[c] as number))
    case 'double':
      return (a, r) => a.appendDouble(r[c] as number)
  }
}
export const APPEND = {
  reports: TABLES.reports.map(putter),
  probes: TABLES.probes.map(putter),
}

/** `{name:Type}` → `$name`: DuckDB binds the value; it never becomes SQL text. */
export const toDuck = (sql: string) => sql.replace(/\{(\w+):\w+\}/g, '$$$1')

/** Why a database file cannot be opened, in one line (another collector holds its lock, not a database…). */
export function openProblem(file: string, e: unknown): string {
  const msg = String((e as Error).message ?? e)
  const pid = /PID (\d+)/.exec(msg)?.[1]
  if (/lock/i.test(msg))
    return `the database file ${file} is in use by another process${pid ? ` (pid ${pid})` : ''}: stop it or use another --db`
  return `cannot open the database file ${file}: ${msg.split('\n')[0]}`
}

/**
 * A file made when probe rows repeated their report's dimensions (see rows.ts): those columns are dropped, so the
 * appender's order is the table's again. The values stay in `reports`. Once per file; a file made since has none.
 */
export async function dropRepeatedDimensions(c: DuckDBConnection): Promise<void> {
  const r = await c.runAndReadAll(
    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = 'probes'",
  )
  const have = new Set(r.getRowsJson().map(([name]) => String(name)))
  const old = Object.values(DIM_COLUMN).filter((d) => have.has(d) && !TABLES.probes.includes(d))
  for (const d of old) await c.run(`ALTER TABLE probes DROP COLUMN ${d}`)
}

/**
 * DuckDB's threads (one setting for the whole database): 1 while only writes run, 2 while a read runs. A write is
 * a few small statements (two appender flushes, COMMIT); with a second thread, DuckDB hands parts of each to it
 * and the calling thread polls until they are done, which on a busy machine (the second thread waiting for a
 * core) burned CPU for nothing: bench, 15 s runs interleaved at load ~2, collector CPU 1.58 → 1.27 ms a report
 * (mean of 4 pairs), 727–958 → 865–1176 reports/s. A fleet query over millions of rows wants both cores
 * (~1 s with two), so a read takes the second thread for its duration.
 */
export const THREADS = { write: 1, read: 2 } as const
