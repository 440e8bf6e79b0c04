/*
 * A whitelist diff (core/whitelist-diff.ts) as text, zh / en on each line, for the CLI and the panel's copy.
 */
import { schemeOf } from './extra-domains'
import { CATEGORY_LABELS, EXTRA_ERRORS, fill, NOTE_SEP, WHITELIST_TEXT as W } from './text'
import { Category } from './vocabulary'
import { WhitelistDiff, WhitelistRemoval } from './whitelist-diff'

type Labels<K extends string> = Record<K, { zh: string; en: string }>

const list = <K extends string>(ks: readonly K[]) => ks.join(', ')

/**
 * The diff as text, zh / en on each line: what is lacking and why, then the paste-ready blocks to add and
 * the entries to delete. `labels` names the lists (default: WeChat's four).
 */
export function renderWhitelistDiff<K extends string = Category>(
  diff: WhitelistDiff<K>,
  labels: Labels<K> = CATEGORY_LABELS as unknown as Labels<K>,
): string[] {
  const lines: string[] = []
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return
    lines.push('', `${title} (${items.length})`)
    for (const i of items) lines.push(`  ${i}`)
  }
  // Every lacking pair once; where the domain sits in a wrong place, the note says so (and `to delete` lists it).
  section(
    W.missing,
    diff.missing.map((i) => {
      const notes: string[] = []
      if (i.configured !== undefined) notes.push(fill(W.wrongScheme, { configured: i.configured }))
      const under = list(i.listedUnder ?? [])
      if (under) notes.push(fill(W.wrongCategory, { under, category: i.category }))
      const also = list(i.alsoListedUnder ?? [])
      if (also) notes.push(fill(W.alsoListed, { also, category: i.category }))
      const entry = `${i.category}: ${i.url}`
      return notes.length > 0 ? fill(W.noted, { entry, notes: notes.join(NOTE_SEP) }) : entry
    }),
  )
  section(
    W.extra,
    diff.extra.map((i) => {
      const entry = `${i.category}: ${i.url}`
      if (!i.refused) return entry
      // Only the four lists' rules refuse entries (WhitelistRules.refusal): the category is one of them.
      const vars = { category: i.category, want: schemeOf(i.category as string as Category) }
      const words = EXTRA_ERRORS[i.refused]
      return fill(W.noted, {
        entry,
        notes: fill(W.refused, { zh: fill(words.zh, vars), en: fill(words.en, vars) }),
      })
    }),
  )
  if (diff.advice.add.length > 0) {
    lines.push('', W.toAdd)
    for (const b of diff.advice.add) {
      const label = labels[b.category] ?? { zh: b.category, en: b.category }
      lines.push('', `${label.zh} / ${label.en} (${b.domains.length}):`, b.lines, '', ';-joined:', b.joined)
    }
  }
  const why = (r: WhitelistRemoval<K>): string => {
    if (r.reason === 'wrongScheme') return fill(W.replacedBy, { by: r.replacedBy })
    if (r.reason === 'duplicate') return W.duplicate
    return fill(W.onlyUnder, { under: list(r.neededUnder ?? []) })
  }
  if (diff.advice.remove.length > 0) {
    lines.push('', fill(W.toDelete, { n: diff.advice.remove.length }))
    for (const r of diff.advice.remove)
      lines.push('  ' + fill(W.noted, { entry: `${r.category}: ${r.entry}`, notes: why(r) }))
  }
  if (diff.ok) lines.push('', W.ok)
  return lines
}
