import { summaryTone, deviceName, formatTiming } from '../core/format'
import { ProbeResult } from '../core/result'
import { verdict } from '../core/report/model'
import { buildGroups, GroupView } from './rows'
import type { RunStore } from './run-store'
import { buildCauses, buildReady, CauseView, ReadyView, runNotices, shownSummary } from './run-summary'
import { MissingView, missingBlocks } from './whitelist-view'

/*
 * The panel's view model (one job: a run, or a saved report, as the data the page shows): it assembles the
 * parts, each built by its own module and re-exported here, where the components and tests import them —
 * store/words.ts (the panel's words), store/rows.ts (result rows and groups), store/run-summary.ts (causes,
 * readiness, summary, notices), store/env-view.ts (environment and the not-enforced banner),
 * store/whitelist-view.ts (what to add to which list). WXML holds no logic beyond display.
 */

export { hintOf, words } from './words'
export type { Words } from './words'
export { buildGroups } from './rows'
export type { GroupView, RowView } from './rows'
export { buildCauses, buildReady, shownSummary } from './run-summary'
export type { CauseView, ReadyView } from './run-summary'
export { buildEnvView, enforcementBanner } from './env-view'
export type { EnvView } from './env-view'
export { buildWhitelistView, missingBlocks } from './whitelist-view'
export type { MissingView, WhitelistView } from './whitelist-view'

// The timing breakdown, shared with the viewer (core/format.ts); tests read it here.
export { formatTiming, deviceName }

export interface RunView extends Record<string, unknown> {
  progress: { done: number; total: number; percent: number }
  verdict: string
  /** ok | warn | fail | '' */
  tone: string
  groups: GroupView[]
  /** The failures grouped by cause, largest first. */
  causes: CauseView[]
  /** Per ZIM purpose (access, report, config, log, file): N of M reachable. */
  ready: ReadyView[]
  hasFailed: boolean
  /** Failures in not_whitelisted: what to add where, and the text the copy button puts on the clipboard. */
  missing: MissingView[]
  /** Said once about the run: host sockets, background, local storage, deadline. */
  notices: string[]
  /** The run waits in the background. */
  paused: boolean
}

export function buildRunView(store: RunStore): RunView {
  const lang = store.lang
  const idle = store.phase === 'idle'
  const done = store.phase === 'done'
  const plan = idle ? store.previewPlan : store.plan
  const settled = idle ? [] : store.results.filter((r): r is ProbeResult => r !== undefined)
  const groups = buildGroups(plan, idle ? [] : store.results, lang, {
    inFlight: store.phase === 'running' ? store.inFlight : [],
    enforced: store.enforcement.enforced,
    fold: done,
    platformId: store.environment.platformId,
  })
  const total = plan.length
  const fail = settled.filter((r) => r.status === 'fail')
  const missing = missingBlocks(settled, store.environment.platformId)
  const summary = shownSummary(settled)
  return {
    progress: {
      done: settled.length,
      total,
      percent: total === 0 ? 0 : Math.round((settled.length / total) * 100),
    },
    // Counted against the whole plan, also while probes are still running.
    verdict: idle ? '' : verdict(settled, lang, { ...summary, total }, store.environment),
    // No tone while the run is on: the verdict is still counting.
    tone: !done ? '' : summaryTone(summary),
    groups,
    causes: done ? buildCauses(settled, lang, store.environment) : [],
    ready: done ? buildReady(plan, store.results, lang) : [],
    hasFailed: fail.length > 0,
    missing,
    notices: runNotices(store),
    paused: store.paused && store.phase === 'running',
  }
}
