import { CatalogEntry } from '../../miniprogram/core/catalog'
import { withExtras } from '../../miniprogram/core/extra-domains'
import { catalogText } from '../../miniprogram/core/report/render'
import { CATEGORY_LABELS, PURPOSE_LABELS } from '../../miniprogram/core/text'
import { CATEGORIES } from '../../miniprogram/core/vocabulary'
import { LANG_OPTION, langOf, parse, requireString } from '../args'
import { CATALOG_OPTIONS, catalogChoice } from '../catalog-options'
import type { Io } from '../io'
import { resolutionMessages, resolveOrFail } from '../resolution'

// domains, whitelist, classify: the catalog and the classifier only, never the probe stack.

function domainJson(e: CatalogEntry) {
  return { category: e.category, url: e.url, purpose: e.purpose, range: e.range.written }
}

export function cmdDomains(argv: string[], io: Io): number {
  const { values } = parse(argv, {
    sdk: { type: 'string' },
    json: { type: 'boolean' },
    ...CATALOG_OPTIONS,
    ...LANG_OPTION,
  })
  const lang = langOf(values)
  const choice = catalogChoice(values, lang)
  const res = resolveOrFail(requireString(values, 'sdk'), lang, choice.catalog)
  const extras = withExtras(res.entries, choice.extras).slice(res.entries.length)
  const messages = resolutionMessages(res, lang)
  if (values.json) {
    // The built-in table's output keeps its documented shape; an imported table and extras add fields.
    const doc = {
      sdk: { input: res.input, resolved: res.resolved },
      ...(choice.info.builtin ? {} : { catalog: choice.info }),
      domains: res.entries.map(domainJson),
      ...(extras.length ? { extra: extras.map((e) => ({ category: e.category, url: e.url })) } : {}),
      warnings: messages,
    }
    io.out(JSON.stringify(doc, null, 2) + '\n')
    return 0
  }
  messages.forEach((m) => io.err(`note: ${m}\n`))
  const width = Math.max(0, ...res.entries.map((e) => e.url.length))
  const lines = [`ZIM SDK ${res.resolved} (input "${res.input}"): ${res.entries.length} domains`]
  if (!choice.info.builtin) lines.push(`catalog: ${catalogText(choice.info, lang)}`)
  for (const category of CATEGORIES) {
    const rows = res.entries.filter((e) => e.category === category)
    if (rows.length === 0) continue
    const label = CATEGORY_LABELS[category]
    lines.push('', `${label.zh} / ${label.en} (${rows.length})`)
    for (const e of rows) lines.push(`  ${e.url.padEnd(width)}  ${e.purpose.padEnd(6)}  ${e.range.written}`)
  }
  if (extras.length) {
    const label = PURPOSE_LABELS.app
    lines.push('', `${label.zh} / ${label.en} (${extras.length})`)
    for (const e of extras) lines.push(`  ${e.category}:${e.url}`)
  }
  io.out(lines.join('\n') + '\n')
  return 0
}
