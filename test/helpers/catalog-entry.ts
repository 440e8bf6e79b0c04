import { CatalogEntry, parseWrittenRange } from '../../miniprogram/core/catalog'
import { Category, Purpose } from '../../miniprogram/core/vocabulary'

let entryRow = 0
/** One hand-made catalog row (a new row number each call), so each rule of the resolver is seen on its own. */
export const entry = (
  written: string,
  url: string,
  category: Category = 'request',
  purpose: Purpose = 'log',
): CatalogEntry => ({
  id: `${category}:${url}`,
  category,
  url,
  purpose,
  range: parseWrittenRange(written),
  row: ++entryRow,
})
