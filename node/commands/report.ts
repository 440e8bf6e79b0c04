import { existsSync } from 'node:fs'
import { renderJson, renderMarkdown, renderText, Report } from '../../miniprogram/core/report'
import { decodeShare } from '../../miniprogram/core/share'
import { parse, parseLang, readInput, UsageError } from '../args'
import type { Io } from '../io'
import { reportFromJson } from '../report-input'
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
  const text = (fromFile ? await readInput(arg, io.readStdin, 'file') : arg).trim()
  let report: Report
  let note = ''
  if (text.startsWith('{')) {
    report = reportFromJson(text, fromFile ? arg : 'the report')
  } else {
    const decoded = decodeShare(text)
    if (!decoded.ok) throw new UsageError(decoded.error)
    report = decoded.report
    if (!decoded.complete) {
      const s = decoded.summary
      note = `note: a shared card with the summary and failing rows only: the run had ${s.total} probes (${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.skipped} skipped)\n`
    }
  }
  if (values.json) io.out(renderJson(report))
  else if (values.markdown) io.out(renderMarkdown(report, lang))
  else if (values.text) io.out(renderText(report, lang) + '\n')
  else io.out(renderProbeTable(report, lang))
  if (note) io.err(note)
  return 0
}
