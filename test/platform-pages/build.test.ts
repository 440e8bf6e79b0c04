/**
 * `npm run build -- --platform <p>` (tools/build-platform.js): each platform's project is complete and in that
 * platform's formats, holds no WeChat attribute or `wx` reference outside the WeChat build, and its built
 * panel, history and report run on that platform's fake API (a probe run with failures, copy, history).
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as ts from 'typescript'
import {
  applyPatch,
  failuresScript,
  fakePlatform,
  isCanary,
  loadDefinition,
  mountBuilt,
  Platform,
  refusedAsNotListed,
  sleep,
  until,
} from './harness'
import type { MiniBehaviour, MiniCall } from '../helpers/fake-mini'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildPlatform, platformArg, appConfig } = require('../../tools/build-platform.js')
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TARGETS } = require('../../tools/platforms/targets.js')
// eslint-disable-next-line @typescript-eslint/no-require-imports
const template = require('../../tools/platforms/template.js')

const SRC = join(__dirname, '../../miniprogram')
const PLATFORMS: Platform[] = ['alipay', 'douyin', 'baidu', 'qq', 'xhs', 'wechat']
const OTHERS = PLATFORMS.filter((p) => p !== 'wechat')
const UNITS = {
  pages: ['pages/netcheck/index', 'pages/report/index', 'pages/history/index'],
  components: ['components/netcheck-panel/index', 'components/report-view/index'],
}

/** The keys each IDE needs in its project file (docs/platforms.md, "Projects"). */
const REQUIRED: Record<Platform, string[]> = {
  alipay: ['format', 'compileType', 'compileOptions'],
  douyin: ['appid', 'projectname', 'setting'],
  baidu: ['appid', 'compilation-args', 'setting'],
  qq: ['qqappid', 'compileType', 'setting'],
  xhs: ['appid', 'compileType', 'setting'],
  wechat: ['appid', 'compileType', 'miniprogramRoot', 'setting'],
}

const root = mkdtempSync(join(tmpdir(), 'zim-platforms-'))
const dist = (p: Platform) => join(root, p)
const read = (p: Platform, rel: string) => readFileSync(join(dist(p), rel), 'utf8')

beforeAll(async () => {
  for (const p of PLATFORMS) await buildPlatform(p, dist(p))
}, 120_000)
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** Every reference to the identifier `name` in a JS file (not a property name; comments and strings skipped). */
function identifierUses(code: string, name: string): number {
  const file = ts.createSourceFile('x.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)
  let count = 0
  const visit = (n: ts.Node) => {
    if (ts.isIdentifier(n) && n.text === name) {
      const p = n.parent
      const isPropertyName =
        (ts.isPropertyAccessExpression(p) && p.name === n) ||
        ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p)) &&
          p.name === n)
      if (!isPropertyName) count++
    }
    ts.forEachChild(n, visit)
  }
  visit(file)
  return count
}

describe.each(PLATFORMS)('%s project', (p) => {
  const t = () => TARGETS[p]

  test('its project file is valid JSON with the keys its IDE needs', () => {
    const project = JSON.parse(read(p, t().project))
    for (const key of REQUIRED[p]) expect(project).toHaveProperty([key])
  })

  test('app.json lists the three pages; every page and component has its four files', () => {
    const app = JSON.parse(read(p, 'app.json'))
    expect(app.pages).toEqual(JSON.parse(readFileSync(join(SRC, 'app.json'), 'utf8')).pages)
    expect(existsSync(join(dist(p), 'app.js'))).toBe(true)
    expect(existsSync(join(dist(p), `app${t().ext.style}`))).toBe(true)
    for (const unit of [...UNITS.pages, ...UNITS.components]) {
      for (const ext of ['.json', '.js', t().ext.template])
        expect(existsSync(join(dist(p), unit + ext))).toBe(true)
      const config = JSON.parse(read(p, `${unit}.json`))
      if (unit.startsWith('components/')) expect(config.component).toBe(true)
    }
  })

  test('every template has its WXML source structure', () => {
    for (const unit of [...UNITS.pages, ...UNITS.components]) {
      const components = Object.keys(
        JSON.parse(readFileSync(join(SRC, `${unit}.json`), 'utf8')).usingComponents ?? {},
      )
      const source = template.structure(
        template.parseTemplate(readFileSync(join(SRC, `${unit}.wxml`), 'utf8'), 'wechat'),
        components,
      )
      const built = template.structure(
        template.parseTemplate(read(p, unit + t().ext.template), p),
        components,
      )
      expect(built).toEqual(source)
    }
  })
})

describe.each(OTHERS)('%s build holds nothing of WeChat', (p) => {
  test('no wx: attribute or WeChat event form in a template', () => {
    for (const unit of [...UNITS.pages, ...UNITS.components]) {
      const text = read(p, unit + TARGETS[p].ext.template)
      expect(text).not.toMatch(/\swx:/)
      expect(template.foreignAttributes(text, p)).toEqual([])
    }
  })
  test('no `wx` referenced in any JS file', () => {
    for (const unit of ['app', ...UNITS.pages, ...UNITS.components]) {
      expect([unit, identifierUses(read(p, `${unit}.js`), 'wx')]).toEqual([unit, 0])
    }
  })
  test('its configs use its own keys', () => {
    const app = JSON.parse(read(p, 'app.json'))
    expect(app).not.toHaveProperty(['lazyCodeLoading'])
    expect(app).not.toHaveProperty(['sitemapLocation'])
    if (p === 'alipay') {
      expect(app.window.defaultTitle).toBe('ZIM 网络检测')
      expect(JSON.parse(read(p, 'pages/history/index.json')).defaultTitle).toBe('检测历史')
    }
  })
})

describe.each(OTHERS)('%s app.json: no theme variable (theme.json is WeChat-only)', (p) => {
  test('every window value is plain: "@navBg"-style variables resolved to theme.json light values', () => {
    const theme = JSON.parse(readFileSync(join(SRC, 'theme.json'), 'utf8'))
    const app = JSON.parse(read(p, 'app.json'))
    expect(JSON.stringify(app)).not.toMatch(/"@/)
    expect(app).not.toHaveProperty(['darkmode'])
    expect(app).not.toHaveProperty(['themeLocation'])
    const colours =
      p === 'alipay'
        ? [app.window.titleBarColor, app.window.backgroundColor, app.window.navigationBarFrontColor]
        : [
            app.window.navigationBarBackgroundColor,
            app.window.backgroundColor,
            app.window.navigationBarTextStyle,
          ]
    expect(colours).toEqual([theme.light.navBg, theme.light.pageBg, theme.light.navText])
  })
})

test('WeChat keeps its theme variables; a variable theme.json lacks stops the build with its name', () => {
  const wechat = JSON.parse(read('wechat', 'app.json'))
  expect(wechat.window.navigationBarBackgroundColor).toBe('@navBg')
  expect(wechat.themeLocation).toBe('theme.json')
  const app = {
    pages: ['pages/netcheck/index'],
    themeLocation: 'theme.json',
    window: { navigationBarTitleText: 'x', navigationBarBackgroundColor: '@nope' },
  }
  expect(() => appConfig(app, 'douyin')).toThrow(
    'app.json window.navigationBarBackgroundColor: theme variable @nope has no light value in theme.json',
  )
})

describe('Alipay component styles stay in the component (styleIsolation, 组件配置.md)', () => {
  test.each(UNITS.components)('%s: apply-shared, and no :host left in its ACSS', (unit) => {
    expect(JSON.parse(read('alipay', `${unit}.json`)).styleIsolation).toBe('apply-shared')
    const acss = read('alipay', `${unit}.acss`)
    expect(acss).not.toMatch(/:host\b/)
    // The custom properties :host held now sit on the component's root class.
    const root = /^\s*<[\w-]+\b[^>]*?\bclass="([\w-]+)/.exec(read('alipay', `${unit}.axml`))![1]
    expect(acss).toMatch(new RegExp(`(^|\\n)\\.${root} \\{\\s*--nc-text:`))
  })
  test('pages take no styleIsolation, and Douyin / Baidu components none either (not documented there)', () => {
    for (const unit of UNITS.pages)
      expect(JSON.parse(read('alipay', `${unit}.json`))).not.toHaveProperty(['styleIsolation'])
    for (const p of ['douyin', 'baidu'] as const)
      for (const unit of UNITS.components)
        expect(JSON.parse(read(p, `${unit}.json`))).not.toHaveProperty(['styleIsolation'])
  })
})

test('the scan finds a wx reference where there is one (it can fail)', () => {
  expect(identifierUses(read('wechat', 'components/netcheck-panel/index.js'), 'wx')).toBeGreaterThan(0)
  expect(identifierUses('var s = "wx.request"; // wx.x\nvar r = /wx\\./;', 'wx')).toBe(0)
  expect(identifierUses('a = b / 2; wx.request({}); o.wx = { wx: 1 }; typeof wx', 'wx')).toBe(2)
})

test('Alipay components never call Behavior (Alipay has none)', () => {
  for (const unit of UNITS.components)
    expect(identifierUses(read('alipay', `${unit}.js`), 'Behavior')).toBe(0)
})

test('--platform with a bad or missing value is one clear sentence', () => {
  expect(platformArg(['--platform', 'weixin'])).toEqual({
    ok: false,
    error: '--platform needs one of wechat, alipay, douyin, baidu, qq, xhs (got "weixin")',
  })
  expect(platformArg(['--platform']).ok).toBe(false)
  expect(platformArg(['--platform=baidu'])).toEqual({ ok: true, name: 'baidu' })
})

describe.each(PLATFORMS)('%s: the built pages run on the platform fake', (p) => {
  // jest's fake clock drives the fake platform, the engine and view sync (sleep/until in the harness move it).
  beforeEach(() => jest.useFakeTimers())
  afterEach(() => jest.useRealTimers())

  test('a run with failures, its report copied and kept in the history', async () => {
    const api = fakePlatform(p, failuresScript(p))
    const panel = mountBuilt(dist(p), 'components/netcheck-panel/index', p, api, {
      sdk: '2.13.0',
      timeout: 5000,
    })
    try {
      // The environment comes from this platform's reader.
      const env = JSON.stringify(panel.data.env)
      const appId = {
        alipay: '2021000000000000',
        douyin: 'tt0123',
        baidu: 'bd0123',
        qq: '1112223334',
        xhs: 'xhs0123',
        wechat: 'wx0123',
      }[p]
      expect(env).toContain(appId)
      panel.call('onStart')
      await until(() => panel.data.phase === 'done', 15_000)
      await sleep(250)
      const run = panel.data.run as { groups: { rows: { status: string }[] }[]; hasFailed: boolean }
      const statuses = run.groups.flatMap((g) => g.rows.map((r) => r.status))
      expect(statuses).toContain('fail')
      expect(statuses.filter((s) => s === 'pass' || s === 'warn').length).toBeGreaterThan(5)
      expect(api.network.calls.length).toBeGreaterThan(10)
      expect(api.network.open).toBe(0)
      // Alipay sockets are opened with multiple: true (never closing the host's own).
      if (p === 'alipay')
        expect(
          api.network.calls.filter((c) => c.kind === 'socket').every((c) => c.options.multiple === true),
        ).toBe(true)
      expect(panel.events.map((e) => e[0])).toContain('report')
      panel.call('onCopyReport')
      await until(() => api.clipboard.length === 1)
      expect(api.clipboard[0]).toContain('2.13.0')
      panel.call('onSendFile')
      await sleep(20)
      if (p !== 'wechat')
        expect(panel.data.shareMessage).toBe('此平台不支持发送文件。请改用“复制结果文本”或“分享卡片”')
    } finally {
      panel.detach()
      api.dispose()
    }
    // The history page lists the run; the report view shows it.
    const history = loadDefinition(join(dist(p), 'pages/history/index.js'), p, api)
    expect(history.kind).toBe(p === 'wechat' ? 'Component' : 'Page')
    const list = mountPage(history.def)
    list.call('onShow')
    expect((list.data.items as unknown[]).length).toBe(1)
    const id = (list.data.items as { id: string }[])[0].id
    const view = mountBuilt(dist(p), 'components/report-view/index', p, api, { reportId: id })
    expect(view.data.error).toBe('')
    expect(JSON.stringify(view.data.view)).toContain('2.13.0')
  }, 30_000)
})

describe('Alipay report page: its share card through $selectComponent (组件对象.md, base library 2.8.0+)', () => {
  const share = (page: Record<string, unknown>) => {
    const api = fakePlatform('alipay', failuresScript('alipay'))
    const { def } = loadDefinition(join(dist('alipay'), 'pages/report/index.js'), 'alipay', api)
    // The page instance has the definition's functions as its own (Page({...})), and what the platform adds.
    const self: Record<string, unknown> = { ...def, data: { ...(def.data as object) }, ...page }
    try {
      return (def.onShareAppMessage as () => unknown).call(self)
    } finally {
      api.dispose()
    }
  }
  it('the page asks $selectComponent for the report view and shares what the built view returns', () => {
    const api = fakePlatform('alipay', failuresScript('alipay'))
    const view = mountBuilt(dist('alipay'), 'components/report-view/index', 'alipay', api, {})
    const asked: string[] = []
    try {
      const card = share({
        $selectComponent: (sel: string) => {
          asked.push(sel)
          return { shareMessage: () => view.call('shareMessage') }
        },
      })
      expect(asked).toEqual(['#rv'])
      expect(card).toEqual(view.call('shareMessage'))
      expect(card).toMatchObject({ path: expect.stringMatching(/^\/pages\//) })
    } finally {
      view.detach()
      api.dispose()
    }
  })
  it('before 2.8.0 (no $selectComponent) the page does not throw: the platform default card', () => {
    expect(share({})).toEqual({})
  })
})

/** A page definition (Page({...}) or WeChat's Component({data, methods})) with setData. */
function mountPage(def: Record<string, unknown>) {
  const data: Record<string, unknown> = { ...((def.data as object) ?? {}) }
  const methods = (def.methods ?? def) as Record<string, unknown>
  const self: Record<string, unknown> = { data, setData: (d: Record<string, unknown>) => applyPatch(data, d) }
  for (const [k, v] of Object.entries(methods)) if (typeof v === 'function') self[k] = v
  return { data, call: (name: string, e?: unknown) => (self[name] as (e: unknown) => unknown).call(self, e) }
}

/*
 * The contract scenarios (test/platform/contract-scenarios.test.ts) on each platform's built panel: one request
 * host fails the way the platform says it does, everything else answers; the report the page emits must give
 * that host the verdict the platform's docs imply, and the others a pass. Wordings as in fake-mini's rules and
 * the adapters' sources (docs/platforms.md).
 */
type Fault = 'not_whitelisted' | 'tls' | 'dns' | 'timeout'
const BROKEN = 'coolzcloud'

function says(p: Platform, fault: Fault, kind: MiniCall['kind']): MiniBehaviour | undefined {
  if (fault === 'timeout') return { kind: 'hang' }
  if (p === 'alipay') {
    // my.request: 4 / 11 no permission (常见API错误码大全.md); 19 HTTP error with a certificate cause (my.request
    // 常见问题.md); 12 network error with the system's text for a name not found.
    if (fault === 'not_whitelisted') return { kind: 'fail', delayMs: 5, code: 4, msg: '无权跨域调用' }
    if (fault === 'tls') return { kind: 'fail', delayMs: 5, code: 19, msg: 'SSL 证书错误' }
    return { kind: 'fail', delayMs: 5, code: 12, msg: '未能找到使用指定主机名的服务器。' }
  }
  if (p === 'baidu') {
    // Baidu documents no not-in-list wording (SWAN_RULES.notInList): not a scenario there. TLS / DNS: the iOS
    // system's NSURLError descriptions, which swan passes through.
    if (fault === 'not_whitelisted') return undefined
    const msg =
      fault === 'tls' ? '发生了 SSL 错误，无法建立与该服务器的安全连接。' : '未能找到使用指定主机名的服务器。'
    return { kind: 'fail', delayMs: 5, msg }
  }
  // WeChat and QQ (wx's words), Douyin ("url not in domain list, url == …", TT_RULES.notInList).
  const msg =
    fault === 'not_whitelisted'
      ? p === 'douyin'
        ? `url not in domain list, url == https://x.${BROKEN}.com`
        : 'url not in domain list'
      : fault === 'tls'
        ? 'net::ERR_CERT_AUTHORITY_INVALID'
        : 'net::ERR_NAME_NOT_RESOLVED'
  void kind
  return { kind: 'fail', delayMs: 5, msg }
}

describe.each(PLATFORMS)('%s: contract scenarios on the built panel', (p) => {
  beforeEach(() => jest.useFakeTimers())
  afterEach(() => jest.useRealTimers())

  const faults: Fault[] = ['not_whitelisted', 'tls', 'dns', 'timeout']
  test.each(faults.filter((f) => says(p, f, 'request') !== undefined))('%s', async (fault) => {
    const api = fakePlatform(p, (call) =>
      isCanary(call)
        ? refusedAsNotListed(p, call)
        : call.url.includes(BROKEN) && call.kind === 'request'
          ? (says(p, fault, call.kind) as MiniBehaviour)
          : { kind: 'success', delayMs: 20, status: 200 },
    )
    const panel = mountBuilt(dist(p), 'components/netcheck-panel/index', p, api, {
      sdk: '2.13.0',
      only: 'request',
      timeout: 3000,
    })
    try {
      panel.call('onStart')
      await until(() => panel.data.phase === 'done', 60_000)
      const sent = panel.events.find((e) => e[0] === 'report')?.[1] as {
        report: { results: { url: string; status: string; error?: { category: string } }[] }
      }
      const verdicts = sent.report.results.map((r) => [
        r.url.includes(BROKEN),
        r.status,
        r.status === 'fail' ? r.error?.category : undefined,
      ])
      expect(verdicts.length).toBe(12)
      for (const [broken, status, category] of verdicts)
        expect({ broken, status, category }).toEqual(
          broken
            ? { broken, status: 'fail', category: fault }
            : { broken, status: 'pass', category: undefined },
        )
      expect(api.network.open).toBe(0)
    } finally {
      panel.detach()
      api.dispose()
    }
  })
})
