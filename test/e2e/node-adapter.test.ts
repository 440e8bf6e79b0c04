import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type * as tls from 'node:tls'
import { PlatformAdapter, RawOutcome } from '../../miniprogram/core/adapter'
import {
  createNodeAdapter,
  DEFAULT_DOWNLOAD_LIMIT_BYTES,
  NodeAdapterOptions,
  WS_CLOSE_GRACE_MS,
} from '../../node/adapter'
import { holdsWithin, lagMeter } from '../helpers/lag'
import { parseConnectTo, parseResolve, routeFor } from '../../node/routing'
import { loadCaFile } from '../../node/trust'
import {
  LoopbackLookup,
  loopbackLookup,
  ServerKind,
  SERVER_KINDS,
  startTestServers,
  TestServers,
} from '../helpers/servers'
import { expectNoSocketHandles, watchTimers } from '../helpers/handles'

// Real sockets, loopback only. Every real ZIM name is mapped to 127.0.0.1 by connect-to or resolve; the lookup
// below answers nothing but localhost and fails anything else without querying, and each test checks that no
// mapped name was ever looked up.
const WS_HOST = 'accesshub-wss.coolbcloud.com'
const HTTP_HOST = 'detaillog-global.zego.im'
const OPS = ['request', 'uploadFile', 'downloadFile', 'connectSocket'] as const
type Op = (typeof OPS)[number]
const HANG_TIMEOUT_MS = 300

let servers: TestServers
let dns: LoopbackLookup
const timers = watchTimers()

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const hostOf = (op: Op) => (op === 'connectSocket' ? WS_HOST : HTTP_HOST)
const schemeOf = (op: Op) => (op === 'connectSocket' ? 'wss' : 'https')

beforeAll(async () => {
  servers = await startTestServers()
})
afterAll(async () => {
  timers.stop()
  await servers.close()
})
beforeEach(() => {
  timers.start()
  dns = loopbackLookup()
})
afterEach(async () => {
  // No leak on either side: servers see every connection closed, and the process holds no socket or extra timer.
  await servers.waitForNoConnections()
  await expectNoSocketHandles()
  expect(timers.armed()).toEqual([])
  expect(dns.asked.filter((h) => h !== 'localhost' && !h.endsWith('.invalid'))).toEqual([])
})

interface Call {
  outcome: RawOutcome
  ms: number
  /** What the machine took from the process meanwhile (test/helpers/lag.ts): bounds on `ms` allow for it. */
  lag: number
  /** Every socket the adapter opened, each checked closed at the moment `done` ran. */
  closedAtDone: boolean[]
  sockets: tls.TLSSocket[]
}

/** Resolves once every socket is closed; fails the test after `ms` of the code's time (test/helpers/lag.ts). */
async function waitClosed(sockets: tls.TLSSocket[], ms: number): Promise<void> {
  if (!(await holdsWithin(() => sockets.every((s) => s.closed), ms)))
    throw new Error(`${sockets.filter((s) => !s.closed).length} socket(s) still open`)
}

function adapterFor(options: NodeAdapterOptions, sockets: tls.TLSSocket[] = []): PlatformAdapter {
  return createNodeAdapter({ lookup: dns.lookup, onSocket: (s) => sockets.push(s), ...options })
}

function call(op: Op, url: string, options: NodeAdapterOptions, timeoutMs = 3000): Promise<Call> {
  const sockets: tls.TLSSocket[] = []
  const adapter = adapterFor(options, sockets)
  const t0 = Date.now()
  const lag = lagMeter()
  return new Promise((resolve) => {
    adapter[op]({ id: `x:${url}`, category: 'request', url }, { timeoutMs }, (outcome) =>
      resolve({
        outcome,
        ms: Date.now() - t0,
        lag: lag.stop(),
        closedAtDone: sockets.map((s) => s.destroyed && s.closed),
        sockets,
      }),
    )
  })
}

/** The ZIM host for `op` sent to server `kind`, the curl --connect-to way (URL without port). */
function viaConnectTo(op: Op, kind: ServerKind, extra: NodeAdapterOptions = {}) {
  const host = hostOf(op)
  const url = `${schemeOf(op)}://${host}/`
  return call(op, url, { connectTo: servers.servers[kind].connectTo([host]), ca: servers.caPem, ...extra })
}

/** The same, the --resolve way: resolve cannot change the port, so the URL carries the server's port. */
function viaResolve(op: Op, kind: ServerKind) {
  const host = hostOf(op)
  const url = servers.servers[kind].url(host, '/', schemeOf(op))
  return call(op, url, { resolve: servers.servers[kind].resolve([host]), ca: servers.caPem })
}

function expected(op: Op, kind: ServerKind): Partial<RawOutcome> {
  const status = { ok: 200, upgrade404: 404, status500: 500 } as Partial<Record<ServerKind, number>>
  const code: Partial<Record<ServerKind, string>> = {
    closedPort: 'ECONNREFUSED',
    hang: 'ETIMEDOUT',
    reset: 'ECONNRESET',
    selfSigned: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    wrongHost: 'ERR_TLS_CERT_ALTNAME_INVALID',
    expired: 'CERT_HAS_EXPIRED',
  }
  if (code[kind]) return { reached: false, code: code[kind] }
  if (op !== 'connectSocket') return { reached: true, statusCode: status[kind] }
  // WebSocket: open carries no status; an HTTP answer to the upgrade is reached but rejected.
  return kind === 'ok'
    ? { reached: true }
    : { reached: true, upgradeRejected: true, statusCode: status[kind] }
}

describe.each(OPS)('%s: raw outcome per server kind', (op) => {
  it.each(SERVER_KINDS.flatMap((kind) => [[kind, 'connect-to'] as const, [kind, 'resolve'] as const]))(
    '%s via %s',
    async (kind, mode) => {
      const timeoutMs = kind === 'hang' ? HANG_TIMEOUT_MS : 3000
      const host = hostOf(op)
      const r =
        mode === 'resolve'
          ? await call(
              op,
              servers.servers[kind].url(host, '/', schemeOf(op)),
              {
                resolve: servers.servers[kind].resolve([host]),
                ca: servers.caPem,
              },
              timeoutMs,
            )
          : await call(
              op,
              `${schemeOf(op)}://${host}/`,
              {
                connectTo: servers.servers[kind].connectTo([host]),
                ca: servers.caPem,
              },
              timeoutMs,
            )
      const want = expected(op, kind)
      expect(r.outcome).toMatchObject(want)
      if (want.upgradeRejected === undefined) expect(r.outcome.upgradeRejected).toBeUndefined()
      if (!r.outcome.reached) expect(r.outcome.errMsg).toBeTruthy()
      if (kind === 'hang') {
        expect(r.outcome.errMsg).toBe('timeout')
        expect(r.ms).toBeGreaterThanOrEqual(HANG_TIMEOUT_MS - 10)
        expect(r.ms).toBeLessThan(HANG_TIMEOUT_MS + 250 + r.lag)
      }
      if (op === 'connectSocket' && kind === 'ok') {
        // Settled at open: the polite close runs after `done`, and is over well within the grace time.
        expect(r.closedAtDone).toEqual([false])
        await waitClosed(r.sockets, WS_CLOSE_GRACE_MS + 200)
      } else {
        // The socket is gone before `done` runs, whatever the outcome.
        expect(r.closedAtDone.every(Boolean)).toBe(true)
      }
    },
  )
})

describe('what the servers see', () => {
  it('Host header and SNI stay the URL host; HEAD, multipart POST of zim-netcheck.txt, GET; WS closes 1000', async () => {
    const from = servers.requests.length
    const closes = servers.wsCloseCodes.length
    for (const op of OPS) await viaConnectTo(op, 'ok')
    for (const op of OPS) await viaResolve(op, 'ok')
    await sleep(20)
    const seen = servers.requests.slice(from)
    const port = servers.port.ok
    expect(seen.map((r) => [r.method, r.host, r.servername, r.upgrade])).toEqual([
      ['HEAD', HTTP_HOST, HTTP_HOST, false],
      ['POST', HTTP_HOST, HTTP_HOST, false],
      ['GET', HTTP_HOST, HTTP_HOST, false],
      ['GET', WS_HOST, WS_HOST, true],
      ['HEAD', `${HTTP_HOST}:${port}`, HTTP_HOST, false],
      ['POST', `${HTTP_HOST}:${port}`, HTTP_HOST, false],
      ['GET', `${HTTP_HOST}:${port}`, HTTP_HOST, false],
      ['GET', `${WS_HOST}:${port}`, WS_HOST, true],
    ])
    expect(seen[1].upload).toEqual({ field: 'file', filename: 'zim-netcheck.txt' })
    expect(seen[1].bodyBytes).toBeGreaterThan(0)
    expect(servers.wsCloseCodes.slice(closes)).toEqual([1000, 1000])
  })

  it('a large download stops at the cap, still reached, and the connection is closed', async () => {
    const r = await call('downloadFile', `https://${HTTP_HOST}/big`, {
      connectTo: servers.servers.ok.connectTo([HTTP_HOST]),
      ca: servers.caPem,
    })
    expect(r.outcome).toMatchObject({ reached: true, statusCode: 200 })
    expect(r.closedAtDone).toEqual([true])
    expect(DEFAULT_DOWNLOAD_LIMIT_BYTES).toBe(64 * 1024)
  })

  it('timing: dns (when a name is looked up), connect, tls, ttfb', async () => {
    // connect-to a name (localhost, answered by the test lookup) so that a lookup really happens.
    const connectTo = [{ host: HTTP_HOST, port: 443, connectHost: 'localhost', connectPort: servers.port.ok }]
    const r = await call('request', `https://${HTTP_HOST}/`, { connectTo, ca: servers.caPem })
    expect(dns.asked).toEqual(['localhost'])
    const t = r.outcome.timing ?? {}
    for (const k of ['dnsMs', 'connectMs', 'tlsMs', 'ttfbMs'] as const) expect(t[k]).toBeGreaterThanOrEqual(0)
    const ws = await viaConnectTo('connectSocket', 'ok')
    expect(ws.outcome.timing?.dnsMs).toBeUndefined() // connected to an IP: no lookup, no dns figure
    expect(ws.outcome.timing?.ttfbMs).toBeGreaterThanOrEqual(0)
  })
})

describe("TLS sessions: a host's later connections resume, as WeChat, browsers and curl do", () => {
  /** Calls made one after another by one adapter (one CLI run); resolves with each outcome. */
  async function inOneRun(options: NodeAdapterOptions, calls: [Op, string][]): Promise<RawOutcome[]> {
    const adapter = adapterFor(options)
    const outcomes: RawOutcome[] = []
    for (const [op, url] of calls) {
      outcomes.push(
        await new Promise<RawOutcome>((resolve) =>
          adapter[op]({ id: `x:${url}`, category: 'request', url }, { timeoutMs: 3000 }, resolve),
        ),
      )
    }
    return outcomes
  }
  const OTHER_HOST = 'detaillog-global.coolbcloud.com'

  it.each([
    ['the test CA', () => servers.caPem, 'ok'],
    ["the server's own certificate (curl's partial chain)", () => servers.certPem.selfSigned, 'selfSigned'],
  ] as const)(
    "trusted by %s: the first handshake is full, the same host's next ones resume; another host does not",
    async (_, ca, kind) => {
      const from = servers.requests.length
      const connectTo = servers.servers[kind].connectTo([HTTP_HOST, OTHER_HOST, WS_HOST])
      const outcomes = await inOneRun({ connectTo, ca: ca() }, [
        ['request', `https://${HTTP_HOST}/`],
        ['downloadFile', `https://${HTTP_HOST}/`],
        ['request', `https://${OTHER_HOST}/`],
        ['connectSocket', `wss://${WS_HOST}/`],
        ['connectSocket', `wss://${WS_HOST}/`],
        ['uploadFile', `https://${HTTP_HOST}/`],
      ])
      expect(outcomes.map((o) => o.reached)).toEqual([true, true, true, true, true, true])
      await sleep(20)
      expect(servers.requests.slice(from).map((r) => [r.servername, r.resumed])).toEqual([
        [HTTP_HOST, false],
        [HTTP_HOST, true],
        [OTHER_HOST, false],
        [WS_HOST, false],
        [WS_HOST, true],
        [HTTP_HOST, true],
      ])
    },
  )

  it('a handshake refused keeps no session: each later connection is checked in full and refused again', async () => {
    for (const [kind, ca, code] of [
      ['expired', servers.caPem, 'CERT_HAS_EXPIRED'],
      ['wrongHost', servers.caPem, 'ERR_TLS_CERT_ALTNAME_INVALID'],
      ['selfSigned', servers.caPem, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
      ['expired', servers.certPem.expired, 'CERT_HAS_EXPIRED'],
    ] as const) {
      const connectTo = servers.servers[kind].connectTo([HTTP_HOST])
      const url = `https://${HTTP_HOST}/`
      const outcomes = await inOneRun({ connectTo, ca }, [
        ['request', url],
        ['request', url],
      ])
      expect(outcomes).toMatchObject([
        { reached: false, code },
        { reached: false, code },
      ])
    }
  })

  it('sessions are kept per run: a new adapter (another run) starts with a full handshake', async () => {
    const from = servers.requests.length
    const options = { connectTo: servers.servers.ok.connectTo([HTTP_HOST]), ca: servers.caPem }
    await inOneRun(options, [['request', `https://${HTTP_HOST}/`]])
    await inOneRun(options, [['request', `https://${HTTP_HOST}/`]])
    await sleep(20)
    expect(servers.requests.slice(from).map((r) => r.resumed)).toEqual([false, false])
  })
})

describe('mapping and lookup', () => {
  it('an empty host and port in --connect-to match any host; resolve applies after connect-to, as in curl', async () => {
    const any = parseConnectTo(`::127.0.0.1:${servers.port.ok}`)
    const r = await call('request', 'https://cloud-setting-api.zegocloud.com/', {
      connectTo: [any],
      ca: servers.caPem,
    })
    expect(r.outcome).toMatchObject({ reached: true, statusCode: 200 })
    const { connectTo, resolve } = servers.resolveFor({ [WS_HOST]: 'ok' })
    expect(routeFor(WS_HOST, 443, { connectTo, resolve })).toEqual({
      host: WS_HOST,
      port: 443,
      connectHost: WS_HOST,
      connectPort: servers.port.ok,
      address: '127.0.0.1',
    })
    const ws = await call('connectSocket', `wss://${WS_HOST}`, { connectTo, resolve, ca: servers.caPem })
    expect(ws.outcome.reached).toBe(true)
  })

  it('an unmapped name that does not resolve fails with ENOTFOUND; a bad scheme fails before any socket', async () => {
    for (const op of OPS) {
      const r = await call(op, `${schemeOf(op)}://nothing-here.invalid/`, {})
      expect(r.outcome).toMatchObject({ reached: false, code: 'ENOTFOUND' })
    }
    expect(dns.asked).toEqual(Array(4).fill('nothing-here.invalid'))
    const bad = await call('request', `wss://${HTTP_HOST}/`, {})
    expect(bad.outcome).toMatchObject({ reached: false, code: 'ERR_INVALID_URL_SCHEME' })
    expect(bad.closedAtDone).toEqual([])
  })
})

describe('trust: --cacert adds to the default roots', () => {
  it('without ca the test CA fails with a TLS code; with ca it passes, for HTTP and WebSocket', async () => {
    for (const op of ['request', 'connectSocket'] as const) {
      const without = await viaConnectTo(op, 'ok', { ca: undefined })
      expect(without.outcome).toMatchObject({ reached: false, code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' })
      expect((await viaConnectTo(op, 'ok')).outcome.reached).toBe(true)
    }
  })

  it('loadCaFile reads a PEM and refuses a file without a certificate, a broken one or a missing one', () => {
    expect(loadCaFile(servers.caFile)).toBe(servers.caPem.trim() + '\n')
    const dir = mkdtempSync(join(tmpdir(), 'zim-ca-test-'))
    try {
      const empty = join(dir, 'empty.pem')
      writeFileSync(empty, 'not a certificate\n')
      expect(() => loadCaFile(empty)).toThrow(/holds no PEM certificate/)
      const broken = join(dir, 'broken.pem')
      writeFileSync(broken, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')
      expect(() => loadCaFile(broken)).toThrow(/certificate 1 cannot be parsed/)
      expect(() => loadCaFile(join(dir, 'missing.pem'))).toThrow(/^file not found$/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe("trust: --cacert with the server's own certificate (curl's partial chain)", () => {
  const given = (kind: 'ok' | 'selfSigned' | 'wrongHost' | 'expired') => servers.certPem[kind]

  it.each(OPS)('%s: the leaf given (CA-signed or self-signed) passes, alone or beside a CA', async (op) => {
    for (const [kind, ca] of [
      ['ok', given('ok')],
      ['selfSigned', given('selfSigned')],
      ['ok', servers.caPem + given('selfSigned')],
      ['selfSigned', given('ok') + given('selfSigned')],
    ] as const) {
      const r = await viaConnectTo(op, kind, { ca })
      expect(r.outcome).toMatchObject(expected(op, 'ok'))
      expect(r.outcome.timing?.tlsMs).toBeGreaterThanOrEqual(0)
      await waitClosed(r.sockets, 1000)
    }
    // The --resolve way too (URL with the server's port).
    const host = hostOf(op)
    const url = servers.servers.ok.url(host, '/', schemeOf(op))
    const r = await call(op, url, { resolve: servers.servers.ok.resolve([host]), ca: given('ok') })
    expect(r.outcome).toMatchObject(expected(op, 'ok'))
  })

  it.each(OPS)(
    '%s: given leaf with another host name, expired, or another certificate: a TLS failure, no request sent',
    async (op) => {
      const before = servers.requests.length
      const fails = async (kind: ServerKind, ca: string, code: string) => {
        const r = await viaConnectTo(op, kind, { ca })
        expect(r.outcome).toMatchObject({ reached: false, code })
        expect(r.outcome.timing?.tlsMs).toBeUndefined()
        expect(r.closedAtDone.every(Boolean)).toBe(true)
        return r.outcome
      }
      // The server's own certificate, but the URL's host is not in it / it has expired: checked as curl does.
      const wrongHost = await fails('wrongHost', given('wrongHost'), 'ERR_TLS_CERT_ALTNAME_INVALID')
      expect(wrongHost.errMsg).toMatch(/not-this-host\.invalid/)
      await fails('expired', given('expired'), 'CERT_HAS_EXPIRED')
      // The host name is the URL's even when connect-to sends the bytes elsewhere: a name the leaf lacks fails.
      const other = await call(op, `${schemeOf(op)}://elsewhere.example.net/`, {
        connectTo: servers.servers.ok.connectTo(['elsewhere.example.net']),
        ca: given('ok'),
      })
      expect(other.outcome).toMatchObject({ reached: false, code: 'ERR_TLS_CERT_ALTNAME_INVALID' })
      // Another certificate given: exactly the error (code and message) of the same run without it.
      for (const [kind, ca, without] of [
        ['ok', given('selfSigned'), undefined],
        ['selfSigned', given('ok'), undefined],
        ['wrongHost', given('ok'), undefined],
        ['expired', servers.caPem + given('ok'), servers.caPem],
        ['wrongHost', servers.caPem + given('ok'), servers.caPem],
      ] as const) {
        const plain = (await viaConnectTo(op, kind, { ca: without })).outcome
        const withGiven = await fails(kind, ca, String(plain.code))
        expect(withGiven.errMsg).toBe(plain.errMsg)
      }
      // None of these servers received a request or an upgrade: the refusal comes before any byte is sent.
      expect(servers.requests.slice(before)).toEqual([])
    },
  )

  it('a host that never answers still settles by its deadline with a given leaf', async () => {
    for (const op of OPS) {
      const r = await call(
        op,
        `${schemeOf(op)}://${hostOf(op)}/`,
        { connectTo: servers.servers.hang.connectTo([hostOf(op)]), ca: given('ok') },
        HANG_TIMEOUT_MS,
      )
      expect(r.outcome).toMatchObject({ reached: false, code: 'ETIMEDOUT' })
      expect(r.ms).toBeLessThan(HANG_TIMEOUT_MS + 250 + r.lag)
    }
  })
})

describe('abort', () => {
  it.each(OPS)(
    '%s: abort mid-flight closes the socket, never calls done, leaves no server connection',
    async (op) => {
      const before = servers.accepted.hang
      const sockets: tls.TLSSocket[] = []
      const adapter = adapterFor(
        { connectTo: servers.servers.hang.connectTo([hostOf(op)]), ca: servers.caPem },
        sockets,
      )
      let reported = 0
      const task = adapter[op](
        { id: 'x', category: 'request', url: `${schemeOf(op)}://${hostOf(op)}/` },
        { timeoutMs: 5000 },
        () => reported++,
      )
      for (let i = 0; i < 100 && servers.accepted.hang === before; i++) await sleep(5)
      expect(servers.accepted.hang).toBe(before + 1)
      expect(servers.servers.hang.openConnections()).toBe(1)
      task.abort()
      task.abort()
      await servers.waitForNoConnections()
      expect(sockets).toHaveLength(1)
      expect(sockets[0].destroyed).toBe(true)
      await sleep(20)
      expect(sockets[0].closed).toBe(true)
      expect(reported).toBe(0)
    },
  )

  it('abort right after the call (before the connection exists) and abort after done are harmless', async () => {
    const adapter = adapterFor({
      connectTo: servers.servers.ok.connectTo([HTTP_HOST, WS_HOST]),
      ca: servers.caPem,
    })
    let reported = 0
    for (const op of OPS) {
      adapter[op](
        { id: 'x', category: 'request', url: `${schemeOf(op)}://${hostOf(op)}/` },
        { timeoutMs: 3000 },
        () => reported++,
      ).abort()
    }
    await sleep(50)
    expect(reported).toBe(0)
    const task = await new Promise<{ abort(): void }>((resolve) => {
      const t = adapter.request(
        { id: 'x', category: 'request', url: `https://${HTTP_HOST}/` },
        { timeoutMs: 3000 },
        () => resolve(t),
      )
    })
    task.abort()
    task.abort()
  })

  it('many probes of every kind at once leave nothing open', async () => {
    const kinds = SERVER_KINDS.filter((k) => k !== 'hang')
    const ops = kinds.flatMap((k) => OPS.map((op) => ({ k, op })))
    const all = await Promise.all(ops.map(({ k, op }) => viaConnectTo(op, k)))
    // Every socket is closed when `done` runs, but an open WebSocket's, which closes right after (decided by
    // what each probe found, not by which kind of server it met: on a loaded machine a probe may time out).
    const wsOpen = (r: Call, i: number) =>
      ops[i].op === 'connectSocket' && r.outcome.reached && !r.outcome.upgradeRejected
    all.forEach((r, i) =>
      expect({ ...ops[i], closed: r.closedAtDone }).toEqual({
        ...ops[i],
        closed: r.closedAtDone.map(() => !wsOpen(r, i)),
      }),
    )
    // Only the server that completes a WebSocket upgrade (ok) opened one: it did, unless the machine stalled the
    // probe past its deadline.
    expect(ops.filter((_, i) => wsOpen(all[i], i)).map((o) => o.k)).toEqual(
      all.some((r, i) => ops[i].k === 'ok' && ops[i].op === 'connectSocket' && r.outcome.errMsg === 'timeout')
        ? []
        : ['ok'],
    )
    await waitClosed(
      all.flatMap((r) => r.sockets),
      WS_CLOSE_GRACE_MS + 200,
    )
  })
})

describe('curl-style specs', () => {
  it('parses host:port:addr and host:port:connecthost:connectport (IPv6 in brackets, empty parts, + and *)', () => {
    expect(parseResolve('a.example:443:127.0.0.1')).toEqual({
      host: 'a.example',
      port: 443,
      address: '127.0.0.1',
    })
    expect(parseResolve('A.Example:443:[::1]')).toEqual({ host: 'a.example', port: 443, address: '::1' })
    expect(parseResolve('+a.example:8443:10.0.0.1')).toEqual({
      host: 'a.example',
      port: 8443,
      address: '10.0.0.1',
    })
    expect(parseResolve('*:443:127.0.0.1')).toEqual({ host: '*', port: 443, address: '127.0.0.1' })
    expect(parseResolve('[::1]:443:127.0.0.1')).toEqual({ host: '::1', port: 443, address: '127.0.0.1' })
    expect(parseConnectTo('a.example:443:127.0.0.1:8443')).toEqual({
      host: 'a.example',
      port: 443,
      connectHost: '127.0.0.1',
      connectPort: 8443,
    })
    expect(parseConnectTo('::127.0.0.1:8443')).toEqual({ connectHost: '127.0.0.1', connectPort: 8443 })
    expect(parseConnectTo('a.example:::8443')).toEqual({ host: 'a.example', connectPort: 8443 })
    expect(parseConnectTo('a.example:443:[::1]:')).toEqual({
      host: 'a.example',
      port: 443,
      connectHost: '::1',
    })
  })

  it.each([
    ['a.example:443', /expected host:port:address/],
    ['a.example:notaport:127.0.0.1', /port "notaport"/],
    ['a.example:443:not-an-ip', /not an IP address/],
    [':443:127.0.0.1', /host is empty/],
    ['a:70000:127.0.0.1', /port "70000"/],
    ['a:443:127.0.0.1,127.0.0.2', /give one address/],
    ['-a:443', /not supported/],
    ['[zz]:443:127.0.0.1', /not an IPv6 address/],
  ])('refuses --resolve %j', (spec, message) => {
    expect(() => parseResolve(spec)).toThrow(message)
    expect(() => parseResolve(spec)).toThrow(/^--resolve "/)
  })

  it.each([
    ['a.example:443:127.0.0.1', /expected host:port:connecthost:connectport/],
    ['a:b:c:d:e', /expected/],
    ['a.example:443:127.0.0.1:99999', /connectport "99999"/],
    ['a.example:x:127.0.0.1:443', /port "x"/],
    ['a b:443:127.0.0.1:443', /not a host name/],
    ['a:443:::1:443', /expected/],
  ])('refuses --connect-to %j', (spec, message) => {
    expect(() => parseConnectTo(spec)).toThrow(message)
    expect(() => parseConnectTo(spec)).toThrow(/^--connect-to "/)
  })
})
