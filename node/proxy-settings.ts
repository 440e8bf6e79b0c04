import { ProxyInfo } from '../miniprogram/core/proxy'
import { safeField } from '../miniprogram/core/sanitize'
import { isIP } from 'node:net'
import { NoProxyList, noProxyMatches, parseNoProxy } from './no-proxy'

/*
 * Which proxy a probe goes through, as curl decides it (one job: flags and environment → settings → the proxy
 * of one URL; NO_PROXY's own grammar is node/no-proxy.ts, the CONNECT tunnel node/proxy-tunnel.ts):
 * - which proxy: `--proxy` wins over the environment; `--proxy ""` turns every proxy off. From the environment,
 *   an https:// URL reads https_proxy, then HTTPS_PROXY, then all_proxy, then ALL_PROXY; a wss:// URL reads
 *   wss_proxy / WSS_PROXY first and then the same (curl 8.4+, curl/curl#12058). A variable that is set but empty
 *   stops the search (curl: an empty proxy string means no proxy).
 * - which hosts bypass it: `--noproxy` wins over no_proxy / NO_PROXY (curl reads the lower-case one first), and
 *   applies to a `--proxy` proxy too.
 * - the proxy URL: `[http|https://][user:password@]host[:port]`; no scheme means http://, no port means 1080 for
 *   http:// and 443 for https:// (curl's defaults). SOCKS is refused with a clear message.
 */

/** Where an unset port goes, as curl: 1080 for an http:// proxy, 443 for an https:// one. */
export const DEFAULT_PROXY_PORT = { http: 1080, https: 443 } as const

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
