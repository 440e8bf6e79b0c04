import { breakableUrl, formatLatency, formatTiming, shownStatus } from '../core/format'
import { LOCAL_STORAGE_CODE } from '../core/engine'
import { ProbeResult } from '../core/result'
import { CATEGORY_LABELS, ERROR_LABELS, NOTE_SEP, purposeLabel } from '../core/text'
import { CATEGORIES, Category, Lang, PlatformId } from '../core/vocabulary'
import { hintOf, statusText, Words, words } from './words'

/*
 * The result rows as WXML shows them (one job of the view model, store/view-model.ts): one row per probe,
 * display strings only, grouped by category in plan order with their counts per status.
 */

/** One result row as WXML shows it: display strings only, no logic left for the template. */
export interface RowView {
  id: string
  /** The URL with break opportunities between labels (breakableUrl). */
  url: string
  purpose: string
  /** What the row shows: pass | warn | fail | skipped | pending | running (a not-enforced pass stays a pass). */
  status: string
  statusText: string
  latency: string
  errLabel: string
  hint: string
  errMsg: string
  errno: string
  timing: string
  note: string
}

export interface GroupView {
  category: Category
  title: string
  count: number
  /** Rows per status, in words: `通过 14 · 失败 2`. */
  counts: string
  /** Passing rows are folded away (a finished run): the group shows its counts until opened. */
  fold: boolean
  rows: RowView[]
}

function rowView(
  probe: { id: string; url: string; purpose: string },
  r: ProbeResult | undefined,
  lang: Lang,
  t: Words,
  inFlight: boolean,
  enforced: boolean,
  platformId?: PlatformId,
): RowView {
  const status = r ? shownStatus(r) : inFlight ? 'running' : 'pending'
  const error = r?.error
  // The probe could not start because the device's storage failed: not a network answer.
  const local = error?.code === LOCAL_STORAGE_CODE
  const notes: string[] = []
  // "Not enforced" is said once for the run (the banner), not on every row.
  for (const c of r?.caveats ?? [])
    if (c !== 'not_enforced') notes.push(c === 'http' ? t.caveatHttp : t.caveatSlow)
  if (r?.skipReason) notes.push(r.skipReason === 'deadline' ? t.skipDeadline : t.skipCancelled)
  if (r?.statusCode !== undefined) notes.push(`HTTP ${r.statusCode}`)
  return {
    id: probe.id,
    url: breakableUrl(probe.url),
    purpose: purposeLabel(probe.purpose, lang),
    status,
    statusText: status === 'pass' && !enforced ? t.statusPassUnchecked : statusText(t, status),
    latency: formatLatency(r?.timing),
    errLabel: !error ? '' : local ? t.localStorageLabel : ERROR_LABELS[error.category][lang],
    // The stored category's hint (the engine may have decided it from the platform state, e.g. background).
    hint: !error ? '' : local ? t.localStorageHint : hintOf(error.category, lang, platformId),
    errMsg: error ? error.errMsg : '',
    errno: error?.errno !== undefined ? String(error.errno) : '',
    timing: formatTiming(r?.timing, lang),
    note: notes.join(NOTE_SEP),
  }
}

const ORDER = ['fail', 'warn', 'skipped', 'running', 'pending', 'pass']

/** `通过 14 · 失败 2`: the rows of a group per status, problems first. */
function countText(rows: readonly RowView[]): string {
  return ORDER.map((st) => {
    const list = rows.filter((r) => r.status === st)
    return list.length ? `${list[0].statusText} ${list.length}` : ''
  })
    .filter(Boolean)
    .join(' · ')
}

/**
 * Result rows grouped by category, in plan order; a probe without a result shows as pending, or as running
 * while the platform works on it. `fold` folds the passing rows of each group away.
 */
export function buildGroups(
  plan: readonly { id: string; category: Category; url: string; purpose: string }[],
  results: readonly (ProbeResult | undefined)[],
  lang: Lang,
  opts: { inFlight?: readonly string[]; enforced?: boolean; fold?: boolean; platformId?: PlatformId } = {},
): GroupView[] {
  const t = words(lang)
  const groups: GroupView[] = []
  const enforced = opts.enforced !== false
  for (const category of CATEGORIES) {
    const rows: RowView[] = []
    plan.forEach((p, i) => {
      if (p.category === category)
        rows.push(
          rowView(p, results[i], lang, t, (opts.inFlight ?? []).includes(p.id), enforced, opts.platformId),
        )
    })
    if (rows.length > 0)
      groups.push({
        category,
        title: CATEGORY_LABELS[category][lang],
        count: rows.length,
        counts: countText(rows),
        fold: opts.fold === true,
        rows,
      })
  }
  return groups
}
