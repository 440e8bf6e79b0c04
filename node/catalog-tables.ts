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

/** A page whose tables hold more cells than the reader takes (`maxCells` of htmlTables and pipeTables). */
export class TooManyCells extends Error {
  constructor(readonly maxCells: number) {
    super(`more than ${maxCells} table cells`)
  }
}

/** Counts cells as they are read; throws TooManyCells past `maxCells`, before their text is built. */
const cellBudget = (maxCells: number) => {
  let left = maxCells
  return (n: number) => {
    left -= n
    if (left < 0) throw new TooManyCells(maxCells)
  }
}

export function htmlTables(doc: PNode, maxCells = Infinity): Table[] {
  const spend = cellBudget(maxCells)
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
  const cells = (tr: PNode): Cell[] => {
    const tds = (tr.childNodes ?? []).filter((c) => c.nodeName === 'td' || c.nodeName === 'th')
    spend(tds.length)
    return tds.map((c) => {
      const cell: Cell = { text: textOf(c), rowspan: 1, colspan: 1 }
      cell.rowspan = span(c, 'rowspan', cell)
      cell.colspan = span(c, 'colspan', cell)
      return cell
    })
  }
  find(doc)
  return tables
}

/** Elements that never hold others (no end tag). */
const VOID = new Set(
  'area base br col embed hr img input link meta source track wbr param keygen basefont bgsound frame'.split(
    ' ',
  ),
)
/** Elements whose end tag may be left out: the next one of their kind, or their parent's end, closes them. */
const OPTIONAL_END = new Set(
  'p li dt dd tr td th thead tbody tfoot option optgroup rb rt rp rtc colgroup caption html head body'.split(
    ' ',
  ),
)
/** Elements whose content is text up to their own end tag. */
const RAW_TEXT = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'plaintext',
])
const TAG = /<(\/?)([A-Za-z][\w:-]*)[^<>]*>/y

/**
 * How deep a page's markup nests, estimated from its tags before parse5 builds the tree: elements opened and not
 * yet closed, leaving out void elements and those whose end tag may be omitted (comments and raw text skipped). It
 * stops counting at `stopAt`. A docs page is a few dozen deep. parse5 walks its stack of open elements for many
 * tags, so thousands of open elements make it quadratic: 20,000 nested <div> take ~2 s, 100,000 nearly a minute.
 * Linear in the text: every search starts where the last one ended, and a tag's attributes stop at the next `<`.
 */
export function markupDepth(text: string, stopAt: number): number {
  let depth = 0
  let max = 0
  let i = 0
  while (max < stopAt && (i = text.indexOf('<', i)) !== -1) {
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4)
      if (end < 0) break
      i = end + 3
      continue
    }
    TAG.lastIndex = i
    const m = TAG.exec(text)
    if (!m) {
      i++
      continue
    }
    i = TAG.lastIndex
    const name = m[2].toLowerCase()
    if (VOID.has(name) || OPTIONAL_END.has(name)) continue
    if (m[1]) {
      if (depth > 0) depth--
      continue
    }
    max = Math.max(max, ++depth)
    if (RAW_TEXT.has(name)) {
      const end = new RegExp(`</${name}`, 'gi')
      end.lastIndex = i
      const found = end.exec(text)
      if (!found) break
      i = found.index
    }
  }
  return max
}

const PIPE_ROW = /^\s*\|.*\|\s*$/
const PIPE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/

/** GFM pipe tables: a header line, a `|---|` line, rows. Cells may hold inline HTML (`<br>`). */
export function pipeTables(text: string, maxCells = Infinity): Table[] {
  const spend = cellBudget(maxCells)
  const lines = text.split(/\r?\n/)
  const tables: Table[] = []
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!PIPE_ROW.test(lines[i]) || !PIPE_RULE.test(lines[i + 1])) continue
    const rows: Cell[][] = []
    const split = (line: string) => {
      const parts = line
        .trim()
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
      spend(parts.length)
      return parts.map((c) => ({
        text: textOf(parseFragment(c.replace(/\\\|/g, '|')) as PNode),
        rowspan: 1,
        colspan: 1,
      }))
    }
    rows.push(split(lines[i]))
    let j = i + 2
    for (; j < lines.length && PIPE_ROW.test(lines[j]); j++) rows.push(split(lines[j]))
    tables.push({ rows, pipe: true })
    i = j - 1
  }
  return tables
}
