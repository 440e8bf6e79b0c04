/**
 * What every picture of `npm run screens` shares: Debian's headless Chromium shooting one HTML page, and the
 * component stylesheet as a flat page shows it (no shadow root: the variables on `:host` go on the body).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensure } = require('../browser.js') as { ensure: () => { path: string } }

/** The browser tools/browser.js finds or installs (Debian's chromium with fonts-noto-cjk draws the zh text). */
export const CHROMIUM = ensure().path

/** Writes `html` to a temporary page and shoots it at 2× into `png` (`width` × `height` CSS px). */
export function shootHtml(png: string, html: string, width: number, height: number): void {
  if (!existsSync(dirname(png))) mkdirSync(dirname(png), { recursive: true })
  const dir = mkdtempSync(join(tmpdir(), 'zim-screens-'))
  try {
    const page = join(dir, 'page.html')
    writeFileSync(page, html)
    execFileSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${join(dir, 'profile')}`,
        '--hide-scrollbars',
        '--force-device-scale-factor=2',
        `--window-size=${width},${height}`,
        `--screenshot=${png}`,
        `file://${page}`,
      ],
      { stdio: 'ignore', timeout: 60_000 },
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * A component's stylesheet on a flat page: `:host` (where the variables a host app overrides sit) is the body,
 * and `dark` applies the `prefers-color-scheme: dark` rules as a phone in dark mode does.
 */
export const pageCss = (css: string, dark = false): string =>
  css
    .replace(/:host\b/g, 'body')
    .replace(/@media\s*\(prefers-color-scheme:\s*dark\)/g, dark ? '@media all' : '@media not all')
