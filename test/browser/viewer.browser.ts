import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import type { Browser, Page } from 'puppeteer-core'
import { describeCause, findCauses } from '../../miniprogram/core/causes'
import { describeEnforcement } from '../../miniprogram/core/environment'
import { breakdown, buildMatrix, detailTable, FleetItem } from '../../miniprogram/core/fleet'
import { renderJson, renderText, Report, summarize, verdict } from '../../miniprogram/core/report'
import { decodeShare, encodeShare } from '../../miniprogram/core/share'
import { BIN } from '../helpers/cli'
import { launch, openViewer, paste, text, texts, uploadFiles } from './browser'
import {
  allTimeout,
  engineReport,
  ENVS,
  hostile,
  notWhitelisted,
  XSS,
  zegoTls,
} from '../helpers/engine-reports'

let browser: Browser
let close: () => Promise<void>
let dir: string
const reports: Record<string, Report> = {}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zim-viewer-'))
  const made = await Promise.all([
    engineReport(zegoTls, ENVS.android, { sdk: 'all' }),
    engineReport(notWhitelisted, ENVS.ios, { sdk: '2.12.0' }),
    engineReport(allTimeout, ENVS.oldAndroid, { timeoutMs: 30 }),
    engineReport(hostile, ENVS.devtools, {
      warnings: [`note with ${XSS} and </script><script>window.__pwned=3</script>`],
    }),
    engineReport(zegoTls, ENVS.node, { only: ['socket', 'request'] }),
    // Cancelled before anything answers: every row skipped.
    engineReport(allTimeout, ENVS.android, { cancelAfterMs: 5, sdk: '2.1.0' }),
  ])
  ;['tls', 'whitelist', 'timeout', 'hostile', 'node', 'cancelled'].forEach((k, i) => (reports[k] = made[i]))
  for (const [k, r] of Object.entries(reports)) writeFileSync(join(dir, `${k}.json`), renderJson(r))
  ;({ browser, close } = await launch())
})

afterAll(async () => {
  await close?.()
  rmSync(dir, { recursive: true, force: true })
})

const item = (name: string, report: Report): FleetItem => ({
  name,
  report,
  summary: report.summary,
  complete: true,
})

async function expectReportShown(page: Page, report: Report, summary = report.summary) {
  expect(await text(page, '[data-role="verdict"]')).toBe(verdict(report.results, 'zh', summary))
  const shown = await page.$$eval('[data-role="row"]', (rows) =>
    rows.map((r) => ({ id: r.getAttribute('data-id'), status: r.getAttribute('data-status') })),
  )
  expect(shown).toEqual(
    ['socket', 'request', 'uploadFile', 'downloadFile'].flatMap((c) =>
      report.results.filter((r) => r.category === c).map((r) => ({ id: r.id, status: r.status })),
    ),
  )
  expect(await texts(page, '[data-role="causes"] .cause')).toEqual(
    findCauses(report.results).map((c) => describeCause(c, 'zh')),
  )
}

describe('one report', () => {
  it('reads a URL-encoded share path, shows it like the panel, and switches to English', async () => {
    const { page, errors } = await openViewer(browser)
    const r = reports.tls
    const shared = encodeShare(r)
    expect(shared.complete).toBe(true)
    await paste(page, encodeURIComponent(shared.path))
    await page.waitForSelector('[data-role="report"]')
    await expectReportShown(page, r)
    // 16 *.zego.im rows fail TLS: one cause, not 16 rows.
    expect(await texts(page, '[data-role="causes"] .cause')).toContain(
      '*.zego.im 的 16 项全部失败：TLS/证书错误',
    )
    expect(await text(page, '[data-role="env"]')).toContain('ALN-AL00')
    expect(await page.$('[data-role="enforcement"]')).toBeNull() // debug off on a phone: enforced
    await page.click('[data-role="lang"]')
    expect(await text(page, '[data-role="verdict"]')).toBe(verdict(r.results, 'en', r.summary))
    expect(await texts(page, '[data-role="causes"] .cause')).toContain('all 16 *.zego.im probes fail: TLS')
    expect(errors).toEqual([])
    await page.close()
  })

  it('names the domain table an imported-catalog report used, from its z3 card', async () => {
    const { page, errors } = await openViewer(browser)
    const catalog = {
      builtin: false,
      source: 'zim-docs-2026-12.html',
      date: '2026-12-01',
      rows: 64,
      hash: '0123abcd',
    }
    const r: Report = { ...reports.whitelist, catalog }
    const shared = encodeShare(r, { maxBytes: 4000 })
    expect(shared.payload).toMatch(/^z3\./)
    await paste(page, shared.path)
    await page.waitForSelector('[data-role="report"]')
    expect(await text(page, '[data-role="catalog"]')).toBe(
      '域名表 导入：zim-docs-2026-12.html 2026-12-01（64 行，#0123abcd）',
    )
    await page.click('[data-role="lang"]')
    expect(await text(page, '[data-role="catalog"]')).toBe(
      'Domain table: imported: zim-docs-2026-12.html 2026-12-01 (64 rows, #0123abcd)',
    )
    expect(errors).toEqual([])
    await page.close()
  })

  it('reads a bare z1 payload typed in, from a card that holds only the failing rows', async () => {
    const { page, errors } = await openViewer(browser)
    const r = reports.whitelist
    const shared = encodeShare(r, { maxBytes: 300 })
    expect(shared.complete).toBe(false)
    await page.type('[data-role="paste"]', shared.payload, { delay: 0 })
    await page.click('[data-role="read"]')
    await page.waitForSelector('[data-role="report"]')
    // Shown as the mini-program's report page shows this card: the full run's counts, the rows the card holds.
    const card = decodeShare(shared.payload)
    if (!card.ok) throw new Error(card.error)
    expect(card.summary).toEqual(r.summary)
    expect(await text(page, '[data-role="verdict"]')).toBe(verdict(card.report.results, 'zh', card.summary))
    expect(await text(page, '[data-role="partial"]')).toContain(`整次运行共 ${r.summary.total} 项`)
    const rows = await page.$$eval('[data-role="row"]', (els) => els.map((e) => e.getAttribute('data-id')))
    expect(rows).toEqual(card.report.results.map((x) => x.id))
    expect(rows.length).toBeLessThan(r.summary.total)
    expect(errors).toEqual([])
    await page.close()
  })

  it('refuses mangled links with their reason and still reads a good one after them', async () => {
    const { page, errors } = await openViewer(browser)
    const { path, payload } = encodeShare(reports.whitelist)
    const mid = Math.floor(payload.length / 2)
    const flipped = payload.slice(0, mid) + (payload[mid] === 'A' ? 'B' : 'A') + payload.slice(mid + 1)
    for (const bad of [flipped, path.slice(0, path.length - 9), 'z9.AAAA', '%E0%A4%A', 'hello there'])
      await paste(page, bad)
    const why = await texts(page, '[data-role="rejected"] .why')
    expect(why).toHaveLength(5)
    expect(why[0]).toContain('the link is damaged or was cut short')
    expect(why[1]).toMatch(/damaged|cut short|base64url/)
    expect(why[2]).toContain('newer zim-netcheck')
    expect(why[4]).toContain('无法识别')
    expect(await page.$('[data-role="report"]')).toBeNull()
    await paste(page, `请看这个结果 ${path} 谢谢`) // a link inside chat text
    await page.waitForSelector('[data-role="report"]')
    await expectReportShown(page, reports.whitelist)
    expect(errors).toEqual([])
    await page.close()
  })

  it('reads copied result text (zh and en) and says what the text cannot hold', async () => {
    const { page, errors } = await openViewer(browser)
    const r = reports.whitelist
    await paste(page, renderText(r, 'zh'))
    await page.waitForSelector('[data-role="report"]')
    expect(await text(page, '[data-role="verdict"]')).toBe(verdict(r.results, 'zh', r.summary))
    const failing = r.results.filter((x) => x.status === 'fail')
    const ids = await page.$$eval('[data-role="row"]', (rows) => rows.map((x) => x.getAttribute('data-id')))
    expect(ids.sort()).toEqual(
      failing
        .slice(0, 20)
        .map((x) => x.id)
        .sort(),
    )
    const partial = await text(page, '[data-role="partial"]')
    expect(partial).toContain('通过/警告/跳过的各项')
    if (failing.length > 20) expect(partial).toContain(`另外 ${failing.length - 20} 个失败项`)
    const raw = await texts(page, '[data-role="raw"]')
    expect(raw[0]).toBe(failing[0].error!.errMsg)
    await paste(page, renderText(reports.tls, 'en'))
    await page.waitForSelector('[data-role="tab-single"]')
    expect(await text(page, '[data-role="verdict"]')).toBe(
      verdict(reports.tls.results, 'zh', reports.tls.summary),
    )
    expect(errors).toEqual([])
    await page.close()
  })

  it('keeps HTML and script in messages inert: shown as text, never run', async () => {
    const { page, errors } = await openViewer(browser)
    await uploadFiles(page, join(dir, 'hostile.json'))
    await page.waitForSelector('[data-role="report"]')
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
    expect(await page.$$('#app img, #app script')).toHaveLength(0)
    const raw = await texts(page, '[data-role="raw"]')
    expect(raw.some((t) => t.includes('<img src=x onerror="window.__pwned=1">'))).toBe(true)
    expect(await text(page, '[data-role="warnings"]')).toContain('</script><script>window.__pwned=3</script>')
    expect(errors).toEqual([])
    await page.close()
  })
  it('reads files dropped anywhere on the page', async () => {
    const { page, errors } = await openViewer(browser)
    await page.evaluate(
      (a, b) => {
        const dt = new DataTransfer()
        dt.items.add(new File([a], 'dropped-a.json', { type: 'application/json' }))
        dt.items.add(new File([b], 'dropped-b.txt', { type: 'text/plain' }))
        document
          .querySelector('main')!
          .dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true }))
      },
      renderJson(reports.tls),
      renderText(reports.whitelist, 'en'),
    )
    await page.waitForSelector('[data-role="matrix"]')
    expect(await texts(page, '[data-role="list"] .name')).toEqual(['dropped-a.json', 'dropped-b.txt'])
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('many reports', () => {
  it('reads chosen files, lists the bad ones with reasons, and aggregates the rest like core', async () => {
    const bad = {
      'not-json.json': '{"schema": "zim-netcheck/report@1", oops',
      'deep.json': '['.repeat(100_000) + ']'.repeat(100_000),
      'huge.json': `{"pad":"${'x'.repeat(5 * 1024 * 1024)}"}`,
      'other-schema.json': JSON.stringify({ ...reports.tls, schema: 'zim-netcheck/report@9' }),
      'many-rows.json': JSON.stringify({ ...reports.tls, results: new Array(50_000).fill(0) }),
      'binary.json': '\u0000\u0001\u0002PK',
    }
    for (const [name, body] of Object.entries(bad)) writeFileSync(join(dir, name), body)
    const good = ['tls', 'whitelist', 'timeout', 'hostile', 'node', 'cancelled']
    const { page, errors } = await openViewer(browser)
    await uploadFiles(
      page,
      ...[...good.map((k) => `${k}.json`), ...Object.keys(bad)].map((f) => join(dir, f)),
    )
    await page.waitForSelector('[data-role="matrix"]')
    const rejected = await page.$$eval('[data-role="rejected"] li', (lis) =>
      lis.map((li) => [li.querySelector('.name')!.textContent, li.querySelector('.why')!.textContent]),
    )
    const why = Object.fromEntries(rejected) as Record<string, string>
    expect(Object.keys(why).sort()).toEqual(Object.keys(bad).sort())
    expect(why['not-json.json']).toContain('不是有效的 JSON')
    expect(why['deep.json']).toContain('嵌套超过')
    expect(why['huge.json']).toContain('文件过大')
    expect(why['other-schema.json']).toContain('report@9')
    expect(why['many-rows.json']).toContain('检测项过多')
    expect(why['binary.json']).toContain('不是文本文件')

    const items = good.map((k) => item(`${k}.json`, reports[k]))
    expect(await text(page, '[data-role="fleet-count"]')).toBe(
      `${items.length} 份报告，其中 ${items.filter((i) => i.summary.fail > 0).length} 份有失败项`,
    )
    await expectMatrix(page, items, {})
    const platforms = await page.$$eval('[data-role="bd-platform"] tbody tr', (trs) =>
      trs.map((tr) =>
        Array.from(tr.querySelectorAll('td'))
          .slice(0, 4)
          .map((td) => td.textContent),
      ),
    )
    expect(platforms).toEqual(
      breakdown(items, 'platform').map((b) => [
        b.value === '?' ? '（未知）' : b.value,
        `${b.reports}`,
        `${b.failedReports}`,
        `${b.fail}`,
      ]),
    )
    // A filter: Android only, request only.
    await clickLabel(page, '[data-role="f-platform"]', 'android')
    await page.click('[data-role="f-cat-request"]')
    await expectMatrix(page, items, { dims: { platform: ['android'] }, categories: ['request'] })
    expect(errors).toEqual([])
    await page.close()
  })

  it('exports CSV that a parser reads back as the fleet table, with formulas defused', async () => {
    const { page, errors } = await openViewer(browser)
    const downloads = mkdtempSync(join(tmpdir(), 'zim-dl-'))
    const cdp = await page.createCDPSession()
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads })
    const names = ['hostile', 'tls', 'whitelist']
    await uploadFiles(page, ...names.map((k) => join(dir, `${k}.json`)))
    await page.waitForSelector('[data-role="csv-detail"]')
    await page.click('[data-role="csv-detail"]')
    const file = join(downloads, 'zim-netcheck-detail.csv')
    for (let i = 0; i < 100 && !readdirSync(downloads).includes('zim-netcheck-detail.csv'); i++)
      await new Promise((r) => setTimeout(r, 50))
    const csv = readFileSync(file, 'utf8')
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data
    const want = detailTable(names.map((k) => item(`${k}.json`, reports[k])))
    expect(parsed).toHaveLength(want.length)
    expect(parsed[0]).toEqual(want[0])
    const msgCol = want[0].indexOf('errMsg')
    const injected = parsed.find((row) => row[msgCol].includes('HYPERLINK'))!
    expect(injected[msgCol].startsWith("'")).toBe(true)
    // Every other cell reads back as written.
    const plain = (v: string | number) =>
      typeof v === 'string' && /^\s*[=+\-@\t\r]/.test(v) ? `'${v}` : String(v)
    expect(parsed.slice(1)).toEqual(want.slice(1).map((row) => row.map(plain)))
    rmSync(downloads, { recursive: true, force: true })
    expect(errors).toEqual([])
    await page.close()
  })

  it('filters by host text, resets the filters, keeps typed text across a redraw, and clears', async () => {
    const names = ['tls', 'whitelist', 'timeout']
    const items = names.map((k) => item(`${k}.json`, reports[k]))
    const { page, errors } = await openViewer(browser)
    await page.type('[data-role="paste"]', 'half-typed', { delay: 0 })
    await uploadFiles(page, ...names.map((k) => join(dir, `${k}.json`)))
    await page.waitForSelector('[data-role="matrix"]')
    expect(await page.$eval('[data-role="paste"]', (e) => (e as HTMLTextAreaElement).value)).toBe(
      'half-typed',
    )
    await page.type('[data-role="f-host"]', 'accesshub', { delay: 0 })
    await page.keyboard.press('Enter') // a text input's change event
    await expectMatrix(page, items, { host: 'accesshub' })
    expect(await page.$eval('[data-role="f-host"]', (e) => (e as HTMLInputElement).value)).toBe('accesshub')
    await page.click('[data-role="f-failed"]')
    await expectMatrix(page, items, { host: 'accesshub', failedOnly: true })
    await page.click('[data-role="f-reset"]')
    await expectMatrix(page, items, {})
    expect(await page.$eval('[data-role="f-host"]', (e) => (e as HTMLInputElement).value)).toBe('')
    expect(await page.$eval('[data-role="f-failed"]', (e) => (e as HTMLInputElement).checked)).toBe(false)
    await page.click('[data-role="clear"]')
    expect(await text(page, '[data-role="tab-fleet"]')).toBe('汇总 (0)')
    expect(await page.$('[data-role="matrix"]')).toBeNull()
    expect(errors).toEqual([])
    await page.close()
  })

  it('reads 300 files without freezing the page', async () => {
    const many = mkdtempSync(join(tmpdir(), 'zim-many-'))
    const keys = Object.keys(reports)
    const files: string[] = []
    for (let i = 0; i < 300; i++) {
      const f = join(many, `r${String(i).padStart(3, '0')}.json`)
      writeFileSync(f, renderJson(reports[keys[i % keys.length]]))
      files.push(f)
    }
    const { page, errors } = await openViewer(browser)
    // Record the progress line each time the page updates it between batches.
    await page.evaluate(() => {
      const seen: string[] = ((window as unknown as { __busy: string[] }).__busy = [])
      new MutationObserver(() => {
        const b = document.querySelector('[data-role="busy"]')
        if (b?.textContent && seen[seen.length - 1] !== b.textContent) seen.push(b.textContent)
      }).observe(document.body, { childList: true, subtree: true, characterData: true })
    })
    const t0 = Date.now()
    await uploadFiles(page, ...files)
    await page.waitForSelector('[data-role="fleet-count"]', { timeout: 15000 })
    console.log(`300 files read and shown in ${Date.now() - t0} ms`)
    expect(await text(page, '[data-role="fleet-count"]')).toMatch(/^300 份报告/)
    // The page drew its progress between batches: it yielded to the browser while reading.
    const busy = await page.evaluate(() => (window as unknown as { __busy: string[] }).__busy)
    const partial = busy.filter((b) => /正在读取 (\d+) \/ 300/.test(b) && !b.endsWith(' 300 / 300'))
    expect(partial.length).toBeGreaterThanOrEqual(5)
    expect(await page.$('[data-role="rejected"]')).toBeNull()
    rmSync(many, { recursive: true, force: true })
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('netcheck view', () => {
  it('writes one page with the reports embedded; the page shows them and nothing breaks out', async () => {
    const out = join(dir, 'out.html')
    const link = encodeShare(reports.whitelist).path
    const run = spawnSync(
      process.execPath,
      [BIN, 'view', join(dir, 'hostile.json'), join(dir, 'tls.json'), link, '--out', out],
      { encoding: 'utf8' },
    )
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout.split('\n')[0]).toBe(out)
    const html = readFileSync(out, 'utf8')
    expect(html.match(/<\/script>/gi)).toHaveLength(2) // the data element's and the code's own: nothing else closes
    expect(html).not.toMatch(/https?:\/\/(?!evil\.example)[^"'\s]*\.(js|css)/)
    const { page, errors } = await openViewer(browser, out)
    await page.waitForSelector('[data-role="matrix"]')
    expect(await text(page, '[data-role="fleet-count"]')).toMatch(/^3 份报告/)
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
    await page.click('[data-role="list"] li:nth-child(1) button')
    await page.waitForSelector('[data-role="report"]')
    await expectReportShown(page, reports.hostile)
    expect(await text(page, '[data-role="warnings"]')).toContain('</script><script>window.__pwned=3</script>')
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('any valid report reads', () => {
  it.each(['tls', 'whitelist', 'timeout', 'hostile', 'node', 'cancelled'])('%s', async (k) => {
    const { page, errors } = await openViewer(browser)
    await uploadFiles(page, join(dir, `${k}.json`))
    await page.waitForSelector('[data-role="report"]')
    const r = reports[k]
    await expectReportShown(page, r)
    expect(summarize(r.results)).toEqual(r.summary)
    const wl = r.environment.whitelist
    if (wl.enforced) expect(await page.$('[data-role="enforcement"]')).toBeNull()
    else
      expect(await text(page, '[data-role="enforcement"]')).toBe(describeEnforcement(wl, 'zh', r.environment))
    expect(errors).toEqual([])
    await page.close()
  })
})

async function clickLabel(page: Page, selector: string, label: string) {
  const boxes = await page.$$(selector)
  for (const b of boxes) {
    const l = await b.evaluate((el) => el.parentElement!.textContent ?? '')
    if (l.startsWith(`${label} (`)) return b.click()
  }
  throw new Error(`no ${selector} labelled ${label}`)
}

async function expectMatrix(page: Page, items: FleetItem[], filter: Parameters<typeof buildMatrix>[1]) {
  const m = buildMatrix(items, filter)
  const shown = await page.$$eval('[data-role="matrix"] tbody tr', (trs) =>
    trs.map((tr) => ({
      host: tr.getAttribute('data-host'),
      cells: Array.from(tr.querySelectorAll('td[data-category]')).map(
        (td) =>
          `${td.getAttribute('data-category')} ${td.getAttribute('data-fail')}/${td.getAttribute('data-ran')}`,
      ),
    })),
  )
  expect(shown).toEqual(
    m.rows.map((row) => ({
      host: row.host,
      cells: m.categories
        .filter((c) => row.cells[c])
        .map((c) => `${c} ${row.cells[c]!.fail}/${row.cells[c]!.ran}`),
    })),
  )
}
