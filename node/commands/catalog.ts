import { basename } from 'node:path'
import { safeField, safeJson } from '../../miniprogram/core/sanitize'
import { checkOutFile, LANG_OPTION, parse, readInput, STDOUT, UsageError, writeOut } from '../args'
import { IMPORT_LIMITS, importCatalog } from '../catalog-import'
import type { Io } from '../io'

// `zim-netcheck catalog import <docs page> [--out file] [--source name] [--date YYYY-MM-DD]`.

export async function cmdCatalog(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  if (sub !== 'import')
    throw new UsageError(
      `${sub === undefined ? 'missing sub-command' : `unknown sub-command "${safeField(sub, 40)}"`}; use: catalog import <docs page .html|.md> [--out catalog.json]`,
    )
  const { values, positionals } = parse(
    rest,
    { out: { type: 'string' }, source: { type: 'string' }, date: { type: 'string' }, ...LANG_OPTION },
    true,
  )
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? 'missing <docs page>: the ZEGO docs page (.html) or its markdown (.md) with the domain table'
        : `one docs page at a time (got ${positionals.length})`,
    )
  const file = positionals[0]
  const outFile = values.out !== undefined ? checkOutFile(values.out, [file]) : undefined
  let date = new Date().toISOString().slice(0, 10)
  if (values.date !== undefined) {
    // A real calendar day: 2026-13-45 and 2026-02-30 are refused.
    const real =
      typeof values.date === 'string' &&
      /^\d{4}-\d\d-\d\d$/.test(values.date) &&
      !Number.isNaN(Date.parse(`${values.date}T00:00:00Z`)) &&
      new Date(`${values.date}T00:00:00Z`).toISOString().slice(0, 10) === values.date
    if (!real) throw new UsageError(`--date takes YYYY-MM-DD, got "${safeField(String(values.date), 40)}"`)
    date = values.date as string
  }
  const source =
    typeof values.source === 'string' && values.source.trim() !== ''
      ? values.source.trim()
      : file === '-'
        ? 'stdin'
        : basename(file)
  const text = await readInput(file, io.readStdin, 'docs page', {
    maxBytes: IMPORT_LIMITS.pageBytes,
    kind: 'a docs page',
  })
  const res = importCatalog(text, { source: source.slice(0, 200), date })
  if (!res.ok) throw new UsageError(`${safeField(file, 200)}: cannot import the table: ${res.error}`)
  const { catalog } = res
  for (const w of res.warnings) io.err(`warning: ${safeField(w, 400)}\n`)
  const json = safeJson(JSON.stringify(catalog, null, 2)) + '\n'
  const purposes = Object.keys(catalog.purposes)
  const ranges = new Set(catalog.rows.map((r) => r.range))
  const summary =
    `imported ${catalog.source.rows} rows from ${safeField(source, 200)} ` +
    `(${purposes.length} purposes: ${purposes.join(', ')}; ${ranges.size} version ranges; hash ${catalog.source.hash})`
  if (outFile !== undefined && outFile !== STDOUT) {
    writeOut(outFile, json, io.out)
    io.err(`${summary}\ncatalog written to ${outFile}; use it with --catalog ${outFile}\n`)
  } else {
    io.out(json)
    io.err(`${summary}\n`)
  }
  return 0
}
