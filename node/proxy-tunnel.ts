import type * as http from 'node:http'
import { isIP, LookupFunction } from 'node:net'
import * as net from 'node:net'
import type * as tls from 'node:tls'
import { ProxyCode } from '../miniprogram/core/proxy'
import { safeField } from '../miniprogram/core/sanitize'
import { httpModule, tlsModule } from './lazy'
import type { ProxyServer } from './proxy-settings'

/*
 * The tunnel through an HTTP proxy, and what its failures are (one job; which proxy is node/proxy-settings.ts):
 * - `CONNECT host:port` sent with node:http (its documented 'connect' event: Node's own HTTP client and
 *   parser, not a hand-written one), Basic `Proxy-Authorization` from the URL's credentials, then TLS to the host
 *   inside the tunnel with the URL host's SNI and certificate check.
 *   https-proxy-agent was the other candidate: it replays a proxy's refusal (403/407) into the request as if the
 *   host had answered it (this adapter would report the host as reached), and it owns the socket to the proxy, so
 *   a CONNECT that is never answered could neither be timed nor closed at the deadline.
 * - --connect-to and --resolve (curl's CURLOPT_CONNECT_TO: "If an HTTP proxy is used for a request having a
 *   special connect to host or port … the HTTP proxy is automatically switched to tunnel mode"): the CONNECT asks
 *   for the connect-to host and port; the host name is resolved by the proxy, never here, so --resolve applies
 *   only to the proxy's own name.
 */

/** Response headers accepted from a proxy (Node's default is 16 KB). */
const PROXY_MAX_HEADER_BYTES = 64 * 1024

/** An Error with one of PROXY_CODES: the proxy failed, not the host. The message never holds credentials. */
export class ProxyError extends Error {
  constructor(
    readonly code: ProxyCode,
    message: string,
  ) {
    super(message)
  }
}

export interface TunnelOptions {
  proxy: ProxyServer
  /** Connect here instead of looking the proxy's name up (curl --resolve for the proxy's host:port). */
  proxyAddress?: string
  /** What CONNECT asks for: the URL's host and port after --connect-to. */
  target: { host: string; port: number }
  lookup?: LookupFunction
  /** Trust for an https:// proxy's certificate (the same roots and --cacert as the hosts). */
  secureContext?: tls.SecureContext
  userAgent: string
}

export interface Tunnel {
  /** The connection to the proxy (TCP, or TLS for an https:// proxy): timing and close tracking. */
  readonly socket: net.Socket
  /** Tunnel established (a 2xx answer to CONNECT). */
  readonly open: boolean
  /** `proxy.example:3128 (HTTPS_PROXY)`, for messages. */
  readonly proxyText: string
  /** The finding for a deadline reached before the tunnel opened; undefined once open. */
  timeoutError(ms: number): ProxyError | undefined
  /** Ends the CONNECT exchange and the connection to the proxy. */
  destroy(): void
}

const TLS_CODE = /^(?:CERT_|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT|UNABLE_TO_|ERR_TLS_|ERR_SSL_|EPROTO$)/
const DNS_CODE = /^(?:ENOTFOUND|EAI_(?:AGAIN|NONAME|FAIL|NODATA))$/
const UNREACHABLE_CODE = /^E(?:CONNREFUSED|HOSTUNREACH|NETUNREACH|HOSTDOWN|ADDRNOTAVAIL|NETDOWN)$/

/** What a socket-level failure on the way to (or with) the proxy is, as a finding. */
function socketFailure(err: NodeJS.ErrnoException, proxy: ProxyServer, target: string, answered: boolean) {
  const code = typeof err.code === 'string' ? err.code : ''
  const raw = safeField(err.message ?? String(err), 300)
  const who = `the proxy ${proxy.authority} (${proxy.source})`
  if (DNS_CODE.test(code)) return new ProxyError('PROXY_DNS', `${who}: its name did not resolve (${code})`)
  if (UNREACHABLE_CODE.test(code)) {
    return new ProxyError('PROXY_UNREACHABLE', `${who} could not be reached: ${raw}`)
  }
  if (code === 'ETIMEDOUT')
    return new ProxyError('PROXY_TIMEOUT', `${who} could not be reached in time: ${raw}`)
  if (code.startsWith('HPE_')) {
    return new ProxyError(
      'PROXY_BAD_RESPONSE',
      `${who} did not answer CONNECT ${target} in HTTP (${code}): is it an HTTP proxy?`,
    )
  }
  if (TLS_CODE.test(code)) {
    return new ProxyError('PROXY_TLS', `${who}: TLS with the https:// proxy failed (${code}): ${raw}`)
  }
  const what = answered ? 'closed the connection' : `closed the connection before answering CONNECT ${target}`
  return new ProxyError('PROXY_CLOSED', `${who} ${what} (${code || raw})`)
}

/** The finding for a non-2xx answer to CONNECT. */
function statusFailure(res: http.IncomingMessage, proxy: ProxyServer, target: string): ProxyError {
  const status = res.statusCode ?? 0
  const line = safeField(`${status} ${res.statusMessage ?? ''}`.trim(), 100)
  const who = `the proxy ${proxy.authority} (${proxy.source})`
  // Squid names its reason in a header (X-Squid-Error: ERR_ACCESS_DENIED 0).
  const squid = res.headers['x-squid-error']
  const why = typeof squid === 'string' ? `, ${safeField(squid, 80)}` : ''
  // 401 is not for proxies, but some answer an unauthenticated CONNECT with it (erebe/wstunnel#544).
  if (status === 407 || status === 401) {
    const wants = res.headers['proxy-authenticate']
    const schemes = (Array.isArray(wants) ? wants : wants ? [wants] : [])
      .map((w) => safeField(w.split(/\s/)[0], 20))
      .filter(Boolean)
    const asked = schemes.length ? `; it asks for ${schemes.join(', ')}` : ''
    const basic = schemes.length > 0 && !schemes.some((s) => s.toLowerCase() === 'basic')
    const note = basic ? ' (zim-netcheck sends Basic credentials only)' : ''
    return new ProxyError(
      'PROXY_AUTH',
      proxy.hasCredentials
        ? `${who} rejected the credentials for CONNECT ${target} (${line}${why})${asked}${note}`
        : `${who} needs credentials for CONNECT ${target} (${line}${why})${asked}${note}`,
    )
  }
  if (status === 502 || status === 503 || status === 504) {
    return new ProxyError('PROXY_UPSTREAM', `${who} could not reach ${target} (${line}${why})`)
  }
  if (status >= 400 && status < 500) {
    return new ProxyError('PROXY_DENIED', `${who} refused the tunnel to ${target} (${line}${why})`)
  }
  return new ProxyError('PROXY_STATUS', `${who} answered CONNECT ${target} with ${line}${why}`)
}

/**
 * Opens `CONNECT target` through the proxy. `done` runs once: with the tunnel's socket (ready for TLS to the host)
 * or with a ProxyError. It never runs after destroy().
 */
export function openTunnel(
  options: TunnelOptions,
  done: (err: ProxyError | null, socket?: net.Socket) => void,
): Tunnel {
  const { proxy, target } = options
  const authority = `${isIP(target.host) === 6 ? `[${target.host}]` : target.host}:${target.port}`
  const connectTo = { host: options.proxyAddress ?? proxy.host, port: proxy.port }
  const tls = proxy.scheme === 'https' ? tlsModule() : undefined
  const socket: net.Socket = tls
    ? tls.connect({
        ...connectTo,
        ...(isIP(proxy.host) === 0 ? { servername: proxy.host } : {}),
        checkServerIdentity: (_name, cert) => tls.checkServerIdentity(proxy.host, cert),
        ...(options.secureContext ? { secureContext: options.secureContext } : {}),
        ...(options.lookup ? { lookup: options.lookup } : {}),
        ALPNProtocols: ['http/1.1'],
      })
    : net.connect({ ...connectTo, ...(options.lookup ? { lookup: options.lookup } : {}) })
  // Errors reach `done` through the request; this one only keeps a late error from being unhandled.
  socket.on('error', () => undefined)
  let settled = false
  let open = false
  let connected = false
  socket.once(proxy.scheme === 'https' ? 'secureConnect' : 'connect', () => (connected = true))
  const settle = (err: ProxyError | null, tunnel?: net.Socket) => {
    if (settled) return
    settled = true
    done(err, tunnel)
  }
  const authorization = proxy.authorization()
  const req = httpModule().request({
    method: 'CONNECT',
    path: authority,
    setHost: false,
    headers: {
      Host: authority,
      'User-Agent': options.userAgent,
      ...(authorization ? { 'Proxy-Authorization': authorization } : {}),
    },
    maxHeaderSize: PROXY_MAX_HEADER_BYTES,
    createConnection: () => socket,
  })
  req.on('error', (err) => settle(socketFailure(err, proxy, authority, false)))
  req.once('connect', (res, tunnel, head) => {
    res.resume()
    const status = res.statusCode ?? 0
    if (status >= 200 && status < 300) {
      open = true
      // Bytes the proxy sent after its answer belong to the host's side of the tunnel.
      if (head.length > 0) tunnel.unshift(head)
      settle(null, tunnel)
      return
    }
    tunnel.destroy()
    settle(statusFailure(res, proxy, authority))
  })
  req.end()
  return {
    socket,
    proxyText: `${proxy.authority} (${proxy.source})`,
    get open() {
      return open
    },
    timeoutError(ms) {
      if (open) return undefined
      const who = `the proxy ${proxy.authority} (${proxy.source})`
      return connected
        ? new ProxyError('PROXY_TIMEOUT', `${who} did not answer CONNECT ${authority} within ${ms} ms`)
        : new ProxyError('PROXY_TIMEOUT', `${who} could not be connected to within ${ms} ms`)
    },
    destroy() {
      settled = true
      req.destroy()
      socket.destroy()
    },
  }
}
