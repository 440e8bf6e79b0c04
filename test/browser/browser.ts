import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import puppeteer, { Browser, ElementHandle, Page } from 'puppeteer-core'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { find } = require('../../tools/browser.js') as { find: () => { path: string } | undefined }

/** The browser `node tools/browser.js` found or installed (`npm run test:browser` runs it first). */
export const CHROMIUM = find()?.path ?? 'no Chromium found: run node tools/browser.js'
export const VIEWER = join(__dirname, '../../build/viewer/viewer.html')

/** Chromium, headless, no network services, a fresh profile that is removed on close. */
export async function launch(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'zim-viewer-profile-'))
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
      '--lang=zh-CN',
    ],
  })
  return {
    browser,
    close: async () => {
      await browser.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** A page on the viewer file with its errors collected (a CSP violation is a console error too). */
export async function openViewer(
  browser: Browser,
  file = VIEWER,
  viewport = { width: 1000, height: 900 },
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage()
  await page.setViewport(viewport)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${(e as Error).message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`)
  })
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`))
  await page.goto(`file://${file}`, { waitUntil: 'load' })
  await page.waitForSelector('header h1')
  return { page, errors }
}

/** Pastes text into the box and presses 读取. */
export async function paste(page: Page, text: string) {
  await page.$eval(
    '[data-role="paste"]',
    (el, value) => {
      const area = el as HTMLTextAreaElement
      area.value = value
      area.dispatchEvent(new Event('input', { bubbles: true }))
    },
    text,
  )
  await page.click('[data-role="read"]')
}

export const texts = (page: Page, selector: string) =>
  page.$$eval(selector, (els) => els.map((e) => (e.textContent ?? '').trim()))

export const text = (page: Page, selector: string) =>
  page.$eval(selector, (e) => (e.textContent ?? '').trim())

/** Chooses files in the page's file input, as a user does. */
export async function uploadFiles(page: Page, ...paths: string[]) {
  const input = (await page.$('input[data-role="files"]')) as ElementHandle<HTMLInputElement> | null
  if (!input) throw new Error('no file input')
  await input.uploadFile(...paths)
}
