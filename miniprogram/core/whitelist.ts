/*
 * What a console's whitelist must hold for a set of catalog rows: a console's rules (its lists and how entries
 * compare), the forms an entry is compared in, and the paste-ready blocks. Reading a pasted list is
 * core/whitelist-parse.ts; comparing one with what is needed, core/whitelist-diff.ts.
 */
import { CatalogEntry } from './catalog'
import type { RefusalCode } from './extra-domains'
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

export function blockOf<K extends string>(category: K, domains: string[]): WhitelistBlock<K> {
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

/** A whitelist as the user configured it: entries per list, as typed. */
export type ConfiguredLists<K extends string = Category> = Record<K, string[]>

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
  /**
   * Why the console refuses an entry in a list, or '' when it takes it: only where its page says so (WeChat:
   * WECHAT_CONSOLE_RULES in core/whitelist-diff.ts). Absent: not judged.
   */
  refusal?: (list: K, entry: string) => RefusalCode | ''
}

/** WeChat (and QQ, which copies it): four lists, one per API; scheme, host and port must match. */
export const WECHAT_WHITELIST: WhitelistRules<Category> = Object.freeze({
  lists: CATEGORIES,
  listOf: (e: CatalogEntry) => e.category,
  canonical: canonicalEntry,
  hostKey: hostnameOf,
})

/** Needed URLs per list, in catalog order, each once. */
export function needsOf<K extends string>(
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
