import { PlatformAdapter } from '../../miniprogram/core/adapter'
import { canaryHost, canaryTargets, EnforcementRecord } from '../../miniprogram/core/canary'
import { EngineEvents, ProbeEngine } from '../../miniprogram/core/engine'
import { platformEnforcement, RunEnvironment, WhitelistEnforcement } from '../../miniprogram/core/environment'
import { PlannedProbe } from '../../miniprogram/core/plan'
import { limitsFor, PlatformId } from '../../miniprogram/core/platforms'
import { createAlipayAdapter, MyLike } from '../../miniprogram/platform/alipay/adapter'
import { createBaiduAdapter } from '../../miniprogram/platform/baidu/adapter'
import { createDouyinAdapter } from '../../miniprogram/platform/douyin/adapter'
import { createQqAdapter } from '../../miniprogram/platform/qq/adapter'
import { createWxAdapter, WxLike } from '../../miniprogram/platform/wx-adapter'
import { FakeMini, MiniBehaviour, MiniCall } from '../helpers/fake-mini'
import { createFakeMy } from '../helpers/fake-my'
import { createFakeSwan } from '../helpers/fake-swan'
import { createFakeTt } from '../helpers/fake-tt'
import { Behaviour, CallInfo, createFakeWx, FakeWx, ManualClock } from '../helpers/fake-wx'

/*
 * The canary (core/canary.ts) on every platform's fake, through its real adapter and the real engine, in the
 * three states of issue 27: the whitelist enforced (the fake refuses a host outside its `domains`, in its
 * platform's cited wording), not enforced (the canary host goes to the network, where an example.com name
 * does not resolve), and offline / no answer (the canary's 3 s pass: the inference stays, said undecided).
 */

type State = 'enforced' | 'not_enforced' | 'offline'
const LISTED = ['api.example.com', 'ws.example.com']
const PROBES: PlannedProbe[] = [
  {
    id: 'request:https://api.example.com/p',
    category: 'request',
    url: 'https://api.example.com/p',
    purpose: 'access',
  },
  {
    id: 'socket:wss://ws.example.com/p',
    category: 'socket',
    url: 'wss://ws.example.com/p',
    purpose: 'access',
  },
]
const CANARY = canaryTargets(canaryHost(() => 0.5))
const isCanary = (url: string) => url.includes('zim-canary-')

/** The network's answer to the canary host when the platform lets it through: the name does not resolve. */
function wxNetwork(c: CallInfo, state: State): Behaviour {
  const socket = c.kind === 'socket'
  if (!isCanary(c.url)) return socket ? { kind: 'open', delayMs: 20 } : { kind: 'success', delayMs: 20 }
  if (state === 'offline') return { kind: 'hang' }
  const api = socket ? 'connectSocket' : c.kind
  // Chromium's name for NXDOMAIN (test/fixtures/errmsgs.ts, dns rows).
  return socket
    ? { kind: 'error', delayMs: 5, errMsg: 'connectSocket:fail net::ERR_NAME_NOT_RESOLVED', withClose: true }
    : { kind: 'fail', delayMs: 5, errMsg: `${api}:fail net::ERR_NAME_NOT_RESOLVED` }
}

function miniNetwork(platform: PlatformId, c: MiniCall, state: State): MiniBehaviour {
  const socket = c.kind === 'socket'
  if (!isCanary(c.url)) return socket ? { kind: 'open', delayMs: 20 } : { kind: 'success', delayMs: 20 }
  if (state === 'offline') return { kind: 'hang' }
  // Alipay: 12 网络出错 with the iOS system's text for a name not found (contract-scenarios' dns row); Douyin:
  // Chromium's name (ttnet); Baidu: NSURLError's description (iOS).
  const ios = '未能找到使用指定主机名的服务器。'
  if (platform === 'alipay')
    return socket
      ? { kind: 'socketError', delayMs: 5, code: 1, msg: ios }
      : { kind: 'fail', delayMs: 5, code: 12, msg: ios }
  const msg = platform === 'douyin' ? 'net::ERR_NAME_NOT_RESOLVED' : ios
  return socket ? { kind: 'socketError', delayMs: 5, msg } : { kind: 'fail', delayMs: 5, msg }
}

interface Rig {
  clock: ManualClock
  adapter: PlatformAdapter
  wx?: FakeWx
  mini?: FakeMini
}

function rig(platform: PlatformId, state: State, hostSockets = 0, listed: readonly string[] = LISTED): Rig {
  const clock = new ManualClock()
  const domains = state === 'enforced' ? listed : undefined
  if (platform === 'wechat' || platform === 'qq') {
    const wx = createFakeWx((c) => wxNetwork(c, state), { clock, domains, hostSockets })
    return { clock, wx, adapter: platform === 'qq' ? createQqAdapter(wx) : createWxAdapter(wx) }
  }
  const script = (c: MiniCall) => miniNetwork(platform, c, state)
  const o = { clock, domains, hostSockets }
  const mini =
    platform === 'alipay'
      ? createFakeMy(script, o)
      : platform === 'douyin'
        ? createFakeTt(script, o)
        : createFakeSwan(script, o)
  const adapter =
    platform === 'alipay'
      ? createAlipayAdapter(mini as unknown as MyLike)
      : platform === 'douyin'
        ? createDouyinAdapter(mini as unknown as WxLike)
        : createBaiduAdapter(mini as unknown as WxLike)
  return { clock, mini, adapter }
}

async function runWith(
  r: Rig,
  platform: PlatformId,
  inferred: WhitelistEnforcement,
  o: { hostSockets?: number; canary?: boolean } = {},
) {
  const engine = new ProbeEngine(
    PROBES,
    r.adapter,
    {
      timeoutMs: 5000,
      slowMs: 60_000,
      deadlineMs: 60_000,
      concurrency: limitsFor(platform),
      hostTasks: { http: 0, socket: o.hostSockets ?? 0 },
      ...(o.canary === false ? {} : { canary: CANARY }),
    },
    inferred,
    r.clock,
  )
  let measured: EngineEvents['canary'] | undefined
  const events: string[] = []
  engine.on('canary', (m) => {
    measured = m
    events.push('canary')
  })
  engine.on('result', () => events.push('result'))
  let done = false
  const results = engine.start().then((x) => ((done = true), x))
  for (let t = 0; t < 20_000 && !done; t++) {
    r.clock.advance(1)
    if (t % 20 === 0) await Promise.resolve()
  }
  return { results: await results, measured, events, engine }
}

const PLATFORMS: PlatformId[] = ['wechat', 'qq', 'alipay', 'douyin', 'baidu']
/** What each platform's inference says on a release build on a phone, debug mode off (readable). */
const releaseEnv = (platformId: PlatformId): RunEnvironment => ({
  runtime: 'wechat',
  platformId,
  envVersion: 'release',
  enableDebug: false,
})

describe('canary: enforced (the fake refuses a host outside its list) → measured enforced', () => {
  it.each(PLATFORMS.filter((p) => p !== 'baidu'))('%s', async (platform) => {
    const r = rig(platform, 'enforced')
    // Inferred unknown (e.g. QQ, or an IDE build) so that the measurement is what decides.
    const { measured, results, events } = await runWith(r, platform, { enforced: false, reasons: [] })
    expect(measured?.record.source).toBe('measured')
    expect(measured?.record.canary).toBe('enforced')
    expect(measured?.whitelist).toEqual({ enforced: true, reasons: [] })
    expect(measured?.record.inferred).toEqual({ enforced: false, reasons: [] })
    // The platform's exact words for "not in the domain list" are kept.
    expect(measured?.record.answer?.category).toBe('not_whitelisted')
    expect(measured?.record.answer?.errMsg).not.toBe('')
    // Not a row of the results, and decided before any probe settled; the probes carry no not_enforced caveat.
    expect(results.map((x) => x.id)).toEqual(PROBES.map((p) => p.id))
    expect(events[0]).toBe('canary')
    expect(results.every((x) => x.status === 'pass')).toBe(true)
  })

  it('wechat keeps errno 600002 and its wording', async () => {
    const { measured } = await runWith(rig('wechat', 'enforced'), 'wechat', { enforced: true, reasons: [] })
    expect(measured?.record.answer).toMatchObject({
      errno: 600002,
      errMsg: expect.stringMatching(/url not in domain list/),
    })
  })

  it('alipay keeps its own code (my.request 4)', async () => {
    const { measured } = await runWith(rig('alipay', 'enforced'), 'alipay', { enforced: false, reasons: [] })
    expect(measured?.record.answer?.platformCode).toBe(4)
  })

  it("douyin keeps tt's wording (url not in domain list)", async () => {
    const { measured } = await runWith(rig('douyin', 'enforced'), 'douyin', { enforced: false, reasons: [] })
    expect(measured?.record.answer?.errMsg).toMatch(/url not in domain list, url == /)
  })

  it("baidu: its refusal (a bare 1001 '执行失败', SWAN_RULES.notInList) is not known to mean the list: undecided, the answer kept for support", async () => {
    const r = rig('baidu', 'enforced')
    const { measured } = await runWith(r, 'baidu', { enforced: false, reasons: [] })
    expect(measured?.record).toMatchObject({ source: 'inferred', canary: 'undecided' })
    expect(measured?.record.answer).toMatchObject({ category: 'unknown', platformCode: 1001 })
    expect(measured?.whitelist).toEqual({ enforced: false, reasons: [] })
  })

  it('wechat DevTools with URL checking on: inferred not enforced, measured enforced; the measurement wins, both kept', async () => {
    const env: RunEnvironment = { runtime: 'devtools', platform: 'devtools', enableDebug: false }
    const inferred = platformEnforcement(env)
    expect(inferred).toEqual({ enforced: false, reasons: ['devtools'] })
    const { measured, results } = await runWith(rig('wechat', 'enforced'), 'wechat', inferred)
    expect(measured?.whitelist.enforced).toBe(true)
    expect(measured?.record).toMatchObject({ source: 'measured', canary: 'enforced', inferred })
    expect(results.some((x) => x.caveats?.includes('not_enforced'))).toBe(false)
  })
})

describe('canary: not enforced (the canary host reaches the network and fails DNS) → measured not enforced', () => {
  it.each(PLATFORMS)('%s', async (platform) => {
    const r = rig(platform, 'not_enforced')
    const inferred = platformEnforcement(releaseEnv(platform))
    const { measured, results } = await runWith(r, platform, inferred)
    expect(measured?.record).toMatchObject({ source: 'measured', canary: 'not_enforced', inferred })
    expect(measured?.whitelist.enforced).toBe(false)
    expect(measured?.whitelist.reasons).toContain('measured')
    // Every pass then says a pass proves reachability only.
    expect(results.every((x) => x.status === 'warn' && x.caveats?.includes('not_enforced'))).toBe(true)
  })
})

describe('canary: offline / no answer in time → the inference stays, said undecided', () => {
  it.each(PLATFORMS)('%s', async (platform) => {
    const r = rig(platform, 'offline')
    const inferred = platformEnforcement(releaseEnv(platform))
    const { measured, results } = await runWith(r, platform, inferred)
    expect(measured?.record).toMatchObject({ source: 'inferred', canary: 'undecided', inferred })
    expect(measured?.whitelist).toEqual(inferred)
    expect(results).toHaveLength(2)
  })

  it('the canary ends at its own 3 s, and every canary task is released', async () => {
    const r = rig('wechat', 'offline')
    const t0 = r.clock.now()
    let decidedAt = -1
    const engine = new ProbeEngine(
      PROBES,
      r.adapter,
      { canary: CANARY, deadlineMs: 60_000 },
      undefined,
      r.clock,
    )
    engine.on('canary', () => (decidedAt = r.clock.now() - t0))
    const p = engine.start()
    for (let t = 0; t < 4000; t++) r.clock.advance(1)
    await p
    expect(decidedAt).toBe(3000)
    expect(r.wx?.openTasks().total).toBe(0)
  })
})

describe('canary: inside the platform limits', () => {
  it('the host holds every socket: no canary socket is opened (the request alone decides)', async () => {
    const r = rig('wechat', 'enforced', 5)
    const { measured } = await runWith(r, 'wechat', { enforced: false, reasons: [] }, { hostSockets: 5 })
    expect(r.wx?.calls.filter((c) => c.kind === 'socket' && isCanary(c.url))).toHaveLength(0)
    expect(measured?.record.canary).toBe('enforced')
    expect(measured?.record.answer?.api).toBe('request')
  })

  it('the host holds 4 of 5 sockets: the canary socket takes the one left, never a sixth', async () => {
    const r = rig('wechat', 'not_enforced', 4)
    await runWith(r, 'wechat', { enforced: true, reasons: [] }, { hostSockets: 4 })
    expect(r.wx?.calls.filter((c) => c.kind === 'socket' && isCanary(c.url))).toHaveLength(1)
    expect(r.wx?.refusedForLimit).toBe(0)
    expect(r.wx?.maxConcurrent.socket).toBe(1)
  })

  it('without the canary option nothing extra is requested and no canary event comes', async () => {
    const r = rig('wechat', 'not_enforced')
    const { measured } = await runWith(r, 'wechat', { enforced: true, reasons: [] }, { canary: false })
    expect(measured).toBeUndefined()
    expect(r.wx?.calls.some((c) => isCanary(c.url))).toBe(false)
  })

  it('cancel during the canary: undecided, nothing left open', async () => {
    const r = rig('douyin', 'offline')
    const engine = new ProbeEngine(
      PROBES,
      r.adapter,
      { canary: CANARY },
      { enforced: true, reasons: [] },
      r.clock,
    )
    let rec: EnforcementRecord | undefined
    engine.on('canary', (m) => (rec = m.record))
    const p = engine.start()
    r.clock.advance(100)
    engine.cancel()
    const results = await p
    r.clock.runAll()
    expect(rec?.canary).toBe('undecided')
    expect(results.every((x) => x.status === 'skipped')).toBe(true)
    expect(r.mini?.open).toBe(0)
  })
})

describe('a row refused as not in the domain list proves the list is checked, as the canary would', () => {
  // The socket host is left out of the console's list: the platform refuses that row in its own words.
  const ONE_LISTED = ['api.example.com']

  it.each(PLATFORMS.filter((p) => p !== 'baidu'))(
    '%s, no canary, inferred unknown: measured enforced from the row, the other row a pass',
    async (platform) => {
      const r = rig(platform, 'enforced', 0, ONE_LISTED)
      const inferred = { enforced: false, reasons: [] }
      const { measured, results } = await runWith(r, platform, inferred, { canary: false })
      expect(results.map((x) => [x.category, x.status, x.error?.category])).toEqual([
        ['request', 'pass', undefined],
        ['socket', 'fail', 'not_whitelisted'],
      ])
      expect(measured?.whitelist).toEqual({ enforced: true, reasons: [] })
      expect(measured?.record).toMatchObject({ source: 'measured', canary: 'off', inferred })
      expect(measured?.record.answer).toMatchObject({ api: 'socket', category: 'not_whitelisted' })
      expect(measured?.record.answer?.errMsg).toBe(results[1].error?.errMsg)
    },
  )

  it('baidu: its bare 1001 is not known to mean the list, so it proves nothing', async () => {
    const r = rig('baidu', 'enforced', 0, ONE_LISTED)
    const { measured, results } = await runWith(
      r,
      'baidu',
      { enforced: false, reasons: [] },
      { canary: false },
    )
    expect(measured).toBeUndefined()
    expect(results[0].caveats).toContain('not_enforced')
  })
})
