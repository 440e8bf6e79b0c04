import { existsSync } from 'node:fs'
import { renderJson, renderMarkdown, renderText } from '../../miniprogram/core/report'
import { safeField } from '../../miniprogram/core/sanitize'
import { intakeMessage, LIMITS, readAny } from '../../web/viewer/intake'
import { parse, parseLang, readInput, UsageError } from '../args'
import type { Io } from '../io'
import { renderProbeTable } from '../table'

/** `report <file | path-or-payload>`: renders a saved report or a shared card, for support on a desktop. */
export async function cmdReport(argv: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(
    argv,
    {
      markdown: { type: 'boolean' },
      text: { type: 'boolean' },
      json: { type: 'boolean' },
      lang: { type: 'string' },
    },
    true,
  )
  const lang = parseLang(values.lang)
  if ([values.markdown, values.text, values.json].filter(Boolean).length > 1) {
    throw new UsageError('choose one of --markdown, --text, --json')
  }
  if (positionals.length !== 1)
    throw new UsageError('report takes one argument: a report file, a share path or payload, or -')
  const arg = positionals[0]
  // A share path, a share payload (z1.…) or inline JSON is read as it is; anything else names a file, so a
  // mistyped file name says "file not found" rather than "invalid share payload".
  const inline =
    arg.startsWith('/pages/') || arg.includes('?r=') || /^z\d+\./.test(arg) || arg.startsWith('{')
  const fromFile = arg === '-' || !inline || (existsSync(arg) && !arg.startsWith('/pages/'))
  const text = (
    fromFile
      ? await readInput(arg, io.readStdin, 'file', { maxBytes: LIMITS.fileBytes, kind: 'a report' })
      : arg
  ).trim()
  // Read as the viewer reads it (web/viewer/intake.ts): a report's JSON, a share link or payload, copied result
  // text; what is wrong is said with the file's name (JSON that is not a report, text that is not a link).
  const where = !fromFile ? 'argument' : arg === '-' ? 'stdin' : `file "${safeField(arg, 200)}"`
  const read = readAny(text)
  if (!read.ok) throw new UsageError(`${where}: ${intakeMessage(read.error, lang)}`)
  const { report, complete, summary } = read.value
  let note = ''
  if (!complete) {
    const s = summary
    note = `note: a shared card with the summary and failing rows only: the run had ${s.total} probes (${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.skipped} skipped)\n`
  }
  if (values.json) io.out(renderJson(report))
  else if (values.markdown) io.out(renderMarkdown(report, lang))
  else if (values.text) io.out(renderText(report, lang) + '\n')
  else io.out(renderProbeTable(report, lang, complete ? undefined : summary))
  if (note) io.err(note)
  return 0
}
