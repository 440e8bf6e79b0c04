import { importCatalog } from '../../node/catalog-import'
import { CatalogDoc } from '../../miniprogram/core/catalog-json'
import { seedText } from './seed'

/** Replaces `from` (which must occur exactly `times` times, default once) in `text`. */
export function edit(text: string, from: string, to: string, times = 1): string {
  const n = text.split(from).length - 1
  if (n !== times) throw new Error(`edit: "${from.slice(0, 60)}" occurs ${n} times, expected ${times}`)
  return text.split(from).join(to)
}

const tr = (...cells: string[]) => `<tr>${cells.join('')}</tr>\n`

/** Modified copies of the seed table, each as ZEGO would publish a change. */
export const MODIFIED = {
  /** access: `2.13.0 及以上` ends at 2.19.3; a new gateway from 2.20.0. */
  newRange(): string {
    let t = seedText()
    t = edit(t, '<td rowspan="20">socket 合法域名</td>', '<td rowspan="21">socket 合法域名</td>')
    t = edit(t, '<td rowspan="13">接入域名：', '<td rowspan="14">接入域名：')
    t = edit(t, '<td rowspan="10">2.13.0 及以上</td>', '<td rowspan="10">2.13.0 ~ 2.19.3</td>')
    t = edit(
      t,
      '<td>wss://accesshub-global.coolzcloud.com</td>\n            </tr>',
      '<td>wss://accesshub-global.coolzcloud.com</td>\n            </tr>\n' +
        tr('<td>wss://accesshub-v3.zego.im</td>', '<td>2.20.0 及以上</td>'),
    )
    return t
  },
  /** downloadFile: a new purpose (推送通知) from 2.14.0. */
  newPurpose(): string {
    let t = seedText()
    t = edit(t, '<td rowspan="9">downloadFile 合法域名</td>', '<td rowspan="10">downloadFile 合法域名</td>')
    t = edit(
      t,
      '        </tbody>',
      tr(
        '<td>https://push-global.zego.im</td>',
        '<td>2.14.0 及以上</td>',
        '<td>推送通知：离线推送的图片。</td>',
      ) + '        </tbody>',
    )
    return t
  },
  /** The backup gateway of 1.2.0 ~ 2.1.5 is gone (rowspans adjusted). */
  removedRow(): string {
    let t = seedText()
    t = edit(t, '<td rowspan="20">socket 合法域名</td>', '<td rowspan="19">socket 合法域名</td>')
    t = edit(t, '<td rowspan="13">接入域名：', '<td rowspan="12">接入域名：')
    t = edit(
      t,
      '<td rowspan="2">1.2.0 ~ 2.1.5</td>\n                <td rowspan="12">',
      '<td>1.2.0 ~ 2.1.5</td>\n                <td rowspan="12">',
    )
    t = edit(
      t,
      '            <tr>\n                <td>wss://webzim-sh2-bak.zego.im</td>\n            </tr>\n',
      '',
    )
    return t
  },
  /** Every range bounded: the newest documented version is 2.19.0. */
  allBounded(): string {
    let t = seedText()
    t = edit(t, '2.13.0 及以上', '2.13.0 ~ 2.19.0')
    t = edit(t, '2.12.0 及以上', '2.12.0 ~ 2.19.0', 6)
    return t
  },
  /** The access description spans one row too many: it runs into the report row, which has its own. */
  rowspanTooLong(): string {
    return edit(seedText(), '<td rowspan="13">接入域名：', '<td rowspan="14">接入域名：')
  },
  /** The socket category ends one row early: the last socket row has no category cell. */
  rowspanTooShort(): string {
    return edit(seedText(), '<td rowspan="20">socket 合法域名</td>', '<td rowspan="19">socket 合法域名</td>')
  },
}

export function mustImport(text: string, source = 'test.md'): CatalogDoc {
  const res = importCatalog(text, { source, date: '2026-12-01' })
  if (!res.ok) throw new Error(res.error)
  return res.catalog
}

export function importError(text: string): string {
  const res = importCatalog(text, { source: 'test', date: '2026-12-01' })
  if (res.ok) throw new Error(`imported ${res.catalog.rows.length} rows`)
  return res.error
}
