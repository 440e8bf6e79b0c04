/** @jest-environment jsdom */
import { SUPPORT_QUEUE_KEY } from '../../miniprogram/platform/support-send'
import type { Behaviour, CallInfo } from '../helpers/fake-wx'
import { installFakeWx, mountPanel, sleep, until } from '../helpers/panel'

// Issue 32, item 3: the panel's "发送给技术支持 / Send to support" and its states, on the fake wx under fake timers.

beforeEach(() => {
  jest.resetModules()
  jest.useFakeTimers()
})
afterEach(() => jest.useRealTimers())

type Dom = { dom: HTMLElement }
type Tappable = { querySelector: (s: string) => { dispatchEvent: (e: string) => void } | null }
const q = (comp: Dom, cls: string) => comp.dom.querySelector(`.netcheck-panel--${cls}`) as HTMLElement | null
const sendBox = (comp: Dom) => q(comp, 'nc-send')
/** The action's data: WXML's `disabled="{{send.blocked || send.off}}"` (j-component renders no attribute). */
const sendData = (instance: unknown) => (instance as { data: { send: Record<string, unknown> } }).data.send
const tapSend = (comp: Tappable) => {
  const b = comp.querySelector('.nc-send .nc-btn')
  if (!b) throw new Error('no send button')
  b.dispatchEvent('tap')
}
const tapStart = (comp: Tappable) => comp.querySelector('.nc-primary')!.dispatchEvent('tap')

const COLLECTOR = { url: 'https://collect.example.com/zim', key: 'ingest-key-app1' }
const ENDPOINT = 'https://collect.example.com/zim/v1/reports'

interface Post {
  url: string
  header: Record<string, string>
  body: string
}

/** The fake wx with storage, network events, and a collector behind POST whose answers a test sets. */
function setup(answer: () => Behaviour, o: { domains?: string[]; probeCollector?: Behaviour } = {}) {
  const posts: Post[] = []
  const { fake } = installFakeWx(
    (c: CallInfo) => {
      if (c.url === ENDPOINT) return answer()
      if (c.url === 'https://collect.example.com' && o.probeCollector) return o.probeCollector
      return c.kind === 'socket' ? { kind: 'open', delayMs: 5 } : { kind: 'success', delayMs: 5 }
    },
    {},
    o.domains ? { domains: o.domains } : {},
  )
  const g = globalThis as unknown as { wx: Record<string, unknown> }
  const storage = new Map<string, unknown>()
  const net = new Set<(r: { isConnected: boolean }) => void>()
  const request = g.wx.request as (opts: Record<string, unknown>) => unknown
  Object.assign(g.wx, {
    getStorageSync: (k: string) => (storage.has(k) ? JSON.parse(JSON.stringify(storage.get(k))) : ''),
    setStorageSync: (k: string, v: unknown) => void storage.set(k, JSON.parse(JSON.stringify(v))),
    onNetworkStatusChange: (f: (r: { isConnected: boolean }) => void) => void net.add(f),
    offNetworkStatusChange: (f: (r: { isConnected: boolean }) => void) => void net.delete(f),
    request: (opts: Record<string, unknown>) => {
      if (opts.method === 'POST')
        posts.push({
          url: String(opts.url),
          header: opts.header as Record<string, string>,
          body: String(opts.data),
        })
      return request(opts)
    },
  })
  return { fake, posts, storage, net, online: () => net.forEach((f) => f({ isConnected: true })) }
}

async function runToDone(comp: Dom & Tappable) {
  tapStart(comp)
  await until(() => !!q(comp, 'nc-share'))
}

describe('send to support', () => {
  it('after a run: the action and what it sends; a tap posts the report with the key; 202 → sent with its id', async () => {
    const s = setup(() => ({
      kind: 'success',
      delayMs: 30,
      statusCode: 202,
      data: { id: '0123456789abcdef0123456789abcdef' },
    }))
    const { comp, instance } = mountPanel({ sdk: '2.13.0', only: 'request', collector: COLLECTOR })
    await sleep(10)
    expect(sendBox(comp)).toBeNull()
    await runToDone(comp)
    const box = sendBox(comp)!
    expect(box.textContent).toContain('发送给技术支持')
    expect(box.textContent).toContain('不含用户 ID 与 token')
    // The collector's origin was probed as a request domain of the app's own.
    expect(s.fake.calls.some((c) => c.kind === 'request' && c.url === 'https://collect.example.com')).toBe(
      true,
    )
    expect(s.posts).toHaveLength(0)
    tapSend(comp)
    await sleep(5)
    expect(box.textContent).toContain('发送中')
    expect(sendData(instance)).toMatchObject({ state: 'sending', off: true })
    await until(() => (sendBox(comp)!.textContent ?? '').includes('已发送'))
    expect(sendBox(comp)!.textContent).toContain('已发送，编号 0123456789ab')
    expect(s.posts).toHaveLength(1)
    expect(s.posts[0].url).toBe(ENDPOINT)
    expect(s.posts[0].header['X-Zim-App-Key']).toBe('ingest-key-app1')
    const report = (instance as unknown as { getReport(): unknown }).getReport()
    expect(JSON.parse(s.posts[0].body)).toEqual(JSON.parse(JSON.stringify(report)))
    expect(s.storage.get(SUPPORT_QUEUE_KEY)).toEqual([])
    expect(sendData(instance)).toMatchObject({ state: 'sent', off: true })
    // Sent: no second post on another tap; the queue listens to the network no longer (the panel's own stays).
    tapSend(comp)
    await sleep(100)
    expect(s.posts).toHaveLength(1)
    expect(s.net.size).toBe(1)
    // A new run: its report may go too.
    tapStart(comp)
    await until(() => sendBox(comp) === null)
    await until(() => !!sendBox(comp))
    expect(sendData(instance)).toMatchObject({ state: '', off: false })
    tapSend(comp)
    await until(() => s.posts.length === 2)
  })

  it("refused (4xx): the collector's one line, nothing kept", async () => {
    const s = setup(() => ({ kind: 'success', statusCode: 403, data: { error: 'unknown ingest key' } }))
    const { comp } = mountPanel({
      sdk: '2.13.0',
      only: 'request',
      collector: JSON.stringify(COLLECTOR),
      lang: 'en',
    })
    await runToDone(comp)
    expect(sendBox(comp)!.textContent).toContain('Send to support')
    tapSend(comp)
    await until(() => (sendBox(comp)!.textContent ?? '').includes('Refused'))
    expect(sendBox(comp)!.textContent).toContain('Refused by the collector: unknown ingest key')
    expect(q(comp, 'nc-send')!.querySelector('.netcheck-panel--nc-bad')).not.toBeNull()
    expect(s.storage.get(SUPPORT_QUEUE_KEY)).toEqual([])
    expect(s.posts).toHaveLength(1)
  })

  it('offline: queued in storage, sent when the network returns', async () => {
    let up = false
    const s = setup(() =>
      up
        ? { kind: 'success', statusCode: 202, data: { id: 'abc' } }
        : { kind: 'fail', errMsg: 'request:fail', errno: 600001 },
    )
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'request', collector: COLLECTOR })
    await runToDone(comp)
    tapSend(comp)
    await until(() => (sendBox(comp)!.textContent ?? '').includes('未发出'))
    expect(sendBox(comp)!.textContent).toContain('无网络或无应答')
    expect((s.storage.get(SUPPORT_QUEUE_KEY) as string[]).length).toBe(1)
    // The queue listens for the network's return, beside the panel's own listener (the network type).
    expect(s.net.size).toBe(2)
    up = true
    s.online()
    await until(() => (sendBox(comp)!.textContent ?? '').includes('已发送'))
    expect(s.posts).toHaveLength(2)
    expect(s.posts[1].body).toBe(s.posts[0].body)
    expect(s.storage.get(SUPPORT_QUEUE_KEY)).toEqual([])
    expect(s.net.size).toBe(1)
  })

  it('detached while a report waits: no listener left, the report kept for the next panel', async () => {
    const s = setup(() => ({ kind: 'fail', errMsg: 'request:fail', errno: 600001 }))
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'request', collector: COLLECTOR })
    await runToDone(comp)
    tapSend(comp)
    await until(() => (sendBox(comp)!.textContent ?? '').includes('未发出'))
    expect(s.net.size).toBe(2)
    ;(comp as unknown as { detach(): void }).detach()
    expect(s.net.size).toBe(0)
    s.online()
    await sleep(100)
    expect(s.posts).toHaveLength(1)
    expect((s.storage.get(SUPPORT_QUEUE_KEY) as string[]).length).toBe(1)
  })

  it('server busy (503): queued with the status', async () => {
    const s = setup(() => ({ kind: 'success', statusCode: 503, data: { error: 'storage busy' } }))
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'request', collector: COLLECTOR })
    await runToDone(comp)
    tapSend(comp)
    await until(() => (sendBox(comp)!.textContent ?? '').includes('未发出'))
    expect(sendBox(comp)!.textContent).toContain('服务器忙 503')
    expect((s.storage.get(SUPPORT_QUEUE_KEY) as string[]).length).toBe(1)
  })

  it('a queue an earlier panel left goes at the next panel start', async () => {
    const s = setup(() => ({ kind: 'success', statusCode: 202, data: { id: 'x' } }))
    s.storage.set(SUPPORT_QUEUE_KEY, ['{"schema":"zim-netcheck/report@1","left":"earlier"}'])
    mountPanel({ sdk: '2.13.0', only: 'request', collector: COLLECTOR })
    await until(() => s.posts.length === 1)
    expect(s.posts[0].body).toContain('earlier')
    await until(() => (s.storage.get(SUPPORT_QUEUE_KEY) as string[]).length === 0)
  })

  it('the collector not in the request domain list: the action says so and sends nothing', async () => {
    // Whitelist enforced; every ZIM host listed, the collector not.
    const s = setup(() => ({ kind: 'success', statusCode: 202, data: { id: 'x' } }), {
      domains: [],
    })
    const { comp, instance } = mountPanel({ sdk: '2.13.0', only: 'request', collector: COLLECTOR })
    await runToDone(comp)
    expect(sendBox(comp)!.textContent).toContain('无法发送：collect.example.com 不在 request 合法域名中')
    expect(sendData(instance).blocked).toBe(true)
    tapSend(comp)
    await sleep(100)
    expect(s.posts).toHaveLength(0)
  })

  it('the collector unreachable in the run (timeout): a warning, the tap still tries', async () => {
    const s = setup(() => ({ kind: 'fail', errMsg: 'request:fail timeout', errno: 5 }), {
      probeCollector: { kind: 'fail', delayMs: 5, errMsg: 'request:fail timeout' },
    })
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'request', collector: COLLECTOR })
    await runToDone(comp)
    expect(sendBox(comp)!.textContent).toContain('本次检测中 collect.example.com 失败（timeout）')
    tapSend(comp)
    await until(() => s.posts.length === 1)
  })

  it("follows the lang property: the action, what it sends and the run's note change language with the panel", async () => {
    setup(() => ({ kind: 'success', statusCode: 202 }), {
      probeCollector: { kind: 'fail', delayMs: 5, errMsg: 'request:fail timeout' },
    })
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'request', collector: COLLECTOR })
    await runToDone(comp)
    expect(sendBox(comp)!.textContent).toContain('发送给技术支持')
    // A property change ends the finished view (as for any property); the next run's card speaks English.
    comp.setData({ lang: 'en' })
    await sleep(200)
    await runToDone(comp)
    const box = sendBox(comp)!.textContent ?? ''
    expect(box).toContain('Send to support')
    expect(box).toContain('no user ids or tokens')
    expect(box).toContain('collect.example.com')
    expect(box).not.toMatch(/发送|不含|失败/)
  })

  it("a bad collector's notice follows the lang property too", async () => {
    setup(() => ({ kind: 'success', statusCode: 202 }))
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'request', collector: '{url:' })
    await sleep(10)
    expect(comp.dom.textContent).toContain('collector 无效')
    comp.setData({ lang: 'en' })
    await sleep(200)
    expect(comp.dom.textContent).not.toContain('collector 无效')
    expect(comp.dom.textContent).toContain('Bad collector')
  })

  it.each([
    ['not JSON', '{url:'],
    ['no key', { url: 'https://collect.example.com' }],
    ['http', { url: 'http://collect.example.com', key: 'k' }],
    ['an IP address', { url: 'https://127.0.0.1:8787', key: 'k' }],
  ])('a bad collector (%s): a notice, no action, the run still works', async (_, value) => {
    const s = setup(() => ({ kind: 'success', statusCode: 202 }))
    const { comp } = mountPanel({ sdk: '2.13.0', only: 'request', collector: value })
    await sleep(10)
    expect(comp.dom.textContent).toContain('collector 无效')
    await runToDone(comp)
    expect(sendBox(comp)).toBeNull()
    expect(s.fake.calls.some((c) => c.url.includes('collect.example.com'))).toBe(false)
  })
})
