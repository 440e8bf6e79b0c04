/**
 * The Alipay adapter against Alipay as its own pages describe it (AlipayDocs/open-docs; the fake's MY_DOCS
 * names each page): what a phone answers must never be read as something else. Each case here failed on the
 * adapter before issue 26 (connectSocket without `fail`, 19/14 always "reached", 11 always the whitelist,
 * rejected Promises left unhandled, no `request` in the UI's `wx`).
 */
import { OPERATION, RawOutcome } from '../../miniprogram/core/adapter'
import { classify } from '../../miniprogram/core/classifier'
import { ProbeEngine } from '../../miniprogram/core/engine'
import { planProbes } from '../../miniprogram/core/plan'
import { Category, ErrorCategory } from '../../miniprogram/core/vocabulary'
import { createAlipayAdapter, MyLike } from '../../miniprogram/platform/alipay/adapter'
import { FakeMini, MiniBehaviour, MY_DOCS } from '../helpers/fake-mini'
import { createFakeMy } from '../helpers/fake-my'
import { entry } from '../helpers/catalog-entry'
import { ManualClock } from '../helpers/fake-wx'

const URL: Record<Category, string> = {
  request: 'https://api.example.com',
  uploadFile: 'https://up.example.com',
  downloadFile: 'https://down.example.com',
  socket: 'wss://ws.example.com',
}

function rig(b: MiniBehaviour | ((kind: Category) => MiniBehaviour)) {
  const clock = new ManualClock()
  const fake: FakeMini = createFakeMy((c) => (typeof b === 'function' ? b(c.kind) : b), { clock })
  const adapter = createAlipayAdapter(fake as unknown as MyLike)
  const outcomes: RawOutcome[] = []
  const run = (category: Category, timeoutMs = 5000) =>
    adapter[OPERATION[category]](
      { id: `${category}:${URL[category]}`, category, url: URL[category] },
      { timeoutMs },
      (o) => outcomes.push(o),
    )
  return { clock, fake, adapter, outcomes, run, cat: (o: RawOutcome) => classify(o, adapter.codes) }
}

describe('my.connectSocket fail (my.connectSocket.md 错误码): reported at once, never a timeout', () => {
  const expected: Record<number, ErrorCategory> = {
    1: 'unknown',
    2: 'bad_request',
    3: 'bad_request',
    4: 'bad_request',
    5: 'bad_request',
    6: 'timeout',
    12: 'unknown',
    20: 'bad_request',
  }
  it('the page lists exactly these codes', () => {
    expect(Object.keys(MY_DOCS.connectSocket).map(Number)).toEqual(Object.keys(expected).map(Number))
  })
  it.each(Object.keys(expected).map(Number))('fail %d', (code) => {
    const r = rig({ kind: 'connectFail', code })
    r.run('socket')
    // The failure comes on the next turn, long before any probe deadline.
    r.clock.advance(0)
    expect(r.outcomes).toEqual([
      expect.objectContaining({ reached: false, platform: 'alipay', api: 'socket', error: code }),
    ])
    expect(r.outcomes[0].errMsg).toContain(MY_DOCS.connectSocket[code])
    expect(r.cat(r.outcomes[0])).toMatchObject({ category: expected[code], code: `alipay:${code}` })
    r.clock.runAll()
    expect(r.outcomes).toHaveLength(1)
    expect(r.fake.open).toBe(0)
  })
  it('over the engine: the row fails with its code at once, not at the deadline', async () => {
    const r = rig({ kind: 'connectFail', code: 20 })
    const engine = new ProbeEngine(
      planProbes([entry('1.0.0 及以上', URL.socket, 'socket')]),
      r.adapter,
      { timeoutMs: 10_000, deadlineMs: 60_000, concurrency: { http: 10, socket: 5 } },
      undefined,
      r.clock,
    )
    const run = engine.start()
    r.clock.advance(1)
    r.clock.runAll()
    const [result] = await run
    expect(result.status).toBe('fail')
    expect(result.error?.category).toBe('bad_request')
    expect(result.error?.parsedCode).toBe('alipay:20')
  })
  it('onError 65 "请检查域名是否合法" (my.onSocketError.md) is the domain list; 50 "请检查网络连接" refused', () => {
    for (const [code, category] of [
      [65, 'not_whitelisted'],
      [50, 'refused'],
      [8, 'http'],
    ] as const) {
      const r = rig({ kind: 'socketError', code })
      r.run('socket')
      r.clock.runAll()
      expect(r.outcomes).toHaveLength(1)
      expect(r.outcomes[0]).toMatchObject({ reached: false, error: code })
      expect(r.cat(r.outcomes[0]).category).toBe(category)
    }
  })
})

describe('error 19 / 14: reached only when the failure carries an HTTP status, never on a certificate', () => {
  const one = (b: MiniBehaviour) => {
    const r = rig(b)
    r.run('request')
    r.clock.runAll()
    expect(r.outcomes).toHaveLength(1)
    return { out: r.outcomes[0], cat: r.cat(r.outcomes[0]) }
  }
  it('19 with the status the server answered: reached, with that status', () => {
    const { out } = one({ kind: 'fail', code: 19, msg: 'http status error', carries: { status: 404 } })
    expect(out).toMatchObject({ reached: true, statusCode: 404 })
  })
  it('19 without a status ("HTTP 错误": a LAN address, a wrong certificate…): a failure, not a pass', () => {
    const { out, cat } = one({ kind: 'fail', code: 19 })
    expect(out).toMatchObject({ reached: false, error: 19, api: 'request' })
    expect(cat).toMatchObject({ category: 'unknown', code: 'alipay:19' })
  })
  it('19 naming the certificate: tls, even when it carries a status', () => {
    for (const carries of [undefined, { status: 200 }]) {
      const { out, cat } = one({ kind: 'fail', code: 19, msg: 'SSL 证书不正确', carries })
      expect(out.reached).toBe(false)
      expect(cat.category).toBe('tls')
    }
  })
  it('14 as the FAQ shows it ({status: 13, headers, data: "请求超时异常"}): 13 is no HTTP status, not reached', () => {
    const { out } = one({
      kind: 'fail',
      code: 14,
      carries: { status: 13, headers: {}, data: '请求超时异常' },
    })
    expect(out.reached).toBe(false)
  })
  it('14 with an HTTP status: the body did not decode, the server answered', () => {
    const { out } = one({ kind: 'fail', code: 14, carries: { status: 200 } })
    expect(out).toMatchObject({ reached: true, statusCode: 200 })
  })
  it('14 naming a broken certificate chain (常见API错误码大全.md): tls, not reached', () => {
    const { out, cat } = one({ kind: 'fail', code: 14, msg: 'certificate chain incomplete' })
    expect(out.reached).toBe(false)
    expect(cat.category).toBe('tls')
  })
})

describe('per-API codes, as each page lists them', () => {
  const fails = (kind: Category, code: number) => {
    const r = rig({ kind: 'fail', code })
    r.run(kind)
    r.clock.runAll()
    expect(r.outcomes).toHaveLength(1)
    expect(r.outcomes[0]).toMatchObject({ reached: false, api: kind, error: code })
    return r.cat(r.outcomes[0])
  }
  it('uploadFile 11 is a missing file / bad parameter, never the whitelist; 4 and 13 are the whitelist', () => {
    expect(fails('uploadFile', 11).category).toBe('bad_request')
    expect(fails('uploadFile', 4).category).toBe('not_whitelisted')
    expect(fails('uploadFile', 13).category).toBe('not_whitelisted')
    expect(fails('uploadFile', 20).category).toBe('bad_request')
  })
  it('request 4 / 11 the whitelist, 20 stopped or rate-limited (refused), 23 the proxy, 1 interrupted', () => {
    expect(fails('request', 4).category).toBe('not_whitelisted')
    expect(fails('request', 11).category).toBe('not_whitelisted')
    expect(fails('request', 20).category).toBe('refused')
    expect(fails('request', 23).category).toBe('proxy')
    expect(fails('request', 1).category).toBe('aborted')
  })
  it('downloadFile: 2 a bad parameter, 12 "下载失败" (URL, server or network) unknown, 20 HTTP', () => {
    expect(fails('downloadFile', 2).category).toBe('bad_request')
    expect(fails('downloadFile', 12).category).toBe('unknown')
    expect(fails('downloadFile', 20).category).toBe('bad_request')
  })
  it('the fake refuses a code the API does not document (a test cannot script what a phone never says)', () => {
    const r = rig({ kind: 'fail', code: 11 })
    expect(() => r.run('downloadFile')).toThrow(/not documented for downloadFile/)
  })
})

describe('timeouts handed to my (网络 API 使用须知.md, my.uploadFile.md, my.downloadFile.md)', () => {
  it.each([
    ['request', 13, 'timeout'],
    ['uploadFile', 12, 'refused'],
    ['downloadFile', 12, 'unknown'],
  ] as const)('%s takes the probe timeout and fails with %d', (kind, code, category) => {
    const r = rig({ kind: 'hang' })
    r.run(kind, 700)
    expect(r.fake.calls[0].options.timeout).toBe(700)
    r.clock.advance(699)
    expect(r.outcomes).toHaveLength(0)
    r.clock.advance(1)
    expect(r.outcomes).toEqual([expect.objectContaining({ reached: false, error: code })])
    expect(r.cat(r.outcomes[0]).category).toBe(category)
  })
})

describe('the Promise my.request / uploadFile / downloadFile return (@mini-types/my; my.request 常见问题.md)', () => {
  it.each(['request', 'uploadFile', 'downloadFile'] as const)(
    '%s: a failure leaves no unhandled rejection in the host app',
    async (kind) => {
      const code = kind === 'uploadFile' ? 4 : kind === 'request' ? 12 : 12
      const r = rig({ kind: 'fail', code })
      r.run(kind)
      r.clock.runAll()
      expect(r.outcomes).toHaveLength(1)
      // The fake counts rejections no handler was attached to; jest fails the test on a real one too.
      expect(r.fake.rejectedUnhandled).toBe(0)
      await Promise.resolve()
    },
  )
  it('an aborted call (its rejection with 9) leaves none either', async () => {
    const r = rig({ kind: 'hang' })
    const task = r.run('request')
    task.abort()
    r.clock.runAll()
    expect(r.outcomes).toEqual([])
    expect(r.fake.rejectedUnhandled).toBe(0)
    await Promise.resolve()
  })
})
