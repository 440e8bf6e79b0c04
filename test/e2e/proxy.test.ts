import type * as tls from 'node:tls'
import { PlatformAdapter, RawOutcome } from '../../miniprogram/core/adapter'
import { classify } from '../../miniprogram/core/classifier'
import { createNodeAdapter, NodeAdapterOptions, WS_CLOSE_GRACE_MS } from '../../node/adapter'
import { routeFor } from '../../node/routing'
import { proxySettingsFrom } from '../../node/proxy'
import { holdsWithin, lagMeter } from '../helpers/lag'
import { startTestProxy, TestProxy, TestProxyOptions } from '../helpers/proxy'
import {
  createTestCa,
  LoopbackLookup,
  loopbackLookup,
  startTestServers,
  TestServers,
} from '../helpers/servers'
import { expectNoSocketHandles, watchTimers } from '../helpers/handles'

// A real CONNECT proxy on 127.0.0.1 in front of the loopback test servers. The proxy maps host names to loopback
// ports itself (no DNS anywhere); the adapter's lookup answers only localhost and proxy.test.
const WS_HOST = 'accesshub-wss.coolbcloud.com'
const HTTP_HOST = 'detaillog-global.zego.im'
const OPS = ['request', 'uploadFile', 'downloadFile', 'connectSocket'] as const
type Op = (typeof OPS)[number]
const USER = 'zim user'
const PASS = 's3cr3t:p@ss/%'

let servers: TestServers
let dns: LoopbackLookup
const proxies: TestProxy[] = []
const timers = watchTimers()

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const hostOf = (op: Op) => (op === 'connectSocket' ? WS_HOST : HTTP_HOST)
const urlOf = (op: Op, host = hostOf(op)) => `${op === 'connectSocket' ? 'wss' : 'https'}://${host}/`

beforeAll(async () => {
  servers = await startTestServers()
})
afterAll(async () => {
  timers.stop()
  await Promise.all(proxies.map((p) => p.close()))
  await servers.close()
})
beforeEach(() => {
  timers.start()
  dns = loopbackLookup({ localhost: '127.0.0.1', 'proxy.test': '127.0.0.1' })
})
afterEach(async () => {
  // Nothing left open anywhere: servers, proxies, this process's sockets and timers; no ZIM name looked up.
  await servers.waitForNoConnections()
  for (const p of proxies) await p.waitForNoConnections()
  await expectNoSocketHandles()
  expect(timers.armed()).toEqual([])
  expect(dns.asked.filter((h) => h !== 'localhost' && h !== 'proxy.test' && !h.endsWith('.invalid'))).toEqual(
    [],
  )
})

/** A proxy whose upstream sends the two hosts to `kind`'s server; the rest as `options` say. */
async function proxyTo(kind: keyof TestServers['port'] = 'ok', options: TestProxyOptions = {}) {
  const proxy = await startTestProxy({
    upstream: { [HTTP_HOST]: servers.port[kind], [WS_HOST]: servers.port[kind] },
    ...options,
  })
  proxies.push(proxy)
  return proxy
}

interface Call {
  outcome: RawOutcome
  ms: number
  /** What the machine took from the process meanwhile (test/helpers/lag.ts): bounds on `ms` allow for it. */
  lag: number
  closedAtDone: boolean[]
  sockets: tls.TLSSocket[]
}

function call(
  op: Op,
  url: string,
  proxyUrl: string,
  extra: NodeAdapterOptions & { noproxy?: string } = {},
  timeoutMs = 3000,
): Promise<Call> {
  const sockets: tls.TLSSocket[] = []
  const { noproxy, ...options } = extra
  const adapter: PlatformAdapter = createNodeAdapter({
    lookup: dns.lookup,
    onSocket: (s) => sockets.push(s),
    ca: servers.caPem,
    proxy: proxySettingsFrom({}, { proxy: proxyUrl, ...(noproxy !== undefined ? { noproxy } : {}) }),
    ...options,
  })
  const t0 = Date.now()
  const lag = lagMeter()
  return new Promise((resolve) => {
    adapter[op]({ id: `x:${url}`, category: 'request', url }, { timeoutMs }, (outcome) =>
      resolve({
        outcome,
        ms: Date.now() - t0,
        lag: lag.stop(),
        closedAtDone: sockets.map((s) => s.closed),
        sockets,
      }),
    )
  })
}

async function settled(r: Call, op: Op) {
  if (op === 'connectSocket' && r.outcome.reached && !r.outcome.upgradeRejected) {
    // Settled at open; the polite close follows within the grace time.
    await holdsWithin(() => r.sockets.every((s) => s.closed), WS_CLOSE_GRACE_MS + 300)
  } else expect(r.closedAtDone.every(Boolean)).toBe(true)
}

describe.each(OPS)('%s through a CONNECT proxy', (op) => {
  it('an allowed host is reached through the tunnel: SNI, Host and certificate are the host’s', async () => {
    const proxy = await proxyTo('ok')
    const from = servers.requests.length
    const r = await call(op, urlOf(op), proxy.url())
    expect(r.outcome.reached).toBe(true)
    expect(r.outcome.upgradeRejected).toBeUndefined()
    expect(proxy.connects.map((c) => [c.target, c.host, c.answer])).toEqual([
      [`${hostOf(op)}:443`, `${hostOf(op)}:443`, 200],
    ])
    await holdsWithin(() => servers.requests.length > from, 2000)
    const seen = servers.requests.slice(from)
    expect(seen.map((s) => [s.host, s.servername])).toEqual([[hostOf(op), hostOf(op)]])
    // Timing stays meaningful: connect lasts until the tunnel is open, tls is the host's handshake.
    expect(r.outcome.timing?.connectMs).toBeGreaterThanOrEqual(0)
    expect(r.outcome.timing?.tlsMs).toBeGreaterThanOrEqual(0)
    expect(r.outcome.timing?.ttfbMs).toBeGreaterThanOrEqual(0)
    expect(r.outcome.timing?.dnsMs).toBeUndefined() // the proxy is an IP; the host's name is the proxy's business
    expect(r.sockets).toHaveLength(1)
    await settled(r, op)
  })

  it('a refused CONNECT (403) is the proxy’s finding, naming the host; the host is never contacted', async () => {
    const proxy = await proxyTo('ok', { rules: { [hostOf(op)]: 'deny' } })
    const before = servers.accepted.ok
    const r = await call(op, urlOf(op), proxy.url())
    expect(r.outcome).toMatchObject({ reached: false, code: 'PROXY_DENIED' })
    expect(r.outcome.errMsg).toContain(`refused the tunnel to ${hostOf(op)}:443 (403 Forbidden`)
    expect(r.outcome.errMsg).toContain('ERR_ACCESS_DENIED')
    expect(classify(r.outcome).category).toBe('proxy')
    expect(servers.accepted.ok).toBe(before)
    expect(r.sockets).toEqual([])
  })

  it('a proxy that needs credentials: 407 without them, 407 with wrong ones, tunnel with the right ones', async () => {
    const proxy = await proxyTo('ok', { credentials: { user: USER, pass: PASS } })
    const none = await call(op, urlOf(op), proxy.url())
    expect(none.outcome).toMatchObject({ reached: false, code: 'PROXY_AUTH' })
    expect(none.outcome.errMsg).toMatch(
      /needs credentials .*407 Proxy Authentication Required.*asks for Basic/,
    )
    const wrong = await call(op, urlOf(op), proxy.url({ user: USER, pass: 'nope' }))
    expect(wrong.outcome).toMatchObject({ reached: false, code: 'PROXY_AUTH' })
    expect(wrong.outcome.errMsg).toMatch(/rejected the credentials/)
    expect(wrong.outcome.errMsg).not.toContain('nope')
    const right = await call(op, urlOf(op), proxy.url({ user: USER, pass: PASS }))
    expect(right.outcome.reached).toBe(true)
    // %-escapes in the URL are decoded before Basic encoding, as curl does.
    const sent = proxy.connects[proxy.connects.length - 1].authorization
    expect(Buffer.from(String(sent).replace('Basic ', ''), 'base64').toString()).toBe(`${USER}:${PASS}`)
    await settled(right, op)
  })

  it('a proxy that never answers CONNECT is the proxy’s timeout, settled within the deadline', async () => {
    const proxy = await proxyTo('ok', { rules: { '*': 'hang' } })
    const r = await call(op, urlOf(op), proxy.url(), {}, 400)
    expect(r.outcome).toMatchObject({ reached: false, code: 'PROXY_TIMEOUT' })
    // It waits what is left of the deadline less a margin (40 ms here), so the engine's own timer never races it.
    const waited = Number(/did not answer CONNECT .*:443 within (\d+) ms/.exec(r.outcome.errMsg ?? '')?.[1])
    expect(waited).toBeLessThanOrEqual(400 - 40)
    expect(waited).toBeGreaterThanOrEqual(400 - 40 - r.lag - 100)
    expect(r.ms).toBeGreaterThanOrEqual(400 - 60)
    expect(r.ms).toBeLessThan(400 + 250 + r.lag)
  })

  it('an unreachable proxy port is the proxy’s finding, not the host’s refusal', async () => {
    const r = await call(op, urlOf(op), `http://127.0.0.1:${servers.port.closedPort}`)
    expect(r.outcome).toMatchObject({ reached: false, code: 'PROXY_UNREACHABLE' })
    expect(r.outcome.errMsg).toMatch(
      /the proxy 127\.0\.0\.1:\d+ \(--proxy\) could not be reached: .*ECONNREFUSED/,
    )
    expect(classify(r.outcome).category).toBe('proxy')
  })

  it('the host failing behind a working proxy stays the host’s failure (TLS, hang); 502 says the proxy could not reach it', async () => {
    for (const [kind, code] of [
      ['selfSigned', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
      ['expired', 'CERT_HAS_EXPIRED'],
    ] as const) {
      const proxy = await proxyTo(kind)
      const r = await call(op, urlOf(op), proxy.url())
      expect(r.outcome).toMatchObject({ reached: false, code })
      expect(classify(r.outcome).category).toBe('tls')
    }
    // The host hangs behind a working tunnel: the host's timeout, not the proxy's.
    const hung = await call(op, urlOf(op), (await proxyTo('hang')).url(), {}, 400)
    expect(hung.outcome).toMatchObject({ reached: false, code: 'ETIMEDOUT' })
    // The proxy cannot reach the host (its port is closed): the proxy says so with 502.
    const down = await call(op, urlOf(op), (await proxyTo('closedPort')).url())
    expect(down.outcome).toMatchObject({ reached: false, code: 'PROXY_UPSTREAM' })
    expect(down.outcome.errMsg).toContain(`could not reach ${hostOf(op)}:443 (502 Bad Gateway)`)
  })
})

describe('every way a proxy can fail is its own finding', () => {
  it.each([
    ['close', 'PROXY_CLOSED', /closed the connection before answering CONNECT/],
    ['garbage', 'PROXY_BAD_RESPONSE', /did not answer CONNECT .* in HTTP \(HPE_/],
    ['badGateway', 'PROXY_UPSTREAM', /could not reach detaillog-global\.zego\.im:443 \(502 Bad Gateway\)/],
    ['unauthorized', 'PROXY_AUTH', /needs credentials .*401 Unauthorized/],
  ] as const)('%s → %s', async (behaviour, code, message) => {
    const proxy = await proxyTo('ok', { rules: { '*': behaviour } })
    const r = await call('request', urlOf('request'), proxy.url())
    expect(r.outcome).toMatchObject({ reached: false, code })
    expect(r.outcome.errMsg).toMatch(message)
    expect(classify(r.outcome).category).toBe('proxy')
  })

  it('a proxy name that does not resolve, a port that accepts and never answers, a TLS port', async () => {
    const dnsFail = await call('request', urlOf('request'), 'http://no-proxy-here.invalid:3128')
    expect(dnsFail.outcome).toMatchObject({ reached: false, code: 'PROXY_DNS' })
    const hung = await call(
      'connectSocket',
      urlOf('connectSocket'),
      `127.0.0.1:${servers.port.hang}`,
      {},
      300,
    )
    expect(hung.outcome).toMatchObject({ reached: false, code: 'PROXY_TIMEOUT' })
    const tlsPort = await call('request', urlOf('request'), `http://127.0.0.1:${servers.port.ok}`)
    expect(['PROXY_CLOSED', 'PROXY_BAD_RESPONSE']).toContain(tlsPort.outcome.code)
  })

  it('an https:// proxy: TLS to the proxy (its CA trusted) then TLS to the host; an untrusted proxy is PROXY_TLS', async () => {
    const proxyCa = createTestCa('zim-netcheck test proxy CA')
    const proxy = await proxyTo('ok', { tls: proxyCa.issue(['proxy.test']) })
    const trusted = `${servers.caPem}\n${proxyCa.certPem}`
    for (const op of OPS) {
      const r = await call(op, urlOf(op), proxy.url(undefined, 'proxy.test'), { ca: trusted })
      expect(r.outcome.reached).toBe(true)
      await settled(r, op)
    }
    const untrusted = await call('request', urlOf('request'), proxy.url(undefined, 'proxy.test'))
    expect(untrusted.outcome).toMatchObject({ reached: false, code: 'PROXY_TLS' })
    expect(dns.asked).toContain('proxy.test')
  })
})

describe('routing with a proxy, as curl', () => {
  it('--connect-to changes what CONNECT asks for; SNI and Host stay the URL host', async () => {
    const proxy = await proxyTo('ok', { upstream: {} }) // names are unknown to it: only the loopback address works
    const connectTo = servers.servers.ok.connectTo([HTTP_HOST, WS_HOST])
    const from = servers.requests.length
    for (const op of OPS) {
      const r = await call(op, urlOf(op), proxy.url(), { connectTo })
      expect(r.outcome.reached).toBe(true)
      await settled(r, op)
    }
    expect(new Set(proxy.connects.map((c) => c.target))).toEqual(new Set([`127.0.0.1:${servers.port.ok}`]))
    await holdsWithin(() => servers.requests.length - from >= OPS.length, 2000)
    expect(servers.requests.slice(from).map((s) => s.servername)).toEqual([
      HTTP_HOST,
      HTTP_HOST,
      HTTP_HOST,
      WS_HOST,
    ])
  })

  it("a host's later connections through the tunnel resume its TLS session; a direct one to it does not", async () => {
    const proxy = await proxyTo('ok')
    const adapter = createNodeAdapter({
      lookup: dns.lookup,
      ca: servers.caPem,
      // Port 8443 of the same host goes to the same server, directly (noproxy host:port).
      connectTo: [
        ...servers.servers.ok.connectTo([HTTP_HOST]),
        ...servers.servers.ok.connectTo([HTTP_HOST], 8443),
      ],
      proxy: proxySettingsFrom({}, { proxy: proxy.url(), noproxy: `${HTTP_HOST}:8443` }),
    })
    const run = (url: string) =>
      new Promise<RawOutcome>((resolve) =>
        adapter.request({ id: `x:${url}`, category: 'request', url }, { timeoutMs: 3000 }, resolve),
      )
    const from = servers.requests.length
    for (const url of [urlOf('request'), urlOf('request'), `https://${HTTP_HOST}:8443/`])
      expect((await run(url)).reached).toBe(true)
    await holdsWithin(() => servers.requests.length - from >= 3, 2000)
    expect(servers.requests.slice(from).map((r) => [r.servername, r.resumed])).toEqual([
      [HTTP_HOST, false],
      [HTTP_HOST, true],
      [HTTP_HOST, false],
    ])
    expect(proxy.connects.length).toBe(2)
  })

  it('--resolve applies to the proxy’s own name; a resolve entry for the host is the proxy’s business', async () => {
    const proxy = await proxyTo('ok')
    const resolve = [
      { host: 'proxy.example', port: proxy.port, address: '127.0.0.1' },
      { host: HTTP_HOST, port: 443, address: '127.0.0.9' },
    ]
    const r = await call('request', urlOf('request'), `http://proxy.example:${proxy.port}`, { resolve })
    expect(r.outcome.reached).toBe(true)
    expect(dns.asked).toEqual([]) // neither proxy.example nor the host was looked up here
    expect(proxy.connects.map((c) => c.target)).toEqual([`${HTTP_HOST}:443`])
    const route = routeFor(HTTP_HOST, 443, {
      resolve,
      proxy: proxySettingsFrom({}, { proxy: 'proxy.example:' + proxy.port }),
    })
    expect(route).toMatchObject({ connectHost: HTTP_HOST, connectPort: 443, proxy: { address: '127.0.0.1' } })
    expect(route.address).toBeUndefined()
  })

  it('NO_PROXY hosts go direct (with connect-to), the others through the proxy', async () => {
    const proxy = await proxyTo('ok')
    const connectTo = servers.servers.ok.connectTo([HTTP_HOST, WS_HOST])
    const direct = await call('request', urlOf('request'), proxy.url(), { connectTo, noproxy: '.zego.im' })
    expect(direct.outcome.reached).toBe(true)
    expect(proxy.connects).toEqual([])
    const tunnelled = await call('connectSocket', urlOf('connectSocket'), proxy.url(), {
      noproxy: 'zego.im',
      connectTo: [],
    })
    expect(tunnelled.outcome.reached).toBe(true)
    expect(proxy.connects.map((c) => c.target)).toEqual([`${WS_HOST}:443`])
    await settled(tunnelled, 'connectSocket')
  })
})

describe('abort and many at once', () => {
  it.each(OPS)('%s: abort while CONNECT is unanswered closes everything and never calls done', async (op) => {
    const proxy = await proxyTo('ok', { rules: { '*': 'hang' } })
    let reported = 0
    const adapter = createNodeAdapter({
      lookup: dns.lookup,
      proxy: proxySettingsFrom({}, { proxy: proxy.url() }),
    })
    const task = adapter[op](
      { id: 'x', category: 'request', url: urlOf(op) },
      { timeoutMs: 5000 },
      () => reported++,
    )
    await holdsWithin(() => proxy.connects.length > 0, 2000)
    expect(proxy.openConnections()).toBe(1)
    task.abort()
    task.abort()
    await proxy.waitForNoConnections()
    await sleep(20)
    expect(reported).toBe(0)
  })

  it('thirty-six probes at once through proxies that allow, refuse and hang leave nothing open', async () => {
    const allow = await proxyTo('ok')
    const deny = await proxyTo('ok', { rules: { '*': 'deny' } })
    const hang = await proxyTo('ok', { rules: { '*': 'hang' } })
    const sockets: tls.TLSSocket[] = []
    // One adapter per proxy, as the CLI has one per run (building a secure context per call costs ~30 ms).
    const adapters = [allow, deny, hang].map((p) =>
      createNodeAdapter({
        lookup: dns.lookup,
        ca: servers.caPem,
        onSocket: (s) => sockets.push(s),
        proxy: proxySettingsFrom({}, { proxy: p.url() }),
      }),
    )
    const t0 = Date.now()
    const lag = lagMeter()
    const all = await Promise.all(
      adapters.flatMap((adapter) =>
        OPS.flatMap((op) =>
          [1, 2, 3].map(
            () =>
              new Promise<RawOutcome>((resolve) =>
                adapter[op]({ id: 'x', category: 'request', url: urlOf(op) }, { timeoutMs: 1500 }, resolve),
              ),
          ),
        ),
      ),
    )
    expect(Date.now() - t0).toBeLessThan(1500 + 300 + lag.stop())
    const codes = all.map((r) => (r.reached ? 'reached' : r.code))
    expect(codes.slice(0, 12)).toEqual(Array(12).fill('reached'))
    expect(codes.slice(12, 24)).toEqual(Array(12).fill('PROXY_DENIED'))
    expect(codes.slice(24)).toEqual(Array(12).fill('PROXY_TIMEOUT'))
    expect(sockets).toHaveLength(12)
    await holdsWithin(() => sockets.every((s) => s.closed), WS_CLOSE_GRACE_MS + 300)
  })
})
