/**
 * Where and how one attempt of a probe call connects: TCP then TLS to the host, or TLS inside an HTTP proxy's
 * tunnel; SNI and the certificate check are the URL host's wherever the bytes go, and --cacert's trust (a CA,
 * or a server's own certificate, as curl) is applied at the handshake. It tells its owner (the call) about
 * errors and closes, and whether all of its sockets are closed.
 */
import * as net from 'node:net'
import { isIP } from 'node:net'
import type * as tls from 'node:tls'
import { tlsModule } from '../lazy'
import { openTunnel, Tunnel } from '../proxy'
import type { Route } from '../routing'
import { peerTrustError } from '../trust'
import { DEADLINE_MARGIN_MS, now, ProbeContext, PROXY_MARGIN_MAX_MS, USER_AGENT } from './context'

/** Where a connection's TLS socket goes once it exists: direct calls and tunnels both hand it over later. */
export type Created = (err: Error | null, socket?: tls.TLSSocket) => void

/** The moments a call's timing is made of (`now()` of ./context). */
export interface Marks {
  lookup?: number
  connect?: number
  secure?: number
  sent?: number
  firstByte?: number
}

export interface ConnectionOwner {
  /** A failure of the connection: DNS, TCP, the proxy, TLS, or the TLS socket later on. */
  onError(err: unknown): void
  /** One of the connection's sockets closed: see `allClosed`. */
  onClose(): void
  /** The proxy had not opened the tunnel shortly before the deadline. */
  onProxyTimeout(err: Error & { code?: string }): void
  /** False once the call is settled or aborted: a connection completing then is not used. */
  wanted(): boolean
}

export class Connection {
  /** The TLS socket to the host (direct, or inside the tunnel). */
  socket?: tls.TLSSocket
  private socketClosed = false
  /** Direct: the TCP connection, opened first; the TLS socket wraps it once it is connected. */
  private raw?: net.Socket
  private rawClosed = false
  /** Through a proxy: the CONNECT exchange and the connection to the proxy the TLS socket rides on. */
  private tunnel?: Tunnel
  private tunnelClosed = false
  private tunnelTimer?: ReturnType<typeof setTimeout>

  constructor(
    private readonly ctx: ProbeContext,
    private readonly route: Route,
    private readonly marks: Marks,
    private readonly owner: ConnectionOwner,
  ) {}

  /**
   * Opens the connection; `created` gets the TLS socket once TCP is connected (direct) or the tunnel is open
   * (proxy). Direct, TCP comes first and TLS once connected (what tls.connect does inside), so that building
   * the trust on first use overlaps the round trip instead of delaying every SYN of the first wave.
   */
  open(alpn: string[], created: Created, deadline: { at: number; timeoutMs: number }): void {
    const route = this.route
    const { lookup } = this.ctx.options
    if (route.proxy) {
      this.openTunnel(route.proxy, alpn, created, deadline)
      return
    }
    const raw = net.connect({
      host: route.address ?? route.connectHost,
      port: route.connectPort,
      ...(lookup ? { lookup } : {}),
    })
    this.raw = raw
    raw.once('lookup', () => (this.marks.lookup = now()))
    // Before TLS takes the connection over, its errors (DNS, refused, unreachable) are the call's.
    raw.on('error', (err) => this.socket === undefined && this.owner.onError(err))
    raw.once('close', () => {
      this.rawClosed = true
      this.owner.onClose()
    })
    raw.once('connect', () => {
      if (!this.owner.wanted()) return
      this.marks.connect = now()
      created(null, this.useSocket(this.tlsConnect({ ...this.tlsOptions(alpn), socket: raw })))
    })
  }

  /** Every socket is closed: the TLS socket, the TCP one under it, or the proxy's. */
  allClosed(): boolean {
    return (
      (!this.socket || this.socketClosed) &&
      (!this.raw || this.rawClosed) &&
      (!this.tunnel || this.tunnelClosed)
    )
  }

  /** The connection the TLS socket rides on: TCP to the host, or to the proxy. */
  get under(): net.Socket | undefined {
    return this.tunnel?.socket ?? this.raw
  }

  /** At the call's deadline: the proxy's own timeout when it never opened the tunnel. */
  proxyTimeoutError(timeoutMs: number): (Error & { code?: string }) | undefined {
    return this.tunnel?.timeoutError(timeoutMs)
  }

  /** The proxy, when it closed before answering CONNECT (no error said so). */
  proxyClosedEarly(): string | undefined {
    return this.tunnel && !this.tunnel.open ? this.tunnel.proxyText : undefined
  }

  stopTimer(): void {
    clearTimeout(this.tunnelTimer)
    this.tunnelTimer = undefined
  }

  destroy(): void {
    this.stopTimer()
    this.socket?.destroy()
    this.raw?.destroy()
    this.tunnel?.destroy()
  }

  /**
   * tls.connect, trusting a server that presents one of the --cacert certificates as its own (curl does). Node
   * verifies as always; only its verdict is taken here, at the same point (before 'secureConnect' reaches
   * anyone else and before any byte of the request is sent), and any failure destroys the socket with the very
   * error Node would have given. Without --cacert Node rejects by itself.
   */
  private tlsConnect(options: tls.ConnectionOptions): tls.TLSSocket {
    const given = this.ctx.givenCerts
    const { connect, checkServerIdentity } = tlsModule()
    const key = sessionKey(this.route, options.ALPNProtocols)
    const session = this.ctx.sessions.get(key)
    const resumed = session ? { ...options, session } : options
    if (!given || given.length === 0) return this.keepSessions(key, leafForIdentity(connect(resumed)))
    const socket = leafForIdentity(connect({ ...resumed, rejectUnauthorized: false }))
    const checkIdentity = (cert: tls.PeerCertificate) =>
      (options.checkServerIdentity ?? checkServerIdentity)(this.route.host, cert)
    socket.prependOnceListener('secureConnect', () => {
      const err = peerTrustError(socket, given, checkIdentity)
      if (err) socket.destroy(err)
    })
    return this.keepSessions(key, socket)
  }

  /**
   * Keeps the socket's TLS sessions for the next connection the same way (TLS 1.3 sends them after the
   * handshake, 1.2 during it): only once the handshake was trusted, never of a socket refused or failed.
   */
  private keepSessions(key: string, socket: tls.TLSSocket): tls.TLSSocket {
    let trusted = false
    let pending: Buffer | undefined
    const keep = (session: Buffer) => {
      if (trusted && !socket.destroyed) this.ctx.sessions.set(key, session)
      else pending = session
    }
    socket.on('session', keep)
    socket.once('secureConnect', () => {
      trusted = !socket.destroyed
      if (pending) keep(pending)
    })
    // A session that led to a failed handshake is not offered again.
    socket.once('error', () => {
      if (!trusted) this.ctx.sessions.delete(key)
    })
    return socket
  }

  /** TLS with the URL's host: SNI and the certificate check are the URL host's, wherever the bytes go. */
  private tlsOptions(alpn: string[]): tls.ConnectionOptions {
    const host = this.route.host
    return {
      // SNI must be a name; the certificate is checked against the URL's host wherever we connect.
      ...(isName(host) ? { servername: host } : {}),
      checkServerIdentity: (_name, cert) => tlsModule().checkServerIdentity(host, cert),
      ...(this.ctx.secureContext ? { secureContext: this.ctx.secureContext() } : {}),
      ALPNProtocols: alpn,
    }
  }

  /**
   * CONNECT through the proxy (node/proxy.ts), then TLS with the host inside the tunnel. Timing: `dns` is the
   * proxy's name, `connect` lasts until the tunnel is open (TCP to the proxy and the CONNECT exchange), `tls` is
   * the handshake with the host. A tunnel not open shortly before the deadline is the proxy's timeout.
   */
  private openTunnel(
    proxy: NonNullable<Route['proxy']>,
    alpn: string[],
    created: Created,
    deadline: { at: number; timeoutMs: number },
  ): void {
    const route = this.route
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
        this.stopTimer()
        if (!this.owner.wanted()) return
        if (err || !raw) {
          this.owner.onError(err)
          return
        }
        this.marks.connect = now()
        created(null, this.useSocket(this.tlsConnect({ ...this.tlsOptions(alpn), socket: raw })))
      },
    )
    this.tunnel = tunnel
    tunnel.socket.once('lookup', () => (this.marks.lookup = now()))
    tunnel.socket.once('close', () => {
      this.tunnelClosed = true
      this.owner.onClose()
    })
    // Decided well before the engine's own timer (which would say only "timeout"), even on a busy event loop.
    const margin = Math.max(
      DEADLINE_MARGIN_MS,
      Math.min(PROXY_MARGIN_MAX_MS, Math.round(deadline.timeoutMs / 10)),
    )
    const waitMs = Math.max(0, Math.round(deadline.at - now() - margin))
    this.tunnelTimer = setTimeout(() => {
      const err = tunnel.timeoutError(waitMs)
      if (err) this.owner.onProxyTimeout(err)
    }, waitMs)
  }

  /** The TLS socket of the connection (direct, or inside the tunnel). */
  private useSocket(socket: tls.TLSSocket): tls.TLSSocket {
    this.socket = socket
    // A handshake refused by tlsConnect is destroyed before this runs: no `tls` time, as when Node refuses it.
    socket.once('secureConnect', () => !socket.destroyed && (this.marks.secure = now()))
    socket.on('error', (err) => this.owner.onError(err))
    socket.once('close', () => {
      this.socketClosed = true
      this.owner.onClose()
    })
    this.ctx.options.onSocket?.(socket)
    return socket
  }
}

/** Sessions are kept by the URL's host (SNI, the certificate's name), where the bytes go, and the ALPN offered. */
function sessionKey(route: Route, alpn: unknown): string {
  const p = route.proxy
  const via = p ? `${String(p.server)}${p.address ? `@${p.address}` : ''}` : ''
  return `${route.host}|${route.address ?? route.connectHost}:${route.connectPort}|${via}|${String(alpn)}`
}

/**
 * Node checks the host name at the end of the handshake with `getPeerCertificate(true)`: the whole chain, each
 * certificate made into an object with three fingerprints, handed to checkServerIdentity, which reads the leaf's
 * `subject` and `subjectaltname` only. That is 0.2–0.5 ms of every handshake, and a wave's handshakes end one
 * after another on one thread. Until the handshake is done, the socket answers that call with the leaf alone (the
 * same object, without `issuerCertificate`): the same names, the same verdict. Afterwards it is Node's again.
 */
function leafForIdentity(socket: tls.TLSSocket): tls.TLSSocket {
  const own = socket.getPeerCertificate
  socket.getPeerCertificate = function (this: tls.TLSSocket) {
    return own.call(this, false)
  } as tls.TLSSocket['getPeerCertificate']
  socket.prependOnceListener('secureConnect', () => Reflect.deleteProperty(socket, 'getPeerCertificate'))
  return socket
}

/**
 * A host name, not an IP literal (SNI takes names only). Decided without net.isIP for names that cannot be an
 * address: its IPv6 pattern is compiled on first use, ~5 ms of every run's start.
 */
function isName(host: string): boolean {
  return /[^\d.]/.test(host) && !host.includes(':') ? true : isIP(host) === 0
}
