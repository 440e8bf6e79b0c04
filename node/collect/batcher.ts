/*
 * Group commit: one transaction per batch of waiting reports; each caller learns when its own is stored. A full
 * queue answers 503 at once, so memory stays bounded under overload. "Full" is a count (memory) or an age: once
 * the oldest waiting report has waited `maxWaitMs`, the store is behind and a new report would only wait longer,
 * so it is refused (with retry-after) instead of being held for seconds.
 */
import { HttpError } from './http-error'
import type { Ingest } from './rows'
import type { Store } from './storage'

interface Pending {
  ing: Ingest
  at: number
  /** The caller's own mark, handed to `onBatch` (the database thread: the request's sequence number). */
  tag: number
  resolve: (duplicate: boolean) => void
  reject: (e: Error) => void
}

/** Group commit: one transaction per batch of waiting reports; each caller learns when its own is stored. */
export class Batcher {
  private queue: Pending[] = []
  private running = false
  /** The last batch's write failed: shown by /healthz. */
  lastError: string | undefined

  constructor(
    private readonly store: Store,
    private readonly limits: { max: number; batch: number; maxWaitMs?: number },
    private readonly now: () => number = () => performance.now(),
    /** Called as each batch is taken for writing, with the last report's tag (its reports wait no more). */
    private readonly onBatch?: (lastTag: number) => void,
  ) {}

  get waiting() {
    return this.queue.length
  }

  /**
   * As many reports wait as the queue holds, or the oldest waiting one (not the batch being written: one slow write
   * alone refuses nothing) has waited too long: the next one is refused (503).
   */
  get full() {
    return queueFull(this.limits, this.queue.length, this.queue[0]?.at, this.now)
  }

  busy(): HttpError {
    return busyError()
  }

  add(ing: Ingest, tag = 0): Promise<boolean> {
    if (this.full) return Promise.reject(this.busy())
    return new Promise((resolve, reject) => {
      this.queue.push({ ing, at: this.now(), tag, resolve, reject })
      if (!this.running) void this.drain()
    })
  }

  private async drain(): Promise<void> {
    this.running = true
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.limits.batch)
      this.onBatch?.(batch[batch.length - 1].tag)
      try {
        const existing = await this.store.insert(batch.map((p) => p.ing))
        this.lastError = undefined
        const seen = new Set<string>()
        for (const p of batch) {
          p.resolve(existing.has(p.ing.id) || seen.has(p.ing.id))
          seen.add(p.ing.id)
        }
      } catch (e) {
        this.lastError = storageProblem(e)
        const err = new HttpError(503, `storage unavailable: ${this.lastError}`)
        for (const p of batch) p.reject(err)
      }
    }
    this.running = false
  }

  /** Resolves once nothing is waiting or being written. */
  async idle(): Promise<void> {
    while (this.running) await new Promise((r) => setImmediate(r))
  }
}

/**
 * The queue's rule (above), wherever the queue is kept (here, or duck-worker.ts for DuckDB's thread): `count`
 * reports wait, the oldest of them since `oldestAt` (undefined: none).
 */
export function queueFull(
  limits: { max: number; maxWaitMs?: number },
  count: number,
  oldestAt: number | undefined,
  now: () => number,
): boolean {
  if (count >= limits.max) return true
  return limits.maxWaitMs !== undefined && oldestAt !== undefined && now() - oldestAt > limits.maxWaitMs
}

/** What a full queue answers: 503, retry later. */
export function busyError(): HttpError {
  return new HttpError(503, 'busy: too many reports waiting to be stored; retry later')
}

/** A failed write in one line; a full disk says so in words (DuckDB: "IO Error: … No space left on device"). */
export function storageProblem(e: unknown): string {
  const err = e as NodeJS.ErrnoException | null
  const msg = String(err?.message ?? e)
  const first = (msg.split('\n').find((l) => l.trim()) ?? msg).replace(/\s+/g, ' ').trim().slice(0, 200)
  if (err?.code === 'ENOSPC' || /no space left on device/i.test(msg))
    return `the disk is full (${first}): free space; reports are refused meanwhile`
  if (err?.code === 'EFBIG' || /file too large/i.test(msg))
    return `the database file cannot grow: a file-size limit (${first}); reports are refused meanwhile`
  return first
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOSPC',
  'EFBIG',
  'EIO',
])

/** The store cannot be reached or written (a server down, a full disk), as opposed to a fault of ours. */
export function storageUnavailable(e: unknown): boolean {
  const err = e as (NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException }) | null
  if (UNAVAILABLE_CODES.has(err?.code ?? '') || UNAVAILABLE_CODES.has(err?.cause?.code ?? '')) return true
  return /ECONNREFUSED|ECONNRESET|socket hang up|IO Error|No space left on device|File too large/i.test(
    String(err?.message ?? e),
  )
}
