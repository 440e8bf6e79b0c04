import { CATALOG, CATALOG_INFO } from '../../miniprogram/core/catalog'
import { CATALOG_SCHEMA, validateCatalog } from '../../miniprogram/core/catalog-json'
import { seedText } from '../helpers/seed'
import { MODIFIED, mustImport } from '../helpers/tables'

const doc = () => JSON.parse(JSON.stringify(mustImport(seedText(), 'docs.html')))

describe('validateCatalog', () => {
  it('accepts an import: same entries as the built-in table, its own provenance', () => {
    const res = validateCatalog(doc())
    if (!res.ok) throw new Error(res.error)
    expect(res.entries).toEqual(CATALOG)
    expect(res.info).toEqual({
      builtin: false,
      source: 'docs.html',
      date: '2026-12-01',
      rows: 63,
      hash: CATALOG_INFO.hash,
    })
  })

  it('accepts a new purpose and a new range', () => {
    for (const t of [MODIFIED.newPurpose(), MODIFIED.newRange()])
      expect(validateCatalog(JSON.parse(JSON.stringify(mustImport(t)))).ok).toBe(true)
  })

  it.each([
    ['not an object', () => [1, 2], /schema must be "zim-netcheck\/catalog@1"/],
    ['another schema', () => ({ ...doc(), schema: 'x' }), new RegExp(`schema must be "${CATALOG_SCHEMA}"`)],
    ['no source', () => ({ ...doc(), source: {} }), /source\.name/],
    ['a bad date', () => ({ ...doc(), source: { name: 'x', date: 'today' } }), /source\.date/],
    ['no rows', () => ({ ...doc(), rows: [] }), /rows must list 1–2000 rows/],
    [
      'an unknown category',
      (d = doc()) => ((d.rows[3].category = 'tcp'), d),
      /rows\[3\]\.category is not a whitelist category/,
    ],
    [
      'a wrong scheme',
      (d = doc()) => ((d.rows[0].url = 'https://webzim-sh2.zego.im'), d),
      /rows\[0\]\.url: socket takes wss:\/\/ only/,
    ],
    [
      'an IP address',
      (d = doc()) => ((d.rows[30].url = 'https://1.2.3.4'), d),
      /rows\[30\]\.url: no IP address or localhost/,
    ],
    ['an empty purpose', (d = doc()) => ((d.rows[5].purpose = ''), d), /rows\[5\]\.purpose/],
    [
      'a bad range',
      (d = doc()) => ((d.rows[7].range = 'soon'), d),
      /rows\[7\]\.range: unrecognised version range in catalog: "soon"/,
    ],
  ])('refuses %s with one message naming the place', (_name, make, message) => {
    const res = validateCatalog(make())
    expect(res.ok).toBe(false)
    expect(!res.ok && res.error).toMatch(/^invalid catalog: /)
    expect(!res.ok && res.error).toMatch(message)
  })
})

describe('validateCatalog: the edges of each field', () => {
  const error = (v: unknown) => {
    const res = validateCatalog(v)
    return res.ok ? undefined : res.error
  }
  const info = (v: unknown) => {
    const res = validateCatalog(v)
    if (!res.ok) throw new Error(res.error)
    return res.info
  }

  it('nothing at all is refused for its schema, not a crash', () => {
    for (const v of [null, undefined, 0, '', 'x'])
      expect(error(v)).toBe('invalid catalog: schema must be "zim-netcheck/catalog@1"')
  })

  it('a source name of spaces is missing; the name is kept trimmed and cut to 200 characters', () => {
    expect(error({ ...doc(), source: { name: '   ' } })).toBe('invalid catalog: source.name is missing')
    expect(error({ ...doc(), source: { name: 42 } })).toBe('invalid catalog: source.name is missing')
    expect(info({ ...doc(), source: { name: '  docs.html  ' } }).source).toBe('docs.html')
    expect(info({ ...doc(), source: { name: 'a'.repeat(200) } }).source).toBe('a'.repeat(200))
    expect(info({ ...doc(), source: { name: 'b'.repeat(199) + 'cd' } }).source).toBe('b'.repeat(199) + 'c')
  })

  it('the date is optional; when given it is a whole YYYY-MM-DD or YYYY-MM, nothing around it', () => {
    const noDate = info({ ...doc(), source: { name: 'x' } })
    expect('date' in noDate).toBe(false)
    expect(info({ ...doc(), source: { name: 'x', date: '2026-12' } }).date).toBe('2026-12')
    expect(info({ ...doc(), source: { name: 'x', date: '2026-12-01' } }).date).toBe('2026-12-01')
    for (const date of ['x2026-12-01', '2026-12-01x', '2026-12-', '26-12-01', '', 20261201])
      expect(error({ ...doc(), source: { name: 'x', date } })).toBe(
        'invalid catalog: source.date must be YYYY-MM-DD',
      )
  })

  it('1 to 2000 rows: 2000 pass, 2001 do not; rows that are not a list do not', () => {
    const one = doc().rows[0]
    expect(info({ ...doc(), rows: [one] }).rows).toBe(1)
    expect(info({ ...doc(), rows: Array(2000).fill(one) }).rows).toBe(2000)
    const over = 'invalid catalog: rows must list 1–2000 rows'
    expect(error({ ...doc(), rows: Array(2001).fill(one) })).toBe(over)
    expect(error({ ...doc(), rows: { 0: one, length: 1 } })).toBe(over)
    expect(error({ ...doc(), rows: undefined })).toBe(over)
  })

  it('a bad row is named by its index, after the good ones', () => {
    const rows = doc().rows
    rows[3] = { ...rows[3], purpose: '' }
    expect(error({ ...doc(), rows })).toBe(
      'invalid catalog: rows[3].purpose must be a name of 1–40 characters',
    )
    rows[3] = { ...rows[0], category: 'video' }
    expect(error({ ...doc(), rows })).toBe('invalid catalog: rows[3].category is not a whitelist category')
  })
})
