import type { PlatformId } from '../../miniprogram/core/platforms'
import { validateReport } from '../../miniprogram/core/report/validate'
import { createSentinel } from '../../miniprogram/sentinel/index'
import { BUDGET_KEY, QUEUE_KEY, SentinelOptions } from '../../miniprogram/sentinel/sentinel'
import { accessTargets, FakeZim, makeRig, Rig, settle } from './rig'

const PLATFORMS: PlatformId[] = ['wechat', 'alipay', 'douyin', 'baidu', 'qq', 'xhs']
const BASE: SentinelOptions = { collector: 'https://collect.example.com/', appKey: 'ik_demo', consent: true }

/** ZIM.ConnectionState.Disconnected with ZIM.ConnectionEvent.LoginTimeout (zego-zim-miniprogram entity/ZIM.d.ts). */
const DISCONNECTED = { state: 0, event: 2, extendedData: '' }

function start(rig: Rig, o: Partial<SentinelOptions> = {}, random: () => number = () => 0) {
  return createSentinel({ ...BASE, ...o, platform: rig.platform, clock: rig.clock, random })
}

const probeRuns = (rig: Rig) => rig.probes.filter((p) => p.kind === 'socket').length

describe.each(PLATFORMS)('sentinel on %s', (id) => {
  let rig: Rig
  beforeEach(() => {
    rig = makeRig(id)
  })

  it('a ZIM disconnect probes the access hosts (socket + request) and posts report@1 with its trigger', async () => {
    const zim = new FakeZim()
    const s = start(rig)
    s.watch(zim)
    zim.emit('connectionStateChanged', DISCONNECTED)
    await settle(rig.clock)
    const probed = rig.probes.map((p) => `${p.kind} ${p.url}`).sort()
    expect(probed).toEqual(accessTargets())
    expect(rig.collector.posts).toHaveLength(1)
    const post = rig.collector.posts[0]
    expect(post.url).toBe('https://collect.example.com/v1/reports')
    expect(post.headers['X-Zim-App-Key']).toBe('ik_demo')
    const checked = validateReport(JSON.parse(post.body))
    if (!checked.ok) throw new Error(checked.error)
    expect(checked.report.trigger).toEqual({ by: 'sentinel', kind: 'zim_state', state: 0, event: 2 })
    expect(checked.report.results).toHaveLength(accessTargets().length)
    // Reached everywhere (a warn is the whitelist-not-proven caveat of an environment that cannot say).
    expect(checked.report.results.every((r) => r.status === 'pass' || r.status === 'warn')).toBe(true)
    if (id !== 'wechat') expect(checked.report.environment.platformId).toBe(id)
    // Sent: nothing queued, no listener, no timer, no task left while idle (only the ZIM subscription).
    expect(rig.storage.get(QUEUE_KEY)).toEqual([])
    expect(rig.listeners()).toEqual({ hide: 0, network: 0 })
    expect(rig.clock.pending).toBe(0)
    expect(rig.open()).toBe(0)
    expect(zim.count()).toBe(2)
  })

  it('ignores ZIM events that are not network failures (kicked out, token expired, connected)', async () => {
    const zim = new FakeZim()
    start(rig).watch(zim)
    zim.emit('connectionStateChanged', { state: 0, event: 4 })
    zim.emit('connectionStateChanged', { state: 0, event: 5 })
    zim.emit('connectionStateChanged', { state: 2, event: 0 })
    zim.emit('error', { code: 6000001, message: 'param invalid' })
    await settle(rig.clock, 10)
    expect(rig.probes).toHaveLength(0)
    zim.emit('error', { code: 6000009, message: 'disconnected while sending' })
    await settle(rig.clock)
    expect(JSON.parse(rig.collector.posts[0].body).trigger).toEqual({
      by: 'sentinel',
      kind: 'zim_error',
      code: 6000009,
    })
  })

  it('1,000 disconnect events in a minute give at most the budget of checks, over a day at most perDay', async () => {
    const zim = new FakeZim()
    start(rig, { budget: { perDay: 3, minutes: 30 } }).watch(zim)
    for (let i = 0; i < 1000; i++) {
      zim.emit('connectionStateChanged', DISCONNECTED)
      if (i % 50 === 0) await settle(rig.clock, 2, 10)
    }
    await settle(rig.clock)
    expect(rig.collector.posts).toHaveLength(1)
    // A storm all day long: one per 30 minutes, at most 3 a day.
    for (let m = 0; m < 24 * 60; m += 5) {
      zim.emit('connectionStateChanged', DISCONNECTED)
      await settle(rig.clock, 4, 75_000)
    }
    const reports = rig.collector.posts.length
    expect(reports).toBeGreaterThanOrEqual(3)
    const days = new Set(
      rig.collector.posts.map((p) => (JSON.parse(p.body) as { createdAt: string }).createdAt.slice(0, 10)),
    )
    // Per local day: at most 3.
    const perDay = new Map<string, number>()
    for (const p of rig.collector.posts) {
      const d = new Date((JSON.parse(p.body) as { createdAt: string }).createdAt)
      const k = `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`
      perDay.set(k, (perDay.get(k) ?? 0) + 1)
    }
    expect(Math.max(...perDay.values())).toBeLessThanOrEqual(3)
    expect(days.size).toBeGreaterThanOrEqual(1)
    expect(probeRuns(rig)).toBe(reports * accessTargets().filter((t) => t.startsWith('socket')).length)
  })

  it('keeps the budget in storage: a new sentinel (app restart) does not run again within the interval', async () => {
    const s1 = start(rig)
    expect(s1.trigger('login failed')).toBe('started')
    await settle(rig.clock)
    s1.dispose()
    expect(rig.storage.get(BUDGET_KEY)).toMatchObject({ runs: 1 })
    const s2 = start(rig)
    expect(s2.trigger('again')).toBe('budget_interval')
    rig.clock.advance(31 * 60_000)
    expect(s2.trigger('later')).toBe('started')
    await settle(rig.clock)
    expect(rig.collector.posts).toHaveLength(2)
    expect(JSON.parse(rig.collector.posts[1].body).trigger).toEqual({
      by: 'sentinel',
      kind: 'host',
      reason: 'later',
    })
  })

  it('samples with the injected random source', async () => {
    const draws = [0.9, 0.6, 0.2]
    const s = start(rig, { sample: 0.5, budget: { minutes: 0 } }, () => draws.shift() ?? 1)
    expect(s.trigger('a')).toBe('sampled_out')
    expect(s.trigger('b')).toBe('sampled_out')
    expect(rig.probes).toHaveLength(0)
    expect(s.trigger('c')).toBe('started')
    await settle(rig.clock)
    expect(rig.collector.posts).toHaveLength(1)
  })

  it('does nothing without consent, and stops when consent is withdrawn', async () => {
    let agreed = false
    const zim = new FakeZim()
    const s = start(rig, { consent: () => agreed, budget: { minutes: 0 } })
    s.watch(zim)
    zim.emit('connectionStateChanged', DISCONNECTED)
    expect(s.trigger('x')).toBe('no_consent')
    await settle(rig.clock, 10)
    expect(rig.probes).toHaveLength(0)
    expect(rig.storage.size).toBe(0)
    agreed = true
    rig.collector.mode = 'down'
    expect(s.trigger('x')).toBe('started')
    await settle(rig.clock)
    expect((rig.storage.get(QUEUE_KEY) as string[]).length).toBe(1)
    // Withdrawn: the waiting report is dropped, never sent.
    agreed = false
    rig.collector.mode = 'up'
    const before = rig.collector.posts.length
    rig.setOnline(true)
    await settle(rig.clock, 10)
    expect(rig.collector.posts.length).toBe(before)
    expect(rig.storage.get(QUEUE_KEY)).toEqual([])
    expect(rig.listeners().network).toBe(0)
  })

  it('queues reports while offline (bounded) and sends them when the network returns', async () => {
    const s = start(rig, { budget: { perDay: 10, minutes: 0 }, queueMax: 2 })
    rig.collector.mode = 'down'
    for (const r of ['one', 'two', 'three']) {
      expect(s.trigger(r)).toBe('started')
      await settle(rig.clock)
    }
    const queued = (rig.storage.get(QUEUE_KEY) as string[]).map((q) => JSON.parse(q).trigger.reason)
    expect(queued).toEqual(['two', 'three'])
    // Waiting for the network: one listener, no timer.
    expect(rig.listeners().network).toBe(1)
    expect(rig.clock.pending).toBe(0)
    rig.collector.mode = 'up'
    const before = rig.collector.posts.length
    rig.setOnline(true)
    await settle(rig.clock, 20)
    const sent = rig.collector.posts.slice(before).map((p) => JSON.parse(p.body).trigger.reason)
    expect(sent).toEqual(['two', 'three'])
    expect(rig.storage.get(QUEUE_KEY)).toEqual([])
    expect(rig.listeners().network).toBe(0)
  })

  it('probes nothing while the phone is offline, and counts no run', async () => {
    rig.setOnline(false)
    const s = start(rig)
    expect(s.trigger('offline')).toBe('started')
    await settle(rig.clock, 10)
    expect(rig.probes).toHaveLength(0)
    expect(rig.storage.get(BUDGET_KEY)).toBeUndefined()
    expect(rig.listeners()).toEqual({ hide: 0, network: 0 })
  })

  it('never uses more sockets than the host left free', async () => {
    // The platform's 5 sockets: the host says it holds 4 (ZIM and its own), so at most 1 at once.
    const s = start(rig, { hostSockets: 4 })
    s.trigger('x')
    await settle(rig.clock)
    expect(rig.sockets.max).toBe(1)
    const report = JSON.parse(rig.collector.posts[0].body)
    expect(report.options.concurrency.socket).toBe(1)
    // All 5 held: no socket probe at all, requests still go.
    const rig2 = makeRig(id)
    const everything = { purposes: ['access', 'report', 'config', 'log', 'file'] }
    const s2 = createSentinel({
      ...BASE,
      hostSockets: 5,
      scope: everything,
      platform: rig2.platform,
      clock: rig2.clock,
      random: () => 0,
    })
    s2.trigger('y')
    await settle(rig2.clock)
    expect(rig2.probes.filter((p) => p.kind === 'socket')).toHaveLength(0)
    expect(rig2.probes.filter((p) => p.kind === 'request').length).toBeGreaterThan(0)
    const r2 = JSON.parse(rig2.collector.posts[0].body)
    expect(r2.warnings.join(' ')).toContain('no socket left free')
  })

  it('a check cut by the app going to the background is not sent', async () => {
    const s = start(rig)
    s.trigger('x')
    await settle(rig.clock, 1, 5)
    expect(rig.listeners().hide).toBe(1)
    rig.hide()
    await settle(rig.clock)
    expect(rig.collector.posts).toHaveLength(0)
    expect(rig.listeners()).toEqual({ hide: 0, network: 0 })
    expect(rig.clock.pending).toBe(0)
  })

  it('dispose() mid-check leaves nothing behind: no ZIM or platform listener, no timer, no task', async () => {
    const zim = new FakeZim()
    const s = start(rig)
    s.watch(zim)
    zim.emit('connectionStateChanged', DISCONNECTED)
    await settle(rig.clock, 1, 5)
    expect(rig.probes.length).toBeGreaterThan(0)
    s.dispose()
    // The engine counts a cancelled socket's slot as held until its onClose, at most closeGraceMs (2 s).
    await settle(rig.clock, 60)
    expect(zim.count()).toBe(0)
    expect(rig.listeners()).toEqual({ hide: 0, network: 0 })
    expect(rig.clock.pending).toBe(0)
    expect(rig.open()).toBe(0)
    expect(rig.collector.posts).toHaveLength(0)
    expect(s.trigger('after')).toBe('disposed')
  })
})

describe('sentinel: a row refused as not in the domain list', () => {
  it('proves the list is checked: the report says measured, and its passes are passes', async () => {
    const targets = accessTargets().map((t) => t.replace(/^\S+ [a-z]+:\/\//, '').replace(/[/:].*$/, ''))
    const missing = targets[targets.length - 1]
    // Debug on: the environment alone says "not enforced"; the console lists every host but one, and the collector.
    const rig = makeRig('wechat', {
      enableDebug: true,
      domains: [...targets.filter((h) => h !== missing), 'collect.example.com'],
    })
    const zim = new FakeZim()
    start(rig).watch(zim)
    zim.emit('connectionStateChanged', DISCONNECTED)
    await settle(rig.clock)
    expect(rig.collector.posts).toHaveLength(1)
    const checked = validateReport(JSON.parse(rig.collector.posts[0].body))
    if (!checked.ok) throw new Error(checked.error)
    const { results, environment } = checked.report
    expect(results.filter((r) => r.status === 'fail').map((r) => r.error?.category)).toEqual(
      results.filter((r) => r.url.includes(missing)).map(() => 'not_whitelisted'),
    )
    expect(results.filter((r) => r.status !== 'fail').every((r) => r.status === 'pass')).toBe(true)
    expect(environment.whitelist).toEqual({ enforced: true, reasons: [] })
    expect(environment.enforcement).toMatchObject({
      source: 'measured',
      canary: 'off',
      inferred: { enforced: false, reasons: ['debug'] },
    })
  })
})

describe('sentinel options', () => {
  it('refuses bad options in one line', () => {
    const rig = makeRig('wechat')
    const bad = (o: Partial<SentinelOptions>) => () =>
      createSentinel({ ...({ ...BASE, ...o } as SentinelOptions), platform: rig.platform, clock: rig.clock })
    expect(bad({ collector: 'http://insecure' })).toThrow(/collector must be an https:\/\/ URL/)
    expect(bad({ appKey: '' })).toThrow(/appKey/)
    expect(bad({ consent: 'yes' as unknown as boolean })).toThrow(/consent/)
    expect(bad({ sample: 2 })).toThrow(/sample must be a number from 0 to 1/)
  })

  it('watch() unsubscribes exactly its own listeners', () => {
    const rig = makeRig('wechat')
    const zim = new FakeZim()
    const mine = jest.fn()
    zim.on('connectionStateChanged', mine)
    const s = createSentinel({ ...BASE, platform: rig.platform, clock: rig.clock })
    const unwatch = s.watch(zim)
    expect(zim.count()).toBe(3)
    unwatch()
    expect(zim.count()).toBe(1)
    expect(() => s.watch({} as never)).toThrow(/needs a ZIM instance/)
  })
})
