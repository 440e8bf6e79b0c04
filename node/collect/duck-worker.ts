import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { busyError, queueFull } from './batcher'
import { HttpError } from './http-error'
import type { Ingester, QueueLimits, Stored } from './ingester'
import type { ProbeRow, ReportRow } from './rows'
import type { Backend, Params } from './storage'

/*
 * DuckDB on a thread of its own (issue 32's ingest rate): the thread owns the database and does everything a
 * report costs past HTTP — JSON.parse, validateReport, the canonical JSON and its hash, the rows, DuckDB's
 * appenders (synchronous calls) and the commit — with the same LocalIngester the main thread would run. The
 * main thread keeps HTTP, the keys, the rate limits and the queue's limits (a full queue is refused before the
 * body is read), hands each body over as a string and answers when the thread says the report is committed.
 * Reads (GET /v1/…) and retention go through the same thread, one message each; rows come back as plain objects.
 *
 * Measured (bench/collect.bench.ts, this 2-core machine): on one thread each report cost the event loop
 * ~1.2 ms, HTTP included, and its commit waited with nothing else to do; split, the main thread does ~0.4 ms of
 * it and the two overlap.
 */

/** The thread's script: bundled beside the CLI by tools/build-cli.js (build/cli/, dist-cli/). */
export const WORKER_SCRIPT = 'collect-worker.js'

export type ToThread =
  | { t: 'limits'; batch: number }
  | { t: 'ingest'; seq: number; body: string; app: string; receivedMs: number }
  | { t: 'query'; seq: number; sql: string; params: Params }
  | { t: 'write'; seq: number; reports: ReportRow[]; probes: ProbeRow[] }
  | { t: 'purge'; seq: number; ms: number }
  | { t: 'settled'; seq: number }
  | { t: 'close'; seq: number }

export interface WireError {
  message: string
  code?: string
  statusCode?: number
}

export type FromThread =
  | { t: 'ready' }
  | { t: 'failed'; message: string }
  /** A batch was taken for writing: every report up to `upTo` waits no more. */
  | { t: 'taken'; upTo: number }
  | { t: 'done'; seq: number; value?: unknown; error?: WireError; lastError?: string | null }

interface Call {
  resolve: (v: unknown) => void
  reject: (e: Error) => void
}

const toError = (w: WireError): Error =>
  Object.assign(
    new Error(w.message),
    w.code ? { code: w.code } : {},
    w.statusCode ? { statusCode: w.statusCode } : {},
  )

/** The main thread's side: a Backend for the store's reads, and the Ingester for POST /v1/reports. */
export class DuckWorker implements Backend, Ingester {
  readonly kind = 'duckdb'
  lastError: string | undefined
  private seq = 0
  private readonly calls = new Map<number, Call>()
  /** Reports sent over and not yet taken into a batch: seq → when they arrived (this thread's clock). */
  private readonly queued = new Map<number, number>()
  private ingesting = 0
  private stopped: string | undefined
  private limits: QueueLimits = { max: 5000, batch: 100 }

  private constructor(
    private readonly worker: Worker,
    private readonly now: () => number,
  ) {
    worker.on('message', (m: FromThread) => this.onMessage(m))
    const stop = (why: string) => {
      if (this.stopped) return
      this.stopped = why
      this.lastError = why
      const err = Object.assign(new Error(`IO Error: ${why}`), { code: 'EIO' })
      for (const c of this.calls.values()) c.reject(err)
      this.calls.clear()
      this.queued.clear()
    }
    worker.on('error', (e) => stop(`the database thread failed: ${e.message.split('\n')[0]}`))
    worker.on('exit', (code) => stop(`the database thread stopped (exit ${code})`))
  }

  /** Starts the thread and opens `file` there; rejects with the opening's one line (a locked file…). */
  static open(file: string, o: { script?: string; now?: () => number } = {}): Promise<DuckWorker> {
    const worker = new Worker(o.script ?? join(__dirname, WORKER_SCRIPT), { workerData: { file } })
    return new Promise((resolve, reject) => {
      const early = (e: Error | number) => {
        reject(new Error(typeof e === 'number' ? `the database thread stopped (exit ${e})` : e.message))
      }
      worker.once('error', early)
      worker.once('exit', early)
      worker.once('message', (m: FromThread) => {
        worker.off('error', early)
        worker.off('exit', early)
        if (m.t === 'ready') resolve(new DuckWorker(worker, o.now ?? (() => performance.now())))
        else {
          reject(new Error(m.t === 'failed' ? m.message : 'the database thread did not start'))
          void worker.terminate()
        }
      })
    })
  }

  private onMessage(m: FromThread) {
    if (m.t === 'taken') {
      // Sequence numbers grow, and the Map keeps them in that order.
      for (const seq of this.queued.keys()) {
        if (seq > m.upTo) break
        this.queued.delete(seq)
      }
      return
    }
    if (m.t !== 'done') return
    const c = this.calls.get(m.seq)
    if (!c) return
    this.calls.delete(m.seq)
    this.queued.delete(m.seq)
    if (m.lastError !== undefined) this.lastError = m.lastError ?? undefined
    if (m.error) c.reject(toError(m.error))
    else c.resolve(m.value)
  }

  private call<T>(msg: Record<string, unknown> & { t: ToThread['t'] }): Promise<T> {
    if (this.stopped)
      return Promise.reject(Object.assign(new Error(`IO Error: ${this.stopped}`), { code: 'EIO' }))
    const seq = ++this.seq
    return new Promise<T>((resolve, reject) => {
      this.calls.set(seq, { resolve: resolve as (v: unknown) => void, reject })
      this.worker.postMessage({ ...msg, seq })
    })
  }

  // Backend: the store's reads, retention, and rows written as they are (the bench's bulk load).
  contains(col: string, param: string): string {
    return `strpos(${col}, ${param}) > 0`
  }

  oneOf(col: string, param: string): string {
    return `${col} IN (SELECT unnest(string_split(${param}, ',')))`
  }

  query(sql: string, params: Params = {}): Promise<Record<string, unknown>[]> {
    return this.call({ t: 'query', sql, params })
  }

  write(reports: ReportRow[], probes: ProbeRow[]): Promise<void> {
    return this.call({ t: 'write', reports, probes })
  }

  purge(ms: number): Promise<void> {
    return this.call({ t: 'purge', ms })
  }

  settled(): Promise<void> {
    return this.call({ t: 'settled' })
  }

  /** Waits for what was acknowledged or is being written, closes the database, ends the thread. */
  async close(): Promise<void> {
    await this.idle()
    if (!this.stopped) await this.call({ t: 'close' })
    await this.worker.terminate()
  }

  // Ingester: the queue's limits are kept here, so a full queue is refused before the body is read.
  /** The queue's limits (createCollector's `queue`); the thread writes `batch` reports a transaction at most. */
  setLimits(limits: QueueLimits): void {
    this.limits = limits
    this.worker.postMessage({ t: 'limits', batch: limits.batch } satisfies ToThread)
  }

  get waiting() {
    return this.queued.size
  }

  get full() {
    // Sequence numbers grow, and the Map keeps them in that order: its first value is the oldest.
    return queueFull(this.limits, this.queued.size, this.queued.values().next().value, this.now)
  }

  busy(): HttpError {
    return busyError()
  }

  async submit(body: string, app: string, receivedMs: number): Promise<Stored> {
    if (this.full) throw this.busy()
    const seq = this.seq + 1
    this.queued.set(seq, this.now())
    this.ingesting++
    try {
      return await this.call<Stored>({ t: 'ingest', body, app, receivedMs })
    } catch (e) {
      const err = e as Error & { statusCode?: number }
      if (err instanceof HttpError) throw err
      if (err.statusCode) throw new HttpError(err.statusCode, err.message)
      throw new HttpError(503, `storage unavailable: ${err.message.replace(/^IO Error: /, '')}`)
    } finally {
      this.queued.delete(seq)
      this.ingesting--
    }
  }

  async idle(): Promise<void> {
    while (this.ingesting > 0 && !this.stopped) await new Promise((r) => setTimeout(r, 5))
  }
}
