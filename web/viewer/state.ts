import { FleetFilter, FleetItem } from '../../miniprogram/core/fleet'
import { Lang } from '../../miniprogram/core/vocabulary'
import { EMBED_SCHEMA, Embedded } from './embed'
import { Intake, IntakeError, LIMITS, readAny, splitLinks } from './intake'
import { STRINGS, Strings } from './strings'

/*
 * The viewer's state and everything that changes it. The views (views/*.tsx) read `state` and call these
 * actions; each action ends with `changed()`, which redraws the page (app.tsx subscribes). No DOM here.
 */

export interface Entry extends FleetItem {
  intake: Intake
}

export type Tab = 'single' | 'fleet' | 'server'

export interface State {
  lang: Lang
  tab: Tab
  entries: Entry[]
  rejected: { name: string; error: IntakeError }[]
  selected: number
  /** The paste box's text, kept across redraws. */
  paste: string
  filter: FleetFilter
  busy: { done: number; total: number } | null
}

export const state: State = {
  lang: 'zh',
  tab: 'single',
  entries: [],
  rejected: [],
  selected: 0,
  paste: '',
  filter: {},
  busy: null,
}

export const strings = (): Strings => STRINGS[state.lang]

const listeners = new Set<() => void>()
const busyListeners = new Set<() => void>()

/** Calls `fn` after every change; returns the unsubscribe. */
export function subscribe(fn: () => void): () => void {
  listeners.add(fn)
  return () => listeners.delete(fn)
}

/** Calls `fn` when only the reading progress moved (the page itself is redrawn once reading ends). */
export function subscribeBusy(fn: () => void): () => void {
  busyListeners.add(fn)
  return () => busyListeners.delete(fn)
}

/** Applies `change` (if any) and redraws. */
export function changed(change?: (s: State) => void) {
  change?.(state)
  for (const fn of [...listeners]) fn()
}

const yieldToBrowser = () => new Promise<void>((r) => setTimeout(r, 0))

function uniqueName(name: string): string {
  const taken = new Set(state.entries.map((e) => e.name))
  if (!taken.has(name)) return name
  for (let k = 2; ; k++) if (!taken.has(`${name} (${k})`)) return `${name} (${k})`
}

/** Reads one input; a refusal is listed with its reason and never stops the others. */
function take(name: string, text: string, bytes?: number) {
  if (state.entries.length >= LIMITS.reports) {
    state.rejected.push({ name, error: { code: 'too_many_files' } })
    return
  }
  const r = readAny(text, bytes)
  if (!r.ok) {
    state.rejected.push({ name, error: r.error })
    return
  }
  const v = r.value
  state.entries.push({
    name: uniqueName(name),
    report: v.report,
    summary: v.summary,
    complete: v.complete,
    intake: v,
  })
}

function afterAdding(before: number) {
  const added = state.entries.length - before
  if (added > 0) {
    state.selected = state.entries.length - added
    state.tab = state.entries.length > 1 && added > 1 ? 'fleet' : 'single'
  }
  changed()
}

/** Pasted text: one input, or several share links one per line. */
export function addPaste(text: string) {
  const before = state.entries.length
  const links = splitLinks(text)
  const n = state.entries.length + state.rejected.length
  const label = state.lang === 'zh' ? '粘贴' : 'paste'
  if (links) links.forEach((l, i) => take(`${label} ${n + i + 1}`, l))
  else take(`${label} ${n + 1}`, text)
  afterAdding(before)
}

/** Files, read one at a time with a yield between them: the page stays responsive for hundreds. */
export async function addFiles(files: File[]) {
  const before = state.entries.length
  const list = files.slice(0, LIMITS.files)
  for (const f of files.slice(LIMITS.files))
    state.rejected.push({ name: f.name, error: { code: 'too_many_files' } })
  changed((s) => (s.busy = { done: 0, total: list.length }))
  for (let i = 0; i < list.length; i++) {
    const f = list[i]
    if (f.size > LIMITS.fileBytes)
      state.rejected.push({ name: f.name, error: { code: 'too_big', bytes: f.size } })
    else {
      let text: string | undefined
      try {
        text = await f.text()
      } catch {
        state.rejected.push({ name: f.name, error: { code: 'binary' } })
      }
      if (text !== undefined) take(f.name, text, f.size)
    }
    state.busy = { done: i + 1, total: list.length }
    if (i % 20 === 19) {
      for (const fn of [...busyListeners]) fn()
      await yieldToBrowser()
    }
  }
  state.busy = null
  afterAdding(before)
}

/** What `netcheck view` embedded in the page (embed.ts); anything else there is ignored. */
export function loadEmbedded(json: string) {
  let data: Embedded
  try {
    data = JSON.parse(json) as Embedded
  } catch {
    return
  }
  if (!data || data.schema !== EMBED_SCHEMA || !Array.isArray(data.items)) return
  const before = state.entries.length
  for (const it of data.items.slice(0, LIMITS.reports))
    if (it && typeof it.name === 'string' && typeof it.text === 'string') take(it.name, it.text)
  afterAdding(before)
}

/** One report fetched from the collector (server.ts): read like a pasted one, then shown in the single view;
 * the same name again only selects it. Returns the refusal, if any. */
export function addFetched(name: string, text: string): IntakeError | undefined {
  const known = state.entries.findIndex((e) => e.name === name)
  if (known >= 0) {
    changed((s) => {
      s.selected = known
      s.tab = 'single'
    })
    return undefined
  }
  const before = state.rejected.length
  take(name, text)
  if (state.rejected.length > before) return state.rejected.pop()!.error
  changed((s) => {
    s.selected = s.entries.length - 1
    s.tab = 'single'
  })
  return undefined
}

export function clearAll() {
  changed((s) => {
    s.entries = []
    s.rejected = []
    s.filter = {}
    s.selected = 0
  })
}
