import {
  OutcomeCallback,
  PlatformAdapter,
  ProbeCallOptions,
  ProbeTarget,
  RawOutcome,
} from '../../miniprogram/core/adapter'
import {
  DEFAULT_ENGINE_OPTIONS,
  effectivePools,
  EngineEvents,
  EngineOptions,
  LOCAL_STORAGE_CODE,
  ProbeEngine,
} from '../../miniprogram/core/engine'
import { ProbeResult } from '../../miniprogram/core/result'
import { PlannedProbe } from '../../miniprogram/core/plan'
import { Category } from '../../miniprogram/core/vocabulary'
import { ManualClock } from '../helpers/fake-wx'

/**
 * The engine's timing rules on a manual clock: every call is answered by the test, by hand, at a chosen time.
 * Nothing here waits for real time.
 */

interface Call {
  id: string
  op: string
  at: number
  timeoutMs: number
  done: OutcomeCallback
  aborted: number
}

/** Records every call; the test answers through `calls[i].done`. `open` counts calls not yet aborted. */
class HandAdapter implements PlatformAdapter {
  readonly name = 'hand'
  calls: Call[] = []
  throwFor = new Set<string>()
  constructor(private readonly clock: ManualClock) {}
  private start(op: string, t: ProbeTarget, o: ProbeCallOptions, done: OutcomeCallback) {
    if (this.throwFor.has(t.id)) throw new Error(`cannot start ${t.id}`)
    const call: Call = { id: t.id, op, at: this.clock.now(), timeoutMs: o.timeoutMs, done, aborted: 0 }
    this.calls.push(call)
    return {
      abort: () => {
        call.aborted++
      },
    }
  }
  request = (t: ProbeTarget, o: ProbeCallOptions, d: OutcomeCallback) => this.start('request', t, o, d)
  uploadFile = (t: ProbeTarget, o: ProbeCallOptions, d: OutcomeCallback) => this.start('uploadFile', t, o, d)
  downloadFile = (t: ProbeTarget, o: ProbeCallOptions, d: OutcomeCallback) =>
    this.start('downloadFile', t, o, d)
  connectSocket = (t: ProbeTarget, o: ProbeCallOptions, d: OutcomeCallback) =>
    this.start('connectSocket', t, o, d)
  of(id: string): Call[] {
    return this.calls.filter((c) => c.id === id)
  }
  get open(): number {
    return this.calls.filter((c) => c.aborted === 0).length
  }
}

const probe = (category: Category, n: number): PlannedProbe => {
  const url = `${category === 'socket' ? 'wss' : 'https'}://h${n}.example.com`
  return { id: `${category}:${url}`, category, url, purpose: 'access' }
}
const TOO_MANY: RawOutcome = { reached: false, errMsg: 'request:fail exceed max task count', errno: 600007 }
const OK: RawOutcome = { reached: true, statusCode: 200 }

function setup(
  probes: PlannedProbe[],
  options: Partial<EngineOptions> = {},
  enforced = true,
): {
  clock: ManualClock
  fake: HandAdapter
  engine: ProbeEngine
  events: { [K in keyof EngineEvents]: EngineEvents[K][] }
  run: () => Promise<ProbeResult[]>
} {
  const clock = new ManualClock(1000)
  const fake = new HandAdapter(clock)
  const engine = new ProbeEngine(
    probes,
    fake,
    { timeoutMs: 1000, retry: { attempts: 3, baseDelayMs: 100 }, ...options },
    enforced ? { enforced: true, reasons: [] } : { enforced: false, reasons: ['debug'] },
    clock,
  )
  const events = { start: [], result: [], progress: [], notice: [], paused: [], done: [] } as unknown as {
    [K in keyof EngineEvents]: EngineEvents[K][]
  }
  for (const k of Object.keys(events) as (keyof EngineEvents)[])
    engine.on(k, (p: unknown) => (events[k] as unknown[]).push(p))
  return { clock, fake, engine, events, run: () => engine.start() }
}

describe('pools', () => {
  it('are the configured sizes less the host’s tasks, within 1 and the platform limits', () => {
    const o = (c: [number, number], h: [number, number]): EngineOptions => ({
      ...DEFAULT_ENGINE_OPTIONS,
      concurrency: { http: c[0], socket: c[1] },
      hostTasks: { http: h[0], socket: h[1] },
    })
    expect(effectivePools(o([10, 5], [0, 0]))).toEqual({ http: 10, socket: 5 })
    expect(effectivePools(o([20, 9], [0, 0]))).toEqual({ http: 10, socket: 5 })
    expect(effectivePools(o([6, 4], [2, 1]))).toEqual({ http: 4, socket: 3 })
    expect(effectivePools(o([10, 5], [-3, -1]))).toEqual({ http: 10, socket: 5 })
    expect(effectivePools(o([10, 5], [10, 7]))).toEqual({ http: 1, socket: 1 })
    expect(effectivePools(o([0, 0], [0, 0]))).toEqual({ http: 1, socket: 1 })
  })

  it('partial options keep the other defaults', () => {
    const { engine } = setup([], { concurrency: { http: 3 } as EngineOptions['concurrency'] })
    expect(engine.options.concurrency).toEqual({ http: 3, socket: 5 })
    expect(engine.options.hostTasks).toEqual({ http: 0, socket: 0 })
    expect(engine.options.retry).toEqual({ attempts: 3, baseDelayMs: 100 })
    expect(engine.options.slowMs).toBe(3000)
    expect(engine.options.maxInterruptions).toBe(2)
    expect(engine.pools).toEqual({ http: 3, socket: 5 })
  })

  it('launch at most the pool, sockets and HTTP apart, the next on each settle', () => {
    const probes = [...[0, 1, 2].map((n) => probe('socket', n)), ...[3, 4, 5].map((n) => probe('request', n))]
    const { fake, run } = setup(probes, { concurrency: { http: 2, socket: 1 } })
    void run()
    expect(fake.calls.map((c) => c.id)).toEqual([probes[0].id, probes[3].id, probes[4].id])
    expect(fake.calls.map((c) => c.op)).toEqual(['connectSocket', 'request', 'request'])
    fake.calls[1].done(OK)
    expect(fake.calls.map((c) => c.id).slice(3)).toEqual([probes[5].id])
    fake.calls[0].done(OK)
    expect(fake.calls.map((c) => c.id).slice(4)).toEqual([probes[1].id])
  })

  it('each category goes through its own operation', () => {
    const probes = (['socket', 'request', 'uploadFile', 'downloadFile'] as const).map((c, n) => probe(c, n))
    const { fake, run } = setup(probes)
    void run()
    expect(fake.calls.map((c) => c.op).sort()).toEqual([
      'connectSocket',
      'downloadFile',
      'request',
      'uploadFile',
    ])
  })
})

describe('timing on a manual clock', () => {
  it('totalMs is the time to the answer; the platform’s own figures are kept', async () => {
    const p = [probe('request', 0), probe('request', 1)]
    const { clock, fake, run } = setup(p)
    const done = run()
    clock.advance(120)
    fake.calls[0].done({ reached: true, statusCode: 204, timing: { dnsMs: 5, connectMs: 30 } })
    clock.advance(50)
    fake.calls[1].done({ reached: false, errMsg: 'request:fail timeout', errno: 5 })
    const [a, b] = await done
    expect(a).toEqual({
      ...p[0],
      status: 'pass',
      statusCode: 204,
      timing: { totalMs: 120, dnsMs: 5, connectMs: 30 },
      attempts: 1,
    })
    expect(b).toEqual({
      ...p[1],
      status: 'fail',
      error: { category: 'timeout', errMsg: 'request:fail timeout', errno: 5 },
      timing: { totalMs: 170 },
      attempts: 1,
    })
  })

  it('a failed result carries the platform’s errno, Node code and the code read from the message', async () => {
    const { fake, run } = setup([probe('request', 0)])
    const done = run()
    fake.calls[0].done({
      reached: false,
      errMsg: 'connect ECONNREFUSED 127.0.0.1:443',
      errno: -111,
      code: 'ECONNREFUSED',
    })
    const [r] = await done
    expect(r.error).toEqual({
      category: 'refused',
      errMsg: 'connect ECONNREFUSED 127.0.0.1:443',
      errno: -111,
      code: 'ECONNREFUSED',
      parsedCode: 'posix:ECONNREFUSED',
    })
  })

  it('a failure without a message has an empty errMsg and only the fields it has', async () => {
    const { fake, run } = setup([probe('request', 0)])
    const done = run()
    fake.calls[0].done({ reached: false })
    const [r] = await done
    expect(r.error).toEqual({ category: 'unknown', errMsg: '' })
  })

  it('a local storage failure is bad_request, with its code, whatever the message says', async () => {
    const { fake, run } = setup([probe('uploadFile', 0)])
    const done = run()
    fake.calls[0].done({ reached: false, errMsg: 'writeFile:fail timeout', code: LOCAL_STORAGE_CODE })
    const [r] = await done
    expect(r.error).toEqual({
      category: 'bad_request',
      errMsg: 'writeFile:fail timeout',
      code: LOCAL_STORAGE_CODE,
    })
  })

  it('the probe deadline fails an unanswered probe at exactly timeoutMs, and releases its task', async () => {
    const { clock, fake, run } = setup([probe('request', 0)], { timeoutMs: 400 })
    const done = run()
    expect(fake.calls[0].timeoutMs).toBe(400)
    clock.advance(399)
    expect(fake.calls[0].aborted).toBe(0)
    clock.advance(1)
    const [r] = await done
    expect(r.error).toEqual({ category: 'timeout', errMsg: 'timeout: no answer within 400 ms' })
    expect(r.timing).toEqual({ totalMs: 400 })
    expect(fake.calls[0].aborted).toBe(1)
    expect(clock.pending).toBe(0)
  })

  it('slow is strictly more than slowMs; a run that does not enforce the whitelist warns', async () => {
    const p = [probe('request', 0), probe('request', 1)]
    const { clock, fake, run } = setup(p, { slowMs: 200 })
    const done = run()
    clock.advance(200)
    fake.calls[0].done(OK)
    clock.advance(1)
    fake.calls[1].done(OK)
    const [a, b] = await done
    expect([a.status, a.caveats]).toEqual(['pass', undefined])
    expect([b.status, b.caveats, b.timing?.totalMs]).toEqual(['warn', ['slow'], 201])

    const second = setup([probe('request', 0)], { slowMs: 10 }, false)
    const d2 = second.run()
    second.clock.advance(50)
    second.fake.calls[0].done(OK)
    expect((await d2)[0]).toMatchObject({ status: 'warn', caveats: ['slow', 'not_enforced'] })
  })

  it('an HTTP answer to an upgrade is a warning with the http caveat, its status and what came after', async () => {
    const p = [probe('socket', 0), probe('socket', 1)]
    const { fake, run } = setup(p)
    const done = run()
    fake.calls[0].done({ reached: true, upgradeRejected: true, statusCode: 404, after: 'closed' })
    fake.calls[1].done({ reached: true, upgradeRejected: true, errMsg: 'Invalid HTTP status' })
    const [a, b] = await done
    expect(a).toMatchObject({
      status: 'warn',
      caveats: ['http'],
      error: { category: 'http', errMsg: 'HTTP 404 instead of 101' },
      statusCode: 404,
      after: 'closed',
    })
    expect(b.error).toEqual({ category: 'http', errMsg: 'Invalid HTTP status' })
    expect(b).not.toHaveProperty('statusCode')
    expect(b).not.toHaveProperty('after')
  })

  it('an HTTP answer without a status says "?"', async () => {
    const { fake, run } = setup([probe('socket', 0)])
    const done = run()
    fake.calls[0].done({ reached: true, upgradeRejected: true })
    expect((await done)[0].error).toEqual({ category: 'http', errMsg: 'HTTP ? instead of 101' })
  })

  it('a call that throws at start fails that probe with the thrown message', async () => {
    const p = [probe('request', 0), probe('request', 1)]
    const { fake, run } = setup(p)
    fake.throwFor.add(p[0].id)
    const done = run()
    fake.calls[0].done(OK)
    const [a, b] = await done
    expect(a.error).toEqual({ category: 'unknown', errMsg: `cannot start ${p[0].id}` })
    expect(b.status).toBe('pass')
  })
})

describe('too_many retries', () => {
  it('back off doubling from baseDelayMs, each call told the time left to the probe deadline', async () => {
    const { clock, fake, run } = setup([probe('request', 0)], { timeoutMs: 10_000 })
    const done = run()
    for (const [i, backoff] of [100, 200, 400].entries()) {
      fake.calls[i].done(TOO_MANY)
      clock.advance(backoff - 1)
      expect(fake.calls).toHaveLength(i + 1)
      clock.advance(1)
    }
    expect(fake.calls.map((c) => c.at - 1000)).toEqual([0, 100, 300, 700])
    expect(fake.calls.map((c) => c.timeoutMs)).toEqual([10_000, 9_900, 9_700, 9_300])
    // The refused calls were released before the next one.
    expect(fake.calls.slice(0, 3).map((c) => c.aborted)).toEqual([1, 1, 1])
    fake.calls[3].done(TOO_MANY)
    const [r] = await done
    expect(r).toMatchObject({ status: 'fail', attempts: 4, error: { category: 'too_many', errno: 600007 } })
    expect(r.timing).toEqual({ totalMs: 0 })
  })

  it('a retry that answers passes with its attempt count and its own time', async () => {
    const { clock, fake, run } = setup([probe('request', 0)])
    const done = run()
    fake.calls[0].done(TOO_MANY)
    clock.advance(100)
    clock.advance(30)
    fake.calls[1].done(OK)
    const [r] = await done
    expect(r).toMatchObject({ status: 'pass', attempts: 2, timing: { totalMs: 30 } })
  })

  it('the refused attempt’s late callback is ignored once the retry runs', async () => {
    const { clock, fake, run } = setup([probe('request', 0)])
    const done = run()
    fake.calls[0].done(TOO_MANY)
    clock.advance(100)
    expect(fake.calls).toHaveLength(2)
    // The first attempt's callback fires again, late: it must not decide the probe.
    fake.calls[0].done(OK)
    fake.calls[0].done({ reached: false, errMsg: 'request:fail url not in domain list' })
    clock.advance(10)
    fake.calls[1].done({ reached: false, errMsg: 'request:fail ssl hand shake error' })
    const [r] = await done
    expect(r.error?.category).toBe('tls')
    expect(r.attempts).toBe(2)
  })

  it('a callback during the backoff does not settle the probe either', async () => {
    const { clock, fake, engine, run } = setup([probe('request', 0)])
    void run()
    fake.calls[0].done(TOO_MANY)
    fake.calls[0].done(OK)
    expect(engine.snapshot()).toEqual([undefined])
    clock.advance(100)
    expect(fake.calls).toHaveLength(2)
  })

  it('no retry whose backoff reaches the probe deadline', async () => {
    // Deadline 300: refused at 0 (retry at 100), refused at 100: 100 + 200 is not before 300 → too_many.
    const { clock, fake, run } = setup([probe('request', 0)], { timeoutMs: 300 })
    const done = run()
    fake.calls[0].done(TOO_MANY)
    clock.advance(100)
    fake.calls[1].done(TOO_MANY)
    const [r] = await done
    expect(fake.calls).toHaveLength(2)
    expect(r).toMatchObject({ status: 'fail', attempts: 2, error: { category: 'too_many' } })
    expect(clock.pending).toBe(0)
  })

  it('one millisecond more and the retry happens', async () => {
    const { clock, fake, run } = setup([probe('request', 0)], { timeoutMs: 301 })
    const done = run()
    fake.calls[0].done(TOO_MANY)
    clock.advance(100)
    fake.calls[1].done(TOO_MANY)
    clock.advance(200)
    expect(fake.calls).toHaveLength(3)
    expect(fake.calls[2].timeoutMs).toBe(1)
    clock.advance(1)
    expect((await done)[0].error?.category).toBe('timeout')
  })

  it('retries stop after retry.attempts', async () => {
    const { clock, fake, run } = setup([probe('request', 0)], { retry: { attempts: 1, baseDelayMs: 50 } })
    const done = run()
    fake.calls[0].done(TOO_MANY)
    clock.advance(50)
    fake.calls[1].done(TOO_MANY)
    expect((await done)[0]).toMatchObject({ attempts: 2, error: { category: 'too_many' } })
  })

  it('other failures are not retried', async () => {
    const { clock, fake, run } = setup([probe('request', 0)])
    const done = run()
    fake.calls[0].done({ reached: false, errMsg: 'request:fail timeout' })
    clock.advance(5000)
    await done
    expect(fake.calls).toHaveLength(1)
  })
})

describe('pool shrinking when the host holds slots', () => {
  it('a socket refused while others hold slots goes back to the queue; the pool shrinks to what opened', async () => {
    const p = [0, 1, 2, 3, 4].map((n) => probe('socket', n))
    const { clock, fake, engine, events, run } = setup(p, { retry: { attempts: 0, baseDelayMs: 100 } })
    const done = run()
    expect(fake.calls).toHaveLength(5)
    // The platform has 3 sockets for us: the 4th and 5th are refused.
    fake.calls[3].done(TOO_MANY)
    expect(engine.pools.socket).toBe(4)
    fake.calls[4].done(TOO_MANY)
    expect(engine.pools.socket).toBe(3)
    expect(events.notice).toEqual([
      { kind: 'host_sockets', held: 1, opened: 4, max: 5 },
      { kind: 'host_sockets', held: 2, opened: 3, max: 5 },
    ])
    expect(engine.snapshot().filter(Boolean)).toHaveLength(0)
    clock.advance(10)
    fake.calls[0].done(OK)
    // A slot freed: the first re-queued probe runs again.
    expect(fake.calls.map((c) => c.id).slice(5)).toEqual([p[4].id])
    fake.calls[1].done(OK)
    fake.calls[2].done(OK)
    expect(fake.calls.map((c) => c.id).slice(6)).toEqual([p[3].id])
    fake.calls[5].done(OK)
    fake.calls[6].done(OK)
    const results = await done
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass'])
    expect(fake.open).toBe(0)
  })

  it('with no other probe holding a slot, too_many is the answer', async () => {
    const { fake, engine, events, run } = setup([probe('socket', 0)], {
      retry: { attempts: 0, baseDelayMs: 100 },
    })
    const done = run()
    fake.calls[0].done(TOO_MANY)
    expect((await done)[0].error?.category).toBe('too_many')
    expect(engine.pools.socket).toBe(5)
    expect(events.notice).toEqual([])
  })

  it('an HTTP pool shrinks without a host_sockets notice', async () => {
    const p = [0, 1].map((n) => probe('request', n))
    const { fake, engine, events, run } = setup(p, { retry: { attempts: 0, baseDelayMs: 100 } })
    void run()
    fake.calls[1].done(TOO_MANY)
    expect(engine.pools.http).toBe(1)
    expect(events.notice).toEqual([])
  })

  it('probes of the other pool do not count as holding a slot', async () => {
    const p = [probe('request', 0), probe('socket', 1)]
    const { fake, run } = setup(p, { retry: { attempts: 0, baseDelayMs: 100 } })
    const done = run()
    fake.calls.find((c) => c.id === p[1].id)!.done(TOO_MANY)
    fake.calls.find((c) => c.id === p[0].id)!.done(OK)
    expect((await done).map((r) => r.status)).toEqual(['pass', 'fail'])
  })

  it('a probe backing off does not count as holding a slot', async () => {
    const p = [0, 1].map((n) => probe('socket', n))
    const { clock, fake, engine, run } = setup(p, { retry: { attempts: 1, baseDelayMs: 100 } })
    const done = run()
    fake.calls[0].done(TOO_MANY) // backing off: holds nothing
    fake.calls[1].done(TOO_MANY) // backing off too
    clock.advance(100)
    fake.calls[2].done(TOO_MANY) // p0's retry refused: p1 is in its retry call, holding → p0 re-queued
    expect(engine.pools.socket).toBe(1)
    fake.calls[3].done(TOO_MANY) // p1's retry refused: nobody holds → too_many
    expect(engine.snapshot()[1]?.error?.category).toBe('too_many')
    expect(fake.calls.map((c) => c.id)).toEqual([p[0].id, p[1].id, p[0].id, p[1].id, p[0].id])
    fake.calls[4].done(OK)
    expect((await done).map((r) => r.status)).toEqual(['pass', 'fail'])
  })

  it('growDeadline moves the run deadline out when the shrunk pool needs more waves', async () => {
    const p = [0, 1, 2].map((n) => probe('socket', n))
    const { fake, events, run } = setup(p, {
      timeoutMs: 1000,
      deadlineMs: 2500,
      growDeadline: true,
      retry: { attempts: 0, baseDelayMs: 100 },
    })
    void run()
    expect(events.notice).toEqual([])
    fake.calls[2].done(TOO_MANY)
    fake.calls[1].done(TOO_MANY)
    // Pool of 2, then 1, for 3 probes: 2, then 3 waves × 1000 ms, + 1 s of slack.
    expect(events.notice).toEqual([
      { kind: 'host_sockets', held: 3, opened: 2, max: 5 },
      { kind: 'deadline_grown', deadlineMs: 3000 },
      { kind: 'host_sockets', held: 4, opened: 1, max: 5 },
      { kind: 'deadline_grown', deadlineMs: 4000 },
    ])
  })
})

describe('run deadline, grown deadline, cancel and the done event', () => {
  it('done says cancelled: false for a run that finished', async () => {
    const { fake, events, run } = setup([probe('request', 0)])
    const done = run()
    fake.calls[0].done(OK)
    const results = await done
    expect(events.done).toEqual([{ results, cancelled: false }])
  })

  it('cancel: done says cancelled, unfinished rows are skipped, every task is released', async () => {
    const p = [0, 1, 2].map((n) => probe('request', n))
    const { clock, fake, engine, events, run } = setup(p, { concurrency: { http: 2, socket: 5 } })
    const done = run()
    fake.calls[0].done(OK)
    engine.cancel()
    const results = await done
    expect(results.map((r) => [r.status, r.skipReason])).toEqual([
      ['pass', undefined],
      ['skipped', 'cancelled'],
      ['skipped', 'cancelled'],
    ])
    expect(results[1]).toEqual({ ...p[1], status: 'skipped', skipReason: 'cancelled' })
    expect(events.done).toEqual([{ results, cancelled: true }])
    expect(fake.open).toBe(0)
    expect(clock.pending).toBe(0)
    expect(engine.isRunning).toBe(false)
    engine.cancel() // harmless when not running
    expect(events.done).toHaveLength(1)
  })

  it('the run deadline skips with reason `deadline` at exactly deadlineMs', async () => {
    const { clock, engine, events, run } = setup([probe('request', 0)], { timeoutMs: 5000, deadlineMs: 700 })
    const done = run()
    clock.advance(699)
    expect(engine.isRunning).toBe(true)
    clock.advance(1)
    const [r] = await done
    expect(r).toMatchObject({ status: 'skipped', skipReason: 'deadline' })
    expect(events.done[0].cancelled).toBe(true)
  })

  it('a grown deadline covers the waves × (timeout + backoffs) + 1 s', async () => {
    const p = [0, 1, 2].map((n) => probe('socket', n))
    const { clock, engine, events, run } = setup(p, {
      timeoutMs: 1000,
      deadlineMs: 500,
      growDeadline: true,
      concurrency: { http: 10, socket: 2 },
      retry: { attempts: 2, baseDelayMs: 100 },
    })
    void run()
    // 2 waves × (1000 + 100 + 200) + 1000.
    expect(events.notice).toEqual([{ kind: 'deadline_grown', deadlineMs: 3600 }])
    clock.advance(1000) // the first wave times out
    clock.advance(1000) // the second
    expect(engine.isRunning).toBe(false)
    expect(engine.snapshot().map((r) => r?.error?.category)).toEqual(['timeout', 'timeout', 'timeout'])
  })

  it('a deadline that already fits is not grown', () => {
    const { events, run } = setup([probe('request', 0)], {
      timeoutMs: 1000,
      deadlineMs: 5000,
      growDeadline: true,
    })
    void run()
    expect(events.notice).toEqual([])
  })

  it('start emits the ids and a first progress; progress counts what settled', async () => {
    const p = [probe('request', 0), probe('request', 1)]
    const { fake, engine, events, run } = setup(p)
    const done = run()
    expect(events.start).toEqual([{ ids: [p[0].id, p[1].id] }])
    expect(events.progress[0]).toEqual({
      total: 2,
      done: 0,
      running: 0,
      pass: 0,
      warn: 0,
      fail: 0,
      skipped: 0,
    })
    expect(engine.progress().running).toBe(2)
    fake.calls[1].done({ reached: false, errMsg: 'x' })
    expect(engine.progress()).toEqual({
      total: 2,
      done: 1,
      running: 1,
      pass: 0,
      warn: 0,
      fail: 1,
      skipped: 0,
    })
    expect(events.result).toEqual([{ result: expect.objectContaining({ id: p[1].id }), index: 1 }])
    fake.calls[0].done(OK)
    await done
    expect(events.progress[events.progress.length - 1]).toEqual({
      total: 2,
      done: 2,
      running: 0,
      pass: 1,
      warn: 0,
      fail: 1,
      skipped: 0,
    })
  })

  it('rerun runs only the given ids again; a second run at once is refused', async () => {
    const p = [probe('request', 0), probe('request', 1)]
    const { fake, engine, run } = setup(p)
    const first = run()
    await expect(engine.start()).rejects.toThrow('a run is already in progress')
    fake.calls[0].done(OK)
    fake.calls[1].done({ reached: false, errMsg: 'request:fail timeout' })
    await first
    const again = engine.rerun([p[1].id, 'request:https://unknown.example.com'])
    expect(fake.calls.map((c) => c.id)).toEqual([p[0].id, p[1].id, p[1].id])
    expect(engine.snapshot()[0]?.status).toBe('pass')
    expect(engine.snapshot()[1]).toBeUndefined()
    fake.calls[2].done(OK)
    expect((await again).map((r) => r.status)).toEqual(['pass', 'pass'])
  })

  it('a listener removed with its handle hears nothing more; a throwing listener changes nothing', async () => {
    const { fake, engine, run } = setup([probe('request', 0)])
    const heard: string[] = []
    const off = engine.on('result', () => heard.push('a'))
    engine.on('result', () => {
      throw new Error('listener bug')
    })
    engine.on('result', () => heard.push('c'))
    off()
    off()
    const done = run()
    fake.calls[0].done(OK)
    await done
    expect(heard).toEqual(['c'])
  })
})

describe('pause and resume', () => {
  it('pause launches nothing and stops the deadline clock; resume carries on', async () => {
    const p = [0, 1].map((n) => probe('request', n))
    const { clock, fake, engine, events, run } = setup(p, {
      concurrency: { http: 1, socket: 5 },
      timeoutMs: 10_000,
      deadlineMs: 1000,
    })
    const done = run()
    clock.advance(400)
    engine.pause()
    engine.pause() // twice is harmless
    expect(engine.isPaused).toBe(true)
    expect(events.paused).toEqual([{ paused: true }])
    fake.calls[0].done(OK) // an answer while paused still counts
    expect(fake.calls).toHaveLength(1)
    clock.advance(5000) // the run deadline does not run while paused
    expect(engine.isRunning).toBe(true)
    engine.resume()
    expect(events.paused).toEqual([{ paused: true }, { paused: false }])
    expect(fake.calls).toHaveLength(2)
    clock.advance(599)
    expect(engine.isRunning).toBe(true)
    clock.advance(1) // 600 ms left of the run deadline when paused
    const results = await done
    expect(results.map((r) => r.skipReason)).toEqual([undefined, 'deadline'])
  })

  it('a failure while paused is an interruption: re-queued, re-run on resume, said once', async () => {
    const { fake, engine, events, run } = setup([probe('request', 0)])
    const done = run()
    engine.pause()
    fake.calls[0].done({ reached: false, errMsg: 'request:fail interrupted' })
    expect(engine.snapshot()).toEqual([undefined])
    expect(fake.calls[0].aborted).toBe(1)
    engine.resume()
    expect(events.notice).toEqual([{ kind: 'background', requeued: 1 }])
    expect(fake.calls).toHaveLength(2)
    fake.calls[1].done(OK)
    expect((await done)[0].status).toBe('pass')
  })

  it('a probe deadline while paused is an interruption too', async () => {
    const { clock, fake, engine, run } = setup([probe('request', 0)], { timeoutMs: 300, deadlineMs: 100_000 })
    void run()
    engine.pause()
    clock.advance(300)
    expect(engine.snapshot()).toEqual([undefined])
    engine.resume()
    expect(fake.calls).toHaveLength(2)
  })

  it('interrupted more than maxInterruptions times: aborted, with the message', async () => {
    const { fake, engine, run } = setup([probe('request', 0)], { maxInterruptions: 1 })
    const done = run()
    engine.pause()
    fake.calls[0].done({ reached: false, errMsg: 'request:fail interrupted' })
    engine.resume()
    engine.pause()
    fake.calls[1].done({ reached: false, errMsg: 'request:fail interrupted' })
    const [r] = await done
    expect(r.error).toEqual({
      category: 'aborted',
      errMsg: 'interrupted: the mini-program went to the background (request:fail interrupted)',
    })
  })

  it('a local storage failure while paused is not an interruption', async () => {
    const { fake, engine, run } = setup([probe('uploadFile', 0)])
    const done = run()
    engine.pause()
    fake.calls[0].done({ reached: false, errMsg: 'writeFile:fail', code: LOCAL_STORAGE_CODE })
    expect((await done)[0].error?.category).toBe('bad_request')
  })

  it('a run started while paused waits for resume, with its whole deadline', async () => {
    const { clock, fake, engine, run } = setup([probe('request', 0)], { deadlineMs: 500, timeoutMs: 5000 })
    engine.resume() // not paused: nothing happens
    expect(engine.isPaused).toBe(false)
    engine.pause() // not running: harmless, nothing paused
    expect(engine.isPaused).toBe(false)
    const first = run()
    engine.pause()
    engine.cancel()
    await first
    expect(engine.isPaused).toBe(true)
    const second = run()
    expect(fake.calls).toHaveLength(1)
    clock.advance(10_000)
    expect(engine.isRunning).toBe(true)
    engine.resume()
    expect(fake.calls).toHaveLength(2)
    clock.advance(499)
    expect(engine.isRunning).toBe(true)
    clock.advance(1)
    expect((await second)[0].skipReason).toBe('deadline')
  })
})
