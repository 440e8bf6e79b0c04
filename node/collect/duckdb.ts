import type {
  DuckDBAppender,
  DuckDBConnection,
  DuckDBInstance,
  DuckDBPreparedStatement,
} from '@duckdb/node-api'
import { statSync } from 'node:fs'
import { APPEND, ddl, dropRepeatedDimensions, openProblem, THREADS, toDuck } from './duck-tables'
import { Journal, JournalBatch, unjournaled } from './journal'
import type { ProbeRow, ReportRow } from './rows'
import { Backend, Params, TABLES } from './storage'

export { openProblem }

type DuckModule = typeof import('@duckdb/node-api')

/** Whether a promise fulfils (never rejects). */
const succeeds = (p: Promise<unknown>) =>
  p.then(
    () => true,
    () => false,
  )

const prefixOf = (id: string) => parseInt(id.slice(0, 7), 16)

/**
 * Checkpoints (DuckDB writing its WAL into the database file) are the collector's own, on a connection of their
 * own, once the WAL holds this much. DuckDB's automatic checkpoint runs inside the COMMIT that crosses its
 * threshold, and every other commit waits for it: at 1,000 reports/s offered open-loop for 60 s that held reports
 * for 0.7–5.5 s every 10–15 s (p99 820 ms, 828 refused as the queue aged). While the collector's checkpoint
 * runs, batches are made durable in the journal (journal.ts) instead, acknowledged at once, and stored in DuckDB
 * after it, a few batches a transaction so that new batches never wait behind all of them (the same run: p99
 * 130 ms at 256 MB, 106 ms at 64 MB, 108 at 32; none refused; 27 ms with no checkpoint at all — what is left is
 * the checkpoint's own disk writes and CPU on two cores). DuckDB's own threshold stays as a backstop (4 GB:
 * reached only if the collector's checkpoints keep failing).
 */
const CHECKPOINT_BYTES = 64 * 1024 * 1024
const BACKSTOP_THRESHOLD = '4GB'
/** Journaled batches stored per transaction after a checkpoint. */
const DRAIN_BATCHES = 4
/** After a checkpoint that could not run (a read held a transaction open), the next try waits this long. */
const CHECKPOINT_RETRY_MS = 1000

export interface DuckOptions {
  /** WAL bytes that start a checkpoint (default CHECKPOINT_BYTES, 64 MB). */
  checkpointBytes?: number
  /** Runs each checkpoint (tests hold one open to see batches journaled meanwhile); default: run it. */
  checkpoint?: (run: () => Promise<void>) => Promise<void>
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
  /** A checkpoint is running (see CHECKPOINT_BYTES): batches go to the journal. */
  private checkpointing: Promise<void> | undefined
  private nextCheckpointAt = 0
  /** Batches acknowledged from the journal and not yet in DuckDB, oldest first. */
  private readonly backlog: JournalBatch[] = []
  /** Their reports' ids (the duplicate check's: see mayHold). */
  private readonly journaled = new Set<string>()
  private draining: Promise<void> | undefined
  /** Why the journaled batches could not be stored yet (they stay in the journal), or none. */
  backlogError: string | undefined
  private readonly journal: Journal
  private readonly checkpointBytes: number

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly reader: DuckDBConnection,
    private readonly checkpointer: DuckDBConnection,
    /** The first 28 bits of every stored id (see mayHold). */
    private readonly prefixes: Set<number>,
    private readonly tx: TxStatements,
    private readonly file: string,
    private readonly options: DuckOptions,
  ) {
    this.journal = new Journal(`${file}.journal`)
    this.checkpointBytes = options.checkpointBytes ?? CHECKPOINT_BYTES
  }

  static async open(duck: DuckModule, file: string, options: DuckOptions = {}): Promise<DuckBackend> {
    let instance: DuckDBInstance
    try {
      // No extension downloads (this runs offline); two threads to start with (see THREADS). Checkpoints are the
      // collector's own (see CHECKPOINT_BYTES); DuckDB's threshold is only a backstop. (When DuckDB's were the only
      // ones, 16 MB stalled ingest for hundreds of ms every thousand reports, and 256 MB was chosen.) A committed
      // batch is in the WAL either way.
      instance = await duck.DuckDBInstance.create(file, {
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
        threads: String(THREADS.read),
        checkpoint_threshold: BACKSTOP_THRESHOLD,
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
    const checkpointer = await instance.connect()
    const b = new DuckBackend(instance, writer, reader, checkpointer, prefixes, tx, file, options)
    // Batches acknowledged from the journal by a collector that stopped before storing them.
    const left = Journal.read(b.journal.file)
    if (left.length) {
      await b.serial(() => b.store(left))
      b.journal.clear()
    }
    return b
  }

  /**
   * The file is this process's alone (DuckDB locks it), so the ids it holds are known: the first 28 bits of each
   * are kept (a Set of small integers: 21 MB for a million reports, measured). An id whose prefix is not there is new,
   * with no lookup; the others (a duplicate, a shared prefix, an id purged since) are looked up as before. The
   * lookup scans every stored id (random hashes defeat DuckDB's zone maps): it took ~5 ms a batch at 50,000
   * reports and grew with the table, on the writer's path.
   */
  mayHold(ids: readonly string[]): string[] {
    return ids.filter((id) => this.prefixes.has(prefixOf(id)) || this.journaled.has(id))
  }

  contains(col: string, param: string): string {
    return `strpos(${col}, ${param}) > 0`
  }

  oneOf(col: string, param: string): string {
    return `${col} IN (SELECT unnest(string_split(${param}, ',')))`
  }

  async query(sql: string, params: Params = {}): Promise<Record<string, unknown>[]> {
    if (this.reading++ === 0) void this.setThreads(THREADS.read)
    try {
      // Every read waits for the setting asked before it, not only the first of overlapping reads: a second read
      // starting while the first one's `SET threads = 2` is still on its way would otherwise run with one.
      await this.threads
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

  /** Ends the transaction begun ahead, if one began: it has nothing in it, so it is rolled back, not committed. */
  private async endAhead(): Promise<void> {
    const ahead = this.ahead
    this.ahead = undefined
    if (ahead && (await succeeds(ahead))) await this.rollback()
  }

  async write(reports: ReportRow[], probes: ProbeRow[]): Promise<void> {
    // Journaled batches that could not be stored are tried again first; while they cannot be, writes are refused
    // (503), not journaled without end.
    if (this.backlogError && !this.checkpointing) await this.drain()
    return this.serial(async () => {
      if (this.checkpointing || this.backlog.length) {
        if (this.backlogError && !this.checkpointing)
          throw Object.assign(new Error(`IO Error: ${this.backlogError}`), { code: 'EIO' })
        // Behind a checkpoint: durable in the journal now, in DuckDB after it (in order).
        await this.journal.append({ reports, probes })
        this.backlog.push({ reports, probes })
        for (const r of reports) this.journaled.add(r.id)
        // The checkpoint may have ended while this batch was being written (its end found nothing to store).
        if (!this.checkpointing) void this.drain()
        return
      }
      await this.commitRows(reports, probes)
      if (this.walBytes() >= this.checkpointBytes && performance.now() >= this.nextCheckpointAt)
        await this.startCheckpoint()
    })
  }

  /** One transaction: the rows, all or nothing. */
  private async commitRows(reports: ReportRow[], probes: ProbeRow[]): Promise<void> {
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
  }

  private walBytes(): number {
    try {
      return statSync(`${this.file}.wal`).size
    } catch {
      return 0
    }
  }

  /**
   * On the writer's turn: ends the transaction begun ahead (empty; a checkpoint runs only with no transaction open)
   * and starts the checkpoint on its own connection, not waited for. Batches meanwhile go to the journal.
   */
  private async startCheckpoint(): Promise<void> {
    await this.endAhead()
    const run = () => this.checkpointer.run('CHECKPOINT').then(() => undefined)
    this.checkpointing = (this.options.checkpoint ? this.options.checkpoint(run) : run())
      .catch(() => {
        // A read held a transaction open: DuckDB refuses, and the next commit tries again a little later.
        this.nextCheckpointAt = performance.now() + CHECKPOINT_RETRY_MS
      })
      .finally(() => {
        this.checkpointing = undefined
        void this.drain()
      })
  }

  /** Stores the journaled batches, a few per transaction, each on the writer's turn; empties the journal after. */
  private drain(): Promise<void> {
    if (this.draining) return this.draining
    if (!this.backlog.length) return Promise.resolve()
    const run = async () => {
      try {
        while (this.backlog.length && !this.checkpointing) {
          await this.serial(async () => {
            const chunk = this.backlog.slice(0, DRAIN_BATCHES)
            await this.store(chunk)
            this.backlog.splice(0, chunk.length)
            if (!this.backlog.length) this.journal.clear()
          })
        }
        this.backlogError = undefined
      } catch (e) {
        // They stay in the journal and in memory; tried again before the next write, at the next checkpoint's end
        // and at close.
        this.backlogError = String((e as Error).message ?? e).split('\n')[0]
      }
    }
    const p: Promise<void> = run().finally(() => {
      if (this.draining === p) this.draining = undefined
    })
    this.draining = p
    return p
  }

  /**
   * Resolves once no checkpoint runs and every journaled batch is in DuckDB (or could not be stored): the store's
   * reads wait for it, so that a report acknowledged from the journal is read like any other, a checkpoint's
   * length later at most. The duplicate check's lookups do not wait (a duplicate of a journaled report is left
   * out when the journal is stored).
   */
  async settled(): Promise<void> {
    while (this.checkpointing || this.draining) await (this.checkpointing ?? this.draining)
  }

  /**
   * Journaled batches into DuckDB, in one transaction, each report once: one already stored (a batch stored
   * before the collector stopped, or the same report sent again) or twice among them is left out, its probe rows
   * with it.
   */
  private async store(batches: JournalBatch[]): Promise<void> {
    const ids = batches.flatMap((b) => b.reports.map((r) => r.id))
    const seen = new Set<string>()
    // Looked up only where a stored id shares the prefix (a scan of every stored id otherwise; see mayHold).
    const maybe = ids.filter((id) => this.prefixes.has(prefixOf(id)))
    if (maybe.length) {
      const r = await this.reader.runAndReadAll(`SELECT id FROM reports WHERE ${this.oneOf('id', '$ids')}`, {
        ids: maybe.join(','),
      })
      for (const [id] of r.getRowsJson()) seen.add(String(id))
    }
    const { reports, probes } = unjournaled(batches, seen)
    if (reports.length) await this.commitRows(reports, probes)
    for (const id of ids) this.journaled.delete(id)
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
    await this.settled()
    if (this.backlog.length) await this.drain() // failing, the batches stay in the journal for the next open
    await this.serial(() => this.endAhead())
    await this.threads
    this.dropAppenders()
    for (const st of Object.values(this.tx)) st.destroySync()
    this.journal.close()
    this.checkpointer.closeSync()
    this.reader.closeSync()
    this.writer.closeSync()
    this.instance.closeSync()
  }
}
