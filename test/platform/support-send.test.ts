import type { Report } from '../../miniprogram/core/report/model'
import { createReportQueue, queuePlatform } from '../../miniprogram/platform/report-queue'
import {
  collectorNote,
  createSupportSender,
  parseCollector,
  SendState,
  SUPPORT_QUEUE_KEY,
} from '../../miniprogram/platform/support-send'
import { Behaviour, createFakeWx } from '../helpers/fake-wx'
import { sleep } from '../helpers/time'

// Issue 32, item 3: the panel's sender and the queue it shares with the sentinel, over the fake wx under jest's
// fake timers (the fake's delays run on them): bounded storage, retries on the network's return, each answer.

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

const C = { url: 'https://collect.example.com', key: 'k1', origin: 'https://collect.example.com' }

/** The fake wx with storage and network events; POSTs answer with `answer()`. */
function fakeWx(answer: () => Behaviour) {
  const posts: string[] = []
  const fake = createFakeWx((c) => {
    if (c.url !== 'https://collect.example.com/v1/reports') throw new Error('unexpected ' + c.url)
    return answer()
  })
  const storage = new Map<string, unknown>()
  const net = new Set<(r: { isConnected: boolean }) => void>()
  const api = {
    request: (o: { data: string }) => {
      posts.push(o.data)
      return fake.request(o as never)
    },
    getStorageSync: (k: string) => (storage.has(k) ? JSON.parse(JSON.stringify(storage.get(k))) : ''),
    setStorageSync: (k: string, v: unknown) => void storage.set(k, JSON.parse(JSON.stringify(v))),
    onNetworkStatusChange: (f: (r: { isConnected: boolean }) => void) => void net.add(f),
    offNetworkStatusChange: (f: (r: { isConnected: boolean }) => void) => void net.delete(f),
  }
  return {
    api,
    fake,
    posts,
    storage,
    net,
    network: (v: boolean) => net.forEach((f) => f({ isConnected: v })),
  }
}

const report = (n: number) => ({ schema: 'zim-netcheck/report@1', n }) as unknown as Report

describe('the collector property', () => {
  it.each([
    [{ url: 'https://c.example.com', key: 'k' }, 'https://c.example.com', 'https://c.example.com'],
    [
      '{"url":"https://C.example.com:8443/zim/","key":"k"}',
      'https://c.example.com:8443/zim',
      'https://c.example.com:8443',
    ],
    [
      { url: 'https://c.example.com/base/v1/reports/', key: 'k' },
      'https://c.example.com/base',
      'https://c.example.com',
    ],
  ])('%j → %s (probed as %s)', (value, url, origin) => {
    expect(parseCollector(value, 'en')).toEqual({ url, key: 'k', origin })
  })

  it.each(['', null, undefined])('%j: no collector, no action', (value) => {
    expect(parseCollector(value, 'zh')).toBeUndefined()
  })

  it.each([
    ['{"url":', /url, key$/],
    [{ url: 'https://c.example.com' }, /url, key$/],
    [{ url: 'https://c.example.com', key: '' }, /url, key$/],
    [{ url: 'http://c.example.com', key: 'k' }, /https/],
    [{ url: 'https://localhost:8787', key: 'k' }, /IP|localhost/i],
    [{ url: 'https://c.example.com?x=1', key: 'k' }, /path or query$/],
    [42, /url, key$/],
  ])('%j is refused in one line', (value, why) => {
    const got = parseCollector(value, 'en') as { error: string }
    expect(got.error).toMatch(/^Bad collector, want \{"url":"https:\/\/…","key":"…"\}: /)
    expect(got.error).toMatch(why)
    expect(got.error).not.toContain('\n')
  })

  it("reads the run's row for the collector's domain: not whitelisted blocks, another failure warns", () => {
    const row = (status: string, category?: string) =>
      ({
        results: [
          { purpose: 'app', category: 'request', url: C.origin, status, error: category && { category } },
        ],
      }) as unknown as Report
    expect(collectorNote(row('pass'), C.origin, 'en')).toEqual({ text: '', blocked: false })
    expect(collectorNote(row('fail', 'not_whitelisted'), C.origin, 'en')).toEqual({
      blocked: true,
      text: 'Cannot send: collect.example.com is not in the request domain list',
    })
    expect(collectorNote(row('fail', 'dns'), C.origin, 'zh')).toEqual({
      blocked: false,
      text: '本次检测中 collect.example.com 失败（dns），可能发不出',
    })
    expect(collectorNote(row('fail', 'dns'), 'https://other.example.com', 'en').text).toBe('')
  })
})

describe('the sender', () => {
  it('sent: one POST with the key, the id said; nothing left queued or listening', async () => {
    const w = fakeWx(() => ({ kind: 'success', delayMs: 50, statusCode: 202, data: { id: 'abc123' } }))
    const said: [SendState, string][] = []
    const s = createSupportSender(
      w.api,
      C,
      () => 'en',
      (st, line) => said.push([st, line]),
    )
    s.send(report(1))
    expect(said).toEqual([['sending', 'Sending…']])
    await sleep(50)
    expect(said[1]).toEqual(['sent', 'Sent, id abc123'])
    expect(w.posts).toEqual([JSON.stringify(report(1))])
    expect(w.storage.get(SUPPORT_QUEUE_KEY)).toEqual([])
    expect(w.net.size).toBe(0)
    expect(w.fake.openTasks().total).toBe(0)
  })

  it('offline: queued; an offline network event sends nothing; the return sends it; stop() stops listening', async () => {
    let up = false
    const w = fakeWx(() =>
      up ? { kind: 'success', statusCode: 202, data: { id: 'x' } } : { kind: 'fail', errMsg: 'request:fail' },
    )
    const said: SendState[] = []
    const s = createSupportSender(
      w.api,
      C,
      () => 'zh',
      (st) => said.push(st),
    )
    s.send(report(1))
    await sleep(1)
    expect(said).toEqual(['sending', 'queued'])
    expect(w.net.size).toBe(1)
    w.network(false)
    await sleep(1)
    expect(w.posts).toHaveLength(1)
    up = true
    w.network(true)
    await sleep(1)
    expect(said).toEqual(['sending', 'queued', 'sent'])
    expect(w.posts).toHaveLength(2)
    expect(w.net.size).toBe(0)
    // Offline again, then stopped: the listener goes, the queue stays for the next panel.
    up = false
    s.send(report(2))
    await sleep(1)
    expect(w.net.size).toBe(1)
    s.stop()
    expect(w.net.size).toBe(0)
    expect(w.storage.get(SUPPORT_QUEUE_KEY)).toEqual([JSON.stringify(report(2))])
  })

  it.each([
    [408, 'queued', 1],
    [429, 'queued', 1],
    [503, 'queued', 1],
    [400, 'refused', 0],
    [413, 'refused', 0],
  ] as const)('HTTP %i → %s, %i kept', async (status, state, kept) => {
    const w = fakeWx(() => ({ kind: 'success', statusCode: status, data: { error: `no ${status}` } }))
    const said: [SendState, string][] = []
    createSupportSender(
      w.api,
      C,
      () => 'en',
      (st, line) => said.push([st, line]),
    ).send(report(1))
    await sleep(1)
    expect(said[1][0]).toBe(state)
    expect(said[1][1]).toBe(
      state === 'refused'
        ? `Refused by the collector: no ${status}`
        : `Not sent (server busy, ${status}): kept, retried when online or next time`,
    )
    expect((w.storage.get(SUPPORT_QUEUE_KEY) as string[]).length).toBe(kept)
  })

  it("a refusal without the collector's JSON says its status; a newline in the error stays one line", async () => {
    let n = 0
    const w = fakeWx(() =>
      ++n === 1
        ? { kind: 'success', statusCode: 404, data: '<html>nginx</html>' }
        : { kind: 'success', statusCode: 400, data: { error: 'bad\nreport' } },
    )
    const said: string[] = []
    const s = createSupportSender(
      w.api,
      C,
      () => 'en',
      (_, line) => said.push(line),
    )
    s.send(report(1))
    await sleep(1)
    s.send(report(2))
    await sleep(1)
    expect(said).toEqual([
      'Sending…',
      'Refused by the collector: HTTP 404',
      'Sending…',
      'Refused by the collector: bad report',
    ])
  })

  it('the queue is bounded (5, oldest out) and holds the same report once', async () => {
    const w = fakeWx(() => ({ kind: 'fail', errMsg: 'request:fail' }))
    const s = createSupportSender(
      w.api,
      C,
      () => 'en',
      () => undefined,
    )
    for (const n of [1, 2, 3, 3, 4, 5, 6, 7]) {
      s.send(report(n))
      await sleep(1)
    }
    expect((w.storage.get(SUPPORT_QUEUE_KEY) as string[]).map((b) => JSON.parse(b).n)).toEqual([
      3, 4, 5, 6, 7,
    ])
    s.stop()
  })

  it("an earlier panel's queue goes at retry(), oldest first, silently", async () => {
    const w = fakeWx(() => ({ kind: 'success', statusCode: 202, data: { id: 'x' } }))
    w.storage.set(SUPPORT_QUEUE_KEY, [JSON.stringify(report(1)), JSON.stringify(report(2))])
    const said: string[] = []
    createSupportSender(
      w.api,
      C,
      () => 'en',
      (_, l) => said.push(l),
    ).retry()
    await sleep(1)
    expect(w.posts.map((b) => JSON.parse(b).n)).toEqual([1, 2])
    expect(said).toEqual([])
    expect(w.storage.get(SUPPORT_QUEUE_KEY)).toEqual([])
  })

  it('storage that throws: the report still goes, nothing crashes', async () => {
    const w = fakeWx(() => ({ kind: 'success', statusCode: 202, data: { id: 'x' } }))
    const throwing = {
      ...w.api,
      getStorageSync: () => {
        throw new Error('storage full')
      },
      setStorageSync: () => {
        throw new Error('storage full')
      },
    }
    const said: SendState[] = []
    const s = createSupportSender(
      throwing,
      C,
      () => 'en',
      (st) => said.push(st),
    )
    expect(() => s.send(report(1))).not.toThrow()
    await sleep(1)
    // Nothing could be kept: the report goes once, straight.
    expect(said).toEqual(['sending', 'sent'])
    expect(w.posts).toHaveLength(1)
  })
})

describe('the shared queue', () => {
  it('drops what waited when sending is not allowed (the sentinel without consent)', async () => {
    const w = fakeWx(() => ({ kind: 'success', statusCode: 202 }))
    let allowed = true
    const q = createReportQueue(
      queuePlatform(w.api),
      C.url + '/',
      'k',
      'q',
      3,
      () => allowed,
      () => false,
    )
    q.enqueue('a')
    allowed = false
    expect(await q.sendQueue()).toBe(0)
    expect(w.posts).toEqual([])
    expect(q.queueLength()).toBe(0)
  })
})
