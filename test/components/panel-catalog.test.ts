/** @jest-environment jsdom */
import { Report } from '../../miniprogram/core/report'
import { installFakeWx, mountPanel, sleep, until } from '../helpers/panel'
import { MODIFIED, mustImport } from '../helpers/tables'

// On jest's fake clock (sleep/until in helpers/panel move it): a busy machine cannot change what a test sees.
beforeEach(() => {
  jest.resetModules()
  jest.useFakeTimers()
})
afterEach(() => jest.useRealTimers())

const text = (comp: { dom: HTMLElement }) => comp.dom.textContent ?? ''
const qa = (comp: { dom: HTMLElement }, cls: string) =>
  Array.from(comp.dom.querySelectorAll(`.netcheck-panel--${cls}`)) as HTMLElement[]
// Rows show URLs with zero-width break opportunities (issue 15); compare the URLs themselves.
const rows = (comp: { dom: HTMLElement }) =>
  qa(comp, 'nc-url').map((n) => (n.textContent ?? '').replace(/\u200b/g, ''))
const CATALOG_URL = 'https://config.example.com/zim-catalog.json'

/** Every probe answers; the catalog URL answers `answer` (or fails) through the same wx.request. */
function network(answer?: (o: { success?: (r: unknown) => void; fail?: (e: unknown) => void }) => void) {
  const env = installFakeWx(({ kind }) => ({ kind: kind === 'socket' ? 'open' : 'success', delayMs: 5 }))
  const g = globalThis as unknown as { wx: Record<string, unknown> }
  const probe = g.wx.request as (o: Record<string, unknown>) => unknown
  const fetched: string[] = []
  g.wx.request = (o: Record<string, unknown> & { url: string }) => {
    if (o.url !== CATALOG_URL) return probe(o)
    fetched.push(o.url)
    setTimeout(() => answer?.(o as never), 5)
    return { abort: () => undefined }
  }
  return { ...env, fetched }
}

async function run(comp: ReturnType<typeof mountPanel>['comp'], instance: unknown): Promise<Report> {
  comp.querySelector('.nc-primary').dispatchEvent('tap')
  const panel = instance as { getReport: () => Report | undefined }
  await until(() => panel.getReport() !== undefined, 10_000)
  return panel.getReport() as Report
}

describe('netcheck-panel: catalog and extra properties', () => {
  it('a catalog object: resolved in it, said under the version, recorded in the report', async () => {
    network()
    const doc = mustImport(MODIFIED.newRange(), 'zim-docs.html')
    const { comp, instance } = mountPanel({ sdk: '2.20.1', catalog: doc, only: 'socket' })
    await sleep(30)
    expect(qa(comp, 'nc-note').map((n) => n.textContent)).toEqual(['域名表：zim-docs.html（64 行）'])
    expect(rows(comp)).toContain('wss://accesshub-v3.zego.im')
    const report = await run(comp, instance)
    expect(report.catalog).toMatchObject({ builtin: false, source: 'zim-docs.html', rows: 64 })
    expect(report.results.filter((r) => r.purpose === 'access').map((r) => r.url)).toEqual([
      'wss://accesshub-v3.zego.im',
    ])
  })

  it('a catalog URL: fetched with wx.request and used; start waits while it loads', async () => {
    const doc = mustImport(MODIFIED.newPurpose(), 'push.html')
    const { fetched } = network((o) =>
      o.success?.({ statusCode: 200, data: JSON.parse(JSON.stringify(doc)) }),
    )
    const { comp, instance } = mountPanel({
      sdk: '2.14.0',
      catalog: CATALOG_URL,
      only: 'downloadFile',
      autostart: true,
    })
    await until(() => text(comp).includes('push.html'))
    expect(fetched).toEqual([CATALOG_URL])
    const panel = instance as { getReport: () => Report | undefined }
    await until(() => panel.getReport() !== undefined, 10_000)
    const report = panel.getReport() as Report
    expect(report.catalog?.source).toBe('push.html')
    expect(report.results.map((r) => r.purpose)).toContain('推送通知')
    await until(() => text(comp).includes('推送通知'))
  })

  it.each([
    [
      'not whitelisted',
      (o: { fail?: (e: unknown) => void }) => o.fail?.({ errMsg: 'request:fail url not in domain list' }),
      /url not in domain list/,
    ],
    [
      'invalid',
      (o: { success?: (r: unknown) => void }) => o.success?.({ statusCode: 200, data: { schema: 'x' } }),
      /invalid catalog: schema must be/,
    ],
    [
      'HTTP 404',
      (o: { success?: (r: unknown) => void }) => o.success?.({ statusCode: 404, data: '' }),
      /HTTP 404/,
    ],
  ])(
    'a catalog URL that is %s: the built-in table, with a visible note kept in the report',
    async (_n, answer, reason) => {
      network(answer as never)
      const { comp, instance } = mountPanel({ sdk: '2.13.0', catalog: CATALOG_URL, only: 'socket' })
      await until(() => text(comp).includes('已用内置域名表'))
      const note = qa(comp, 'nc-note')
        .map((n) => n.textContent ?? '')
        .find((t) => t.includes('内置'))
      expect(note).toMatch(reason)
      expect(rows(comp)).toHaveLength(16)
      const report = await run(comp, instance)
      expect(report.catalog?.builtin).toBe(true)
      expect(report.warnings.some((w) => /已用内置域名表/.test(w) && reason.test(w))).toBe(true)
    },
  )

  it('extra: the app’s own domains are probed, shown as 你的域名 and listed for the whitelist', async () => {
    const { fake } = network()
    const { comp, instance } = mountPanel({
      sdk: '2.13.0',
      only: 'request,socket',
      extra: 'request:https://api.example.com,socket:wss://im.example.com',
    })
    await sleep(30)
    expect(qa(comp, 'nc-note').map((n) => n.textContent)).toEqual(['另检测你的域名 2 个'])
    expect(rows(comp)).toEqual(expect.arrayContaining(['https://api.example.com', 'wss://im.example.com']))
    const report = await run(comp, instance)
    expect(fake.calls.map((c) => c.url)).toEqual(
      expect.arrayContaining(['https://api.example.com', 'wss://im.example.com']),
    )
    expect(report.results.filter((r) => r.purpose === 'app').map((r) => r.id)).toEqual([
      'request:https://api.example.com',
      'socket:wss://im.example.com',
    ])
    const metas = qa(comp, 'nc-meta').map((n) => n.textContent ?? '')
    expect(metas.filter((m) => m.startsWith('你的域名'))).toHaveLength(2)
    comp.querySelectorAll('.nc-tab')[1].dispatchEvent('tap')
    await sleep(30)
    expect(text(comp).replace(/\u200b/g, '')).toContain('https://api.example.com')
  })

  it('extra with bad entries: one message per entry, the good ones still checked', async () => {
    network()
    const { comp } = mountPanel({
      sdk: '2.13.0',
      extra: ['request:https://10.0.0.1', 'socket:wss://ok.example.com', 'cdn.example.com'],
    })
    await sleep(30)
    const notes = qa(comp, 'nc-note').map((n) => n.textContent)
    expect(notes).toEqual([
      '另检测你的域名 1 个',
      '"request:https://10.0.0.1": 不能用 IP 或 localhost',
      '"cdn.example.com": 应以类别开头，如 request:https://…',
    ])
    expect(rows(comp)).toContain('wss://ok.example.com')
  })
})
