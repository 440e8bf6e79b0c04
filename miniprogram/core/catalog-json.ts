import {
  catalogEntries,
  CatalogEntry,
  catalogHash,
  CatalogInfo,
  CatalogRow,
  parseWrittenRange,
} from './catalog-rows'
import { checkServerUrl } from './extra-domains'
import { isCategory } from './vocabulary'

/*
 * A catalog as a file: what `zim-netcheck catalog import` writes, what `--catalog` and the panel's `catalog`
 * property read. Checked here without the importer (the panel ships this, not the HTML parser).
 */

export const CATALOG_SCHEMA = 'zim-netcheck/catalog@1'

export interface CatalogDoc {
  schema: typeof CATALOG_SCHEMA
  /** Provenance: the docs page or file, the day of the import, the row count and the rows' hash. */
  source: { name: string; date: string; rows: number; hash: string }
  /** Each purpose's description as the table writes it (its 描述 column). */
  purposes: Record<string, string>
  rows: CatalogRow[]
}

export type LoadedCatalog =
  | { ok: true; entries: CatalogEntry[]; info: CatalogInfo }
  | { ok: false; error: string }

/** A purpose name: 1–40 characters, trimmed, no control characters, no `/` or `:`. */
const NAME = /^[^\s\x00-\x1f\x7f/:：](?:[^\x00-\x1f\x7f/:：]{0,38}[^\s\x00-\x1f\x7f/:：])?$/

export const isPurposeName = (v: unknown): v is string => typeof v === 'string' && NAME.test(v)

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Checks an untrusted catalog (a file, a host app's object) and builds its entries. Never throws. */
export function validateCatalog(value: unknown): LoadedCatalog {
  const fail = (error: string): LoadedCatalog => ({ ok: false, error: `invalid catalog: ${error}` })
  if (!isObj(value) || value.schema !== CATALOG_SCHEMA) return fail(`schema must be "${CATALOG_SCHEMA}"`)
  const src = value.source
  if (!isObj(src) || typeof src.name !== 'string' || !src.name.trim()) return fail('source.name is missing')
  if (src.date !== undefined && !/^\d{4}-\d\d(-\d\d)?$/.test(String(src.date)))
    return fail('source.date must be YYYY-MM-DD')
  const list = value.rows
  if (!Array.isArray(list) || !list.length || list.length > 2000) return fail('rows must list 1–2000 rows')
  const rows: CatalogRow[] = []
  for (let i = 0; i < list.length; i++) {
    const r = list[i]
    const at = `rows[${i}]`
    if (!isObj(r) || typeof r.category !== 'string' || !isCategory(r.category))
      return fail(`${at}.category is not a whitelist category`)
    const url = checkServerUrl(r.category, String(r.url), 'en')
    if (!url.ok) return fail(`${at}.url: ${url.error}`)
    if (!isPurposeName(r.purpose)) return fail(`${at}.purpose must be a name of 1–40 characters`)
    try {
      parseWrittenRange(r.range as string)
    } catch (e) {
      return fail(`${at}.range: ${(e as Error).message}`)
    }
    rows.push({ category: r.category, url: url.url, purpose: r.purpose, range: r.range as string })
  }
  const info: CatalogInfo = {
    builtin: false,
    source: src.name.trim().slice(0, 200),
    rows: rows.length,
    hash: catalogHash(rows),
  }
  if (src.date) info.date = src.date as string
  return { ok: true, entries: catalogEntries(rows), info }
}
