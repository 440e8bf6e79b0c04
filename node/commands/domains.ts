import { CatalogEntry } from '../../miniprogram/core/catalog'
import { CATEGORY_LABELS } from '../../miniprogram/core/text'
import { CATEGORIES } from '../../miniprogram/core/vocabulary'
import { LANG_OPTION, langOf, parse, requireString } from '../args'
import type { Io } from '../io'
import { resolutionMessages, resolveOrFail } from '../resolution'

// domains, whitelist, classify: the catalog and the classifier only, never the probe stack.

function domainJson(e: CatalogEntry) {
  return { category: e.category, url: e.url, purpose: e.purpose, range: e.range.written }
}

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
