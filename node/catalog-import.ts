import { parse, parseFragment } from 'parse5'
import { catalogHash, CatalogRow } from '../miniprogram/core/catalog-rows'
import { CATALOG_SCHEMA, CatalogDoc, isPurposeName } from '../miniprogram/core/catalog-json'
import { checkServerUrl, schemeOf } from '../miniprogram/core/extra-domains'
import { PURPOSE_LABELS } from '../miniprogram/core/text'
import { Category, KnownPurpose, PURPOSES } from '../miniprogram/core/vocabulary'

/*
 * ZEGO's domain table → catalog JSON. The table is read the way a browser lays it out: parse5 (the HTML
 * standard's parser: implied end tags, entities, comments) builds the tree, then every <table> is laid out
 * with its rowspans and colspans. Columns are found by their headers (分类 / 域名 / 版本 / 描述, or English),
 * else by what their cells hold. A page in markdown is read the same way (its table is HTML inside the
 * markdown); a markdown pipe table is read too, an empty cell meaning "same as the row above".
 * CLI-side only (parse5): `zim-netcheck catalog import`, the generator of the built-in table
 * (tools/gen-catalog.js) and the tests call this; the mini-program never bundles it. Every range form the docs
 * use is written in the catalog as one of the two canonical forms the panel reads (core/catalog.ts).
 */

const V = 'v?(\\d+\\.\\d+\\.\\d+)'
const BOUNDED = new RegExp(`^${V} ?(?:~|-|至|到|to) ?${V}$`, 'i')
const OPEN = new RegExp(
  `^(?:(?:>=|≥) ?${V}|${V} ?(?:及以上|以上|或以上|及更高|及更高版本|及之后|起|\\+|or (?:later|above|newer)|and (?:later|above|newer)))$`,
  'i',
)
const UPTO = new RegExp(`^(?:(?:<=|≤) ?${V}|${V} ?(?:及以下|以下|或以下|及之前|or (?:earlier|below)))$`, 'i')
const EXACT = new RegExp(`^${V}$`, 'i')

const num = (v: string) => v.split('.').map(Number)
const norm = (v: string) => num(v).join('.')
function compareVersions(a: string, b: string): number {
  const x = num(a)
  const y = num(b)
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1
  return 0
}

/**
 * A range as the docs write it → its canonical form: `1.2.0 ~ 2.1.5` (also `-`, `至`, full-width `～`),
 * `2.13.0 及以上` (also `以上`, `+`, `>= 2.13.0`, `or later`); `2.1.5 及以下` is `0.0.0 ~ 2.1.5`, one version
 * `2.1.5` is `2.1.5 ~ 2.1.5`. Throws, saying what it expected, otherwise.
 */
export function canonicalRange(raw: string): string {
  const written = String(raw).replace(/\s+/g, ' ').trim()
  const t = written
    .replace(/[～〜]/g, '~')
    .replace(/[－–—]/g, '-')
    .replace(/．/g, '.')
    .replace(/＋/g, '+')
    .replace(/ ?版本$/, '')
  let m = BOUNDED.exec(t)
  if (m) {
    const [min, max] = [norm(m[1]), norm(m[2])]
    if (compareVersions(min, max) > 0) throw new Error(`version range "${written}" goes backwards`)
    return `${min} ~ ${max}`
  }
  if ((m = OPEN.exec(t))) return `${norm(m[1] ?? m[2])} 及以上`
  if ((m = UPTO.exec(t))) return `0.0.0 ~ ${norm(m[1] ?? m[2])}`
  if ((m = EXACT.exec(t))) return `${norm(m[1])} ~ ${norm(m[1])}`
  throw new Error(`unrecognised version range "${written}": use e.g. "1.2.0 ~ 2.1.5" or "2.13.0 及以上"`)
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

type Column = 'category' | 'domain' | 'range' | 'description'
const COLUMNS: Column[] = ['category', 'domain', 'range', 'description']
const COLUMN_NAMES: Record<Column, string> = {
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

interface Cell {
  text: string
  rowspan: number
  colspan: number
  /** A rowspan or colspan attribute that is not a number, as written. */
  badSpan?: string
}

interface Table {
  rows: Cell[][]
  /** Markdown pipe table: an empty cell repeats the one above. */
  pipe: boolean
}

interface PNode {
  nodeName: string
  attrs?: { name: string; value: string }[]
  childNodes?: PNode[]
  value?: string
}

class Refusal {
  constructor(readonly message: string) {}
}
const refuse = (message: string): never => {
  throw new Refusal(message)
}

const BLOCK = /^(p|div|li|ul|ol|tr|table|h\d|section|pre|blockquote|dd|dt)$/
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g

/** The text of a node, `<br>` and block elements as line breaks, spaces collapsed within a line. */
function textOf(node: PNode): string {
  let out = ''
  const walk = (n: PNode) => {
    if (n.nodeName === '#text') out += n.value ?? ''
    else if (n.nodeName === 'br') out += '\n'
    else if (n.nodeName !== '#comment' && n.nodeName !== 'script' && n.nodeName !== 'style') {
      const block = BLOCK.test(n.nodeName)
      if (block) out += '\n'
      for (const c of n.childNodes ?? []) walk(c)
      if (block) out += '\n'
    }
  }
  walk(node)
  return out
    .replace(/\u00a0|\u3000/g, ' ')
    .replace(ZERO_WIDTH, '')
    .split('\n')
    .map((l) => l.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n')
}

function span(node: PNode, name: string, cell: Cell): number {
  const attr = node.attrs?.find((a) => a.name === name)
  if (!attr) return 1
  const v = attr.value.trim()
  if (!/^\d+$/.test(v)) {
    cell.badSpan = `${name}="${attr.value}"`
    return 1
  }
  const n = Number(v)
  // rowspan="0" spans to the end of the table (HTML); colspan="0" is 1.
  return n === 0 ? (name === 'rowspan' ? Infinity : 1) : Math.min(n, 1000)
}

function htmlTables(doc: PNode): Table[] {
  const tables: Table[] = []
  const find = (n: PNode) => {
    if (n.nodeName === 'table') {
      const rows: Cell[][] = []
      const collect = (m: PNode) => {
        for (const c of m.childNodes ?? []) {
          if (c.nodeName === 'tr') rows.push(cells(c))
          else if (/^(thead|tbody|tfoot)$/.test(c.nodeName)) collect(c)
        }
      }
      collect(n)
      tables.push({ rows, pipe: false })
    }
    for (const c of n.childNodes ?? []) find(c)
  }
  const cells = (tr: PNode): Cell[] =>
    (tr.childNodes ?? [])
      .filter((c) => c.nodeName === 'td' || c.nodeName === 'th')
      .map((c) => {
        const cell: Cell = { text: textOf(c), rowspan: 1, colspan: 1 }
        cell.rowspan = span(c, 'rowspan', cell)
        cell.colspan = span(c, 'colspan', cell)
        return cell
      })
  find(doc)
  return tables
}

const PIPE_ROW = /^\s*\|.*\|\s*$/
const PIPE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/

/** GFM pipe tables: a header line, a `|---|` line, rows. Cells may hold inline HTML (`<br>`). */
function pipeTables(text: string): Table[] {
  const lines = text.split(/\r?\n/)
  const tables: Table[] = []
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!PIPE_ROW.test(lines[i]) || !PIPE_RULE.test(lines[i + 1])) continue
    const rows: Cell[][] = []
    const split = (line: string) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map((c) => ({
          text: textOf(parseFragment(c.replace(/\\\|/g, '|')) as PNode),
          rowspan: 1,
          colspan: 1,
        }))
    rows.push(split(lines[i]))
    let j = i + 2
    for (; j < lines.length && PIPE_ROW.test(lines[j]); j++) rows.push(split(lines[j]))
    tables.push({ rows, pipe: true })
    i = j - 1
  }
  return tables
}

const URLISH = /^(?:[a-z]+:\/\/|[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?\/?$)/i
function categoriesIn(text: string): Category[] {
  const t = text.toLowerCase().replace(/[\s_-]+/g, '')
  const found: [number, Category][] = []
  const at = (re: RegExp, c: Category) => {
    const m = re.exec(t)
    if (m) found.push([m.index, c])
  }
  at(/uploadfile|上传文件/, 'uploadFile')
  at(/downloadfile|下载文件/, 'downloadFile')
  at(/websocket|socket/, 'socket')
  at(/request/, 'request')
  return found.sort((a, b) => a[0] - b[0]).map(([, c]) => c)
}

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
function columnsOf(table: Table): { header: number; width: number; map: Partial<Record<Column, number>> } {
  const width = Math.max(0, ...table.rows.map((r) => r.reduce((n, c) => n + c.colspan, 0)))
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

/** Names the docs give the known purposes (zh, and the English docs' wording), lower-cased. */
const KNOWN_PURPOSES: Record<string, KnownPurpose> = {
  'access domain': 'access',
  'data report': 'report',
  'data reporting': 'report',
  'cloud control': 'config',
  'cloud configuration': 'config',
  'log report': 'log',
  'log reporting': 'log',
  'file and media messages': 'file',
  'file media messages': 'file',
}
for (const p of PURPOSES)
  if (p !== 'app') {
    KNOWN_PURPOSES[p] = p
    KNOWN_PURPOSES[PURPOSE_LABELS[p].zh] = p
    KNOWN_PURPOSES[PURPOSE_LABELS[p].en.toLowerCase()] = p
  }

/** The purpose a description names before its colon, e.g. `接入域名：ZEGO 服务器的 WebSocket 通信地址。`. */
function purposeOf(description: string): string | undefined {
  const text = description.replace(/\s+/g, ' ').trim()
  const m = /^([^：:]{1,40}?)\s*[：:]/.exec(text) ?? /^([^，,。.；;（(]{1,40})(?:[，,。.；;（(]|$)/.exec(text)
  const name = m?.[1].trim()
  if (!name) return undefined
  const known = KNOWN_PURPOSES[name.toLowerCase()]
  if (known) return known
  return isPurposeName(name) ? name : undefined
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
  const { header, width, map } = columnsOf(table)
  const missing = COLUMNS.filter((c) => map[c] === undefined)
  const name = label ? label.replace(/, $/, '') : 'the table'
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
    const html = htmlTables(parse(text) as unknown as PNode)
    const tables = html.length > 0 ? html : pipeTables(text)
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
    const purposes: Record<string, string> = {}
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
    throw e
  }
}
