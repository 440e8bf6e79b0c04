import * as path from 'node:path'
import { PLATFORM_GLOBAL, PlatformId } from '../../miniprogram/core/platforms'
import { validateReport } from '../../miniprogram/core/report/validate'
import { buildHostApp, SENTINEL_ENTRY, SENTINEL_LAZY_ENTRY } from '../helpers/host-app'
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
