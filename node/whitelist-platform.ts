import { CatalogEntry } from '../miniprogram/core/catalog'
import {
  PLATFORM_WHITELISTS,
  platformWhitelist,
  PlatformWhitelist,
} from '../miniprogram/core/platform-whitelists'
import { isPlatformId, PLATFORM_IDS, PlatformId } from '../miniprogram/core/platforms'
import { CLI_TEXT, fill, PLATFORM_NAMES } from '../miniprogram/core/text'
import { ConfiguredLists } from '../miniprogram/core/whitelist'
import { diffWhitelist, WhitelistDiff } from '../miniprogram/core/whitelist-diff'
import { parseConfiguredWhitelist } from '../miniprogram/core/whitelist-parse'
import { renderWhitelistDiff } from '../miniprogram/core/whitelist-render'
import { UsageError } from './args'

// `netcheck whitelist --platform P`: one platform's console lists, rules and diff. Kept apart from the
// command's module so the command can move without it.

export function parsePlatform(value: unknown): PlatformId {
  // `Alipay`, `WECHAT`: the names are case-insensitive.
  const id = typeof value === 'string' ? value.trim().toLowerCase() : value
  if (typeof id !== 'string' || !isPlatformId(id))
    throw new UsageError(`--platform takes one of ${PLATFORM_IDS.join(', ')}, got "${String(value)}"`)
  return id
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const SEPARATORS = /[\s;；,，]+/

/**
 * Alipay's one list as pasted: JSON (an array, or an object whose values are lists) or text, one or more
 * domains per line; header words (`服务器域名白名单:`, `server:`) and `#` comments are ignored.
 */
function parseSingleList(text: string): { ok: true; list: string[] } | { ok: false; error: string } {
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, error: 'the whitelist is empty' }
  const items: unknown[] = []
  if (/^\s*[{[]/.test(text)) {
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch (e) {
      return { ok: false, error: `the whitelist is not valid JSON: ${(e as Error).message}` }
    }
    const values = Array.isArray(data)
      ? data
      : data && typeof data === 'object'
        ? Object.values(data)
        : [data]
    for (const v of values)
      items.push(...(Array.isArray(v) ? v : typeof v === 'string' ? v.split(SEPARATORS) : [v]))
    if (items.some((i) => typeof i !== 'string'))
      return { ok: false, error: 'a JSON whitelist must hold domains as strings' }
  } else {
    for (const line of text.split(/\r?\n/)) {
      const rest = line.replace(/#.*$/, '').replace(/^\s*[^\s:：/]*[:：](?!\/\/)/, '')
      items.push(...rest.split(SEPARATORS))
    }
  }
  const list = (items as string[]).map((s) => s.trim()).filter(Boolean)
  if (list.length === 0) return { ok: false, error: 'the whitelist lists no domains' }
  const bad = list.findIndex((e) => CONTROL.test(e))
  if (bad >= 0) return { ok: false, error: `entry ${bad + 1} contains a control character` }
  return { ok: true, list }
}

/** The configured lists of one platform, from a --diff file's text. */
export function parsePlatformWhitelist(
  platform: PlatformId,
  text: string,
): { ok: true; lists: Partial<ConfiguredLists<string>> } | { ok: false; error: string } {
  if (platform === 'alipay') {
    const r = parseSingleList(text)
    return r.ok ? { ok: true, lists: { server: r.list } } : r
  }
  const r = parseConfiguredWhitelist(text)
  return r.ok ? { ok: true, lists: r.list } : r
}

export interface PlatformWhitelistDoc {
  platform: PlatformId
  sdk: { input: string; resolved: string }
  console: { zh: string; en: string }
  lists: { name: string; label: { zh: string; en: string }; entries: string[]; joined: string }[]
  rules: { maxPerList?: number; portsAllowed?: boolean | 'unverified'; notes: { zh: string; en: string }[] }
  diff?: WhitelistDiff<string>
  warnings: string[]
}

/** The --json document (and what the text form prints). */
export function platformWhitelistDoc(
  platform: PlatformId,
  sdk: { input: string; resolved: string },
  entries: readonly CatalogEntry[],
  messages: string[],
  configured?: Partial<ConfiguredLists<string>>,
): PlatformWhitelistDoc {
  const wl = PLATFORM_WHITELISTS[platform] as PlatformWhitelist
  const { lists, warnings } = platformWhitelist(platform, entries)
  const doc: PlatformWhitelistDoc = {
    platform,
    sdk,
    console: wl.console,
    lists: lists.map((l) => ({ ...l, joined: l.entries.join(';') })),
    rules: {
      ...(wl.maxPerList !== undefined ? { maxPerList: wl.maxPerList } : {}),
      portsAllowed: wl.portsAllowed ?? 'unverified',
      notes: wl.notes,
    },
    warnings: [...messages, ...warnings],
  }
  if (configured) doc.diff = diffWhitelist(entries, configured, wl.rules)
  return doc
}

/** The text form: what to paste, the platform's rules, then the diff. */
export function renderPlatformWhitelist(doc: PlatformWhitelistDoc): string[] {
  const name = PLATFORM_NAMES[doc.platform]
  const wl = PLATFORM_WHITELISTS[doc.platform] as PlatformWhitelist
  const lines = [
    fill(CLI_TEXT.whitelistTitle, { sdk: doc.sdk.resolved, platform: ` · ${name.zh} / ${name.en}` }),
    `${doc.console.zh}`,
  ]
  for (const n of doc.rules.notes) lines.push(`· ${n.zh} / ${n.en}`)
  for (const l of doc.lists)
    lines.push(
      '',
      `${l.label.zh} / ${l.label.en} (${l.entries.length}):`,
      ...l.entries,
      '',
      ';-joined:',
      l.joined,
    )
  if (doc.diff) lines.push('', '——', CLI_TEXT.compared, ...renderWhitelistDiff(doc.diff, wl.labels))
  return lines
}
