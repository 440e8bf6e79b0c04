import * as fs from 'node:fs'
import * as path from 'node:path'
import { PANEL_TEXT, SEND_TEXT, STRINGS } from '../../miniprogram/core/text'

// Issue 15, read from the sources: every tappable element has a role and is at least 88rpx high, status
// elements say what they are, dark mode and host-overridable variables exist and are documented, no prose
// breaks mid-word, and every button an error text names exists.

const ROOT = path.join(__dirname, '../../miniprogram')
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8')
const WXML = [
  'components/netcheck-panel/index.wxml',
  'components/report-view/index.wxml',
  'pages/history/index.wxml',
]
const wxssOf = (wxml: string) => read(wxml.replace(/\.wxml$/, '.wxss'))

/** Opening tags, with their attributes. */
function tags(wxml: string): { name: string; attrs: Record<string, string> }[] {
  return Array.from(wxml.matchAll(/<([a-z-]+)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>/g)).map((m) => ({
    name: m[1],
    attrs: Object.fromEntries(
      Array.from(m[2].matchAll(/([\w:-]+)(?:="([^"]*)")?/g)).map((a) => [a[1], a[2] ?? '']),
    ),
  }))
}

/** Variables defined on :host (first block), to resolve var(--x). */
function hostVars(wxss: string): Record<string, string> {
  const block = /:host\s*\{([^}]*)\}/.exec(wxss)?.[1] ?? ''
  return Object.fromEntries(
    Array.from(block.matchAll(/(--[\w-]+):\s*([^;]+);/g)).map((m) => [m[1], m[2].trim()]),
  )
}

/** The largest min-height or height any rule gives a class, in rpx (0 when none). */
function tapHeight(wxss: string, cls: string): number {
  const vars = hostVars(wxss)
  let best = 0
  for (const m of wxss.replace(/:host\s*\{[^}]*\}/g, '').matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const selectors = m[1].split(',').map((s) => s.trim())
    if (!selectors.some((s) => new RegExp(`(^|[\\s>])\\.${cls}$`).test(s))) continue
    for (const d of m[2].matchAll(/(?:^|;|\s)(min-height|height|line-height):\s*([^;]+);/g)) {
      const value = d[2].replace(/var\((--[\w-]+)\)/, (_, v: string) => vars[v] ?? '')
      const rpx = /^(\d+)rpx$/.exec(value.trim())
      if (rpx) best = Math.max(best, Number(rpx[1]))
    }
  }
  return best
}

describe('tap targets and roles', () => {
  it.each(WXML)('%s: every element with a tap handler has a role and is ≥ 88rpx high', (file) => {
    const wxml = read(file)
    const wxss = wxssOf(file)
    const tappable = tags(wxml).filter((t) => 'bindtap' in t.attrs)
    expect(tappable.length).toBeGreaterThan(0)
    for (const t of tappable) {
      const classes = t.attrs.class
        .replace(/\{\{[^}]*\}\}/g, ' ')
        .split(/\s+/)
        .filter(Boolean)
      if (t.name !== 'button')
        expect({ tag: t.attrs.class, role: t.attrs['aria-role'] }).toEqual({
          tag: t.attrs.class,
          role: expect.any(String),
        })
      const height = Math.max(...classes.map((c) => tapHeight(wxss, c)))
      expect({ class: t.attrs.class, height }).toEqual({ class: t.attrs.class, height: expect.any(Number) })
      expect(height).toBeGreaterThanOrEqual(88)
    }
  })

  it('the measure reads grouped selectors and variables, and sees a class without a height', () => {
    const wxss = ':host { --t: 90rpx; }\n.a,\n.b { min-height: var(--t); }\n.c { height: 40rpx; }'
    expect(tapHeight(wxss, 'b')).toBe(90)
    expect(tapHeight(wxss, 'c')).toBe(40)
    expect(tapHeight(wxss, 'd')).toBe(0)
  })

  it('the verdict, progress, notices and messages say they are status; errors are alerts', () => {
    const panel = tags(read('components/netcheck-panel/index.wxml'))
    const role = (cls: string) => panel.find((t) => (t.attrs.class ?? '').startsWith(cls))?.attrs['aria-role']
    expect(role('nc-verdict')).toBe('status')
    expect(role('nc-progress')).toBe('progressbar')
    expect(role('nc-notice')).toBe('status')
    expect(role('nc-hint nc-share-msg')).toBe('status')
    expect(role('nc-error')).toBe('alert')
    expect(role('nc-alert')).toBe('alert')
    // Status text beside every colour: each row's coloured status is its own words.
    expect(read('components/netcheck-panel/index.wxml')).toContain(
      '<text class="nc-st nc-{{item.status}}">{{item.statusText}}</text>',
    )
  })
})

describe('colours, dark mode and text', () => {
  it('the app opts into dark mode with a theme.json that has every variable app.json uses', () => {
    const app = JSON.parse(read('app.json'))
    expect(app.darkmode).toBe(true)
    const theme = JSON.parse(read(app.themeLocation))
    const used = Array.from(JSON.stringify(app.window).matchAll(/"@(\w+)"/g)).map((m) => m[1])
    expect(used.length).toBeGreaterThan(0)
    for (const mode of ['light', 'dark']) for (const v of used) expect(theme[mode][v]).toMatch(/\S/)
  })

  it.each(['components/netcheck-panel/index.wxss', 'components/report-view/index.wxss'])(
    '%s: colours are variables on :host, redefined for dark mode; no break-all',
    (file) => {
      const wxss = read(file)
      const vars = hostVars(wxss)
      expect(Object.keys(vars).length).toBeGreaterThan(10)
      const dark = /@media \(prefers-color-scheme: dark\)\s*\{\s*:host\s*\{([^}]*)\}/.exec(wxss)?.[1] ?? ''
      expect(dark).toMatch(/--nc-card:/)
      expect(dark).toMatch(/--nc-text:/)
      // Outside the variable blocks no rule names a colour of its own: a host can restyle everything.
      const rules = wxss
        .replace(/@media[^{]*\{\s*:host\s*\{[^}]*\}\s*\}/g, '')
        .replace(/:host\s*\{[^}]*\}/g, '')
      expect(rules).not.toMatch(/#[0-9a-f]{3,6}\b|rgba?\(/i)
      expect(wxss).not.toMatch(/break-all/)
    },
  )

  it('the README documents every variable a host can override', () => {
    const readme = fs.readFileSync(path.join(ROOT, '../README.md'), 'utf8')
    for (const v of Object.keys(hostVars(read('components/netcheck-panel/index.wxss'))))
      expect(readme).toMatch(new RegExp(`\\| \`${v}\` +\\|`))
  })

  it('error texts name only buttons that exist', () => {
    const labels = new Set([...Object.values(STRINGS.zh), ...Object.values(PANEL_TEXT.zh)])
    const named = Object.values(SEND_TEXT.zh).flatMap((t) =>
      Array.from(t.matchAll(/“([^”]+)”/g)).map((m) => m[1]),
    )
    expect(named.length).toBeGreaterThan(2)
    for (const n of named.filter((x) => x !== '剪切板')) expect(labels).toContain(n)
    // "Copy all" says what it copies: a block per category, not a ;-joined list.
    expect(STRINGS.zh.copyAll).not.toBe(PANEL_TEXT.zh.copyAll)
    expect(PANEL_TEXT.zh.copyAll).toContain('每个类别一段')
  })
})
