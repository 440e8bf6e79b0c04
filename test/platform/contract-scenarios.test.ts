/// <reference types="@mini-types/my" />
import { PlatformAdapter } from '../../miniprogram/core/adapter'
import { ProbeEngine } from '../../miniprogram/core/engine'
import { PlannedProbe } from '../../miniprogram/core/plan'
import { limitsFor, PlatformId } from '../../miniprogram/core/platforms'
import { ProbeResult } from '../../miniprogram/core/result'
import { Category, ErrorCategory, ProbeStatus } from '../../miniprogram/core/vocabulary'
import { createAlipayAdapter, MyLike } from '../../miniprogram/platform/alipay/adapter'
import { createBaiduAdapter } from '../../miniprogram/platform/baidu/adapter'
import { createDouyinAdapter } from '../../miniprogram/platform/douyin/adapter'
import { createQqAdapter } from '../../miniprogram/platform/qq/adapter'
import { createWxAdapter, WxLike } from '../../miniprogram/platform/wx-adapter'
import { createXhsAdapter } from '../../miniprogram/platform/xhs/adapter'
import { FakeMini, MiniBehaviour, MiniCall } from '../helpers/fake-mini'
import { createFakeMy } from '../helpers/fake-my'
import { createFakeSwan } from '../helpers/fake-swan'
import { createFakeTt } from '../helpers/fake-tt'
import { createFakeXhs } from '../helpers/fake-xhs'
import { Behaviour, createFakeWx, FakeWx, ManualClock } from '../helpers/fake-wx'

/*
 * One set of scenarios, every platform's adapter, through the real ProbeEngine on a ManualClock. Each fake
 * answers as its platform documents (fake-wx: WeChat, and QQ whose network page says the same; fake-mini: the
 * my / tt / swan dialects, rules with sources in TT_RULES / SWAN_RULES). Each row states the verdict the
 * platform's docs imply (status + error category): a platform whose adapter differs shows up as a failing row.
 *
 */

type Fault = 'pass' | 'slow' | 'not_whitelisted' | 'tls' | 'dns' | 'hang'
type Said = Exclude<Fault, 'slow'>
type Platform = PlatformId

/** What each platform says, per fault and API (sources beside each). `undefined`: pass. */
const SAYS: Record<Platform, (fault: Said, category: Category, url: string) => Behaviour | MiniBehaviour> = {
  // WeChat: errno table (developers.weixin.qq.com …/usability/PublicErrno) 600002 "url not in domain list";
  // legacy Android texts for TLS; Chromium names for DNS (test/fixtures/errmsgs.ts has their sources).
  wechat: (fault, category) => wxSays(fault, category),
  // QQ: its network page (q.qq.com, w3cschool mirror) is WeChat's; its wordings are assumed to be too.
  qq: (fault, category) => wxSays(fault, category),
  // Alipay: {error, errorMessage}; my.request 4 "无权跨域调用" (not whitelisted), 19 with an SSL cause (its FAQ),
  // 12 network error (the iOS system text for a name not found); socket onError 65 "请检查域名是否合法". A socket's
  // TLS or DNS failure has no documented code (my.onSocketError.md lists 1, 8, 50, 65): 1 "Error Unknown." with
  // the system's text is assumed.
  alipay: (fault, category): MiniBehaviour => {
    const socket = category === 'socket'
    switch (fault) {
      case 'pass':
        return socket ? { kind: 'open', delayMs: 50 } : { kind: 'success', delayMs: 50, status: 200 }
      case 'hang':
        return { kind: 'hang' }
      case 'not_whitelisted':
        return socket
          ? { kind: 'socketError', delayMs: 5, code: 65, msg: '请检查域名是否合法' }
          : { kind: 'fail', delayMs: 5, code: 4, msg: '无权跨域调用' }
      case 'tls':
        return socket
          ? {
              kind: 'socketError',
              delayMs: 5,
              code: 1,
              msg: '发生了 SSL 错误，无法建立与该服务器的安全连接。',
            }
          : { kind: 'fail', delayMs: 5, code: 19, msg: 'SSL 证书错误' }
      case 'dns':
        return socket
          ? { kind: 'socketError', delayMs: 5, code: 1, msg: '未能找到使用指定主机名的服务器。' }
          : { kind: 'fail', delayMs: 5, code: 12, msg: '未能找到使用指定主机名的服务器。' }
    }
  },
  // Xiaohongshu: the list is the fake's own rule (XHS_RULES.notInList, wx's wording: unverified); TLS / DNS:
  // no page says what its stack reports: the wx texts are assumed (its APIs take wx's shapes).
  xhs: (fault, category) => {
    const b = wxSays(fault === 'not_whitelisted' ? 'pass' : fault, category)
    if (b.kind === 'success') return { kind: 'success', delayMs: b.delayMs, status: b.statusCode }
    if (b.kind === 'open' || b.kind === 'hang') return b as MiniBehaviour
    const msg = 'errMsg' in b ? String(b.errMsg).replace(/^\w+:fail /, '') : ''
    return category === 'socket'
      ? { kind: 'socketError', delayMs: 5, msg }
      : { kind: 'fail', delayMs: 5, msg }
  },
  // Douyin: the list is the fake's own rule (TT_RULES.notInList); TLS / DNS: tt's SocketTask names its stack
  // "ttnet" (typings), ByteDance's Chromium-based one, so Chromium's net:: names are assumed (no page says).
  douyin: (fault, category) => chromiumSays(fault, category),
  // Baidu: the list is the fake's own rule (SWAN_RULES.notInList, a bare 1001); TLS / DNS on iOS: the system's
  // NSURLError descriptions (assumed: the docs give none).
  baidu: (fault, category) => {
    const socket = category === 'socket'
    if (fault === 'pass' || fault === 'not_whitelisted')
      return socket ? { kind: 'open', delayMs: 50 } : { kind: 'success', delayMs: 50, status: 200 }
    if (fault === 'hang') return { kind: 'hang' }
    const msg =
      fault === 'tls' ? '发生了 SSL 错误，无法建立与该服务器的安全连接。' : '未能找到使用指定主机名的服务器。'
    return socket ? { kind: 'socketError', delayMs: 5, msg } : { kind: 'fail', delayMs: 5, msg }
  },
}

function wxSays(fault: Said, category: Category): Behaviour {
  const api = category === 'socket' ? 'connectSocket' : category
  const socket = category === 'socket'
  switch (fault) {
    case 'pass':
      return socket ? { kind: 'open', delayMs: 50 } : { kind: 'success', delayMs: 50, statusCode: 200 }
    case 'hang':
      return { kind: 'hang' }
    case 'not_whitelisted':
      return { kind: 'fail', delayMs: 5, errMsg: `${api}:fail url not in domain list`, errno: 600002 }
    case 'tls':
      return socket
        ? { kind: 'error', delayMs: 5, errMsg: 'connectSocket:fail ssl hand shake error', withClose: true }
        : { kind: 'fail', delayMs: 5, errMsg: `${api}:fail ssl hand shake error` }
    case 'dns':
      return socket
        ? {
            kind: 'error',
            delayMs: 5,
            errMsg: 'connectSocket:fail net::ERR_NAME_NOT_RESOLVED',
            withClose: true,
          }
        : { kind: 'fail', delayMs: 5, errMsg: `${api}:fail net::ERR_NAME_NOT_RESOLVED` }
  }
}

function chromiumSays(fault: Said, category: Category): MiniBehaviour {
  const socket = category === 'socket'
  if (fault === 'pass' || fault === 'not_whitelisted')
    return socket ? { kind: 'open', delayMs: 50 } : { kind: 'success', delayMs: 50, status: 200 }
  if (fault === 'hang') return { kind: 'hang' }
  const msg = fault === 'tls' ? 'net::ERR_CERT_AUTHORITY_INVALID' : 'net::ERR_NAME_NOT_RESOLVED'
  return socket ? { kind: 'socketError', delayMs: 5, msg } : { kind: 'fail', delayMs: 5, msg }
}

interface Rig {
  clock: ManualClock
  adapter: PlatformAdapter
  /** The host app's own tasks, opened through the platform before the run (they never end). */
  hostSockets(n: number): void
  hostRequests(n: number): void
  hide(): void
  show(): void
  openSockets(): number
  openHttp(): number
  open(): number
}

const HOST = 'host.example.org'
const LISTED = ['api.example.com', 'up.example.com', 'down.example.com', 'ws.example.com', HOST]

/** `slow`: a pass that takes 7 s (longer than the 5 s a platform gives a task in the background). */
function says(platform: Platform, fault: Fault, category: Category, url: string): Behaviour | MiniBehaviour {
  if (fault !== 'slow') return SAYS[platform](fault, category, url)
  const b = SAYS[platform]('pass', category, url)
  return { ...b, delayMs: 7000 } as Behaviour | MiniBehaviour
}

function rig(platform: Platform, fault: (url: string) => Fault): Rig {
  const clock = new ManualClock()
  const isHost = (url: string) => url.includes(HOST)
  if (platform === 'wechat' || platform === 'qq') {
    const fake: FakeWx = createFakeWx(
      (c) =>
        (isHost(c.url)
          ? { kind: c.kind === 'socket' ? 'open' : 'hang' }
          : says(platform, fault(c.url), c.kind, c.url)) as Behaviour,
      { clock },
    )
    return {
      clock,
      adapter: platform === 'qq' ? createQqAdapter(fake) : createWxAdapter(fake),
      hostSockets: (n) => {
        for (let i = 0; i < n; i++) fake.connectSocket({ url: `wss://${HOST}/${i}` })
      },
      hostRequests: (n) => {
        for (let i = 0; i < n; i++) fake.request({ url: `https://${HOST}/${i}` })
      },
      hide: () => fake.hide(),
      show: () => fake.show(),
      openSockets: () => fake.openTasks().socket,
      openHttp: () => fake.openTasks().http,
      open: () => fake.openTasks().total,
    }
  }
  const script = (c: MiniCall): MiniBehaviour =>
    isHost(c.url)
      ? { kind: c.kind === 'socket' ? 'open' : 'hang' }
      : (says(platform, fault(c.url), c.kind, c.url) as MiniBehaviour)
  // tt / swan check the list themselves (their fakes' rules): a not-whitelisted host is one left out of it.
  const domains = LISTED.filter(
    (h) =>
      !['api', 'up', 'down', 'ws'].some(
        (p) => h.startsWith(p) && fault(`https://${h}`) === 'not_whitelisted',
      ),
  )
  const fake: FakeMini =
    platform === 'alipay'
      ? createFakeMy(script, { clock })
      : platform === 'douyin'
        ? createFakeTt(script, { clock, domains })
        : platform === 'xhs'
          ? createFakeXhs(script, { clock, domains })
          : createFakeSwan(script, { clock, domains })
  const adapter =
    platform === 'alipay'
      ? createAlipayAdapter(fake as unknown as MyLike)
      : platform === 'douyin'
        ? createDouyinAdapter(fake as unknown as WxLike)
        : platform === 'xhs'
          ? createXhsAdapter(fake as unknown as WxLike)
          : createBaiduAdapter(fake as unknown as WxLike)
  const api = fake as unknown as {
    connectSocket(o: Record<string, unknown>): unknown
    request(o: Record<string, unknown>): unknown
  }
  return {
    clock,
    adapter,
    hostSockets: (n) => {
      for (let i = 0; i < n; i++) api.connectSocket({ url: `wss://${HOST}/${i}`, multiple: true })
    },
    hostRequests: (n) => {
      for (let i = 0; i < n; i++) api.request({ url: `https://${HOST}/${i}` })
    },
    hide: () => fake.hide(),
    show: () => fake.show(),
    openSockets: () => fake.openSockets,
    openHttp: () => fake.open - fake.openSockets,
    open: () => fake.open,
  }
}

const URLS: Record<Category, string> = {
  request: 'https://api.example.com/probe',
  uploadFile: 'https://up.example.com/probe',
  downloadFile: 'https://down.example.com/probe',
  socket: 'wss://ws.example.com/probe',
}

const probe = (category: Category, n = 0): PlannedProbe => {
  const url = n === 0 ? URLS[category] : `${URLS[category]}/${n}`
  return { id: `${category}:${url}`, category, url, purpose: 'access' }
}

interface RunOpts {
  timeoutMs?: number
  hostTasks?: { http: number; socket: number }
  /** Called each 100 ms of clock time, with the time. */
  tick?: (now: number, engine: ProbeEngine) => void
}

/** Runs the probes to the end, 1 ms at a time, sampling how many tasks are open. */
async function run(r: Rig, platform: Platform, probes: PlannedProbe[], o: RunOpts = {}) {
  const engine = new ProbeEngine(
    probes,
    r.adapter,
    {
      timeoutMs: o.timeoutMs ?? 5000,
      slowMs: 60_000,
      deadlineMs: 600_000,
      concurrency: limitsFor(platform),
      hostTasks: o.hostTasks ?? { http: 0, socket: 0 },
    },
    undefined,
    r.clock,
  )
  let done = false
  const results = engine.start().then((x) => {
    done = true
    return x
  })
  let maxSockets = 0
  let maxHttp = 0
  for (let t = 0; t < 300_000 && !done; t++) {
    r.clock.advance(1)
    maxSockets = Math.max(maxSockets, r.openSockets())
    maxHttp = Math.max(maxHttp, r.openHttp())
    if (t % 100 === 0) o.tick?.(t, engine)
    if (t % 50 === 0) await Promise.resolve()
  }
  return { results: await results, maxSockets, maxHttp }
}

type Verdict = [ProbeStatus, ErrorCategory?]
const verdict = (x: ProbeResult): Verdict => (x.error ? [x.status, x.error.category] : [x.status])

const PLATFORMS: Platform[] = ['wechat', 'qq', 'alipay', 'douyin', 'baidu', 'xhs']

/**
 * Rows that fail today for work another engineer does (flip to `it` once merged):
 * - alipay · not_whitelisted · socket: onSocketError 65 "请检查域名是否合法" is not in ALIPAY_CODES (Alipay adapter work).
 * - alipay · tls · request: error 19 with an SSL cause is reported reached (Alipay adapter work on 19).
 */

const all = (v: Verdict): Record<Platform, Verdict> => ({
  wechat: v,
  qq: v,
  alipay: v,
  douyin: v,
  baidu: v,
  xhs: v,
})

/** The verdict each platform's docs imply for one fault on one API. */
const EXPECTED: Record<
  Exclude<Fault, 'pass' | 'slow'>,
  Record<'request' | 'socket', Record<Platform, Verdict>>
> = {
  not_whitelisted: {
    request: {
      wechat: ['fail', 'not_whitelisted'],
      qq: ['fail', 'not_whitelisted'],
      alipay: ['fail', 'not_whitelisted'],
      douyin: ['fail', 'not_whitelisted'],
      // Baidu documents no wording or code for it: its generic 1001 says nothing more.
      baidu: ['fail', 'unknown'],
      // Xiaohongshu: wx's wording, assumed (XHS_RULES.notInList).
      xhs: ['fail', 'not_whitelisted'],
    },
    socket: {
      wechat: ['fail', 'not_whitelisted'],
      qq: ['fail', 'not_whitelisted'],
      alipay: ['fail', 'not_whitelisted'],
      douyin: ['fail', 'not_whitelisted'],
      baidu: ['fail', 'unknown'],
      xhs: ['fail', 'not_whitelisted'],
    },
  },
  tls: {
    request: all(['fail', 'tls']),
    socket: all(['fail', 'tls']),
  },
  dns: {
    request: all(['fail', 'dns']),
    socket: all(['fail', 'dns']),
  },
  hang: {
    request: all(['fail', 'timeout']),
    socket: all(['fail', 'timeout']),
  },
}

const row = (name: string, fn: () => Promise<void>) => it(name, fn)

describe.each(PLATFORMS)('%s: scenarios', (platform) => {
  row(`${platform} · pass · every API`, async () => {
    const r = rig(platform, () => 'pass')
    const probes = (['request', 'uploadFile', 'downloadFile', 'socket'] as const).map((c) => probe(c))
    const { results } = await run(r, platform, probes)
    expect(results.map(verdict)).toEqual(probes.map(() => ['pass']))
    r.clock.runAll()
    expect(r.open()).toBe(0)
  })

  for (const fault of ['not_whitelisted', 'tls', 'dns', 'hang'] as const)
    for (const category of ['request', 'socket'] as const)
      row(`${platform} · ${fault} · ${category}`, async () => {
        const r = rig(platform, (url) => (url.includes(new URL(URLS[category]).host) ? fault : 'pass'))
        const { results } = await run(r, platform, [probe(category)])
        expect(verdict(results[0])).toEqual(EXPECTED[fault][category][platform])
        r.clock.runAll()
        expect(r.open()).toBe(0)
      })

  for (const told of [true, false])
    row(`${platform} · host holds 3 sockets (${told ? 'engine told' : 'engine not told'})`, async () => {
      const r = rig(platform, () => 'pass')
      r.hostSockets(3)
      const probes = [0, 1, 2, 3, 4, 5].map((n) => probe('socket', n))
      const { results, maxSockets } = await run(r, platform, probes, {
        hostTasks: told ? { http: 0, socket: 3 } : undefined,
      })
      // The platform allows 5 sockets (every platform's page says 5): the run never goes past what the host left.
      expect(maxSockets).toBeLessThanOrEqual(5)
      // Alipay documents no failure past its 5 sockets (my.connectSocket.md FAQ gives the limit only; the fake
      // answers connectSocket fail 1 "未知错误"): nothing says "too many", so the engine cannot wait for a slot and
      // rows past the host's share read unknown. Telling the engine (the panel's host-sockets) is the remedy.
      const undocumented = platform === 'alipay' && !told
      expect(results.map(verdict)).toEqual(
        probes.map((_, i) => (undocumented && i >= 2 ? ['fail', 'unknown'] : ['pass'])),
      )
    })

  row(`${platform} · host holds 8 HTTP tasks (engine told)`, async () => {
    const r = rig(platform, () => 'pass')
    r.hostRequests(8)
    const probes = [0, 1, 2, 3, 4, 5].map((n) => probe('request', n))
    const { results, maxHttp } = await run(r, platform, probes, { hostTasks: { http: 8, socket: 0 } })
    expect(maxHttp).toBeLessThanOrEqual(Math.max(10, 8 + 1))
    expect(results.map(verdict)).toEqual(probes.map(() => ['pass']))
  })

  row(`${platform} · background: pause, tasks the platform interrupts are run again, resume`, async () => {
    const r = rig(platform, () => 'slow')
    const probes = [probe('request', 1), probe('request', 2), probe('socket', 1), probe('socket', 2)]
    const { results } = await run(r, platform, probes, {
      timeoutMs: 10_000,
      tick: (t, engine) => {
        if (t === 0) {
          r.hide()
          engine.pause()
        }
        if (t === 20_000) {
          r.show()
          engine.resume()
        }
      },
    })
    // Going to the background says nothing about the network: every probe ends as it would have.
    expect(results.map(verdict)).toEqual(probes.map(() => ['pass']))
  })
})
