import { CLI_TEXT, fill } from '../../miniprogram/core/text'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { embedInto, Embedded } from '../../web/viewer/embed'
import { intakeMessage, LIMITS, readAny, splitLinks } from '../../web/viewer/intake'
import { checkOutFile, parse, parseLang, readInput, UsageError } from '../args'
import type { Io } from '../io'

/** Where `view` writes when no --out is given: in the current directory. */
export const DEFAULT_VIEW_OUT = 'zim-netcheck-viewer.html'

/**
 * The page `npm run build:viewer` makes: build/viewer/viewer.html, two folders up from this file's
 * build/node/commands/ in the repository; in the npm package, dist-cli/viewer.html beside the bundled CLI
 * (tools/build-cli.js), where `__dirname` is dist-cli/.
 */
const REPO_TEMPLATE = join(__dirname, '..', '..', 'viewer', 'viewer.html')
const TEMPLATE = [REPO_TEMPLATE, join(__dirname, 'viewer.html')].find((p) => existsSync(p)) ?? REPO_TEMPLATE

const looksInline = (arg: string) =>
  arg.startsWith('/pages/') || arg.includes('?r=') || /^z\d+\./.test(arg) || /%2Fpages%2F|%3Fr%3D/i.test(arg)

/** The inputs one argument names: itself, stdin, a file, or the .json/.txt files of a directory. */
function expand(arg: string): { name: string; path?: string; text?: string }[] {
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
  return files.map((f) => ({ name: f, path: join(arg, f) }))
}

/**
 * `view <report.json | dir | share link | ->... [--out file]`: writes the offline viewer page with these reports
 * in it (checked as the page checks them). Opens nothing. Any unreadable input: exit 2, one line naming it.
 */
export async function cmdView(argv: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(argv, { out: { type: 'string' }, lang: { type: 'string' } }, true)
  const lang = parseLang(values.lang)
  const out = checkOutFile(values.out ?? DEFAULT_VIEW_OUT)
  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('- (stdin) can be given once')
  const inputs = positionals.flatMap(expand)
  if (inputs.length > LIMITS.reports)
    throw new UsageError(`${inputs.length} inputs; the viewer holds at most ${LIMITS.reports}`)
  const items: Embedded['items'] = []
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
      text = await readInput(input.path!, io.readStdin, 'file')
      bytes = Buffer.byteLength(text)
    }
    const what =
      input.path && input.path !== '-' ? `file "${input.path}"` : input.path === '-' ? 'stdin' : 'link'
    const links = splitLinks(text)
    for (const [k, part] of (links ?? [text]).entries()) {
      const read = readAny(part, links ? undefined : bytes)
      const where = links ? `${what} line ${k + 1}` : what
      if (!read.ok) throw new UsageError(`${where}: ${intakeMessage(read.error, lang)}`)
      // A report file goes in as its validated JSON (compact); a link or copied text as given.
      items.push({
        name: links ? `${input.name} ${k + 1}` : input.name,
        text: read.value.kind === 'json' ? JSON.stringify(read.value.report) : part.trim(),
      })
    }
  }
  let page: string
  try {
    page = readFileSync(TEMPLATE, 'utf8')
  } catch {
    io.err(`zim-netcheck view: the viewer page is missing (${TEMPLATE}); run npm run build:viewer\n`)
    return 3
  }
  const html = embedInto(page, items)
  writeFileSync(out, html)
  io.out(
    `${out}\n` +
      fill(CLI_TEXT.viewWritten[lang], { n: items.length, kb: Math.round(html.length / 1024) }) +
      '\n',
  )
  return 0
}
