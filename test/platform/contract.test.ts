/// <reference types="@mini-types/my" />
import { OPERATION, PlatformAdapter, RawOutcome } from '../../miniprogram/core/adapter'
import { classify } from '../../miniprogram/core/classifier'
import { ProbeEngine } from '../../miniprogram/core/engine'
import { planProbes } from '../../miniprogram/core/plan'
import { limitsFor, PlatformId } from '../../miniprogram/core/platforms'
import { resolveDomains } from '../../miniprogram/core/resolver'
import { Category } from '../../miniprogram/core/vocabulary'
import { createAlipayAdapter, MyLike } from '../../miniprogram/platform/alipay/adapter'
import { createBaiduAdapter } from '../../miniprogram/platform/baidu/adapter'
import { createDouyinAdapter } from '../../miniprogram/platform/douyin/adapter'
import { createXhsAdapter } from '../../miniprogram/platform/xhs/adapter'
import { createQqAdapter } from '../../miniprogram/platform/qq/adapter'
import { WxLike } from '../../miniprogram/platform/wx-adapter'
import { MiniBehaviour, MiniCall } from '../helpers/fake-mini'
import { createFakeMy } from '../helpers/fake-my'
import { createFakeXhs } from '../helpers/fake-xhs'
import { createFakeSwan } from '../helpers/fake-swan'
import { createFakeTt } from '../helpers/fake-tt'
import { Behaviour, createFakeWx, ManualClock } from '../helpers/fake-wx'

/*
 * One contract, every platform adapter: each runs over a fake of its platform that answers in the platform's
 * documented shapes (fake-mini.ts for my/tt/swan; fake-wx.ts for qq, which takes wx's shapes).
 */

// Compile-time: the real `my` of @mini-types/my fits the adapter's narrow MyLike (no cast at the call site).
type Fits<A, B> = A extends B ? true : false
const alipayTypingsFit: Fits<typeof my, MyLike> = true

type Script = (call: MiniCall) => MiniBehaviour

/** QQ's fake is fake-wx: the same behaviours in wx's words. */
function toWx(kind: Category, b: MiniBehaviour): Behaviour {
  const prefix = kind === 'socket' ? 'connectSocket:fail' : `${kind}:fail`
  switch (b.kind) {
    case 'success':
      return { kind: 'success', delayMs: b.delayMs, statusCode: b.status, ignoresAbort: b.ignoresAbort }
    case 'fail':
      return { kind: 'fail', delayMs: b.delayMs, errMsg: `${prefix} ${b.msg ?? ''}`, errno: b.code }
    case 'hang':
      return { kind: 'hang' }
    case 'double':
      return { kind: 'successThenFail', delayMs: b.delayMs, statusCode: b.status }
    case 'open':
      return { kind: 'open', delayMs: b.delayMs }
    case 'socketError':
    case 'connectFail':
      return { kind: 'error', delayMs: b.delayMs, errMsg: `${prefix} ${b.msg ?? ''}`, withClose: true }
  }
}

interface Rig {
  clock: ManualClock
  adapter: PlatformAdapter
  open: () => number
  calls: () => { kind: string; options: Record<string, unknown> }[]
}

const PLATFORMS: Record<Exclude<PlatformId, 'wechat'>, (script: Script) => Rig> = {
  alipay: (script) => {
    const clock = new ManualClock()
    const fake = createFakeMy(script, { clock })
    return {
      clock,
      adapter: createAlipayAdapter(fake as unknown as MyLike),
      open: () => fake.open,
      calls: () => fake.calls,
    }
  },
  douyin: (script) => {
    const clock = new ManualClock()
    const fake = createFakeTt(script, { clock })
    return {
      clock,
      adapter: createDouyinAdapter(fake as unknown as WxLike),
      open: () => fake.open,
      calls: () => fake.calls,
    }
  },
  baidu: (script) => {
    const clock = new ManualClock()
    const fake = createFakeSwan(script, { clock })
    return {
      clock,
      adapter: createBaiduAdapter(fake as unknown as WxLike),
      open: () => fake.open,
      calls: () => fake.calls,
    }
  },
  xhs: (script) => {
    const clock = new ManualClock()
    const fake = createFakeXhs(script, { clock })
    return {
      clock,
      adapter: createXhsAdapter(fake as unknown as WxLike),
      open: () => fake.open,
      calls: () => fake.calls,
    }
  },
  qq: (script) => {
    const clock = new ManualClock()
    const fake = createFakeWx((c) => toWx(c.kind, script({ kind: c.kind, url: c.url, options: {} })), {
      clock,
    })
    return {
      clock,
      adapter: createQqAdapter(fake),
      open: () => fake.openTasks().total,
      calls: () => fake.calls.map((c) => ({ kind: c.kind, options: c.options as Record<string, unknown> })),
    }
  },
}

/**
 * What each platform says when a domain is not whitelisted (sources in core/platforms.ts). Alipay checks its
 * list for my.request and my.uploadFile only (网络 API 使用须知.md): its downloads are never refused for it.
 */
const NOT_WHITELISTED: Record<keyof typeof PLATFORMS, MiniBehaviour> = {
  alipay: { kind: 'fail', code: 4, msg: '无权跨域调用' },
  douyin: { kind: 'fail', msg: 'url is not valid domain' },
  // Baidu's own wording is unverified: the wx wording its wx-like runtime is assumed to share.
  baidu: { kind: 'fail', msg: 'url not in domain list' },
  qq: { kind: 'fail', code: 600002, msg: 'url not in domain list' },
  // Xiaohongshu's wording is unverified: wx's (XHS_RULES.notInList).
  xhs: { kind: 'fail', msg: 'url not in domain list' },
}

/** A TLS failure of a socket. */
const SOCKET_TLS: Record<keyof typeof PLATFORMS, MiniBehaviour> = {
  // Alipay documents no certificate code for sockets (my.connectSocket.md, my.onSocketError.md): onError's
  // "Error Unknown" (1) with the wording a handshake failure has on Android (unverified for Alipay).
  alipay: { kind: 'socketError', code: 1, msg: 'ssl hand shake error' },
  douyin: { kind: 'socketError', msg: 'ssl hand shake error' },
  baidu: { kind: 'socketError', msg: 'ssl hand shake error' },
  qq: { kind: 'socketError', msg: 'ssl hand shake error' },
  xhs: { kind: 'socketError', msg: 'ssl hand shake error' },
}

const URL: Record<Category, string> = {
  request: 'https://api.example.com',
  uploadFile: 'https://up.example.com',
  downloadFile: 'https://down.example.com',
  socket: 'wss://ws.example.com',
}

function start(rig: Rig, category: Category, timeoutMs = 5000) {
  const outcomes: RawOutcome[] = []
  const task = rig.adapter[OPERATION[category]](
    { id: `${category}:${URL[category]}`, category, url: URL[category] },
    { timeoutMs },
    (o) => outcomes.push(o),
  )
  return { outcomes, task }
}

const cat = (rig: Rig, o: RawOutcome) => classify(o, rig.adapter.codes).category

it('the Alipay typings fit MyLike', () => expect(alipayTypingsFit).toBe(true))

describe.each(Object.keys(PLATFORMS) as (keyof typeof PLATFORMS)[])('%s adapter contract', (platform) => {
  const rig = (script: Script) => PLATFORMS[platform](script)
  let current: Rig | undefined
  const make = (script: Script) => (current = rig(script))
  afterEach(() => {
    // No leaked task, whatever the test did.
    current!.clock.runAll()
    expect(current!.open()).toBe(0)
  })

  it.each(['request', 'uploadFile', 'downloadFile'] as const)(
    '%s: reached on any status (404)',
    (category) => {
      const r = make(() => ({ kind: 'success', delayMs: 5, status: 404 }))
      const { outcomes } = start(r, category)
      r.clock.advance(5)
      expect(outcomes).toHaveLength(1)
      expect(outcomes[0].reached).toBe(true)
      // Alipay's download gives no status at all; everyone else passes the 404 through.
      if (platform === 'alipay' && category === 'downloadFile') expect(outcomes[0].statusCode).toBeUndefined()
      else expect(outcomes[0].statusCode).toBe(404)
    },
  )

  it('socket: open is reached, and the socket is released', () => {
    const r = make(() => ({ kind: 'open', delayMs: 3 }))
    const { outcomes } = start(r, 'socket')
    r.clock.advance(3)
    expect(outcomes).toEqual([expect.objectContaining({ reached: true })])
  })

  it('socket: an error is a failure the platform table classifies (TLS)', () => {
    const r = make(() => SOCKET_TLS[platform])
    const { outcomes } = start(r, 'socket')
    r.clock.runAll()
    expect(outcomes).toHaveLength(1)
    expect(outcomes[0].reached).toBe(false)
    expect(cat(r, outcomes[0])).toBe('tls')
  })

  it.each(['request', 'uploadFile'] as const)(
    '%s: not whitelisted is classified not_whitelisted',
    (category) => {
      const r = make(() => NOT_WHITELISTED[platform])
      const { outcomes } = start(r, category)
      r.clock.runAll()
      expect(outcomes).toHaveLength(1)
      expect(outcomes[0].reached).toBe(false)
      expect(cat(r, outcomes[0])).toBe('not_whitelisted')
      if (platform !== 'qq') expect(outcomes[0]).toMatchObject({ api: category })
    },
  )

  it('request: the platform timeout is handed over and its failure is a timeout', () => {
    const r = make(() => ({ kind: 'hang' }))
    const { outcomes } = start(r, 'request', 300)
    expect(r.calls()[0].options.timeout).toBe(300)
    // swan.request takes no `timeout` (its page lists none): its app.json default, 10 s, ends it (SWAN_RULES).
    const ends = platform === 'baidu' ? 10_000 : 300
    r.clock.advance(ends - 1)
    expect(outcomes).toHaveLength(0)
    r.clock.advance(1)
    expect(outcomes).toHaveLength(1)
    expect(cat(r, outcomes[0])).toBe('timeout')
  })

  it.each(['request', 'uploadFile', 'downloadFile', 'socket'] as const)(
    '%s: abort releases the task and silences everything after it',
    (category) => {
      const r = make(() =>
        category === 'socket'
          ? { kind: 'open', delayMs: 50 }
          : { kind: 'success', delayMs: 50, ignoresAbort: true },
      )
      const { outcomes, task } = start(r, category)
      r.clock.advance(10)
      task.abort()
      task.abort()
      // A socket's slot is free at its onClose, the next tick here (a closing handshake takes time).
      r.clock.advance(0)
      expect(r.open()).toBe(0)
      r.clock.runAll()
      expect(outcomes).toEqual([])
    },
  )

  it('late and double callbacks: one report only', () => {
    const r = make(() => ({ kind: 'double', delayMs: 4, status: 200 }))
    const { outcomes } = start(r, 'request')
    r.clock.runAll()
    expect(outcomes).toHaveLength(1)
    expect(outcomes[0].reached).toBe(true)
  })

  it('a whole catalog run over the real engine settles every probe and leaks nothing', async () => {
    const r = make((c) =>
      c.kind === 'socket'
        ? c.url.includes('zego.im')
          ? SOCKET_TLS[platform]
          : { kind: 'open', delayMs: 2 }
        : c.url.includes('coolz') && !(platform === 'alipay' && c.kind === 'downloadFile')
          ? NOT_WHITELISTED[platform]
          : c.url.includes('coolh')
            ? { kind: 'hang' }
            : { kind: 'success', delayMs: 2, status: 200 },
    )
    const res = resolveDomains('2.13.0')
    if (!res.ok) throw new Error('catalog')
    const engine = new ProbeEngine(
      planProbes(res.entries),
      r.adapter,
      { timeoutMs: 1000, deadlineMs: 60_000, concurrency: limitsFor(platform) },
      undefined,
      r.clock,
    )
    const run = engine.start()
    r.clock.runAll()
    const results = await run
    expect(results.every((x) => x.status !== 'skipped')).toBe(true)
    const failing = results.filter((x) => x.status === 'fail')
    expect(
      failing
        .filter((x) => x.url.includes('coolz') && x.category !== 'socket')
        .every((x) => x.error?.category === 'not_whitelisted'),
    ).toBe(true)
    expect(failing.some((x) => x.error?.category === 'timeout')).toBe(true)
    expect(results.filter((x) => x.status === 'pass').length).toBeGreaterThan(10)
    if (platform === 'alipay') expect(failing.some((x) => x.error?.parsedCode === 'alipay:4')).toBe(true)
  })
})

describe('Alipay specifics', () => {
  const clock = () => new ManualClock()

  it('the fake models single-socket mode: a connect without multiple: true closes the open socket', () => {
    const c = clock()
    const fake = createFakeMy(() => ({ kind: 'open' }), { clock: c })
    const closes: unknown[] = []
    const first = fake.connectSocket({ url: 'wss://a' })
    first.onClose((r: never) => closes.push(r))
    c.runAll()
    fake.connectSocket({ url: 'wss://b' })
    c.runAll()
    expect(closes).toHaveLength(1)
    expect(fake.closedBySingleMode).toBe(1)
  })

  it('the adapter opens sockets with multiple: true: the host app socket and parallel probes stay open', () => {
    const c = clock()
    const fake = createFakeMy(() => ({ kind: 'open', delayMs: 1 }), { clock: c })
    // The host app's own socket (e.g. an older ZIM SDK without multiple).
    const host = fake.connectSocket({ url: 'wss://host' })
    let hostClosed = false
    host.onClose(() => (hostClosed = true))
    c.runAll()
    const adapter = createAlipayAdapter(fake as unknown as MyLike)
    const outs: RawOutcome[] = []
    for (const url of ['wss://a', 'wss://b', 'wss://c'])
      adapter.connectSocket({ id: url, category: 'socket', url }, { timeoutMs: 1000 }, (o) => outs.push(o))
    c.runAll()
    expect(
      fake.calls
        .filter((x) => x.kind === 'socket' && x.url !== 'wss://host')
        .every((x) => x.options.multiple === true),
    ).toBe(true)
    expect(outs.map((o) => o.reached)).toEqual([true, true, true])
    expect(hostClosed).toBe(false)
    expect(fake.closedBySingleMode).toBe(0)
  })

  it('reads both success shapes: {status, headers} and {statusCode, header}', () => {
    for (const legacyStatus of [false, true]) {
      const c = clock()
      const fake = createFakeMy(() => ({ kind: 'success', status: 403 }), { clock: c, legacyStatus })
      const outs: RawOutcome[] = []
      createAlipayAdapter(fake as unknown as MyLike).request(
        { id: 'r', category: 'request', url: URL.request },
        { timeoutMs: 1000 },
        (o) => outs.push(o),
      )
      c.runAll()
      expect(outs).toEqual([{ reached: true, statusCode: 403 }])
    }
  })

  it('uploads with name and fileType, and removes the probe file afterwards', () => {
    const c = clock()
    const fake = createFakeMy(() => ({ kind: 'success', status: 200 }), { clock: c })
    const adapter = createAlipayAdapter(fake as unknown as MyLike)
    const outs: RawOutcome[] = []
    adapter.uploadFile({ id: 'u', category: 'uploadFile', url: URL.uploadFile }, { timeoutMs: 1000 }, (o) =>
      outs.push(o),
    )
    expect(fake.calls[0].options).toMatchObject({ name: 'file', fileType: 'image' })
    c.runAll()
    expect(outs).toEqual([{ reached: true, statusCode: 200 }])
    expect(fake.files.size).toBe(0)
    expect(adapter.probeFilePath).toBeUndefined()
  })

  it('the timeout handed to my.request is clamped to the documented 60 s maximum', () => {
    const c = clock()
    const fake = createFakeMy(() => ({ kind: 'hang' }), { clock: c })
    const { task } = start(
      {
        clock: c,
        adapter: createAlipayAdapter(fake as unknown as MyLike),
        open: () => fake.open,
        calls: () => fake.calls,
      },
      'request',
      120_000,
    )
    expect(fake.calls[0].options.timeout).toBe(60_000)
    task.abort()
  })

  it('same code, other API, other meaning: 11 is the whitelist for a request, a missing file for an upload', () => {
    const codes = createAlipayAdapter({} as MyLike).codes
    expect(classify({ platform: 'alipay', api: 'request', error: 11 }, codes).category).toBe(
      'not_whitelisted',
    )
    expect(classify({ platform: 'alipay', api: 'uploadFile', error: 11 }, codes).category).toBe('bad_request')
    expect(classify({ platform: 'alipay', api: 'request', error: 13 }, codes).category).toBe('timeout')
    expect(classify({ platform: 'alipay', api: 'uploadFile', error: 13 }, codes).category).toBe(
      'not_whitelisted',
    )
    expect(classify({ platform: 'alipay', api: 'socket', error: 2 }, codes).category).toBe('bad_request')
    expect(classify({ platform: 'alipay', api: 'request', error: 2 }, codes).category).toBe('bad_request')
  })
})

describe('Douyin and Baidu codes', () => {
  it('Douyin: "app in background" is an interruption, errNo is kept', () => {
    const clock = new ManualClock()
    const fake = createFakeTt(() => ({ kind: 'fail', code: 21104, msg: 'app in background' }), { clock })
    const adapter = createDouyinAdapter(fake as unknown as WxLike)
    const outs: RawOutcome[] = []
    adapter.request({ id: 'r', category: 'request', url: URL.request }, { timeoutMs: 1000 }, (o) =>
      outs.push(o),
    )
    clock.runAll()
    expect(outs[0]).toMatchObject({ platform: 'douyin', api: 'request', errNo: 21104 })
    expect(classify(outs[0], adapter.codes).category).toBe('aborted')
  })

  it('Baidu: errCode 202 (invalid protocol) is a bad request, with its code kept', () => {
    const clock = new ManualClock()
    const fake = createFakeSwan(() => ({ kind: 'fail', code: 202, msg: 'invalid protocol' }), { clock })
    const adapter = createBaiduAdapter(fake as unknown as WxLike)
    const outs: RawOutcome[] = []
    adapter.request({ id: 'r', category: 'request', url: URL.request }, { timeoutMs: 1000 }, (o) =>
      outs.push(o),
    )
    clock.runAll()
    expect(classify(outs[0], adapter.codes)).toMatchObject({ category: 'bad_request', code: 'baidu:202' })
    // Without the platform's table the same failure is not decided by its code.
    expect(classify(outs[0]).code).toBeUndefined()
  })
})
