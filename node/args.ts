import { accessSync, constants, readFileSync, statSync } from 'node:fs'
import { dirname, resolve as resolvePath } from 'node:path'
import { parseArgs, ParseArgsConfig } from 'node:util'
import type { Lang } from '../miniprogram/core/vocabulary'

/** A mistake in how the command was called: one line to stderr, exit 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>

/** util.parseArgs, with its errors turned into one plain line. */
export function parse<O extends Options>(
  argv: string[],
  options: O,
  allowPositionals = false,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals, strict: true })
    return { values: values as Record<string, string | boolean | string[] | undefined>, positionals }
  } catch (e) {
    const err = e as Error & { code?: string }
    const msg = err.message
      .replace(/\. To specify a positional argument starting with a '-'.*$/s, '')
      .replace(/\s+/g, ' ')
      .trim()
    throw new UsageError(msg)
  }
}

export function requireString(values: Record<string, unknown>, name: string): string {
  const v = values[name]
  if (typeof v !== 'string' || v === '') throw new UsageError(`missing --${name} <value>`)
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
  if (value === undefined || value === 'en') return 'en'
  if (value === 'zh') return 'zh'
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

/**
 * The text of a file, or of stdin for `-`. A file that cannot be read or is empty is a usage error that names
 * `what` and the file once: `file "x.json": file not found`, `file "x.json": empty file`.
 */
export async function readInput(
  arg: string,
  readStdin: () => Promise<string>,
  what: string,
): Promise<string> {
  const text = arg === '-' ? await readStdin() : readFile(arg, what)
  if (text.trim() === '') throw new UsageError(`${what} "${arg === '-' ? 'stdin' : arg}": empty file`)
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

/**
 * `--out <file>`, checked before any probing: not empty, its directory exists and is writable, and it is not a
 * directory itself nor an existing file we may not write. Returns the path as given.
 */
export function checkOutFile(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new UsageError('--out needs a file name, got ""')
  const bad = (why: string) => new UsageError(`--out ${raw}: ${why}`)
  const dir = dirname(resolvePath(raw))
  let dirStat
  try {
    dirStat = statSync(dir)
  } catch {
    throw bad(`directory ${dir} does not exist`)
  }
  if (!dirStat.isDirectory()) throw bad(`${dir} is not a directory`)
  let fileStat
  try {
    fileStat = statSync(raw)
  } catch {
    fileStat = undefined
  }
  if (fileStat?.isDirectory()) throw bad('is a directory, not a file')
  try {
    accessSync(fileStat ? raw : dir, constants.W_OK)
  } catch {
    throw bad(fileStat ? 'file is not writable' : `directory ${dir} is not writable`)
  }
  return raw
}
