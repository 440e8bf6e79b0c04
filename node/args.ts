import { accessSync, constants, readFileSync, Stats, statSync, writeFileSync } from 'node:fs'
import { dirname, resolve as resolvePath } from 'node:path'
import { parseArgs, ParseArgsConfig } from 'node:util'
import { withoutBom } from '../miniprogram/core/sanitize'
import type { Lang } from '../miniprogram/core/vocabulary'
import { StdinTooLarge } from './io'

/**
 * A mistake in how the command was called: one line to stderr, exit 2. `seeHelp`: the line ends by pointing at
 * the command's own help (an unknown option, a missing argument).
 */
export class UsageError extends Error {
  constructor(
    message: string,
    public readonly seeHelp = false,
  ) {
    super(message)
  }
}

type Options = NonNullable<ParseArgsConfig['options']>

/** Edit distance, for "did you mean": small strings only (option names). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const keep = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = keep
    }
  }
  return row[b.length]
}

/** The option a mistyped one most likely meant: a prefix of it, or at most two edits away. */
export function closestOption(typed: string, names: readonly string[]): string | undefined {
  const t = typed.replace(/^-+/, '').replace(/=.*$/, '').toLowerCase()
  if (t === '') return undefined
  const prefixed = names.filter((n) => n.startsWith(t))
  if (prefixed.length === 1) return prefixed[0]
  let best: { name: string; d: number } | undefined
  for (const n of names) {
    const d = distance(t, n)
    if (d <= Math.min(2, Math.floor(n.length / 2)) && (!best || d < best.d)) best = { name: n, d }
  }
  return best?.name
}

/**
 * util.parseArgs, with its errors turned into one plain line: an unknown option names the closest known one
 * ("did you mean --json?") and points at the command's help; an option that takes one value given twice is
 * refused (parseArgs would keep the last one silently).
 */
export function parse<O extends Options>(
  argv: string[],
  options: O,
  allowPositionals = false,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals, strict: true, tokens: true })
  } catch (e) {
    const err = e as Error & { code?: string }
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const typed = /'([^']+)'/.exec(err.message)?.[1] ?? ''
      const guess = closestOption(typed, Object.keys(options))
      throw new UsageError(`unknown option ${typed}${guess ? ` (did you mean --${guess}?)` : ''}`, true)
    }
    const msg = err.message
      .replace(/\. To specify a positional argument starting with a '-'.*$/s, '')
      .replace(/\s+/g, ' ')
      .trim()
    throw new UsageError(msg, true)
  }
  const seen = new Set<string>()
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option' || options[t.name]?.multiple) continue
    if (seen.has(t.name)) throw new UsageError(`--${t.name} given twice; give it once`, true)
    seen.add(t.name)
  }
  return {
    values: parsed.values as Record<string, string | boolean | string[] | undefined>,
    positionals: parsed.positionals,
  }
}

export function requireString(values: Record<string, unknown>, name: string): string {
  const v = values[name]
  if (typeof v !== 'string' || v === '') throw new UsageError(`missing --${name} <value>`, true)
  return v
}

/** A positive whole number of milliseconds or items. */
export function positiveInt(raw: unknown, name: string, fallback: number, max = 3_600_000): number {
  if (raw === undefined) return fallback
  if (typeof raw !== 'string' || !/^\d+$/.test(raw.trim())) {
    throw new UsageError(`--${name} takes a whole number, got "${String(raw)}"`)
  }
  const n = Number(raw)
  if (n < 1 || n > max) throw new UsageError(`--${name} must be between 1 and ${max}, got ${n}`)
  return n
}

/** `--lang zh|en`; absent means en. */
export function parseLang(value: unknown): Lang {
  if (value === undefined) return 'en'
  // As locales are written (zh-CN, zh_CN.UTF-8, zh-Hans, EN-us): the language decides.
  const lang = typeof value === 'string' ? /^(zh|en)(?:[-_.][\w.-]*)?$/i.exec(value.trim()) : null
  if (lang) return lang[1].toLowerCase() as Lang
  throw new UsageError(`--lang takes zh or en, got "${String(value)}"`)
}

/** The `--lang zh|en` option every catalog command takes. */
export const LANG_OPTION = { lang: { type: 'string' } } as const

export const langOf = (values: Record<string, unknown>): Lang => parseLang(values.lang)

/** Why a file cannot be read, in words; `null` when the code is not one we know. */
function fileProblem(code: string | undefined): string | null {
  switch (code) {
    case 'ENOENT':
      return 'file not found'
    case 'EISDIR':
      return 'is a directory, not a file'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'ENOTDIR':
      return 'a part of the path is not a directory'
    default:
      return null
  }
}

/** Bytes, said as people read them. */
const sizeText = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`

/**
 * An input over its size limit, said one way everywhere: `too large (9.0 MiB; a report is at most 4.0 MiB)`; without
 * `bytes` (stdin, whose size is known only up to where reading stopped) the limit alone.
 */
export const tooLarge = (maxBytes: number, kind?: string, bytes?: number) =>
  `too large (${bytes === undefined ? '' : `${sizeText(bytes)}; `}${kind ? `${kind} is` : 'the limit is'} at most ${sizeText(maxBytes)})`

export interface InputLimits {
  /** Refuse a larger input before reading it (a file) or parsing it (stdin), naming both sizes. */
  maxBytes?: number
  /** What the input is, for the size message: "a whitelist", "a report". */
  kind?: string
}

/**
 * The text of a file, or of stdin for `-`. A file that cannot be read, is empty, is too big or is not UTF-8 text
 * (a GBK-saved file) is a usage error that names `what` and the file once: `file "x.json": file not found`.
 */
export async function readInput(
  arg: string,
  readStdin: (maxBytes?: number) => Promise<string>,
  what: string,
  limits: InputLimits = {},
): Promise<string> {
  const name = `${what} "${arg === '-' ? 'stdin' : arg}"`
  const tooBig = (bytes?: number) =>
    new UsageError(`${name}: ${tooLarge(limits.maxBytes!, limits.kind, bytes)}`)
  if (arg !== '-' && limits.maxBytes !== undefined) {
    let size = 0
    try {
      size = statSync(arg).size
    } catch {
      /* readFile names the problem */
    }
    if (size > limits.maxBytes) throw tooBig(size)
  }
  let text: string
  if (arg !== '-') text = readFile(arg, what)
  else {
    try {
      text = await readStdin(limits.maxBytes)
    } catch (e) {
      if (e instanceof StdinTooLarge) throw tooBig()
      throw e
    }
  }
  if (limits.maxBytes !== undefined && text.length > limits.maxBytes) throw tooBig(Buffer.byteLength(text))
  // A byte order mark is no part of the text: JSON.parse would refuse it.
  text = withoutBom(text)
  if (text.trim() === '') throw new UsageError(`${name}: empty file`)
  // Invalid UTF-8 decodes to U+FFFD: a file saved as GBK (Windows Notepad's ANSI on a Chinese system), UTF-16…
  if (text.includes('\uFFFD'))
    throw new UsageError(`${name}: not UTF-8 text (saved as GBK or UTF-16?); save it as UTF-8 and run again`)
  return text
}

function readFile(arg: string, what: string): string {
  try {
    return readFileSync(arg, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new UsageError(
      `${what} "${arg}": ${fileProblem(code) ?? `cannot read (${code ?? (e as Error).message})`}`,
    )
  }
}

/** `--out -` is stdout, as curl's `-o -`. */
export const STDOUT = '-'

const statOrUndefined = (p: string): Stats | undefined => {
  try {
    return statSync(p)
  } catch {
    return undefined
  }
}

/**
 * `--out <file>`, checked before any probing: not empty, its directory exists and is writable, and it is not a
 * directory itself nor an existing file we may not write, nor one of the command's `inputs` (a catalog, a CA,
 * a docs page or a report it reads: writing would destroy it). `-` is stdout. Returns the path as given.
 */
export function checkOutFile(raw: unknown, inputs: readonly (string | undefined)[] = []): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new UsageError('--out needs a file name, got ""')
  if (raw === STDOUT) return raw
  const bad = (why: string) => new UsageError(`--out ${raw}: ${why}`)
  const dir = dirname(resolvePath(raw))
  let dirStat
  try {
    dirStat = statSync(dir)
  } catch {
    throw bad(`directory ${dir} does not exist`)
  }
  if (!dirStat.isDirectory()) throw bad(`${dir} is not a directory`)
  const fileStat = statOrUndefined(raw)
  if (fileStat?.isDirectory()) throw bad('is a directory, not a file')
  if (fileStat)
    for (const input of inputs) {
      if (input === undefined || input === STDOUT) continue
      const st = statOrUndefined(input)
      const same = st
        ? st.dev === fileStat.dev && st.ino === fileStat.ino
        : resolvePath(input) === resolvePath(raw)
      if (same) throw bad(`is also an input (${input}); writing would overwrite it: choose another file`)
    }
  try {
    accessSync(fileStat ? raw : dir, constants.W_OK)
  } catch {
    throw bad(fileStat ? 'file is not writable' : `directory ${dir} is not writable`)
  }
  return raw
}

/** Writes `text` to the `--out` file (or stdout for `-`); a failed write is a usage error naming the file. */
export function writeOut(out: string, text: string, toStdout: (t: string) => void): void {
  if (out === STDOUT) return toStdout(text)
  try {
    writeFileSync(out, text)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new UsageError(`--out ${out}: cannot write (${code ?? (e as Error).message})`)
  }
}
