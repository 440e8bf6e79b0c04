import { Cell, Table } from './catalog-tables'
import { canonicalRange, categoriesIn, URLISH } from './catalog-vocabulary'

/*
 * Which column of a docs table holds what (one job of the importer, node/catalog-import.ts): by the header's
 * words (分类 / 域名 / 版本 / 描述, or English), else by what most of a column's cells look like.
 */

export type Column = 'category' | 'domain' | 'range' | 'description'
export const COLUMNS: Column[] = ['category', 'domain', 'range', 'description']
export const COLUMN_NAMES: Record<Column, string> = {
  category: '分类 / category',
  domain: '域名 / domain',
  range: '适用SDK版本 / SDK version',
  description: '描述 / description',
}
const HEADER_WORDS: [Column, RegExp][] = [
  ['category', /分类|类别|类型|category|type|kind/i],
  ['range', /版本|version|sdk/i],
  ['description', /描述|说明|用途|备注|description|purpose|usage|note/i],
  ['domain', /域名|地址|domain|url|address|host/i],
]

function looksLike(column: Column, text: string): boolean {
  if (text === '') return false
  if (column === 'domain') return text.split(/\s+/).every((t) => URLISH.test(t))
  if (column === 'category') return categoriesIn(text).length > 0 && !/:\/\//.test(text)
  if (column === 'range') {
    try {
      canonicalRange(text)
      return true
    } catch {
      return false
    }
  }
  return text.length > 0
}

/** Each row's text per column, rowspans and colspans applied, nothing checked (for guessing columns). */
function looseGrid(rows: Cell[][], width: number): string[][] {
  const carry: { text: string; left: number }[] = []
  return rows.map((cells) => {
    const g: (string | undefined)[] = new Array(width).fill(undefined)
    for (let c = 0; c < width; c++)
      if (carry[c] && carry[c].left > 0) {
        g[c] = carry[c].text
        carry[c].left--
      }
    let col = 0
    for (const cell of cells)
      for (let k = 0; k < cell.colspan; k++) {
        while (col < width && g[col] !== undefined) col++
        if (col >= width) break
        g[col] = cell.text
        if (cell.rowspan > 1) carry[col] = { text: cell.text, left: cell.rowspan - 1 }
      }
    return g.map((x) => x ?? '')
  })
}

/** Header row (index, or -1) and which column holds what: by header words, else by the cells' contents. */
export function columnsOf(table: Table): {
  header: number
  width: number
  map: Partial<Record<Column, number>>
} {
  // A loop, not Math.max(...rows): a spread of a long table's rows overflows the call stack.
  let width = 0
  for (const r of table.rows)
    width = Math.max(
      width,
      r.reduce((n, c) => n + c.colspan, 0),
    )
  let header = -1
  const map: Partial<Record<Column, number>> = {}
  for (let r = 0; r < Math.min(3, table.rows.length) && header < 0; r++) {
    const found: Partial<Record<Column, number>> = {}
    let col = 0
    for (const cell of table.rows[r]) {
      if (!URLISH.test(cell.text) && cell.text.length <= 40)
        for (const [name, re] of HEADER_WORDS)
          if (found[name] === undefined && re.test(cell.text)) {
            found[name] = col
            break
          }
      col += cell.colspan
    }
    if (Object.keys(found).length >= 2) {
      header = r
      Object.assign(map, found)
    }
  }
  // Columns the header did not name: by what most of their cells look like, rowspans laid out loosely.
  const body = looseGrid(table.rows.slice(header + 1), width)
  for (const column of COLUMNS) {
    if (map[column] !== undefined || body.length === 0) continue
    const taken = new Set(Object.values(map))
    let best = -1
    let bestScore = 0.5
    for (let c = 0; c < width; c++) {
      if (taken.has(c)) continue
      const score = body.filter((r) => looksLike(column, r[c])).length / body.length
      if (score > bestScore) [best, bestScore] = [c, score]
    }
    if (best >= 0) map[column] = best
  }
  return { header, width, map }
}
