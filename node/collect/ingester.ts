import { Batcher } from './batcher'
import { HttpError } from './http-error'
import { readBody } from './intake'
import { toRows } from './rows'
import type { Store } from './storage'

/*
 * What POST /v1/reports does with a body once the key and the rates are checked: read it (intake.ts), make its
 * rows (rows.ts), queue them for the group commit (batcher.ts), answer when stored. Two places do it: this
 * thread (`LocalIngester`: ClickHouse, and any store given to createCollector), or DuckDB's own thread
 * (duck-worker.ts: the same LocalIngester runs there, on the thread that owns the database).
 */

export interface Stored {
  id: string
  duplicate: boolean
}

export interface QueueLimits {
  max: number
  batch: number
  maxWaitMs?: number
}

/** Takes report bodies and answers once each is stored (or refused: HttpError 400, 503). */
export interface Ingester {
  /** Refuse the next report before its body is read (503): too many wait, or the oldest waited too long. */
  readonly full: boolean
  /** Reports waiting to be written (not counting the batch being written). */
  readonly waiting: number
  /** The last write's failure (`/healthz`), until a write succeeds. */
  lastError: string | undefined
  busy(): HttpError
  /** `tag`: handed to the batcher's onBatch when the report is taken for writing. */
  submit(body: string, app: string, receivedMs: number, tag?: number): Promise<Stored>
  /** Resolves once nothing is waiting or being written. */
  idle(): Promise<void>
}

/** Reads, validates and stores on this thread. */
export class LocalIngester implements Ingester {
  readonly batcher: Batcher

  constructor(store: Store, limits: QueueLimits, onBatch?: (lastTag: number) => void) {
    this.batcher = new Batcher(store, limits, undefined, onBatch)
  }

  get full() {
    return this.batcher.full
  }

  get waiting() {
    return this.batcher.waiting
  }

  get lastError() {
    return this.batcher.lastError
  }

  set lastError(e: string | undefined) {
    this.batcher.lastError = e
  }

  busy(): HttpError {
    return this.batcher.busy()
  }

  async submit(body: string, app: string, receivedMs: number, tag?: number): Promise<Stored> {
    const read = readBody(body)
    if (!read.ok) throw new HttpError(400, read.error)
    const ing = toRows(read.report, {
      kind: read.kind,
      complete: read.complete,
      summary: read.summary,
      app,
      receivedMs,
    })
    const duplicate = await this.batcher.add(ing, tag)
    return { id: ing.id, duplicate }
  }

  idle(): Promise<void> {
    return this.batcher.idle()
  }
}
