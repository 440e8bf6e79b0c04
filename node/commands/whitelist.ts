import { withExtras } from '../../miniprogram/core/extra-domains'
import { catalogText } from '../../miniprogram/core/report/render'
import { safeField } from '../../miniprogram/core/sanitize'
import { CATEGORY_LABELS, CLI_TEXT, fill, PURPOSE_LABELS } from '../../miniprogram/core/text'
import { whitelistBlocks } from '../../miniprogram/core/whitelist'
import { diffWhitelist, WhitelistDiff } from '../../miniprogram/core/whitelist-diff'
import { parseConfiguredWhitelist } from '../../miniprogram/core/whitelist-parse'
import { renderWhitelistDiff } from '../../miniprogram/core/whitelist-render'
import { LANG_OPTION, langOf, parse, readInput, requireString, UsageError } from '../args'
import { CATALOG_OPTIONS, catalogChoice } from '../catalog-options'
import type { Io } from '../io'
import { resolutionMessages, resolveOrFail } from '../resolution'
import {
  parsePlatform,
  parsePlatformWhitelist,
  platformWhitelistDoc,
  renderPlatformWhitelist,
} from '../whitelist-platform'

/**
 * A configured whitelist is four lists of at most a few hundred domains (a few KiB); far larger input is not one,
 * and is refused before it is parsed.
 */
const DIFF_LIMITS = { maxBytes: 1024 * 1024, kind: 'a whitelist' }

export async function cmdWhitelist(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, {
    sdk: { type: 'string' },
    diff: { type: 'string' },
    json: { type: 'boolean' },
    platform: { type: 'string' },
    ...CATALOG_OPTIONS,
    ...LANG_OPTION,
  })
  const lang = langOf(values)
  const platform = values.platform === undefined ? undefined : parsePlatform(values.platform)
  const choice = catalogChoice(values, lang)
  const res = resolveOrFail(requireString(values, 'sdk'), lang, choice.catalog)
  // The app's own domains go into the same lists and the same diff as ZIM's.
  const needed = withExtras(res.entries, choice.extras)
  if (platform) {
    // One platform's lists and rules (node/whitelist-platform.ts).
    let lists
    if (values.diff !== undefined) {
      const file = requireString(values, 'diff')
      const parsed = parsePlatformWhitelist(
        platform,
        await readInput(file, io.readStdin, '--diff file', DIFF_LIMITS),
      )
      if (!parsed.ok) throw new UsageError(`--diff ${safeField(file)}: ${parsed.error}`)
      lists = parsed.lists
    }
    const sdk = { input: res.input, resolved: res.resolved }
    const doc = platformWhitelistDoc(platform, sdk, needed, resolutionMessages(res, lang), lists)
    if (values.json) io.out(JSON.stringify(doc, null, 2) + '\n')
    else {
      doc.warnings.forEach((m) => io.err(`note: ${m}\n`))
      io.out(renderPlatformWhitelist(doc).join('\n') + '\n')
    }
    return doc.diff && !doc.diff.ok ? 1 : 0
  }
  const blocks = whitelistBlocks(needed)
  let diff: WhitelistDiff | undefined
  if (values.diff !== undefined) {
    const file = requireString(values, 'diff')
    const text = await readInput(file, io.readStdin, '--diff file', DIFF_LIMITS)
    const parsed = parseConfiguredWhitelist(text)
    if (!parsed.ok) throw new UsageError(`--diff ${safeField(file)}: ${parsed.error}`)
    diff = diffWhitelist(needed, parsed.list)
  }
  const messages = resolutionMessages(res, lang)
  if (values.json) {
    const doc = {
      sdk: { input: res.input, resolved: res.resolved },
      ...(choice.info.builtin ? {} : { catalog: choice.info }),
      ...(choice.extras.length
        ? { extra: choice.extras.map((e) => ({ category: e.category, url: e.url })) }
        : {}),
      whitelist: Object.fromEntries(
        blocks.map((b) => [b.category, { domains: b.domains, joined: b.joined }]),
      ),
      ...(diff ? { diff } : {}),
      warnings: messages,
    }
    io.out(JSON.stringify(doc, null, 2) + '\n')
  } else {
    messages.forEach((m) => io.err(`note: ${m}\n`))
    const lines = [fill(CLI_TEXT.whitelistTitle, { sdk: res.resolved, platform: '' })]
    if (!choice.info.builtin) lines.push(`catalog: ${catalogText(choice.info, lang)}`)
    if (choice.extras.length)
      lines.push(
        `${PURPOSE_LABELS.app.zh} / ${PURPOSE_LABELS.app.en}: ${choice.extras.map((e) => `${e.category}:${e.url}`).join(', ')} (included below)`,
      )
    for (const b of blocks) {
      const label = CATEGORY_LABELS[b.category]
      lines.push('', `${label.zh} / ${label.en}:`, b.lines, '', `;-joined:`, b.joined)
    }
    if (diff) lines.push('', '——', CLI_TEXT.compared, ...renderWhitelistDiff(diff))
    io.out(lines.join('\n') + '\n')
  }
  return diff && !diff.ok ? 1 : 0
}
