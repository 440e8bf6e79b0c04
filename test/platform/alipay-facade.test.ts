/**
 * The UI's `wx` in the Alipay build (platform/alipay/wx-facade.ts) over the doc-modelled fake `my`: the panel's
 * `catalog` given as a URL is fetched with wx.request (platform/catalog-fetch.ts), which the facade lacked (a
 * TypeError, so every catalog URL failed on Alipay).
 */
import { CATALOG_SCHEMA } from '../../miniprogram/core/catalog-json'
import { loadCatalog, WxRequestApi } from '../../miniprogram/platform/catalog-fetch'
import { MiniBehaviour } from '../helpers/fake-mini'
import { createFakeMy } from '../helpers/fake-my'
import { ManualClock } from '../helpers/fake-wx'

const CATALOG_URL = 'https://cfg.example.com/catalog.json'
const doc = {
  schema: CATALOG_SCHEMA,
  source: { name: 'host app' },
  rows: [{ category: 'request', url: 'https://api.example.com', purpose: 'log', range: '2.0.0 及以上' }],
}

// The facade reads the global `my` when it loads (Alipay defines it before any script runs): a stand-in that
// forwards to each test's fake.
let current: Record<string, unknown> = {}
;(globalThis as unknown as { my: unknown }).my = new Proxy({}, { get: (_t, k) => current[k as string] })
type Facade = typeof import('../../miniprogram/platform/alipay/wx-facade')
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { wx } = require('../../miniprogram/platform/alipay/wx-facade') as Facade

function withMy(b: MiniBehaviour, o: { legacyStatus?: boolean } = {}) {
  const clock = new ManualClock()
  const fake = createFakeMy(() => b, { clock, ...o })
  current = fake as unknown as Record<string, unknown>
  return { clock, fake }
}

async function fetchCatalog(clock: ManualClock) {
  const p = loadCatalog(wx as unknown as WxRequestApi, CATALOG_URL)
  clock.runAll()
  return p
}

describe('wx.request on Alipay (my.request)', () => {
  it('a catalog URL loads: body asked as text, parsed, status read from {status} and {statusCode}', async () => {
    for (const legacyStatus of [false, true]) {
      const { clock, fake } = withMy(
        { kind: 'success', status: 200, data: JSON.stringify(doc) },
        { legacyStatus },
      )
      const res = await fetchCatalog(clock)
      expect(res.ok).toBe(true)
      if (res.ok) expect(res.entries.map((e) => e.url)).toEqual(['https://api.example.com'])
      expect(fake.calls).toHaveLength(1)
      expect(fake.calls[0]).toMatchObject({
        kind: 'request',
        url: CATALOG_URL,
        options: { dataType: 'text', timeout: 10_000 },
      })
    }
  })
  it('an HTTP error status is the catalog fetch’s own failure', async () => {
    const { clock } = withMy({ kind: 'success', status: 404, data: 'not here' })
    expect(await fetchCatalog(clock)).toEqual({ ok: false, error: `${CATALOG_URL}: HTTP 404` })
  })
  it('a my.request failure arrives as {errMsg} with Alipay’s code, its rejected Promise handled', async () => {
    const { clock, fake } = withMy({ kind: 'fail', code: 11, msg: '无权跨域调用' })
    expect(await fetchCatalog(clock)).toEqual({
      ok: false,
      error: `${CATALOG_URL}: request:fail 无权跨域调用 (error 11)`,
    })
    expect(fake.rejectedUnhandled).toBe(0)
  })
  it('a body that is not JSON is handed over as text, as wx does', () => {
    const { clock } = withMy({ kind: 'success', status: 200, data: 'plain' })
    const got: unknown[] = []
    ;(wx as unknown as WxRequestApi).request({ url: CATALOG_URL, success: (r) => got.push(r) })
    clock.runAll()
    expect(got).toEqual([{ statusCode: 200, header: {}, data: 'plain' }])
  })
})
