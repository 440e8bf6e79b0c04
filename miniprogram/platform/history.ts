import type { Report } from '../core/report/model'

/** The storage calls history needs; `wx` has them, a fake can stand in for tests. */
export interface StorageLike {
  getStorageSync(key: string): unknown
  setStorageSync(key: string, data: unknown): void
  removeStorageSync(key: string): void
}

export interface HistoryItem {
  id: string
  createdAt: string
  sdk: string
  summary: Report['summary']
}

export const HISTORY_LIMIT = 20
/** The storage key of the index (the list of saved runs). */
export const INDEX_KEY = 'zim-netcheck/history'
/** The storage key of one saved report (platform/history-report.ts reads it back). */
export const reportKey = (id: string) => `zim-netcheck/report/${id}`

export type SaveResult =
  | { ok: true; id: string; dropped: string[] }
  | { ok: false; id: string; error: string }

/**
 * The last 20 finished runs, newest first: a small index plus one storage key per report, so the list
 * loads without reading every report. A full storage drops the oldest entries first; the report being
 * saved stays with the caller whatever happens. Reading a saved report back (storedReport()) and deleting one
 * (removeStored()) are in platform/history-report.ts, for the report and history pages: reading takes the full
 * report validator, which the panel, that only saves, does not ship (issue 31).
 */
export class History {
  constructor(private readonly storage: StorageLike) {}

  list(): HistoryItem[] {
    try {
      const raw = this.storage.getStorageSync(INDEX_KEY)
      return Array.isArray(raw) ? (raw as HistoryItem[]).filter((i) => i && typeof i.id === 'string') : []
    } catch {
      return []
    }
  }

  save(report: Report): SaveResult {
    const id = `r${Date.parse(report.createdAt).toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`
    const item: HistoryItem = {
      id,
      createdAt: report.createdAt,
      sdk: report.sdk.resolved,
      summary: { ...report.summary },
    }
    let items = this.list()
    const dropped: string[] = []
    for (;;) {
      try {
        this.storage.setStorageSync(reportKey(id), report)
        break
      } catch (e) {
        const oldest = items.pop()
        if (!oldest) return { ok: false, id, error: (e as { errMsg?: string }).errMsg ?? String(e) }
        this.removeQuietly(oldest.id)
        dropped.push(oldest.id)
      }
    }
    items = [item, ...items]
    while (items.length > HISTORY_LIMIT) {
      const old = items.pop() as HistoryItem
      this.removeQuietly(old.id)
      dropped.push(old.id)
    }
    try {
      this.storage.setStorageSync(INDEX_KEY, items)
    } catch (e) {
      this.removeQuietly(id)
      return { ok: false, id, error: (e as { errMsg?: string }).errMsg ?? String(e) }
    }
    return { ok: true, id, dropped }
  }

  private removeQuietly(id: string): void {
    try {
      this.storage.removeStorageSync(reportKey(id))
    } catch {
      // Nothing to free.
    }
  }
}
