import { Report, validateReport } from '../core/report'
import { History, INDEX_KEY, reportKey, StorageLike } from './history'

/**
 * A report History saved, read back and checked by the full report validator (storage is the user's to clear
 * or fill, and an older package may have written it), or undefined when it is gone or not a report. Its own
 * module so that the panel, which only saves, does not carry the validator (issue 31): the report page does.
 */
export function storedReport(storage: StorageLike, id: string): Report | undefined {
  try {
    const checked = validateReport(storage.getStorageSync(reportKey(id)))
    return checked.ok ? checked.report : undefined
  } catch {
    return undefined
  }
}

/** Deletes one saved run (the history page's 删除 / Delete): its report, then its entry in the index. */
export function removeStored(storage: StorageLike, id: string): void {
  try {
    storage.removeStorageSync(reportKey(id))
  } catch {
    // Nothing to free.
  }
  try {
    storage.setStorageSync(
      INDEX_KEY,
      new History(storage).list().filter((i) => i.id !== id),
    )
  } catch {
    // The index keeps a dangling entry; storedReport() then returns undefined and the list page drops it.
  }
}
