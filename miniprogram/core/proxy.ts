import type { ErrorCategory } from './vocabulary'
import { Lang } from './vocabulary'

/**
 * Proxies in reports. The CLI can run through an HTTP proxy (HTTPS_PROXY, --proxy): the report keeps which one
 * (scheme, host and port, never credentials), and a failure at the proxy is its own finding (category `proxy`,
 * one code per kind below), never the host's. On phones the report keeps `hasSystemProxy`; when it is true and
 * rows fail the way a proxy makes them fail, the verdict names it.
 */

/** The proxy a run went through, as a report keeps it. */
export interface ProxyInfo {
  scheme: 'http' | 'https'
  /** Name or IP (IPv6 without brackets). */
  host: string
  port: number
}

export const PROXY_SCHEMES = ['http', 'https'] as const

/** `error.code` of a probe that failed at the proxy (Node adapter). The classifier files every one under `proxy`. */
export const PROXY_CODES = [
  /** The proxy's own name did not resolve. */
  'PROXY_DNS',
  /** The proxy refused the TCP connection, or could not be reached. */
  'PROXY_UNREACHABLE',
  /** No answer from the proxy in time (to the connection, or to CONNECT). */
  'PROXY_TIMEOUT',
  /** The proxy closed the connection without answering CONNECT. */
  'PROXY_CLOSED',
  /** TLS with an https:// proxy failed. */
  'PROXY_TLS',
  /** The proxy's answer is not HTTP. */
  'PROXY_BAD_RESPONSE',
  /** 407: the proxy needs (other) credentials. */
  'PROXY_AUTH',
  /** 403 and other 4xx: the proxy refused the tunnel to this host. */
  'PROXY_DENIED',
  /** 502/503/504: the proxy could not reach the host. */
  'PROXY_UPSTREAM',
  /** Any other answer than 2xx. */
  'PROXY_STATUS',
] as const
export type ProxyCode = (typeof PROXY_CODES)[number]

export function isProxyCode(code: unknown): code is ProxyCode {
  return typeof code === 'string' && (PROXY_CODES as readonly string[]).includes(code)
}

const HOST = /^(?:[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/

/** Why `value` is not a ProxyInfo, or '' when it is one. Only scheme, host and port are allowed. */
export function proxyInfoProblem(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'must be {scheme, host, port}'
  const v = value as Record<string, unknown>
  const extra = Object.keys(v).filter((k) => k !== 'scheme' && k !== 'host' && k !== 'port')
  if (extra.length) return 'must hold only scheme, host and port'
  if (!(PROXY_SCHEMES as readonly unknown[]).includes(v.scheme)) return 'scheme must be http or https'
  if (typeof v.host !== 'string' || v.host.length === 0 || v.host.length > 253 || !HOST.test(v.host))
    return 'host must be a host name or an IP address'
  if (typeof v.port !== 'number' || !Number.isInteger(v.port) || v.port < 1 || v.port > 65535)
    return 'port must be a number from 1 to 65535'
  return ''
}

/** `http://proxy.example:3128`. */
export function proxyText(p: ProxyInfo): string {
  return `${p.scheme}://${p.host.includes(':') ? `[${p.host}]` : p.host}:${p.port}`
}

type HostsText = (hosts: string, lang: Lang) => string

/** What each proxy failure means and what to do, zh first; `hosts` lists the hosts it hit. */
const FINDINGS: Record<ProxyCode, HostsText> = {
  PROXY_DNS: (h, l) =>
    l === 'zh'
      ? `代理服务器的域名无法解析（${h}）：检查代理地址（HTTPS_PROXY / --proxy）`
      : `the proxy's own name did not resolve (${h}): check the proxy address (HTTPS_PROXY / --proxy)`,
  PROXY_UNREACHABLE: (h, l) =>
    l === 'zh'
      ? `连不上代理服务器（${h}）：检查代理地址和端口，以及代理是否在运行`
      : `the proxy could not be reached (${h}): check its address and port, and whether it is running`,
  PROXY_TIMEOUT: (h, l) =>
    l === 'zh'
      ? `代理服务器没有在时限内应答（${h}）：代理可能过载，或被防火墙拦截`
      : `the proxy did not answer in time (${h}): it may be overloaded or blocked by a firewall`,
  PROXY_CLOSED: (h, l) =>
    l === 'zh'
      ? `代理服务器未应答就断开了连接（${h}）：它可能不是 HTTP 代理，或丢弃了这些请求`
      : `the proxy closed the connection without answering (${h}): it may not be an HTTP proxy, or it dropped the requests`,
  PROXY_TLS: (h, l) =>
    l === 'zh'
      ? `与 https:// 代理的 TLS 握手失败（${h}）：检查代理的证书（可用 --cacert 信任它的 CA）`
      : `TLS with the https:// proxy failed (${h}): check its certificate (trust its CA with --cacert)`,
  PROXY_BAD_RESPONSE: (h, l) =>
    l === 'zh'
      ? `代理的应答不是 HTTP（${h}）：代理地址可能指向了别的服务（或 SOCKS 代理）`
      : `the proxy's answer is not HTTP (${h}): the address may point at another service (or a SOCKS proxy)`,
  PROXY_AUTH: (h, l) =>
    l === 'zh'
      ? `代理要求身份验证（${h}）：在代理地址中写入账号（http://用户:密码@主机:端口），或请 IT 核对账号`
      : `the proxy needs authentication (${h}): put the account in the proxy URL (http://user:password@host:port), or ask IT to check it`,
  PROXY_DENIED: (h, l) =>
    l === 'zh' ? `代理拒绝了到 ${h} 的连接：请让 IT 放行` : `the proxy refused ${h}: ask IT to allow it`,
  PROXY_UPSTREAM: (h, l) =>
    l === 'zh'
      ? `代理连不上 ${h}：服务器可能不可用，或在代理之外被拦截`
      : `the proxy could not reach ${h}: the host may be down, or blocked beyond the proxy`,
  PROXY_STATUS: (h, l) =>
    l === 'zh'
      ? `代理对到 ${h} 的 CONNECT 返回了错误：把原始信息发给 IT`
      : `the proxy answered CONNECT to ${h} with an error: send the raw message to IT`,
}

const MAX_HOSTS = 4

function hostsText(hosts: string[], lang: Lang): string {
  const shown = hosts.slice(0, MAX_HOSTS)
  const more = hosts.length - shown.length
  if (lang === 'zh') return shown.join('、') + (more > 0 ? ` 等 ${hosts.length} 个域名` : '')
  return shown.join(', ') + (more > 0 ? ` and ${more} more` : '')
}

function hostOf(url: string): string {
  const m = /^[a-z]+:\/\/(\[[^\]]*\]|[^/:?#]*)/i.exec(url)
  return m ? m[1] : url
}

interface Row {
  url: string
  status: string
  error?: { category: ErrorCategory; code?: string }
}

/** One line per kind of proxy failure, naming the hosts it hit, zh or en; [] when nothing failed at the proxy. */
export function proxyFindings(results: readonly Row[], lang: Lang): string[] {
  const byCode = new Map<ProxyCode, string[]>()
  for (const r of results) {
    if (r.status !== 'fail' || !r.error || r.error.category !== 'proxy' || !isProxyCode(r.error.code))
      continue
    const hosts = byCode.get(r.error.code) ?? []
    const host = hostOf(r.url)
    if (!hosts.includes(host)) hosts.push(host)
    byCode.set(r.error.code, hosts)
  }
  return PROXY_CODES.filter((c) => byCode.has(c)).map((c) =>
    FINDINGS[c](hostsText(byCode.get(c)!, lang), lang),
  )
}

/** Error categories a phone's system proxy typically causes. */
const SYSTEM_PROXY_CATEGORIES: readonly ErrorCategory[] = ['timeout', 'tls', 'refused']

/**
 * What the verdict adds about proxies: the proxy a CLI run went through, or, on a phone with a system proxy,
 * that the proxy is a likely cause of timeout/TLS/refused failures. '' when there is nothing to say.
 */
export function proxyVerdictNote(
  results: readonly Row[],
  env: { proxy?: ProxyInfo; hasSystemProxy?: boolean } | undefined,
  lang: Lang,
): string {
  if (!env) return ''
  if (env.proxy) {
    const p = proxyText(env.proxy)
    return lang === 'zh' ? `（经代理 ${p}）` : ` (via proxy ${p})`
  }
  const suspect = results.some(
    (r) => r.status === 'fail' && r.error && SYSTEM_PROXY_CATEGORIES.includes(r.error.category),
  )
  if (env.hasSystemProxy !== true || !suspect) return ''
  return lang === 'zh'
    ? '；可能原因：手机设置了系统代理，关闭代理或换个网络后重试'
    : '; likely cause: a system proxy is set on this phone; turn it off or try another network'
}
