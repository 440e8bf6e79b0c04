/** @jest-environment jsdom */
import { join } from 'node:path'
import { Behaviour, CallInfo } from '../../test/helpers/fake-wx'
import { installFakeWx, mountPanel, sleep, until } from '../../test/helpers/panel'
import { pageCss, shootHtml } from './chromium'

// Issue 32, item 3: the panel's "发送给技术支持 / Send to support" after a run, as `npm run screens` draws the
// panel (panel.screens.ts): sent, and the collector's domain not whitelisted.

const OUT = process.env.ZIM_SCREENS_OUT ?? join(__dirname, '../../docs/screens')
const WIDTH = 375
const baseCss = `
  html, body { margin: 0; background: #f7f7f7; width: ${WIDTH}px; }
  body { font-family: 'PingFang SC', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif; }
  wx-view, wx-picker, wx-button, wx-input, wx-block { display: block; }
  wx-text { display: inline; }
  wx-button { text-align: center; padding: 10px 0; border: none; }
  wx-input { min-height: 1.4em; }
`
const rpxToPx = (css: string) => css.replace(/(-?\d*\.?\d+)px/g, (_, n) => `${(Number(n) * WIDTH) / 750}px`)
const COLLECTOR = { url: 'https://collect.example.com', key: 'ingest-key-app1' }

async function shot(name: string, answer: Behaviour, domains?: string[]) {
  jest.resetModules()
  installFakeWx(
    (c: CallInfo): Behaviour =>
      c.url.endsWith('/v1/reports')
        ? answer
        : c.kind === 'socket'
          ? { kind: 'open', delayMs: 20 }
          : { kind: 'success', delayMs: 20 },
    {},
    domains ? { domains } : {},
  )
  const g = globalThis as unknown as { wx: Record<string, unknown> }
  const store = new Map<string, unknown>()
  Object.assign(g.wx, {
    getStorageSync: (k: string) => (store.has(k) ? store.get(k) : ''),
    setStorageSync: (k: string, v: unknown) => void store.set(k, JSON.parse(JSON.stringify(v))),
  })
  const { comp } = mountPanel({ sdk: '2.13.0', only: 'request', collector: COLLECTOR })
  await sleep(50)
  comp.querySelector('.nc-primary').dispatchEvent('tap')
  await until(() => comp.data.phase === 'done', 15_000)
  await sleep(250)
  if (!domains) {
    comp.querySelector('.nc-send .nc-btn').dispatchEvent('tap')
    await until(() => comp.data.send.state === 'sent')
    await sleep(50)
  }
  const styles = Array.from(document.head.querySelectorAll('style'))
    .map((s) => s.textContent ?? '')
    .join('\n')
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>${baseCss}</style><style>${pageCss(rpxToPx(styles))}</style></head><body>${comp.dom.outerHTML}</body></html>`
  shootHtml(join(OUT, `${name}.png`), html, WIDTH, domains ? 2900 : 1300)
  comp.detach()
}

test('screens of send to support', async () => {
  await shot('send-sent', { kind: 'success', delayMs: 30, statusCode: 202, data: { id: '3f2a9c0d41b7e6a5' } })
  await shot('send-blocked', { kind: 'success', statusCode: 202 }, [])
})
