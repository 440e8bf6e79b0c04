import { CATALOG } from '../../miniprogram/core/catalog'
import { importCatalog } from '../../node/catalog-import'
import { validateCatalog } from '../../miniprogram/core/catalog-json'
import { formatResolveMessage } from '../../miniprogram/core/messages'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { parseSeedTable, seedText } from '../helpers/seed'
import { edit, importError, MODIFIED, mustImport } from '../helpers/tables'

const seedRows = () => mustImport(seedText()).rows
const asCatalog = (text: string) => {
  const loaded = validateCatalog(JSON.parse(JSON.stringify(mustImport(text))))
  if (!loaded.ok) throw new Error(loaded.error)
  return loaded.entries
}
const resolve = (text: string, sdk: string) => {
  const res = resolveDomains(sdk, asCatalog(text))
  if (!res.ok) throw new Error(JSON.stringify(res.error))
  return res
}
const ids = (entries: { id: string }[]) => entries.map((e) => e.id)

describe('importCatalog: the vendored table', () => {
  it('reads the 63 rows of the seed, as the independent test parser lays them out', () => {
    const doc = mustImport(seedText())
    const independent = parseSeedTable(seedText())
    expect(doc.rows).toHaveLength(63)
    expect(doc.rows.map((r) => [r.url, r.range])).toEqual(independent.map((r) => [r.url, r.range]))
    expect(doc.source).toEqual({
      name: 'test.md',
      date: '2026-12-01',
      rows: 63,
      hash: expect.stringMatching(/^[0-9a-f]{8}$/),
    })
    expect(doc.purposes).toEqual({
      access: '接入域名：ZEGO 服务器的 WebSocket 通信地址。',
      report: '数据上报：分析 SDK 数据。',
      config: '云控配置：动态修改 SDK 能力。',
      log: '日志上报：排查故障，定位问题。',
      file: '文件媒体消息：文件媒体消息的 URL。',
    })
  })

  it('keeps the built-in order and content (rows, purposes, ranges)', () => {
    expect(seedRows()).toEqual(
      CATALOG.map((e) => ({ category: e.category, url: e.url, purpose: e.purpose, range: e.range.written })),
    )
  })
})

/** The seed's table as a rendered docs page: thead/th, <p> and <code> in cells, entities, omitted end tags. */
function docsPage(): string {
  const table = seedText()
  const body = table.slice(table.indexOf('<tbody>'), table.indexOf('</tbody>') + 8)
  const html = body
    .replace(/<tr>\s*<th>([\s\S]*?)<\/tr>/, (m) =>
      `</tbody><thead>${m}</thead><tbody>`.replace('</tbody>', ''),
    )
    .replace(/<td>(wss?:\/\/[^<]+|https:\/\/[^<]+)<\/td>/g, '<td class="url"><p><code>$1</code></p>')
    .replace(
      /<td rowspan="(\d+)">([^<]*合法域名)<\/td>/g,
      '<td rowspan=$1 style="vertical-align:top"><strong>$2</strong></td>',
    )
    .replace(/ ~ /g, '&nbsp;~&nbsp;')
    .replace(/<\/tr>/g, '')
  return `<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>配置服务器域名 - ZIM</title></head>
<body><nav><a href="/">首页</a> &gt; 小程序</nav>
<table><tr><th>错误码</th><th>说明</th></tr><tr><td>6000001</td><td>网络错误</td></tr></table>
<article><h2>配置服务器域名</h2><p>将以下域名填写到 “request 合法域名” 等中。</p>
<table class="doc-table"><colgroup><col width="15%"><col width="40%"></colgroup>${html}</table>
<!-- <table><tr><td>comment</td></tr></table> --></article></body></html>`
}

describe('importCatalog: other forms of the same table', () => {
  it('a rendered docs page (HTML) gives the same rows as the markdown', () => {
    const res = importCatalog(docsPage(), { source: 'docs.html', date: '2026-12-01' })
    if (!res.ok) throw new Error(res.error)
    expect(res.catalog.rows).toEqual(seedRows())
  })

  it('English headers in another column order; ranges written in their canonical form', () => {
    const html = `<table>
<tr><th>Domain</th><th>Description</th><th>Category</th><th>Applicable SDK version</th></tr>
<tr><td>wss://a.zego.im</td><td rowspan="2">Access domain: the gateway</td><td rowspan="3">socket domains</td><td rowspan="2">2.0.0 and above</td></tr>
<tr><td>wss://b.zego.im</td></tr>
<tr><td>wss://c.zego.im</td><td>Analytics report: SDK data</td><td>1.0.0 - 1.9.9</td></tr>
</table>`
    expect(mustImport(html).rows).toEqual([
      { category: 'socket', url: 'wss://a.zego.im', purpose: 'access', range: '2.0.0 及以上' },
      { category: 'socket', url: 'wss://b.zego.im', purpose: 'access', range: '2.0.0 及以上' },
      { category: 'socket', url: 'wss://c.zego.im', purpose: 'report', range: '1.0.0 ~ 1.9.9' },
    ])
  })

  it.each(['constructor', '__proto__', 'toString'])(
    'a purpose the page names %s is a purpose of that name, with its description',
    (name) => {
      const html = `<table>
<tr><th>Category</th><th>Domain</th><th>Applicable SDK version</th><th>Description</th></tr>
<tr><td rowspan="2">socket domains</td><td>wss://a.zego.im</td><td rowspan="2">2.0.0 and above</td><td>${name}: the gateway</td></tr>
<tr><td>wss://b.zego.im</td><td>Access domain: the other gateway</td></tr>
</table>`
      const doc = mustImport(html)
      expect(doc.rows.map((r) => r.purpose)).toEqual([name, 'access'])
      expect(Object.entries(doc.purposes)).toEqual([
        [name, `${name}: the gateway`],
        ['access', 'Access domain: the other gateway'],
      ])
      // The catalog written reads back as one.
      expect(validateCatalog(JSON.parse(JSON.stringify(doc))).ok).toBe(true)
    },
  )

  it('a markdown pipe table: an empty cell repeats the one above; several domains in one cell', () => {
    const md = `# 域名
| 小程序服务器配置分类 | 域名 | 适用SDK版本 | 描述 |
| --- | --- | --- | --- |
| request 合法域名 | https://a.zego.im<br>https://b.zego.im | 2.13.0及以上 | 日志上报：排查故障 |
|  | c.zego.im |  |  |
| uploadFile 合法域名 | https://a.zego.im | 1.2.0 ～ 2.11.0 | 日志上报：排查故障 |
`
    expect(mustImport(md).rows).toEqual([
      { category: 'request', url: 'https://a.zego.im', purpose: 'log', range: '2.13.0 及以上' },
      { category: 'request', url: 'https://b.zego.im', purpose: 'log', range: '2.13.0 及以上' },
      { category: 'request', url: 'https://c.zego.im', purpose: 'log', range: '2.13.0 及以上' },
      { category: 'uploadFile', url: 'https://a.zego.im', purpose: 'log', range: '1.2.0 ~ 2.11.0' },
    ])
  })

  it('a table without a header row: columns found by their contents', () => {
    const html = `<table><tr><td rowspan="2">socket 合法域名</td><td>wss://a.zego.im</td><td rowspan="2">2.13.0 及以上</td><td rowspan="2">接入域名：网关</td></tr>
<tr><td>wss://b.zego.im</td></tr></table>`
    expect(ids(asCatalog(html))).toEqual(['socket:wss://a.zego.im', 'socket:wss://b.zego.im'])
  })
})

describe('modified tables resolve as the changed docs say', () => {
  it('a new range: 2.20 gets the new gateway only, 2.15 the cloud gateways, the rest unchanged', () => {
    const t = MODIFIED.newRange()
    expect(mustImport(t).rows).toHaveLength(64)
    const access = (sdk: string) => resolve(t, sdk).entries.filter((e) => e.purpose === 'access')
    expect(ids(access('2.20.1'))).toEqual(['socket:wss://accesshub-v3.zego.im'])
    expect(access('2.15.0')).toHaveLength(10)
    expect(access('2.19.3').every((e) => e.range.written === '2.13.0 ~ 2.19.3')).toBe(true)
    const others = (text: string, sdk: string) =>
      ids(resolve(text, sdk).entries.filter((e) => e.purpose !== 'access'))
    expect(others(t, '2.20.1')).toEqual(others(seedText(), '2.20.1'))
    expect(resolve(t, 'latest').resolved).toBe('2.20.0')
  })

  it('a new purpose: imported under its own name, probed from its first version', () => {
    const t = MODIFIED.newPurpose()
    const doc = mustImport(t)
    expect(doc.purposes['推送通知']).toBe('推送通知：离线推送的图片。')
    const row = {
      category: 'downloadFile',
      url: 'https://push-global.zego.im',
      purpose: '推送通知',
      range: '2.14.0 及以上',
    }
    expect(doc.rows[doc.rows.length - 1]).toEqual(row)
    expect(ids(resolve(t, '2.14.0').entries)).toContain('downloadFile:https://push-global.zego.im')
    expect(ids(resolve(t, '2.13.9').entries)).not.toContain('downloadFile:https://push-global.zego.im')
  })

  it('a removed row: gone from the versions it covered', () => {
    const t = MODIFIED.removedRow()
    expect(mustImport(t).rows).toHaveLength(62)
    const access = ids(resolve(t, '1.5.0').entries.filter((e) => e.purpose === 'access'))
    expect(access).toEqual(['socket:wss://webzim-sh2.zego.im'])
  })

  it('a version above every bounded range: the newest range, with a notice pointing at catalog import', () => {
    const t = MODIFIED.allBounded()
    const res = resolve(t, '2.25.0')
    expect(res.resolved).toBe('2.25.0')
    expect(ids(res.entries)).toEqual(ids(resolve(t, '2.19.0').entries))
    expect(res.entries.length).toBeGreaterThan(0)
    const beyond = res.notices.find((n) => n.code === 'beyond')
    expect(beyond).toEqual({
      code: 'beyond',
      input: '2.25.0',
      version: '2.25.0',
      newest: '2.19.0',
      range: '2.13.0 ~ 2.19.0',
    })
    expect(formatResolveMessage(beyond!, 'en')).toMatch(
      /above every version the domain table documents \(up to 2\.19\.0\).*catalog import/,
    )
    expect(formatResolveMessage(beyond!, 'zh')).toMatch(/高于.*catalog import/)
    // Within the documented versions, or with an open range: no such notice.
    expect(resolve(t, '2.19.0').notices).toEqual([])
    expect(resolve(seedText(), '9.0.0').notices).toEqual([])
  })
})

describe('importCatalog refuses a table it cannot read, naming the row and what is wrong', () => {
  it('a rowspan that runs into a row with its own cell', () => {
    expect(importError(MODIFIED.rowspanTooLong())).toMatch(
      /^row 14: one cell too many \("数据上报：分析 SDK 数据。"\) for the table's 4 columns \(cells spanned from above: .*"接入域名：.*" of row 1\); a rowspan above is probably too long/,
    )
  })

  it('a rowspan that ends too early', () => {
    expect(importError(MODIFIED.rowspanTooShort())).toMatch(
      /^row 20: 1 cell\(s\) for the 2 column\(s\) not spanned from above .*; a rowspan above is probably too short/,
    )
  })

  it.each([
    [
      'a rowspan that is not a number',
      edit(seedText(), 'rowspan="7">数据上报', 'rowspan="7a">数据上报'),
      /^row 14: rowspan="7a" is not a number/,
    ],
    [
      'an unknown category',
      edit(seedText(), '<td rowspan="9">downloadFile 合法域名</td>', '<td rowspan="9">tcp 合法域名</td>'),
      /^row 55: category "tcp 合法域名" is not one of socket \/ request/,
    ],
    [
      'a range in no known form',
      edit(seedText(), '<td>2.2.0 ~ 2.12.0</td>', '<td>2.2 until 2.12</td>'),
      /^row 3 \(wss:\/\/accesshub-wss\.zego\.im\): unrecognised version range "2\.2 until 2\.12"/,
    ],
    [
      'a backwards range',
      edit(seedText(), '<td>2.2.0 ~ 2.12.0</td>', '<td>2.12.0 ~ 2.2.0</td>'),
      /^row 3 .*goes backwards/,
    ],
    [
      'a socket domain over https',
      edit(seedText(), '<td>wss://webzim-report.zego.im</td>', '<td>https://webzim-report.zego.im</td>'),
      /^row 14: socket domain "https:\/\/webzim-report\.zego\.im": socket takes wss:\/\/ only/,
    ],
    [
      'a domain with a path',
      edit(
        seedText(),
        '<td>https://zimfile-sh2.zego.im</td>',
        '<td>https://zimfile-sh2.zego.im/upload</td>',
        3,
      ),
      /^row 32: request domain .*no path/,
    ],
    [
      'an empty domain cell',
      edit(seedText(), '<td>wss://webzim-sh2-bak.zego.im</td>', '<td></td>'),
      /^row 2: the domain cell is empty/,
    ],
    [
      'a description that names no purpose',
      edit(
        seedText(),
        '<td rowspan="2">云控配置：动态修改 SDK 能力。</td>',
        '<td rowspan="2">用于在 SDK 初始化时拉取云端下发的各项能力开关与参数配置以便动态修改 SDK 的行为</td>',
      ),
      /^row 21 \(https:\/\/cloud-setting-api\.zego\.im\): description .* does not start with a purpose name/,
    ],
    [
      'no description column',
      seedText()
        .replace(/<th>描述<\/th>/, '')
        .replace(/<td rowspan="\d+">[^<]*：[^<]*<\/td>/g, ''),
      /^the table has no 描述 \/ description column/,
    ],
    ['garbage', '\u0000\u0001%PDF-1.4 ÿØÿà binary junk <<>> >', /^no table found/],
    ['an empty file', '   \n', /^the file is empty/],
    [
      'a table that is not the domain table',
      '<table><tr><th>错误码</th><th>说明</th></tr><tr><td>1</td><td>x</td></tr></table>',
      /^none of the 1 table\(s\) has the 分类 \/ category and 域名 \/ domain columns/,
    ],
  ])('%s', (_name, text, message) => {
    expect(importError(text)).toMatch(message)
  })

  it('a rowspan past the end of the table is read as a browser shows it, with a warning', () => {
    const res = importCatalog(
      edit(
        seedText(),
        '<td rowspan="9">downloadFile 合法域名</td>',
        '<td rowspan="12">downloadFile 合法域名</td>',
      ),
      {
        source: 't',
        date: '2026-12-01',
      },
    )
    expect(res.ok && res.catalog.rows.length).toBe(63)
    expect(res.ok && res.warnings).toEqual([
      expect.stringMatching(/^row 55: rowspan of "downloadFile 合法域名" runs 3 row\(s\) past the end/),
    ])
  })

  it('the same row twice is kept once, with a warning', () => {
    const t = edit(seedText(), '<td>wss://webzim-sh2-bak.zego.im</td>', '<td>wss://webzim-sh2.zego.im</td>')
    const res = importCatalog(t, { source: 't', date: '2026-12-01' })
    expect(res.ok && res.catalog.rows.length).toBe(62)
    expect(res.ok && res.warnings.join()).toMatch(
      /wss:\/\/webzim-sh2\.zego\.im \(1\.2\.0 ~ 2\.1\.5\) is listed twice/,
    )
  })
})
