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
