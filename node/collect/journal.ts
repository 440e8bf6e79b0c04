import { closeSync, fdatasync, ftruncateSync, openSync, readFileSync, write } from 'node:fs'
import type { ProbeRow, ReportRow } from './rows'

/*
 * The DuckDB collector's journal (`<db>.journal`, beside the database file): where a batch is made durable while
 * DuckDB cannot commit it, during a checkpoint (see duckdb.ts). One line of JSON per batch, appended and flushed
 * to disk (fdatasync) before the batch is acknowledged; emptied once DuckDB holds every batch in it. A collector
 * killed while it holds batches finds them when it opens the file again, and stores them then (its duplicate
 * check makes a batch stored twice count once). A last line cut short by the kill was never acknowledged: it is
 * left out.
 */

export interface JournalBatch {
  reports: ReportRow[]
  probes: ProbeRow[]
}

export class Journal {
  private fd: number | undefined
  /** Bytes appended since it was last emptied (where a failed append is cut back to). */
  private size = 0

  constructor(readonly file: string) {}

  /** The batches a journal file holds (none if there is no file); a line cut short at the end is left out. */
  static read(file: string): JournalBatch[] {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw e
    }
    const out: JournalBatch[] = []
    for (const line of text.split('\n')) {
      if (!line) continue
      try {
        const b = JSON.parse(line) as JournalBatch
        if (Array.isArray(b.reports) && Array.isArray(b.probes)) out.push(b)
      } catch {
        // Only the last line can be cut short (a write is one line, in order): it was never acknowledged.
      }
    }
    return out
  }

  /** Appends a batch and resolves once it is on disk. */
  append(batch: JournalBatch): Promise<void> {
    const fd = (this.fd ??= openSync(this.file, 'a'))
    const line = Buffer.from(JSON.stringify(batch) + '\n')
    return new Promise((resolve, reject) => {
      // A failed write (a full disk) is cut off again, so the next line starts where this one did.
      const fail = (e: Error) => {
        try {
          ftruncateSync(fd, this.size)
        } catch {
          // The line stays cut short; reading the file leaves it out, with the lines after it that it joins.
        }
        reject(e)
      }
      const rest = (from: number) =>
        write(fd, line, from, line.length - from, null, (e, n) => {
          if (e) return fail(e)
          if (from + n < line.length) return rest(from + n)
          fdatasync(fd, (e2) => {
            if (e2) return fail(e2)
            this.size += line.length
            resolve()
          })
        })
      rest(0)
    })
  }

  /** Empties the file (every batch in it is in the database). */
  clear(): void {
    const fd = (this.fd ??= openSync(this.file, 'a'))
    ftruncateSync(fd, 0)
    this.size = 0
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }
}

/**
 * The rows of journaled batches to store, each report once: one in `stored` (already in the database) or earlier
 * among the batches is left out, with its batch's probe rows. `stored` is added to.
 */
export function unjournaled(batches: JournalBatch[], stored: Set<string>): JournalBatch {
  const reports: ReportRow[] = []
  const probes: ProbeRow[] = []
  for (const b of batches) {
    const kept = new Set<string>()
    for (const r of b.reports)
      if (!stored.has(r.id)) {
        stored.add(r.id)
        kept.add(r.id)
        reports.push(r)
      }
    for (const p of b.probes) if (kept.has(p.report_id)) probes.push(p)
  }
  return { reports, probes }
}
