import { CatalogEntry } from '../miniprogram/core/catalog'
import { classify } from '../miniprogram/core/classifier'
import { formatResolveMessage } from '../miniprogram/core/messages'
import { Resolution, resolveDomains } from '../miniprogram/core/resolver'
import { safeField, safeJson } from '../miniprogram/core/sanitize'
import { CATEGORY_LABELS } from '../miniprogram/core/text'
import { CATEGORIES, Lang } from '../miniprogram/core/vocabulary'
import {
  diffWhitelist,
  parseConfiguredWhitelist,
  renderWhitelistDiff,
  whitelistBlocks,
  WhitelistDiff,
} from '../miniprogram/core/whitelist'
import { parse, parseLang, readInput, requireString, UsageError } from './args'
import type { Io } from './cli'
import {
  parsePlatform,
  parsePlatformWhitelist,
  platformWhitelistDoc,
  renderPlatformWhitelist,
} from './whitelist-platform'

// domains, whitelist, classify: the catalog and the classifier only, never the probe stack.

const langOf = (values: Record<string, unknown>): Lang => parseLang(values.lang)

function resolveOrFail(sdk: string, lang: Lang): Resolution {
  const result = resolveDomains(sdk)
  if (!result.ok) throw new UsageError(formatResolveMessage(result.error, lang))
  return result
}

function resolutionMessages(res: Resolution, lang: Lang): string[] {
  return [...res.notices, ...res.warnings].map((m) => formatResolveMessage(m, lang))
}

function domainJson(e: CatalogEntry) {
  return { category: e.category, url: e.url, purpose: e.purpose, range: e.range.written }
}

const LANG_OPTION = { lang: { type: 'string' } } as const

export function cmdDomains(argv: string[], io: Io): number {
  const { values } = parse(argv, { sdk: { type: 'string' }, json: { type: 'boolean' }, ...LANG_OPTION })
  const lang = langOf(values)
  const res = resolveOrFail(requireString(values, 'sdk'), lang)
  const messages = resolutionMessages(res, lang)
  if (values.json) {
    const doc = {
      sdk: { input: res.input, resolved: res.resolved },
      domains: res.entries.map(domainJson),
      warnings: messages,
    }
    io.out(JSON.stringify(doc, null, 2) + '\n')
    return 0
  }
  messages.forEach((m) => io.err(`note: ${m}\n`))
  const width = Math.max(...res.entries.map((e) => e.url.length))
  const lines = [`ZIM SDK ${res.resolved} (input "${res.input}"): ${res.entries.length} domains`]
  for (const category of CATEGORIES) {
    const rows = res.entries.filter((e) => e.category === category)
    if (rows.length === 0) continue
    const label = CATEGORY_LABELS[category]
    lines.push('', `${label.zh} / ${label.en} (${rows.length})`)
    for (const e of rows) lines.push(`  ${e.url.padEnd(width)}  ${e.purpose.padEnd(6)}  ${e.range.written}`)
  }
  io.out(lines.join('\n') + '\n')
  return 0
}

export async function cmdWhitelist(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, {
    sdk: { type: 'string' },
    diff: { type: 'string' },
    json: { type: 'boolean' },
    platform: { type: 'string' },
    ...LANG_OPTION,
  })
  const lang = langOf(values)
  const platform = values.platform === undefined ? undefined : parsePlatform(values.platform)
  const res = resolveOrFail(requireString(values, 'sdk'), lang)
  if (platform) {
    // One platform's lists and rules (node/whitelist-platform.ts).
    let lists
    if (values.diff !== undefined) {
      const file = requireString(values, 'diff')
      const parsed = parsePlatformWhitelist(platform, await readInput(file, io.readStdin, '--diff file'))
      if (!parsed.ok) throw new UsageError(`--diff ${safeField(file)}: ${parsed.error}`)
      lists = parsed.lists
    }
    const sdk = { input: res.input, resolved: res.resolved }
    const doc = platformWhitelistDoc(platform, sdk, res.entries, resolutionMessages(res, lang), lists)
    if (values.json) io.out(JSON.stringify(doc, null, 2) + '\n')
    else {
      doc.warnings.forEach((m) => io.err(`note: ${m}\n`))
      io.out(renderPlatformWhitelist(doc).join('\n') + '\n')
    }
    return doc.diff && !doc.diff.ok ? 1 : 0
  }
  const blocks = whitelistBlocks(res.entries)
  let diff: WhitelistDiff | undefined
  if (values.diff !== undefined) {
    const file = requireString(values, 'diff')
    const text = await readInput(file, io.readStdin, '--diff file')
    const parsed = parseConfiguredWhitelist(text)
    if (!parsed.ok) throw new UsageError(`--diff ${safeField(file)}: ${parsed.error}`)
    diff = diffWhitelist(res.entries, parsed.list)
  }
  const messages = resolutionMessages(res, lang)
  if (values.json) {
    const doc = {
      sdk: { input: res.input, resolved: res.resolved },
      whitelist: Object.fromEntries(
        blocks.map((b) => [b.category, { domains: b.domains, joined: b.joined }]),
      ),
      ...(diff ? { diff } : {}),
      warnings: messages,
    }
    io.out(JSON.stringify(doc, null, 2) + '\n')
  } else {
    messages.forEach((m) => io.err(`note: ${m}\n`))
    const lines = [`ZIM SDK ${res.resolved}: 服务器域名 / server domains to whitelist`]
    for (const b of blocks) {
      const label = CATEGORY_LABELS[b.category]
      lines.push('', `${label.zh} / ${label.en}:`, b.lines, '', `;-joined:`, b.joined)
    }
    if (diff)
      lines.push('', '——', '对比已配置的白名单 / compared with your whitelist:', ...renderWhitelistDiff(diff))
    io.out(lines.join('\n') + '\n')
  }
  return diff && !diff.ok ? 1 : 0
}

export async function cmdClassify(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { errno: { type: 'string' }, code: { type: 'string' }, ...LANG_OPTION },
    true,
  )
  const lang = langOf(values)
  let errno: number | undefined
  if (values.errno !== undefined) {
    if (typeof values.errno !== 'string' || !/^-?\d+$/.test(values.errno)) {
      throw new UsageError(`--errno takes a whole number, got "${String(values.errno)}"`)
    }
    errno = Number(values.errno)
  }
  const code = typeof values.code === 'string' ? values.code : undefined
  const line = (errMsg: string) => {
    const { category, hint } = classify({ errMsg, errno, code })
    return safeJson(JSON.stringify({ errMsg, category, hint: hint[lang] })) + '\n'
  }
  if (positionals.length === 1 && positionals[0] === '-') {
    const text = await io.readStdin()
    for (const msg of text.split(/\r?\n/)) if (msg.trim() !== '') io.out(line(msg))
    return 0
  }
  if (positionals.length === 0)
    throw new UsageError('missing <errMsg> (or - to read one message per line from stdin)')
  io.out(line(positionals.join(' ')))
  return 0
}
