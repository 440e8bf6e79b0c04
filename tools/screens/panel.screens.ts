/** @jest-environment jsdom */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Behaviour, FakeWx, FakeWxOptions } from '../../test/helpers/fake-wx'
import { EnvOverrides, installFakeWx, mountPanel, sleep, until } from '../../test/helpers/panel'

const OUT = join(__dirname, '../../docs/screens')
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'
const WIDTH = 375

// What the WeChat runtime gives its built-in components, roughly: enough for a faithful picture.
const BASE_CSS = `
  html, body { margin: 0; background: #f7f7f7; width: ${WIDTH}px; }
  body { font-family: 'PingFang SC', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif; -webkit-font-smoothing: antialiased; }
  wx-view, wx-picker, wx-button, wx-input, wx-block { display: block; }
  wx-text { display: inline; }
  wx-button { text-align: center; padding: 10px 0; border: none; }
  wx-button[disabled="true"] { opacity: 0.5; }
  wx-input { min-height: 1.4em; }
  wx-input::after { content: attr(data-shown); }
`

/** simulate maps 1rpx to 1px; a 375 px wide phone shows 1rpx as 0.5px. */
const rpxToPx = (css: string) => css.replace(/(-?\d*\.?\d+)px/g, (_, n) => `${Number(n) / 2}px`)

async function shoot(name: string, html: string, height: number) {
  if (!existsSync(OUT)) mkdirSync(OUT, { recursive: true })
  const dir = mkdtempSync(join(tmpdir(), 'zim-screens-'))
  const file = join(dir, `${name}.html`)
  writeFileSync(file, html)
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
      `--window-size=${WIDTH},${height}`,
      `--screenshot=${join(OUT, `${name}.png`)}`,
      `file://${file}`,
    ],
    { stdio: 'ignore', timeout: 60_000 },
  )
}

function pageHtml(comp: { dom: HTMLElement; data: Record<string, unknown> }): string {
  const styles = Array.from(document.head.querySelectorAll('style'))
    .map((s) => s.textContent ?? '')
    .join('\n')
  // Inputs render no text under simulate: show their value as the phone would.
  comp.dom
    .querySelectorAll('wx-input')
    .forEach((el) => el.setAttribute('data-shown', String(comp.data.sdkInput ?? '')))
  return `<!doctype html><html><head><meta charset="utf-8"><style>${BASE_CSS}</style><style>${rpxToPx(styles)}</style></head><body>${comp.dom.outerHTML}</body></html>`
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
  },
) {
  jest.resetModules()
  const { fake } = installFakeWx(opts.script ?? scenario(opts.failures ?? false), opts.env, opts.fakeOptions)
  const { comp } = mountPanel({ sdk: '2.13.0', timeout: 5000 })
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
      .querySelectorAll('.nc-row')
      .find((r: { dom: HTMLElement }) => r.dom.querySelector('.netcheck-panel--nc-fail'))
    failed?.dispatchEvent('tap')
    await sleep(250)
  }
  await shoot(name, pageHtml(comp), opts.height)
  comp.detach()
}

test('screens of the panel in its main states', async () => {
  await render('idle', { state: 'idle', height: 1100 })
  await render('running', { state: 'running', failures: true, height: 1100 })
  await render('finished-failures', { state: 'done', failures: true, height: 2000, expandFirstFailure: true })
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
  for (const name of ['idle', 'running', 'finished-failures', 'not-enforced', 'background-host-sockets']) {
    expect(existsSync(join(OUT, `${name}.png`))).toBe(true)
  }
})
