/**
 * `npm run screens` (this part): the report viewer in Chromium, one report and a fleet, from reports made by
 * the real engine (test/helpers/engine-reports.ts). Writes docs/screens/viewer-single.png and viewer-fleet.png.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { renderJson } from '../../miniprogram/core/report'
import { launch, openViewer, VIEWER } from '../../test/browser/browser'
import {
  allTimeout,
  engineReport,
  ENVS,
  hostile,
  notWhitelisted,
  zegoTls,
} from '../../test/helpers/engine-reports'
import { embedInto } from '../../web/viewer/embed'

const OUT = join(__dirname, '../../docs/screens')

it('shoots the viewer', async () => {
  mkdirSync(OUT, { recursive: true })
  const dir = mkdtempSync(join(tmpdir(), 'zim-viewer-screens-'))
  const reports = await Promise.all([
    engineReport(zegoTls, ENVS.android, { sdk: 'all' }),
    engineReport(notWhitelisted, ENVS.ios, { sdk: '2.12.0' }),
    engineReport(allTimeout, ENVS.oldAndroid, { timeoutMs: 30 }),
    engineReport(hostile, ENVS.devtools),
    engineReport(zegoTls, { ...ENVS.android, networkType: 'wifi', system: 'Android 13' }),
    engineReport(notWhitelisted, { ...ENVS.ios, wechatVersion: '8.0.50' }),
  ])
  const page = readFileSync(VIEWER, 'utf8')
  const names = [
    'huawei-4g.json',
    'iphone-wifi.json',
    'old-android.json',
    'devtools.json',
    'android-13.json',
    'iphone-2.json',
  ]
  const { browser, close } = await launch()
  try {
    const single = join(dir, 'single.html')
    writeFileSync(single, embedInto(page, [{ name: 'huawei-4g.json', text: renderJson(reports[0]) }]))
    const a = await openViewer(browser, single, { width: 900, height: 1500 })
    await a.page.waitForSelector('[data-role="report"]')
    await a.page.screenshot({ path: join(OUT, 'viewer-single.png') })
    const fleet = join(dir, 'fleet.html')
    writeFileSync(
      fleet,
      embedInto(
        page,
        reports.map((r, i) => ({ name: names[i], text: renderJson(r) })),
      ),
    )
    const b = await openViewer(browser, fleet, { width: 1100, height: 1900 })
    await b.page.waitForSelector('[data-role="matrix"]')
    await b.page.screenshot({ path: join(OUT, 'viewer-fleet.png') })
    expect(a.errors.concat(b.errors)).toEqual([])
  } finally {
    await close()
    rmSync(dir, { recursive: true, force: true })
  }
})
