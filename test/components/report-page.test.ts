/** @jest-environment jsdom */
import * as path from 'node:path'
import { encodeShare } from '../../miniprogram/core/share'
import { History } from '../../miniprogram/platform/history'
import { report2130 } from '../helpers/reports'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate')
const PAGE = path.join(__dirname, '../../miniprogram/pages/report/index')
const ROOT = path.join(__dirname, '../../miniprogram')

beforeEach(() => jest.resetModules())

function loadPage() {
  const comp = simulate.render(simulate.load(PAGE, 'report-page', { rootPath: ROOT }))
  comp.attach(document.createElement('parent-wrapper'))
  return comp
}
/** The shown text, without the zero-width break opportunities URLs carry. */
const text = (comp: { dom: HTMLElement }) => (comp.dom.textContent ?? '').replace(/\u200b/g, '')

describe('report viewer page', () => {
  it('renders a shared card: verdict, environment, failing rows with their raw messages', async () => {
    const report = report2130()
    const { path: sharePath } = encodeShare(report)
    const r = sharePath.split('?r=')[1]
    const comp = loadPage()
    comp.instance.onLoad({ r })
    await simulate.sleep(10)
    const shown = text(comp)
    expect(shown).toContain('ZIM SDK 2.13.0')
    expect(shown).toContain('ALN-AL00')
    expect(shown).toContain('Android 14')
    for (const f of report.results.filter((x) => x.status === 'fail')) {
      expect(shown).toContain(f.url)
      expect(shown).toContain(f.error?.errMsg)
    }
    expect(comp.instance.onShareAppMessage().path).toBe(sharePath)
  })

  it('renders payload text as text, never as markup', async () => {
    const report = report2130()
    const i = report.results.findIndex((x) => x.status === 'fail')
    report.results[i] = {
      ...report.results[i],
      error: { category: 'unknown', errMsg: '<img src=x onerror=alert(1)><b>bold</b>' },
    }
    const comp = loadPage()
    comp.instance.onLoad({ r: encodeShare(report).payload })
    await simulate.sleep(10)
    expect(comp.dom.querySelector('img')).toBeNull()
    expect(comp.dom.querySelector('b')).toBeNull()
    expect(text(comp)).toContain('<img src=x onerror=alert(1)><b>bold</b>')
  })

  it.each([
    ['truncated', (p: string) => p.slice(0, p.length - 7)],
    ['tampered', (p: string) => p.slice(0, 20) + (p[20] === 'A' ? 'B' : 'A') + p.slice(21)],
    ['wrong version', (p: string) => p.replace(/^z1\./, 'z7.')],
    ['garbage', () => '%%%not-a-payload'],
    ['oversized', () => 'z1.' + 'A'.repeat(20_000)],
  ])('a %s payload shows a clear error and renders no report', async (_name, mutate) => {
    const comp = loadPage()
    comp.instance.onLoad({ r: mutate(encodeShare(report2130()).payload) })
    await simulate.sleep(10)
    expect(text(comp)).toMatch(/无法打开分享的报告：.{6,}/)
    expect(comp.dom.textContent).not.toContain('ZIM SDK')
  })

  it('never throws on hundreds of random payloads', async () => {
    const comp = loadPage()
    let seed = 7
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    const good = encodeShare(report2130()).payload
    for (let n = 0; n < 300; n++) {
      const cut = Math.floor(rand() * good.length)
      const junk =
        n % 2 === 0
          ? good.slice(0, cut) + String.fromCharCode(33 + Math.floor(rand() * 90)) + good.slice(cut + 1)
          : Math.random().toString(36)
      expect(() => comp.instance.onLoad({ r: junk })).not.toThrow()
    }
  })

  it('opens a saved run from the history by id, and says so when it is gone', async () => {
    // simulate's wx keeps no storage: give it a real in-memory one.
    const store = new Map<string, unknown>()
    Object.assign((globalThis as unknown as { wx: object }).wx, {
      getStorageSync: (k: string) => (store.has(k) ? store.get(k) : ''),
      setStorageSync: (k: string, v: unknown) => void store.set(k, JSON.parse(JSON.stringify(v))),
      removeStorageSync: (k: string) => void store.delete(k),
    })
    const history = new History((globalThis as unknown as { wx: never }).wx)
    const saved = history.save(report2130())
    const comp = loadPage()
    comp.instance.onLoad({ id: saved.id })
    await simulate.sleep(10)
    expect(text(comp)).toContain('ZIM SDK 2.13.0')
    // (a second load() of one path in one test renders nothing under simulate: reuse the page)
    comp.instance.onLoad({ id: 'r-missing' })
    await simulate.sleep(10)
    expect(text(comp)).toContain('找不到这份报告')
    expect(text(comp)).not.toContain('ZIM SDK')
  })
})

describe('report page for support (issue 15)', () => {
  function withStorage() {
    const store = new Map<string, unknown>()
    const clipboard: string[] = []
    const navigations: string[] = []
    Object.assign((globalThis as unknown as { wx: object }).wx, {
      getStorageSync: (k: string) => (store.has(k) ? store.get(k) : ''),
      setStorageSync: (k: string, v: unknown) => void store.set(k, JSON.parse(JSON.stringify(v))),
      removeStorageSync: (k: string) => void store.delete(k),
      setClipboardData: (o: { data: string; success?: () => void }) => {
        clipboard.push(o.data)
        o.success?.()
      },
      navigateTo: (o: { url: string }) => void navigations.push(o.url),
    })
    return { clipboard, navigations }
  }

  it('copies the report as text, shows and copies the missing domains, and retests on this phone', async () => {
    const { clipboard, navigations } = withStorage()
    const report = {
      ...report2130(),
      options: { ...report2130().options, only: ['socket', 'downloadFile'] as never },
    }
    const saved = new History((globalThis as unknown as { wx: never }).wx).save(report)
    const comp = loadPage()
    comp.instance.onLoad({ id: saved.id })
    await simulate.sleep(10)
    const rv = comp.querySelector('#rv')
    const buttons = rv.querySelectorAll('.btn')
    buttons[0].dispatchEvent('tap')
    await simulate.sleep(20)
    expect(clipboard[0].split('\n')[0]).toMatch(/^本地时间 2026-11-28 \d\d:20:30 UTC/)
    expect(clipboard[0]).toContain('ZIM netcheck · SDK 2.13.0')
    expect(text(comp)).toContain('结果已复制')
    // The missing-domains block: its category, the exact domain, and a copy of the ;-joined list.
    const missing = comp.dom.querySelector('[class*="missing"]') as HTMLElement
    expect(missing.textContent?.replace(/\u200b/g, '')).toContain('wss://accesshub-wss.coolzcloud.com')
    rv.querySelectorAll('.link')[0].dispatchEvent('tap')
    await simulate.sleep(20)
    expect(clipboard[1]).toBe('wss://accesshub-wss.coolzcloud.com')
    buttons[1].dispatchEvent('tap')
    await simulate.sleep(20)
    expect(navigations).toEqual(['/pages/netcheck/index?sdk=2.13.0&only=socket%2CdownloadFile'])
  })

  it('the history lists runs in local time with the zone', async () => {
    withStorage()
    const history = new History((globalThis as unknown as { wx: never }).wx)
    history.save(report2130())
    const page = simulate.render(
      simulate.load(path.join(ROOT, 'pages/history/index'), 'history-page', { rootPath: ROOT }),
    )
    page.attach(document.createElement('parent-wrapper'))
    page.instance.onShow()
    await simulate.sleep(10)
    const offset = -new Date('2026-11-28T10:20:30.000Z').getTimezoneOffset()
    const zone = offset === 0 ? 'UTC' : `UTC${offset > 0 ? '+' : '-'}${Math.floor(Math.abs(offset) / 60)}`
    expect(page.dom.textContent).toContain(`ZIM SDK 2.13.0 · 2026-11-28`)
    expect(page.dom.textContent).toContain(zone)
    expect(page.dom.textContent).toContain('通过 35 · 警告 4 · 失败 5 · 跳过 2')
  })
})
