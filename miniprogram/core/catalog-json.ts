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

/** Checks an untrusted catalog (a file, a host app's object) and builds its entries. Never throws. */
/** The most rows a catalog may list (ZEGO's table has 63). */
export const CATALOG_MAX_ROWS = 2000

export function validateCatalog(value: unknown): LoadedCatalog {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- every field is checked before use
  const v = (value || {}) as Record<string, any>
  const src = v.source || {}
  const list = v.rows
  const rows: CatalogRow[] = []
  let error =
    v.schema !== CATALOG_SCHEMA
      ? `schema must be "${CATALOG_SCHEMA}"`
      : typeof src.name !== 'string' || !src.name.trim()
        ? 'source.name is missing'
        : src.date !== undefined && !/^\d{4}-\d\d(-\d\d)?$/.test(src.date)
          ? 'source.date must be YYYY-MM-DD'
          : !Array.isArray(list) || !list.length || list.length > CATALOG_MAX_ROWS
            ? `rows must list 1–${CATALOG_MAX_ROWS} rows`
            : ''
  for (let i = 0; !error && i < list.length; i++) {
    const r = { ...list[i] }
    const url = isCategory(r.category) ? checkServerUrl(r.category, String(r.url), 'en') : undefined
    error = !url
      ? 'category is not a whitelist category'
      : !url.ok
        ? 'url: ' + url.error
        : !isPurposeName(r.purpose)
          ? 'purpose must be a name of 1–40 characters'
          : ''
    try {
      if (!error) parseWrittenRange((r.range = String(r.range)))
    } catch (e) {
      error = 'range: ' + (e as Error).message
    }
    if (error) error = `rows[${i}].${error}`
    else
      rows.push({
        category: r.category,
        url: (url as { url: string }).url,
        purpose: r.purpose,
        range: r.range,
      })
  }
  if (error) return { ok: false, error: 'invalid catalog: ' + error }
  const info: CatalogInfo = {
    builtin: false,
    source: src.name.trim().slice(0, 200),
    rows: rows.length,
    hash: catalogHash(rows),
  }
  if (src.date) info.date = src.date
  return { ok: true, entries: catalogEntries(rows), info }
}
