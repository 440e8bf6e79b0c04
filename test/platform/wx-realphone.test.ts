/**
 * The wx side as it behaves on real phones, on the faithful fake (test/helpers/fake-wx.ts): the host app's own
 * sockets, going to the background, headers before a failure, files. Engine + wx adapter + fake on one
 * ManualClock: no real waiting, one order of events.
 */
import { classify, describeCategory } from '../../miniprogram/core/classifier'
import { EngineNotice, EngineOptions, ProbeEngine } from '../../miniprogram/core/engine'
import { ProbeResult } from '../../miniprogram/core/result'
import { PlannedProbe, planProbes } from '../../miniprogram/core/plan'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { createWxAdapter } from '../../miniprogram/platform/wx-adapter'
import { Behaviour, createFakeWx, FakeWx, FakeWxOptions, ManualClock, ScriptSpec } from '../helpers/fake-wx'

const plan2130 = (): PlannedProbe[] => {
  const res = resolveDomains('2.13.0')
  if (!res.ok) throw new Error('catalog')
  return planProbes(res.entries)
}

function rig(script: ScriptSpec, fakeOptions: FakeWxOptions = {}, engine: Partial<EngineOptions> = {}) {
  const clock = new ManualClock()
  const fake = createFakeWx(script, { clock, ...fakeOptions })
  const plan = plan2130()
  const e = new ProbeEngine(
    plan,
    createWxAdapter(fake),
    { growDeadline: true, ...engine },
    { enforced: true, reasons: [] },
    clock,
  )
  const notices: EngineNotice[] = []
  e.on('notice', (n) => notices.push(n))
  let results: ProbeResult[] | undefined
  const run = () => {
    void e.start().then((r) => (results = r))
  }
  const finish = async () => {
    clock.runAll()
    await Promise.resolve()
    await Promise.resolve()
    if (!results) throw new Error('the run did not finish')
    return results
  }
  return { clock, fake, plan, engine: e, notices, run, finish }
}

const ok = (kind: string): Behaviour =>
  kind === 'socket' ? { kind: 'open', delayMs: 40 } : { kind: 'success', delayMs: 40 }

describe('the host app’s own sockets', () => {
  it('2 host sockets + dropped wss → every socket row `timeout`, none `too_many`', async () => {
    const { fake, run, finish, notices } = rig(
      ({ kind }) => (kind === 'socket' ? { kind: 'hang' } : ok(kind)),
      { hostSockets: 2 },
    )
    run()
    const results = await finish()
    const sockets = results.filter((r) => r.category === 'socket')
    expect(sockets).toHaveLength(16)
    expect(sockets.map((r) => r.error?.category)).toEqual(Array(16).fill('timeout'))
    expect(results.some((r) => r.error?.category === 'too_many')).toBe(false)
    expect(results.filter((r) => r.category !== 'socket').every((r) => r.status === 'pass')).toBe(true)
    // The platform refused some calls, and the pool settled on what opens: 3.
    expect(fake.refusedForLimit).toBeGreaterThan(0)
    expect(fake.maxConcurrent.socket).toBe(3)
    expect(notices.filter((n) => n.kind === 'host_sockets').pop()).toEqual({
      kind: 'host_sockets',
      held: 2,
      opened: 3,
      max: 5,
    })
    expect(fake.openTotal).toBe(0)
  })

  it('with a 30 s timeout the 6 waves do not fit 120 s: the deadline grows, nothing is skipped', async () => {
    const { run, finish, notices } = rig(
      ({ kind }) => (kind === 'socket' ? { kind: 'hang' } : ok(kind)),
      { hostSockets: 2 },
      { timeoutMs: 30_000 },
    )
    run()
    const results = await finish()
    expect(results.filter((r) => r.status === 'skipped')).toEqual([])
    expect(results.filter((r) => r.category === 'socket').every((r) => r.error?.category === 'timeout')).toBe(
      true,
    )
    const grown = notices.filter((n) => n.kind === 'deadline_grown').pop()
    expect(grown && grown.kind === 'deadline_grown' && grown.deadlineMs).toBeGreaterThan(120_000)
  })

  it('without growth, a deadline says which rows it skipped (reason `deadline`), never `too_many`', async () => {
    const { run, finish } = rig(
      ({ kind }) => (kind === 'socket' ? { kind: 'hang' } : ok(kind)),
      { hostSockets: 2 },
      { timeoutMs: 30_000, growDeadline: false },
    )
    run()
    const results = await finish()
    const skipped = results.filter((r) => r.status === 'skipped')
    expect(skipped.length).toBeGreaterThan(0)
    expect(skipped.every((r) => r.category === 'socket' && r.skipReason === 'deadline')).toBe(true)
    expect(results.some((r) => r.error?.category === 'too_many')).toBe(false)
  })

  it('when the host holds all 5 sockets, too_many is the honest answer', async () => {
    const { run, finish } = rig(({ kind }) => ok(kind), { hostSockets: 5 })
    run()
    const results = await finish()
    const sockets = results.filter((r) => r.category === 'socket')
    expect(sockets.every((r) => r.error?.category === 'too_many')).toBe(true)
    expect(sockets[0].error?.errMsg).toBe(
      'connectSocket:fail createSocketTask:fail exceed max cocurrent count',
    )
  })

  it('the socket over-limit message is too_many even without errno (base library < 2.24.0)', () => {
    expect(
      classify({ errMsg: 'connectSocket:fail createSocketTask:fail exceed max cocurrent count' }).category,
    ).toBe('too_many')
  })
})

describe('going to the background', () => {
  /**
   * First calls answer after 2 s, or 9 s for every other url (still running 5 s after a hide); calls made
   * again answer in 40 ms.
   */
  const slow = ({ kind, url, attempt }: { kind: string; url: string; attempt: number }): Behaviour => {
    const delayMs = attempt > 1 ? 40 : url.length % 2 === 0 ? 2000 : 9000
    return kind === 'socket' ? { kind: 'open', delayMs } : { kind: 'success', delayMs }
  }

  it('hide at 50% → no row `refused`, run resumes on show', async () => {
    const r = rig(slow)
    r.fake.onAppHide(() => r.engine.pause())
    r.fake.onAppShow(() => r.engine.resume())
    r.run()
    // Run until half the rows are done, then go to the background for a minute.
    while (r.engine.progress().done < 23) r.clock.advance(100)
    expect(r.engine.progress().done).toBeLessThan(46)
    r.fake.hide()
    const callsAtHide = r.fake.calls.length
    r.clock.advance(60_000)
    // In flight at hide: answered within 5 s, or interrupted then and queued again. Nothing new started.
    expect(r.fake.calls.length).toBe(callsAtHide)
    const events = (['request', 'uploadFile', 'downloadFile', 'socket'] as const).flatMap((k) =>
      r.fake.eventsOf(k),
    )
    expect(events).toContain('fail') // "interrupted"
    expect(events).toContain('close') // a connecting socket dropped
    expect(r.engine.isRunning).toBe(true)
    r.fake.show()
    const results = await r.finish()
    expect(results).toHaveLength(46)
    expect(results.filter((x) => x.error?.category === 'refused')).toEqual([])
    // Every row reached (the 9 s answers are warnings for being slow), none failed or skipped.
    expect(results.filter((x) => x.status === 'fail' || x.status === 'skipped')).toEqual([])
    expect(results.filter((x) => x.status === 'warn').every((x) => x.caveats?.join() === 'slow')).toBe(true)
    expect(r.notices.some((n) => n.kind === 'background' && n.requeued > 0)).toBe(true)
    // The platform refused nothing: nothing was called while suspended.
    expect(r.fake.log.some((e) => e.event === 'refused')).toBe(false)
    expect(r.fake.openTotal).toBe(0)
  })

  it('a connecting socket the platform closes while hidden is not a firewall: re-run on show', async () => {
    const r = rig(({ kind, url, attempt }) =>
      kind === 'socket' && url === 'wss://accesshub-wss.coolzcloud.com' && attempt === 1
        ? { kind: 'open', delayMs: 8000 }
        : ok(kind),
    )
    r.fake.onAppHide(() => r.engine.pause())
    r.fake.onAppShow(() => r.engine.resume())
    r.run()
    r.clock.advance(1000)
    r.fake.hide()
    r.clock.advance(6000) // interrupted at hide + 5 s: onClose 1006, never opened
    expect(r.fake.eventsOf('socket', 'wss://accesshub-wss.coolzcloud.com')).toContain('close')
    r.fake.show()
    const results = await r.finish()
    const row = results.find((x) => x.url === 'wss://accesshub-wss.coolzcloud.com')
    expect(row?.status).toBe('pass')
    expect(r.fake.callsOf('socket', 'wss://accesshub-wss.coolzcloud.com')).toHaveLength(2)
  })

  it('interrupted again and again: `aborted` with the keep-the-page-open hint, never `refused`', async () => {
    const url = 'wss://accesshub-wss.coolzcloud.com'
    const r = rig(({ kind, url: u }) =>
      kind === 'socket' && u === url ? { kind: 'open', delayMs: 8000 } : ok(kind),
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
    expect(row?.error?.errMsg).toMatch(/background/)
    expect(describeCategory(row!.error!.category, 'zh')).toMatch(/保持页面在前台/)
    expect(results.some((x) => x.error?.category === 'refused')).toBe(false)
  })

  it('a host that never tells the engine: "fail interrupted" is re-run, then `aborted`, not a network failure', async () => {
    const r = rig(({ kind }) => (kind === 'request' ? { kind: 'success', delayMs: 8000 } : ok(kind)))
    r.run()
    r.clock.advance(1000)
    r.fake.hide()
    r.clock.advance(5000)
    r.fake.show()
    const results = await r.finish()
    const requests = results.filter((x) => x.category === 'request')
    expect(requests.every((x) => x.error?.category === 'aborted')).toBe(true)
    // Re-run at once (maxInterruptions = 2), into a platform that refuses calls until the app is back.
    expect(requests[0].error?.errMsg).toMatch(
      /^interrupted: the mini-program went to the background \(request:fail .*interrupted/,
    )
    expect(requests[0].error?.errno).toBe(600003)
    expect(r.fake.callsOf('request', requests[0].url)).toHaveLength(3)
  })
})

describe('reached at the first protocol answer (wx adapter)', () => {
  const one = (fake: FakeWx, category: 'request' | 'uploadFile' | 'downloadFile', method?: 'GET') => {
    const outcomes: unknown[] = []
    const task = createWxAdapter(fake, method ? { method } : {})[
      category === 'request' ? 'request' : category
    ](
      { id: `${category}:https://a.example.com`, category, url: 'https://a.example.com' },
      { timeoutMs: 5000 },
      (o) => outcomes.push(o),
    )
    return { outcomes, task }
  }

  it('a download stops at the headers: reached, aborted, no body or temp file kept', () => {
    const clock = new ManualClock()
    const fake = createFakeWx(
      { '*': { kind: 'headers', delayMs: 20, statusCode: 404, thenMs: 5000 } },
      { clock },
    )
    const { outcomes } = one(fake, 'downloadFile')
    clock.advance(20)
    expect(outcomes).toEqual([{ reached: true, statusCode: 404 }])
    // Aborted right at the headers (WeChat then calls fail "abort", unheard by the settled probe).
    expect(fake.eventsOf('downloadFile').slice(0, 3)).toEqual(['call', 'headers', 'abort'])
    clock.runAll()
    expect(fake.tempFiles.size).toBe(0)
    expect(fake.openTotal).toBe(0)
  })

  it('a download whose success comes first has its temp file removed at once', () => {
    const clock = new ManualClock()
    const fake = createFakeWx({ '*': { kind: 'success', delayMs: 5 } }, { clock })
    const { outcomes } = one(fake, 'downloadFile')
    clock.runAll()
    expect(outcomes).toEqual([{ reached: true, statusCode: 200 }])
    expect(fake.tempFiles.size).toBe(0)
  })

  it.each([
    ['request (HEAD)', 'request', undefined],
    ['request (GET)', 'request', 'GET'],
    ['uploadFile', 'uploadFile', undefined],
  ] as const)('%s: headers then a body reset is still reached', (_n, category, method) => {
    const clock = new ManualClock()
    const fake = createFakeWx(
      {
        '*': {
          kind: 'headers',
          delayMs: 10,
          statusCode: 200,
          then: 'fail',
          thenMs: 10,
          errMsg: 'x:fail net::ERR_CONNECTION_RESET',
        },
      },
      { clock },
    )
    const { outcomes } = one(fake, category, method)
    clock.runAll()
    expect(outcomes).toEqual([{ reached: true, statusCode: 200 }])
    expect(fake.openTotal).toBe(0)
    expect(fake.files.size).toBe(0)
  })

  it('headers then a stalled body: reached, not a timeout (GET request, upload, download)', () => {
    for (const [category, method] of [
      ['request', 'GET'],
      ['uploadFile', undefined],
      ['downloadFile', undefined],
    ] as const) {
      const clock = new ManualClock()
      const fake = createFakeWx({ '*': { kind: 'headers', delayMs: 10, then: 'hang' } }, { clock })
      const { outcomes } = one(fake, category, method)
      clock.advance(10)
      expect(outcomes).toEqual([{ reached: true, statusCode: 200 }])
      clock.runAll()
      expect(outcomes).toHaveLength(1)
      expect(fake.openTotal).toBe(0)
    }
  })

  it('a socket settles at open; its close is not waited for and not in the timing', async () => {
    const clock = new ManualClock()
    const fake = createFakeWx(
      {
        '*': {
          kind: 'custom',
          run: (c) => {
            c.later(30, () => c.open({}))
            // The server never answers the close: the platform reports onClose much later.
          },
        },
      },
      { clock },
    )
    const plan = plan2130()
      .filter((p) => p.category === 'socket')
      .slice(0, 1)
    const engine = new ProbeEngine(plan, createWxAdapter(fake), { timeoutMs: 5000 }, undefined, clock)
    let results: ProbeResult[] = []
    void engine.start().then((r) => (results = r))
    clock.advance(30)
    await Promise.resolve()
    expect(results[0]).toMatchObject({ status: 'pass', timing: { totalMs: 30 } })
    expect(fake.closeCodes).toEqual([1000])
  })
})

describe('the fake behaves like WeChat', () => {
  it('the 11th HTTP task fails with WeChat’s error shape; errno only from 2.24.0', () => {
    for (const [version, errno] of [
      ['3.5.8', 600007],
      ['2.23.0', undefined],
    ] as const) {
      const clock = new ManualClock()
      const fake = createFakeWx({ '*': { kind: 'hang' } }, { clock, baseLibrary: version })
      for (let i = 0; i < 10; i++) fake.request({ url: `https://h${i}.example.com` })
      const fails: unknown[] = []
      fake.downloadFile({ url: 'https://x.example.com', fail: (e) => fails.push(e) })
      clock.advance(0)
      expect(fails).toEqual([
        errno
          ? { errMsg: 'downloadFile:fail exceed max task count', errno }
          : { errMsg: 'downloadFile:fail exceed max task count' },
      ])
      expect(fake.openTasks().http).toBe(10)
    }
  })

  it('the 6th socket (or the 4th with 2 host sockets) fails; a closed one frees its slot', () => {
    const clock = new ManualClock()
    const fake = createFakeWx({ '*': { kind: 'open', delayMs: 1 } }, { clock, hostSockets: 2 })
    const tasks = [1, 2, 3].map((i) => fake.connectSocket({ url: `wss://s${i}.example.com` }))
    const fails: unknown[] = []
    fake.connectSocket({ url: 'wss://s4.example.com', fail: (e) => fails.push(e) })
    clock.advance(1)
    expect(fails).toEqual([
      { errMsg: 'connectSocket:fail createSocketTask:fail exceed max cocurrent count', errno: 600007 },
    ])
    tasks[0].close({ code: 1000 })
    // Closing is not closed: until its onClose the socket keeps its slot.
    fake.connectSocket({ url: 'wss://s5.example.com', fail: (e) => fails.push(e) })
    clock.advance(0)
    expect(fails).toHaveLength(2)
    expect(fake.eventsOf('socket', 'wss://s1.example.com')).toContain('unheard:close')
    const ok: unknown[] = []
    fake.connectSocket({ url: 'wss://s6.example.com', success: (r) => ok.push(r) })
    clock.advance(1)
    expect(ok).toHaveLength(1)
  })

  it('background: requests still running 5 s after hide fail "interrupted"; new calls fail until show', () => {
    const clock = new ManualClock()
    const fake = createFakeWx({ '*': { kind: 'success', delayMs: 20_000 } }, { clock })
    const fails: { errMsg: string }[] = []
    fake.request({ url: 'https://a.example.com', timeout: 60_000, fail: (e) => fails.push(e) })
    fake.hide()
    clock.advance(4999)
    expect(fails).toEqual([])
    clock.advance(1)
    expect(fails).toEqual([{ errMsg: 'request:fail interrupted', errno: 600003 }])
    fake.request({ url: 'https://b.example.com', fail: (e) => fails.push(e) })
    clock.advance(0)
    expect(fails[1].errMsg).toMatch(/network api interrupted in suspend state/)
    expect(classify(fails[1]).category).toBe('aborted')
    fake.show()
    const ok: unknown[] = []
    fake.request({ url: 'https://c.example.com', success: (r) => ok.push(r) })
    clock.advance(20_000)
    expect(ok).toHaveLength(1)
  })

  it('back before 5 s: nothing is interrupted', () => {
    const clock = new ManualClock()
    const fake = createFakeWx({ '*': { kind: 'success', delayMs: 8000 } }, { clock })
    const ok: unknown[] = []
    fake.request({ url: 'https://a.example.com', success: (r) => ok.push(r) })
    fake.hide()
    clock.advance(3000)
    fake.show()
    clock.advance(5000)
    expect(ok).toHaveLength(1)
  })

  it('the timeout option (2.10.0+): HTTP fails "timeout" errno 5; a socket gets onError then onClose', () => {
    const clock = new ManualClock()
    const fake = createFakeWx({ '*': { kind: 'hang' } }, { clock })
    const fails: unknown[] = []
    fake.request({ url: 'https://a.example.com', timeout: 300, fail: (e) => fails.push(e) })
    const events: string[] = []
    const s = fake.connectSocket({ url: 'wss://a.example.com', timeout: 300 })
    s.onError((e) => events.push(`error:${e.errMsg}`))
    s.onClose((e) => events.push(`close:${e.code}`))
    clock.advance(300)
    expect(fails).toEqual([{ errMsg: 'request:fail timeout', errno: 5 }])
    expect(events).toEqual(['error:connectSocket:fail timeout', 'close:1006'])
    expect(fake.openTotal).toBe(0)
    // Before 2.10.0 the option does not exist.
    const old = createFakeWx({ '*': { kind: 'hang' } }, { clock, baseLibrary: '2.9.0' })
    old.request({ url: 'https://a.example.com', timeout: 300, fail: (e) => fails.push(e) })
    clock.advance(1000)
    expect(fails).toHaveLength(1)
  })

  it('an upload of a file that was never written fails as WeChat does', () => {
    const clock = new ManualClock()
    const fake = createFakeWx({ '*': { kind: 'success' } }, { clock })
    const fails: { errMsg: string }[] = []
    fake.uploadFile({
      url: 'https://a.example.com',
      filePath: 'wxfile://usr/none',
      name: 'file',
      fail: (e) => fails.push(e),
    })
    clock.advance(0)
    expect(fails[0].errMsg).toMatch(/file not found/)
  })
})
