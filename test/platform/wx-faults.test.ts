import { ProbeEngine } from '../../miniprogram/core/engine'
import { ProbeResult } from '../../miniprogram/core/result'
import { PlannedProbe, planProbes } from '../../miniprogram/core/plan'
import { resolveDomains } from '../../miniprogram/core/resolver'
import {
  createWxAdapter,
  statusFromUpgradeError,
  timingFromProfile,
  WxLike,
} from '../../miniprogram/platform/wx-adapter'
import { Behaviour, FakeWx, Kind } from '../helpers/fake-wx'

const TIMEOUT = 300
const plan: PlannedProbe[] = (() => {
  const res = resolveDomains('2.13.0')
  if (!res.ok) throw new Error('catalog')
  return planProbes(res.entries)
})()
const first = (category: string) => plan.find((p) => p.category === category) as PlannedProbe

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

/** Runs probes on a fake wx, recording when each settled and how often. */
async function run(
  probes: PlannedProbe[],
  script: (call: { kind: Kind; url: string; attempt: number }) => Behaviour,
  cancelAfterMs?: number,
) {
  const fake = new FakeWx(script)
  const engine = new ProbeEngine(probes, createWxAdapter(fake as unknown as WxLike), {
    timeoutMs: TIMEOUT,
    retry: { attempts: 3, baseDelayMs: 20 },
  })
  const settledAt = new Map<string, number[]>()
  const t0 = Date.now()
  engine.on('result', ({ result }) =>
    settledAt.set(result.id, [...(settledAt.get(result.id) ?? []), Date.now() - t0]),
  )
  let results: ProbeResult[] | undefined
  void engine.start().then((r) => (results = r))
  if (cancelAfterMs !== undefined) setTimeout(() => engine.cancel(), cancelAfterMs)
  // On jest's fake clock, 10 ms at a time: the times below are the run's own, whatever the machine's load.
  for (let waited = 0; !results; waited += 10) {
    if (waited > 20 * TIMEOUT) throw new Error('the run did not end')
    await jest.advanceTimersByTimeAsync(10)
  }
  // Let any late platform callbacks land, then check nothing is open.
  await jest.advanceTimersByTimeAsync(TIMEOUT + 50)
  fake.dispose()
  return { fake, results: new Map(results.map((r) => [r.id, r])), settledAt, list: results }
}

function expectSettledOnceInTime(settledAt: Map<string, number[]>, probes: PlannedProbe[]) {
  for (const p of probes) {
    const times = settledAt.get(p.id) ?? []
    expect(times).toHaveLength(1)
    expect(times[0]).toBeLessThanOrEqual(TIMEOUT + 100)
  }
}

describe('fault injection on a fake wx: every probe settles once by its deadline + 100 ms, nothing left open', () => {
  it('callbacks never fire', async () => {
    const probes = [first('socket'), first('request'), first('uploadFile'), first('downloadFile')]
    const { fake, results, settledAt } = await run(probes, () => ({ kind: 'hang' }))
    expectSettledOnceInTime(settledAt, probes)
    for (const p of probes)
      expect(results.get(p.id)).toMatchObject({ status: 'fail', error: { category: 'timeout' } })
    expect(fake.openTotal).toBe(0)
    expect(fake.closeCodes).toEqual([1000])
  })

  it('success and fail both fire', async () => {
    const probes = [first('request'), first('downloadFile')]
    const { fake, results, settledAt } = await run(probes, () => ({ kind: 'successThenFail', delayMs: 10 }))
    expectSettledOnceInTime(settledAt, probes)
    for (const p of probes) expect(results.get(p.id)?.status).toBe('pass')
    expect(fake.openTotal).toBe(0)
  })

  it('fail fires twice', async () => {
    const probes = [first('uploadFile')]
    const { fake, results, settledAt } = await run(probes, () => ({
      kind: 'failTwice',
      delayMs: 10,
      errMsg: 'uploadFile:fail url not in domain list',
    }))
    expectSettledOnceInTime(settledAt, probes)
    expect(results.get(probes[0].id)).toMatchObject({
      status: 'fail',
      error: { category: 'not_whitelisted' },
    })
    expect(fake.openTotal).toBe(0)
  })

  it('the task constructor throws', async () => {
    const probes = [first('socket'), first('request')]
    const { fake, results, settledAt } = await run(probes, ({ kind }) =>
      kind === 'socket'
        ? { kind: 'throw', message: 'connectSocket:fail invalid url' }
        : { kind: 'success', delayMs: 5 },
    )
    expectSettledOnceInTime(settledAt, probes)
    expect(results.get(probes[0].id)).toMatchObject({ status: 'fail', error: { category: 'bad_request' } })
    expect(results.get(probes[1].id)?.status).toBe('pass')
    expect(fake.openTotal).toBe(0)
  })

  it('`exceed max task count` then success', async () => {
    const probes = [first('request')]
    const { fake, results, settledAt } = await run(probes, ({ attempt }) =>
      attempt === 1
        ? { kind: 'fail', delayMs: 5, errMsg: 'request:fail exceed max task count', errno: 600007 }
        : { kind: 'success', delayMs: 5, statusCode: 404 },
    )
    expectSettledOnceInTime(settledAt, probes)
    expect(results.get(probes[0].id)).toMatchObject({ status: 'pass', statusCode: 404 })
    expect(fake.calls).toHaveLength(2)
    expect(fake.openTotal).toBe(0)
  })

  it('onOpen after the deadline: a timeout, and the late socket is closed', async () => {
    const probes = [first('socket')]
    const { fake, results, settledAt } = await run(probes, () => ({ kind: 'open', delayMs: TIMEOUT + 60 }))
    expectSettledOnceInTime(settledAt, probes)
    expect(results.get(probes[0].id)).toMatchObject({ status: 'fail', error: { category: 'timeout' } })
    expect(fake.openTotal).toBe(0)
  })

  it('onError then onClose: one failure, with the error’s message', async () => {
    const probes = [first('socket')]
    const errMsg =
      'connectSocket:fail errcode:-105 cronet_error_code:-105 error_msg:net::ERR_NAME_NOT_RESOLVED'
    const { fake, results, settledAt } = await run(probes, () => ({
      kind: 'error',
      delayMs: 10,
      errMsg,
      withClose: true,
    }))
    expectSettledOnceInTime(settledAt, probes)
    expect(results.get(probes[0].id)).toMatchObject({ status: 'fail', error: { category: 'dns', errMsg } })
    expect(fake.openTotal).toBe(0)
  })

  it('an HTTP answer to the upgrade is reached, with the http caveat', async () => {
    const probes = [first('socket')]
    const { results } = await run(probes, () => ({
      kind: 'error',
      delayMs: 5,
      errMsg: `Expected HTTP 101 response but was '404 Not Found'`,
    }))
    expect(results.get(probes[0].id)).toMatchObject({
      status: 'warn',
      statusCode: 404,
      caveats: ['http'],
      error: { category: 'http' },
    })
  })

  it('cancel mid-run keeps finished results, skips the rest and releases every task and socket', async () => {
    const { fake, list } = await run(
      plan,
      ({ url }) =>
        url.includes('coolbcloud')
          ? { kind: url.startsWith('wss') ? 'open' : 'success', delayMs: 5 }
          : { kind: 'hang' },
      80,
    )
    expect(list).toHaveLength(46)
    const passed = list.filter((r: ProbeResult) => r.status === 'pass')
    expect(passed.length).toBeGreaterThan(0)
    expect(list.filter((r: ProbeResult) => r.status === 'skipped').length).toBe(46 - passed.length)
    expect(fake.openTotal).toBe(0)
    expect(fake.maxOpen.socket).toBeLessThanOrEqual(5)
    expect(fake.maxHttpConcurrent).toBeLessThanOrEqual(10)
  })
})

describe('wx adapter details', () => {
  it('any status is reached, profile becomes a timing breakdown', async () => {
    const probes = [first('request')]
    const profile = {
      domainLookUpStart: 100,
      domainLookUpEnd: 112,
      connectStart: 112,
      connectEnd: 140,
      SSLconnectionStart: 120,
      SSLconnectionEnd: 140,
      requestStart: 141,
      responseStart: 180,
    }
    const { fake, results } = await run(probes, () => ({
      kind: 'success',
      delayMs: 5,
      statusCode: 403,
      profile,
    }))
    expect(results.get(probes[0].id)).toMatchObject({
      status: 'pass',
      statusCode: 403,
      timing: { dnsMs: 12, connectMs: 28, tlsMs: 20, ttfbMs: 39 },
    })
    expect(fake.calls[0].options).toMatchObject({ method: 'HEAD', enableProfile: true })
    // The platform's own timeout is what is left of the probe's deadline (real clock: a ms may have passed).
    const timeout = (fake.calls[0].options as { timeout: number }).timeout
    expect(timeout).toBeLessThanOrEqual(TIMEOUT)
    expect(timeout).toBeGreaterThan(TIMEOUT - 50)
  })

  it('writes the upload file once for many uploads, named `file`', async () => {
    const probes = plan.filter((p) => p.category === 'uploadFile')
    const { fake } = await run(probes, () => ({ kind: 'success', delayMs: 2 }))
    expect(fake.fileWrites).toBe(1)
    expect(
      fake.calls.every(
        (c) => c.options.name === 'file' && c.options.filePath === 'wxfile://usr/zim-netcheck-probe.txt',
      ),
    ).toBe(true)
  })

  it('a failed file write fails the upload probe with the platform’s message', async () => {
    const fake = new FakeWx(() => ({ kind: 'success' }))
    fake.writeFails = true
    const adapter = createWxAdapter(fake as unknown as WxLike)
    const outcome = await new Promise((resolve) =>
      adapter.uploadFile(first('uploadFile'), { timeoutMs: 100 }, resolve),
    )
    expect(outcome).toMatchObject({
      reached: false,
      errMsg: expect.stringMatching(/storage limit is exceeded/),
    })
    expect(fake.calls).toHaveLength(0)
  })

  it('a socket closed before opening is a failure', async () => {
    const probes = [first('socket')]
    const { results } = await run(probes, () => ({
      kind: 'close',
      delayMs: 5,
      code: 1006,
      reason: 'abnormal',
    }))
    expect(results.get(probes[0].id)).toMatchObject({
      status: 'fail',
      error: { errMsg: expect.stringMatching(/closed before open \(code 1006\)/) },
    })
  })

  it('timing ignores missing or inverted marks; upgrade status parsing', () => {
    expect(
      timingFromProfile({ domainLookUpStart: 0, domainLookUpEnd: 5, connectStart: 10, connectEnd: 8 }),
    ).toBeUndefined()
    expect(timingFromProfile({ handshakeCost: 33 })).toBeUndefined()
    expect(statusFromUpgradeError("Expected HTTP 101 response but was '502 Bad Gateway'")).toBe(502)
    expect(statusFromUpgradeError('Invalid HTTP status')).toBeUndefined()
  })
})
