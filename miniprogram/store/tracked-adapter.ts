import { OPERATION, PlatformAdapter } from '../core/adapter'
import { Category } from '../core/vocabulary'

/*
 * A platform adapter that says which probe the platform is now working on (one job, for the store's "checking"
 * rows, store/run-store.ts): every call is passed through unchanged, its probe's id told first.
 */

/** `adapter`, calling `started(id)` as each row's call goes to the platform (the canary is not a row). */
export function trackInFlight(adapter: PlatformAdapter, started: (id: string) => void): PlatformAdapter {
  const wrap =
    (op: (typeof OPERATION)[Category]): PlatformAdapter[typeof op] =>
    (target, opts, done) => {
      // The canary is not a row: nothing to show as checking.
      if (target.id.indexOf('canary:') !== 0) started(target.id)
      return adapter[op](target, opts, done)
    }
  return {
    name: adapter.name,
    ...(adapter.codes ? { codes: adapter.codes } : {}),
    ...(adapter.limits ? { limits: adapter.limits } : {}),
    ...(adapter.reportsSlotRelease ? { reportsSlotRelease: true } : {}),
    request: wrap('request'),
    uploadFile: wrap('uploadFile'),
    downloadFile: wrap('downloadFile'),
    connectSocket: wrap('connectSocket'),
  }
}
