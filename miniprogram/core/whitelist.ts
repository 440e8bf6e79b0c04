import { CatalogEntry } from './catalog'
import { CATEGORIES, Category } from './types'

/** Paste-ready text for one category of the admin console's 服务器域名 form. */
export interface WhitelistBlock {
  category: Category
  domains: string[]
  /** One domain per line. */
  lines: string
  /** The `;`-joined form the console's input box takes. */
  joined: string
}

export function whitelistBlocks(entries: readonly CatalogEntry[]): WhitelistBlock[] {
  return CATEGORIES.map((category) => {
    const domains: string[] = []
    for (const e of entries) if (e.category === category && !domains.includes(e.url)) domains.push(e.url)
    return { category, domains, lines: domains.join('\n'), joined: domains.join(';') }
  }).filter((b) => b.domains.length > 0)
}

/** A whitelist as the user configured it: entries per category, as typed. */
export type ConfiguredWhitelist = Record<Category, string[]>

export type ParseWhitelistResult = { ok: true; list: ConfiguredWhitelist } | { ok: false; error: string }

const HEADER =
  /^\s*(socket|request|uploadfile|downloadfile)\s*(?:合法域名|domains?|domain list)?\s*[:：]?\s*(.*)$/i
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
    list[category].push(...(items as string[]).map((s) => s.trim()).filter(Boolean))
  }
  return { ok: true, list }
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
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*$/, '').trim()
    if (line === '') continue
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
        error: `line ${i + 1}: "${items[0]}" comes before any category header (socket / request / uploadFile / downloadFile 合法域名)`,
      }
    }
    list[current].push(...items)
  }
  if (CATEGORIES.every((c) => list[c].length === 0))
    return { ok: false, error: 'the whitelist lists no domains' }
  return { ok: true, list }
}

export interface WhitelistDiffItem {
  category: Category
  /** The domain the catalog needs (for extra: the entry as configured). */
  url: string
  /** wrongScheme: the entry as configured; wrongCategory: the categories it is listed under instead. */
  configured?: string
  listedUnder?: Category[]
}

export interface WhitelistDiff {
  ok: boolean
  missing: WhitelistDiffItem[]
  wrongScheme: WhitelistDiffItem[]
  wrongCategory: WhitelistDiffItem[]
  extra: WhitelistDiffItem[]
}

/** Host (and port when given) without scheme or path, lower-cased, for comparing entries. */
export function hostOf(entry: string): string {
  return entry
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
}

function schemeOf(entry: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*:)\/\//i.exec(entry.trim())
  return m ? m[1].toLowerCase() : undefined
}

/** Normalised exact form: scheme and host lower-cased, no trailing slash. */
function normalise(entry: string): string {
  const scheme = schemeOf(entry)
  return scheme ? `${scheme}//${hostOf(entry)}` : hostOf(entry)
}

/** What the configured whitelist lacks, has wrong, or has beyond what the catalog needs. */
export function diffWhitelist(
  entries: readonly CatalogEntry[],
  configured: ConfiguredWhitelist,
): WhitelistDiff {
  const diff: WhitelistDiff = { ok: true, missing: [], wrongScheme: [], wrongCategory: [], extra: [] }
  const used = new Set<string>()
  const key = (c: Category, e: string) => `${c}|${e}`
  const needed = new Set(entries.map((e) => key(e.category, normalise(e.url))))
  for (const { category, url } of entries) {
    const want = normalise(url)
    const here = configured[category]
    const exact = here.find((e) => normalise(e) === want)
    if (exact) {
      used.add(key(category, exact))
      continue
    }
    const sameHost = here.find((e) => hostOf(e) === hostOf(url))
    if (sameHost) {
      used.add(key(category, sameHost))
      diff.wrongScheme.push({ category, url, configured: sameHost })
      continue
    }
    const elsewhere = (Object.keys(configured) as Category[]).filter(
      (c) => c !== category && configured[c].some((e) => hostOf(e) === hostOf(url)),
    )
    if (elsewhere.length > 0) diff.wrongCategory.push({ category, url, listedUnder: elsewhere })
    else diff.missing.push({ category, url })
  }
  for (const category of CATEGORIES) {
    for (const e of configured[category]) {
      if (!used.has(key(category, e)) && !needed.has(key(category, normalise(e)))) {
        diff.extra.push({ category, url: e })
      }
    }
  }
  diff.ok = diff.missing.length + diff.wrongScheme.length + diff.wrongCategory.length === 0
  return diff
}
