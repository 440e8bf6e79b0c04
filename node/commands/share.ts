import { encodeShare } from '../../miniprogram/core/share'
import { LANG_OPTION, parse, readInput, UsageError } from '../args'
import type { Io } from '../io'
import { LIMITS } from '../../web/viewer/intake'
import { reportFromJson } from '../report-input'

/** `share <report.json>`: the share-card path the page would send, made by the same encoder. */
export async function cmdShare(argv: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(argv, { 'max-bytes': { type: 'string' }, ...LANG_OPTION }, true)
  if (positionals.length !== 1) throw new UsageError('share takes one report file (or - for stdin)')
  // A report is 10–60 KB; one over the viewer's limit (a 5 MB message) is refused before it is parsed.
  const limits = { maxBytes: LIMITS.fileBytes, kind: 'a report' }
  const report = reportFromJson(await readInput(positionals[0], io.readStdin, 'file', limits), positionals[0])
  const maxBytes = values['max-bytes'] === undefined ? undefined : Number(values['max-bytes'])
  if (maxBytes !== undefined && (!Number.isInteger(maxBytes) || maxBytes < 200)) {
    throw new UsageError(
      `--max-bytes takes a whole number of at least 200, got "${String(values['max-bytes'])}"`,
    )
  }
  const shared = encodeShare(report, maxBytes ? { maxBytes } : {})
  io.out(`${shared.path}\n`)
  if (!shared.complete)
    io.err(
      `note: the full report does not fit (${shared.bytes} bytes); the card holds the summary and the failing rows\n`,
    )
  return 0
}
