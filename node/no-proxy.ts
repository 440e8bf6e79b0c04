import { BlockList, isIP } from 'node:net'

/*
 * NO_PROXY: the list of hosts that bypass the proxy, parsed and matched against a URL's host as curl's
 * lib/noproxy.c does (see noProxyMatches). Which variable or flag the list comes from is node/proxy-settings.ts.
 */

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
