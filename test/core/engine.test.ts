import { canaryTargets } from '../../miniprogram/core/canary'
import { EngineEvents, ProbeEngine } from '../../miniprogram/core/engine'
import { EngineOptions } from '../../miniprogram/core/engine-options'
import { ProbeResult } from '../../miniprogram/core/result'
import { planProbes } from '../../miniprogram/core/plan'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { Behaviour, FakeAdapter, failed, reached } from '../helpers/fake-adapter'

const plan2130 = () => {
  const res = resolveDomains('2.13.0')
  if (!res.ok) throw new Error('bad')
  return planProbes(res.entries)
}
const byId = (results: ProbeResult[]) => new Map(results.map((r) => [r.id, r]))
const answer = (delayMs: number, outcome = reached()): Behaviour => ({ kind: 'answer', delayMs, outcome })

describe('ProbeEngine scheduling', () => {
  it('runs every probe with at most 10 HTTP and 5 socket tasks at once', async () => {
    const plan = plan2130()
    const fake = new FakeAdapter(() => answer(15))
    const engine = new ProbeEngine(plan, fake, { timeoutMs: 1000 })
    const results = await engine.start()
    expect(results).toHaveLength(46)
    expect(results.every((r) => r.status === 'pass')).toBe(true)
    expect(fake.maxOpen).toEqual({ http: 10, socket: 5 })
    expect(fake.open).toBe(0)
  })

  it('pools are configurable and lowered by the host app’s own tasks', async () => {
    const fake = new FakeAdapter(() => answer(10))
    const engine = new ProbeEngine(plan2130(), fake, {
      timeoutMs: 1000,
      concurrency: { http: 6, socket: 5 },
      hostTasks: { http: 2, socket: 3 },
    })
    expect(engine.pools).toEqual({ http: 4, socket: 2 })
    await engine.start()
    expect(fake.maxOpen).toEqual({ http: 4, socket: 2 })
  })

  it('never goes above the platform limits nor below one slot', () => {
    const fake = new FakeAdapter(() => answer(1))
    expect(new ProbeEngine([], fake, { concurrency: { http: 50, socket: 9 } }).pools).toEqual({
      http: 10,
      socket: 5,
    })
    expect(new ProbeEngine([], fake, { hostTasks: { http: 0, socket: 7 } }).pools.socket).toBe(1)
  })

  it('an empty plan finishes at once', async () => {
    const engine = new ProbeEngine([], new FakeAdapter(() => answer(1)))
    await expect(engine.start()).resolves.toEqual([])
  })

  it('emits progress up to done = total, and one result per probe', async () => {
    const plan = plan2130().slice(0, 12)
    const engine = new ProbeEngine(plan, new FakeAdapter(() => answer(5)), { timeoutMs: 500 })
    const seen: string[] = []
    let last = { done: -1, total: 0 }
    engine.on('result', ({ result }) => seen.push(result.id))
    engine.on('progress', (p) => {
      expect(p.done).toBeGreaterThanOrEqual(last.done)
      last = p
    })
    await engine.start()
    expect(seen.sort()).toEqual(plan.map((p) => p.id).sort())
    expect(last).toMatchObject({ done: 12, total: 12, pass: 12, running: 0 })
  })
})

describe('ProbeEngine deadlines and settling once', () => {
  it('a probe the platform never answers fails as timeout by its deadline, and its task is released', async () => {
    // On jest's clock (the engine's default clock and the fake adapter's timers are the globals it replaces): the
    // run ends exactly at the deadline, however busy the machine.
    jest.useFakeTimers()
    try {
      const plan = plan2130().slice(0, 3)
      const fake = new FakeAdapter((t) => (t.id === plan[1].id ? { kind: 'hang' } : answer(5)))
      const engine = new ProbeEngine(plan, fake, { timeoutMs: 200 })
      const t0 = Date.now()
      let results: ProbeResult[] | undefined
      void engine.start().then((r) => (results = r))
      await jest.advanceTimersByTimeAsync(199)
      expect(results).toBeUndefined()
      expect(fake.open).toBe(1)
      await jest.advanceTimersByTimeAsync(1)
      expect(Date.now() - t0).toBe(200)
      expect(byId(results ?? []).get(plan[1].id)).toMatchObject({
        status: 'fail',
        error: { category: 'timeout' },
      })
      expect(fake.open).toBe(0)
    } finally {
      jest.useRealTimers()
    }
  })

  it('success and fail both firing, or fail twice, settle once with the first', async () => {
    const plan = plan2130().slice(0, 2)
    const fake = new FakeAdapter((t) => ({
      kind: 'custom',
      run: (done) => {
        const a = setTimeout(() => {
          if (t.id === plan[0].id) {
            done(reached(204))
            done(failed('request:fail timeout'))
          } else {
            done(failed('request:fail url not in domain list', 600002))
            done(failed('request:fail url not in domain list', 600002))
          }
        }, 5)
        return () => clearTimeout(a)
      },
    }))
    const engine = new ProbeEngine(plan, fake, { timeoutMs: 500 })
    let events = 0
    engine.on('result', () => events++)
    const results = byId(await engine.start())
    expect(events).toBe(2)
    expect(results.get(plan[0].id)).toMatchObject({ status: 'pass', statusCode: 204 })
    expect(results.get(plan[1].id)).toMatchObject({
      status: 'fail',
      error: { category: 'not_whitelisted', errno: 600002 },
    })
  })

  it('a throwing task constructor fails that probe only', async () => {
    const plan = plan2130().slice(0, 2)
    const fake = new FakeAdapter((t) =>
      t.id === plan[0].id ? { kind: 'throw', message: 'request:fail invalid url' } : answer(1),
    )
    const results = byId(await new ProbeEngine(plan, fake, { timeoutMs: 500 }).start())
    expect(results.get(plan[0].id)).toMatchObject({
      status: 'fail',
      error: { category: 'bad_request', errMsg: 'request:fail invalid url' },
    })
    expect(results.get(plan[1].id)?.status).toBe('pass')
  })

  it('retries `exceed max task count` with backoff, then passes', async () => {
    const plan = plan2130().slice(0, 1)
    const fake = new FakeAdapter((_t, attempt) =>
      attempt < 3 ? answer(1, failed('request:fail exceed max task count', 600007)) : answer(1),
    )
    const engine = new ProbeEngine(plan, fake, { timeoutMs: 2000, retry: { attempts: 3, baseDelayMs: 20 } })
    const [r] = await engine.start()
    expect(r).toMatchObject({ status: 'pass', attempts: 3 })
    expect(fake.calls.map((c) => c.attempt)).toEqual([1, 2, 3])
    // Each attempt gets only what is left of the probe's deadline.
    expect(fake.calls[2].timeoutMs).toBeLessThan(fake.calls[0].timeoutMs)
    expect(fake.open).toBe(0)
  })

  it('gives up on too_many after the allowed retries', async () => {
    const fake = new FakeAdapter(() => answer(1, failed('exceed max task count', 600007)))
    const [r] = await new ProbeEngine(plan2130().slice(0, 1), fake, {
      timeoutMs: 2000,
      retry: { attempts: 2, baseDelayMs: 5 },
    }).start()
    expect(r).toMatchObject({ status: 'fail', error: { category: 'too_many' }, attempts: 3 })
  })

  it('does not retry other failures', async () => {
    const fake = new FakeAdapter(() => answer(1, failed('request:fail timeout')))
    const [r] = await new ProbeEngine(plan2130().slice(0, 1), fake, { timeoutMs: 500 }).start()
    expect(r).toMatchObject({ status: 'fail', error: { category: 'timeout' }, attempts: 1 })
    expect(fake.calls).toHaveLength(1)
  })
})

describe('ProbeEngine cancel, run deadline and rerun', () => {
  it('cancel keeps finished results, skips the rest and releases every task', async () => {
    const plan = plan2130()
    const fake = new FakeAdapter((t) => (t.url.includes('coolb') ? answer(5) : { kind: 'hang' }))
    // On jest's clock: at 60 ms every coolb probe (5 ms each, ten at a time) has answered, however busy the machine.
    jest.useFakeTimers()
    let results: ProbeResult[]
    try {
      const engine = new ProbeEngine(plan, fake, { timeoutMs: 10_000 })
      const run = engine.start()
      await jest.advanceTimersByTimeAsync(60)
      engine.cancel()
      results = await run
    } finally {
      jest.useRealTimers()
    }
    expect(results).toHaveLength(46)
    const passed = results.filter((r) => r.status === 'pass')
    expect(passed.length).toBeGreaterThan(0)
    expect(passed.every((r) => r.url.includes('coolb'))).toBe(true)
    expect(results.filter((r) => r.status === 'skipped').every((r) => r.skipReason === 'cancelled')).toBe(
      true,
    )
    expect(results.filter((r) => r.status === 'skipped')).toHaveLength(46 - passed.length)
    expect(fake.open).toBe(0)
  })

  it('the whole-run deadline skips what is unfinished', async () => {
    const plan = plan2130().slice(0, 4)
    const fake = new FakeAdapter((t) => (t.id === plan[0].id ? answer(5) : { kind: 'hang' }))
    // On jest's clock, as above: the run ends at the whole-run deadline (150 ms), long before any probe's 5 s.
    jest.useFakeTimers()
    try {
      const t0 = Date.now()
      let done: ProbeResult[] | undefined
      void new ProbeEngine(plan, fake, { timeoutMs: 5000, deadlineMs: 150 }).start().then((r) => (done = r))
      await jest.advanceTimersByTimeAsync(149)
      expect(done).toBeUndefined()
      await jest.advanceTimersByTimeAsync(1)
      expect(Date.now() - t0).toBe(150)
      const results = byId(done ?? [])
      expect(results.get(plan[0].id)?.status).toBe('pass')
      expect(results.get(plan[1].id)).toMatchObject({ status: 'skipped', skipReason: 'deadline' })
      expect(fake.open).toBe(0)
    } finally {
      jest.useRealTimers()
    }
  })

  it('rerun runs the selected probes again and keeps the others', async () => {
    const plan = plan2130().slice(0, 3)
    let broken = true
    const fake = new FakeAdapter((t) =>
      t.id === plan[2].id && broken ? answer(1, failed('request:fail timeout')) : answer(1),
    )
    const engine = new ProbeEngine(plan, fake, { timeoutMs: 500 })
    const first = await engine.start()
    expect(first.filter((r) => r.status === 'fail').map((r) => r.id)).toEqual([plan[2].id])
    broken = false
    const second = await engine.rerun([plan[2].id])
    expect(second).toHaveLength(3)
    expect(second.every((r) => r.status === 'pass')).toBe(true)
    expect(fake.calls.filter((c) => c.id === plan[0].id)).toHaveLength(1)
  })

  it('refuses to start twice at once', async () => {
    const engine = new ProbeEngine(plan2130().slice(0, 1), new FakeAdapter(() => answer(20)), {
      timeoutMs: 500,
    })
    const run = engine.start()
    await expect(engine.start()).rejects.toThrow(/already in progress/)
    await run
  })
})

describe('ProbeEngine verdicts', () => {
  it('an HTTP answer to a WebSocket upgrade is a warning with the http caveat', async () => {
    const plan = plan2130()
      .filter((p) => p.category === 'socket')
      .slice(0, 1)
    const fake = new FakeAdapter(() =>
      answer(1, { reached: true, upgradeRejected: true, statusCode: 404, errMsg: 'Invalid HTTP status' }),
    )
    const [r] = await new ProbeEngine(plan, fake, { timeoutMs: 500 }).start()
    expect(r).toMatchObject({
      status: 'warn',
      caveats: ['http'],
      statusCode: 404,
      error: { category: 'http' },
    })
  })

  it('slow probes and runs where the whitelist is not enforced are warnings', async () => {
    const plan = plan2130().slice(0, 1)
    const slow = await new ProbeEngine(plan, new FakeAdapter(() => answer(60)), {
      timeoutMs: 500,
      slowMs: 30,
    }).start()
    expect(slow[0]).toMatchObject({ status: 'warn', caveats: ['slow'] })
    const notEnforced = await new ProbeEngine(
      plan,
      new FakeAdapter(() => answer(1)),
      { timeoutMs: 500 },
      { enforced: false, reasons: ['debug'] },
    ).start()
    expect(notEnforced[0]).toMatchObject({ status: 'warn', caveats: ['not_enforced'] })
  })

  it('a listener that throws does not break the run', async () => {
    const engine = new ProbeEngine(plan2130().slice(0, 2), new FakeAdapter(() => answer(1)), {
      timeoutMs: 500,
    })
    engine.on('result', () => {
      throw new Error('listener bug')
    })
    await expect(engine.start()).resolves.toHaveLength(2)
  })
})

describe('ProbeEngine: a row refused as not in the domain list proves the list is checked', () => {
  const NOT_LISTED = 'request:fail url not in domain list'

  async function run(
    script: (t: { id: string; url: string }) => Behaviour,
    options: Partial<EngineOptions> = {},
  ) {
    jest.useFakeTimers()
    try {
      const plan = plan2130()
        .filter((p) => p.category === 'request')
        .slice(0, 3)
      const engine = new ProbeEngine(
        plan,
        new FakeAdapter(script),
        { timeoutMs: 1000, ...options },
        {
          enforced: false,
          reasons: ['devtools'],
        },
      )
      const events: string[] = []
      const seen: ProbeResult[] = []
      let measured: EngineEvents['canary'] | undefined
      engine.on('canary', (m) => {
        measured = m
        events.push('canary')
      })
      engine.on('result', ({ result }) => {
        seen.push(result)
        events.push(`${result.id.slice(-12)} ${result.status}`)
      })
      let results: ProbeResult[] = []
      void engine.start().then((r) => (results = r))
      await jest.advanceTimersByTimeAsync(100)
      return { plan, results, measured, events, seen }
    } finally {
      jest.useRealTimers()
    }
  }

  it('passes settled before the refusal lose their "not enforced" caveat, and are said again', async () => {
    let n = 0
    const order = new Map<string, number>()
    const { plan, results, measured, seen } = await run((t) => {
      if (!order.has(t.id)) order.set(t.id, n++)
      const i = order.get(t.id) as number
      // The first answers at 5 ms (a pass, warned "not enforced"), the second is refused at 10, the third at 20.
      return i === 1 ? answer(10, failed(NOT_LISTED, 600002)) : answer(i === 0 ? 5 : 20)
    })
    expect(results.map((r) => [r.status, r.caveats, r.error?.category])).toEqual([
      ['pass', undefined, undefined],
      ['fail', undefined, 'not_whitelisted'],
      ['pass', undefined, undefined],
    ])
    // The first row was said twice: warned at 5 ms, a pass once the refusal came.
    const first = seen.filter((r) => r.id === plan[0].id)
    expect(first.map((r) => r.status)).toEqual(['warn', 'pass'])
    expect(first[0].caveats).toEqual(['not_enforced'])
    expect(measured?.whitelist).toEqual({ enforced: true, reasons: [] })
    expect(measured?.record).toEqual({
      source: 'measured',
      canary: 'off',
      inferred: { enforced: false, reasons: ['devtools'] },
      answer: { api: 'request', category: 'not_whitelisted', errMsg: NOT_LISTED, errno: 600002 },
    })
  })

  it('other caveats stay: slow passes settled first stay warnings, without "not enforced"', async () => {
    const first: string[] = []
    const { results } = await run(
      (t) => {
        if (first.length === 0) first.push(t.id)
        return t.id === first[0] ? answer(50, failed(NOT_LISTED)) : answer(40)
      },
      { slowMs: 30 },
    )
    expect(results.map((r) => [r.status, r.caveats])).toEqual([
      ['fail', undefined],
      ['warn', ['slow']],
      ['warn', ['slow']],
    ])
  })

  it('a canary that measured "not enforced" is kept, refusal or not', async () => {
    const { results, measured, events } = await run(
      (t) =>
        t.id.startsWith('canary:')
          ? answer(1, failed('request:fail net::ERR_NAME_NOT_RESOLVED'))
          : t.url.includes('detaillog')
            ? answer(5, failed(NOT_LISTED))
            : answer(10),
      { canary: canaryTargets('zim-canary-x.example.com') },
    )
    expect(events.filter((e) => e === 'canary')).toHaveLength(1)
    expect(measured?.record).toMatchObject({ source: 'measured', canary: 'not_enforced' })
    expect(results.filter((r) => r.status !== 'fail').every((r) => r.caveats?.includes('not_enforced'))).toBe(
      true,
    )
  })
})
