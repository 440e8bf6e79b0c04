import { parse } from 'parse5'
import { catalogHash, CatalogRow } from '../miniprogram/core/catalog-rows'
import { CATALOG_MAX_ROWS, CATALOG_SCHEMA, CatalogDoc } from '../miniprogram/core/catalog-json'
import { checkServerUrl, schemeOf } from '../miniprogram/core/extra-domains'
import { Column, COLUMN_NAMES, COLUMNS, columnsOf } from './catalog-columns'
import { Cell, htmlTables, markupDepth, pipeTables, PNode, Table, TooManyCells } from './catalog-tables'
import { canonicalRange, categoriesIn, purposeOf, URLISH } from './catalog-vocabulary'

/*
 * ZEGO's domain table → catalog JSON: the rows of every usable table, each cell checked (category, domain,
 * range, purpose), refused with the row and cell named when it cannot be read. The tables come from
 * node/catalog-tables.ts (HTML or markdown, as a browser lays them out), their columns from
 * node/catalog-columns.ts, the docs' words for ranges, categories and purposes from node/catalog-vocabulary.ts.
 * CLI-side only (parse5): `zim-netcheck catalog import`, the generator of the built-in table
 * (tools/gen-catalog.js) and the tests call this; the mini-program never bundles it.
 */

export { canonicalRange }

/**
 * What the importer reads, at most. ZEGO's docs page is a few hundred KB, its markup a few dozen elements deep, and
 * its table a few dozen rows: these bounds refuse anything else early, with a message, before parse5 or the row
 * checks spend seconds or the stack on it.
 */
export const IMPORT_LIMITS = {
  /** Bytes of the page (node/commands/catalog.ts refuses a larger file or stdin before reading it all). */
  pageBytes: 8 * 1024 * 1024,
  /** Open elements (markupDepth): Chromium's parser stops nesting at 512. */
  depth: 512,
  /** Rows: what a catalog may list (--catalog refuses more). */
  rows: CATALOG_MAX_ROWS,
  /** Cells of all the page's tables (ZEGO's table has ~300). */
  cells: 100_000,
}

export interface ImportOptions {
  /** Where the table came from (a file name or the docs URL), kept as provenance. */
  source: string
  /** Day of the import, YYYY-MM-DD. */
  date: string
}

export type ImportResult =
  | { ok: true; catalog: CatalogDoc; warnings: string[] }
  | { ok: false; error: string }

/** A table the importer cannot read: its message names the row and cell. */
class Refusal {
  constructor(readonly message: string) {}
}
const refuse = (message: string): never => {
  throw new Refusal(message)
}

const clip = (s: string, n = 60) => {
  const one = s.replace(/\s+/g, ' ')
  return one.length > n ? `${one.slice(0, n)}…` : one
}

/** The rows of one table, in its order, laid out with rowspans/colspans; refuses a row it cannot read. */
function tableRows(
  table: Table,
  label: string,
  warnings: string[],
  descriptions: Record<string, string>,
): CatalogRow[] {
  const name = label ? label.replace(/, $/, '') : 'the table'
  const { header, width, map } = columnsOf(table)
  const count = table.rows.length - (header + 1)
  if (count > IMPORT_LIMITS.rows)
    refuse(
      `${name} has ${count} rows; ZEGO's domain table has a few dozen, and a catalog holds at most ${IMPORT_LIMITS.rows}`,
    )
  const missing = COLUMNS.filter((c) => map[c] === undefined)
  if (missing.length > 0) refuse(`${name} has no ${missing.map((c) => COLUMN_NAMES[c]).join(', ')} column`)
  const out: CatalogRow[] = []
  const carry: ({ cell: Cell; left: number; row: number } | undefined)[] = new Array(width).fill(undefined)
  const above: string[] = new Array(width).fill('')
  const body = table.rows.slice(header + 1)
  body.forEach((cells, i) => {
    const n = i + 1
    const at = `${label}row ${n}`
    const grid: (Cell | undefined)[] = new Array(width).fill(undefined)
    const spanned: { row: number; text: string }[] = []
    for (let c = 0; c < width; c++) {
      const k = carry[c]
      if (k && k.left > 0) {
        grid[c] = k.cell
        k.left--
        spanned.push({ row: k.row, text: k.cell.text })
      }
    }
    const from = spanned.length
      ? ` (cells spanned from above: ${spanned
          .filter((s, j) => spanned.findIndex((t) => t.row === s.row && t.text === s.text) === j)
          .map((s) => `"${clip(s.text, 30)}" of row ${s.row}`)
          .join(', ')})`
      : ''
    let col = 0
    for (const cell of cells) {
      if (cell.badSpan) refuse(`${at}: ${cell.badSpan} is not a number`)
      while (col < width && grid[col] !== undefined) col++
      if (col + cell.colspan > width)
        refuse(
          `${at}: one cell too many ("${clip(cell.text, 40)}") for the table's ${width} columns${from}; ` +
            'a rowspan above is probably too long, or a cell is extra',
        )
      for (let k = 0; k < cell.colspan; k++) {
        grid[col + k] = cell
        if (cell.rowspan > 1) carry[col + k] = { cell, left: cell.rowspan - 1, row: n }
      }
      col += cell.colspan
    }
    const text = (c: Column) => {
      const cell = grid[map[c] as number]
      const t = cell ? cell.text : ''
      return table.pipe && t === '' && c !== 'domain' ? above[map[c] as number] : t
    }
    if (cells.length === 0 || grid.every((c) => !c || c.text === '')) {
      warnings.push(`${at}: empty row, skipped`)
      return
    }
    if (cells.length === 1 && cells[0].colspan >= width && !URLISH.test(cells[0].text)) return // a section title
    const free = width - spanned.length
    if (grid.some((c) => c === undefined))
      refuse(
        `${at}: ${cells.length} cell(s) for the ${free} column(s) not spanned from above${from}; ` +
          'a rowspan above is probably too short, or a cell is missing',
      )
    for (const c of COLUMNS) above[map[c] as number] = text(c)
    const categoryText = text('category')
    const categories = categoriesIn(categoryText)
    if (categories.length === 0)
      refuse(
        `${at}: category "${clip(categoryText)}" is not one of socket / request / uploadFile / downloadFile 合法域名`,
      )
    const domainText = text('domain')
    const tokens = domainText.split(/[\s,，;；、]+/).filter(Boolean)
    if (tokens.length === 0) refuse(`${at}: the domain cell is empty`)
    const first = tokens[0]
    const rangeText = text('range').replace(/\s+/g, ' ')
    if (rangeText === '') refuse(`${at} (${first}): no SDK version range`)
    let range: string
    try {
      range = canonicalRange(rangeText)
    } catch (e) {
      return refuse(`${at} (${first}): ${(e as Error).message}`)
    }
    const description = text('description').replace(/\s+/g, ' ')
    if (description === '') refuse(`${at} (${first}): no description (its purpose, e.g. 接入域名：…)`)
    const purpose = purposeOf(description)
    if (!purpose)
      return refuse(
        `${at} (${first}): description "${clip(description)}" does not start with a purpose name (e.g. 接入域名：…)`,
      )
    descriptions[purpose] ??= description
    for (const category of categories)
      for (const token of tokens) {
        if (!/^[a-z]+:\/\//i.test(token) && !URLISH.test(token))
          refuse(`${at}: "${clip(token)}" in the domain column is not a domain`)
        const url = checkServerUrl(
          category,
          /:\/\//.test(token) ? token : `${schemeOf(category)}://${token}`,
          'en',
        )
        if (!url.ok) refuse(`${at}: ${category} domain "${clip(token)}": ${url.error}`)
        out.push({ category, url: (url as { url: string }).url, purpose, range })
      }
  })
  carry.forEach((k, c) => {
    if (k && k.left > 0 && Number.isFinite(k.left) && carry.indexOf(k) === c)
      warnings.push(
        `${label}row ${k.row}: rowspan of "${clip(k.cell.text, 30)}" runs ${k.left} row(s) past the end of the table (ignored, as a browser does)`,
      )
  })
  if (out.length === 0) refuse(`${name} has no rows under its header`)
  return out
}

/** Reads ZEGO's domain table from a docs page (HTML) or its markdown; refuses a table it cannot read. */
export function importCatalog(text: string, opts: ImportOptions): ImportResult {
  try {
    if (typeof text !== 'string' || text.trim() === '') refuse('the file is empty')
    if (markupDepth(text, IMPORT_LIMITS.depth + 1) > IMPORT_LIMITS.depth)
      refuse(
        `markup nested deeper than ${IMPORT_LIMITS.depth} elements, where a docs page is a few dozen deep: not a docs page`,
      )
    const html = htmlTables(parse(text) as unknown as PNode, IMPORT_LIMITS.cells)
    const tables = html.length > 0 ? html : pipeTables(text, IMPORT_LIMITS.cells)
    if (tables.length === 0)
      refuse("no table found: expected ZEGO's domain table (HTML <table> or a markdown | table |)")
    const usable = tables
      .map((t, i) => ({ t, i, cols: columnsOf(t) }))
      .filter(({ cols }) => cols.map.domain !== undefined && cols.map.category !== undefined)
    if (usable.length === 0)
      refuse(
        `none of the ${tables.length} table(s) has the ${COLUMN_NAMES.category} and ${COLUMN_NAMES.domain} columns of ZEGO's domain table`,
      )
    const warnings: string[] = []
    const rows: CatalogRow[] = []
    // Keyed by the page's own purpose names: no prototype, so "constructor" or "__proto__" is a name like any other.
    const purposes: Record<string, string> = Object.create(null)
    const seen = new Set<string>()
    for (const { t, i } of usable) {
      const label = usable.length > 1 || tables.length > 1 ? `table ${i + 1}, ` : ''
      for (const row of tableRows(t, label, warnings, purposes)) {
        const key = `${row.category} ${row.url} ${row.range}`
        if (seen.has(key)) {
          warnings.push(`${row.category} ${row.url} (${row.range}) is listed twice; kept once`)
          continue
        }
        seen.add(key)
        rows.push(row)
      }
    }
    if (rows.length > IMPORT_LIMITS.rows)
      refuse(
        `the tables have ${rows.length} rows; ZEGO's domain table has a few dozen, and a catalog holds at most ${IMPORT_LIMITS.rows}`,
      )
    if (usable.length > 1)
      warnings.push(`${usable.length} tables have the domain table's columns; all were read`)
    const catalog: CatalogDoc = {
      schema: CATALOG_SCHEMA,
      source: { name: opts.source, date: opts.date, rows: rows.length, hash: catalogHash(rows) },
      purposes,
      rows,
    }
    return { ok: true, catalog, warnings }
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: e.message }
    if (e instanceof TooManyCells)
      return {
        ok: false,
        error: `its tables hold more than ${e.maxCells} cells, where a docs page holds a few hundred: not a docs page`,
      }
    throw e
  }
}
