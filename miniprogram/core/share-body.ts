/*
 * The share link's body format: a report ⇄ a body of varints, enum indexes, inline-deduplicated UTF-8 strings and
 * rows by catalog index. One description for both ways (`row`, `body`): writing, each helper writes its argument;
 * reading, it returns what it read. Changing an enum or the CATALOG order needs a new link version (core/share.ts).
 */
import { readVarint, utf8Decode, utf8Encode, writeVarint } from './bytes'
import { CATALOG } from './catalog'
import { fill } from './text'
import { SHARE_TRIMMED } from './text-view'
import {
  CATEGORIES,
  CAVEATS,
  ENV_FLAG_FIELDS,
  ENV_TEXT_FIELDS,
  ENV_VERSIONS,
  EnvVersion,
  ERROR_CATEGORIES,
  NOT_ENFORCED_REASONS,
  PLATFORM_IDS,
  PROBE_STATUSES,
  PURPOSES,
  RUNTIMES,
  SKIP_REASONS,
  TIMING_KEYS,
} from './vocabulary'
import { ProbeResult, ProbeTiming } from './result'
import { PROXY_SCHEMES } from './proxy'
import { Report, REPORT_SCHEMA, ReportOptions, summarize } from './report'

/** The environment's fields in mask-bit order: 10 strings, 2 booleans, envVersion. */
const ENV: readonly string[] = [...ENV_TEXT_FIELDS, ...ENV_FLAG_FIELDS, 'envVersion']

// The report's flags (the body's first varint).
const REPORT_COMPLETE = 1
/** createdAt is an exact ISO time, written as milliseconds instead of text. */
const REPORT_ISO_TIME = 2
const REPORT_ONLY = 4
const REPORT_PROXY = 8

// A row's header: the status index in bits 0-1 (`& 3`), then these flags.
const ROW_ERROR = 4
const ROW_STATUS_CODE = 8
const ROW_TIMING = 16
const ROW_CAVEATS = 32
const ROW_SKIP_REASON = 64
/** The purpose differs from the catalog row's (or the row is not in the catalog). */
const ROW_PURPOSE = 128

// An error's header: the error category's index in bits 0-3 (`& 15`), then these flags.
const ERROR_ERRNO = 16
const ERROR_CODE = 32

// Not an Error subclass: `instanceof` on those breaks when DevTools compiles to ES5.
export class Bad {
  constructor(readonly message: string) {}
}
export const bad = (msg = 'the shared report is malformed'): never => {
  throw new Bad(msg)
}
/** `mask` when `v` is present, else 0. */
const flag = (v: unknown, mask: number) => (v !== undefined ? mask : 0)
const list = <T>(n: number, f: (k: number) => T): T[] => {
  const a: T[] = []
  for (let k = 0; k < n; k++) a.push(f(k)) // f reads ≥ 1 byte, so a hostile n ends at the body's end
  return a
}

/**
 * One codec for both ways. Writing, each helper below writes its argument and returns it; reading, it ignores the
 * argument and returns what it read, so `row` and `body` describe the format once.
 */
export interface Codec {
  writing: boolean
  bytes: number[]
  /** Reading: the next byte. */
  at: number
  /** Reading: the strings met so far, by index. */
  strings: string[]
  /** Writing: the strings written so far, with their index. */
  seen: Map<string, number>
}

export const codec = (writing: boolean, bytes: number[]): Codec => ({
  writing,
  bytes,
  at: 0,
  strings: [],
  seen: new Map(),
})

/** An unsigned integer (rounded; negative as 0). */
function varint(io: Codec, n = 0): number {
  if (io.writing) {
    writeVarint(io.bytes, (n = Math.max(0, Math.round(n))))
    return n
  }
  return readVarint(io.bytes, io, bad)
}

/** A signed integer, zigzag: 0, -1, 1, -2 … as 0, 1, 2, 3 … */
function signed(io: Codec, n = 0): number {
  const z = varint(io, (n = Math.round(n)) < 0 ? -2 * n - 1 : 2 * n)
  return z % 2 ? -(z + 1) / 2 : z / 2
}

/** A new string is `2 × bytes` then UTF-8; a repeated one is `2 × index + 1`. */
function text(io: Codec, str = ''): string {
  if (io.writing) {
    const k = io.seen.get(str)
    const bytes = k === undefined ? utf8Encode(str) : []
    varint(io, k === undefined ? 2 * bytes.length : 2 * k + 1)
    if (k === undefined) io.seen.set(str, io.seen.size)
    for (const x of bytes) io.bytes.push(x)
    return str
  }
  const n = varint(io)
  if (n % 2) return io.strings[(n - 1) / 2] ?? bad()
  const start = io.at
  if ((io.at += n / 2) > io.bytes.length) bad()
  io.strings.push(utf8Decode(io.bytes, start, io.at))
  return io.strings[io.strings.length - 1]
}

/** One of `values`, by index (absent: the first). */
function enumIndex<T>(io: Codec, values: readonly T[], v?: T): T {
  return values[varint(io, v === undefined ? 0 : values.indexOf(v))] ?? bad()
}

const catalogIndex = new Map(CATALOG.map((e, i) => [e.id, i + 1]))

/** A purpose: its index in PURPOSES, or PURPOSES.length then its name. */
function purposeOf(io: Codec, p?: string): string {
  const i = p === undefined ? 0 : PURPOSES.indexOf(p as (typeof PURPOSES)[number])
  const k = varint(io, i < 0 ? PURPOSES.length : i)
  return k < PURPOSES.length ? PURPOSES[k] : k > PURPOSES.length ? bad() : text(io, p)
}

function row(io: Codec, x?: ProbeResult): ProbeResult {
  const at = varint(io, x && catalogIndex.get(x.id))
  const c = at ? (CATALOG[at - 1] ?? bad()) : undefined
  const category = c ? c.category : enumIndex(io, CATEGORIES, x?.category)
  const url = c ? c.url : text(io, x?.url)
  const { error: err, timing: t, caveats } = x ?? {}
  const h = varint(
    io,
    x &&
      PROBE_STATUSES.indexOf(x.status) |
        (flag(err, ROW_ERROR) |
          flag(x.statusCode, ROW_STATUS_CODE) |
          flag(t, ROW_TIMING) |
          flag(caveats, ROW_CAVEATS) |
          flag(x.skipReason, ROW_SKIP_REASON)) |
        (c?.purpose === x.purpose ? 0 : ROW_PURPOSE),
  )
  const purpose = h & ROW_PURPOSE || !c ? purposeOf(io, x?.purpose) : c.purpose
  const out: ProbeResult = {
    id: `${category}:${url}`,
    category,
    url,
    purpose,
    status: PROBE_STATUSES[h & 3],
  }
  if (h & ROW_ERROR) {
    const e = varint(
      io,
      err &&
        ERROR_CATEGORIES.indexOf(err.category) | flag(err.errno, ERROR_ERRNO) | flag(err.code, ERROR_CODE),
    )
    out.error = {
      category: ERROR_CATEGORIES[e & 15] ?? bad(),
      errMsg: text(io, err?.errMsg),
    }
    if (e & ERROR_ERRNO) out.error.errno = signed(io, err?.errno)
    if (e & ERROR_CODE) out.error.code = text(io, err?.code)
  }
  if (h & ROW_STATUS_CODE) out.statusCode = varint(io, x?.statusCode)
  if (h & ROW_TIMING) {
    // totalMs × 16, plus bit i for each TIMING_KEYS[i] present.
    const m = varint(
      io,
      t && Math.round(t.totalMs) * 16 + TIMING_KEYS.reduce((m, k, i) => m | flag(t[k], 1 << i), 0),
    )
    const timing: ProbeTiming = { totalMs: Math.floor(m / 16) }
    TIMING_KEYS.forEach((k, i) => m & (1 << i) && (timing[k] = varint(io, t?.[k])))
    out.timing = timing
  }
  if (h & ROW_CAVEATS) {
    out.caveats = []
    // Base-4 digits, first caveat lowest.
    for (
      let v = varint(
        io,
        caveats?.reduceRight((n, c) => n * 4 + CAVEATS.indexOf(c) + 1, 0),
      );
      v;
      v = Math.floor(v / 4)
    )
      out.caveats.push(CAVEATS[(v % 4) - 1] ?? bad())
  }
  if (h & ROW_SKIP_REASON) out.skipReason = enumIndex(io, SKIP_REASONS, x?.skipReason)
  return out
}

/** Writes `r` (whose summary is the full run's, whatever rows it holds), or reads one back (z`version`). */
export function body(io: Codec, r?: Report, complete = true, version = 1) {
  const ms = r ? Date.parse(r.createdAt) : 0
  const iso = r && ms >= 0 && new Date(ms).toISOString() === r.createdAt
  const f = varint(
    io,
    r &&
      +complete /* REPORT_COMPLETE */ |
        (iso ? REPORT_ISO_TIME : 0) |
        flag(r.options.only, REPORT_ONLY) |
        flag(r.environment.proxy, REPORT_PROXY),
  )
  const createdAt =
    f & REPORT_ISO_TIME ? new Date(Math.min(varint(io, ms), 8e15)).toISOString() : text(io, r?.createdAt)
  const sdk = { input: text(io, r?.sdk.input), resolved: text(io, r?.sdk.resolved) }
  const src = r?.environment as Record<string, unknown> | undefined
  const env: Record<string, unknown> = { runtime: enumIndex(io, RUNTIMES, r?.environment.runtime) }
  const mask = varint(io, src && ENV.reduce((m, k, i) => m | flag(src[k], 1 << i), 0))
  ENV.forEach((k, i) => {
    // Mask bits 0-9: the ENV_TEXT_FIELDS; 10-11: the ENV_FLAG_FIELDS; 12: envVersion.
    if (mask & (1 << i))
      env[k] =
        i < 10
          ? text(io, src?.[k] as string | undefined)
          : i < 12
            ? varint(io, Number(src?.[k])) === 1
            : enumIndex(io, ENV_VERSIONS, src?.[k] as EnvVersion | undefined)
  })
  const wl = r?.environment.whitelist
  const w = varint(io, wl && wl.reasons.length * 2 + +wl.enforced)
  env.whitelist = {
    enforced: w % 2 === 1,
    reasons: list(Math.floor(w / 2), (k) => enumIndex(io, NOT_ENFORCED_REASONS, wl?.reasons[k])),
  }
  // A CLI run through a proxy (flag 8): scheme, host, port. Without one the bytes are as before.
  const px = r?.environment.proxy
  if (f & REPORT_PROXY)
    env.proxy = {
      scheme: enumIndex(io, PROXY_SCHEMES, px?.scheme),
      host: text(io, px?.host),
      port: varint(io, px?.port),
    }
  const o = r?.options
  const options: ReportOptions = {
    timeoutMs: varint(io, o?.timeoutMs),
    deadlineMs: varint(io, o?.deadlineMs),
    concurrency: { http: varint(io, o?.concurrency.http), socket: varint(io, o?.concurrency.socket) },
  }
  if (f & REPORT_ONLY)
    options.only = list(varint(io, o?.only?.length), (k) => enumIndex(io, CATEGORIES, o?.only?.[k]))
  const full = f & REPORT_COMPLETE ? undefined : PROBE_STATUSES.map((k) => varint(io, r?.summary[k]))
  const warnings = list(varint(io, r?.warnings.length), (k) => text(io, r?.warnings[k]))
  const results = list(varint(io, r?.results.length), (k) => row(io, r?.results[k]))
  if (version > 1) env.platformId = enumIndex(io, PLATFORM_IDS, src?.platformId)
  // z3: the catalog as JSON text ('' when none); validateReport checks what a link brings.
  const cat = version > 2 && text(io, r?.catalog ? JSON.stringify(r.catalog) : '')
  const summary = summarize(results)
  const environment = env as unknown as Report['environment']
  const report: Report = {
    schema: REPORT_SCHEMA,
    createdAt,
    sdk,
    ...(cat ? { catalog: JSON.parse(cat) } : {}),
    environment,
    options,
    summary,
    results,
    warnings,
  }
  if (!full) return { report, complete: true, summary }
  const [pass, warn, fail, skipped] = full
  const total = pass + warn + fail + skipped
  if (PROBE_STATUSES.some((k, i) => full[i] < summary[k])) bad()
  warnings.push(fill(SHARE_TRIMMED, { kept: results.length, total }))
  return { report, complete: false, summary: { total, pass, warn, fail, skipped } }
}
