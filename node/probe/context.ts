/**
 * What every probe call of one Node adapter shares: its options, the --cacert trust, and the constants that set
 * a call's limits (deadline margins, grace periods, header and body caps).
 */
import type { LookupFunction } from 'node:net'
import type * as tls from 'node:tls'
import type { RouteOptions } from '../routing'

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

export interface ProbeContext {
  options: NodeAdapterOptions
  /**
   * The trust for --cacert, built on first use (see withExtraCa: ~20 ms of OpenSSL parsing). The first probes'
   * TCP connections are already under way by then (a call opens TCP first), so their round trips hide it.
   */
  secureContext?: () => tls.SecureContext
  /** The --cacert certificates (DER): a server presenting one of them as its own is trusted (see peerTrustError). */
  givenCerts?: Buffer[]
  downloadLimitBytes: number
  /**
   * TLS sessions to resume, by where and how a connection goes (see sessionKey): what a browser, WeChat's own
   * network stack and curl keep, so a host's later connections skip the certificate exchange. Only a session of
   * a handshake that was verified and trusted is kept.
   */
  sessions: Map<string, Buffer>
}

export type Operation = 'request' | 'uploadFile' | 'downloadFile' | 'connectSocket'

export const DEFAULT_DOWNLOAD_LIMIT_BYTES = 64 * 1024
/** After a WebSocket opens, how long the closing handshake may take before the socket is destroyed. */
export const WS_CLOSE_GRACE_MS = 1000
/** After the status arrived, how long the body (or the final answer after a 1xx) is read for the detail. */
export const BODY_GRACE_MS = 1000
/** Response headers accepted, as Chromium (net::HttpStreamParser: 256 KB). Node's default is 16 KB. */
export const MAX_HEADER_BYTES = 256 * 1024
/** The adapter settles this long before the probe's deadline, so the engine's own timer never races it. */
export const DEADLINE_MARGIN_MS = 25
/** A CONNECT still unanswered this long (at most; a tenth of the timeout when shorter) before the deadline is the proxy's timeout. */
export const PROXY_MARGIN_MAX_MS = 250
/** A body quiet this long when the grace time ends is "stalled" rather than "still arriving". */
export const STALL_MS = 300
export const ALPN_HTTP1 = ['http/1.1']
export const ALPN_H2 = ['h2']
export const USER_AGENT = 'zim-netcheck (node)'

/**
 * A monotonic clock in milliseconds, as performance.now() but without node:perf_hooks, which is ~0.7 ms of a
 * run's start before the first connection (the global `performance` loads it too). A call's marks and deadline
 * are only compared with each other, never with another clock.
 */
export function now(): number {
  const [s, ns] = process.hrtime()
  return s * 1e3 + ns / 1e6
}

/** Body bytes as support reads them: `812 B`, `1.2 KB`, `3.4 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}
