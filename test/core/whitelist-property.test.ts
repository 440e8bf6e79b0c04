/**
 * Property-style checks of the whitelist diff: over every documented SDK range (and `all`, `latest`, the
 * versions in the table's holes) and thousands of random partial configurations, the diff's advice is
 * followed in one step to a clean diff and never deletes an entry ZIM needs in that list.
 */
import { CATALOG, CatalogEntry } from '../../miniprogram/core/catalog'
import { documentedRanges, resolveDomains } from '../../miniprogram/core/resolver'
import { CATEGORIES, Category } from '../../miniprogram/core/vocabulary'
import {
  canonicalEntry,
  ConfiguredLists,
  hostnameOf,
  WECHAT_WHITELIST,
  WhitelistRules,
} from '../../miniprogram/core/whitelist'
import { applyWhitelistAdvice, diffWhitelist, WhitelistDiff } from '../../miniprogram/core/whitelist-diff'
import { mulberry32 } from '../helpers/random'

type Rng = () => number
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]
function shuffle<T>(rng: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    ;[xs[i], xs[j]] = [xs[j], xs[i]]
  }
  return xs
}

const host = (url: string) => url.replace(/^[a-z]+:\/\//, '')

/** The same needed URL written differently but equal for the console: case, trailing slash, a path. */
function cosmetic(rng: Rng, url: string): string {
  return pick(rng, [
    url,
    url.toUpperCase(),
    `${url}/`,
    `${url}/some/path`,
    `  ${url}  `,
    url.replace(/^[a-z]+/, (s) => s.toUpperCase()),
  ])
}

/** The same domain in a form the console does not match: another scheme, no scheme, a port. */
function wrongForm(rng: Rng, url: string): string {
  const h = host(url)
  const right = url.slice(0, url.indexOf(':'))
  const schemes = ['https', 'wss', 'http', 'ws'].filter((s) => s !== right)
  return pick(rng, [
    `${pick(rng, schemes)}://${h}`,
    `${pick(rng, schemes)}://${h}/`,
    h,
    `${h}/`,
    `${url}:443`,
    `${url}:8443/`,
    `${pick(rng, schemes).toUpperCase()}://${h.toUpperCase()}`,
  ])
}

const OWN = ['https://api.customer.example', 'wss://im.customer.example', 'https://cdn.customer.example:8443']
const JUNK = ['https://', 'not a url', 'ftp://files.example', 'https://[::1]:443', '*.zego.im']

interface Case<K extends string> {
  needs: Map<K, string[]>
  configured: ConfiguredLists<K>
}

/** A random partial configuration of `lists` for these needs: every kind of mistake a user makes. */
function randomConfig<K extends string>(
  rng: Rng,
  lists: readonly K[],
  needs: Map<K, string[]>,
  otherZim: readonly string[],
): ConfiguredLists<K> {
  const out = {} as ConfiguredLists<K>
  for (const k of lists) out[k] = []
  const other = (k: K) => pick(rng, lists.filter((l) => l !== k).concat(lists.length === 1 ? [k] : []))
  for (const k of lists) {
    for (const url of needs.get(k) ?? []) {
      const r = rng()
      if (r < 0.35) out[k].push(url)
      else if (r < 0.45) out[k].push(cosmetic(rng, url))
      else if (r < 0.62)
        continue // not configured
      else if (r < 0.72) out[k].push(wrongForm(rng, url))
      else if (r < 0.8) out[other(k)].push(pick(rng, [url, cosmetic(rng, url), wrongForm(rng, url)]))
      else if (r < 0.86)
        out[k].push(url, cosmetic(rng, url)) // duplicate
      else if (r < 0.9)
        out[k].push(wrongForm(rng, url), url) // redundant wrong form next to the right one
      else if (r < 0.94) out[k].push(wrongForm(rng, url), wrongForm(rng, url))
      else {
        out[k].push(url) // right, and a stray copy elsewhere
        out[other(k)].push(pick(rng, [url, wrongForm(rng, url)]))
      }
    }
  }
  const extras = 1 + Math.floor(rng() * 4)
  for (let i = 0; i < extras; i++) {
    const k = pick(rng, lists)
    const r = rng()
    out[k].push(r < 0.5 ? pick(rng, OWN) : r < 0.8 ? pick(rng, otherZim) : pick(rng, JUNK))
  }
  // Sometimes an entire list is left empty, sometimes everything lands in one list.
  if (rng() < 0.05) out[pick(rng, lists)] = []
  if (rng() < 0.03) {
    const all = lists.flatMap((k) => out[k])
    for (const k of lists) out[k] = []
    out[pick(rng, lists)] = all
  }
  for (const k of lists) shuffle(rng, out[k])
  return out
}

/** Caches a string function: the checks call canonical/hostKey on the same strings many times. */
function memo(f: (s: string) => string): (s: string) => string {
  const cache = new Map<string, string>()
  return (s) => {
    let v = cache.get(s)
    if (v === undefined) cache.set(s, (v = f(s)))
    return v
  }
}

/**
 * Checks every property of one (needs, configured) case and returns the broken ones (plain comparisons, so
 * thousands of cases stay fast), plus the diff for counting.
 */
function checkCase<K extends string>(
  entries: readonly CatalogEntry[],
  rules: WhitelistRules<K>,
  { needs, configured }: Case<K>,
): { problems: string[]; diff: WhitelistDiff<K> } {
  const { lists } = rules
  const canonical = memo(rules.canonical)
  const hostKey = memo(rules.hostKey)
  const problems: string[] = []
  const must = (cond: boolean, what: string) => {
    if (!cond) problems.push(what)
  }
  const same = (a: readonly string[], b: readonly string[], what: string) =>
    must(a.length === b.length && a.every((x, i) => x === b[i]), `${what}: ${a.join(',')} vs ${b.join(',')}`)
  const need = (k: K) => needs.get(k) ?? []
  const sets = (of: (k: K) => readonly string[], key: (e: string) => string) =>
    new Map(lists.map((k) => [k, new Set(of(k).map(key))]))
  const needCanon = sets(need, canonical)
  const needHosts = sets(need, hostKey)
  const confHosts = sets((k) => configured[k], hostKey)
  const needsHost = (k: K, h: string) => needHosts.get(k)!.has(h)
  const isNeeded = (k: K, e: string) => needCanon.get(k)!.has(canonical(e))
  const exactIn = (c: ConfiguredLists<K>) => {
    const canon = sets((k) => c[k], canonical)
    return (k: K, u: string) => canon.get(k)!.has(canonical(u))
  }
  const hasExact = exactIn(configured)
  const hasHost = (k: K, h: string) => confHosts.get(k)!.has(h)
  const zimHosts = new Set(lists.flatMap((k) => need(k).map(hostKey)))
  const diff = diffWhitelist(entries, configured, rules)

  // 1. `missing` is the pairs the console lacks, each once; wrongScheme and wrongCategory are subsets of it.
  const lacking = lists.flatMap((k) =>
    need(k)
      .filter((u) => !hasExact(k, u))
      .map((u) => `${k} ${u}`),
  )
  const pairs = (items: readonly { category: K; url: string }[]) => items.map((i) => `${i.category} ${i.url}`)
  same(pairs(diff.missing).sort(), [...lacking].sort(), 'lacking pairs')
  for (const i of [...diff.wrongScheme, ...diff.wrongCategory])
    must(diff.missing.includes(i), `${i.category} ${i.url} is a wrong form or place but not in missing`)
  must(diff.ok === (lacking.length === 0), 'ok')

  // 2. Wrong category only where the domain sits in lists that do not need it (the rule).
  for (const i of diff.wrongCategory) {
    const h = hostKey(i.url)
    must(!hasHost(i.category, h), `wrongCategory ${i.url} is in ${i.category}`)
    must((i.listedUnder ?? []).length > 0, `wrongCategory ${i.url} without listedUnder`)
    for (const b of i.listedUnder ?? [])
      must(!needsHost(b, h) && hasHost(b, h), `wrongCategory ${i.category} ${i.url} listedUnder ${b}`)
  }
  // 3. Missing in no form and in no wrong place: a plain add (alsoListedUnder only names lists that need it).
  for (const i of diff.missing) {
    if (diff.wrongScheme.includes(i) || diff.wrongCategory.includes(i)) continue
    const h = hostKey(i.url)
    must(!hasHost(i.category, h), `missing ${i.category} ${i.url} is there`)
    for (const b of lists)
      if (b !== i.category && hasHost(b, h)) must(needsHost(b, h), `missing ${i.url} sits in ${b}`)
  }
  for (const i of diff.missing)
    for (const b of i.alsoListedUnder ?? []) {
      const h = hostKey(i.url)
      must(needsHost(b, h) && hasHost(b, h), `missing ${i.url} alsoListedUnder ${b}`)
    }
  // 4. Wrong scheme: an entry of that list, same domain, a form that list does not need.
  for (const i of diff.wrongScheme) {
    const c = i.configured ?? ''
    must(configured[i.category].includes(c), `wrongScheme ${c} not in ${i.category}`)
    must(hostKey(c) === hostKey(i.url), `wrongScheme ${c} for ${i.url}`)
    must(!isNeeded(i.category, c), `wrongScheme ${c} is needed`)
  }
  // 5. Extras are exactly the non-ZIM entries, once each.
  const extraKeys = (c: ConfiguredLists<K>) =>
    lists
      .flatMap((k) => c[k].filter((e) => !zimHosts.has(hostKey(e))).map((e) => `${k} ${canonical(e)}`))
      .filter((key, i, all) => all.indexOf(key) === i)
      .sort()
  same(diff.extra.map((i) => `${i.category} ${canonical(i.url)}`).sort(), extraKeys(configured), 'extra')
  // 6. The add blocks are the lacking pairs, list by list, in catalog order.
  same(
    diff.advice.add.flatMap((b) => b.domains.map((u) => `${b.category} ${u}`)),
    lacking,
    'add blocks',
  )

  // 7. Following the advice: one step to clean; nothing ZIM needs, nothing of the user's own, is lost.
  for (const r of diff.advice.remove) {
    if (r.reason !== 'duplicate')
      must(
        zimHosts.has(hostKey(r.entry)) && !isNeeded(r.category, r.entry),
        `removes ${r.category} ${r.entry} (${r.reason})`,
      )
  }
  const after = applyWhitelistAdvice(configured, diff.advice)
  const hasAfter = exactIn(after)
  for (const k of lists) {
    for (const u of need(k)) must(hasAfter(k, u), `after: ${k} lacks ${u}`)
    const keys = after[k].map(canonical)
    must(new Set(keys).size === keys.length, `after: duplicates in ${k}`)
    for (const e of after[k])
      if (zimHosts.has(hostKey(e)))
        must(isNeeded(k, e), `after: ${k} still has ZIM entry ${e} it does not need`)
  }
  same(extraKeys(after), extraKeys(configured), 'after: extras kept')
  const again = diffWhitelist(entries, after, rules)
  must(again.ok, 'after: not ok')
  must(again.advice.add.length + again.advice.remove.length === 0, 'after: advice')
  const twice = applyWhitelistAdvice(after, again.advice)
  for (const k of lists) same(twice[k], after[k], 'after: idempotent')

  // 8. Pasting only the add blocks (deleting nothing) already makes the diff ok.
  const pasted = applyWhitelistAdvice(configured, { add: diff.advice.add, remove: [] })
  must(diffWhitelist(entries, pasted, rules).ok, 'add blocks alone do not make it ok')
  return { problems, diff }
}

/** Every documented range's both ends, the first version of each hole, `latest` and `all`. */
function versions(): string[] {
  const out = new Set<string>(['all', 'latest'])
  for (const r of documentedRanges()) {
    out.add(r.min)
    if (r.max) {
      out.add(r.max)
      const [a, b, c] = r.max.split('.').map(Number)
      out.add(`${a}.${b}.${c + 1}`)
    }
  }
  return [...out]
}

const WECHAT_NEEDS = (entries: readonly CatalogEntry[]) => {
  const m = new Map<Category, string[]>(CATEGORIES.map((c) => [c, []]))
  for (const e of entries) if (!m.get(e.category)!.includes(e.url)) m.get(e.category)!.push(e.url)
  return m
}

// Under `npm run mutate` (jest.stryker.config.js) each mutant re-runs these on instrumented code: a sample.
const MUTATION = process.env.ZIM_NETCHECK_MUTATION === '1'

describe('whitelist diff properties (seeded random configurations)', () => {
  const all = versions()
  const CASES_PER_VERSION = MUTATION ? 40 : 220

  it('covers every range: both ends, the holes, latest and all', () => {
    expect(all).toEqual(expect.arrayContaining(['1.2.0', '2.1.5', '2.1.6', '2.11.1', '2.12.1', '2.13.0']))
    for (const v of all) expect(resolveDomains(v).ok).toBe(true)
  })

  it.each(all)('SDK %s: advice reaches a clean diff in one step and keeps what ZIM needs', (v) => {
    const res = resolveDomains(v)
    if (!res.ok) throw new Error(v)
    const needs = WECHAT_NEEDS(res.entries)
    const mine = new Set(res.entries.map((e) => hostnameOf(e.url)))
    const otherZim = CATALOG.filter((e) => !mine.has(hostnameOf(e.url))).map((e) => e.url)
    const seen = { wrongCategory: 0, alsoListed: 0, wrongScheme: 0, duplicate: 0, ok: 0 }
    for (let i = 0; i < CASES_PER_VERSION; i++) {
      const seed = 0x19 * 100_000 + all.indexOf(v) * 1000 + i
      const rng = mulberry32(seed)
      const configured = randomConfig(rng, CATEGORIES, needs, otherZim.length ? otherZim : OWN)
      const { problems, diff: d } = checkCase(res.entries, WECHAT_WHITELIST, { needs, configured })
      if (problems.length > 0) {
        throw new Error(`SDK ${v}, seed ${seed}: ${problems.join('; ')}\n${JSON.stringify(configured)}`)
      }
      seen.wrongCategory += d.wrongCategory.length
      seen.alsoListed += d.missing.filter((m) => m.alsoListedUnder).length
      seen.wrongScheme += d.wrongScheme.length
      seen.duplicate += d.advice.remove.filter((r) => r.reason === 'duplicate').length
      seen.ok += d.ok ? 1 : 0
    }
    // The generator really produced every kind of mistake.
    expect(seen.wrongCategory).toBeGreaterThan(0)
    expect(seen.wrongScheme).toBeGreaterThan(0)
    expect(seen.duplicate).toBeGreaterThan(0)
    if (res.entries.some((e) => res.entries.some((f) => f.url === e.url && f.category !== e.category)))
      expect(seen.alsoListed).toBeGreaterThan(0)
  })
})

describe("the same function and properties for other platforms' list layouts", () => {
  // Alipay keeps one list for every API; a platform may also split socket from the rest.
  const single: WhitelistRules<'server'> = {
    lists: ['server'],
    listOf: () => 'server',
    canonical: canonicalEntry,
    hostKey: hostnameOf,
  }
  const split: WhitelistRules<'socket' | 'http'> = {
    lists: ['socket', 'http'],
    listOf: (e) => (e.category === 'socket' ? 'socket' : 'http'),
    canonical: canonicalEntry,
    hostKey: hostnameOf,
  }
  const needsFor = <K extends string>(rules: WhitelistRules<K>, entries: readonly CatalogEntry[]) => {
    const m = new Map<K, string[]>(rules.lists.map((k) => [k, []]))
    for (const e of entries) {
      const l = m.get(rules.listOf(e))!
      if (!l.includes(e.url)) l.push(e.url)
    }
    return m
  }

  it.each(['2.1.5', '2.12.0', 'latest', 'all'])('SDK %s, one list and two lists', (v) => {
    const res = resolveDomains(v)
    if (!res.ok) throw new Error(v)
    for (const rules of [single, split] as WhitelistRules<string>[]) {
      const needs = needsFor(rules, res.entries)
      for (let i = 0; i < (MUTATION ? 25 : 120); i++) {
        const seed = 0x19 * 200_000 + i
        const configured = randomConfig(mulberry32(seed), rules.lists, needs, OWN)
        const { problems } = checkCase(res.entries, rules, { needs, configured })
        if (problems.length > 0)
          throw new Error(`${rules.lists.join('+')}, SDK ${v}, seed ${seed}: ${problems.join('; ')}`)
      }
    }
  })
})
