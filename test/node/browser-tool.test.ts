import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/*
 * tools/browser.js, which `npm test` runs before the browser tests: the order it looks in, and one line (never a
 * stack trace) where it finds nothing and may not install. Installing itself is exercised by every fresh run of
 * `npm test` (CI starts without a browser); here nothing is installed.
 */
const TOOL = join(__dirname, '../../tools/browser.js')
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zim-browser-tool-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** An executable that answers `--version` like a browser. */
function fakeBrowser(where: string, name: string): string {
  mkdirSync(where, { recursive: true })
  const file = join(where, name)
  writeFileSync(file, '#!/bin/sh\necho "Chromium 1.2.3"\n')
  chmodSync(file, 0o755)
  return file
}

function tool(args: string[], env: Record<string, string>) {
  // A PATH with no browser on it; no CHROMIUM-like variable from the machine running the test.
  const base = {
    PATH: join(dir, 'empty-path'),
    HOME: join(dir, 'home'),
    ZIM_CHROMIUM_DIR: join(dir, 'cache'),
  }
  const res = spawnSync(process.execPath, [TOOL, ...args], { env: { ...base, ...env }, encoding: 'utf8' })
  return { status: res.status, stdout: res.stdout, stderr: res.stderr }
}

describe('tools/browser.js', () => {
  it('takes CHROMIUM, then CHROME_PATH, then PUPPETEER_EXECUTABLE_PATH, before anything on the PATH', () => {
    const a = fakeBrowser(join(dir, 'a'), 'chrome-a')
    const b = fakeBrowser(join(dir, 'b'), 'chrome-b')
    const onPath = fakeBrowser(join(dir, 'bin'), 'chromium')
    const PATH = join(dir, 'bin')
    expect(tool(['--path'], { PATH, CHROMIUM: a, CHROME_PATH: b }).stdout.trim()).toBe(a)
    expect(tool(['--path'], { PATH, CHROME_PATH: b, PUPPETEER_EXECUTABLE_PATH: a }).stdout.trim()).toBe(b)
    expect(tool(['--path'], { PATH, PUPPETEER_EXECUTABLE_PATH: a }).stdout.trim()).toBe(a)
    expect(tool(['--path'], { PATH }).stdout.trim()).toBe(onPath)
  })

  it('finds google-chrome on the PATH, and the browser it installed before in its cache', () => {
    const chrome = fakeBrowser(join(dir, 'gc'), 'google-chrome')
    expect(tool(['--path'], { PATH: join(dir, 'gc') }).stdout.trim()).toBe(chrome)
    const cache = join(dir, 'cache2')
    const cached = fakeBrowser(join(cache, 'bin'), 'chromium')
    const res = tool([], { ZIM_CHROMIUM_DIR: cache, ZIM_CHROMIUM_INSTALL: 'none' })
    expect(res.status).toBe(0)
    expect(tool(['--path'], { ZIM_CHROMIUM_DIR: cache }).stdout.trim()).toBe(cached)
  })

  it('refuses a variable that names no executable, in one line, rather than looking elsewhere', () => {
    fakeBrowser(join(dir, 'bin'), 'chromium')
    const res = tool([], { PATH: join(dir, 'bin'), CHROMIUM: join(dir, 'missing') })
    expect(res.status).toBe(1)
    expect(res.stderr).toBe(`CHROMIUM=${join(dir, 'missing')} is not an executable file; fix or unset it\n`)
  })

  it('with nothing found and installing turned off: one line saying what is missing and how to provide it', () => {
    const res = tool([], { ZIM_CHROMIUM_INSTALL: 'none' })
    expect(res.status).toBe(1)
    expect(res.stderr.trim().split('\n')).toHaveLength(1)
    expect(res.stderr).toMatch(/need Chromium: none found .*set CHROMIUM=/)
    expect(tool(['--path'], {}).status).toBe(1)
    expect(tool([], { ZIM_CHROMIUM_INSTALL: 'brew' }).stderr).toBe(
      'ZIM_CHROMIUM_INSTALL=brew: use npm, apt or none\n',
    )
  })
})
