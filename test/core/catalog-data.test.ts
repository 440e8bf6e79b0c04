import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { builtInRows, CATALOG, CATALOG_INFO, catalogHash } from '../../miniprogram/core/catalog'
import { BUILT_IN } from '../../miniprogram/core/catalog-data'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { importCatalog } from '../../node/catalog-import'
import {
  BUILT_IN_DATE,
  BUILT_IN_SOURCE,
  BUILT_IN_TABLE,
  builtInData,
  packUrls,
  renderBuiltInModule,
} from '../../node/catalog-gen'
import { VENDORED_SEED } from '../helpers/seed'

const root = join(__dirname, '../..')
const MODULE = join(root, 'miniprogram/core/catalog-data.ts')

function imported() {
  const res = importCatalog(readFileSync(join(root, BUILT_IN_TABLE), 'utf8'), {
    source: BUILT_IN_SOURCE,
    date: BUILT_IN_DATE,
  })
  if (!res.ok) throw new Error(res.error)
  return res.catalog
}

/** The 63 ids in the order z1 share links encode them (by index): frozen when catalogs became data. */
const Z1_ORDER_HASH = '5507196a'

describe('the built-in catalog is the import of the vendored table', () => {
  it('reads the vendored seed the tests read', () => {
    expect(join(root, BUILT_IN_TABLE)).toBe(VENDORED_SEED)
  })

  it('the committed module holds exactly what the importer reads (rows, order, source, date)', () => {
    expect(BUILT_IN).toEqual(builtInData(imported()))
    expect(builtInRows()).toEqual(imported().rows)
  })

  it('the committed file is what tools/gen-catalog.js writes', () => {
    const check = spawnSync(process.execPath, [join(root, 'tools/gen-catalog.js'), '--check'], {
      encoding: 'utf8',
    })
    expect(check.stderr).toMatch(/63 rows/)
    expect(check.status).toBe(0)
    // The generated file lists every row of the import readably, one a line, beside the compact data.
    expect(
      renderBuiltInModule(imported()).match(
        /^\/\/ +\d+ (socket|request|uploadFile|downloadFile) \S+ \S+ .+$/gm,
      ),
    ).toHaveLength(63)
    expect(readFileSync(MODULE, 'utf8')).toContain(`hash ${imported().source.hash}`)
  })

  it('records its provenance: source, date, row count, hash', () => {
    expect(CATALOG_INFO).toEqual({
      builtin: true,
      source: BUILT_IN_SOURCE,
      date: BUILT_IN_DATE,
      rows: 63,
      hash: imported().source.hash,
    })
  })

  it('resolves as the hand-written table did: 2.13.0 → 46 domains, 1.2.0 → 7, all → 63', () => {
    const count = (v: string) => {
      const r = resolveDomains(v)
      return r.ok ? r.entries.length : -1
    }
    expect([count('2.13.0'), count('1.2.0'), count('all')]).toEqual([46, 7, 63])
  })

  it('the URL coding round-trips any list', () => {
    const urls = [
      'https://a.example.com',
      'https://a.example.com:8443',
      'https://ab.example.com',
      'wss://a.b.c',
      'wss://a.b.cc',
    ]
    const seen: string[] = []
    let prev = ''
    for (const e of packUrls(urls).split(' ')) {
      const s = e.charCodeAt(1) - 48
      prev = prev.slice(0, e.charCodeAt(0) - 48) + e.slice(2) + (s ? prev.slice(-s) : '')
      seen.push(prev)
    }
    expect(seen).toEqual(urls)
    expect(new Set(builtInRows().map((r) => r.url)).size).toBe(BUILT_IN.urls.split(' ').length)
  })

  it('keeps the row order share links (z1) encode by index', () => {
    // Reordering or changing built-in rows breaks every z1 card already sent: it needs a new share version.
    expect(catalogHash(builtInRows())).toBe(Z1_ORDER_HASH)
    expect(CATALOG.map((e) => e.row)).toEqual(CATALOG.map((_, i) => i + 1))
  })
})
