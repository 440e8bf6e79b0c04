/*
 * A configured whitelist against what the catalog rows need, through a console's rules: what is missing, in the
 * wrong form or list, or extra, and the advice (blocks to add, entries to delete) that makes the diff empty.
 * Its text: core/whitelist-render.ts.
 */
import { CatalogEntry } from './catalog'
import { checkServerUrl, RefusalCode } from './extra-domains'
import { Category } from './vocabulary'
import {
  blockOf,
  ConfiguredLists,
  needsOf,
  WECHAT_WHITELIST,
  WhitelistBlock,
  WhitelistRules,
} from './whitelist'

/**
 * WeChat's console as the diff reads it: its four lists and matching, and what its page says it refuses (the
 * rules core/extra-domains.ts checks the app's own domains by). Kept out of WECHAT_WHITELIST, which the panel
 * carries without a diff.
 */
export const WECHAT_CONSOLE_RULES: WhitelistRules<Category> = Object.freeze({
  ...WECHAT_WHITELIST,
  refusal: (list: Category, entry: string) => {
    const checked = checkServerUrl(list, entry, 'en')
    return checked.ok ? '' : (checked.code ?? '')
  },
})

export interface WhitelistDiffItem<K extends string = Category> {
  /** The list that needs `url`. (extra: the list the entry is in.) */
  category: K
  /** The URL ZIM needs. (extra: the entry as configured.) */
  url: string
  /** wrongScheme: the entry as configured in this list: same domain, other scheme or port. */
  configured?: string
  /** wrongCategory: the lists the domain sits in, none of which needs it (move it from there). */
  listedUnder?: K[]
  /** missing: lists that need the domain too and already have it (keep it there, add it here as well). */
  alsoListedUnder?: K[]
  /** extra: why the console refuses the entry (http://, an IP address, a path…): it does nothing there. */
  refused?: RefusalCode
}

export type RemovalReason = 'wrongScheme' | 'wrongCategory' | 'duplicate'

/** One configured entry to delete. Never an entry ZIM needs in that list (a duplicate's first copy stays). */
export interface WhitelistRemoval<K extends string = Category> {
  category: K
  /** The entry exactly as configured. */
  entry: string
  reason: RemovalReason
  /** wrongScheme: the URL that replaces it (in `add`, or already in the list). */
  replacedBy?: string
  /** wrongCategory: the lists ZIM needs this domain in. */
  neededUnder?: K[]
}

/** What to do: paste `add` per list into the console, delete `remove`. Doing both makes the diff empty. */
export interface WhitelistAdvice<K extends string = Category> {
  add: WhitelistBlock<K>[]
  remove: WhitelistRemoval<K>[]
}

/**
 * `missing` holds every (list, URL) pair ZIM needs and the console lacks, once: its count is the count of
 * lacking pairs. `wrongScheme` (the domain is in that list in another scheme or port: `configured`) and
 * `wrongCategory` (it sits in lists that do not need it: `listedUnder`) are the subsets of `missing` whose
 * domain is configured in a wrong place. A domain that is in another list which needs it too is missing here
 * with `alsoListedUnder`, never `wrongCategory`: the fix is to add it, not to move it.
 */
export interface WhitelistDiff<K extends string = Category> {
  /** No pair is lacking. Extras and optional removals do not make it false. */
  ok: boolean
  missing: WhitelistDiffItem<K>[]
  wrongScheme: WhitelistDiffItem<K>[]
  wrongCategory: WhitelistDiffItem<K>[]
  /** Entries that are not a ZIM domain of this SDK version (often your own): left alone. */
  extra: WhitelistDiffItem<K>[]
  advice: WhitelistAdvice<K>
}

interface NeedIndex<K extends string> {
  /** Needed URLs per list, in catalog order. */
  needs: Map<K, string[]>
  /** Per list: the canonical forms needed. */
  needCanon: Map<K, Set<string>>
  /** Per list: domain → the URL needed for it there. */
  needHost: Map<K, Map<string, string>>
  /** Domain → the lists that need it. */
  hostLists: Map<string, K[]>
}

function needIndex<K extends string>(
  entries: readonly CatalogEntry[],
  rules: WhitelistRules<K>,
): NeedIndex<K> {
  const needs = needsOf(entries, rules)
  const needCanon = new Map<K, Set<string>>()
  const needHost = new Map<K, Map<string, string>>()
  const hostLists = new Map<string, K[]>()
  for (const k of rules.lists) {
    const urls = needs.get(k) ?? []
    needCanon.set(k, new Set(urls.map(rules.canonical)))
    const hosts = new Map<string, string>()
    for (const u of urls) {
      const h = rules.hostKey(u)
      if (!hosts.has(h)) hosts.set(h, u)
      const l = hostLists.get(h) ?? []
      if (!l.includes(k)) l.push(k)
      hostLists.set(h, l)
    }
    needHost.set(k, hosts)
  }
  return { needs, needCanon, needHost, hostLists }
}

/** What the configured whitelist lacks, has in the wrong form or list, and has beyond what ZIM needs. */
export function diffWhitelist<K extends string = Category>(
  entries: readonly CatalogEntry[],
  configured: Partial<ConfiguredLists<K>>,
  rules: WhitelistRules<K> = WECHAT_CONSOLE_RULES as unknown as WhitelistRules<K>,
): WhitelistDiff<K> {
  const { lists, canonical, hostKey } = rules
  const conf = (k: K): readonly string[] => configured[k] ?? []
  const { needs, needCanon, needHost, hostLists } = needIndex(entries, rules)
  // Each configured entry's two keys, computed once.
  const keyed = new Map<K, { entry: string; c: string; h: string }[]>(
    lists.map((k) => [k, conf(k).map((entry) => ({ entry, c: canonical(entry), h: hostKey(entry) }))]),
  )
  const canonSet = new Map<K, Set<string>>(lists.map((k) => [k, new Set(keyed.get(k)!.map((e) => e.c))]))
  const hostSet = new Map<K, Set<string>>(lists.map((k) => [k, new Set(keyed.get(k)!.map((e) => e.h))]))

  const diff: WhitelistDiff<K> = {
    ok: true,
    missing: [],
    wrongScheme: [],
    wrongCategory: [],
    extra: [],
    advice: { add: [], remove: [] },
  }
  for (const k of lists) {
    const add: string[] = []
    const wanted = needCanon.get(k) as Set<string>
    for (const url of needs.get(k) ?? []) {
      const h = hostKey(url)
      if (canonSet.get(k)!.has(canonical(url))) continue
      add.push(url)
      // Another form of the same domain here; never one that is itself needed here.
      const variant = keyed.get(k)!.find((e) => e.h === h && !wanted.has(e.c))
      if (variant !== undefined) {
        const item = { category: k, url, configured: variant.entry }
        diff.missing.push(item)
        diff.wrongScheme.push(item)
        continue
      }
      const elsewhere = lists.filter((b) => b !== k && hostSet.get(b)!.has(h))
      const needing = hostLists.get(h) ?? []
      const wrong = elsewhere.filter((b) => !needing.includes(b))
      const also = elsewhere.filter((b) => needing.includes(b))
      const item: WhitelistDiffItem<K> = { category: k, url }
      if (also.length > 0) item.alsoListedUnder = also
      if (wrong.length > 0) {
        item.listedUnder = wrong
        diff.wrongCategory.push(item)
      }
      diff.missing.push(item)
    }
    if (add.length > 0) diff.advice.add.push(blockOf(k, add))

    const seen = new Set<string>()
    const hosts = needHost.get(k) as Map<string, string>
    for (const { entry, c, h } of keyed.get(k)!) {
      const remove = (r: Omit<WhitelistRemoval<K>, 'category' | 'entry'>) =>
        diff.advice.remove.push({ category: k, entry, ...r })
      if (!wanted.has(c) && hosts.has(h)) remove({ reason: 'wrongScheme', replacedBy: hosts.get(h) })
      else if (!wanted.has(c) && hostLists.has(h))
        remove({ reason: 'wrongCategory', neededUnder: [...(hostLists.get(h) ?? [])] })
      else if (seen.has(c)) remove({ reason: 'duplicate' })
      else {
        seen.add(c)
        if (!wanted.has(c)) {
          const refused = rules.refusal?.(k, entry)
          diff.extra.push({ category: k, url: entry, ...(refused ? { refused } : {}) })
        }
      }
    }
  }
  diff.ok = diff.missing.length === 0
  return diff
}

/**
 * The configured lists after following a diff's advice: the removals deleted (each once, the last copy of
 * an entry first), then each list's `add` block appended. Pure; the input is not changed.
 */
export function applyWhitelistAdvice<K extends string = Category>(
  configured: Partial<ConfiguredLists<K>>,
  advice: WhitelistAdvice<K>,
): ConfiguredLists<K> {
  const out = {} as ConfiguredLists<K>
  for (const k of Object.keys(configured) as K[]) out[k] = [...(configured[k] ?? [])]
  for (const { category, entry } of advice.remove) {
    const list = out[category] ?? []
    const at = list.lastIndexOf(entry)
    if (at >= 0) list.splice(at, 1)
  }
  for (const { category, domains } of advice.add) out[category] = [...(out[category] ?? []), ...domains]
  return out
}
