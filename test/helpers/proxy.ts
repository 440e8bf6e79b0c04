import * as http from 'node:http'
import * as https from 'node:https'
import { AddressInfo, connect, isIP, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { LOOPBACK, KeyAndCert } from './servers'

/**
 * A real HTTP CONNECT proxy on 127.0.0.1 for tests (node:http's 'connect' event), in front of the loopback test
 * servers. It never leaves loopback: a CONNECT to a name goes to the port `upstream` maps it to on 127.0.0.1, a
 * CONNECT to an address in 127.0.0.0/8 goes there, anything else gets 502 without any lookup.
 */
export const PROXY_BEHAVIOURS = [
  /** Tunnel to the upstream (200 Connection Established). */
  'allow',
  /** 403 Forbidden, with Squid's X-Squid-Error header. */
  'deny',
  /** Read the CONNECT, never answer. */
  'hang',
  /** Close the connection without answering. */
  'close',
  /** Answer with bytes that are not HTTP (an SSH banner). */
  'garbage',
  /** 502 Bad Gateway (the proxy could not reach the host). */
  'badGateway',
  /** 401 instead of 407 (some proxies answer so). */
  'unauthorized',
] as const
export type ProxyBehaviour = (typeof PROXY_BEHAVIOURS)[number]

export interface TestProxyOptions {
  /** Behaviour per CONNECT host (lower case, no port); `*` for every other host. Default: allow. */
  rules?: Record<string, ProxyBehaviour>
  /** Required on every CONNECT (Basic): 407 with `Proxy-Authenticate: Basic` without them or with wrong ones. */
  credentials?: { user: string; pass: string }
  /** Where an allowed CONNECT to a name goes: host name → port on 127.0.0.1. */
  upstream?: Record<string, number>
  /** Serve the proxy over TLS: an https:// proxy. */
  tls?: KeyAndCert
}

export interface RecordedConnect {
  /** The request target, `host:port`. */
  target: string
  /** The Host header. */
  host?: string
  /** The Proxy-Authorization header as received. */
  authorization?: string
  /** What the proxy did. */
  answer: number | 'hang' | 'close' | 'garbage'
}

export interface TestProxy {
  readonly port: number
  /** `http://[user:pass@]127.0.0.1:port` (https:// for a TLS proxy). */
  url(credentials?: { user: string; pass: string }, host?: string): string
  /** Every CONNECT received, in order. */
  readonly connects: RecordedConnect[]
  /** Connections (client side and upstream) not closed yet. */
  openConnections(): number
  /** Resolves when no connection is open; rejects after `timeoutMs`. */
  waitForNoConnections(timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

function answer(socket: Duplex, status: number, reason: string, headers: Record<string, string> = {}): void {
  const body = `${status} ${reason}\n`
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n${extra}Content-Type: text/plain\r\nContent-Length: ${body.length}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  )
}

const isLoopback = (host: string) => isIP(host) === 4 && host.startsWith('127.')

export async function startTestProxy(options: TestProxyOptions = {}): Promise<TestProxy> {
  const connects: RecordedConnect[] = []
  const open = new Set<Socket | Duplex>()
  const track = (s: Socket | Duplex) => {
    open.add(s)
    s.on('error', () => undefined)
    s.once('close', () => open.delete(s))
  }
  const expected = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.pass}`).toString('base64')}`
    : undefined

  const onConnect = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined)
    const target = req.url ?? ''
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(target)
    const host = (m?.[1] ?? '').replace(/^\[(.*)\]$/, '$1').toLowerCase()
    const port = Number(m?.[2] ?? 0)
    const authorization = req.headers['proxy-authorization']
    const record = (a: RecordedConnect['answer']) =>
      connects.push({
        target,
        host: req.headers.host,
        ...(authorization ? { authorization } : {}),
        answer: a,
      })
    if (expected && authorization !== expected) {
      record(407)
      return answer(socket, 407, 'Proxy Authentication Required', {
        'Proxy-Authenticate': 'Basic realm="zim-netcheck test proxy"',
      })
    }
    const behaviour = options.rules?.[host] ?? options.rules?.['*'] ?? 'allow'
    switch (behaviour) {
      case 'deny':
        record(403)
        return answer(socket, 403, 'Forbidden', { 'X-Squid-Error': 'ERR_ACCESS_DENIED 0' })
      case 'unauthorized':
        record(401)
        return answer(socket, 401, 'Unauthorized')
      case 'badGateway':
        record(502)
        return answer(socket, 502, 'Bad Gateway')
      case 'hang':
        record('hang')
        // node:http sockets allow half-open: the client's close must end this one too.
        socket.once('end', () => socket.destroy())
        socket.resume()
        return
      case 'close':
        record('close')
        socket.destroy()
        return
      case 'garbage':
        record('garbage')
        socket.end('SSH-2.0-OpenSSH_9.6\r\n')
        return
    }
    const upstreamPort = options.upstream?.[host] ?? (isLoopback(host) ? port : undefined)
    if (upstreamPort === undefined) {
      record(502)
      return answer(socket, 502, 'Bad Gateway')
    }
    const upstream = connect(upstreamPort, isLoopback(host) ? host : LOOPBACK)
    track(upstream)
    upstream.once('error', () => {
      if (socket.writable && !connected) {
        record(502)
        answer(socket, 502, 'Bad Gateway')
      } else socket.destroy()
    })
    let connected = false
    upstream.once('connect', () => {
      connected = true
      record(200)
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      socket.pipe(upstream)
      upstream.pipe(socket)
    })
    socket.once('close', () => upstream.destroy())
    upstream.once('close', () => socket.destroy())
  }

  const server: http.Server = options.tls
    ? https.createServer({ key: options.tls.keyPem, cert: options.tls.certPem })
    : http.createServer()
  // Plain requests (not CONNECT) are not what this proxy is for.
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) =>
    res.writeHead(405, { Connection: 'close' }).end('CONNECT only\n'),
  )
  server.on('connect', onConnect)
  server.on('connection', (s: Socket) => track(s))
  server.on('tlsClientError', () => undefined)
  server.on('clientError', (_e, s: Duplex) => s.destroy())
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, LOOPBACK, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const scheme = options.tls ? 'https' : 'http'
  return {
    port,
    url: (credentials, host = LOOPBACK) =>
      `${scheme}://${
        credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@` : ''
      }${host}:${port}`,
    connects,
    openConnections: () => open.size,
    async waitForNoConnections(timeoutMs = 2000) {
      const until = Date.now() + timeoutMs
      while (open.size > 0) {
        if (Date.now() > until) throw new Error(`${open.size} proxy connection(s) still open`)
        await new Promise((r) => setTimeout(r, 5))
      }
    },
    async close() {
      for (const s of open) s.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
