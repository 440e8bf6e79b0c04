import { Category, Purpose } from './vocabulary'

// The catalog's model: rows, ranges, entries, provenance. No data here: the importer, the generated built-in
// table and catalog JSON all use it.

/** A documented version range, in its canonical written form plus its semver form. */
export interface VersionRange {
  /** `1.2.0 ~ 2.1.5` or `2.13.0 及以上` (the importer writes every form the docs use as one of these). */
  written: string
  /** The semver range, e.g. `>=1.2.0 <=2.1.5`. */
  semver: string
  min: string
  /** Inclusive upper bound; undefined for an open range (`及以上`). */
  max?: string
}

export interface CatalogEntry {
  /** Stable id `category:url`, used in every report. */
  id: string
  category: Category
  url: string
  purpose: Purpose
  range: VersionRange
  /** 1-based row number in the table (0: one of the app's own domains). */
  row: number
}

/** One row of a catalog as data (catalog JSON, the generated built-in table). */
export interface CatalogRow {
  category: Category
  url: string
  purpose: Purpose
  /** Canonical written range, e.g. `1.2.0 ~ 2.1.5` or `2.13.0 及以上`. */
  range: string
}

/** Which catalog a run used: the built-in one or an imported table (the report keeps it). */
export interface CatalogInfo {
  builtin: boolean
  /** Where the table came from: the docs page or file it was imported from. */
  source: string
  /** When the table was taken: YYYY-MM or YYYY-MM-DD. */
  date?: string
  rows: number
  /** FNV-1a of the rows, 8 hex digits: equal rows, equal hash. */
  hash: string
}

const BOUNDED = /^(\d+\.\d+\.\d+) ~ (\d+\.\d+\.\d+)$/
const OPEN = /^(\d+\.\d+\.\d+) 及以上$/

/** Turns a canonical written range into its semver form; throws on any other form. */
export function parseWrittenRange(written: string): VersionRange {
  const bounded = BOUNDED.exec(written)
  if (bounded) {
    return { written, semver: `>=${bounded[1]} <=${bounded[2]}`, min: bounded[1], max: bounded[2] }
  }
  const open = OPEN.exec(written)
  if (open) return { written, semver: `>=${open[1]}`, min: open[1] }
  throw new Error(`unrecognised version range in catalog: "${written}"`)
}

/** Catalog entries of rows, numbered from 1 in their order. Throws on a range it cannot read. */
export function catalogEntries(rows: readonly CatalogRow[]): CatalogEntry[] {
  return rows.map(({ category, url, purpose, range }, i) => ({
    id: `${category}:${url}`,
    category,
    url,
    purpose,
    range: parseWrittenRange(range),
    row: i + 1,
  }))
}

/** FNV-1a (32 bits) of the rows, as 8 hex digits. */
export function catalogHash(rows: readonly CatalogRow[]): string {
  let h = 0x811c9dc5
  const text = rows.map((r) => `${r.category} ${r.url} ${r.purpose} ${r.range}\n`).join('')
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return ('0000000' + (h >>> 0).toString(16)).slice(-8)
}
