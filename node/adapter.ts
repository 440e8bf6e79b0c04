import type { ClientRequest, IncomingMessage } from 'node:http'
import type * as Http2 from 'node:http2'
import * as https from 'node:https'
import * as net from 'node:net'
import { isIP, LookupFunction } from 'node:net'
import { performance } from 'node:perf_hooks'
import * as tls from 'node:tls'
import type WebSocket from 'ws'
import {
  OutcomeCallback,
  PlatformAdapter,
  PlatformTiming,
  ProbeCallOptions,
  ProbeTarget,
  ProbeTask,
  RawOutcome,
} from '../miniprogram/core/adapter'
import { safeField, trimOpenSsl } from '../miniprogram/core/sanitize'
import { messageOf } from './errors'
import { openTunnel, Tunnel } from './proxy'
import { Route, RouteOptions, routeFor } from './routing'
import { certificateDers, peerTrustError, withExtraCa } from './trust'

/** The Node adapter's options: routing (node/routing.ts: --resolve, --connect-to, proxies) and the rest. */
export interface NodeAdapterOptions extends RouteOptions {
  /** Extra trusted CA certificate(s), PEM; added to Node's default roots (`tls.rootCertificates`), not replacing them. */
  ca?: string | Buffer
  /** Name lookup override (tests: never let a name reach real DNS). Defaults to `dns.lookup`. */
  lookup?: LookupFunction
  /** downloadFile reads at most this many body bytes, then stops (still reached). Default 64 KiB. */
  downloadLimitBytes?: number
  /**
   * Instrumentation: called with every TLS socket to a host the adapter opens (leak checks in tests, counting in
   * benches). Through a proxy, the socket it rides on (to the proxy) closes with it.
   */
  onSocket?: (socket: tls.TLSSocket) => void
}

export const DEFAULT_DOWNLOAD_LIMIT_BYTES = 64 * 1024
/** After a WebSocket opens, how long the closing handshake may take before the socket is destroyed. */
export const WS_CLOSE_GRACE_MS = 1000
/** After the status arrived, how long the body (or the final answer after a 1xx) is read for the detail. */
export const BODY_GRACE_MS = 1000
/** Response headers accepted, as Chromium (net::HttpStreamParser: 256 KB). Node's default is 16 KB. */
export const MAX_HEADER_BYTES = 256 * 1024
/** The adapter settles this long before the probe's deadline, so the engine's own timer never races it. */
const DEADLINE_MARGIN_MS = 25
/** A CONNECT still unanswered this long (at most; a tenth of the timeout when shorter) before the deadline is the proxy's timeout. */
const PROXY_MARGIN_MAX_MS = 250
/** A body quiet this long when the grace time ends is "stalled" rather than "still arriving". */
const STALL_MS = 300
const ALPN_HTTP1 = ['http/1.1']
const ALPN_H2 = ['h2']
const UPLOAD_FIELD = 'file'
const UPLOAD_FILENAME = 'zim-netcheck.txt'
const UPLOAD_CONTENT = 'zim-netcheck\n'
const USER_AGENT = 'zim-netcheck (node)'

type Operation = 'request' | 'uploadFile' | 'downloadFile' | 'connectSocket'

interface Context {
  options: NodeAdapterOptions
  /**
   * The trust for --cacert, built on first use (see withExtraCa: ~20 ms of OpenSSL parsing). The first probes'
   * TCP connections are already under way by then (`connect` opens TCP first), so their round trips hide it.
   */
  secureContext?: () => tls.SecureContext
  /** The --cacert certificates (DER): a server presenting one of them as its own is trusted (see peerTrustError). */
  givenCerts?: Buffer[]
  downloadLimitBytes: number
}

export function createNodeAdapter(options: NodeAdapterOptions = {}): PlatformAdapter {
  const ctx: Context = {
    options,
    // One context for the adapter's lifetime, built without re-parsing the system roots (see withExtraCa).
    secureContext: options.ca !== undefined ? once(() => withExtraCa(options.ca as string | Buffer)) : undefined,
    givenCerts: options.ca !== undefined ? certificateDers(options.ca) : undefined,
    downloadLimitBytes: options.downloadLimitBytes ?? DEFAULT_DOWNLOAD_LIMIT_BYTES,
  }
  const start =
    (operation: Operation) =>
    (target: ProbeTarget, call: ProbeCallOptions, done: OutcomeCallback): ProbeTask => {
      const probe = new ProbeCall(ctx, operation, target, call.timeoutMs, done)
      probe.start()
      return probe
    }
  return {
    name: 'node',
    request: start('request'),
    uploadFile: start('uploadFile'),
    downloadFile: start('downloadFile'),
    connectSocket: start('connectSocket'),
  }
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined
  return () => (made ??= { value: make() }).value
}

/** Body bytes as support reads them: `812 B`, `1.2 KB`, `3.4 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/**
 * The message of an error that ended a call before any answer, one line. Node's HTTP parser errors (`HPE_*`:
 * bytes after TLS that are not HTTP, a malformed status line, headers over the limit) are answers that are
 * wrong, not absent: they are tagged `ERR_INVALID_HTTP_RESPONSE`, Chromium's name for the same failure, so the
 * classifier files them under `http`. OpenSSL messages lose their thread id and source path.
 */
export function errorMessage(err: NodeJS.ErrnoException | Error | unknown): string {
  const e = err as NodeJS.ErrnoException
  const message = trimOpenSsl(messageOf(err))
  const code = typeof e?.code === 'string' ? e.code : ''
  if (code === 'HPE_HEADER_OVERFLOW')
    return `response headers larger than ${MAX_HEADER_BYTES / 1024} KB (ERR_INVALID_HTTP_RESPONSE): ${message}`
  if (code.startsWith('HPE_')) return `not a valid HTTP answer (ERR_INVALID_HTTP_RESPONSE): ${message}`
  return message
}

/** One platform call. Settles once and never after abort(); see `finish` and `onOpen` for when `done` runs. */
class ProbeCall implements ProbeTask {
  private outcome?: RawOutcome
  private aborted = false
  private reported = false
  private route?: Route
  private url?: URL
  private socket?: tls.TLSSocket
  private socketClosed = false
  /** Direct: the TCP connection, opened first; the TLS socket wraps it once it is connected. */
  private raw?: net.Socket
  private rawClosed = false
  /** Through a proxy: the CONNECT exchange and the connection to the proxy the TLS socket rides on. */
  private tunnel?: Tunnel
  private tunnelTimer?: ReturnType<typeof setTimeout>
  private tunnelClosed = false
  private req?: ClientRequest
  private ws?: WebSocket
  private h2?: Http2.ClientHttp2Session
  /** HTTP status of the answer (any status, interim 1xx included; WebSocket: a non-101 answer). */
  private statusCode?: number
  /** WebSocket: a 101 arrived; the upgrade may still be refused by its headers. */
  private upgradeStatus?: number
  /** WebSocket: the upgrade completed. */
  private opened = false
  /** The server refused HTTP/1.1 in ALPN and completed a handshake offering only h2. */
  private h2Only = false
  private triedH2 = false
  private bodyBytes = 0
  private timer?: ReturnType<typeof setTimeout>
  private graceTimer?: ReturnType<typeof setTimeout>
  private t0 = performance.now()
  private readonly deadlineAt: number
  private marks: {
    lookup?: number
    connect?: number
    secure?: number
    sent?: number
    firstByte?: number
  } = {}

  constructor(
    private readonly ctx: Context,
    private readonly operation: Operation,
    private readonly target: ProbeTarget,
    private readonly timeoutMs: number,
    private readonly done: OutcomeCallback,
  ) {
    this.deadlineAt = this.t0 + timeoutMs
  }

  start(): void {
    // The call's own deadline, like wx's `timeout`: a socket idle timer would restart on every byte.
    this.timer = setTimeout(() => this.onTimeout(), this.timeoutMs)
    let url: URL
    try {
      url = new URL(this.target.url)
    } catch (e) {
      this.fail(e)
      return
    }
    const scheme = this.operation === 'connectSocket' ? 'wss:' : 'https:'
    if (url.protocol !== scheme) {
      this.finish({
        reached: false,
        errMsg: `url scheme is invalid: ${url.protocol} (expected ${scheme})`,
        code: 'ERR_INVALID_URL_SCHEME',
      })
      return
    }
    this.url = url
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    const port = url.port ? Number(url.port) : 443
    this.route = routeFor(host, port, this.ctx.options, this.operation === 'connectSocket' ? 'wss' : 'https')
    if (this.operation === 'connectSocket') this.startWebSocket(url)
    else this.startHttp(url)
  }

  abort(): void {
    // After `done` (a WebSocket closing politely in the background) there is nothing left to release early:
    // the close is bounded by WS_CLOSE_GRACE_MS and never holds the engine's pool or the process.
    if (this.aborted || this.reported) return
    this.aborted = true
    this.destroyAll()
  }

  /** The host answered at the protocol level: from here on nothing can make the probe fail. */
  private answered(): boolean {
    return this.statusCode !== undefined || this.upgradeStatus !== undefined || this.opened || this.h2Only
  }

  /**
   * One place decides where and how to connect: `createConnection` for https.request and ws, and the h2 retry.
   * Direct, the socket is returned. Through a proxy nothing is returned: `created` gets the TLS socket once the
   * tunnel is open, and a failed tunnel fails the call (the request waiting for its socket is destroyed with it).
   */
  private connect(
    alpn: string[],
    created?: (err: Error | null, socket?: tls.TLSSocket) => void,
  ): tls.TLSSocket | undefined {
    const route = this.route as Route
    const { lookup } = this.ctx.options
    if (route.proxy) {
      this.connectViaProxy(route, route.proxy, alpn, created)
      return undefined
    }
    // TCP first, TLS once connected (what tls.connect does inside), so that building the trust on first use
    // overlaps the round trip instead of delaying every SYN of the first wave. Nothing is returned: `created`
    // gets the TLS socket, as through a proxy.
    const raw = net.connect({
      host: route.address ?? route.connectHost,
      port: route.connectPort,
      ...(lookup ? { lookup } : {}),
    })
    this.raw = raw
    this.rawClosed = false
    raw.once('lookup', () => (this.marks.lookup = performance.now()))
    // Before TLS takes the connection over, its errors (DNS, refused, unreachable) are the call's.
    raw.on('error', (err) => raw === this.raw && this.socket === undefined && this.fail(err))
    raw.once('close', () => {
      if (raw !== this.raw) return
      this.rawClosed = true
      this.onSocketClose()
    })
    raw.once('connect', () => {
      if (raw !== this.raw || this.outcome || this.aborted) return
      this.marks.connect = performance.now()
      created?.(null, this.useSocket(this.tlsConnect({ ...this.tlsOptions(route, alpn), socket: raw })))
    })
    return undefined
  }

  /**
   * tls.connect, trusting a server that presents one of the --cacert certificates as its own (curl does). Node
   * verifies as always; only its verdict is taken here, at the same point (before 'secureConnect' reaches
   * anyone else and before any byte of the request is sent), and any failure destroys the socket with the very
   * error Node would have given. Without --cacert Node rejects by itself.
   */
  private tlsConnect(options: tls.ConnectionOptions): tls.TLSSocket {
    const given = this.ctx.givenCerts
    if (!given || given.length === 0) return tls.connect(options)
    const socket = tls.connect({ ...options, rejectUnauthorized: false })
    const checkIdentity = (cert: tls.PeerCertificate) =>
      (options.checkServerIdentity ?? tls.checkServerIdentity)((this.route as Route).host, cert)
    socket.prependOnceListener('secureConnect', () => {
      const err = peerTrustError(socket, given, checkIdentity)
      if (err) socket.destroy(err)
    })
    return socket
  }

  /** TLS with the URL's host: SNI and the certificate check are the URL host's, wherever the bytes go. */
  private tlsOptions(route: Route, alpn: string[]): tls.ConnectionOptions {
    return {
      // SNI must be a name; the certificate is checked against the URL's host wherever we connect.
      ...(isName(route.host) ? { servername: route.host } : {}),
      checkServerIdentity: (_name, cert) => tls.checkServerIdentity(route.host, cert),
      ...(this.ctx.secureContext ? { secureContext: this.ctx.secureContext() } : {}),
      ALPNProtocols: alpn,
    }
  }

  /**
   * CONNECT through the proxy (node/proxy.ts), then TLS with the host inside the tunnel. Timing: `dns` is the
   * proxy's name, `connect` lasts until the tunnel is open (TCP to the proxy and the CONNECT exchange), `tls` is
   * the handshake with the host. A tunnel not open shortly before the deadline is the proxy's timeout.
   */
  private connectViaProxy(
    route: Route,
    proxy: NonNullable<Route['proxy']>,
    alpn: string[],
    created?: (err: Error | null, socket?: tls.TLSSocket) => void,
  ): void {
    const tunnel = openTunnel(
      {
        proxy: proxy.server,
        ...(proxy.address ? { proxyAddress: proxy.address } : {}),
        target: { host: route.connectHost, port: route.connectPort },
        ...(this.ctx.options.lookup ? { lookup: this.ctx.options.lookup } : {}),
        ...(this.ctx.secureContext ? { secureContext: this.ctx.secureContext() } : {}),
        userAgent: USER_AGENT,
      },
      (err, raw) => {
        if (tunnel !== this.tunnel) return
        clearTimeout(this.tunnelTimer)
        if (err || !raw) {
          this.fail(err)
          return
        }
        this.marks.connect = performance.now()
        created?.(null, this.useSocket(this.tlsConnect({ ...this.tlsOptions(route, alpn), socket: raw })))
      },
    )
    this.tunnel = tunnel
    tunnel.socket.once('lookup', () => (this.marks.lookup = performance.now()))
    this.tunnelClosed = false
    tunnel.socket.once('close', () => {
      if (tunnel !== this.tunnel) return
      this.tunnelClosed = true
      this.onSocketClose()
    })
    // Decided well before the engine's own timer (which would say only "timeout"), even on a busy event loop.
    const margin = Math.max(
      DEADLINE_MARGIN_MS,
      Math.min(PROXY_MARGIN_MAX_MS, Math.round(this.timeoutMs / 10)),
    )
    const waitMs = Math.max(0, Math.round(this.deadlineAt - performance.now() - margin))
    clearTimeout(this.tunnelTimer)
    this.tunnelTimer = setTimeout(() => {
      const err = tunnel === this.tunnel ? tunnel.timeoutError(waitMs) : undefined
      if (err) this.finish({ reached: false, errMsg: err.message, code: err.code, ...this.timingField() })
    }, waitMs)
  }

  /** The TLS socket of the call from now on (direct, or inside the tunnel). */
  private useSocket(socket: tls.TLSSocket): tls.TLSSocket {
    const { onSocket } = this.ctx.options
    this.socket = socket
    this.socketClosed = false
    // A handshake refused by tlsConnect is destroyed before this runs: no `tls` time, as when Node refuses it.
    socket.once('secureConnect', () => !socket.destroyed && (this.marks.secure = performance.now()))
    // A socket given up for the h2 retry may still report: only the current one counts.
    socket.on('error', (err) => socket === this.socket && this.fail(err))
    socket.once('close', () => {
      if (socket !== this.socket) return
      this.socketClosed = true
      this.onSocketClose()
    })
    onSocket?.(socket)
    return socket
  }

  private startHttp(url: URL): void {
    const route = this.route as Route
    const upload = this.operation === 'uploadFile' ? multipartBody() : undefined
    const req = https.request({
      // host/port here only make the Host header; `connect` decides where the socket goes.
      host: route.host,
      port: route.port,
      // Without an agent Node knows no default port and would send "Host: name:443".
      defaultPort: 443,
      path: url.pathname + url.search,
      // HEAD: any status proves the host answered, and there is no body to transfer.
      method: this.operation === 'request' ? 'HEAD' : upload ? 'POST' : 'GET',
      headers: {
        'User-Agent': USER_AGENT,
        Accept: '*/*',
        ...(upload
          ? { 'Content-Type': upload.contentType, 'Content-Length': String(upload.body.length) }
          : {}),
      },
      // Chromium accepts 256 KB of response headers and is lenient about their syntax; Node's defaults
      // (16 KB, strict) would turn answers the platform accepts into parse errors.
      maxHeaderSize: MAX_HEADER_BYTES,
      insecureHTTPParser: true,
      createConnection: ((_options: unknown, created: (err: Error | null, socket?: tls.TLSSocket) => void) =>
        this.connect(ALPN_HTTP1, created)) as unknown as https.RequestOptions['createConnection'],
    })
    this.req = req
    req.on('error', (err) => req === this.req && this.fail(err))
    req.once('finish', () => (this.marks.sent = performance.now()))
    req.on('information', (info) => this.onInterim(info.statusCode))
    req.once('response', (res) => this.onResponse(res))
    // A 101 to a plain request: an answer all the same (without a listener Node would just drop it).
    req.once('upgrade', (res, socket) => {
      this.answer(res.statusCode ?? 101)
      socket.destroy()
      this.finish(this.reachedOutcome('the server switched protocols (101) on a plain request'))
    })
    req.end(upload?.body)
  }

  private answer(status: number): void {
    this.marks.firstByte ??= performance.now()
    this.statusCode = status
  }

  /** Time left before the probe's deadline, less a margin so the outcome arrives before the engine's timer. */
  private graceMs(): number {
    return Math.max(0, Math.min(BODY_GRACE_MS, this.deadlineAt - performance.now() - DEADLINE_MARGIN_MS))
  }

  /** A 1xx interim answer: the host answered. Wait a little for the final one, then settle as reached. */
  private onInterim(status: number): void {
    this.answer(status)
    if (this.graceTimer) return
    this.graceTimer = setTimeout(
      () => this.finish(this.reachedOutcome(`only an interim ${status} answer within ${BODY_GRACE_MS} ms`)),
      this.graceMs(),
    )
  }

  private onResponse(res: IncomingMessage): void {
    this.answer(res.statusCode ?? 0)
    clearTimeout(this.graceTimer)
    // The status decided the outcome. The body (none for HEAD) is read up to the cap, for at most the grace
    // time, only to say what happened after: complete, capped, cut off, reset, stalled or still trickling.
    const limit = this.ctx.downloadLimitBytes
    let lastByteAt = performance.now()
    res.on('data', (chunk: Buffer) => {
      this.bodyBytes += chunk.length
      lastByteAt = performance.now()
      if (this.bodyBytes >= limit) this.finish(this.reachedOutcome())
    })
    res.once('end', () => this.finish(this.reachedOutcome()))
    res.on('error', (err) => this.fail(err))
    res.once('close', () => {
      if (!res.complete) this.finish(this.reachedOutcome(this.afterText('cut off')))
    })
    this.graceTimer = setTimeout(() => {
      const quietMs = performance.now() - lastByteAt
      const why =
        this.bodyBytes === 0
          ? `body: stalled before its first byte`
          : quietMs >= STALL_MS
            ? `body: stalled after ${formatBytes(this.bodyBytes)}`
            : `body: still arriving after ${BODY_GRACE_MS} ms (${formatBytes(this.bodyBytes)} so far)`
      this.finish(this.reachedOutcome(why))
    }, this.graceMs())
  }

  /** `body: reset after 1.2 KB` (GET/POST) or `after the answer: reset` (HEAD, WebSocket). */
  private afterText(what: string): string {
    if (this.operation === 'request' || this.operation === 'connectSocket') return `after the answer: ${what}`
    return `body: ${what} after ${formatBytes(this.bodyBytes)}`
  }

  private startWebSocket(url: URL): void {
    let ws: WebSocket
    try {
      // Required on the first WebSocket probe: a run of HTTP probes only never loads ws.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, as node/cli.ts does
      const WebSocketClass = require('ws') as typeof import('ws')
      ws = new WebSocketClass(url, {
        // ws hands this to https.request, which takes the socket now or through the callback (proxy).
        createConnection: ((
          _options: unknown,
          created: (err: Error | null, socket?: tls.TLSSocket) => void,
        ) => this.connect(ALPN_HTTP1, created)) as unknown as WebSocket.ClientOptions['createConnection'],
        perMessageDeflate: false,
        followRedirects: false,
        headers: { 'User-Agent': USER_AGENT },
        maxHeaderSize: MAX_HEADER_BYTES,
        insecureHTTPParser: true,
        // ws's public hook on its upgrade request: an interim 1xx answer is an answer too.
        finishRequest: (req) => {
          req.on('information', (info) => this.onInterim(info.statusCode))
          req.end()
        },
      })
    } catch (e) {
      this.fail(e)
      return
    }
    this.ws = ws
    ws.on('error', (err) => ws === this.ws && this.fail(err))
    ws.once('upgrade', (res) => {
      this.marks.firstByte = performance.now()
      this.upgradeStatus = res.statusCode ?? 101
    })
    ws.once('unexpected-response', (_req, res) => {
      this.answer(res.statusCode ?? 0)
      res.resume()
      this.finish(this.reachedOutcome(undefined, `Unexpected server response: ${this.statusCode}`))
    })
    ws.once('open', () => this.onOpen(ws))
  }

  /**
   * WebSocket open: reached, reported now. The polite close (1000) runs after `done`, outside the probe's
   * deadline and timing and outside the engine's pool; the socket is destroyed if the server has not finished
   * it within WS_CLOSE_GRACE_MS, and neither the socket nor the timers keep the process alive meanwhile.
   */
  private onOpen(ws: WebSocket): void {
    this.opened = true
    this.outcome = this.reachedOutcome()
    this.clearTimers()
    const socket = this.socket
    const proxySocket = this.tunnel?.socket
    const closeTimer = setTimeout(() => {
      ws.terminate()
      socket?.destroy()
      proxySocket?.destroy()
    }, WS_CLOSE_GRACE_MS)
    closeTimer.unref()
    socket?.once('close', () => clearTimeout(closeTimer))
    socket?.unref()
    proxySocket?.unref()
    try {
      ws.close(1000)
      // ws arms its own 30 s close timer; ours is shorter, and neither may hold the process.
      ;(ws as unknown as { _closeTimer?: { unref?: () => void } })._closeTimer?.unref?.()
    } catch {
      ws.terminate()
    }
    this.report()
  }

  /** The h2 server refused HTTP/1.1 in ALPN: one more handshake offering h2 tells whether it answers at all. */
  private retryH2(): void {
    this.triedH2 = true
    const { req, ws, socket, raw, tunnel } = this
    this.req = undefined
    this.ws = undefined
    // Whatever the old sockets still say is ignored: only the new attempt's count.
    this.socket = undefined
    this.raw = undefined
    this.tunnel = undefined
    req?.destroy()
    ws?.terminate()
    socket?.destroy()
    raw?.destroy()
    tunnel?.destroy()
    this.marks = {}
    this.t0 = performance.now()
    const onSocket = (next: tls.TLSSocket) =>
      next.once('secureConnect', () => {
        if (next.destroyed) return
        if (next.alpnProtocol === 'h2') this.onH2(next)
        else this.fail(new Error('the server refused HTTP/1.1 (ALPN) and did not choose h2 either'))
      })
    const direct = this.connect(ALPN_H2, (_err, next) => next && onSocket(next))
    if (direct) onSocket(direct)
  }

  private onH2(socket: tls.TLSSocket): void {
    this.h2Only = true
    if (this.operation === 'connectSocket') {
      this.marks.firstByte = performance.now()
      this.finish(
        this.reachedOutcome(
          undefined,
          'the server speaks only HTTP/2 (ALPN h2): no HTTP/1.1 WebSocket upgrade is possible',
        ),
      )
      return
    }
    // Speak h2 for the status, as Chromium would.
    const route = this.route as Route
    const url = this.url as URL
    const authority = route.port === 443 ? url.hostname : `${url.hostname}:${route.port}`
    // Required here, for the rare h2-only server: loaded up front, http2 costs every probe run its start-up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, as node/cli.ts does
    const http2 = require('node:http2') as typeof import('node:http2')
    const session = http2.connect(`https://${authority}`, { createConnection: () => socket })
    this.h2 = session
    session.on('error', (err) => session === this.h2 && this.fail(err))
    const upload = this.operation === 'uploadFile' ? multipartBody() : undefined
    const stream = session.request({
      ':method': this.operation === 'request' ? 'HEAD' : upload ? 'POST' : 'GET',
      ':path': url.pathname + url.search,
      ':authority': authority,
      'user-agent': USER_AGENT,
      accept: '*/*',
      ...(upload ? { 'content-type': upload.contentType, 'content-length': String(upload.body.length) } : {}),
    })
    stream.on('error', (err) => this.fail(err))
    stream.once('response', (headers) => {
      this.answer(Number(headers[':status']) || 0)
      this.finish(this.reachedOutcome('HTTP/2 only: the server refused HTTP/1.1 in ALPN'))
    })
    stream.end(upload?.body)
  }

  /** The outcome once the host answered; `after` says what happened next, `errMsg` why an upgrade failed. */
  private reachedOutcome(after?: string, errMsg?: string): RawOutcome {
    const out: RawOutcome = { reached: true }
    if (this.operation === 'connectSocket' && !this.opened) {
      // An HTTP answer to the upgrade that is not a working WebSocket: reached, with the http caveat.
      out.upgradeRejected = true
      out.errMsg = errMsg ?? after ?? 'the upgrade was not completed'
      const status = this.statusCode ?? this.upgradeStatus
      if (status !== undefined) out.statusCode = status
    } else {
      if (this.statusCode !== undefined) out.statusCode = this.statusCode
      if (after) out.after = safeField(after)
    }
    return { ...out, ...this.timingField() }
  }

  private timingField(): { timing?: PlatformTiming } {
    const { lookup, connect, secure, sent, firstByte } = this.marks
    const timing: PlatformTiming = {}
    if (lookup !== undefined) timing.dnsMs = ms(lookup - this.t0)
    if (connect !== undefined) timing.connectMs = ms(connect - (lookup ?? this.t0))
    if (connect !== undefined && secure !== undefined) timing.tlsMs = ms(secure - connect)
    if (secure !== undefined && firstByte !== undefined) {
      // Writes made during the handshake leave only when it is done: count from the later of the two.
      timing.ttfbMs = ms(firstByte - Math.max(secure, sent ?? secure))
    }
    return Object.keys(timing).length > 0 ? { timing } : {}
  }

  private fail(e: unknown): void {
    if (this.outcome || this.aborted) return
    const err = e as NodeJS.ErrnoException
    const code = typeof err?.code === 'string' ? err.code : undefined
    const noAlpnMatch =
      code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL' ||
      /alert no application protocol/i.test(messageOf(e))
    if (noAlpnMatch && !this.triedH2 && !this.answered()) {
      this.retryH2()
      return
    }
    if (this.answered()) {
      // Whatever breaks after the answer is a detail, never a failure.
      const raw = trimOpenSsl(messageOf(e))
      if (this.operation === 'connectSocket') {
        this.finish(this.reachedOutcome(undefined, raw))
        return
      }
      const what =
        code === 'ECONNRESET' || code === 'EPIPE'
          ? 'reset'
          : code?.startsWith('HPE_')
            ? `unexpected bytes (${code}: ${raw})`
            : `${code ? `${code}: ` : ''}${raw}`
      this.finish(this.reachedOutcome(this.afterText(what)))
      return
    }
    this.finish({
      reached: false,
      errMsg: errorMessage(e),
      ...(code ? { code } : {}),
      ...this.timingField(),
    })
  }

  private onTimeout(): void {
    this.timer = undefined
    const proxyErr = this.tunnel?.timeoutError(this.timeoutMs)
    if (proxyErr) {
      this.finish({ reached: false, errMsg: proxyErr.message, code: proxyErr.code, ...this.timingField() })
      return
    }
    if (this.answered()) this.finish(this.reachedOutcome(this.afterText('unfinished at the deadline')))
    else this.finish({ reached: false, errMsg: 'timeout', code: 'ETIMEDOUT', ...this.timingField() })
  }

  /** Fixes the outcome (first one wins) and tears everything down; `done` follows once the socket is closed. */
  private finish(outcome: RawOutcome): void {
    if (this.outcome || this.aborted) return
    this.outcome = outcome
    this.destroyAll()
    if (this.allClosed()) process.nextTick(() => this.report())
  }

  /** Every socket of the current attempt is closed: the TLS socket, the TCP one under it, or the proxy's. */
  private allClosed(): boolean {
    return (
      (!this.socket || this.socketClosed) &&
      (!this.raw || this.rawClosed) &&
      (!this.tunnel || this.tunnelClosed)
    )
  }

  /** The TLS socket, or the connection to the proxy, closed. */
  private onSocketClose(): void {
    // Other 'close' listeners (http's, ws's) run after this one: let them finish their cleanup first.
    process.nextTick(() => {
      if (!this.allClosed()) return
      if (!this.outcome && !this.aborted && this.tunnel && !this.tunnel.open) {
        // The proxy closed before answering and no error said so (the tunnel's own error normally comes first).
        this.outcome = {
          reached: false,
          errMsg: `the proxy ${this.tunnel.proxyText} closed the connection before answering CONNECT`,
          code: 'PROXY_CLOSED',
          ...this.timingField(),
        }
      }
      if (!this.outcome && !this.aborted) {
        if (this.answered()) this.outcome = this.reachedOutcome(this.afterText('connection closed'))
        else
          this.outcome = {
            reached: false,
            errMsg: 'socket closed',
            code: 'ECONNRESET',
            ...this.timingField(),
          }
      }
      this.report()
    })
  }

  private report(): void {
    this.clearTimers()
    if (this.reported || this.aborted || !this.outcome) return
    this.reported = true
    this.done(this.outcome)
  }

  private clearTimers(): void {
    clearTimeout(this.timer)
    clearTimeout(this.graceTimer)
    clearTimeout(this.tunnelTimer)
    this.timer = undefined
    this.graceTimer = undefined
    this.tunnelTimer = undefined
  }

  private destroyAll(): void {
    this.clearTimers()
    this.ws?.terminate()
    this.req?.destroy()
    this.h2?.destroy()
    this.socket?.destroy()
    this.raw?.destroy()
    this.tunnel?.destroy()
  }
}

/**
 * A host name, not an IP literal (SNI takes names only). Decided without net.isIP for names that cannot be an
 * address: its IPv6 pattern is compiled on first use, ~5 ms of every run's start.
 */
function isName(host: string): boolean {
  return /[^\d.]/.test(host) && !host.includes(':') ? true : isIP(host) === 0
}

function ms(value: number): number {
  return Math.max(0, Math.round(value * 10) / 10)
}

function multipartBody(): { body: Buffer; contentType: string } {
  const boundary = `----zim-netcheck-${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`
  const body = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="${UPLOAD_FIELD}"; filename="${UPLOAD_FILENAME}"\r\n` +
      'Content-Type: text/plain\r\n\r\n' +
      UPLOAD_CONTENT +
      `\r\n--${boundary}--\r\n`,
  )
  return { body, contentType: `multipart/form-data; boundary=${boundary}` }
}
