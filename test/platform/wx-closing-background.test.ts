/**
 * Issue 26, WeChat as it really behaves (engine + wx adapter + the faithful fake on one ManualClock):
 * - a closed socket keeps its slot among WeChat's 5 until its onClose, after a closing handshake;
 * - 5 s after the app went to the background WeChat interrupts what still runs and suspends the JS thread: the
 *   interrupted callbacks arrive while still hidden, right after onAppShow, or never.
 */
import {
  PlatformAdapter,
  ProbeCallOptions,
  ProbeTarget,
  OutcomeCallback,
} from '../../miniprogram/core/adapter'
import { EngineNotice, EngineOptions, ProbeEngine } from '../../miniprogram/core/engine'
import { ProbeResult } from '../../miniprogram/core/result'
import { PlannedProbe, planProbes } from '../../miniprogram/core/plan'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { createWxAdapter } from '../../miniprogram/platform/wx-adapter'
import { Behaviour, CallInfo, createFakeWx, FakeWxOptions, ManualClock, ScriptSpec } from '../helpers/fake-wx'

const plan2130 = (): PlannedProbe[] => {
  const res = resolveDomains('2.13.0')
  if (!res.ok) throw new Error('catalog')
  return planProbes(res.entries)
}

/** The engine runs on the fake's app clock: its timers stop while the app is suspended, as WeChat's JS thread. */
function rig(script: ScriptSpec, fakeOptions: FakeWxOptions = {}, engine: Partial<EngineOptions> = {}) {
  const clock = new ManualClock()
  const fake = createFakeWx(script, { clock, ...fakeOptions })
  const e = new ProbeEngine(
    plan2130(),
    createWxAdapter(fake),
    { growDeadline: true, ...engine },
    { enforced: true, reasons: [] },
    fake.appClock,
  )
  const notices: EngineNotice[] = []
  e.on('notice', (n) => notices.push(n))
  let results: ProbeResult[] | undefined
  const run = () => void e.start().then((r) => (results = r))
  const finish = async () => {
    clock.runAll()
    await Promise.resolve()
    await Promise.resolve()
    if (!results) throw new Error('the run did not finish')
    return results
  }
  return { clock, fake, engine: e, notices, run, finish }
}

const ok = (kind: string, delayMs = 40): Behaviour =>
  kind === 'socket' ? { kind: 'open', delayMs } : { kind: 'success', delayMs }

describe('a closed socket keeps its slot until its onClose', () => {
  it.each([100, 200, 300])(
    'closing handshake of %i ms, 2 host sockets set: no refused call, no `too_many` row',
    async (closeHandshakeMs) => {
      const { fake, run, finish } = rig(
        ({ kind }) => ok(kind),
        { hostSockets: 2, closeHandshakeMs },
        {
          hostTasks: { http: 0, socket: 2 },
        },
      )
      run()
      const results = await finish()
      const sockets = results.filter((r) => r.category === 'socket')
      expect(sockets.map((r) => r.status)).toEqual(Array(16).fill('pass'))
      expect(results.some((r) => r.error?.category === 'too_many')).toBe(false)
      // The engine waited for each onClose: WeChat never had to refuse a socket.
      expect(fake.refusedForLimit).toBe(0)
      expect(fake.maxConcurrent.socket).toBe(3)
      expect(sockets.every((r) => r.attempts === 1)).toBe(true)
      expect(fake.openTotal).toBe(0)
    },
  )

  it('with no host sockets and a 300 ms handshake, WeChat’s 5 are never exceeded and nothing is refused', async () => {
    const { fake, run, finish } = rig(({ kind }) => ok(kind, 20), { closeHandshakeMs: 300 })
    run()
    const results = await finish()
    expect(results.every((r) => r.status === 'pass')).toBe(true)
    expect(fake.refusedForLimit).toBe(0)
    expect(fake.maxConcurrent.socket).toBe(5)
  })
})

/** An adapter whose sockets open at once and whose slots free only when the test says so (or never). */
class ClosingAdapter implements PlatformAdapter {
  readonly name = 'closing'
  readonly reportsSlotRelease = true
  readonly limits = { http: 10, socket: 1 }
  calls: { id: string; at: number; released?: () => void }[] = []
  constructor(private readonly clock: ManualClock) {}
  private start(t: ProbeTarget, o: ProbeCallOptions, done: OutcomeCallback) {
    this.calls.push({ id: t.id, at: this.clock.now(), released: o.released })
    this.clock.setTimeout(() => done({ reached: true }), 10)
    return { abort: () => undefined }
  }
  request = (t: ProbeTarget, o: ProbeCallOptions, d: OutcomeCallback) => this.start(t, o, d)
  uploadFile = (t: ProbeTarget, o: ProbeCallOptions, d: OutcomeCallback) => this.start(t, o, d)
  downloadFile = (t: ProbeTarget, o: ProbeCallOptions, d: OutcomeCallback) => this.start(t, o, d)
  connectSocket = (t: ProbeTarget, o: ProbeCallOptions, d: OutcomeCallback) => this.start(t, o, d)
}

describe('the engine counts a released slot until the platform frees it, at most closeGraceMs', () => {
  const sockets = () =>
    plan2130()
      .filter((p) => p.category === 'socket')
      .slice(0, 2)

  it('the next socket opens when the first one’s slot is freed', async () => {
    const clock = new ManualClock()
    const adapter = new ClosingAdapter(clock)
    const engine = new ProbeEngine(sockets(), adapter, { closeGraceMs: 2000 }, undefined, clock)
    const done = engine.start()
    clock.advance(10) // the first settles; its socket is closing
    expect(adapter.calls).toHaveLength(1)
    clock.advance(140)
    adapter.calls[0].released?.()
    expect(adapter.calls.map((c) => c.at)).toEqual([0, 150])
    clock.runAll()
    expect((await done).map((r) => r.status)).toEqual(['pass', 'pass'])
  })

  it('a lost onClose: the slot is freed after closeGraceMs, the run goes on', async () => {
    const clock = new ManualClock()
    const adapter = new ClosingAdapter(clock)
    const engine = new ProbeEngine(sockets(), adapter, { closeGraceMs: 2000 }, undefined, clock)
    const done = engine.start()
    clock.advance(2009)
    expect(adapter.calls).toHaveLength(1)
    clock.advance(1)
    expect(adapter.calls.map((c) => c.at)).toEqual([0, 2010])
    clock.runAll()
    expect((await done).map((r) => r.status)).toEqual(['pass', 'pass'])
    // A late release of a slot already given up changes nothing.
    adapter.calls[0].released?.()
    expect(clock.pending).toBe(0)
  })
})

describe('the app in the background: the three orders of the interrupted callbacks', () => {
  /**
   * First calls answer after 2 s, or 9 s for every other url (still running 5 s after a hide); calls made
   * again answer in 40 ms.
   */
  const slow = ({ kind, url, attempt }: CallInfo): Behaviour =>
    ok(kind, attempt > 1 ? 40 : url.length % 2 === 0 ? 2000 : 9000)

  it.each([
    ['while still hidden', 'background'],
    ['right after onAppShow', 'onShow'],
    ['never (the probe deadline, run after onAppShow, decides)', 'never'],
  ] as const)(
    'delivered %s: every row re-run and reached, none `aborted` or closed-before-open',
    async (_, mode) => {
      const r = rig(slow, { interruptDelivery: mode })
      r.fake.onAppHide(() => r.engine.pause())
      r.fake.onAppShow(() => r.engine.resume())
      r.run()
      while (r.engine.progress().done < 23) r.clock.advance(100)
      r.fake.hide()
      r.clock.advance(60_000)
      expect(r.engine.isRunning).toBe(true)
      r.fake.show()
      const results = await r.finish()
      expect(results).toHaveLength(46)
      expect(results.filter((x) => x.status === 'fail' || x.status === 'skipped')).toEqual([])
      expect(results.some((x) => /closed before open/.test(x.error?.errMsg ?? ''))).toBe(false)
      const background = r.notices.filter((n) => n.kind === 'background').pop()
      expect(background && background.kind === 'background' && background.requeued).toBeGreaterThan(0)
      // Interrupted probes ran again once the app was back: 46 first calls plus the re-runs.
      expect(r.fake.calls.length).toBeGreaterThan(46)
      expect(r.fake.openTotal).toBe(0)
    },
  )

  it('a failure heard after onAppShow by an attempt that overlapped the hide is re-run, even a real-looking one', async () => {
    const url = 'https://access-zfpxy-global.coolbcloud.com'
    const r = rig(({ kind, url: u, attempt }) =>
      kind === 'request' && u === url
        ? attempt === 1
          ? { kind: 'fail', delayMs: 4000, errMsg: 'request:fail net::ERR_CONNECTION_RESET' }
          : { kind: 'success', delayMs: 40 }
        : ok(kind),
    )
    r.fake.onAppHide(() => r.engine.pause())
    r.fake.onAppShow(() => r.engine.resume())
    r.run()
    r.clock.advance(1000)
    r.fake.hide()
    r.clock.advance(2000)
    r.fake.show() // back before the 5 s: nothing was interrupted, but the call lived through the hide
    const results = await r.finish()
    const row = results.find((x) => x.url === url && x.category === 'request')
    expect(row?.status).toBe('pass')
    expect(r.fake.callsOf('request', url)).toHaveLength(2)
  })

  it('interrupted at every hide: `aborted` after maxInterruptions, never a network category', async () => {
    const url = 'wss://accesshub-wss.coolzcloud.com'
    const r = rig(
      ({ kind, url: u }) => (kind === 'socket' && u === url ? { kind: 'open', delayMs: 8000 } : ok(kind)),
      {
        interruptDelivery: 'onShow',
      },
    )
    r.fake.onAppHide(() => r.engine.pause())
    r.fake.onAppShow(() => r.engine.resume())
    r.run()
    for (let i = 0; i < 3; i++) {
      r.clock.advance(1000)
      r.fake.hide()
      r.clock.advance(6000)
      r.fake.show()
    }
    const results = await r.finish()
    const row = results.find((x) => x.url === url)
    expect(row?.error?.category).toBe('aborted')
    expect(row?.error?.errMsg).toMatch(/^interrupted: the mini-program went to the background/)
    expect(r.fake.callsOf('socket', url)).toHaveLength(3)
  })
})
