/**
 * `npm run screens`, the other platforms: each platform's build (tools/build-platform.js) runs its panel bundle
 * on that platform's fake API (test/platform-pages/harness.ts), and the GENERATED template (AXML, TTML, SWAN,
 * QML, XHSML: read back by tools/platforms/template.js) is rendered with the panel's data and the generated
 * stylesheet into HTML, which Chromium shoots: docs/screens/<platform>/{idle,finished-failures}.png. What the
 * picture shows therefore went through the generator, not the WXML.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  failuresScript,
  fakePlatform,
  mountBuilt,
  Platform,
  sleep,
  until,
} from '../../test/platform-pages/harness'
import { pageCss, shootHtml } from './chromium'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildPlatform } = require('../build-platform.js')
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TARGETS } = require('../platforms/targets.js')
// eslint-disable-next-line @typescript-eslint/no-require-imports
const template = require('../platforms/template.js')

const OUT = join(__dirname, '../../docs/screens')
const WIDTH = 375
const ALL: Platform[] = ['alipay', 'douyin', 'baidu', 'qq', 'xhs']
/** `ZIM_SCREENS_PLATFORMS=xhs npm run screens -- platforms` renders only those (default: every platform). */
const PLATFORMS = process.env.ZIM_SCREENS_PLATFORMS
  ? ALL.filter((p) => process.env.ZIM_SCREENS_PLATFORMS?.split(',').includes(p))
  : ALL

const BASE_CSS = `
  html, body { margin: 0; background: #f7f7f7; width: ${WIDTH}px; }
  body { font-family: 'PingFang SC', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif; -webkit-font-smoothing: antialiased; }
  .t-view, .t-picker, .t-button, .t-input { display: block; }
  .t-text { display: inline; }
  .t-button { text-align: center; padding: 10px 0; border: none; }
  .t-button[data-disabled="true"] { opacity: 0.5; }
  .t-input { min-height: 1.4em; }
  .platform-tag { position: fixed; right: 6px; top: 6px; font: 10px monospace; color: #999; }
`

/** A 375 px wide phone shows 1rpx as 0.5px. */
const rpxToPx = (css: string) => css.replace(/(-?\d*\.?\d+)rpx/g, (_, n) => `${Number(n) / 2}px`)

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

type Scope = Record<string, unknown>

function evaluate(expr: string, scope: Scope): unknown {
  try {
    // Template expressions are JS expressions over the data (what every platform's runtime evaluates).
    return new Function('__s', `with (__s) { return (${expr}) }`)(scope)
  } catch {
    return undefined
  }
}

const interpolate = (text: string, scope: Scope) =>
  text.replace(/\{\{([\s\S]*?)\}\}/g, (_, e: string) => {
    const v = evaluate(e, scope)
    return v === undefined || v === null ? '' : String(v)
  })

interface Node {
  type: 'element' | 'text'
  tag?: string
  text?: string
  cond?: { kind: string; expr?: string }
  loop?: { list: string; item: string; index: string }
  attrs?: { name: string; value: string; bare: boolean }[]
  children?: Node[]
}

/** The template tree (tools/platforms/template.js) with the data → HTML, conditions and loops applied. */
function render(nodes: Node[], scope: Scope): string {
  let out = ''
  let chainMet = false
  for (const n of nodes) {
    if (n.type === 'text') {
      out += esc(interpolate(n.text ?? '', scope))
      continue
    }
    const one = (s: Scope): string => {
      if (n.cond) {
        if (n.cond.kind === 'if') chainMet = !!evaluate(n.cond.expr ?? '', s) ? true : false
        else if (n.cond.kind === 'elif') {
          if (chainMet) return ''
          chainMet = !!evaluate(n.cond.expr ?? '', s)
        } else if (chainMet) return ''
        else chainMet = true
        const met = n.cond.kind === 'else' || chainMet
        if (!met) return ''
      }
      return element(n, s)
    }
    if (n.loop) {
      const list = evaluate(n.loop.list, scope)
      const items = Array.isArray(list) ? list : []
      items.forEach((item, index) => {
        const s = Object.assign(Object.create(scope), { [n.loop!.item]: item, [n.loop!.index]: index })
        out += one(s)
      })
    } else out += one(scope)
  }
  return out
}

function element(n: Node, scope: Scope): string {
  const inner = render(n.children ?? [], scope)
  if (n.tag === 'block') return inner
  const attrs = Object.fromEntries(
    (n.attrs ?? []).map((a) => [a.name, a.bare ? 'true' : interpolate(a.value, scope)]),
  )
  const cls = `t-${n.tag} ${attrs.class ?? ''}`.trim()
  const style = attrs.style ? ` style="${esc(attrs.style)}"` : ''
  const disabled = attrs.disabled ? ` data-disabled="${esc(attrs.disabled)}"` : ''
  const tag = n.tag === 'text' ? 'span' : 'div'
  const body = n.tag === 'input' ? esc(attrs.value || attrs.placeholder || '') : inner
  return `<${tag} class="${esc(cls)}"${style}${disabled}>${body}</${tag}>`
}

test('screens of each platform build, from its generated template', async () => {
  const root = mkdtempSync(join(tmpdir(), 'zim-platform-screens-'))
  try {
    for (const p of PLATFORMS) {
      const dist = join(root, p)
      await buildPlatform(p, dist)
      const t = TARGETS[p]
      const unit = 'components/netcheck-panel/index'
      const tree = template.parseTemplate(readFileSync(join(dist, unit + t.ext.template), 'utf8'), p)
      const css = [`app${t.ext.style}`, unit + t.ext.style]
        .map((f) => readFileSync(join(dist, f), 'utf8'))
        .join('\n')
      const html = (data: Scope) =>
        `<!doctype html><html><head><meta charset="utf-8"><style>${BASE_CSS}</style><style>${pageCss(rpxToPx(css))}</style></head>` +
        `<body>${render(tree, data)}<div class="platform-tag">${p} · ${t.ext.template}</div></body></html>`
      const dir = join(OUT, p)
      if (!existsSync(dir)) mkdirSync(dir, { recursive: true })

      const api = fakePlatform(p, failuresScript(p))
      const panel = mountBuilt(dist, unit, p, api, { sdk: '2.13.0', timeout: 5000 })
      await sleep(50)
      shootHtml(join(dir, 'idle.png'), html(panel.data), WIDTH, 1100)
      panel.call('onStart')
      await until(() => panel.data.phase === 'done', 15_000)
      await sleep(300)
      const run = panel.data.run as { groups: { rows: { id: string; status: string }[] }[] }
      const failed = run.groups.flatMap((g) => g.rows).find((r) => r.status === 'fail')
      if (failed) panel.call('onToggleRow', { currentTarget: { dataset: { id: failed.id } } })
      shootHtml(join(dir, 'finished-failures.png'), html(panel.data), WIDTH, 2000)
      panel.detach()
      api.dispose()
      for (const name of ['idle', 'finished-failures'])
        expect(existsSync(join(dir, `${name}.png`))).toBe(true)
    }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
})
