import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { LookupAddress, LookupOptions } from 'node:dns'
import { IncomingMessage, ServerResponse } from 'node:http'
import * as https from 'node:https'
import { AddressInfo, isIP, LookupFunction, Server, Socket, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Duplex } from 'node:stream'
import type { TLSSocket } from 'node:tls'
import forge from 'node-forge'
import { WebSocketServer } from 'ws'
import type { ConnectToEntry, ResolveEntry } from '../../node/adapter'

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

/** A root CA (10 days valid) whose leaves share one key: keys are the slow part. */
export function createTestCa(): TestCa {
  const caKeys = newKeys()
  const leafKeys = newKeys()
  const cn = 'zim-netcheck test root CA'
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

const TLS_KINDS = ['ok', 'upgrade404', 'status500', 'selfSigned', 'wrongHost', 'expired'] as const
type TlsKind = (typeof TLS_KINDS)[number]

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
async function refusedPort(): Promise<number> {
  const server = createServer()
  const port = await listen(server)
  await closeServer(server)
  return port
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
