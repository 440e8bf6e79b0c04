import * as fs from 'node:fs'
import * as path from 'node:path'
import { PLATFORM_GLOBAL, PlatformId } from '../../miniprogram/core/platforms'
import { validateReport } from '../../miniprogram/core/report/validate'
import {
  buildHostApp,
  buildLazySentinelHost,
  SENTINEL_ENTRY,
  SENTINEL_LAZY_ENTRY,
  SUB_ROOT,
} from '../helpers/host-app'
import { accessTargets, makeRig, settle } from '../sentinel/rig'

// zim-netcheck/sentinel-lazy and zim-netcheck/sentinel as WeChat's compiler uploads them: two builds
// (tools/build-dist.js LAZY_ENTRY), the light one in a main package, its `load` bringing the other's check. They
// must agree on the names they shorten (the hooks the trigger hands the check) and the light one must find the
// platform by its global, as on a phone.

const PLATFORMS: PlatformId[] = ['wechat', 'alipay', 'douyin', 'baidu', 'qq', 'xhs']
const BASE = { collector: 'https://collect.example.com/', appKey: 'ik_demo', consent: true }

type Lazy = { createSentinel(o: unknown): { trigger(r: string): string; running?: Promise<unknown> } }

const app = buildHostApp()
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lazy = require(path.join(app.compiled, SENTINEL_LAZY_ENTRY)) as Lazy
const fullPath = path.join(app.compiled, SENTINEL_ENTRY)
const globals = globalThis as unknown as Record<string, unknown>

afterEach(() => {
  for (const g of Object.values(PLATFORM_GLOBAL)) delete globals[g]
})

it.each(PLATFORMS)(
  'on %s, the compiled light sentinel loads the compiled check and posts its report',
  async (id) => {
    const rig = makeRig(id)
    globals[PLATFORM_GLOBAL[id]] = rig.api
    const loaded: string[] = []
    const s = lazy.createSentinel({
      ...BASE,
      clock: rig.clock,
      random: () => 0,
      load: () => {
        loaded.push(fullPath)
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return Promise.resolve(require(fullPath))
      },
    })
    expect(loaded).toHaveLength(0)
    expect(s.trigger('login failed')).toBe('started')
    await settle(rig.clock)
    expect(loaded).toHaveLength(1)
    expect(rig.probes.map((p) => `${p.kind} ${p.url}`).sort()).toEqual(accessTargets())
    expect(rig.collector.posts).toHaveLength(1)
    const checked = validateReport(JSON.parse(rig.collector.posts[0].body))
    if (!checked.ok) throw new Error(checked.error)
    expect(checked.report.trigger).toEqual({ by: 'sentinel', kind: 'host', reason: 'login failed' })
    expect(checked.report.results.every((r) => r.status === 'pass' || r.status === 'warn')).toBe(true)
    // The check's hooks reached it: the engine was handed back (a hide cancels it) and nothing is left open.
    expect(rig.open()).toBe(0)
    expect(rig.listeners()).toEqual({ hide: 0, network: 0 })
    expect(rig.clock.pending).toBe(0)
  },
)

it('the compiled light sentinel hands the check its engine: hiding the app mid-check cancels it', async () => {
  const rig = makeRig('wechat')
  globals.wx = rig.api
  const s = lazy.createSentinel({
    ...BASE,
    clock: rig.clock,
    random: () => 0,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    load: () => Promise.resolve(require(fullPath)),
  })
  s.trigger('x')
  await settle(rig.clock, 1, 5)
  expect(rig.probes.length).toBeGreaterThan(0)
  rig.hide()
  await settle(rig.clock, 60)
  expect(rig.collector.posts).toHaveLength(0)
  expect(rig.open()).toBe(0)
  expect(rig.clock.pending).toBe(0)
})

describe("the README's recipe in a host: the trigger in the main package, the check in the subpackage", () => {
  const host = buildLazySentinelHost()
  const inMain = (rel: string) => !rel.startsWith(`${SUB_ROOT}/`)

  it('compiles as WeChat uploads it; the main package reaches sentinel-lazy.js alone of the package', () => {
    expect(host.packNpm.warnList).toEqual([])
    const app = fs.readFileSync(path.join(host.compiled, 'app.js'), 'utf8')
    expect(app).toContain('require("zim-netcheck/sentinel-lazy")')
    expect(app).toContain(`require.async("./${SUB_ROOT}/miniprogram_npm/zim-netcheck/sentinel")`)
    // What app.js requires of the package resolves (WeChat: the main package's miniprogram_npm) to one file that
    // requires nothing.
    const lazyFile = fs.readFileSync(path.join(host.compiled, SENTINEL_LAZY_ENTRY), 'utf8')
    expect(lazyFile).not.toMatch(/\brequire\s*\(/)
    expect(inMain(SENTINEL_LAZY_ENTRY)).toBe(true)
    // What require.async names is in the subpackage.
    expect(host.files[`${SUB_ROOT}/${SENTINEL_ENTRY}`]).toBeGreaterThan(0)
  })

  it('runs: no consent loads nothing; a trigger then loads the subpackage check once and posts the report', async () => {
    const rig = makeRig('wechat')
    globals.wx = rig.api
    const asked: string[] = []
    let app:
      | { agreed: boolean; sentinel: { trigger(r: string): string; running?: Promise<unknown> } }
      | undefined
    // The mini-program's module system as far as app.js uses it: a package name from the main package's
    // miniprogram_npm, and require.async relative to the file (分包异步化).
    const appFile = path.join(host.compiled, 'app.js')
    const sandbox = {
      App: (a: typeof app) => (app = a),
      getApp: () => app,
      require: Object.assign(
        (name: string) =>
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          require(path.join(host.compiled, 'miniprogram_npm', `${name}.js`)),
        {
          async: (rel: string) => {
            asked.push(rel)
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            return Promise.resolve(require(path.join(path.dirname(appFile), `${rel}.js`)))
          },
        },
      ),
    }
    new Function(...Object.keys(sandbox), fs.readFileSync(appFile, 'utf8'))(...Object.values(sandbox))
    if (!app) throw new Error('app.js called no App()')
    expect(app.sentinel.trigger('before consent')).toBe('no_consent')
    expect(asked).toEqual([])
    app.agreed = true
    expect(app.sentinel.trigger('login failed')).toBe('started')
    await settle(rig.clock)
    await app.sentinel.running
    expect(asked).toEqual([`./${SUB_ROOT}/miniprogram_npm/zim-netcheck/sentinel`])
    expect(rig.collector.posts).toHaveLength(1)
    const report = JSON.parse(rig.collector.posts[0].body) as {
      sdk: { resolved: string }
      results: unknown[]
    }
    expect(report.sdk.resolved).toBe('2.13.0')
    expect(report.results).toHaveLength(accessTargets('2.13.0').length)
  })
})
