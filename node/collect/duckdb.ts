import type {
  DuckDBAppender,
  DuckDBConnection,
  DuckDBInstance,
  DuckDBPreparedStatement,
} from '@duckdb/node-api'
import { Backend, colType, Params, TABLES } from './storage'
import { DIM_COLUMN, ProbeRow, ReportRow } from './rows'

type DuckModule = typeof import('@duckdb/node-api')

const DUCK_TYPE = { text: 'VARCHAR', int: 'INTEGER', bigint: 'BIGINT', double: 'DOUBLE' } as const

const ddl = (table: string, cols: readonly string[]) =>
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
const APPEND = {
  reports: TABLES.reports.map(putter),
  probes: TABLES.probes.map(putter),
}

const prefixOf = (id: string) => parseInt(id.slice(0, 7), 16)

/**
 * DuckDB's threads (one setting for the whole database): 1 while only writes run, 2 while a read runs. A write is
 * a few small statements (two appender flushes, COMMIT); with a second thread, DuckDB hands parts of each to it
 * and the calling thread polls until they are done, which on a busy machine (the second thread waiting for a
 * core) burned CPU for nothing: bench, 15 s runs interleaved at load ~2, collector CPU 1.58 → 1.27 ms a report
 * (mean of 4 pairs), 727–958 → 865–1176 reports/s. A fleet query over millions of rows wants both cores
 * (~1 s with two), so a read takes the second thread for its duration.
 */
const THREADS = { write: 1, read: 2 } as const

/** `{name:Type}` → `$name`: DuckDB binds the value; it never becomes SQL text. */
const toDuck = (sql: string) => sql.replace(/\{(\w+):\w+\}/g, '$$$1')

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
async function dropRepeatedDimensions(c: DuckDBConnection): Promise<void> {
  const r = await c.runAndReadAll(
    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = 'probes'",
  )
  const have = new Set(r.getRowsJson().map(([name]) => String(name)))
  const old = Object.values(DIM_COLUMN).filter((d) => have.has(d) && !TABLES.probes.includes(d))
  for (const d of old) await c.run(`ALTER TABLE probes DROP COLUMN ${d}`)
}

/** The writer's transaction statements, prepared once (parsed and planned once, not per batch). */
interface TxStatements {
  begin: DuckDBPreparedStatement
  commit: DuckDBPreparedStatement
  rollback: DuckDBPreparedStatement
}

/**
 * The embedded back-end: one DuckDB file. Writes go through one connection, one batch at a time, each batch
 * one transaction (appenders inside it: all of a batch or nothing); reads use their own connection and see
 * committed data only. DuckDB's WAL makes a committed batch survive a killed process.
 *
 * The next write's transaction is begun as soon as the previous one is committed, without waiting for it: its
 * BEGIN (a trip to a libuv thread and back, 1–2 ms on a busy machine) is then off the writer's path, which at
 * 1,000 reports/s is busy all the time (bench, DuckDB: BEGIN was ~10% of the writer's time). The open
 * transaction holds nothing: it has written nothing, and reads use the other connection.
 */
export class DuckBackend implements Backend {
  readonly kind = 'duckdb'
  private chain: Promise<unknown> = Promise.resolve()
  private readonly appenders: Partial<Record<keyof typeof TABLES, DuckDBAppender>> = {}
  /** The transaction begun ahead for the next write (see above), or none. */
  private ahead: Promise<unknown> | undefined
  /** Reads running (see THREADS), and the thread settings in the order they were asked for. */
  private reading = 0
  private threads: Promise<unknown> = Promise.resolve()

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly reader: DuckDBConnection,
    /** The first 28 bits of every stored id (see mayHold). */
    private readonly prefixes: Set<number>,
    private readonly tx: TxStatements,
  ) {}

  static async open(duck: DuckModule, file: string): Promise<DuckBackend> {
    let instance: DuckDBInstance
    try {
      // No extension downloads (this runs offline); two threads to start with (see THREADS). A
      // checkpoint every 256 MB of WAL instead of 16 MB: each one rewrites the row group still filling (the report
      // JSON of up to 122,880 reports), so at 16 MB they stalled ingest for hundreds of ms every thousand reports
      // (bench: p99 1.2–1.5 s → 0.4 s, +20% reports/s). A committed batch is in the WAL either way.
      instance = await duck.DuckDBInstance.create(file, {
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
        threads: String(THREADS.read),
        checkpoint_threshold: '256MB',
      })
    } catch (e) {
      throw new Error(openProblem(file, e))
    }
    const writer = await instance.connect()
    for (const [t, cols] of Object.entries(TABLES)) await writer.run(ddl(t, cols))
    await dropRepeatedDimensions(writer)
    const reader = await instance.connect()
    const prefixes = new Set<number>()
    const ids = await reader.runAndReadAll('SELECT substr(id, 1, 7) AS p FROM reports')
    for (const [p] of ids.getRowsJson()) prefixes.add(parseInt(String(p), 16))
    await reader.run(`SET threads = ${THREADS.write}`)
    const tx: TxStatements = {
      begin: await writer.prepare('BEGIN TRANSACTION'),
      commit: await writer.prepare('COMMIT'),
      rollback: await writer.prepare('ROLLBACK'),
    }
    return new DuckBackend(instance, writer, reader, prefixes, tx)
  }

  /**
   * The file is this process's alone (DuckDB locks it), so the ids it holds are known: the first 28 bits of each
   * are kept (a Set of small integers: 21 MB for a million reports, measured). An id whose prefix is not there is new,
   * with no lookup; the others (a duplicate, a shared prefix, an id purged since) are looked up as before. The
   * lookup scans every stored id (random hashes defeat DuckDB's zone maps): it took ~5 ms a batch at 50,000
   * reports and grew with the table, on the writer's path.
   */
  mayHold(ids: readonly string[]): string[] {
    return ids.filter((id) => this.prefixes.has(prefixOf(id)))
  }

  contains(col: string, param: string): string {
    return `strpos(${col}, ${param}) > 0`
  }

  oneOf(col: string, param: string): string {
    return `${col} IN (SELECT unnest(string_split(${param}, ',')))`
  }

  async query(sql: string, params: Params = {}): Promise<Record<string, unknown>[]> {
    if (this.reading++ === 0) await this.setThreads(THREADS.read)
    try {
      const reader = await this.reader.runAndReadAll(toDuck(sql), params)
      return reader.getRowObjectsJson() as Record<string, unknown>[]
    } finally {
      if (--this.reading === 0) void this.setThreads(THREADS.write)
    }
  }

  /** DuckDB's thread count, set in the order asked (a read starting as the last one ends gets its 2). */
  private setThreads(n: number): Promise<unknown> {
    const set = () => this.reader.run(`SET threads = ${n}`).catch(() => undefined)
    this.threads = this.threads.then(set, set)
    return this.threads
  }

  /** One write at a time on the writer connection. */
  private serial<R>(f: () => Promise<R>): Promise<R> {
    const run = this.chain.then(f, f)
    this.chain = run.catch(() => undefined)
    return run
  }

  /** Opens the writer's transaction: the one begun ahead if there is one, else a new one. */
  private async begin(): Promise<void> {
    const ahead = this.ahead
    this.ahead = undefined
    await (ahead ?? this.tx.begin.run())
  }

  /** Commits the writer's transaction and begins the next one, not waited for (see the class). */
  private async commit(): Promise<void> {
    await this.tx.commit.run()
    const next = this.tx.begin.run()
    next.catch(() => undefined) // failing, it fails the next write's begin(), which answers it
    this.ahead = next
  }

  private async rollback(): Promise<void> {
    await this.tx.rollback.run().catch(() => undefined)
  }

  write(reports: ReportRow[], probes: ProbeRow[]): Promise<void> {
    return this.serial(async () => {
      await this.begin()
      try {
        await this.append('reports', reports as unknown as Record<string, unknown>[])
        await this.append('probes', probes as unknown as Record<string, unknown>[])
        await this.commit()
        for (const r of reports) this.prefixes.add(prefixOf(r.id))
      } catch (e) {
        this.dropAppenders() // one may hold half a row
        await this.rollback()
        throw e
      }
    })
  }

  /**
   * Each table's appender is made once and kept: a batch's rows are flushed into the open transaction, so they
   * are committed or rolled back with it. (Made per batch, the two `createAppender` calls were two more trips
   * to DuckDB's threads on the writer's path, ~1 ms each when the machine is busy.) Dropped after a failure.
   */
  private async append(table: keyof typeof TABLES, rows: Record<string, unknown>[]): Promise<void> {
    if (!rows.length) return
    const put = APPEND[table]
    const a = (this.appenders[table] ??= await this.writer.createAppender(table))
    for (const r of rows) {
      for (let i = 0; i < put.length; i++) put[i](a, r)
      a.endRow()
    }
    a.flushSync()
  }

  private dropAppenders(): void {
    for (const t of Object.keys(this.appenders) as (keyof typeof TABLES)[]) {
      try {
        this.appenders[t]!.clear() // rows not flushed yet (half a batch, half a row) are dropped, not written
        this.appenders[t]!.closeSync()
      } catch {
        // After a failure closing may fail again; the appender is gone either way.
      }
      delete this.appenders[t]
    }
  }

  purge(ms: number): Promise<void> {
    return this.serial(async () => {
      await this.begin()
      try {
        await this.writer.run('DELETE FROM probes WHERE received_ms < $ms', { ms })
        await this.writer.run('DELETE FROM reports WHERE received_ms < $ms', { ms })
        await this.commit()
      } catch (e) {
        await this.rollback()
        throw e
      }
    })
  }

  async close(): Promise<void> {
    await this.serial(async () => {
      // The transaction begun ahead has nothing in it: ended, not committed.
      const ahead = this.ahead
      this.ahead = undefined
      if (
        ahead &&
        (await ahead.then(
          () => true,
          () => false,
        ))
      )
        await this.rollback()
    })
    await this.threads
    this.dropAppenders()
    for (const st of Object.values(this.tx)) st.destroySync()
    this.reader.closeSync()
    this.writer.closeSync()
    this.instance.closeSync()
  }
}
