import { BUILT_IN } from './catalog-data'
import { catalogEntries, CatalogEntry, catalogHash, CatalogInfo, CatalogRow } from './catalog-rows'
import { CATEGORIES } from './vocabulary'

export {
  catalogEntries,
  catalogHash,
  parseWrittenRange,
  type CatalogEntry,
  type CatalogInfo,
  type CatalogRow,
  type VersionRange,
} from './catalog-rows'

/*
 * The catalog: ZEGO's documented (category, url, purpose, version range) rows as data. The built-in one is
 * generated (core/catalog-data.ts, by tools/gen-catalog.js with the CLI's importer from the vendored docs table);
 * an imported one comes as catalog JSON (core/catalog-json.ts). The importer itself never ships here.
 */

/**
 * The built-in rows, from the generated module: URLs sorted and front/back coded (per URL: a character for the
 * prefix it shares with the one before, one for the suffix, then its middle), rows as 4 characters (48 + index
 * of category, url, purpose, range). node/catalog-gen.ts writes it; test/core/catalog-data.test.ts checks it.
 */
export function builtInRows(): CatalogRow[] {
  const urls: string[] = []
  let prev = ''
  for (const u of BUILT_IN.urls.split(' ')) {
    const s = u.charCodeAt(1) - 48
    urls.push((prev = prev.slice(0, u.charCodeAt(0) - 48) + u.slice(2) + (s ? prev.slice(-s) : '')))
  }
  const rows: CatalogRow[] = []
  const at = (i: number) => BUILT_IN.rows.charCodeAt(i) - 48
  for (let i = 0; i < BUILT_IN.rows.length; i += 4)
    rows.push({
      category: CATEGORIES[at(i)],
      url: urls[at(i + 1)],
      purpose: BUILT_IN.purposes[at(i + 2)],
      range: BUILT_IN.ranges[at(i + 3)],
    })
  return rows
}

const ROWS = builtInRows()

/** Where the built-in table comes from: ZEGO's ZIM docs, 小程序 > 配置服务器域名. */
export const CATALOG_SOURCE = BUILT_IN.source

/** Every documented (category, url) row of the built-in table, in the docs' order (share links rely on it). */
export const CATALOG: readonly CatalogEntry[] = catalogEntries(ROWS)

export const CATALOG_INFO: CatalogInfo = {
  builtin: true,
  source: BUILT_IN.source,
  date: BUILT_IN.date,
  rows: ROWS.length,
  hash: catalogHash(ROWS),
}
