import { readFileSync } from 'node:fs'
import { parseArgs, ParseArgsConfig } from 'node:util'
import type { Lang } from '../miniprogram/core/types'

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

/** The text of a file, or of stdin for `-`; a file that cannot be read is a usage error naming `what`. */
export async function readInput(
  arg: string,
  readStdin: () => Promise<string>,
  what: string,
): Promise<string> {
  if (arg === '-') return readStdin()
  try {
    return readFileSync(arg, 'utf8')
  } catch (e) {
    throw new UsageError(
      `cannot read ${what} "${arg}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    )
  }
}
