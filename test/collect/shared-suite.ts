import Papa from 'papaparse'
import { breakdown, buildMatrix, DIMENSIONS, FleetFilter, FleetItem } from '../../miniprogram/core/fleet'
import { Report, validateReport } from '../../miniprogram/core/report'
import { ProbeResult } from '../../miniprogram/core/result'
import { encodeShare } from '../../miniprogram/core/share'
import { ERROR_CATEGORIES } from '../../miniprogram/core/vocabulary'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { RunEnvironment } from '../../miniprogram/core/environment'
import { reportId } from '../../node/collect/rows'
import type { Filter } from '../../node/collect/schema'
import { Backend, Store } from '../../node/collect/storage'
import { makeReport, mixedResults, PHONE } from '../helpers/reports'
import { BackendKind, KEY, KEY2, Running, startCollector, TOKEN } from './harness'

/*
 * One suite for both back-ends (test/collect/duckdb.test.ts, clickhouse.test.ts): real HTTP on 127.0.0.1, a
 * real database each. The fleet's answers are checked against core/fleet.ts, the viewer's own computation.
 */

const ENTRIES = (() => {
  const r = resolveDomains('2.13.0')
  if (!r.ok) throw new Error('catalog')
  return r.entries
})()

const ENVS: RunEnvironment[] = [
  PHONE,
  { ...PHONE, platform: 'ios', system: 'iOS 17.2.1', networkType: 'wifi', wechatVersion: '8.0.49' },
  { ...PHONE, system: 'Android 13', networkType: '5g', baseLibrary: '3.4.0' },
  { runtime: 'devtools', platform: 'devtools', system: 'Windows 10 x64', baseLibrary: '3.5.8' },
]

/** Report k of a varied fleet: environments, SDK versions and failures differ from one to the next. */
export function fleetReport(k: number): Report {
  const results = mixedResults(ENTRIES).map((r, i): ProbeResult => {
    if ((i + k) % 7 !== 0) return r
    const category = ERROR_CATEGORIES[(i + k) % ERROR_CATEGORIES.length]
    const { statusCode: _s, timing: _t, caveats: _c, skipReason: _k, ...rest } = r
    return {
      ...rest,
      status: 'fail',
      error: { category, errMsg: `fail ${k}:${i}` },
      timing: { totalMs: 100 + k },
    }
  })
  const rep = makeReport(results, ENVS[k % ENVS.length], ['2.13.0', '2.12.1', '2.14.0'][k % 3])
  return { ...rep, createdAt: new Date(Date.UTC(2026, 10, 1, 0, k)).toISOString() }
}

const item = (r: Report, i: number): FleetItem => ({
  name: `r${i}`,
  report: r,
  summary: r.summary,
  complete: true,
})

async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T
}

export function sharedSuite(kind: BackendKind): void {
  let skip: string | null = null
  const opened: Running[] = []
  beforeAll(async () => {
    skip = await kind.setup()
    if (skip) console.warn(`${kind.name} collector tests skipped: ${skip}`)
  }, 180_000)
  afterEach(async () => {
    while (opened.length) await opened.pop()!.close()
  })
  afterAll(() => kind.teardown())

  async function start(
    o: Parameters<typeof startCollector>[1] = {},
    backend?: Backend,
  ): Promise<Running | null> {
    if (skip) return null
    const c = await startCollector(backend ?? (await kind.open()), o)
    opened.push(c)
    return c
  }

  test('a report is stored once: 202 with its id, the same report again 200 with the same id', async () => {
    const c = await start()
    if (!c) return
    const rep = fleetReport(1)
    const first = await c.post(JSON.stringify(rep))
    expect(first.status).toBe(202)
    const { id } = await json<{ id: string }>(first)
    expect(id).toBe(reportId(validateReport(rep).ok ? rep : rep))
    // The same report with its keys in another order is the same report.
    const reordered = Object.fromEntries(Object.entries(rep).reverse())
    const again = await c.post(JSON.stringify(reordered))
    expect(again.status).toBe(200)
    expect(await json(again)).toEqual({ id, duplicate: true })
    // Two at once (one batch) are stored once too.
    const both = await Promise.all([
      c.post(JSON.stringify(fleetReport(2))),
      c.post(JSON.stringify(fleetReport(2))),
    ])
    expect(both.map((r) => r.status).sort()).toEqual([200, 202])
    const list = await json<{ total: number; items: { id: string }[] }>(await c.get('/v1/reports'))
    expect(list.total).toBe(2)
    const one = await json<{ id: string; app: string; kind: string; report: Report }>(
      await c.get(`/v1/reports/${id}`),
    )
    expect(one).toMatchObject({ id, app: 'app1', kind: 'json' })
    expect(one.report).toEqual(JSON.parse(JSON.stringify(rep)))
    const probes = await c.store.backend.query('SELECT count(*) AS n FROM probes')
    expect(Number(probes[0].n)).toBe(2 * rep.results.length)
  })

  test('sentinel reports apart: the trigger is a dimension (breakdown, filter) and in the list', async () => {
    const c = await start()
    if (!c) return
    const sentinel = (k: number, kind: 'zim_state' | 'zim_error'): Report => ({
      ...fleetReport(k),
      trigger:
        kind === 'zim_state'
          ? { by: 'sentinel', kind, state: 0, event: 2 }
          : { by: 'sentinel', kind, code: 6000009 },
    })
    for (const r of [fleetReport(40), fleetReport(41), sentinel(42, 'zim_state'), sentinel(43, 'zim_error')])
      expect((await c.post(JSON.stringify(r))).status).toBe(202)
    const by = await json<{ items: { value: string; reports: number }[] }>(
      await c.get('/v1/fleet?by=trigger&limit=10'),
    )
    const counts = Object.fromEntries(by.items.map((i) => [i.value, i.reports]))
    expect(counts).toEqual({ manual: 2, 'sentinel:zim_state': 1, 'sentinel:zim_error': 1 })
    const onlySentinel = await json<{ total: number; items: { id: string; trigger: string }[] }>(
      await c.get('/v1/reports?trigger=sentinel:zim_state,sentinel:zim_error'),
    )
    expect(onlySentinel.total).toBe(2)
    expect(onlySentinel.items.map((i) => i.trigger).sort()).toEqual([
      'sentinel:zim_error',
      'sentinel:zim_state',
    ])
    expect(onlySentinel.items.map((i) => i.id).sort()).toEqual(
      [reportId(sentinel(42, 'zim_state')), reportId(sentinel(43, 'zim_error'))].sort(),
    )
    const manual = await json<{ total: number }>(await c.get('/v1/reports?trigger=manual'))
    expect(manual.total).toBe(2)
    // The stored report keeps what started it.
    const one = await json<{ report: Report }>(
      await c.get(`/v1/reports/${reportId(sentinel(43, 'zim_error'))}`),
    )
    expect(one.report.trigger).toEqual({ by: 'sentinel', kind: 'zim_error', code: 6000009 })
  })

  test('a share link (and a card path) is read with core decodeShare and stored', async () => {
    const c = await start()
    if (!c) return
    const rep = fleetReport(3)
    const share = encodeShare(rep)
    const res = await c.post(share.path, KEY, { 'content-type': 'text/plain' })
    expect(res.status).toBe(202)
    const { id } = await json<{ id: string }>(res)
    const one = await json<{ kind: string; summary: { total: number }; report: Report }>(
      await c.get(`/v1/reports/${id}`),
    )
    expect(one.kind).toBe('share')
    expect(one.summary.total).toBe(rep.summary.total)
    expect(one.report.environment.system).toBe(rep.environment.system)
    // The bare payload is the same report.
    const again = await c.post(share.payload, KEY, { 'content-type': 'text/plain' })
    expect(await json(again)).toEqual({ id, duplicate: true })
  })

  test('keys: none 401, a wrong one 403 (nothing stored); the read token guards every read', async () => {
    const c = await start()
    if (!c) return
    const body = JSON.stringify(fleetReport(4))
    expect((await c.post(body, null)).status).toBe(401)
    const wrong = await c.post(body, 'not-a-key-at-all')
    expect(wrong.status).toBe(403)
    expect(await json(wrong)).toEqual({ error: 'unknown ingest key' })
    // An ingest key does not read; the read token does not write.
    expect((await c.post(body, TOKEN)).status).toBe(403)
    for (const path of ['/v1/reports', '/v1/fleet', `/v1/reports/${'0'.repeat(32)}`]) {
      const none = await c.get(path, null)
      expect(none.status).toBe(401)
      expect(none.headers.get('www-authenticate')).toBe('Bearer')
      expect((await c.get(path, KEY)).status).toBe(403)
      expect((await c.get(path, `${TOKEN}x`)).status).toBe(403)
    }
    expect((await json<{ total: number }>(await c.get('/v1/reports'))).total).toBe(0)
    expect((await c.post(body, KEY2)).status).toBe(202)
    const list = await json<{ items: { app: string }[] }>(await c.get('/v1/reports'))
    expect(list.items.map((i) => i.app)).toEqual(['app2'])
  })

  test('hostile bodies: 400 with one line, 413 over the limit; nothing half-stored', async () => {
    const c = await start({ bodyLimit: 64 * 1024 })
    if (!c) return
    const rep = fleetReport(5)
    const link = encodeShare(rep).payload
    const cases: [string, RegExp][] = [
      ['', /^empty body/],
      ['{"schema":', /^not valid JSON/],
      ['[' + JSON.stringify(rep) + ']', /^a JSON list/],
      ['{"schema":"zim-netcheck/report@9"}', /^not a report: .*schema/],
      [JSON.stringify({ ...rep, results: [{ ...rep.results[0], status: 'exploded' }] }), /^not a report/],
      ['['.repeat(5000) + ']'.repeat(5000), /nested deeper/],
      [`{"a":${'{"a":'.repeat(40)}1${'}'.repeat(41)}`, /nested deeper/],
      [link.slice(0, -6), /^share link unreadable/],
      [link.slice(0, 20) + 'A' + link.slice(21), /^share link unreadable/],
      ['z9.AAAA', /newer/],
      ['hello world', /^not a report/],
      ['\u0000\u0001binary', /not text/],
    ]
    for (const [body, pattern] of cases) {
      const res = await c.post(body, KEY, { 'content-type': 'text/plain' })
      expect(res.status).toBe(400)
      const { error } = await json<{ error: string }>(res)
      expect(error).toMatch(pattern)
      expect(error).not.toMatch(/\n/)
    }
    const big = await c.post(JSON.stringify({ ...rep, warnings: ['x'.repeat(70 * 1024)] }))
    expect(big.status).toBe(413)
    expect((await json<{ error: string }>(big)).error).toMatch(/^too large/)
    expect((await json<{ total: number }>(await c.get('/v1/reports'))).total).toBe(0)
    expect(Number((await c.store.backend.query('SELECT count(*) AS n FROM probes'))[0].n)).toBe(0)
    expect((await json<{ ok: boolean }>(await c.get('/healthz', null))).ok).toBe(true)
  })

  test('rate limits: per client address, then per ingest key (429 with Retry-After)', async () => {
    const c = await start({ rate: { perClient: 4, perKey: 2 } })
    if (!c) return
    const codes: number[] = []
    for (let k = 0; k < 3; k++) codes.push((await c.post(JSON.stringify(fleetReport(10 + k)), KEY)).status)
    expect(codes).toEqual([202, 202, 429])
    // Another app's key has its own budget…
    expect((await c.post(JSON.stringify(fleetReport(20)), KEY2)).status).toBe(202)
    // …but this client has used its 4.
    const res = await c.post(JSON.stringify(fleetReport(21)), KEY2)
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await json<{ error: string }>(res)).error).toMatch(/^rate limited \(this client/)
  })

  describe('a fleet of 24 reports', () => {
    const reports = Array.from({ length: 24 }, (_, k) => fleetReport(k))
    const items = reports.map(item)
    let c: Running | null = null

    beforeEach(async () => {
      c = await start()
      if (!c) return
      for (const r of reports) expect((await c.post(JSON.stringify(r))).status).toBe(202)
    })

    const filters: [string, FleetFilter][] = [
      ['', {}],
      ['platform=ios', { dims: { platform: ['ios'] } }],
      ['networkType=4g,5g&failed=1', { dims: { networkType: ['4g', '5g'] }, failedOnly: true }],
      ['category=socket&category=request', { categories: ['socket', 'request'] }],
      ['error=tls,timeout', { errors: ['tls', 'timeout'] }],
      ['host=ZEGO&sdk=2.13.0', { host: 'zego', dims: { sdk: ['2.13.0'] } }],
      ['os=Android%2014', { dims: { os: ['Android 14'] } }],
    ]

    test.each(filters)('the matrix (?%s) is core buildMatrix, computed in the database', async (qs, f) => {
      if (!c) return
      const got = await json<{
        reports: number
        categories: string[]
        total: number
        items: { host: string; fail: number; cells: Record<string, unknown> }[]
      }>(await c.get(`/v1/fleet?by=host&limit=1000&${qs}`))
      const want = buildMatrix(items, f)
      expect(got.reports).toBe(want.reports)
      expect(got.categories).toEqual(want.categories)
      expect(got.total).toBe(want.rows.length)
      const norm = (rows: { host: string; fail: number; cells: Record<string, unknown> }[]) =>
        Object.fromEntries(rows.map((r) => [r.host, { fail: r.fail, cells: r.cells }]))
      expect(norm(got.items)).toEqual(norm(want.rows as never))
      // Most failures first, then by host.
      for (let i = 1; i < got.items.length; i++) {
        const [a, b] = [got.items[i - 1], got.items[i]]
        expect(a.fail > b.fail || (a.fail === b.fail && a.host < b.host)).toBe(true)
      }
      // Pages put together are the whole.
      const pages = []
      for (let off = 0; off < got.total; off += 5)
        pages.push(
          ...(await json<{ items: unknown[] }>(await c.get(`/v1/fleet?by=host&limit=5&offset=${off}&${qs}`)))
            .items,
        )
      expect(pages).toEqual(got.items)
      // Hosts too many for one pass (a store bound to 3 cells): ranked and paged by the database, the same answers.
      const whole = await new Store(c.store.backend).matrix(f as Filter, { limit: 1000, offset: 0 })
      const bound = new Store(c.store.backend, { matrixCells: 3 })
      const paged = await bound.matrix(f as Filter, { limit: 1000, offset: 0 })
      // The bound is passed (more cells than 3), so the paged path answers.
      expect(whole.items.reduce((n, i) => n + Object.keys(i.cells).length, 0)).toBeGreaterThan(3)
      expect(paged).toEqual(whole)
      expect(norm(paged.items)).toEqual(norm(want.rows as never))
      const boundPages = []
      for (let off = 0; off < paged.total; off += 5)
        boundPages.push(...(await bound.matrix(f as Filter, { limit: 5, offset: off })).items)
      expect(boundPages).toEqual(paged.items)
    })

    test.each(filters)('each breakdown (?%s) is core breakdown()', async (qs, f) => {
      if (!c) return
      for (const dim of DIMENSIONS) {
        const got = await json<{ total: number; items: unknown[] }>(
          await c.get(`/v1/fleet?by=${dim}&limit=1000&${qs}`),
        )
        const want = breakdown(items, dim, f)
        expect(got.total).toBe(want.length)
        const norm = (rows: { value: string }[]) => Object.fromEntries(rows.map((r) => [r.value, r]))
        expect(norm(got.items as { value: string }[])).toEqual(norm(want))
      }
    })

    test('the fleet page: matrix and every breakdown in one answer; app and day too', async () => {
      if (!c) return
      const got = await json<{
        reports: number
        matrix: { total: number }
        breakdowns: Record<string, { items: { value: string; reports: number }[] }>
      }>(await c.get('/v1/fleet'))
      expect(got.reports).toBe(24)
      expect(got.matrix.total).toBe(buildMatrix(items).rows.length)
      expect(got.breakdowns.app.items).toEqual([expect.objectContaining({ value: 'app1', reports: 24 })])
      expect(got.breakdowns.day.items[0].value).toBe(new Date().toISOString().slice(0, 10))
    })

    test('the list: newest first, paged, filtered, total', async () => {
      if (!c) return
      const all = await json<{
        total: number
        items: { id: string; os: string; summary: { fail: number } }[]
      }>(await c.get('/v1/reports?limit=1000'))
      expect(all.total).toBe(24)
      expect(new Set(all.items.map((i) => i.id))).toEqual(new Set(reports.map(reportId)))
      const paged = []
      for (let off = 0; off < 24; off += 7)
        paged.push(
          ...(await json<{ items: unknown[] }>(await c.get(`/v1/reports?limit=7&offset=${off}`))).items,
        )
      expect(paged).toEqual(all.items)
      const ios = await json<{ total: number; items: { platform: string }[] }>(
        await c.get('/v1/reports?platform=ios'),
      )
      expect(ios.total).toBe(items.filter((i) => i.report.environment.platform === 'ios').length)
      expect(ios.items.every((i) => i.platform === 'ios')).toBe(true)
      // A probe filter keeps the reports with a counted failure.
      const tls = await json<{ total: number }>(await c.get('/v1/reports?error=tls'))
      expect(tls.total).toBe(
        items.filter((i) => i.report.results.some((r) => r.status === 'fail' && r.error?.category === 'tls'))
          .length,
      )
      const bad = await c.get('/v1/reports?platfrom=ios')
      expect(bad.status).toBe(400)
      expect(await json(bad)).toEqual({ error: 'unknown parameter platfrom (did you mean platform?)' })
      for (const q of [
        'limit=0',
        'limit=abc',
        'offset=-1',
        'since=yesterday',
        'category=ftp',
        'error=boom',
        'failed=maybe',
      ])
        expect((await c.get(`/v1/reports?${q}`)).status).toBe(400)
    })

    test('CSV by Accept or ?format=csv: the matrix, a breakdown, the list', async () => {
      if (!c) return
      const m = await c.get('/v1/fleet', TOKEN, { accept: 'text/csv' })
      expect(m.headers.get('content-type')).toMatch(/^text\/csv/)
      const rows = Papa.parse<string[]>((await m.text()).replace(/^\uFEFF/, ''), {
        skipEmptyLines: true,
      }).data
      expect(rows[0]).toEqual(['host', 'category', 'ran', 'fail', 'warn', 'skipped', 'errors'])
      const cells = buildMatrix(items).rows.reduce((n, r) => n + Object.keys(r.cells).length, 0)
      expect(rows.length - 1).toBe(Math.min(cells, cells))
      const b = Papa.parse<string[]>(
        (await (await c.get('/v1/fleet?by=platform&format=csv')).text()).replace(/^\uFEFF/, ''),
        { skipEmptyLines: true },
      ).data
      expect(b[0][0]).toBe('platform')
      expect(
        b
          .slice(1)
          .map((r) => r[0])
          .sort(),
      ).toEqual(['android', 'devtools', 'ios'])
      const l = Papa.parse<string[]>(
        (await (await c.get('/v1/reports?format=csv&limit=1000')).text()).replace(/^\uFEFF/, ''),
        { skipEmptyLines: true },
      ).data
      expect(l).toHaveLength(25)
    })
  })

  test('SQL-looking text in every field is stored and read back as text; in every filter it matches nothing', async () => {
    const c = await start()
    if (!c) return
    const evil = [
      "'; DROP TABLE reports; --",
      "x' OR '1'='1",
      "\\'); DELETE FROM probes; --",
      '{p0:String}',
      '$1 $r0 ?',
      "=cmd|' /C calc'!A0",
    ]
    const base = fleetReport(7)
    const rep: Report = {
      ...base,
      sdk: { input: evil[0], resolved: evil[1] },
      environment: {
        ...base.environment,
        platform: evil[0],
        system: evil[5],
        wechatVersion: evil[2],
        baseLibrary: evil[3],
        networkType: evil[4],
        appId: evil[1],
        brand: evil[2],
        model: evil[3],
      },
      results: base.results.map((r, i) =>
        r.status === 'fail' ? { ...r, error: { ...r.error!, errMsg: evil[i % evil.length] } } : r,
      ),
      warnings: evil,
    }
    const res = await c.post(JSON.stringify(rep))
    expect(res.status).toBe(202)
    const { id } = await json<{ id: string }>(res)
    const one = await json<{ report: Report; platform: string; system: string; networkType: string }>(
      await c.get(`/v1/reports/${id}`),
    )
    expect(one.report).toEqual(JSON.parse(JSON.stringify(rep)))
    expect([one.platform, one.networkType]).toEqual([evil[0], evil[4]])
    // As filters: exact values find the report, injections find nothing and break nothing.
    const q = (s: string) => encodeURIComponent(s)
    expect((await json<{ total: number }>(await c.get(`/v1/reports?platform=${q(evil[0])}`))).total).toBe(1)
    expect((await json<{ total: number }>(await c.get(`/v1/reports?baseLibrary=${q(evil[3])}`))).total).toBe(
      1,
    )
    for (const e of evil) {
      for (const param of ['platform', 'sdk', 'app', 'host', 'os', 'day']) {
        const r = await c.get(`/v1/reports?${param}=${q(e + 'x')}`)
        expect(r.status).toBe(200)
        expect((await json<{ total: number }>(r)).total).toBe(0)
      }
      expect((await c.get(`/v1/fleet?host=${q(e)}`)).status).toBe(200)
    }
    expect((await c.get(`/v1/reports/${q("' OR 1=1 --")}`)).status).toBe(404)
    // The CSV neutralises the formula in `system`.
    const csv = await (await c.get('/v1/reports?format=csv')).text()
    expect(csv).toContain(`'=cmd|`)
    // Both tables are still there, whole.
    expect((await json<{ total: number }>(await c.get('/v1/reports'))).total).toBe(1)
    expect(Number((await c.store.backend.query('SELECT count(*) AS n FROM probes'))[0].n)).toBe(
      rep.results.length,
    )
  })

  test('retention: --keep-days hides and deletes what is older', async () => {
    let now = Date.UTC(2026, 10, 1)
    const backend = skip ? undefined : await kind.open()
    if (!backend) return
    const first = await start({ now: () => now }, backend)
    if (!first) return
    expect((await first.post(JSON.stringify(fleetReport(30)))).status).toBe(202)
    now += 2 * 86_400_000
    expect((await first.post(JSON.stringify(fleetReport(31)))).status).toBe(202)
    await first.close()
    opened.pop()
    // Restarted with --keep-days 1, one day later: the first report is gone, the second stays.
    now += 86_400_000 / 2
    const reopened = await kind.reopen()
    const c = await start({ now: () => now, keepDays: 1 }, reopened)
    if (!c) return
    const list = await json<{ total: number; items: { id: string }[] }>(await c.get('/v1/reports'))
    expect(list.items.map((i) => i.id)).toEqual([reportId(fleetReport(31))])
    expect((await c.get(`/v1/reports/${reportId(fleetReport(30))}`)).status).toBe(404)
    expect((await json<{ reports: number }>(await c.get('/v1/fleet?by=host'))).reports).toBe(1)
    // And the rows are deleted (ClickHouse applies its mutation in the background: polled, bounded).
    const count = async (t: string) =>
      Number((await c.store.backend.query(`SELECT count(*) AS n FROM ${t}`))[0].n)
    for (let i = 0; i < 200 && (await count('reports')) !== 1; i++)
      await new Promise((r) => setTimeout(r, 50))
    expect(await count('reports')).toBe(1)
    expect(await count('probes')).toBe(fleetReport(31).results.length)
  })

  test('healthz and the support page', async () => {
    const c = await start({ viewerPath: __filename })
    if (!c) return
    expect(await json(await c.get('/healthz', null))).toEqual({ ok: true, storage: kind.name, waiting: 0 })
    const page = await c.get('/', null)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await page.text()).toContain('sharedSuite')
    const missing = await c.get('/nope', null)
    expect(missing.status).toBe(404)
  })
}
