import { CLI_TEXT, fill } from '../../miniprogram/core/text'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { embedInto, Embedded } from '../../web/viewer/embed'
import { intakeMessage, LIMITS, readAny, splitLinks } from '../../web/viewer/intake'
import { checkOutFile, parse, parseLang, readInput, STDOUT, UsageError, writeOut } from '../args'
import type { Io } from '../io'

/** Where `view` writes when no --out is given: in the current directory. */
export const DEFAULT_VIEW_OUT = 'zim-netcheck-viewer.html'

/**
 * The page `npm run build:viewer` makes, found from the bundled CLI (tools/build-cli.js): in the repository
 * build/viewer/viewer.html beside the bundle's build/cli/; in the npm package dist-cli/viewer.html, beside it.
 */
const TEMPLATE_AT = [join(__dirname, '..', 'viewer', 'viewer.html'), join(__dirname, 'viewer.html')]
const TEMPLATE = TEMPLATE_AT.find((p) => existsSync(p)) ?? TEMPLATE_AT[0]

const looksInline = (arg: string) =>
  arg.startsWith('/pages/') || arg.includes('?r=') || /^z\d+\./.test(arg) || /%2Fpages%2F|%3Fr%3D/i.test(arg)

interface Input {
  name: string
  path?: string
  text?: string
  /** Found in a folder: one that is not a report is skipped with a note, not fatal. */
  inFolder?: boolean
}

/** The inputs one argument names: itself, stdin, a file, or the .json/.txt files of a directory. */
function expand(arg: string): Input[] {
  if (arg === '-') return [{ name: 'stdin', path: '-' }]
  if (looksInline(arg) && !existsSync(arg))
    return [{ name: arg.length > 40 ? `${arg.slice(0, 37)}…` : arg, text: arg }]
  let st
  try {
    st = statSync(arg)
  } catch {
    return [{ name: basename(arg), path: arg }] // readInput says what is wrong with it
  }
  if (!st.isDirectory()) return [{ name: basename(arg), path: arg }]
  const files = readdirSync(arg)
    .filter((f) => /\.(json|txt)$/i.test(f))
    .sort()
  if (files.length === 0) throw new UsageError(`directory "${arg}": no .json or .txt files in it`)
  return files.map((f) => ({ name: f, path: join(arg, f), inFolder: true }))
}

/**
 * `view <report.json | dir | share link | ->... [--out file]`: writes the offline viewer page with these reports
 * in it (checked as the page checks them). Opens nothing. Any unreadable input: exit 2, one line naming it.
 */
export async function cmdView(argv: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(argv, { out: { type: 'string' }, lang: { type: 'string' } }, true)
  const lang = parseLang(values.lang)
  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('- (stdin) can be given once')
  const inputs = positionals.flatMap(expand)
  const out = checkOutFile(
    values.out ?? DEFAULT_VIEW_OUT,
    inputs.map((i) => i.path),
  )
  // With nothing to embed, the default file is not replaced by an empty viewer: it may hold the last reports.
  if (positionals.length === 0 && values.out === undefined && existsSync(out))
    throw new UsageError(
      `no reports given, and ${out} exists: give reports to embed, or --out <file> for an empty viewer`,
      true,
    )
  if (inputs.length > LIMITS.reports)
    throw new UsageError(`${inputs.length} inputs; the viewer holds at most ${LIMITS.reports}`)
  const items: Embedded['items'] = []
  const seen = new Set<string>()
  let skipped = 0
  let repeated = 0
  for (const input of inputs) {
    let text = input.text
    let bytes: number | undefined
    if (text === undefined) {
      if (input.path !== '-') {
        const size = existsSync(input.path!) ? statSync(input.path!).size : 0
        if (size > LIMITS.fileBytes)
          throw new UsageError(
            `file "${input.path}": ${intakeMessage({ code: 'too_big', bytes: size }, lang)}`,
          )
      }
      // Stdin too: read no further than a report may be.
      text = await readInput(input.path!, io.readStdin, 'file', {
        maxBytes: LIMITS.fileBytes,
        kind: 'a report',
      })
      bytes = Buffer.byteLength(text)
    }
    const what =
      input.path && input.path !== '-' ? `file "${input.path}"` : input.path === '-' ? 'stdin' : 'link'
    const links = splitLinks(text)
    for (const [k, part] of (links ?? [text]).entries()) {
      const read = readAny(part, links ? undefined : bytes)
      const where = links ? `${what} line ${k + 1}` : what
      if (!read.ok) {
        // A folder's other files (notes, exports) do not stop the rest: named on stderr, left out.
        if (input.inFolder) {
          io.err(`note: ${where} left out: ${intakeMessage(read.error, lang)}\n`)
          skipped++
          continue
        }
        throw new UsageError(`${where}: ${intakeMessage(read.error, lang)}`)
      }
      // A report file goes in as its validated JSON (compact); a link or copied text as given.
      const itemText = read.value.kind === 'json' ? JSON.stringify(read.value.report) : part.trim()
      // The same report given twice (a file and its folder, a link pasted twice) counts once.
      if (seen.has(itemText)) {
        io.err(`note: ${where} left out: the same report as an earlier input\n`)
        repeated++
        continue
      }
      seen.add(itemText)
      items.push({ name: links ? `${input.name} ${k + 1}` : input.name, text: itemText })
    }
  }
  let page: string
  try {
    page = readFileSync(TEMPLATE, 'utf8')
  } catch {
    io.err(`zim-netcheck view: the viewer page is missing (${TEMPLATE}); run npm run build:viewer\n`)
    return 3
  }
  if (inputs.length > 0 && items.length === 0)
    throw new UsageError(`none of the ${skipped + repeated} files is a readable report; nothing written`)
  const html = embedInto(page, items)
  if (out === STDOUT) {
    io.out(html)
    io.err(fill(CLI_TEXT.viewWritten[lang], { n: items.length, kb: Math.round(html.length / 1024) }) + '\n')
    return 0
  }
  writeOut(out, html, io.out)
  io.out(
    `${out}\n` +
      fill(CLI_TEXT.viewWritten[lang], { n: items.length, kb: Math.round(html.length / 1024) }) +
      '\n',
  )
  return 0
}
