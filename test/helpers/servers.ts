import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import * as https from 'node:https'
import * as net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import forge from 'node-forge'
import { WebSocketServer } from 'ws'
import type { ConnectToEntry, ResolveEntry } from '../../node/adapter'

/** Real servers on 127.0.0.1 only. Each kind behaves one way, for tests and benches. */
export type ServerKind =
  | 'ok'
  | 'upgrade404'
  | 'status500'
  | 'closedPort'
  | 'hang'
  | 'reset'
  | 'selfSigned'
  | 'wrongHost'
  | 'expired'

export const SERVER_KINDS: ServerKind[] = [
  'ok',
  'upgrade404',
  'status500',
  'closedPort',
  'hang',
  'reset',
  'selfSigned',
  'wrongHost',
  'expired',
]

export interface TestServers {
  caPem: string
  caFile: string
  port: Record<ServerKind, number>
  /** Raw TCP connections still open on the servers' side. */
  openConnections(): number
  /** Connections accepted so far, per kind. */
  accepted: Record<ServerKind, number>
  connectTo(hostToKind: Record<string, ServerKind>): ConnectToEntry[]
  /** The same mapping the curl way round: connect-to changes only the port, resolve maps the name. */
  resolveFor(hostToKind: Record<string, ServerKind>): { connectTo: ConnectToEntry[]; resolve: ResolveEntry[] }
  close(): Promise<void>
}

interface Issued {
  key: string
  cert: string
}

const LOOPBACK = '127.0.0.1'

function keyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
}

let serial = 1

function makeCert(opts: {
  subject: string
  hosts: string[]
  issuer?: { cert: forge.pki.Certificate; key: forge.pki.PrivateKey }
  isCa?: boolean
  notBefore: Date
  notAfter: Date
}): { cert: forge.pki.Certificate; key: forge.pki.PrivateKey; pem: Issued } {
  const pair = keyPair()
  const key = forge.pki.privateKeyFromPem(pair.privatePem)
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.publicKeyFromPem(pair.publicPem)
  cert.serialNumber = String(100 + serial++)
  cert.validity.notBefore = opts.notBefore
  cert.validity.notAfter = opts.notAfter
  const attrs = [{ name: 'commonName', value: opts.subject }]
  cert.setSubject(attrs)
  cert.setIssuer(opts.issuer ? opts.issuer.cert.subject.attributes : attrs)
  const ext: object[] = [{ name: 'basicConstraints', cA: !!opts.isCa }]
  if (opts.isCa) ext.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true })
  else {
    ext.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: true })
    ext.push({ name: 'extKeyUsage', serverAuth: true })
    ext.push({ name: 'subjectAltName', altNames: opts.hosts.map((value) => ({ type: 2, value })) })
  }
  cert.setExtensions(ext)
  cert.sign((opts.issuer?.key ?? key) as forge.pki.rsa.PrivateKey, forge.md.sha256.create())
  return { cert, key, pem: { key: forge.pki.privateKeyToPem(key), cert: forge.pki.certificateToPem(cert) } }
}

/** Starts every kind of server. `hosts` are the names the valid certificates carry; delayMs delays each connection. */
export async function startTestServers(
  hosts: string[],
  opts: { delayMs?: number } = {},
): Promise<TestServers> {
  const now = Date.now()
  const day = 24 * 3600 * 1000
  const ca = makeCert({
    subject: 'zim-netcheck test CA',
    hosts: [],
    isCa: true,
    notBefore: new Date(now - day),
    notAfter: new Date(now + 30 * day),
  })
  const issue = (names: string[], notBefore: Date, notAfter: Date) =>
    makeCert({ subject: names[0] ?? 'leaf', hosts: names, issuer: ca, notBefore, notAfter }).pem
  const valid = issue(hosts, new Date(now - day), new Date(now + 30 * day))
  const wrong = issue(['not-the-host.example'], new Date(now - day), new Date(now + 30 * day))
  const expired = issue(hosts, new Date(now - 10 * day), new Date(now - day))
  const self = makeCert({
    subject: hosts[0] ?? 'self',
    hosts,
    notBefore: new Date(now - day),
    notAfter: new Date(now + 30 * day),
  }).pem
  // A self-signed leaf must carry its own SAN: makeCert without issuer signs it with its own key.

  const sockets = new Set<net.Socket>()
  const accepted = Object.fromEntries(SERVER_KINDS.map((k) => [k, 0])) as Record<ServerKind, number>
  const closers: (() => Promise<void>)[] = []
  const track = (kind: ServerKind, s: net.Socket) => {
    accepted[kind]++
    sockets.add(s)
    s.once('close', () => sockets.delete(s))
  }
  const listen = (server: net.Server) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, LOOPBACK, () => resolve((server.address() as net.AddressInfo).port))
    })

  /** An HTTPS (+ WebSocket) server behind a raw TCP front that counts and optionally delays connections. */
  async function tlsServer(
    kind: ServerKind,
    cred: Issued,
    behaviour: 'ok' | 'status404' | 'status500',
  ): Promise<number> {
    const server = https.createServer({ key: cred.key, cert: cred.cert }, (req, res) => {
      req.resume()
      req.on('end', () => {
        const status = behaviour === 'ok' ? 200 : behaviour === 'status404' ? 404 : 500
        res.writeHead(status, { 'Content-Type': 'text/plain' })
        res.end(req.method === 'HEAD' ? undefined : `zim-netcheck test server: ${kind}\n`)
      })
    })
    if (behaviour === 'ok') {
      const wss = new WebSocketServer({ server })
      wss.on('connection', (ws) => ws.on('error', () => undefined))
      closers.push(() => new Promise((r) => wss.close(() => r())))
    } else {
      const status = behaviour === 'status404' ? '404 Not Found' : '500 Internal Server Error'
      server.on('upgrade', (_req, socket: net.Socket) => {
        socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)
      })
    }
    server.on('tlsClientError', () => undefined)
    const front = net.createServer((socket) => {
      track(kind, socket)
      socket.on('error', () => undefined)
      const hand = () => server.emit('connection', socket)
      if (opts.delayMs) setTimeout(hand, opts.delayMs)
      else hand()
    })
    closers.push(() => new Promise((r) => front.close(() => r())))
    closers.push(
      () =>
        new Promise((r) => {
          server.closeAllConnections?.()
          server.close(() => r())
        }),
    )
    return listen(front)
  }

  async function rawServer(kind: ServerKind, onSocket: (s: net.Socket) => void): Promise<number> {
    const server = net.createServer((socket) => {
      track(kind, socket)
      socket.on('error', () => undefined)
      onSocket(socket)
    })
    closers.push(() => new Promise((r) => server.close(() => r())))
    return listen(server)
  }

  const port = {} as Record<ServerKind, number>
  port.ok = await tlsServer('ok', valid, 'ok')
  port.upgrade404 = await tlsServer('upgrade404', valid, 'status404')
  port.status500 = await tlsServer('status500', valid, 'status500')
  port.selfSigned = await tlsServer('selfSigned', self, 'ok')
  port.wrongHost = await tlsServer('wrongHost', wrong, 'ok')
  port.expired = await tlsServer('expired', expired, 'ok')
  // Reads and drops what arrives (so a client's close is seen), never answers.
  port.hang = await rawServer('hang', (s) => s.resume())
  port.reset = await rawServer('reset', (s) => s.resetAndDestroy())
  // A port that was bound and closed: connections to it are refused.
  const probe = net.createServer()
  port.closedPort = await listen(probe)
  await new Promise<void>((r) => probe.close(() => r()))

  const dir = mkdtempSync(join(tmpdir(), 'zim-ca-'))
  const caFile = join(dir, 'ca.pem')
  writeFileSync(caFile, ca.pem.cert)

  return {
    caPem: ca.pem.cert,
    caFile,
    port,
    accepted,
    openConnections: () => [...sockets].filter((s) => !s.destroyed).length,
    connectTo: (map) =>
      Object.entries(map).map(([host, kind]) => ({
        host,
        port: 443,
        connectHost: LOOPBACK,
        connectPort: port[kind],
      })),
    resolveFor: (map) => ({
      connectTo: Object.entries(map).map(([host, kind]) => ({ host, port: 443, connectPort: port[kind] })),
      resolve: Object.entries(map).map(([host, kind]) => ({ host, port: port[kind], address: LOOPBACK })),
    }),
    close: async () => {
      for (const s of sockets) s.destroy()
      for (const c of closers.reverse()) await c()
    },
  }
}
