import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { LookupAddress, LookupOptions } from 'node:dns'
import { IncomingMessage, ServerResponse } from 'node:http'
import { createSecureServer, Http2SecureServer } from 'node:http2'
import * as https from 'node:https'
import { AddressInfo, isIP, LookupFunction, Server, Socket, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Duplex } from 'node:stream'
import { createServer as createTlsServer, TLSSocket } from 'node:tls'
import forge from 'node-forge'
import { WebSocketServer } from 'ws'
import type { ConnectToEntry, ResolveEntry } from '../../node/routing'

/**
 * Real servers on 127.0.0.1 (ephemeral ports) with a test CA made at run time, one behaviour each.
 * Map the real ZIM host names to them with the adapter's `connectTo` / `resolve`; nothing leaves loopback.
 */
export const SERVER_KINDS = [
  'ok',
  'upgrade404',
  'status500',
  'closedPort',
  'hang',
  'reset',
  'selfSigned',
  'wrongHost',
  'expired',
] as const
export type ServerKind = (typeof SERVER_KINDS)[number]

/** Host names the good leaf certificate covers by default: the catalog's domains and the ones tests use. */
export const DEFAULT_TEST_HOSTS: readonly string[] = [
  'accesshub-wss.coolbcloud.com',
  'detaillog-global.zego.im',
  '*.zego.im',
  '*.zegocloud.com',
  '*.coolbcloud.com',
  '*.oss-cn-shanghai.aliyuncs.com',
  'localhost',
]
/** The name in the wrong-host certificate: a reserved TLD, never looked up. */
export const WRONG_CERT_HOST = 'not-this-host.invalid'
export const LOOPBACK = '127.0.0.1'
/** `GET /big` on ok-like servers streams this many bytes (more than the adapter's download cap). */
export const BIG_BODY_BYTES = 1024 * 1024
export const SMALL_BODY = 'zim-netcheck test body\n'

export interface KeyAndCert {
  keyPem: string
  certPem: string
}

export interface TestCa extends KeyAndCert {
  /** A leaf for `hosts` (DNS names, `*.` wildcards or IPs) signed by this CA; `expired` makes it already expired. */
  issue(hosts: readonly string[], options?: { expired?: boolean }): KeyAndCert
}

export interface RecordedRequest {
  kind: ServerKind
  method: string
  url: string
  /** The Host header as received. */
  host?: string
  /** TLS SNI as received (false when the client sent none). */
  servername: string | false
  upgrade: boolean
  /** The TLS handshake resumed an earlier session (the client offered one the server accepted). */
  resumed: boolean
  bodyBytes: number
  /** multipart/form-data part headers, for uploads. */
  upload?: { field?: string; filename?: string }
}

export interface TestServer {
  readonly kind: ServerKind
  readonly address: string
  readonly port: number
  /** `https://host:port/path` (or wss): what a `resolve` mapping needs, since it cannot change the port. */
  url(host: string, path?: string, scheme?: 'https' | 'wss'): string
  /** `--connect-to host:fromPort:127.0.0.1:port` for each host (fromPort defaults to 443, the URL default). */
  connectTo(hosts: readonly string[], fromPort?: number): ConnectToEntry[]
  /** `--resolve host:port:127.0.0.1` for each host (use with `url()`). */
  resolve(hosts: readonly string[]): ResolveEntry[]
  /** Server-side connections not yet closed. */
  openConnections(): number
  /** Connections accepted since start. */
  totalConnections(): number
}

export interface TestServerOptions {
  /** Per-connection delay before the server answers at all (TLS handshake, HTTP, reset). For benchmarks. */
  delayMs?: number
}

export interface TestServers {
  readonly caPem: string
  /** The CA certificate written to a temporary file (for `--cacert`); removed by close(). */
  readonly caFile: string
  /** Names the good leaf certificates carry. */
  readonly hosts: readonly string[]
  /** The certificate (PEM) each TLS server presents as its own: ok's leaf, selfSigned's, wrongHost's, expired's. */
  readonly certPem: Readonly<Record<TlsKind, string>>
  readonly port: Record<ServerKind, number>
  /** Connections accepted so far, per kind. */
  readonly accepted: Record<ServerKind, number>
  readonly servers: Record<ServerKind, TestServer>
  /** Every HTTP request and upgrade the TLS servers received, in order. */
  readonly requests: RecordedRequest[]
  /** Close codes the ok-like servers received from WebSocket clients. */
  readonly wsCloseCodes: number[]
  /** Server-side connections still open, over all servers. */
  openConnections(): number
  /** `--connect-to host:443:127.0.0.1:<port of kind>` for each host. */
  connectTo(hostToKind: Record<string, ServerKind>): ConnectToEntry[]
  /** The curl way round: connect-to changes only the port (443 → kind's port), resolve maps the name. */
  resolveFor(hostToKind: Record<string, ServerKind>): { connectTo: ConnectToEntry[]; resolve: ResolveEntry[] }
  /** Resolves when no server holds a connection; rejects after `timeoutMs`. */
  waitForNoConnections(timeoutMs?: number): Promise<void>
  /** Closes every server, destroys lingering connections, removes the CA file. */
  close(): Promise<void>
}

// --- certificates -----------------------------------------------------------------------------------------

interface ForgeKeys {
  keyPem: string
  privateKey: forge.pki.rsa.PrivateKey
  publicKey: forge.pki.rsa.PublicKey
}

/** RSA keys from Node's native generator: forge's pure-JS one takes seconds. */
function newKeys(): ForgeKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const pubPem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
  return {
    keyPem,
    privateKey: forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey,
    publicKey: forge.pki.publicKeyFromPem(pubPem) as forge.pki.rsa.PublicKey,
  }
}

const DAY = 86_400_000

function certificate(
  subjectCn: string,
  subjectKey: forge.pki.rsa.PublicKey,
  issuer: { cn: string; key: forge.pki.rsa.PrivateKey },
  extensions: object[],
  validity: { from: number; to: number },
): string {
  const cert = forge.pki.createCertificate()
  cert.publicKey = subjectKey
  cert.serialNumber = '01' + randomBytes(8).toString('hex')
  cert.validity.notBefore = new Date(validity.from)
  cert.validity.notAfter = new Date(validity.to)
  cert.setSubject([{ name: 'commonName', value: subjectCn }])
  cert.setIssuer([{ name: 'commonName', value: issuer.cn }])
  cert.setExtensions(extensions)
  cert.sign(issuer.key, forge.md.sha256.create())
  return forge.pki.certificateToPem(cert)
}

function leafExtensions(hosts: readonly string[]): object[] {
  return [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: hosts.map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h })),
    },
  ]
}

/** A root CA (10 days valid) whose leaves share one key: keys are the slow part. Two CAs need two names. */
export function createTestCa(cn = 'zim-netcheck test root CA'): TestCa {
  const caKeys = newKeys()
  const leafKeys = newKeys()
  const now = Date.now()
  const certPem = certificate(
    cn,
    caKeys.publicKey,
    { cn, key: caKeys.privateKey },
    [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ],
    { from: now - DAY, to: now + 10 * DAY },
  )
  return {
    keyPem: caKeys.keyPem,
    certPem,
    issue(hosts, options = {}) {
      const validity = options.expired
        ? { from: now - 3 * DAY, to: now - DAY }
        : { from: now - DAY, to: now + 9 * DAY }
      const leaf = certificate(
        hosts[0],
        leafKeys.publicKey,
        { cn, key: caKeys.privateKey },
        leafExtensions(hosts),
        validity,
      )
      return { keyPem: leafKeys.keyPem, certPem: leaf }
    },
  }
}

/** A leaf for `hosts` signed by its own key: trusted by nobody. */
export function createSelfSigned(hosts: readonly string[]): KeyAndCert {
  const keys = newKeys()
  const now = Date.now()
  const certPem = certificate(
    hosts[0],
    keys.publicKey,
    { cn: hosts[0], key: keys.privateKey },
    leafExtensions(hosts),
    {
      from: now - DAY,
      to: now + 9 * DAY,
    },
  )
  return { keyPem: keys.keyPem, certPem }
}

// --- lookup -----------------------------------------------------------------------------------------------

export interface LoopbackLookup {
  lookup: LookupFunction
  /** Every name asked for, mapped or not. */
  readonly asked: string[]
}

/**
 * A `lookup` that answers only from `table` (default: localhost → 127.0.0.1) and fails everything else with
 * ENOTFOUND without querying anything: no test name can reach real DNS.
 */
export function loopbackLookup(table: Record<string, string> = { localhost: LOOPBACK }): LoopbackLookup {
  const asked: string[] = []
  const lookup: LookupFunction = (hostname: string, options: LookupOptions, callback) => {
    asked.push(hostname)
    const address = table[hostname.toLowerCase()]
    process.nextTick(() => {
      if (address === undefined) {
        const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`)
        err.code = 'ENOTFOUND'
        err.syscall = 'getaddrinfo'
        callback(err, '', 0)
        return
      }
      const family = isIP(address)
      if (options.all) callback(null, [{ address, family } satisfies LookupAddress])
      else callback(null, address, family)
    })
  }
  return { lookup, asked }
}

// --- servers ----------------------------------------------------------------------------------------------

export const TLS_KINDS = ['ok', 'upgrade404', 'status500', 'selfSigned', 'wrongHost', 'expired'] as const
export type TlsKind = (typeof TLS_KINDS)[number]

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, LOOPBACK, () => resolve((server.address() as AddressInfo).port))
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()))
}

/** A port that was bound and released: connecting to it is refused. */
/**
 * A loopback port that refuses connections for the whole run. A port below 1024: never handed out by listen(0)
 * nor as a client's source port, and no test listens on one, so neither this run's other test files (jest runs
 * two at once) nor another process can take it between now and the probe, as they could take an ephemeral port
 * freed just now. Checked refused first; only if every candidate answers, such a freed port.
 */
async function refusedPort(): Promise<number> {
  for (const port of [1, 9, 1023]) if (await refuses(port)) return port
  const server = createServer()
  const port = await listen(server)
  await closeServer(server)
  return port
}

/** Whether a connection to 127.0.0.1:port is refused (nothing listens there). */
function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'))
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.connect(port, '127.0.0.1')
  })
}

function multipartHeaders(body: Buffer): { field?: string; filename?: string } {
  const text = body.toString('latin1')
  return {
    field: /name="([^"]*)"/.exec(text)?.[1],
    filename: /filename="([^"]*)"/.exec(text)?.[1],
  }
}

function rawHttpAnswer(socket: Duplex, status: number, reason: string): void {
  const body = `${status} ${reason}\n`
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  )
}

/** Starts one server of every kind. `hosts` are the names the valid certificates carry (wildcards allowed). */
export async function startTestServers(
  hosts: readonly string[] = DEFAULT_TEST_HOSTS,
  options: TestServerOptions = {},
): Promise<TestServers> {
  const delayMs = options.delayMs ?? 0
  const ca = createTestCa()
  const good = ca.issue(hosts)
  const credentials: Record<TlsKind, KeyAndCert> = {
    ok: good,
    upgrade404: good,
    status500: good,
    selfSigned: createSelfSigned(hosts),
    wrongHost: ca.issue([WRONG_CERT_HOST]),
    expired: ca.issue(hosts, { expired: true }),
  }
  const requests: RecordedRequest[] = []
  const wsCloseCodes: number[] = []
  const wss = new WebSocketServer({ noServer: true })
  const fronts: Server[] = []
  const httpsServers: https.Server[] = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()

  const record = (
    kind: ServerKind,
    req: IncomingMessage,
    bodyBytes: number,
    upload?: RecordedRequest['upload'],
  ) => {
    const tlsSocket = req.socket as TLSSocket
    requests.push({
      kind,
      method: req.method ?? '',
      url: req.url ?? '',
      host: req.headers.host,
      servername: tlsSocket.servername ?? false,
      upgrade: req.headers.upgrade !== undefined,
      resumed: tlsSocket.isSessionReused(),
      bodyBytes,
      ...(upload ? { upload } : {}),
    })
  }

  const answer = (kind: TlsKind, req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const isUpload = (req.headers['content-type'] ?? '').startsWith('multipart/form-data')
      record(kind, req, body.length, isUpload ? multipartHeaders(body) : undefined)
      if (kind === 'upgrade404' || kind === 'status500') {
        const status = kind === 'upgrade404' ? 404 : 500
        res.writeHead(status, { 'Content-Type': 'text/plain' }).end(`${status}\n`)
      } else if (req.method === 'GET' && req.url === '/big') {
        streamBig(res)
      } else if (isUpload) {
        res
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ received: body.length }))
      } else {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end(SMALL_BODY)
      }
    })
  }

  const upgrade = (kind: TlsKind, req: IncomingMessage, socket: Duplex, head: Buffer) => {
    record(kind, req, 0)
    socket.on('error', () => undefined)
    if (kind === 'upgrade404') return rawHttpAnswer(socket, 404, 'Not Found')
    if (kind === 'status500') return rawHttpAnswer(socket, 500, 'Internal Server Error')
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => undefined)
      ws.on('close', (code) => wsCloseCodes.push(code))
    })
  }

  const build = async (kind: ServerKind): Promise<TestServer> => {
    let total = 0
    const open = new Set<Socket>()
    let port: number
    if (kind === 'closedPort') {
      port = await refusedPort()
    } else {
      let dispatch: (socket: Socket) => void
      // hang reads and drops what arrives (so a client's close is seen), never answers.
      if (kind === 'hang') dispatch = (socket) => socket.resume()
      else if (kind === 'reset') dispatch = (socket) => socket.resetAndDestroy()
      else {
        const tlsKind: TlsKind = kind
        const { keyPem: key, certPem: cert } = credentials[tlsKind]
        const server = https.createServer({ key, cert }, (req, res) => answer(tlsKind, req, res))
        server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
          upgrade(tlsKind, req, socket, head),
        )
        server.on('tlsClientError', () => undefined)
        httpsServers.push(server)
        dispatch = (socket) => server.emit('connection', socket)
      }
      // A plain TCP front accepts, counts, optionally waits, then hands the socket to the behaviour.
      const front = createServer({ pauseOnConnect: true }, (socket) => {
        total++
        open.add(socket)
        sockets.add(socket)
        socket.on('error', () => undefined)
        socket.once('close', () => {
          open.delete(socket)
          sockets.delete(socket)
        })
        if (delayMs <= 0) return dispatch(socket)
        const timer = setTimeout(() => {
          timers.delete(timer)
          if (!socket.destroyed) dispatch(socket)
        }, delayMs)
        timers.add(timer)
      })
      fronts.push(front)
      port = await listen(front)
    }
    return {
      kind,
      address: LOOPBACK,
      port,
      url: (host, path = '/', scheme = 'https') => `${scheme}://${host}:${port}${path}`,
      connectTo: (names, fromPort = 443) =>
        names.map((host) => ({ host, port: fromPort, connectHost: LOOPBACK, connectPort: port })),
      resolve: (names) => names.map((host) => ({ host, port, address: LOOPBACK })),
      openConnections: () => open.size,
      totalConnections: () => total,
    }
  }

  const built = await Promise.all(SERVER_KINDS.map(build))
  const servers = Object.fromEntries(built.map((s) => [s.kind, s])) as Record<ServerKind, TestServer>
  const port = Object.fromEntries(built.map((s) => [s.kind, s.port])) as Record<ServerKind, number>
  const accepted = {} as Record<ServerKind, number>
  for (const s of built)
    Object.defineProperty(accepted, s.kind, { get: s.totalConnections, enumerable: true })
  const openConnections = () => built.reduce((n, s) => n + s.openConnections(), 0)
  const caDir = mkdtempSync(join(tmpdir(), 'zim-netcheck-ca-'))
  const caFile = join(caDir, 'ca.pem')
  writeFileSync(caFile, ca.certPem)

  return {
    caPem: ca.certPem,
    caFile,
    hosts,
    certPem: Object.fromEntries(TLS_KINDS.map((k) => [k, credentials[k].certPem])) as Record<TlsKind, string>,
    port,
    accepted,
    servers,
    requests,
    wsCloseCodes,
    openConnections,
    connectTo: (map) => Object.entries(map).flatMap(([host, kind]) => servers[kind].connectTo([host])),
    resolveFor: (map) => ({
      connectTo: Object.entries(map).map(([host, kind]) => ({ host, port: 443, connectPort: port[kind] })),
      resolve: Object.entries(map).flatMap(([host, kind]) => servers[kind].resolve([host])),
    }),
    async waitForNoConnections(timeoutMs = 2000) {
      const until = Date.now() + timeoutMs
      while (openConnections() > 0) {
        if (Date.now() > until) throw new Error(`${openConnections()} server connection(s) still open`)
        await new Promise((r) => setTimeout(r, 5))
      }
    },
    async close() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      for (const client of wss.clients) client.terminate()
      for (const server of httpsServers) server.closeAllConnections()
      for (const socket of sockets) socket.destroy()
      await Promise.all(fronts.map(closeServer))
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      rmSync(caDir, { recursive: true, force: true })
    },
  }
}

function streamBig(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(BIG_BODY_BYTES) })
  const chunk = Buffer.alloc(16 * 1024, 0x61)
  let sent = 0
  const pump = () => {
    while (sent < BIG_BODY_BYTES && !res.destroyed) {
      sent += chunk.length
      if (!res.write(chunk)) return void res.once('drain', pump)
    }
    if (!res.destroyed) res.end()
  }
  res.on('error', () => undefined)
  pump()
}

// --- misbehaving servers ----------------------------------------------------------------------------------

/**
 * Servers that answer, but then (or instead) misbehave. Each speaks raw HTTP/1.1 over TLS with the test CA
 * (h2Only excepted), and behaves for a WebSocket upgrade as its name says for the WebSocket case.
 */
export const MISBEHAVIOURS = [
  /** A valid answer (200 with a 5-byte body even to HEAD; a good 101), then bytes that belong to nothing. */
  'extraBytes',
  /** Headers promising 100 KB, 1.2 KB of body (HEAD: none), then a TCP reset. WebSocket: 101, then reset. */
  'bodyReset',
  /** Headers promising 100 KB, 100 B, then silence for ever. WebSocket: 101, then silence. */
  'bodyStall',
  /** Headers promising 1 MB, then one byte every 50 ms. WebSocket: 101, then one frame byte every 50 ms. */
  'bodyTrickle',
  /** A chunked body that never ends (HEAD gets it too). WebSocket: 101, then binary frames for ever. */
  'bodyEndless',
  /** Normal HTTP answers. WebSocket: a good 101, then the close frame is never answered nor the TCP closed. */
  'closeUnanswered',
  /** After TLS, an SSH banner instead of HTTP. */
  'notHttp',
  /** `HTTP/1.1 abc Oops`: a status line that is not one. */
  'badStatusLine',
  /** 200 KB of response headers: more than Node's 16 KB default, less than Chromium's 256 KB. */
  'bigHeaders',
  /** 300 KB of response headers: over Chromium's limit. */
  'hugeHeaders',
  /** WebSocket: 101 with a wrong Sec-WebSocket-Accept. HTTP: a normal 200. */
  'badAccept',
  /** WebSocket: 101 without `Upgrade: websocket`. HTTP: a 101 upgrade answer to a plain request. */
  'oddUpgrade',
  /** ALPN offers only h2 (an HTTP/2-only server): the status comes over h2. */
  'h2Only',
  /** `103 Early Hints`, then silence. */
  'interimOnly',
  /** Bare LF line endings, which Chromium accepts. */
  'lfOnly',
  /** TLS completes, then the server closes without a byte: no answer. */
  'closeAfterTls',
  /** TLS completes, then nothing: no answer. */
  'silentAfterTls',
] as const
export type Misbehaviour = (typeof MISBEHAVIOURS)[number]

export interface MisbehavingServers {
  readonly caPem: string
  readonly caFile: string
  readonly port: Record<Misbehaviour, number>
  /** `--connect-to host:443:127.0.0.1:<port of kind>` for each host. */
  connectTo(hostToKind: Record<string, Misbehaviour>): ConnectToEntry[]
  /** Server-side connections still open, over all servers. */
  openConnections(): number
  waitForNoConnections(timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'

function wsAccept(key: string): string {
  return createHash('sha1')
    .update(key + WS_GUID)
    .digest('base64')
}

function filler(bytes: number): string {
  const line = `X-Filler: ${'f'.repeat(1000)}\r\n`
  return line.repeat(Math.ceil(bytes / line.length))
}

interface Head {
  method: string
  upgrade: boolean
  key: string
}

/** Starts one server per misbehaviour on 127.0.0.1, sharing `ca` (a new one by default). */
export async function startMisbehavingServers(
  hosts: readonly string[] = DEFAULT_TEST_HOSTS,
  options: TestServerOptions & { ca?: TestCa } = {},
): Promise<MisbehavingServers> {
  const ca = options.ca ?? createTestCa('zim-netcheck misbehaving test root CA')
  const { keyPem: key, certPem: cert } = ca.issue(hosts)
  const delayMs = options.delayMs ?? 0
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const fronts: Server[] = []
  const h2Servers: Http2SecureServer[] = []
  const open: Record<string, Set<Socket>> = {}

  const every = (ms: number, fn: () => boolean) => {
    const t = setInterval(() => {
      if (!fn()) {
        clearInterval(t)
        timers.delete(t)
      }
    }, ms)
    timers.add(t)
  }
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t)
      fn()
    }, ms)
    timers.add(t)
  }

  // The TCP socket under a TLS one, by the client's port (all on loopback).
  const byPort = new Map<number, Socket>()
  const rawOf = (s: TLSSocket) => byPort.get(s.remotePort ?? -1)

  const ok101 = (key: string, extra = '') =>
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
    `Sec-WebSocket-Accept: ${wsAccept(key)}\r\n${extra}\r\n`

  const behave = (kind: Misbehaviour, s: TLSSocket, h: Head) => {
    const alive = () => !s.destroyed
    const endless = (chunk: Buffer) => {
      const pump = () => {
        while (alive()) if (!s.write(chunk)) return void s.once('drain', pump)
      }
      pump()
    }
    switch (kind) {
      case 'extraBytes':
        s.write(h.upgrade ? ok101(h.key) : 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello')
        return void s.end(Buffer.from('\xff\xfe not part of any answer \x00\r\n\r\n', 'latin1'))
      case 'bodyReset':
        s.write(h.upgrade ? ok101(h.key) : 'HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n')
        if (!h.upgrade && h.method !== 'HEAD') s.write(Buffer.alloc(1200, 0x62))
        // A TCP reset needs the TCP socket under the TLS one.
        return later(100, () => alive() && rawOf(s)?.resetAndDestroy())
      case 'bodyStall':
        s.write(h.upgrade ? ok101(h.key) : 'HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n')
        if (!h.upgrade && h.method !== 'HEAD') s.write(Buffer.alloc(100, 0x62))
        return
      case 'bodyTrickle': {
        s.write(h.upgrade ? ok101(h.key) : 'HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n')
        if (h.method === 'HEAD') return
        // WebSocket: an unmasked text frame of 125 bytes, one byte at a time.
        const frame = Buffer.concat([Buffer.from([0x81, 125]), Buffer.alloc(125, 0x61)])
        let i = 0
        return every(50, () => alive() && s.write(frame.subarray(i, ++i)) !== undefined && i < frame.length)
      }
      case 'bodyEndless':
        if (h.upgrade) {
          s.write(ok101(h.key))
          // Unmasked binary frames of 16 KB (126 = 16-bit length follows).
          return endless(Buffer.concat([Buffer.from([0x82, 126, 0x40, 0x00]), Buffer.alloc(0x4000, 0x63)]))
        }
        s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n')
        return endless(Buffer.from(`4000\r\n${'c'.repeat(0x4000)}\r\n`))
      case 'closeUnanswered':
        if (h.upgrade) return void s.write(ok101(h.key)) // reads and ignores the close frame
        return void s.end('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n')
      case 'notHttp':
        return void s.end('SSH-2.0-OpenSSH_9.6\r\nProtocol mismatch.\r\n')
      case 'badStatusLine':
        return void s.end('HTTP/1.1 abc Oops\r\nContent-Length: 0\r\n\r\n')
      case 'bigHeaders':
      case 'hugeHeaders': {
        const pad = filler(kind === 'bigHeaders' ? 200 * 1024 : 300 * 1024)
        if (h.upgrade) return void s.write(ok101(h.key, pad))
        return void s.end(`HTTP/1.1 200 OK\r\n${pad}Content-Length: 3\r\nConnection: close\r\n\r\nok\n`)
      }
      case 'badAccept':
        if (h.upgrade)
          return void s.write(
            'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
              `Sec-WebSocket-Accept: ${wsAccept('not the key')}\r\n\r\n`,
          )
        return void s.end('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n')
      case 'oddUpgrade':
        if (h.upgrade)
          return void s.write(
            `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${wsAccept(h.key)}\r\n\r\n`,
          )
        return void s.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n')
      case 'interimOnly':
        return void s.write('HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n')
      case 'lfOnly':
        if (h.upgrade)
          return void s.write(
            `HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Accept: ${wsAccept(h.key)}\n\n`,
          )
        return void s.end('HTTP/1.1 200 OK\nContent-Length: 3\nConnection: close\n\nok\n')
      case 'closeAfterTls':
        return void s.end()
      case 'silentAfterTls':
      case 'h2Only':
        return
    }
  }

  /** Reads the request head (and drops anything after it), then hands over to the behaviour. */
  const onTls = (kind: Misbehaviour) => (s: TLSSocket) => {
    s.on('error', () => undefined)
    if (kind === 'closeAfterTls') return void s.end()
    let buffered = ''
    let started = false
    s.on('data', (chunk: Buffer) => {
      if (started) return
      buffered += chunk.toString('latin1')
      const end = buffered.indexOf('\r\n\r\n')
      if (end < 0) return
      started = true
      const lines = buffered.slice(0, end).split('\r\n')
      const header = (name: string) =>
        lines
          .find((l) => l.toLowerCase().startsWith(`${name}:`))
          ?.slice(name.length + 1)
          .trim() ?? ''
      behave(kind, s, {
        method: lines[0].split(' ')[0],
        upgrade: header('upgrade').toLowerCase() === 'websocket',
        key: header('sec-websocket-key'),
      })
    })
  }

  const build = async (kind: Misbehaviour): Promise<[Misbehaviour, number]> => {
    let dispatch: (socket: Socket) => void
    if (kind === 'h2Only') {
      const server = createSecureServer({ key, cert })
      server.on('stream', (stream) => {
        stream.on('error', () => undefined)
        stream.respond({ ':status': 200, 'content-type': 'text/plain' })
        stream.end('h2 only\n')
      })
      server.on('tlsClientError', () => undefined)
      h2Servers.push(server)
      dispatch = (socket) => server.emit('connection', socket)
    } else {
      const server = createTlsServer({ key, cert }, onTls(kind))
      server.on('tlsClientError', () => undefined)
      dispatch = (socket) => server.emit('connection', socket)
    }
    const mine = (open[kind] = new Set<Socket>())
    const front = createServer({ pauseOnConnect: true }, (socket) => {
      mine.add(socket)
      sockets.add(socket)
      const clientPort = socket.remotePort ?? -1
      byPort.set(clientPort, socket)
      socket.on('error', () => undefined)
      socket.once('close', () => {
        mine.delete(socket)
        sockets.delete(socket)
        if (byPort.get(clientPort) === socket) byPort.delete(clientPort)
      })
      if (delayMs <= 0) return dispatch(socket)
      later(delayMs, () => !socket.destroyed && dispatch(socket))
    })
    fronts.push(front)
    return [kind, await listen(front)]
  }

  const port = Object.fromEntries(await Promise.all(MISBEHAVIOURS.map(build))) as Record<Misbehaviour, number>
  const openConnections = () => Object.values(open).reduce((n, set) => n + set.size, 0)
  const caDir = mkdtempSync(join(tmpdir(), 'zim-netcheck-ca-'))
  const caFile = join(caDir, 'ca.pem')
  writeFileSync(caFile, ca.certPem)
  return {
    caPem: ca.certPem,
    caFile,
    port,
    connectTo: (map) =>
      Object.entries(map).map(([host, kind]) => ({
        host,
        port: 443,
        connectHost: LOOPBACK,
        connectPort: port[kind],
      })),
    openConnections,
    async waitForNoConnections(timeoutMs = 2000) {
      const until = Date.now() + timeoutMs
      while (openConnections() > 0) {
        if (Date.now() > until) throw new Error(`${openConnections()} server connection(s) still open`)
        await new Promise((r) => setTimeout(r, 5))
      }
    },
    async close() {
      for (const t of timers) clearTimeout(t)
      timers.clear()
      for (const socket of sockets) socket.destroy()
      for (const server of h2Servers) server.close()
      await Promise.all(fronts.map(closeServer))
      rmSync(caDir, { recursive: true, force: true })
    },
  }
}
