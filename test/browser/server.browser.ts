/**
 * The support page served by a real collector (DuckDB in a temp folder, on 127.0.0.1): the 服务器 tab with the
 * read token, the fleet matrix and the paged list read from /v1/, a report opened in the report view; and a
 * wrong token, which shows one line and nothing else.
 */
import * as duck from '@duckdb/node-api'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'puppeteer-core'
import { buildMatrix, dimensionValue, FleetFilter, FleetItem, Matrix } from '../../miniprogram/core/fleet'
import { Report, verdict } from '../../miniprogram/core/report'
import { DuckBackend } from '../../node/collect/duckdb'
import { reportId } from '../../node/collect/rows'
import { Running, startCollector, TOKEN } from '../collect/harness'
import { fleetReport } from '../collect/shared-suite'
import { launch, text, texts, VIEWER } from './browser'

const N = 25
let browser: Browser
let close: () => Promise<void>
let dir: string
let c: Running
const reports: Report[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zim-served-'))
  c = await startCollector(await DuckBackend.open(duck, join(dir, 'db.duckdb')), { viewerPath: VIEWER })
  for (let k = 0; k < N; k++) {
    const r = fleetReport(k)
    const res = await c.post(JSON.stringify(r))
    expect(res.status).toBe(202)
    reports.push(r)
  }
  ;({ browser, close } = await launch())
}, 60_000)

afterAll(async () => {
  await close?.()
  await c?.close()
  rmSync(dir, { recursive: true, force: true })
})

const items = (): FleetItem[] =>
  reports.map((r, i) => ({ name: `r${i}`, report: r, summary: r.summary, complete: true }))

/** A new tab on the collector's page, its errors and every URL it requested collected. */
async function openServed(): Promise<{ page: Page; errors: string[]; urls: string[] }> {
  const page = await browser.newPage()
  await page.setViewport({ width: 1000, height: 900 })
  const errors: string[] = []
  const urls: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${(e as Error).message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`)
  })
  page.on('request', (r) => urls.push(r.url()))
  await page.goto(`${c.url}/`, { waitUntil: 'load' })
  await page.waitForSelector('[data-role="server"]')
  return { page, errors, urls }
}

async function enterToken(page: Page, token: string) {
  await page.type('[data-role="srv-token"]', token)
  await page.click('[data-role="srv-connect"]')
}

const waitText = (page: Page, selector: string, want: string) =>
  page.waitForFunction(
    (sel, w) => (document.querySelector(sel)?.textContent ?? '').trim() === w,
    { timeout: 10_000 },
    selector,
    want,
  )

/** The ids of the API's list page, as the read token sees it. */
async function apiIds(qs: string): Promise<{ total: number; ids: string[] }> {
  const got = (await (await c.get(`/v1/reports?${qs}`)).json()) as { total: number; items: { id: string }[] }
  return { total: got.total, ids: got.items.map((i) => i.id) }
}

/** The matrix's cells as the page shows them, and as core computes them. */
const matrixCells = (page: Page) =>
  page.$$eval('[data-role="matrix"] td[data-category]', (tds) =>
    tds.map((td) => ({
      host: td.closest('tr')!.getAttribute('data-host'),
      category: td.getAttribute('data-category'),
      fail: Number(td.getAttribute('data-fail')),
      ran: Number(td.getAttribute('data-ran')),
    })),
  )
const cellsOf = (m: Matrix) =>
  m.rows.flatMap((row) =>
    m.categories
      .filter((cat) => row.cells[cat])
      .map((cat) => ({
        host: row.host,
        category: cat,
        fail: row.cells[cat]!.fail,
        ran: row.cells[cat]!.ran,
      })),
  )

const shownIds = (page: Page) =>
  page.$$eval('[data-role="srv-item"]', (els) => els.map((e) => e.getAttribute('data-id')))

test('with the read token: the matrix, the paged list, filters and one report, all from the collector', async () => {
  const { page, errors, urls } = await openServed()
  // Nothing is shown before the token.
  expect(await page.$('[data-role="matrix"]')).toBeNull()
  expect(await page.$('[data-role="srv-list"]')).toBeNull()
  await enterToken(page, TOKEN)
  await waitText(page, '[data-role="srv-range"]', `第 1–20 份，共 ${N} 份`)

  // The host × category matrix: every cell as core computes it from the reports that were sent.
  const want = buildMatrix(items())
  expect(await matrixCells(page)).toEqual(cellsOf(want))
  expect(await texts(page, '[data-role="bd-platform"] tbody td:first-child')).toEqual(
    expect.arrayContaining(['android', 'ios', 'devtools']),
  )

  // The list, page by page, in the API's order.
  const first = await apiIds(`limit=20&offset=0`)
  expect(first.total).toBe(N)
  expect(await shownIds(page)).toEqual(first.ids)
  expect(await page.$eval('[data-role="srv-prev"]', (b) => (b as HTMLButtonElement).disabled)).toBe(true)
  await page.click('[data-role="srv-next"]')
  await waitText(page, '[data-role="srv-range"]', `第 21–${N} 份，共 ${N} 份`)
  expect(await shownIds(page)).toEqual((await apiIds('limit=20&offset=20')).ids)
  expect(await page.$eval('[data-role="srv-next"]', (b) => (b as HTMLButtonElement).disabled)).toBe(true)
  await page.click('[data-role="srv-prev"]')
  await waitText(page, '[data-role="srv-range"]', `第 1–20 份，共 ${N} 份`)

  // The offline view's filters, sent as the API's parameters: platform iOS, then also only with failures.
  const ios = reports.filter((r) => dimensionValue(r, 'platform') === 'ios')
  expect(ios.length).toBeGreaterThan(0)
  expect(ios.length).toBeLessThan(N)
  await page.$$eval('[data-role="f-platform"]', (boxes) =>
    (boxes as HTMLInputElement[])
      .find((b) => (b.nextElementSibling?.textContent ?? '').startsWith('ios ('))!
      .click(),
  )
  await waitText(page, '[data-role="srv-range"]', `第 1–${ios.length} 份，共 ${ios.length} 份`)
  expect(await shownIds(page)).toEqual((await apiIds('platform=ios&limit=20')).ids)
  expect(await text(page, '.server .matrix h3')).toMatch(new RegExp(`\\(${ios.length}\\)$`))
  expect(await matrixCells(page)).toEqual(cellsOf(buildMatrix(items(), { dims: { platform: ['ios'] } })))
  // Host text: the matrix keeps the hosts containing it, the list the reports failing on one of them.
  const host = want.rows[want.rows.length - 1].host
  const f: FleetFilter = { dims: { platform: ['ios'] }, host }
  await page.$eval(
    '[data-role="f-host"]',
    (el, v) => {
      ;(el as HTMLInputElement).value = v
      el.dispatchEvent(new Event('change', { bubbles: true }))
    },
    host,
  )
  const narrowed = await apiIds(`platform=ios&host=${encodeURIComponent(host)}&limit=20`)
  await waitText(
    page,
    '[data-role="srv-range"]',
    narrowed.total ? `第 1–${narrowed.total} 份，共 ${narrowed.total} 份` : '没有符合条件的报告',
  )
  // The change started the request at once (loading shown synchronously); wait for its answer.
  await page.waitForFunction(() => !document.querySelector('[data-role="srv-loading"]'), { timeout: 10_000 })
  expect(await matrixCells(page)).toEqual(cellsOf(buildMatrix(items(), f)))
  expect(await shownIds(page)).toEqual(narrowed.ids)
  await page.click('[data-role="f-reset"]')
  await waitText(page, '[data-role="srv-range"]', `第 1–20 份，共 ${N} 份`)

  // One report, fetched on demand and shown by the existing report view.
  const id = (await shownIds(page))[0]!
  const rep = reports.find((r) => reportId(r) === id)!
  await page.click(`[data-role="srv-item"][data-id="${id}"]`)
  await page.waitForSelector('[data-role="single"] [data-role="verdict"]')
  expect(await text(page, '[data-role="verdict"]')).toBe(verdict(rep.results, 'zh', rep.summary))

  // The token never went into a URL, and the page asked its own origin only.
  expect(urls.length).toBeGreaterThan(3)
  for (const u of urls) {
    expect(u.startsWith(`${c.url}/`)).toBe(true)
    expect(u).not.toContain(TOKEN)
  }
  expect(await page.evaluate(() => sessionStorage.getItem('zim-netcheck-read-token'))).toBe(TOKEN)
  // Reloaded, the tab keeps its token: the fleet is there without asking again.
  await page.reload({ waitUntil: 'load' })
  await waitText(page, '[data-role="srv-range"]', `第 1–20 份，共 ${N} 份`)
  expect(errors).toEqual([])
  await page.close()
}, 60_000)

test('a wrong read token: one line, nothing shown, and the right one afterwards works', async () => {
  const { page } = await openServed()
  await enterToken(page, 'not-the-token')
  await waitText(page, '[data-role="srv-error"]', '读取令牌不对（403）：请重新输入。')
  expect(await page.$('[data-role="matrix"]')).toBeNull()
  expect(await page.$('[data-role="srv-list"]')).toBeNull()
  await page.$eval('[data-role="srv-token"]', (el) => ((el as HTMLInputElement).value = ''))
  await enterToken(page, TOKEN)
  await waitText(page, '[data-role="srv-range"]', `第 1–20 份，共 ${N} 份`)
  expect(await page.$('[data-role="srv-error"]')).toBeNull()
  await page.close()
}, 60_000)
