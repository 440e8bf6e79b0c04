import { parseFragment } from 'parse5'

/*
 * The tables of a docs page, read the way a browser lays them out (one job of the importer,
 * node/catalog-import.ts): parse5 (the HTML standard's parser: implied end tags, entities, comments) builds the
 * tree, then every <table> becomes rows of cells with their rowspans and colspans; a cell's text keeps `<br>`
 * and block elements as line breaks. A markdown pipe table is read too, an empty cell meaning "same as the row
 * above" (the importer applies that).
 */

export interface Cell {
  text: string
  rowspan: number
  colspan: number
  /** A rowspan or colspan attribute that is not a number, as written. */
  badSpan?: string
}

export interface Table {
  rows: Cell[][]
  /** Markdown pipe table: an empty cell repeats the one above. */
  pipe: boolean
}

export interface PNode {
  nodeName: string
  attrs?: { name: string; value: string }[]
  childNodes?: PNode[]
  value?: string
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

export function htmlTables(doc: PNode): Table[] {
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
export function pipeTables(text: string): Table[] {
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
