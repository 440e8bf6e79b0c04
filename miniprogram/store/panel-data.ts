import { formatLatency, formatLocalTime, shownStatus } from '../core/format'
import { documentedRanges } from '../core/resolver'
import { CATEGORIES, Category } from '../core/vocabulary'
import type { RunStore } from './run-store'
import { buildEnvView, buildRunView, buildWhitelistView } from './view-model'
import { statusText, words } from './words'

/*
 * The panel's data as its page reads it (one job, for components/netcheck-panel): what one view sync sends (the
 * inputs, the run, the environment, the whitelist, the words), the pickers' options, and a row as copied text.
 */

/** The per-probe timeouts the picker offers. */
export const TIMEOUTS_MS = [5_000, 10_000, 20_000, 30_000]

/** The version picker: the documented ranges as the docs write them (of the host's table, if it loaded). */
export function rangeLabels(store?: RunStore): string[] {
  return documentedRanges(store?.imported()?.entries).map((r) => r.written)
}

export function categoryChips(only: Category[]) {
  return CATEGORIES.map((id) => ({ id, on: only.includes(id) }))
}

/** The picker's index for a timeout; a timeout set by the property but not offered shows as 10 s. */
export function timeoutIndexOf(ms: number): number {
  const index = TIMEOUTS_MS.indexOf(ms)
  return index >= 0 ? index : 1
}

/** Everything the panel's view shows from the store: one view sync sends what changed of it. */
export function panelData(store: RunStore): Record<string, unknown> {
  return {
    sdkInput: store.sdkInput,
    phase: store.phase,
    inputError: store.inputError,
    categories: categoryChips(store.only),
    timeoutIndex: timeoutIndexOf(store.timeoutMs),
    run: buildRunView(store),
    env: buildEnvView(store),
    wl: buildWhitelistView(store),
    t: words(store.lang, store.environment.platformId),
    setup: store.setupNotes(),
    ranges: rangeLabels(store),
  }
}

/** One row as text: status, category, URL, latency, error and raw message, and when; '' for no such row. */
export function rowCopyText(store: RunStore, id: unknown): string {
  const r = store.results.find((x) => x?.id === id)
  if (!r) return ''
  const t = words(store.lang)
  const parts = [
    `${statusText(t, shownStatus(r))} ${r.category} ${r.url}`,
    formatLatency(r.timing),
    r.error
      ? `${r.error.category}: ${r.error.errMsg}${r.error.errno !== undefined ? ` (errno ${r.error.errno})` : ''}`
      : '',
    store.report ? `${t.localTime} ${formatLocalTime(store.report.createdAt)}` : '',
  ]
  return parts.filter(Boolean).join(' · ')
}
