import { CATALOG, CatalogEntry, VersionRange } from './catalog'
import { Category, Purpose } from './vocabulary'

/** Something the resolver tells the user without refusing the input. */
export type ResolveNotice =
  | { code: 'coerced'; input: string; version: string }
  | { code: 'prefixed'; input: string; version: string }
  | { code: 'prerelease'; input: string; version: string }
  | { code: 'latest'; version: string; range: string }
  /** Above every documented range: resolved as the newest documented version (`newest`). */
  | { code: 'beyond'; input: string; version: string; newest: string; range: string }

/** A version that falls between two documented ranges of one purpose. */
export interface GapWarning {
  code: 'gap'
  version: string
  purpose: Purpose
  below: string
  above: string
}

export type ResolveError =
  | { code: 'empty' }
  | { code: 'not_a_version'; input: string }
  | { code: 'too_old'; input: string; version: string; oldest: string }

export interface Resolution {
  ok: true
  input: string
  /** `x.y.z`, or `all` for every row. */
  resolved: string
  entries: CatalogEntry[]
  notices: ResolveNotice[]
  warnings: GapWarning[]
}

export type ResolveResult = Resolution | { ok: false; input: string; error: ResolveError }

export type ParsedVersion =
  | { ok: true; kind: 'all' }
  | { ok: true; kind: 'version'; version: string; notices: ResolveNotice[] }
  | { ok: false; error: ResolveError }

const PARTIAL = /^(\d+)(?:\.(\d+))?$/

/** A SemVer 2.0 version (`v` allowed, as semver's valid() reads it): x.y.z, then `-prerelease` and `+build`. */
const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-(?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z\d-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z\d-]*))*)?(?:\+[a-zA-Z\d-]+(?:\.[a-zA-Z\d-]+)*)?$/

/**
 * A version string as semver's `valid()` reads it (at most 256 characters, trimmed, each number at most 2^53 - 1):
 * its release `x.y.z` and whether it carried a prerelease; null when semver's valid() gives null. The resolver
 * needs no more of semver (test/core/version.test.ts holds it to semver on generated input), so the package
 * ships none of it.
 */
export function readVersion(s: string): { release: string; pre: boolean } | null {
  const m = s.length > 256 ? null : SEMVER.exec(s.trim())
  return m && [m[1], m[2], m[3]].every((n) => +n < 2 ** 53)
    ? { release: `${m[1]}.${m[2]}.${m[3]}`, pre: !!m[4] }
    : null
}

/** Orders two release versions `x.y.z` (as semver's compare() does, by sign). */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.')
  const y = b.split('.')
  for (let i = 0; i < 3; i++) if (+x[i] !== +y[i]) return +x[i] > +y[i] ? 1 : -1
  return 0
}

const gt = (a: string, b: string) => compareVersions(a, b) > 0
const lt = (a: string, b: string) => compareVersions(a, b) < 0

function rangeBounds(catalog: readonly CatalogEntry[]): { oldest: string; newest: VersionRange } {
  let oldest = catalog[0].range.min
  let newest = catalog[0].range
  for (const entry of catalog) {
    if (lt(entry.range.min, oldest)) oldest = entry.range.min
    if (gt(entry.range.min, newest.min)) newest = entry.range
  }
  return { oldest, newest }
}

/** Reads what a user typed as an SDK version. Never throws. */
export function parseSdkVersion(raw: string, catalog: readonly CatalogEntry[] = CATALOG): ParsedVersion {
  const input = typeof raw === 'string' ? raw.trim() : ''
  if (input === '') return { ok: false, error: { code: 'empty' } }
  const { oldest, newest } = rangeBounds(catalog)
  const lower = input.toLowerCase()
  if (lower === 'all') return { ok: true, kind: 'all' }
  if (lower === 'latest') {
    return {
      ok: true,
      kind: 'version',
      version: newest.min,
      notices: [{ code: 'latest', version: newest.min, range: newest.written }],
    }
  }
  const bare = input.replace(/^[vV]/, '')
  const notices: ResolveNotice[] = []
  let version: string
  const exact = readVersion(bare)
  const partial = PARTIAL.exec(bare)
  if (exact !== null) {
    // Build metadata is dropped (`2.13.0+build` → `2.13.0`), a prerelease is matched as its release.
    version = exact.release
    if (exact.pre) notices.push({ code: 'prerelease', input, version })
    else if (bare !== input) notices.push({ code: 'prefixed', input, version })
  } else if (partial) {
    version = `${Number(partial[1])}.${Number(partial[2] ?? 0)}.0`
    notices.push({ code: 'coerced', input, version })
  } else {
    return { ok: false, error: { code: 'not_a_version', input } }
  }
  if (lt(version, oldest)) return { ok: false, error: { code: 'too_old', input, version, oldest } }
  return { ok: true, kind: 'version', version, notices }
}

/**
 * Whether a release version (x.y.z) lies in a documented range: `min` ≤ version ≤ `max` (no `max`: open).
 * The same answer as semver's `satisfies(version, range.semver)` for the two forms the catalog holds
 * (test/core/range.test.ts proves it on every row), without semver's range parser in the mini-program.
 */
export function inRange(version: string, range: VersionRange): boolean {
  return (
    compareVersions(version, range.min) >= 0 &&
    (range.max === undefined || compareVersions(version, range.max) <= 0)
  )
}

/**
 * The rows of one (category, purpose) group that apply to a version: those whose range holds it, or,
 * when the version falls in a hole between two ranges, the nearest range below and the nearest above.
 */
function resolveGroup(version: string, rows: CatalogEntry[]): { rows: CatalogEntry[]; gap?: GapWarning } {
  const direct = rows.filter((r) => inRange(version, r.range))
  if (direct.length > 0) return { rows: direct }
  let below: VersionRange | undefined
  let above: VersionRange | undefined
  for (const { range } of rows) {
    if (range.max !== undefined && lt(range.max, version) && (!below || gt(range.max, below.max as string))) {
      below = range
    }
    if (gt(range.min, version) && (!above || lt(range.min, above.min))) above = range
  }
  // A purpose that ended and never came back, or has not started yet, is not a gap.
  if (!below || !above) return { rows: [] }
  const b = below
  const a = above
  return {
    rows: rows.filter((r) => r.range.written === b.written || r.range.written === a.written),
    gap: { code: 'gap', version, purpose: rows[0].purpose, below: b.written, above: a.written },
  }
}

/**
 * The newest version the table names, when it is the end of a bounded range (`x ~ newest`) that no open range
 * (`及以上`) starting at or after it continues: a version above it is not documented at all. Undefined when an
 * open range covers every later version.
 */
export function newestDocumented(
  catalog: readonly CatalogEntry[] = CATALOG,
): { version: string; range: VersionRange } | undefined {
  let top: VersionRange | undefined
  let open = '0.0.0'
  for (const { range } of catalog) {
    if (range.max === undefined) open = gt(range.min, open) ? range.min : open
    else if (!top || gt(range.max, top.max as string)) top = range
  }
  return top && gt(top.max as string, open) ? { version: top.max as string, range: top } : undefined
}

/** The (category, url) rows that apply to a version, in the documented order; each id once. */
export function resolveVersion(
  version: string,
  catalog: readonly CatalogEntry[] = CATALOG,
): { entries: CatalogEntry[]; warnings: GapWarning[] } {
  const groups = new Map<string, CatalogEntry[]>()
  for (const entry of catalog) {
    const key = `${entry.category}|${entry.purpose}`
    const group = groups.get(key)
    if (group) group.push(entry)
    else groups.set(key, [entry])
  }
  const chosen = new Set<CatalogEntry>()
  const warnings: GapWarning[] = []
  groups.forEach((rows) => {
    const { rows: picked, gap } = resolveGroup(version, rows)
    picked.forEach((r) => chosen.add(r))
    if (
      gap &&
      !warnings.some((w) => w.purpose === gap.purpose && w.below === gap.below && w.above === gap.above)
    ) {
      warnings.push(gap)
    }
  })
  return { entries: once(catalog, chosen), warnings }
}

/** The rows of `catalog` (all, or those in `keep`), each id once: a table may list a domain in two ranges. */
function once(catalog: readonly CatalogEntry[], keep?: Set<CatalogEntry>): CatalogEntry[] {
  const ids: Record<string, 1> = {}
  return catalog.filter((e) => (!keep || keep.has(e)) && !ids[e.id] && (ids[e.id] = 1))
}

/** From what the user typed to the rows to check. Never throws; a bad input is an error, never an empty set. */
export function resolveDomains(raw: string, catalog: readonly CatalogEntry[] = CATALOG): ResolveResult {
  const input = typeof raw === 'string' ? raw.trim() : ''
  const parsed = parseSdkVersion(raw, catalog)
  if (!parsed.ok) return { ok: false, input, error: parsed.error }
  if (parsed.kind === 'all') {
    return { ok: true, input, resolved: 'all', entries: once(catalog), notices: [], warnings: [] }
  }
  // Above every documented version: the docs may have changed since; resolved as the newest documented one.
  const top = newestDocumented(catalog)
  const { notices, version } = parsed
  const beyond = top && gt(version, top.version) ? top : undefined
  if (beyond)
    notices.push({ code: 'beyond', input, version, newest: beyond.version, range: beyond.range.written })
  const { entries, warnings } = resolveVersion(beyond ? beyond.version : version, catalog)
  return { ok: true, input, resolved: version, entries, notices, warnings }
}

/** Documented ranges, newest first, for a version picker. */
export function documentedRanges(catalog: readonly CatalogEntry[] = CATALOG): VersionRange[] {
  const seen = new Map<string, VersionRange>()
  for (const { range } of catalog) seen.set(range.written, range)
  return Array.from(seen.values()).sort(
    (a, b) => compareVersions(b.min, a.min) || (a.max && b.max ? compareVersions(b.max, a.max) : 0),
  )
}

export function entriesByCategory(entries: readonly CatalogEntry[]): Record<Category, CatalogEntry[]> {
  const out: Record<Category, CatalogEntry[]> = { socket: [], request: [], uploadFile: [], downloadFile: [] }
  for (const e of entries) out[e.category].push(e)
  return out
}
