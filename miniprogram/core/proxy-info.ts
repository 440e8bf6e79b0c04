import { PROXY_SCHEMES } from './proxy'

/*
 * A report's `environment.proxy` checked, for the report validator (core/report/validate.ts). Its own module so that
 * the panel, which writes that field and never validates one, does not carry the check (issue 31).
 */

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
