import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** ZEGO's domain table as vendored with the tests (source and date in the file's own header). */
export const VENDORED_SEED = join(__dirname, '../fixtures/seed/zim-miniprogram-server-domains.md')

export function seedText(): string {
  return readFileSync(VENDORED_SEED, 'utf8')
}

export interface SeedRow {
  categoryCell: string
  url: string
  range: string
  description: string
}

const CELL = /<t([dh])(?:\s+rowspan="(\d+)")?\s*>([\s\S]*?)<\/t[dh]>/g

/**
 * Reads the HTML table of the seed the way a browser lays it out: a cell with rowspan=N fills its
 * column in the next N-1 rows too. Independent of the catalog code on purpose.
 */
export function parseSeedTable(text: string): SeedRow[] {
  const body = text.slice(text.indexOf('<tbody>'), text.indexOf('</tbody>'))
  const rows = body.split(/<tr>/).slice(1)
  const carry: ({ value: string; left: number } | undefined)[] = [undefined, undefined, undefined, undefined]
  const out: SeedRow[] = []
  for (const rowHtml of rows) {
    const cells = [...rowHtml.matchAll(CELL)]
    if (cells.length > 0 && cells[0][1] === 'h') continue
    const values: string[] = []
    let next = 0
    for (let col = 0; col < 4; col++) {
      const c = carry[col]
      if (c && c.left > 0) {
        values.push(c.value)
        c.left--
        continue
      }
      const cell = cells[next++]
      if (!cell) throw new Error(`seed row is missing column ${col}: ${rowHtml}`)
      const value = cell[3].trim()
      const span = Number(cell[2] ?? 1)
      carry[col] = { value, left: span - 1 }
      values.push(value)
    }
    if (next !== cells.length) throw new Error(`seed row has extra cells: ${rowHtml}`)
    out.push({ categoryCell: values[0], url: values[1], range: values[2], description: values[3] })
  }
  return out
}
