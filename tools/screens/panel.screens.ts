/** @jest-environment jsdom */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Behaviour, FakeWx, FakeWxOptions } from '../../test/helpers/fake-wx'
import { EnvOverrides, installFakeWx, mountPanel, sleep, until } from '../../test/helpers/panel'
import { pageCss, shootHtml } from './chromium'

const OUT = join(__dirname, '../../docs/screens')
const WIDTH = 375
const SIMULATE = require('miniprogram-simulate') // eslint-disable-line @typescript-eslint/no-require-imports
const ROOT = join(__dirname, '../../miniprogram')

// What the WeChat runtime gives its built-in components, roughly: enough for a faithful picture.
const baseCss = (width: number, dark: boolean) => `
  html, body { margin: 0; background: ${dark ? '#111' : '#f7f7f7'}; width: ${width}px; }
  body { font-family: 'PingFang SC', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif; -webkit-font-smoothing: antialiased; }
  wx-view, wx-picker, wx-button, wx-input, wx-block { display: block; }
  wx-text { display: inline; }
  wx-button { text-align: center; padding: 10px 0; border: none; }
  wx-button[disabled="true"] { opacity: 0.5; }
  wx-input { min-height: 1.4em; }
  wx-input::after { content: attr(data-shown); }
`

/** simulate maps 1rpx to 1px; a phone `width` px wide shows 1rpx as width/750 px. */
const rpxToPx = (css: string, width: number) =>
  css.replace(/(-?\d*\.?\d+)px/g, (_, n) => `${(Number(n) * width) / 750}px`)

function shoot(name: string, html: string, height: number, width = WIDTH) {
  shootHtml(join(OUT, `${name}.png`), html, width, height)
}

function pageHtml(
  comp: { dom: HTMLElement; data: Record<string, unknown> },
  opts: { width?: number; dark?: boolean } = {},
): string {
  const width = opts.width ?? WIDTH
  const dark = opts.dark ?? false
  const styles = Array.from(document.head.querySelectorAll('style'))
    .map((s) => s.textContent ?? '')
    .join('\n')
  // Inputs render no text under simulate: show their value as the phone would.
  comp.dom
    .querySelectorAll('wx-input')
    .forEach((el) => el.setAttribute('data-shown', String(comp.data.sdkInput ?? '')))
  return `<!doctype html><html><head><meta charset="utf-8"><style>${baseCss(width, dark)}</style><style>${pageCss(rpxToPx(styles, width), dark)}</style></head><body>${comp.dom.outerHTML}</body></html>`
}

function scenario(failures: boolean) {
  return ({ url, kind }: { url: string; kind: string }): Behaviour => {
    if (failures && url.includes('coolhcloud') && kind !== 'socket') {
      return { kind: 'fail', delayMs: 30, errMsg: `${kind}:fail url not in domain list`, errno: 600002 }
    }
    if (failures && url === 'wss://accesshub-global.coolzcloud.com') return { kind: 'hang' }
    if (failures && url === 'wss://weblogger-wss.coolgcloud.com') {
      return { kind: 'error', delayMs: 40, errMsg: "Expected HTTP 101 response but was '404 Not Found'" }
    }
    const delay = 20 + ((url.length * 7) % 180)
    return kind === 'socket'
      ? { kind: 'open', delayMs: delay, profile: { handshakeCost: 35 } }
      : {
          kind: 'success',
          delayMs: delay,
          statusCode: 200,
          profile: {
            domainLookUpStart: 1,
            domainLookUpEnd: 9,
            connectStart: 9,
            connectEnd: 40,
            SSLconnectionStart: 20,
            SSLconnectionEnd: 40,
            requestStart: 41,
            responseStart: 95,
          },
        }
  }
}

async function render(
  name: string,
  opts: {
    env?: EnvOverrides
    failures?: boolean
    state: 'idle' | 'running' | 'done'
    height: number
    expandFirstFailure?: boolean
    fakeOptions?: FakeWxOptions
    /** Replaces the scenario's script. */
    script?: (call: { url: string; kind: string }) => Behaviour
    /** Runs while the run is going (e.g. the app goes to the background). */
    whileRunning?: (fake: FakeWx) => void
    sdk?: string
    width?: number
    dark?: boolean
    /** Unfold the passing rows of the first group. */
    openFirstGroup?: boolean
  },
) {
  jest.resetModules()
  const { fake } = installFakeWx(opts.script ?? scenario(opts.failures ?? false), opts.env, opts.fakeOptions)
  const { comp } = mountPanel({ sdk: opts.sdk ?? '2.13.0', timeout: 5000 })
  await sleep(50)
  if (opts.state !== 'idle') {
    comp.querySelector('.nc-primary').dispatchEvent('tap')
    if (opts.state === 'running') await sleep(120)
    if (opts.whileRunning) {
      opts.whileRunning(fake)
      await sleep(1800)
    } else await until(() => comp.data.phase === 'done', 15_000)
    await sleep(250)
  }
  if (opts.expandFirstFailure) {
    const failed = comp
      .querySelectorAll('.nc-row-main')
      .find((r: { dom: HTMLElement }) => r.dom.querySelector('.netcheck-panel--nc-fail'))
    failed?.dispatchEvent('tap')
    await sleep(250)
  }
  if (opts.openFirstGroup) {
    comp.querySelectorAll('.nc-ghead')[0]?.dispatchEvent('tap')
    await sleep(250)
  }
  await shoot(name, pageHtml(comp, opts), opts.height, opts.width)
  comp.detach()
}

/** A failures-first scenario: not-whitelisted HTTP domains, a TLS-intercepted domain, a refused upgrade. */
function failuresFirst({ url, kind }: { url: string; kind: string }): Behaviour {
  if (url.includes('coolzcloud') && kind !== 'socket')
    return { kind: 'fail', delayMs: 30, errMsg: 'request:fail ssl hand shake error' }
  return scenario(true)({ url, kind })
}

/** A saved report, on the report page, and the history list: the pages around the panel. */
async function renderPages() {
  jest.resetModules()
  const store = new Map<string, unknown>()
  const g = globalThis as unknown as { wx: Record<string, unknown> }
  installFakeWx(scenario(true))
  Object.assign(g.wx, {
    getStorageSync: (k: string) => (store.has(k) ? store.get(k) : ''),
    setStorageSync: (k: string, v: unknown) => void store.set(k, JSON.parse(JSON.stringify(v))),
    removeStorageSync: (k: string) => void store.delete(k),
  })
  const { History } = await import('../../miniprogram/platform/history')
  const { report2130 } = await import('../../test/helpers/reports')
  const history = new History(g.wx as never)
  const older = { ...report2130(), createdAt: '2026-11-27T02:05:00.000Z' }
  history.save(older)
  const saved = history.save(report2130())
  const page = SIMULATE.render(
    SIMULATE.load(join(ROOT, 'pages/report/index'), 'report-page', { rootPath: ROOT }),
  )
  page.attach(document.createElement('parent-wrapper'))
  page.instance.onLoad({ id: saved.id })
  await sleep(100)
  await shoot('report-page', pageHtml(page), 2300)
  page.detach()
  const hist = SIMULATE.render(
    SIMULATE.load(join(ROOT, 'pages/history/index'), 'history-page', { rootPath: ROOT }),
  )
  hist.attach(document.createElement('parent-wrapper'))
  hist.instance.onShow()
  await sleep(100)
  await shoot('history', pageHtml(hist), 400)
  hist.detach()
}

test('screens of the panel in its main states', async () => {
  await render('idle', { state: 'idle', height: 1100 })
  await render('running', { state: 'running', failures: true, height: 1100 })
  await render('finished-failures', { state: 'done', failures: true, height: 2000, expandFirstFailure: true })
  // Problems first: 46 rows (2.13.0) and 63 (sdk=all), the failing ones on top of folded groups.
  await render('failures-first-46', { state: 'done', script: failuresFirst, height: 1900 })
  await render('failures-first-63', { state: 'done', script: failuresFirst, sdk: 'all', height: 1900 })
  await render('dark', {
    state: 'done',
    script: failuresFirst,
    height: 1900,
    dark: true,
    expandFirstFailure: true,
  })
  await render('english-320', {
    state: 'done',
    script: failuresFirst,
    env: { language: 'en' },
    width: 320,
    height: 2100,
    openFirstGroup: true,
  })
  await render('not-enforced', { state: 'done', env: { enableDebug: true }, height: 1100 })
  // The host holds 2 sockets (found out from the platform's refusals), then the app goes to the background.
  await render('background-host-sockets', {
    state: 'running',
    failures: true,
    height: 1200,
    fakeOptions: { hostSockets: 2 },
    // Sockets answer after 1.6 s: the refused ones use up their retries (1.4 s) and the pool shrinks to 3.
    script: (call) => (call.kind === 'socket' ? { kind: 'open', delayMs: 1600 } : scenario(true)(call)),
    whileRunning: (fake) => setTimeout(() => fake.hide(), 1700),
  })
  await renderPages()
  for (const name of [
    'idle',
    'running',
    'finished-failures',
    'failures-first-46',
    'failures-first-63',
    'dark',
    'english-320',
    'not-enforced',
    'background-host-sockets',
    'report-page',
    'history',
  ]) {
    expect(existsSync(join(OUT, `${name}.png`))).toBe(true)
  }
})
