import { ErrorCategory, Lang, PROXY_CODES, ProxyCode } from './vocabulary'
import { fill } from './text-base'
import { PROXY_FINDING_TEXT } from './text-cli'
import { PROXY_NOTE_TEXT } from './text-report'

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

export { PROXY_CODES } from './vocabulary'
export type { ProxyCode } from './vocabulary'

export function isProxyCode(code: unknown): code is ProxyCode {
  return typeof code === 'string' && (PROXY_CODES as readonly string[]).includes(code)
}

/** `http://proxy.example:3128`. */
export function proxyText(p: ProxyInfo): string {
  return `${p.scheme}://${p.host.includes(':') ? `[${p.host}]` : p.host}:${p.port}`
}

const MAX_HOSTS = 4

function hostsText(hosts: string[], lang: Lang): string {
  const shown = hosts.slice(0, MAX_HOSTS)
  const more = hosts.length - shown.length
  const T = PROXY_FINDING_TEXT
  return (
    shown.join(T.hostSep[lang]) + (more > 0 ? fill(T.moreHosts[lang], { total: hosts.length, more }) : '')
  )
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
    fill(PROXY_FINDING_TEXT.findings[c][lang], { hosts: hostsText(byCode.get(c)!, lang) }),
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
    return fill(PROXY_NOTE_TEXT.via[lang], { proxy: p })
  }
  const suspect = results.some(
    (r) => r.status === 'fail' && r.error && SYSTEM_PROXY_CATEGORIES.includes(r.error.category),
  )
  if (env.hasSystemProxy !== true || !suspect) return ''
  return PROXY_NOTE_TEXT.systemProxy[lang]
}
