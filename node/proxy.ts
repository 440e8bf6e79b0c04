import * as http from 'node:http'
import { BlockList, isIP, LookupFunction } from 'node:net'
import * as net from 'node:net'
import * as tls from 'node:tls'
import { ProxyCode, ProxyInfo } from '../miniprogram/core/proxy'
import { safeField } from '../miniprogram/core/sanitize'

/*
 * The CLI behind an HTTP proxy, as curl behaves:
 * - which proxy: `--proxy` wins over the environment; `--proxy ""` turns every proxy off. From the environment,
 *   an https:// URL reads https_proxy, then HTTPS_PROXY, then all_proxy, then ALL_PROXY; a wss:// URL reads
 *   wss_proxy / WSS_PROXY first and then the same (curl 8.4+, curl/curl#12058). A variable that is set but empty
 *   stops the search (curl: an empty proxy string means no proxy).
 * - which hosts bypass it: `--noproxy` wins over no_proxy / NO_PROXY (curl reads the lower-case one first), and
 *   applies to a `--proxy` proxy too. Matched against the URL's host, as curl's lib/noproxy.c does: see noProxyMatches.
 * - the proxy URL: `[http|https://][user:password@]host[:port]`; no scheme means http://, no port means 1080 for
 *   http:// and 443 for https:// (curl's defaults). SOCKS is refused with a clear message.
 * - the tunnel: `CONNECT host:port` sent with node:http (its documented 'connect' event: Node's own HTTP client and
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

/** Where an unset port goes, as curl: 1080 for an http:// proxy, 443 for an https:// one. */
export const DEFAULT_PROXY_PORT = { http: 1080, https: 443 } as const
/** Response headers accepted from a proxy (Node's default is 16 KB). */
const PROXY_MAX_HEADER_BYTES = 64 * 1024

/** A Basic `Proxy-Authorization` value, kept apart from the object so that no print of it can show it. */
const AUTHORIZATION = new WeakMap<ProxyServer, string>()

/** One proxy: scheme, host, port and where it came from. Credentials are held aside (see `authorization`). */
export class ProxyServer implements ProxyInfo {
  constructor(
    readonly scheme: 'http' | 'https',
    /** Lower-case name, or an IP (IPv6 without brackets). */
    readonly host: string,
    readonly port: number,
    /** `--proxy`, `HTTPS_PROXY`, `all_proxy`…: named in messages. */
    readonly source: string,
    authorization?: string,
  ) {
    if (authorization) AUTHORIZATION.set(this, authorization)
  }

  get hasCredentials(): boolean {
    return AUTHORIZATION.has(this)
  }

  /** The `Proxy-Authorization` header value, or undefined. Only the tunnel reads it. */
  authorization(): string | undefined {
    return AUTHORIZATION.get(this)
  }

  /** `host:port` (IPv6 in brackets): what messages name. */
  get authority(): string {
    return `${isIP(this.host) === 6 ? `[${this.host}]` : this.host}:${this.port}`
  }

  /** `http://proxy.example:3128`: never the credentials. */
  toString(): string {
    return `${this.scheme}://${this.authority}`
  }

  /** What a report keeps: scheme, host and port only. */
  toJSON(): ProxyInfo {
    return { scheme: this.scheme, host: this.host, port: this.port }
  }

  equals(other: ProxyServer | undefined): boolean {
    return (
      !!other &&
      other.scheme === this.scheme &&
      other.host === this.host &&
      other.port === this.port &&
      other.authorization() === this.authorization()
    )
  }
}

/**
 * A proxy URL as it may be shown: whatever comes before the last `@` (user, password) becomes `***`. The
 * authority ends at the last `@` for the URL parser too, so no part of a password survives.
 */
export function redactProxyUrl(raw: string): string {
  const at = raw.lastIndexOf('@')
  if (at < 0) return safeField(raw, 200)
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(raw)?.[0] ?? ''
  return safeField(`${scheme}***@${raw.slice(at + 1)}`, 200)
}

/**
 * Parses a proxy URL (`--proxy`, HTTPS_PROXY…). Throws an Error naming `source` and the redacted URL; returns
 * undefined for an empty string (no proxy).
 */
export function parseProxyUrl(raw: string, source: string): ProxyServer | undefined {
  const text = raw.trim()
  if (text === '') return undefined
  const shown = `${source} "${redactProxyUrl(text)}"`
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)
  const scheme = schemeMatch ? schemeMatch[1].toLowerCase() : 'http'
  if (/^socks/.test(scheme)) {
    throw new Error(`${shown}: SOCKS proxies are not supported; give an http:// or https:// proxy`)
  }
  if (scheme !== 'http' && scheme !== 'https') {
    throw new Error(`${shown}: unsupported proxy scheme "${safeField(scheme, 20)}"; give http:// or https://`)
  }
  let url: URL
  try {
    url = new URL(schemeMatch ? text : `http://${text}`)
  } catch {
    throw new Error(`${shown}: not a proxy URL; expected [http://][user:password@]host[:port]`)
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  if (host === '') throw new Error(`${shown}: the proxy URL names no host`)
  const port = url.port ? Number(url.port) : DEFAULT_PROXY_PORT[scheme]
  let authorization: string | undefined
  if (url.username || url.password) {
    let user: string
    let pass: string
    try {
      user = decodeURIComponent(url.username)
      pass = decodeURIComponent(url.password)
    } catch {
      throw new Error(`${shown}: the credentials have a broken %-escape`)
    }
    authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`
  }
  return new ProxyServer(scheme, host, port, source, authorization)
}

// ——— NO_PROXY ———

interface NoProxyEntry {
  /** A host name (lower case, no leading or trailing dot): matches itself and its subdomains. */
  name?: string
  /** IP literals and CIDR ranges (curl 7.86+). */
  ips?: BlockList
  /** Only this port (`host:port` entries; curl ignores them, Go and proxy-from-env honour them). */
  port?: number
}

export interface NoProxyList {
  /** `*`: no host uses the proxy. */
  all: boolean
  entries: NoProxyEntry[]
}

/**
 * Parses a NO_PROXY list the way curl reads it: entries separated by commas and/or blanks; `*` alone means every
 * host; a leading `.` (and `*.`) and a trailing `.` are ignored; IP addresses may carry a CIDR suffix (`10.0.0.0/8`);
 * `[::1]` may be bracketed. Entries it cannot read are ignored, as curl does. An entry with `:port` applies to that
 * port only (curl would never match such an entry; Go, Python and proxy-from-env treat it so).
 */
export function parseNoProxy(list: string): NoProxyList {
  const tokens = list.split(/[\s,]+/).filter(Boolean)
  if (list.trim() === '*') return { all: true, entries: [] }
  const entries: NoProxyEntry[] = []
  for (const raw of tokens) {
    let token = raw
    let port: number | undefined
    const v6 = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(token)
    if (v6) {
      token = v6[1]
      port = v6[2] !== undefined ? Number(v6[2]) : undefined
    } else {
      const hp = /^([^:]+):(\d{1,5})$/.exec(token)
      if (hp) {
        token = hp[1]
        port = Number(hp[2])
      }
    }
    if (port !== undefined && !(port >= 1 && port <= 65535)) continue
    const cidr = /^(.+)\/(\d{1,3})$/.exec(token)
    const address = cidr ? cidr[1] : token
    const family = isIP(address)
    if (family) {
      const ips = new BlockList()
      const type = family === 6 ? 'ipv6' : 'ipv4'
      try {
        if (cidr) ips.addSubnet(address, Number(cidr[2]), type)
        else ips.addAddress(address, type)
      } catch {
        continue // a prefix longer than the address: curl would never match it either
      }
      entries.push({ ips, ...(port !== undefined ? { port } : {}) })
      continue
    }
    const name = token
      .toLowerCase()
      .replace(/^\*?\.+/, '')
      .replace(/\.+$/, '')
    if (name === '' || name === '*') continue
    entries.push({ name, ...(port !== undefined ? { port } : {}) })
  }
  return { all: false, entries }
}

/**
 * Whether `host` (the URL's host) bypasses the proxy, as curl's Curl_check_noproxy: a name matches an entry equal
 * to it or one it ends with after a dot (`zego.im` matches `zego.im` and `a.zego.im`, not `notzego.im`), case
 * insensitively, trailing dots ignored; an IP host matches only IP entries, by address or CIDR range.
 */
export function noProxyMatches(host: string, port: number, list: NoProxyList): boolean {
  if (list.all) return true
  const bare = host.replace(/^\[(.*)\]$/, '$1')
  const family = isIP(bare)
  const name = bare.toLowerCase().replace(/\.+$/, '')
  return list.entries.some((e) => {
    if (e.port !== undefined && e.port !== port) return false
    if (family) return !!e.ips && e.ips.check(bare, family === 6 ? 'ipv6' : 'ipv4')
    if (!e.name) return false
    return name === e.name || name.endsWith(`.${e.name}`)
  })
}

// ——— settings ———

export interface ProxySettings {
  /** The proxy for https:// URLs, if any. */
  https?: ProxyServer
  /** The proxy for wss:// URLs, if any. */
  wss?: ProxyServer
  noProxy: NoProxyList
  /** Where the NO_PROXY list came from (`--noproxy`, `NO_PROXY`…), when there is one. */
  noProxySource?: string
}

type Env = Record<string, string | undefined>

/** The first of `names` that is set (even to ""), as curl reads lower case first, then upper case. */
function firstSet(env: Env, names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]
    if (value !== undefined) return { name, value }
  }
  return undefined
}

/**
 * The proxy settings of a run: flags over the environment, as curl. Undefined when no probe would use a proxy.
 * Throws an Error (one line, credentials redacted) for a proxy URL it cannot use.
 */
export function proxySettingsFrom(
  env: Env,
  flags: { proxy?: string; noproxy?: string },
): ProxySettings | undefined {
  let https: ProxyServer | undefined
  let wss: ProxyServer | undefined
  if (flags.proxy !== undefined) {
    https = wss = parseProxyUrl(flags.proxy, '--proxy')
  } else {
    const fromEnv = (names: string[]) => {
      const found = firstSet(env, names)
      return found ? parseProxyUrl(found.value, found.name) : undefined
    }
    const httpsNames = ['https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY']
    https = fromEnv(httpsNames)
    wss = fromEnv(['wss_proxy', 'WSS_PROXY', ...httpsNames])
    if (https && wss && https.equals(wss)) wss = https
  }
  if (!https && !wss) return undefined
  const noProxy =
    flags.noproxy !== undefined
      ? { name: '--noproxy', value: flags.noproxy }
      : firstSet(env, ['no_proxy', 'NO_PROXY'])
  return {
    ...(https ? { https } : {}),
    ...(wss ? { wss } : {}),
    noProxy: parseNoProxy(noProxy?.value ?? ''),
    ...(noProxy && noProxy.value.trim() !== '' ? { noProxySource: noProxy.name } : {}),
  }
}

/** The proxy a URL goes through, or undefined (no proxy for its scheme, or NO_PROXY matched its host). */
export function proxyFor(
  settings: ProxySettings | undefined,
  scheme: 'https' | 'wss',
  host: string,
  port: number,
): ProxyServer | undefined {
  const server = settings?.[scheme]
  if (!server || !settings || noProxyMatches(host, port, settings.noProxy)) return undefined
  return server
}

// ——— the tunnel ———

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
  const socket: net.Socket =
    proxy.scheme === 'https'
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
  const req = http.request({
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
