import { readFileSync, statSync } from 'node:fs'
import { CATALOG, CATALOG_INFO, CatalogEntry, CatalogInfo } from '../miniprogram/core/catalog'
import { validateCatalog } from '../miniprogram/core/catalog-json'
import { parseExtraDomains } from '../miniprogram/core/extra-domains'
import { safeField, withoutBom } from '../miniprogram/core/sanitize'
import type { Lang } from '../miniprogram/core/vocabulary'
import { tooLarge, UsageError } from './args'

/** The largest catalog file read: 2,000 rows pretty-printed are ~0.4 MiB. */
const CATALOG_FILE_BYTES = 4 * 1024 * 1024

/** `--catalog <file.json>` and `--extra <category:url,…>` (repeatable), shared by domains, whitelist, probe. */
export const CATALOG_OPTIONS = {
  catalog: { type: 'string' },
  extra: { type: 'string', multiple: true },
} as const

export interface CatalogChoice {
  /** The catalog to resolve the SDK version in. */
  catalog: readonly CatalogEntry[]
  info: CatalogInfo
  /** The app's own domains (purpose `app`), checked beside the catalog's. */
  extras: CatalogEntry[]
}

/** A catalog file as `netcheck catalog import` writes it, validated; a usage error naming the file otherwise. */
export function loadCatalogFile(file: string): { entries: CatalogEntry[]; info: CatalogInfo } {
  const name = safeField(file, 200)
  let text: string
  try {
    // Refused before it is read: a catalog of CATALOG_MAX_ROWS rows is well under a MiB.
    const bytes = statSync(file).size
    if (bytes > CATALOG_FILE_BYTES)
      throw new UsageError(`--catalog ${name}: ${tooLarge(CATALOG_FILE_BYTES, 'a catalog', bytes)}`)
    text = readFileSync(file, 'utf8')
  } catch (e) {
    if (e instanceof UsageError) throw e
    const code = (e as NodeJS.ErrnoException).code
    throw new UsageError(
      `--catalog ${name}: ${code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code})`}`,
    )
  }
  let value: unknown
  try {
    value = JSON.parse(withoutBom(text))
  } catch {
    const page = /<table|<html|^\s*[-#|]/i.test(text)
    throw new UsageError(
      `--catalog ${name}: not a catalog JSON file` +
        (page
          ? `; a docs page must be imported first: zim-netcheck catalog import ${name} --out catalog.json`
          : ''),
    )
  }
  const loaded = validateCatalog(value)
  if (!loaded.ok) throw new UsageError(`--catalog ${name}: ${loaded.error}`)
  return loaded
}

export function catalogChoice(values: Record<string, unknown>, lang: Lang): CatalogChoice {
  let catalog: readonly CatalogEntry[] = CATALOG
  let info = CATALOG_INFO
  if (values.catalog !== undefined) {
    if (typeof values.catalog !== 'string' || values.catalog === '')
      throw new UsageError('missing --catalog <file.json>')
    const loaded = loadCatalogFile(values.catalog)
    catalog = loaded.entries
    info = loaded.info
  }
  let extras: CatalogEntry[] = []
  if (values.extra !== undefined) {
    const list = (Array.isArray(values.extra) ? values.extra : [values.extra]).map(String)
    const parsed = parseExtraDomains(list, lang)
    // One line: every bad entry named once, with what to write instead.
    if (parsed.errors.length > 0)
      throw new UsageError(`--extra: ${parsed.errors.map((e) => safeField(e, 300)).join('; ')}`)
    if (parsed.entries.length === 0)
      throw new UsageError('--extra: no domain given (e.g. --extra request:https://api.example.com)')
    extras = parsed.entries
  }
  return { catalog, info, extras }
}
