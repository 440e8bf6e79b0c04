import { describeCategory } from './classifier'
import { CATEGORIES, Category, ERROR_CATEGORIES, ErrorCategory, Lang } from './vocabulary'
import { ProbeResult } from './result'
import { CAUSE_TEXT, ERROR_LABELS, fill } from './text'
import { hostnameOf } from './whitelist'

/*
 * What the failing rows of one run have in common, so a reader sees three causes instead of thirty rows:
 * "every probe times out", "all 16 *.zego.im probes fail: TLS", "5 request/uploadFile domains: not
 * whitelisted". Pure: used by the viewer page and, later, the panel.
 */

/** How far a cause reaches. */
export type CauseScope =
  /** Every probe that ran failed this way (at least two of them). */
  | { kind: 'every' }
  /** Every probe of one registrable domain (`*.zego.im`) that ran failed this way, and not every probe did. */
  | { kind: 'domain'; domain: string }
  /** Some rows, named by their categories and hosts. */
  | { kind: 'rows' }

export interface Cause {
  error: ErrorCategory
  scope: CauseScope
  /** Failing rows of this cause. */
  count: number
  /** Rows in the scope that ran (not skipped): equal to `count` for `every` and `domain`. */
  of: number
  /** The whitelist categories involved, in CATEGORIES order. */
  categories: Category[]
  /** Distinct hostnames, sorted. */
  hosts: string[]
  /** Probe ids (`category:url`), in the order of the results. */
  ids: string[]
}

/** Second-level labels under a two-letter country code that are not themselves registrable (com.cn, co.uk). */
const GENERIC_SLD = new Set(['com', 'net', 'org', 'gov', 'edu', 'ac', 'co', 'or', 'ne', 'go'])

/**
 * The registrable domain of a hostname, near enough for grouping: the last two labels, three under a
 * country code with a generic second level (`a.b.com.cn` → `b.com.cn`). An IP address stays whole.
 */
export function registrableDomain(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  if (/^[\d.]+$/.test(host) || host.includes(':')) return host
  const labels = host.split('.')
  if (labels.length <= 2) return host
  const tld = labels[labels.length - 1]
  const sld = labels[labels.length - 2]
  const n = tld.length === 2 && GENERIC_SLD.has(sld) ? 3 : 2
  return labels.slice(-n).join('.')
}

const hostOfUrl = (url: string) => hostnameOf(url)

function makeCause(error: ErrorCategory, scope: CauseScope, rows: ProbeResult[], of: number): Cause {
  const cats = new Set(rows.map((r) => r.category))
  return {
    error,
    scope,
    count: rows.length,
    of,
    categories: CATEGORIES.filter((c) => cats.has(c)),
    hosts: Array.from(new Set(rows.map((r) => hostOfUrl(r.url)))).sort(),
    ids: rows.map((r) => r.id),
  }
}

const SCOPE_ORDER = { every: 0, domain: 1, rows: 2 }

/**
 * The failing rows grouped by cause: one error category each, as wide as it honestly goes (every probe, then
 * whole registrable domains, then the rest as rows). Largest first. Rows without an error are left out.
 */
export function findCauses(results: readonly ProbeResult[]): Cause[] {
  const ran = results.filter((r) => r.status !== 'skipped')
  const ranByDomain = new Map<string, number>()
  for (const r of ran) {
    const d = registrableDomain(hostOfUrl(r.url))
    ranByDomain.set(d, (ranByDomain.get(d) ?? 0) + 1)
  }
  const byError = new Map<ErrorCategory, ProbeResult[]>()
  for (const r of results)
    if (r.status === 'fail' && r.error) {
      const list = byError.get(r.error.category) ?? []
      list.push(r)
      byError.set(r.error.category, list)
    }
  const causes: Cause[] = []
  for (const [error, rows] of Array.from(byError)) {
    if (rows.length === ran.length && ran.length >= 2) {
      causes.push(makeCause(error, { kind: 'every' }, rows, ran.length))
      continue
    }
    const byDomain = new Map<string, ProbeResult[]>()
    for (const r of rows) {
      const d = registrableDomain(hostOfUrl(r.url))
      byDomain.set(d, [...(byDomain.get(d) ?? []), r])
    }
    const rest: ProbeResult[] = []
    for (const [domain, list] of Array.from(byDomain)) {
      if (list.length >= 2 && list.length === ranByDomain.get(domain))
        causes.push(makeCause(error, { kind: 'domain', domain }, list, list.length))
      else rest.push(...list)
    }
    if (rest.length) {
      const order = new Map(rows.map((r, i) => [r, i]))
      rest.sort((a, b) => order.get(a)! - order.get(b)!)
      causes.push(makeCause(error, { kind: 'rows' }, rest, rest.length))
    }
  }
  return causes.sort(
    (a, b) =>
      b.count - a.count ||
      SCOPE_ORDER[a.scope.kind] - SCOPE_ORDER[b.scope.kind] ||
      ERROR_CATEGORIES.indexOf(a.error) - ERROR_CATEGORIES.indexOf(b.error),
  )
}

/** A stable key for the same cause seen in different runs (for counting across a fleet). */
export function causeKey(c: Pick<Cause, 'error' | 'scope' | 'categories'>): string {
  const s = c.scope
  return s.kind === 'every'
    ? `${c.error}|every`
    : s.kind === 'domain'
      ? `${c.error}|domain:${s.domain}`
      : `${c.error}|rows:${c.categories.join('/')}`
}

/** One line, e.g. `all 16 *.zego.im probes fail: TLS` / `*.zego.im 的 16 项全部失败：TLS/证书错误`. */
export function describeCause(
  c: Pick<Cause, 'error' | 'scope' | 'count' | 'categories'>,
  lang: Lang,
): string {
  const s = c.scope
  const kind = s.kind === 'every' ? 'every' : s.kind === 'domain' ? 'domain' : c.count === 1 ? 'row' : 'rows'
  return fill(CAUSE_TEXT[kind][lang], {
    n: c.count,
    label: ERROR_LABELS[c.error][lang],
    cats: c.categories.join('/'),
    domain: s.kind === 'domain' ? s.domain : '',
  })
}

/** What to do about a cause: the error category's hint. */
export const causeHint = (c: Pick<Cause, 'error'>, lang: Lang): string => describeCategory(c.error, lang)
