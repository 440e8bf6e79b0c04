/**
 * Issue 26: each platform's task limits come from its adapter (`adapter.limits`), never from WeChat's 10 and 5
 * by default; per-host limits are kept where a platform documents one (Baidu on Android).
 */
import {
  OutcomeCallback,
  PlatformAdapter,
  ProbeCallOptions,
  ProbeTarget,
  TaskLimits,
} from '../../miniprogram/core/adapter'
import { ProbeEngine } from '../../miniprogram/core/engine'
import { limitsFor, PLATFORM_LIMITS } from '../../miniprogram/core/platforms'
import { PlannedProbe, planProbes } from '../../miniprogram/core/plan'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { createBaiduAdapter } from '../../miniprogram/platform/baidu/adapter'
import { createDouyinAdapter } from '../../miniprogram/platform/douyin/adapter'
import { createQqAdapter } from '../../miniprogram/platform/qq/adapter'
import { uiSeam } from '../../miniprogram/platform/shared/ui-seam'
import { createWxAdapter, WxLike } from '../../miniprogram/platform/wx-adapter'
import { createFakeSwan } from '../helpers/fake-swan'
import { createFakeWx, ManualClock } from '../helpers/fake-wx'

const plan2130 = (): PlannedProbe[] => {
  const res = resolveDomains('2.13.0')
  if (!res.ok) throw new Error('catalog')
  return planProbes(res.entries)
}

describe('limits per platform (core/platforms.ts limitsFor)', () => {
  it('Baidu: 6 at once on iOS; 64 at once and 5 per host on Android; both when the OS is unknown', () => {
    expect(limitsFor('baidu', 'ios')).toEqual({ http: 6, socket: 5 })
    expect(limitsFor('baidu', 'android')).toEqual({ http: 64, socket: 5, perHost: 5 })
    expect(limitsFor('baidu')).toEqual({ http: 6, socket: 5, perHost: 5 })
    expect(limitsFor('wechat')).toEqual({ http: 10, socket: 5 })
  })

  it('each adapter declares its platform’s limits; the wx adapter’s equal PLATFORM_LIMITS.wechat', () => {
    const fake = createFakeWx({ '*': { kind: 'hang' } })
    expect(createWxAdapter(fake).limits).toEqual(limitsFor('wechat'))
    expect(createWxAdapter(fake).limits).toMatchObject({
      http: PLATFORM_LIMITS.wechat.http,
      socket: PLATFORM_LIMITS.wechat.socket,
    })
    expect(createDouyinAdapter(fake).limits).toEqual(limitsFor('douyin'))
    expect(createQqAdapter(fake).limits).toEqual(limitsFor('qq'))
    const ios = Object.assign(Object.create(fake), { getSystemInfoSync: () => ({ platform: 'iOS' }) })
    const android = Object.assign(Object.create(fake), { getSystemInfoSync: () => ({ platform: 'android' }) })
    expect(createBaiduAdapter(ios).limits).toEqual({ http: 6, socket: 5 })
    expect(createBaiduAdapter(android).limits).toEqual({ http: 64, socket: 5, perHost: 5 })
    const broken = Object.assign(Object.create(fake), {
      getSystemInfoSync: () => {
        throw new Error('no')
      },
    })
    expect(createBaiduAdapter(broken).limits).toEqual({ http: 6, socket: 5, perHost: 5 })
  })

  it('the UI seam gives an adapter that declares none its platform’s limits, keeping the rest', () => {
    const bare: PlatformAdapter = {
      name: 'bare',
      request: () => ({ abort: () => undefined }),
      uploadFile: () => ({ abort: () => undefined }),
      downloadFile: () => ({ abort: () => undefined }),
      connectSocket: () => ({ abort: () => undefined }),
    }
    const seam = uiSeam(
      () => ({}),
      () => bare,
      () => ({ runtime: 'wechat', platformId: 'baidu' }),
    )
    const adapter = seam.createWxAdapter(undefined)
    expect(adapter.limits).toEqual(limitsFor('baidu'))
    expect(adapter.name).toBe('bare')
    expect(adapter.request).toBe(bare.request)
  })
})

describe('the engine takes its limits from the adapter', () => {
  it('Baidu (swan, 6 at once): a 2.13.0 run never opens a 7th request, nothing is refused or retried', async () => {
    const clock = new ManualClock()
    const swan = createFakeSwan(
      ({ kind }) => (kind === 'socket' ? { kind: 'open', delayMs: 40 } : { kind: 'success', delayMs: 40 }),
      { clock },
    )
    const engine = new ProbeEngine(
      plan2130(),
      createBaiduAdapter(swan as unknown as WxLike),
      {},
      undefined,
      clock,
    )
    expect(engine.pools.http).toBe(6)
    let results: { status: string; attempts?: number }[] = []
    void engine.start().then((r) => (results = r))
    clock.runAll()
    await Promise.resolve()
    expect(results).toHaveLength(46)
    expect(results.every((r) => r.status === 'pass' && r.attempts === 1)).toBe(true)
    // One call per probe: the platform refused none (a refusal would have been retried).
    expect(swan.calls).toHaveLength(46)
  })

  /** Counts concurrent calls per host; answers each after 10 ms. */
  class HostCounter implements PlatformAdapter {
    readonly name = 'hosts'
    maxPerHost = 0
    maxAll = 0
    private open = new Map<string, number>()
    private all = 0
    constructor(
      private readonly clock: ManualClock,
      readonly limits: TaskLimits,
    ) {}
    private start(t: ProbeTarget, _o: ProbeCallOptions, done: OutcomeCallback) {
      const host = new URL(t.url).hostname
      const n = (this.open.get(host) ?? 0) + 1
      this.open.set(host, n)
      this.all++
      this.maxPerHost = Math.max(this.maxPerHost, n)
      this.maxAll = Math.max(this.maxAll, this.all)
      let ended = false
      const end = () => {
        if (ended) return
        ended = true
        this.open.set(host, (this.open.get(host) ?? 1) - 1)
        this.all--
      }
      this.clock.setTimeout(() => {
        end()
        done({ reached: true })
      }, 10)
      return { abort: end }
    }
    request = (t: ProbeTarget, o: ProbeCallOptions, d: OutcomeCallback) => this.start(t, o, d)
    uploadFile = (t: ProbeTarget, o: ProbeCallOptions, d: OutcomeCallback) => this.start(t, o, d)
    downloadFile = (t: ProbeTarget, o: ProbeCallOptions, d: OutcomeCallback) => this.start(t, o, d)
    connectSocket = (t: ProbeTarget, o: ProbeCallOptions, d: OutcomeCallback) => this.start(t, o, d)
  }

  const sameHost = (n: number, host: string): PlannedProbe[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `request:https://${host}/${i}`,
      category: 'request' as const,
      url: `https://${host}/${i}`,
      purpose: 'app',
    }))

  it('Baidu on Android: at most 5 HTTP tasks per host, other hosts go on meanwhile', async () => {
    const clock = new ManualClock()
    const adapter = new HostCounter(clock, limitsFor('baidu', 'android'))
    const probes = [...sameHost(8, 'a.example.com'), ...sameHost(4, 'b.example.com')]
    const engine = new ProbeEngine(probes, adapter, {}, undefined, clock)
    expect(engine.pools.http).toBe(10)
    const done = engine.start()
    // 5 of a.example.com, and the 4 of b.example.com behind them in the queue, at once.
    expect(adapter.maxAll).toBe(9)
    clock.runAll()
    const results = await done
    expect(results.every((r) => r.status === 'pass')).toBe(true)
    expect(adapter.maxPerHost).toBe(5)
  })

  it('no per-host limit where none is documented (WeChat): the pool alone decides', async () => {
    const clock = new ManualClock()
    const adapter = new HostCounter(clock, limitsFor('wechat'))
    const engine = new ProbeEngine(sameHost(12, 'a.example.com'), adapter, {}, undefined, clock)
    const done = engine.start()
    clock.runAll()
    await done
    expect(adapter.maxPerHost).toBe(10)
  })
})
