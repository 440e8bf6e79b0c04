import type { PlatformId } from '../../miniprogram/core/platforms'
import { validateReport } from '../../miniprogram/core/report/validate'
import * as full from '../../miniprogram/sentinel/index'
import { createSentinel, LazySentinelOptions } from '../../miniprogram/sentinel/lazy'
import { BUDGET_KEY } from '../../miniprogram/sentinel/sentinel'
import { accessTargets, FakeZim, makeRig, Rig, settle } from './rig'

// zim-netcheck/sentinel-lazy (sentinel/lazy.ts): the trigger in the main package, the check loaded by the host's
// `load` on the first check that runs. The behaviour is the sentinel's (test/sentinel/sentinel.test.ts); these
// tests are about when the check is loaded, what a failed load does, and that a loaded check is the same check.

const PLATFORMS: PlatformId[] = ['wechat', 'alipay', 'douyin', 'baidu', 'qq', 'xhs']
const BASE = { collector: 'https://collect.example.com/', appKey: 'ik_demo', consent: true }
/** ZIM.ConnectionState.Disconnected with ZIM.ConnectionEvent.LoginTimeout (zego-zim-miniprogram entity/ZIM.d.ts). */
const DISCONNECTED = { state: 0, event: 2, extendedData: '' }

/** A load as require.async makes it: the module, a moment later. */
const loads = (module: unknown = full) => jest.fn(() => Promise.resolve(module))

function start(rig: Rig, load: LazySentinelOptions['load'], o: Partial<LazySentinelOptions> = {}) {
  return createSentinel({ ...BASE, ...o, load, platform: rig.platform, clock: rig.clock, random: () => 0 })
}

let errors: jest.SpyInstance
beforeEach(() => {
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)
})
afterEach(() => errors.mockRestore())

describe.each(PLATFORMS)('the lazy sentinel on %s', (id) => {
  it('loads the check on the first disconnect, then probes and posts what the sentinel posts', async () => {
    const rig = makeRig(id)
    const load = loads()
    const zim = new FakeZim()
    start(rig, load).watch(zim)
    // Idle: nothing loaded.
    await settle(rig.clock, 10)
    expect(load).not.toHaveBeenCalled()
    zim.emit('connectionStateChanged', DISCONNECTED)
    await settle(rig.clock)
    expect(load).toHaveBeenCalledTimes(1)
    expect(rig.probes.map((p) => `${p.kind} ${p.url}`).sort()).toEqual(accessTargets())
    const checked = validateReport(JSON.parse(rig.collector.posts[0].body))
    if (!checked.ok) throw new Error(checked.error)
    expect(checked.report.trigger).toEqual({ by: 'sentinel', kind: 'zim_state', state: 0, event: 2 })

    // The same check as zim-netcheck/sentinel's, on the same platform: the same rows, the same verdicts.
    const rig2 = makeRig(id)
    const zim2 = new FakeZim()
    full.createSentinel({ ...BASE, platform: rig2.platform, clock: rig2.clock, random: () => 0 }).watch(zim2)
    zim2.emit('connectionStateChanged', DISCONNECTED)
    await settle(rig2.clock)
    const rows = (body: string) =>
      (JSON.parse(body) as { results: { url: string; category: string; status: string }[] }).results.map(
        (r) => `${r.category} ${r.url} ${r.status}`,
      )
    expect(rows(rig.collector.posts[0].body)).toEqual(rows(rig2.collector.posts[0].body))
    expect(rig.open()).toBe(0)
    expect(rig.listeners()).toEqual({ hide: 0, network: 0 })
    expect(errors).not.toHaveBeenCalled()
  })
})

describe('when the lazy sentinel loads its check', () => {
  it('never for a trigger that runs nothing: no consent, sampled out, offline, over budget', async () => {
    const rig = makeRig('wechat')
    const load = loads()
    expect(start(rig, load, { consent: false }).trigger('x')).toBe('no_consent')
    expect(start(rig, load, { sample: 0.5 }).trigger('x')).toBe('started')
    const sampledOut = createSentinel({
      ...BASE,
      sample: 0.5,
      load,
      platform: rig.platform,
      clock: rig.clock,
      random: () => 0.9,
    })
    expect(sampledOut.trigger('x')).toBe('sampled_out')
    await settle(rig.clock)
    expect(load).toHaveBeenCalledTimes(1)
    // Within the interval now: refused before anything loads.
    const again = start(rig, load)
    expect(again.trigger('x')).toBe('budget_interval')
    const offline = makeRig('wechat')
    offline.setOnline(false)
    const load2 = loads()
    expect(start(offline, load2).trigger('x')).toBe('started')
    await settle(offline.clock, 10)
    expect(load2).not.toHaveBeenCalled()
    expect(offline.storage.get(BUDGET_KEY)).toBeUndefined()
  })

  it('once for many checks', async () => {
    const rig = makeRig('wechat')
    const load = loads()
    const s = start(rig, load, { budget: { perDay: 10, minutes: 0 } })
    for (const r of ['one', 'two', 'three']) {
      expect(s.trigger(r)).toBe('started')
      await settle(rig.clock)
    }
    expect(rig.collector.posts).toHaveLength(3)
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('a load that fails runs nothing, counts no run, says why once, and is tried again later', async () => {
    const rig = makeRig('wechat')
    // require.async rejects with { errMsg, mod }, not an Error.
    const load = jest
      .fn()
      .mockImplementationOnce(() =>
        Promise.reject({
          errMsg: 'loadSubpackage:fail timeout',
          mod: '../zim/miniprogram_npm/zim-netcheck/sentinel',
        }),
      )
      .mockImplementation(() => Promise.resolve(full))
    const s = start(rig, load)
    expect(s.trigger('first')).toBe('started')
    const first = await s.running
    expect(first).toBeUndefined()
    expect(rig.probes).toHaveLength(0)
    expect(rig.storage.get(BUDGET_KEY)).toBeUndefined()
    expect(errors).toHaveBeenCalledTimes(1)
    expect(String(errors.mock.calls[0][0])).toMatch(
      /^zim-netcheck sentinel: load\(\) failed, no check ran \(tried again later\): loadSubpackage:fail timeout \(\.\.\/zim\//,
    )
    expect(rig.listeners()).toEqual({ hide: 0, network: 0 })
    // No new try within the interval; after it, the load is made again and the check runs.
    expect(s.trigger('soon')).toBe('budget_interval')
    rig.clock.advance(31 * 60_000)
    expect(s.trigger('later')).toBe('started')
    await settle(rig.clock)
    expect(load).toHaveBeenCalledTimes(2)
    expect(rig.collector.posts).toHaveLength(1)
    expect(JSON.parse(rig.collector.posts[0].body).trigger.reason).toBe('later')
  })

  it('a load that throws, or gives another module, is said in one line and runs nothing', async () => {
    for (const load of [
      () => {
        throw new Error('require.async is not a function')
      },
      () => Promise.resolve({ createSentinel: full.createSentinel }),
      () => Promise.resolve(undefined),
    ]) {
      errors.mockClear()
      const rig = makeRig('douyin')
      const s = start(rig, load)
      expect(s.trigger('x')).toBe('started')
      expect(await s.running).toBeUndefined()
      expect(rig.probes).toHaveLength(0)
      expect(rig.storage.get(BUDGET_KEY)).toBeUndefined()
      expect(errors).toHaveBeenCalledTimes(1)
      expect(String(errors.mock.calls[0][0])).toMatch(
        /^zim-netcheck sentinel: load\(\) (failed, no check ran \(tried again later\): require\.async is not a function|gave no sentinelCheck: it must load zim-netcheck\/sentinel)/,
      )
    }
  })

  it('the app going to the background while the check loads: nothing runs, no run is counted', async () => {
    const rig = makeRig('wechat')
    let arrive: (m: unknown) => void = () => undefined
    const load = jest.fn(() => new Promise((resolve) => (arrive = resolve)))
    const s = start(rig, load)
    s.trigger('x')
    await settle(rig.clock, 2, 5)
    expect(load).toHaveBeenCalledTimes(1)
    rig.hide()
    arrive(full)
    expect(await s.running).toBeUndefined()
    expect(rig.probes).toHaveLength(0)
    expect(rig.storage.get(BUDGET_KEY)).toBeUndefined()
    expect(rig.listeners()).toEqual({ hide: 0, network: 0 })
  })

  it('refuses a missing load in one line, at creation', () => {
    const rig = makeRig('wechat')
    expect(() =>
      createSentinel({ ...BASE, platform: rig.platform } as unknown as LazySentinelOptions),
    ).toThrow(/^zim-netcheck sentinel: load must be a function loading zim-netcheck\/sentinel/)
    expect(() =>
      createSentinel({ ...BASE, collector: 'http://x', load: loads(), platform: rig.platform }),
    ).toThrow(/collector must be an https:\/\/ URL/)
  })
})
