import { CatalogEntry } from './catalog'
import { CATEGORY_LABELS, fill, NOTE_SEP, WHITELIST_TEXT as W } from './text'
import { CATEGORIES, Category } from './vocabulary'

/** Paste-ready text for one list of the admin console's 服务器域名 form. */
export interface WhitelistBlock<K extends string = Category> {
  category: K
  domains: string[]
  /** One domain per line. */
  lines: string
  /** The `;`-joined form the console's input box takes. */
  joined: string
}

function blockOf<K extends string>(category: K, domains: string[]): WhitelistBlock<K> {
  return { category, domains, lines: domains.join('\n'), joined: domains.join(';') }
}

/** Every list's domains for these catalog rows, in catalog order; lists with nothing to add are left out. */
export function whitelistBlocks<K extends string = Category>(
  entries: readonly CatalogEntry[],
  rules: WhitelistRules<K> = WECHAT_WHITELIST as unknown as WhitelistRules<K>,
): WhitelistBlock<K>[] {
  const needs = needsOf(entries, rules)
  return rules.lists.map((k) => blockOf(k, needs.get(k) ?? [])).filter((b) => b.domains.length > 0)
}

/** A WeChat whitelist as the user configured it: entries per category, as typed. */
export type ConfiguredWhitelist = ConfiguredLists<Category>

export type ParseWhitelistResult = { ok: true; list: ConfiguredWhitelist } | { ok: false; error: string }

// The category name must not run on into a host name (`requestlog.example.com` is a domain, not a header);
// `domain list` is tried before `domains?`, which would match its first word only.
// `socket 合法域名 / socket domains:` is the header `whitelist` itself prints (its output round-trips).
const HEADER =
  /^\s*(socket|request|uploadfile|downloadfile)(?![\w.-]*\.)\s*(?:合法域名(?:\s*\/\s*\1\s+domains)?|domain list|domains?)?\s*[:：]?\s*(.*)$/i
/** Lines of `whitelist`'s own output that hold no domains: its title, catalog and extras lines, `——`. */
const OWN_LINES = /^(?:ZIM SDK \S+.*: 服务器域名 \/ server domains|catalog: |你的域名 \/ your domains: |—+$)/
/** The line `whitelist` prints before a block's `;`-joined copy. */
const JOINED = /^;-joined:$/
/**
 * What an entry of a whitelist can be: an optional `scheme://`, then a host name with at least one dot (or an
 * IP address, which the diff names as wrong), an optional `:port` and an optional path. `https//host`, prose
 * and headers are not.
 */
const DOMAIN_LIKE =
  /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[a-z0-9_\u00a0-\uffff-]+\.)+[a-z0-9_\u00a0-\uffff-]+\.?(?::\d{1,5})?(?:[/?#].*)?$|^(?:[a-z][a-z0-9+.-]*:\/\/)?\[[0-9a-f:.]+\](?::\d{1,5})?\/?$/i

/** An item that is not a domain, named with what it may be. */
function notDomain(item: string, where: string, comments = true): string {
  const fixed = /^([a-z]+)\/\/(.+)$/i.exec(item)
  const hint = fixed
    ? ` (did you mean ${fixed[1]}://${fixed[2]}?)`
    : comments
      ? '; write comments after #'
      : ''
  return `${where}: "${item.length > 80 ? `${item.slice(0, 77)}…` : item}" is not a domain${hint}`
}
const CANONICAL: Record<string, Category> = {
  socket: 'socket',
  request: 'request',
  uploadfile: 'uploadFile',
  downloadfile: 'downloadFile',
}
const SEPARATORS = /[\s;；,，]+/

function emptyList(): ConfiguredWhitelist {
  return { socket: [], request: [], uploadFile: [], downloadFile: [] }
}

function parseJsonList(text: string): ParseWhitelistResult {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    return { ok: false, error: `the whitelist is not valid JSON: ${(e as Error).message}` }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {
      ok: false,
      error: 'a JSON whitelist must be an object such as {"socket": ["wss://…"], "request": […]}',
    }
  }
  const list = emptyList()
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const category = CANONICAL[key.toLowerCase()]
    if (!category) {
      return {
        ok: false,
        error: `unknown category "${key}" in the whitelist; use socket, request, uploadFile, downloadFile`,
      }
    }
    const items = typeof value === 'string' ? value.split(SEPARATORS) : value
    if (!Array.isArray(items) || items.some((i) => typeof i !== 'string')) {
      return { ok: false, error: `"${key}" must be a list of domains` }
    }
    const entries = (items as string[]).map((s) => s.trim()).filter(Boolean)
    const bad = entries.find((item) => !CONTROL.test(item) && !DOMAIN_LIKE.test(item))
    if (bad !== undefined) return { ok: false, error: notDomain(bad, `"${key}"`, false) }
    for (const e of entries) list[category].push(e)
  }
  return checked(list)
}

/**
 * Reads a whitelist the user pasted: either JSON `{category: [domains]}` or text as the console shows it,
 * a category header (`request合法域名`, `socket:` …) followed by domains on its line or the lines after,
 * separated by new lines, `;` or `,`.
 */
export function parseConfiguredWhitelist(text: string): ParseWhitelistResult {
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, error: 'the whitelist is empty' }
  if (/^\s*[{[]/.test(text)) return parseJsonList(text)
  const list = emptyList()
  let current: Category | undefined
  let joined = false
  // Any line end (CRLF, LF, a lone CR, U+2028/U+2029), so a comment always runs to the end of its line.
  const lines = text.split(/\r\n|[\r\n\u2028\u2029]/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*$/, '').trim()
    if (line === '' || OWN_LINES.test(line)) continue
    if (JOINED.test(line)) {
      joined = true
      continue
    }
    const header = HEADER.exec(line)
    let rest = line
    if (header && !/^[a-z]+:\/\//i.test(line)) {
      current = CANONICAL[header[1].toLowerCase()]
      rest = header[2]
    }
    const items = rest.split(SEPARATORS).filter(Boolean)
    if (items.length === 0) continue
    if (!current) {
      return {
        ok: false,
        error: fill(W.beforeHeader, { line: i + 1, item: items[0] }),
      }
    }
    const bad = items.find((item) => !CONTROL.test(item) && !DOMAIN_LIKE.test(item))
    if (bad !== undefined) return { ok: false, error: notDomain(bad, `line ${i + 1}`) }
    // The `;`-joined copy `whitelist` prints after each block repeats it: not duplicates.
    const already = new Set(list[current])
    for (const item of items) if (!(joined && already.has(item))) list[current].push(item)
    joined = false
  }
  if (CATEGORIES.every((c) => list[c].length === 0))
    return { ok: false, error: 'the whitelist lists no domains' }
  return checked(list)
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

/** Refuses entries with control characters (terminal escapes included): they are never a domain. */
function checked(list: ConfiguredWhitelist): ParseWhitelistResult {
  for (const c of CATEGORIES) {
    const i = list[c].findIndex((e) => CONTROL.test(e))
    if (i >= 0) {
      const code = (CONTROL.exec(list[c][i]) as RegExpExecArray)[0].charCodeAt(0)
      const hex = code.toString(16).toUpperCase().padStart(4, '0')
      return { ok: false, error: `${c} entry ${i + 1} contains a control character (U+${hex})` }
    }
  }
  return { ok: true, list }
}

/** Optional `scheme:` and the host[:port] after it, up to the path. Input trimmed and lower-cased. */
const ENTRY = /^(?:([a-z][a-z0-9+.-]*:)\/\/)?([^/?#]*)/

/** Host (and port when given) without scheme or path, lower-cased, for comparing entries. */
export function hostOf(entry: string): string {
  return (ENTRY.exec(entry.trim().toLowerCase()) as RegExpExecArray)[2]
}

/** The domain alone: host without port. Same domain in another form is a wrong scheme or port, not another domain. */
export function hostnameOf(entry: string): string {
  return hostOf(entry).replace(/:\d*$/, '')
}

/**
 * The form the console compares: scheme and host lower-cased, port kept (WeChat matches a configured port
 * exactly, and an entry without one does not match a URL with one), path and trailing slash dropped.
 */
export function canonicalEntry(entry: string): string {
  const [, scheme, host] = ENTRY.exec(entry.trim().toLowerCase()) as RegExpExecArray
  return scheme ? `${scheme}//${host}` : host
}

/**
 * How one platform's console takes server domains. The diff, its advice and the paste-ready blocks go only
 * through these rules, so a platform with other lists or other matching (Alipay's single list, Baidu's lists
 * without ports) passes its own rules to the same functions and gets the same semantics.
 */
export interface WhitelistRules<K extends string = Category> {
  /** The console's lists, in the console's order. */
  lists: readonly K[]
  /** The list a catalog row must be entered in. */
  listOf: (entry: CatalogEntry) => K
  /** Two entries are the same entry when this form is equal. */
  canonical: (entry: string) => string
  /** The domain an entry names whatever its form; equal domain, other canonical form = wrong scheme/port. */
  hostKey: (entry: string) => string
}

/** WeChat (and QQ, which copies it): four lists, one per API; scheme, host and port must match. */
export const WECHAT_WHITELIST: WhitelistRules<Category> = Object.freeze({
  lists: CATEGORIES,
  listOf: (e: CatalogEntry) => e.category,
  canonical: canonicalEntry,
  hostKey: hostnameOf,
})

/** Needed URLs per list, in catalog order, each once. */
function needsOf<K extends string>(
  entries: readonly CatalogEntry[],
  rules: WhitelistRules<K>,
): Map<K, string[]> {
  const out = new Map<K, string[]>(rules.lists.map((k) => [k, []]))
  const seen = new Set<string>()
  for (const e of entries) {
    const list = rules.listOf(e)
    const key = `${list}|${rules.canonical(e.url)}`
    if (seen.has(key)) continue
    seen.add(key)
    const urls = out.get(list)
    if (urls) urls.push(e.url)
  }
  return out
}

/** A whitelist as the user configured it: entries per list, as typed. */
export type ConfiguredLists<K extends string = Category> = Record<K, string[]>

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
  rules: WhitelistRules<K> = WECHAT_WHITELIST as unknown as WhitelistRules<K>,
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
        if (!wanted.has(c)) diff.extra.push({ category: k, url: entry })
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
    diff.extra.map((i) => `${i.category}: ${i.url}`),
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
