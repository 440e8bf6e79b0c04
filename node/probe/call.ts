/**
 * One platform call's connection and life cycle, whatever the operation: where and how to connect (TCP then
 * TLS, or inside a proxy's tunnel; --cacert's trust), the call's own deadline, the h2-only retry, and settling
 * exactly once — `done` runs after every socket of the call is closed, and never after abort(). What is said
 * over the connection is the subclass's: node/probe/http.ts (request, uploadFile, downloadFile) and
 * node/probe/websocket.ts (connectSocket).
 */
import * as net from 'node:net'
import { isIP } from 'node:net'
import { performance } from 'node:perf_hooks'
import * as tls from 'node:tls'
import type {
  OutcomeCallback,
  PlatformTiming,
  ProbeTarget,
  ProbeTask,
  RawOutcome,
} from '../../miniprogram/core/adapter'
import { safeField, trimOpenSsl } from '../../miniprogram/core/sanitize'
import { messageOf } from '../errors'
import { openTunnel, Tunnel } from '../proxy'
import { Route, routeFor } from '../routing'
import { peerTrustError } from '../trust'
import {
  ALPN_H2,
  BODY_GRACE_MS,
  DEADLINE_MARGIN_MS,
  formatBytes,
  MAX_HEADER_BYTES,
  Operation,
  ProbeContext,
  PROXY_MARGIN_MAX_MS,
  USER_AGENT,
} from './context'

/** Where a connection's TLS socket goes once it exists: direct calls and tunnels both hand it over later. */
export type Created = (err: Error | null, socket?: tls.TLSSocket) => void

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

export abstract class ProbeCall implements ProbeTask {
  protected outcome?: RawOutcome
  protected aborted = false
  private reported = false
  protected route?: Route
  protected url?: URL
  /** The TLS socket to the host (direct, or inside the tunnel). */
  protected socket?: tls.TLSSocket
  private socketClosed = false
  /** Direct: the TCP connection, opened first; the TLS socket wraps it once it is connected. */
  protected raw?: net.Socket
  private rawClosed = false
  /** Through a proxy: the CONNECT exchange and the connection to the proxy the TLS socket rides on. */
  protected tunnel?: Tunnel
  private tunnelTimer?: ReturnType<typeof setTimeout>
  private tunnelClosed = false
  /** HTTP status of the answer (any status, interim 1xx included; WebSocket: a non-101 answer). */
  protected statusCode?: number
  /** The server refused HTTP/1.1 in ALPN and completed a handshake offering only h2. */
  protected h2Only = false
  private triedH2 = false
  /** Body bytes read after the answer (HTTP), for the detail of what happened next. */
  protected bodyBytes = 0
  private timer?: ReturnType<typeof setTimeout>
  /** The subclass's wait after an answer: the body, or the final answer after a 1xx. */
  protected graceTimer?: ReturnType<typeof setTimeout>
  private t0 = performance.now()
  private readonly deadlineAt: number
  protected marks: {
    lookup?: number
    connect?: number
    secure?: number
    sent?: number
    firstByte?: number
  } = {}

  constructor(
    protected readonly ctx: ProbeContext,
    protected readonly operation: Operation,
    private readonly target: ProbeTarget,
    private readonly timeoutMs: number,
    private readonly done: OutcomeCallback,
  ) {
    this.deadlineAt = this.t0 + timeoutMs
  }

  /** Speak the operation's protocol over `connect` (https.request, ws). */
  protected abstract begin(url: URL): void
  /** The server completed a handshake offering only h2. */
  protected abstract onH2(socket: tls.TLSSocket): void
  /** Destroy and forget the protocol objects (request, WebSocket, h2 session): the call ends or starts again. */
  protected abstract dropProtocol(): void

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
    this.begin(url)
  }

  abort(): void {
    // After `done` (a WebSocket closing politely in the background) there is nothing left to release early:
    // the close is bounded by WS_CLOSE_GRACE_MS and never holds the engine's pool or the process.
    if (this.aborted || this.reported) return
    this.aborted = true
    this.destroyAll()
  }

  /** The host answered at the protocol level: from here on nothing can make the probe fail. */
  protected answered(): boolean {
    return this.statusCode !== undefined || this.h2Only
  }

  /**
   * One place decides where and how to connect: `createConnection` for https.request and ws, and the h2 retry.
   * Nothing is returned: `created` gets the TLS socket once TCP is connected (direct) or the tunnel is open
   * (proxy); a failure before that fails the call (the request waiting for its socket is destroyed with it).
   */
  protected connect(alpn: string[], created?: Created): undefined {
    const route = this.route as Route
    const { lookup } = this.ctx.options
    if (route.proxy) {
      this.connectViaProxy(route, route.proxy, alpn, created)
      return undefined
    }
    // TCP first, TLS once connected (what tls.connect does inside), so that building the trust on first use
    // overlaps the round trip instead of delaying every SYN of the first wave.
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
    created?: Created,
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

  /** An answer arrived with this status (interim 1xx included). */
  protected answer(status: number): void {
    this.marks.firstByte ??= performance.now()
    this.statusCode = status
  }

  /** A 1xx interim answer: the host answered. Wait a little for the final one, then settle as reached. */
  protected onInterim(status: number): void {
    this.answer(status)
    if (this.graceTimer) return
    this.graceTimer = setTimeout(
      () => this.finish(this.reachedOutcome(`only an interim ${status} answer within ${BODY_GRACE_MS} ms`)),
      this.graceMs(BODY_GRACE_MS),
    )
  }

  /** Time left before the probe's deadline, less a margin so the outcome arrives before the engine's timer. */
  protected graceMs(limitMs: number): number {
    return Math.max(0, Math.min(limitMs, this.deadlineAt - performance.now() - DEADLINE_MARGIN_MS))
  }

  /** `body: reset after 1.2 KB` (GET/POST) or `after the answer: reset` (HEAD, WebSocket). */
  protected afterText(what: string): string {
    if (this.operation === 'request' || this.operation === 'connectSocket') return `after the answer: ${what}`
    return `body: ${what} after ${formatBytes(this.bodyBytes)}`
  }

  /** The server refused HTTP/1.1 in ALPN: one new connection offering only h2, to learn whether it answers. */
  private retryH2(): void {
    this.triedH2 = true
    const { socket, raw, tunnel } = this
    this.dropProtocol()
    // Whatever the old sockets still say is ignored: only the new attempt's count.
    this.socket = undefined
    this.raw = undefined
    this.tunnel = undefined
    socket?.destroy()
    raw?.destroy()
    tunnel?.destroy()
    this.marks = {}
    this.t0 = performance.now()
    this.connect(ALPN_H2, (_err, next) =>
      next?.once('secureConnect', () => {
        if (next.destroyed) return
        if (next.alpnProtocol !== 'h2')
          return this.fail(new Error('the server refused HTTP/1.1 (ALPN) and did not choose h2 either'))
        this.h2Only = true
        this.onH2(next)
      }),
    )
  }

  /** The outcome once the host answered; `after` says what happened next, `errMsg` why an upgrade failed. */
  protected reachedOutcome(after?: string, _errMsg?: string): RawOutcome {
    const out: RawOutcome = { reached: true }
    if (this.statusCode !== undefined) out.statusCode = this.statusCode
    if (after) out.after = safeField(after)
    return { ...out, ...this.timingField() }
  }

  protected timingField(): { timing?: PlatformTiming } {
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

  /** What breaks after the answer is a detail, never a failure: the outcome says what happened next. */
  protected settleAfterAnswer(e: unknown, code: string | undefined): void {
    const raw = trimOpenSsl(messageOf(e))
    const what =
      code === 'ECONNRESET' || code === 'EPIPE'
        ? 'reset'
        : code?.startsWith('HPE_')
          ? `unexpected bytes (${code}: ${raw})`
          : `${code ? `${code}: ` : ''}${raw}`
    this.finish(this.reachedOutcome(this.afterText(what)))
  }

  protected fail(e: unknown): void {
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
      this.settleAfterAnswer(e, code)
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
  protected finish(outcome: RawOutcome): void {
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

  /** The TLS socket, the TCP one, or the connection to the proxy, closed. */
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

  protected report(): void {
    this.clearTimers()
    if (this.reported || this.aborted || !this.outcome) return
    this.reported = true
    this.done(this.outcome)
  }

  protected clearTimers(): void {
    clearTimeout(this.timer)
    clearTimeout(this.graceTimer)
    clearTimeout(this.tunnelTimer)
    this.timer = undefined
    this.graceTimer = undefined
    this.tunnelTimer = undefined
  }

  private destroyAll(): void {
    this.clearTimers()
    this.dropProtocol()
    this.socket?.destroy()
    this.raw?.destroy()
    this.tunnel?.destroy()
  }
}

function ms(value: number): number {
  return Math.max(0, Math.round(value * 10) / 10)
}

/**
 * A host name, not an IP literal (SNI takes names only). Decided without net.isIP for names that cannot be an
 * address: its IPv6 pattern is compiled on first use, ~5 ms of every run's start.
 */
function isName(host: string): boolean {
  return /[^\d.]/.test(host) && !host.includes(':') ? true : isIP(host) === 0
}
