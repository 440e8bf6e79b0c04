import { reaction } from 'mobx-miniprogram'
import { noticeText } from '../../miniprogram/store/notices'
import { RunStore } from '../../miniprogram/store/run-store'
import { buildEnvView, buildRunView, buildWhitelistView } from '../../miniprogram/store/view-model'
import { failed, FakeAdapter, reached } from '../helpers/fake-adapter'

// The store and its view model in plain jest: no simulator, a scripted adapter.

const adapterFor = (fail: (url: string) => boolean) =>
  new FakeAdapter((t) =>
    fail(t.url)
      ? { kind: 'answer', delayMs: 1, outcome: failed('request:fail url not in domain list') }
      : { kind: 'answer', delayMs: 1, outcome: reached() },
  )

function storeWith(fail: (url: string) => boolean = () => false) {
  const adapters: FakeAdapter[] = []
  const reports: unknown[] = []
  const store = new RunStore({
    createAdapter: () => {
      const a = adapterFor(fail)
      adapters.push(a)
      return a
    },
    now: () => new Date('2026-11-28T10:20:30.000Z'),
    onReport: (r) => reports.push(r),
  })
  store.setEnvironment({
    runtime: 'wechat',
    platform: 'ios',
    enableDebug: false,
    appId: 'wx0123456789abcdef',
  })
  return { store, adapters, reports }
}

describe('RunStore', () => {
  it('runs the resolved plan, keeps plan order, reports once and releases every task', async () => {
    const { store, adapters, reports } = storeWith((url) => url.includes('coolhcloud'))
    store.setSdk('2.13.0')
    store.setOnly(['socket', 'request'])
    const report = await store.start()
    expect(store.phase).toBe('done')
    expect(report?.sdk).toEqual({ input: '2.13.0', resolved: '2.13.0' })
    expect(report?.options.only).toEqual(['socket', 'request'])
    expect(store.results.map((r) => r?.id)).toEqual(store.plan.map((p) => p.id))
    expect(store.failedIds.length).toBeGreaterThan(0)
    expect(store.failedIds.every((id) => id.includes('coolhcloud'))).toBe(true)
    expect(reports).toEqual([report])
    expect(adapters[0].open).toBe(0)
  })

  it('reruns only the failed probes and keeps the rest', async () => {
    let failing = true
    const store = new RunStore({
      createAdapter: () =>
        new FakeAdapter((t) => ({
          kind: 'answer',
          delayMs: 1,
          outcome: failing && t.url.includes('coolbcloud') ? failed('request:fail timeout') : reached(),
        })),
    })
    store.setEnvironment({ runtime: 'wechat', platform: 'ios', enableDebug: false })
    store.setSdk('2.13.0')
    await store.start()
    const before = store.results.filter((r) => r?.status === 'pass').map((r) => r?.id)
    expect(store.failedIds.length).toBeGreaterThan(0)
    failing = false
    await store.rerunFailed()
    expect(store.failedIds).toEqual([])
    expect(store.results.filter((r) => r?.status === 'pass').length).toBe(store.plan.length)
    expect(before.length).toBeGreaterThan(0)
  })

  it('refuses a bad version with the resolver message in the UI language, and does not start', async () => {
    const { store, adapters } = storeWith()
    store.setSdk('two')
    expect(store.inputError).toContain('"two"')
    store.setLang('zh')
    expect(store.inputError).toContain('不是有效的 SDK 版本号')
    expect(await store.start()).toBeUndefined()
    expect(store.phase).toBe('idle')
    expect(adapters).toHaveLength(0)
  })

  it('ignores a timeout or host-socket count out of range', () => {
    const { store } = storeWith()
    store.setTimeoutMs(500)
    store.setHostSockets(6)
    store.setHostSockets(-1)
    expect(store.timeoutMs).toBe(10_000)
    expect(store.hostSockets).toBe(0)
    store.setTimeoutMs(20_000)
    store.setHostSockets(2)
    expect([store.timeoutMs, store.hostSockets]).toEqual([20_000, 2])
  })

  it('hostRequests leaves request slots to the host app: the HTTP pool is the platform’s limit minus them', async () => {
    const { store, adapters } = storeWith()
    store.setHostRequests(11)
    store.setHostRequests(-1)
    store.setHostRequests(1.5)
    expect(store.hostRequests).toBe(0)
    store.setHostRequests(3)
    store.setSdk('2.13.0')
    store.setOnly(['request', 'uploadFile', 'downloadFile'])
    await store.start()
    expect(adapters[0].maxOpen.http).toBe(7)
    expect(buildRunView(store).notices).toContain(
      '已为宿主小程序留出 3 个网络请求名额，检测期间宿主的请求不会被拒绝',
    )
  })

  it('bumps its revision on every change the view shows (the panel syncs on it)', async () => {
    const { store } = storeWith()
    const seen: number[] = []
    const stop = reaction(
      () => store.revision,
      (r) => seen.push(r),
    )
    store.setSdk('2.12.0')
    store.setLang('en')
    await store.start()
    stop()
    // Inputs (2), start, every result, the finished report: more than the plan's length.
    expect(seen.length).toBeGreaterThan(store.plan.length + 2)
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
  })
})

describe('view model of a store', () => {
  it('groups rows by category and lists what to add to the whitelist', async () => {
    const { store } = storeWith((url) => url.includes('coolhcloud'))
    store.setSdk('2.13.0')
    store.setLang('en')
    await store.start()
    const view = buildRunView(store)
    expect(view.tone).toBe('fail')
    expect(view.groups.map((g) => g.category)).toEqual(['socket', 'request', 'uploadFile', 'downloadFile'])
    expect(view.missing.every((m) => m.urls.every((u) => u.includes('coolhcloud')))).toBe(true)
    // The copied text is the bare URLs; the shown ones carry zero-width break opportunities.
    expect(view.missing[0].text).toBe(view.missing[0].urls.join(';').replace(/\u200b/g, ''))
    expect(view.verdict).toMatch(/^\d+ of 46 failed: \d+ not whitelisted/)
    expect(view.progress).toEqual({ done: 46, total: 46, percent: 100 })
  })

  it('shows the idle plan as pending rows before a run', () => {
    const { store } = storeWith()
    store.setSdk('2.13.0')
    const view = buildRunView(store)
    expect(view.verdict).toBe('')
    expect(view.groups.flatMap((g) => g.rows).every((r) => r.status === 'pending')).toBe(true)
    expect(buildWhitelistView(store).blocks.map((b) => b.category)).toEqual([
      'socket',
      'request',
      'uploadFile',
      'downloadFile',
    ])
  })

  it('says when the whitelist is not enforced (debug mode)', () => {
    const { store } = storeWith()
    store.setEnvironment({ runtime: 'wechat', platform: 'android', enableDebug: true })
    store.setLang('en')
    const env = buildEnvView(store)
    expect(env.notEnforced).toBe(true)
    expect(env.notEnforcedText).toContain('debug mode')
  })
})

describe('run notices', () => {
  it('fill their figures in both languages', () => {
    expect(noticeText({ kind: 'host_sockets', held: 2, opened: 3 }, 'en')).toBe(
      "The host app holds 2 WebSocket connection(s) of WeChat's 5: socket domains were probed 3 at a time",
    )
    expect(noticeText({ kind: 'deadline_grown', deadlineMs: 61_500 }, 'zh')).toBe(
      '为保证每项都有完整的超时时间，总时限延长为 62 秒',
    )
    expect(noticeText({ kind: 'background', requeued: 4 }, 'zh')).toContain('有 4 项被微信中断')
    expect(noticeText({ kind: 'paused' }, 'en')).toContain('paused')
  })
})

describe('RunStore enforcement, per platform', () => {
  const cases: [string, Parameters<RunStore['setEnvironment']>[0], string][] = [
    [
      'Alipay release build',
      { runtime: 'wechat', platformId: 'alipay', platform: 'ios', envVersion: 'release' },
      'enforced',
    ],
    [
      'Douyin trial build',
      { runtime: 'wechat', platformId: 'douyin', platform: 'android', envVersion: 'trial' },
      'enforced',
    ],
    [
      'Baidu develop build',
      { runtime: 'wechat', platformId: 'baidu', platform: 'android', envVersion: 'develop' },
      'unknown',
    ],
    [
      'Alipay IDE',
      { runtime: 'devtools', platformId: 'alipay', platform: 'devtools', envVersion: 'develop' },
      'not_enforced:ide',
    ],
    [
      'WeChat with debug on',
      { runtime: 'wechat', platformId: 'wechat', platform: 'ios', enableDebug: true, envVersion: 'release' },
      'not_enforced:debug',
    ],
    [
      'WeChat release, debug off',
      { runtime: 'wechat', platform: 'ios', enableDebug: false, envVersion: 'release' },
      'enforced',
    ],
  ]
  it.each(cases.map(([n, env, exp]) => [n, exp, env] as const))('%s → %s', (_, expected, env) => {
    const { store } = storeWith()
    store.setEnvironment(env)
    const e = store.enforcement
    const state = e.enforced
      ? 'enforced'
      : e.reasons.length
        ? `not_enforced:${e.reasons.join(',')}`
        : 'unknown'
    expect(state).toBe(expected)
    // What the panel shows follows the same decision: no "not checked" banner on an enforcing build.
    expect(buildEnvView(store).notEnforced).toBe(!e.enforced)
  })
})
