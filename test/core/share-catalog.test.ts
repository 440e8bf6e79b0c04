import { CATALOG, CATALOG_INFO } from '../../miniprogram/core/catalog'
import { validateCatalog } from '../../miniprogram/core/catalog-json'
import { ProbeResult } from '../../miniprogram/core/result'
import { parseExtraDomains } from '../../miniprogram/core/extra-domains'
import { Report, validateReport } from '../../miniprogram/core/report'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { decodeShare, encodeShare } from '../../miniprogram/core/share'
import { makeReport, mixedResults, report2130 } from '../helpers/reports'
import { MODIFIED, mustImport } from '../helpers/tables'

const REPORTS: Record<string, () => Report> = {
  r2130: report2130,
  mixedAll: () => makeReport(mixedResults(), undefined, 'all'),
  mixed20: () => makeReport(mixedResults(CATALOG.slice(0, 20))),
}

// test/core/share.test.ts pins these reports' bytes (GOLDEN_SHARE); the built-in catalog field adds none.
describe('share links of built-in-catalog reports are byte for byte what they were', () => {
  it.each(Object.keys(REPORTS).flatMap((k) => [`${k}@1000`, `${k}@400`]))('%s', (key) => {
    const [name, max] = key.split('@')
    const r = REPORTS[name]()
    const withCatalog = { ...r, catalog: CATALOG_INFO }
    expect(validateReport(withCatalog).ok).toBe(true)
    const path = encodeShare(r, { maxBytes: Number(max) }).path
    expect(path).toMatch(/\?r=z1\./)
    expect(encodeShare(withCatalog, { maxBytes: Number(max) }).path).toBe(path)
  })
})

const pass = (e: {
  id: string
  category: ProbeResult['category']
  url: string
  purpose: string
}): ProbeResult => ({
  id: e.id,
  category: e.category,
  url: e.url,
  purpose: e.purpose,
  status: 'pass',
  timing: { totalMs: 80 },
})

describe('a report made with another catalog', () => {
  const loaded = validateCatalog(
    JSON.parse(JSON.stringify(mustImport(MODIFIED.newPurpose(), 'zim-docs-2026-12.html'))),
  )
  if (!loaded.ok) throw new Error(loaded.error)
  const res = resolveDomains('2.14.0', loaded.entries)
  if (!res.ok) throw new Error('resolve')
  // A built-in URL under another purpose too: the card must not take the built-in row's purpose.
  const rows = res.entries.map(pass)
  rows[0] = { ...rows[0], purpose: 'report' }
  // z3 always names the platform (WeChat for a report that names none, as z1 means).
  const wechat = (r: Report): Report => ({ ...r, environment: { ...r.environment, platformId: 'wechat' } })
  const report = (): Report => wechat({ ...makeReport(rows), catalog: loaded.info })

  it('round-trips exactly: its own rows, its new purpose, and which catalog it used', () => {
    const r = report()
    expect(r.results.some((x) => x.purpose === '推送通知')).toBe(true)
    const enc = encodeShare(r, { maxBytes: 4000 })
    expect(enc.complete).toBe(true)
    const dec = decodeShare(enc.path)
    expect(dec.ok && dec.report).toEqual(r)
    expect(dec.ok && dec.report.catalog).toEqual({
      builtin: false,
      source: 'zim-docs-2026-12.html',
      date: '2026-12-01',
      rows: 64,
      hash: loaded.info.hash,
    })
  })

  it('a built-in report with the app’s own domains names its catalog too', () => {
    const extras = parseExtraDomains(
      'request:https://api.example.com:8443,socket:wss://im.example.com',
      'en',
    ).entries
    const base = report2130()
    const r = wechat({ ...makeReport([...base.results, ...extras.map(pass)]), catalog: CATALOG_INFO })
    const dec = decodeShare(encodeShare(r, { maxBytes: 4000 }).path)
    expect(dec.ok && dec.report).toEqual(r)
    expect(dec.ok && dec.report.results.filter((x) => x.purpose === 'app').map((x) => x.url)).toEqual([
      'https://api.example.com:8443',
      'wss://im.example.com',
    ])
    expect(encodeShare(r, { maxBytes: 4000 }).payload).toMatch(/^z3\./)
  })

  it('an imported catalog makes a z3 card (older readers say "update"); a z1 card has no catalog field', () => {
    const plain = encodeShare(report2130()).payload
    const ext = encodeShare({ ...report2130(), catalog: { ...CATALOG_INFO, builtin: false } }).payload
    expect(plain).toMatch(/^z1\./)
    expect(ext).toMatch(/^z3\./)
    // The same report without the trailer decodes to no catalog field: the trailer is the only difference.
    const a = decodeShare(plain)
    const b = decodeShare(ext)
    expect(a.ok && a.report.catalog).toBeUndefined()
    expect(b.ok && b.report.catalog?.builtin).toBe(false)
  })

  it('validateReport checks the catalog field and a purpose name', () => {
    const r = report()
    expect(validateReport({ ...r, catalog: { ...r.catalog, hash: 'xyz' } })).toEqual({
      ok: false,
      error: 'invalid report: catalog: must be {builtin, source, date?, rows, hash}',
    })
    expect(validateReport({ ...r, catalog: { ...r.catalog, date: 'soon' } }).ok).toBe(false)
    expect(validateReport({ ...r, catalog: { ...r.catalog, rows: -1 } }).ok).toBe(false)
    expect(validateReport({ ...r, catalog: { ...r.catalog, builtin: 'no' } }).ok).toBe(false)
    const bad = { ...r, results: r.results.map((x, i) => (i === 0 ? { ...x, purpose: 'a/b' } : x)) }
    expect(validateReport(bad)).toEqual({
      ok: false,
      error: 'invalid report: results[0].purpose: unknown purpose',
    })
  })
})
