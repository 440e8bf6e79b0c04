/*
 * Reading a whitelist the user pasted (JSON, the console's text, or `whitelist`'s own output) into entries per
 * list, or one clear message.
 */
import { fill, WHITELIST_TEXT as W } from './text'
import { CATEGORIES, Category } from './vocabulary'
import { ConfiguredLists } from './whitelist'

/** A WeChat whitelist as the user configured it: entries per category, as typed. */
export type ConfiguredWhitelist = ConfiguredLists<Category>

export type ParseWhitelistResult = { ok: true; list: ConfiguredWhitelist } | { ok: false; error: string }

// The category name must not run on into a host name (`requestlog.example.com` is a domain, not a header);
// `domain list` is tried before `domains?`, which would match its first word only.
// `socket 合法域名 / socket domains:` is the header `whitelist` itself prints (its output round-trips).
// `udp合法域名` and `tcp合法域名` are the console's other lists (its page and the modifyServerDomain API name them):
// ZIM uses neither, and what is under them is skipped, so the console's section pastes whole.
const HEADER =
  /^\s*(socket|request|uploadfile|downloadfile|udp|tcp)(?![\w.-]*\.)\s*(?:合法域名(?:\s*\/\s*\1\s+domains)?|domain list|domains?)?\s*[:：]?\s*(.*)$/i
/**
 * The console's `DNS预解析域名` list, on the same page (bare host names, at most 5; WeChat's network guide and its
 * get_prefetchdnsdomain API): no whitelist, its entries are skipped.
 */
const PREFETCH_HEADER = /^\s*DNS\s*预解析域名\s*[:：]?\s*(.*)$/i
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
// The name tables below are Maps: a user's key such as `constructor` or `__proto__` is no list, never an
// object's inherited property.
const CANONICAL = new Map<string, Category>([
  ['socket', 'socket'],
  ['request', 'request'],
  ['uploadfile', 'uploadFile'],
  ['downloadfile', 'downloadFile'],
])

/** The console's lists ZIM does not use: their entries are not read. */
const OTHER_LISTS = ['udp', 'tcp']
/**
 * The lists as WeChat's server-domain API names them (modifyServerDomain with action "get", and each of
 * getEffectiveServerDomain's objects): its JSON answer reads as it is. null: a list ZIM does not use.
 */
const API_LISTS = new Map<string, Category | null>([
  ['requestdomain', 'request'],
  ['wsrequestdomain', 'socket'],
  ['uploaddomain', 'uploadFile'],
  ['downloaddomain', 'downloadFile'],
  ['udpdomain', null],
  ['tcpdomain', null],
])
/** New lines, spaces, `;` and `,` in either width, and `、`, the comma a Chinese list is written with. */
const SEPARATORS = /[\s;；,，、]+/

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
  if (Object.keys(data).length === 0)
    return { ok: false, error: 'the whitelist names no list: give {"socket": ["wss://…"], "request": […]}' }
  const list = emptyList()
  const api = apiAnswer(data as Record<string, unknown>)
  if (typeof api === 'string') return { ok: false, error: api }
  for (const [key, value] of Object.entries(api ?? (data as Record<string, unknown>))) {
    const lower = key.toLowerCase()
    if (api && API_LISTS.get(lower) === null) continue
    const category = (api ? API_LISTS : CANONICAL).get(lower)
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
 * WeChat's API answer, when `data` is one: its lists (getEffectiveServerDomain's `effective_domain`, the lists in
 * effect; modifyServerDomain's own keys), or its error in one line; undefined for a JSON of our own shape.
 */
function apiAnswer(data: Record<string, unknown>): Record<string, unknown> | string | undefined {
  const keys = Object.keys(data)
  const effective = data.effective_domain
  const isObject = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x)
  const isApiList = (k: string) => API_LISTS.has(k.toLowerCase())
  if (!keys.some((k) => isApiList(k) || k === 'errcode' || k === 'effective_domain')) return undefined
  const ours = keys.find((k) => CANONICAL.has(k.toLowerCase()))
  if (ours !== undefined)
    return `"${ours}" beside WeChat's API fields (requestdomain, wsrequestdomain…): give one shape or the other`
  if (typeof data.errcode === 'number' && data.errcode !== 0)
    return `WeChat's API answered errcode ${data.errcode}${typeof data.errmsg === 'string' ? ` (${data.errmsg.slice(0, 100)})` : ''}: no lists in it`
  const lists = isObject(effective) ? effective : data
  // What else an answer carries (errcode, errmsg, the other objects of getEffectiveServerDomain) is not a list.
  const kept = Object.entries(lists).filter(([k]) => isApiList(k))
  if (!kept.some(([k]) => API_LISTS.get(k.toLowerCase())))
    return `WeChat's API answer holds none of the server-domain lists (requestdomain, wsrequestdomain, uploaddomain, downloaddomain)${
      'prefetch_dns_domain' in data
        ? '; prefetch_dns_domain is the DNS pre-resolve list, not a whitelist'
        : ''
    }`
  return Object.fromEntries(kept)
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
  let current: Category | 'other' | undefined
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
    const prefetch = PREFETCH_HEADER.exec(line)
    let rest = line
    if (prefetch) {
      current = 'other'
      rest = prefetch[1]
    } else if (header && !/^[a-z]+:\/\//i.test(line)) {
      const name = header[1].toLowerCase()
      current = OTHER_LISTS.includes(name) ? 'other' : CANONICAL.get(name)
      rest = header[2]
    }
    const items = rest.split(SEPARATORS).filter(Boolean)
    if (items.length === 0 || current === 'other') continue
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
