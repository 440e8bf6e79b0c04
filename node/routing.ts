import { isIP } from 'node:net'
import { ProxyServer, ProxySettings, proxyFor } from './proxy'

/** curl `--resolve host:port:addr`: connect to `address` instead of looking `host` up. `host` '*' = any host. */
export interface ResolveEntry {
  host: string
  port: number
  address: string
}

/**
 * curl `--connect-to host:port:connecthost:connectport`. An empty/absent `host` or `port` matches any; an
 * empty/absent `connectHost` or `connectPort` keeps the original one. TLS SNI, certificate check and the Host
 * header always stay the URL's host.
 */
export interface ConnectToEntry {
  host?: string
  port?: number
  connectHost?: string
  connectPort?: number
}

/** What routing reads of the adapter's options: the curl-style maps and the proxies. */
export interface RouteOptions {
  resolve?: readonly ResolveEntry[]
  connectTo?: readonly ConnectToEntry[]
  /** HTTP proxies (node/proxy.ts): the URLs they apply to go through a CONNECT tunnel. */
  proxy?: ProxySettings
}

/** Where one call connects: `host`/`port` from the URL (SNI, Host header), the rest after the curl-style maps. */
export interface Route {
  host: string
  port: number
  connectHost: string
  connectPort: number
  /** Set when a `resolve` entry gave the address: no lookup happens. */
  address?: string
  /**
   * Through a proxy: `connectHost:connectPort` is what CONNECT asks for (the proxy resolves it), and `address` is
   * the proxy's own address when a `resolve` entry names the proxy's host and port.
   */
  proxy?: { server: ProxyServer; address?: string }
}

/**
 * Applies `connectTo` (first match wins), then `resolve` to the host:port connected to, as curl does. Through a
 * proxy (curl again), the connect-to host:port is what the tunnel asks for and `resolve` applies to the proxy.
 */
export function routeFor(
  host: string,
  port: number,
  options: RouteOptions,
  scheme: 'https' | 'wss' = 'https',
): Route {
  const name = host.toLowerCase()
  let connectHost = name
  let connectPort = port
  const hop = (options.connectTo ?? []).find(
    (e) => (!e.host || e.host.toLowerCase() === name) && (e.port === undefined || e.port === port),
  )
  if (hop) {
    connectHost = hop.connectHost ? hop.connectHost.toLowerCase() : name
    connectPort = hop.connectPort ?? port
  }
  const server = proxyFor(options.proxy, scheme, name, port)
  if (server) {
    const viaResolve =
      isIP(server.host) === 0
        ? (options.resolve ?? []).find(
            (e) => (e.host === '*' || e.host.toLowerCase() === server.host) && e.port === server.port,
          )
        : undefined
    const proxy = { server, ...(viaResolve ? { address: viaResolve.address } : {}) }
    return { host: name, port, connectHost, connectPort, proxy }
  }
  const fixed =
    isIP(connectHost) === 0
      ? (options.resolve ?? []).find(
          (e) => (e.host === '*' || e.host.toLowerCase() === connectHost) && e.port === connectPort,
        )
      : undefined
  return { host: name, port, connectHost, connectPort, ...(fixed ? { address: fixed.address } : {}) }
}

// A host field: a bracketed IPv6 literal, or anything without colons and brackets.
const HOST = String.raw`(\[[^\]]*\]|[^:\[\]]*)`

/** Parses curl's `--resolve [+]host:port:addr` (IPv6 in brackets). Throws an Error saying what is wrong. */
export function parseResolve(spec: string): ResolveEntry {
  const usage = `--resolve "${spec}": expected host:port:address, e.g. example.com:443:127.0.0.1 or example.com:443:[::1]`
  if (spec.startsWith('-')) throw new Error(`${usage} (removing entries with "-host:port" is not supported)`)
  const m = new RegExp(`^\\+?${HOST}:([^:]*):(.*)$`).exec(spec.trim())
  if (!m) throw new Error(usage)
  const host = m[1] === '*' ? '*' : parseHost(m[1], usage, 'host', false)
  const port = parsePort(m[2], usage, 'port', false) as number
  const rawAddress = m[3]
  if (rawAddress.includes(',')) throw new Error(`${usage} (give one address; lists are not supported)`)
  const address = rawAddress.replace(/^\[(.*)\]$/, '$1')
  if (isIP(address) === 0) {
    throw new Error(`${usage} ("${rawAddress}" is not an IP address; IPv6 goes in brackets: [::1])`)
  }
  return { host, port, address }
}

/**
 * Parses curl's `--connect-to host:port:connecthost:connectport` (IPv6 in brackets). Empty host or port = any;
 * empty connecthost or connectport = unchanged. Throws an Error saying what is wrong.
 */
export function parseConnectTo(spec: string): ConnectToEntry {
  const usage =
    `--connect-to "${spec}": expected host:port:connecthost:connectport, ` +
    'e.g. example.com:443:127.0.0.1:8443 (empty host/port = any; IPv6 in brackets)'
  const m = new RegExp(`^${HOST}:([^:]*):${HOST}:([^:]*)$`).exec(spec.trim())
  if (!m) throw new Error(usage)
  const host = parseHost(m[1], usage, 'host', true)
  const port = parsePort(m[2], usage, 'port', true)
  const connectHost = parseHost(m[3], usage, 'connecthost', true)
  const connectPort = parsePort(m[4], usage, 'connectport', true)
  return {
    ...(host ? { host } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(connectHost ? { connectHost } : {}),
    ...(connectPort !== undefined ? { connectPort } : {}),
  }
}

function parseHost(raw: string, usage: string, what: string, emptyOk: boolean): string {
  if (raw === '') {
    if (emptyOk) return ''
    throw new Error(`${usage} (${what} is empty)`)
  }
  if (raw.startsWith('[')) {
    const inner = raw.slice(1, -1)
    if (isIP(inner) !== 6) throw new Error(`${usage} (${what} "${raw}" is not an IPv6 address)`)
    return inner.toLowerCase()
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(raw)) throw new Error(`${usage} (${what} "${raw}" is not a host name)`)
  return raw.toLowerCase()
}

function parsePort(raw: string, usage: string, what: string, emptyOk: boolean): number | undefined {
  if (raw === '' && emptyOk) return undefined
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN
  if (!(port >= 1 && port <= 65535)) {
    throw new Error(`${usage} (${what} "${raw}" is not a number from 1 to 65535)`)
  }
  return port
}
