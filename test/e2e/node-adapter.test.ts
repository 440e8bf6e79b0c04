import * as tls from 'node:tls'
import { RawOutcome } from '../../miniprogram/core/adapter'
import {
  createNodeAdapter,
  NodeAdapterOptions,
  parseConnectTo,
  parseResolve,
  trustedCertificates,
} from '../../node/adapter'
import { ServerKind, startTestServers, TestServers } from '../helpers/servers'

// Real sockets, loopback only: every host name below is mapped to 127.0.0.1 and never looked up.
const HOST = 'accesshub-wss.coolbcloud.com'
const HTTP_HOST = 'detaillog-global.zego.im'
let servers: TestServers

beforeAll(async () => {
  servers = await startTestServers([HOST, HTTP_HOST])
})
afterAll(async () => {
  await servers.close()
})

const noDns: NodeAdapterOptions['lookup'] = (hostname, _o, cb) =>
  (cb as (e: Error | null) => void)(
    Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
  )

function call(
  op: 'request' | 'uploadFile' | 'downloadFile' | 'connectSocket',
  kind: ServerKind,
  opts: { ca?: boolean; viaResolve?: boolean; timeoutMs?: number } = {},
) {
  const host = op === 'connectSocket' ? HOST : HTTP_HOST
  const mapping = opts.viaResolve
    ? servers.resolveFor({ [host]: kind })
    : { connectTo: servers.connectTo({ [host]: kind }), resolve: [] }
  const adapter = createNodeAdapter({
    ...mapping,
    ca: opts.ca === false ? undefined : servers.caPem,
    lookup: noDns,
  })
  const url = `${op === 'connectSocket' ? 'wss' : 'https'}://${host}`
  const t0 = Date.now()
  return new Promise<{ outcome: RawOutcome; ms: number }>((resolve) => {
    adapter[op](
      { id: `x:${url}`, category: 'request', url },
      { timeoutMs: opts.timeoutMs ?? 3000 },
      (outcome) => resolve({ outcome, ms: Date.now() - t0 }),
    )
  })
}

const OPS = ['request', 'uploadFile', 'downloadFile', 'connectSocket'] as const

describe.each(OPS)('%s over real loopback sockets', (op) => {
  it('reaches a healthy host, through connect-to and through resolve', async () => {
    for (const viaResolve of [false, true]) {
      const { outcome } = await call(op, 'ok', { viaResolve })
      expect(outcome.reached).toBe(true)
      if (op !== 'connectSocket') expect(outcome.statusCode).toBe(200)
      expect(outcome.timing?.tlsMs).toBeGreaterThanOrEqual(0)
    }
  })

  it('any HTTP status is reached; a refused upgrade is reached with upgradeRejected', async () => {
    const { outcome } = await call(op, 'upgrade404')
    expect(outcome).toMatchObject({ reached: true, statusCode: 404 })
    if (op === 'connectSocket') expect(outcome.upgradeRejected).toBe(true)
    const five = await call(op, 'status500')
    expect(five.outcome).toMatchObject({ reached: true, statusCode: 500 })
  })

  it.each([
    ['closedPort', 'ECONNREFUSED'],
    ['reset', 'ECONNRESET'],
    ['selfSigned', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['wrongHost', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['expired', 'CERT_HAS_EXPIRED'],
  ] as const)('%s → %s', async (kind, code) => {
    const { outcome } = await call(op, kind)
    expect(outcome.reached).toBe(false)
    expect(outcome.code).toBe(code)
    expect(outcome.errMsg).toBeTruthy()
  })

  it('a server that accepts and never answers ends by the timeout', async () => {
    const { outcome, ms } = await call(op, 'hang', { timeoutMs: 400 })
    expect(outcome).toMatchObject({ reached: false, code: 'ETIMEDOUT' })
    expect(ms).toBeGreaterThanOrEqual(380)
    expect(ms).toBeLessThan(600)
  })
})

describe('trust', () => {
  it('the test CA is not trusted by default, and --cacert adds it on top of the system roots', async () => {
    const without = await call('request', 'ok', { ca: false })
    expect(without.outcome).toMatchObject({ reached: false, code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' })
    const withCa = await call('request', 'ok')
    expect(withCa.outcome.reached).toBe(true)
    const trusted = trustedCertificates(servers.caPem)
    expect(trusted.length).toBe(tls.rootCertificates.length + 1)
    expect(trusted.slice(0, -1)).toEqual([...tls.rootCertificates])
  })
})

describe('abort and leaks', () => {
  it('abort mid-flight closes the client socket, reports nothing and leaves no server connection', async () => {
    const adapter = createNodeAdapter({
      connectTo: servers.connectTo({ [HOST]: 'hang' }),
      ca: servers.caPem,
      lookup: noDns,
    })
    const before = servers.accepted.hang
    let reported = false
    const task = adapter.connectSocket(
      { id: 'socket:x', category: 'socket', url: `wss://${HOST}` },
      { timeoutMs: 5000 },
      () => (reported = true),
    )
    for (let i = 0; i < 50 && servers.accepted.hang === before; i++)
      await new Promise((r) => setTimeout(r, 10))
    expect(servers.accepted.hang).toBe(before + 1)
    task.abort()
    task.abort()
    for (let i = 0; i < 50 && servers.openConnections() > 0; i++) await new Promise((r) => setTimeout(r, 10))
    expect(servers.openConnections()).toBe(0)
    expect(reported).toBe(false)
  })

  it('after many probes of every kind no connection stays open', async () => {
    const kinds: ServerKind[] = ['ok', 'upgrade404', 'status500', 'reset', 'expired']
    await Promise.all(kinds.flatMap((k) => OPS.map((op) => call(op, k))))
    for (let i = 0; i < 100 && servers.openConnections() > 0; i++) await new Promise((r) => setTimeout(r, 10))
    expect(servers.openConnections()).toBe(0)
  })
})

describe('curl-style specs', () => {
  it('parse host:port:addr and host:port:connecthost:connectport, IPv6 in brackets, empty parts', () => {
    expect(parseResolve('a.example:443:127.0.0.1')).toEqual({
      host: 'a.example',
      port: 443,
      address: '127.0.0.1',
    })
    expect(parseResolve('a.example:443:[::1]')).toMatchObject({
      host: 'a.example',
      port: 443,
      address: '::1',
    })
    expect(parseConnectTo('a.example:443:127.0.0.1:8443')).toMatchObject({
      host: 'a.example',
      port: 443,
      connectHost: '127.0.0.1',
      connectPort: 8443,
    })
    expect(parseConnectTo('::127.0.0.1:8443')).toMatchObject({ connectHost: '127.0.0.1', connectPort: 8443 })
  })

  it.each([
    'a.example:443',
    'a.example:notaport:127.0.0.1',
    'a.example:443:not-an-ip',
    ':443:127.0.0.1',
    'a:70000:127.0.0.1',
  ])('refuses the resolve spec %j with a message', (spec) => {
    expect(() => parseResolve(spec)).toThrow(/.{10,}/)
  })

  it.each(['a.example:443:127.0.0.1', 'a:b:c:d:e', 'a.example:443:127.0.0.1:99999'])(
    'refuses the connect-to spec %j',
    (spec) => {
      expect(() => parseConnectTo(spec)).toThrow(/.{10,}/)
    },
  )
})
