import {
  base64urlDecode,
  base64urlEncode,
  crc32,
  lz77Pack,
  lz77Unpack,
  readVarint,
  utf8Decode,
  utf8Encode,
  writeVarint,
} from './bytes'
import { CATALOG } from './catalog'
import { fill, SHARE_TRIMMED } from './text'
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
import { Report, REPORT_SCHEMA, ReportOptions, ReportSummary, summarize, validateReport } from './report'

/*
 * A report inside a share-card path: `/pages/report/index?r=z1.<base64url>`. The bytes: CRC-32 of the rest, then
 * LZ77 (preset dictionary DICT) of a body of varints, enum indexes, inline-deduplicated UTF-8 strings and rows
 * by catalog index. Changing an enum, DICT or the CATALOG order needs a new version. Timings, errno: integers.
 *
 * DEFAULT_MAX_BYTES (the whole path): WeChat documents no limit for onShareAppMessage's path. Community answers
 * say 2048 at most (developers.weixin.qq.com/community/develop/doc/000e4c5da3453826e7e1684126b800) and report
 * long share paths opening as "链接失效，请重新分享" (…/doc/0000486e3ac228dd4ea4088ab66c00); the nearest documented
 * limit is 1024 characters for a URL Link / URL Scheme query. 1000 stays under them all (base64url needs no
 * escaping, so a character is a byte).
 */
export const DEFAULT_MAX_BYTES = 1000
export const SHARE_PAGE = '/pages/report/index'
/**
 * z1: a WeChat report, exactly as before other platforms existed. z2: z1's body plus the platform
 * (`environment.platformId`) as a trailing enum, written only for reports that name one, so every z1 link
 * and every WeChat report keeps its bytes. z3: z2's body plus the catalog as JSON text (after the platform), and purposes
 * beyond z2's five (`app`, or a name only an imported table knows, written as PURPOSES.length then the name);
 * written only for a report with an imported catalog or such a purpose (it always names the platform: WeChat
 * for a report that names none, as z1 means), so a built-in report keeps its bytes
 * and an older reader says "update" instead of misreading.
 */
const VERSION = 3
const MAX_INPUT = 8192
const MAX_BODY = 65536

export interface ShareEncoding {
  payload: string
  path: string
  /** false: only the summary, the failing rows and the warning rows that fit; messages may end in '…'. */
  complete: boolean
  /** Length of `path`. */
  bytes: number
}

/**
 * `report` always passes validateReport: its `summary` counts its own results. `summary` counts the whole run
 * (equal to `report.summary` when complete); a partial report also carries a note in `warnings`.
 */
export type ShareDecoding =
  | { ok: true; report: Report; complete: boolean; summary: ReportSummary }
  | { ok: false; error: string }

/** The environment's fields in mask-bit order: 10 strings, 2 booleans, envVersion. */
const ENV: readonly string[] = [...ENV_TEXT_FIELDS, ...ENV_FLAG_FIELDS, 'envVersion']
const DICT_TEXT =
  'iPhoneHUAWEIXiaomiOPPOvivoHONORHarmonyOS Windows devtoolsandroidiosohoszh_CNwifi4g5gtouristappid' +
  '请求超时。未能找到使用指定主机名的服务器。似乎已断开与互联网的连接。 合法域名列表中ssl hand shake errorInvalid HTTP ' +
  'statusexceed max task countinterruptedERR_CONNECTION_TIMED_OUTERR_CONNECTION_RESETERR_CERT_' +
  'ERR_CONNECTION_REFUSEDERR_NAME_NOT_RESOLVEDerrcode:-1 cronet_error_code:-1 error_msg:net::' +
  'uploadFile:fail downloadFile:fail connectSocket:fail request:fail timeouturl not in domain list'

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
class Bad {
  constructor(readonly message: string) {}
}
const bad = (msg = 'the shared report is malformed'): never => {
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
interface Codec {
  writing: boolean
  bytes: number[]
  /** Reading: the next byte. */
  at: number
  /** Reading: the strings met so far, by index. */
  strings: string[]
  /** Writing: the strings written so far, with their index. */
  seen: Map<string, number>
}

const codec = (writing: boolean, bytes: number[]): Codec => ({
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
function body(io: Codec, r?: Report, complete = true, version = 1) {
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

let dict: number[] | undefined
const DICT = () => (dict ??= utf8Encode(DICT_TEXT))

function build(report: Report, results: ProbeResult[], warnings: string[], complete: boolean) {
  const io = codec(true, [])
  const z3 =
    (report.catalog && !report.catalog.builtin) ||
    report.results.some((x) => PURPOSES.indexOf(x.purpose as 'app') > 4)
  const version = z3 ? VERSION : report.environment.platformId === undefined ? 1 : 2
  body(io, { ...report, results, warnings }, complete, version)
  const packed = lz77Pack(DICT(), io.bytes)
  const c = crc32(packed, 0)
  const payload = `z${version}.${base64urlEncode([c >>> 24, (c >> 16) & 255, (c >> 8) & 255, c & 255, ...packed])}`
  const path = `${SHARE_PAGE}?r=${payload}`
  return { payload, path, complete, bytes: path.length, raw: io.bytes.length, rows: results.length }
}

const cut = (s: string, n: number) => (s.length <= n ? s : Array.from(s).slice(0, n).join('') + '…')

/** The share path for a report, within `maxBytes` when anything fits. Throws on an invalid report. */
export function encodeShare(report: Report, opts: { maxBytes?: number } = {}): ShareEncoding {
  const { payload, path, complete, bytes } = shareStats(report, opts)
  return { payload, path, complete, bytes }
}

/** encodeShare's answer plus, for the bench, the body's size before compression and the rows kept. */
export function shareStats(report: Report, opts: { maxBytes?: number } = {}) {
  const valid = validateReport(report)
  if (!valid.ok) throw new Error(`encodeShare: ${valid.error}`)
  const max = Math.min(Number.isFinite(opts.maxBytes) ? opts.maxBytes! : DEFAULT_MAX_BYTES, MAX_INPUT)
  const fits = (x: ReturnType<typeof build>) => x.bytes <= max && x.raw <= MAX_BODY
  const whole = build(report, report.results, report.warnings, true)
  if (fits(whole)) return whole
  // Every failing row, then the warning rows that fit; shorter messages before fewer failing rows.
  const fails = report.results.filter((x) => x.status === 'fail')
  const warns = report.results.filter((x) => x.status === 'warn')
  const attempt = (n: number, rows: ProbeResult[]) => {
    const clip = (x: ProbeResult) =>
      x.error ? { ...x, error: { ...x.error, errMsg: cut(x.error.errMsg, n) } } : x
    const kept = report.results.filter((x) => rows.includes(x)).map(clip)
    return build(report, kept, n ? report.warnings.map((w) => cut(w, n)) : [], false)
  }
  const most = (n: number, fixed: ProbeResult[], extra: ProbeResult[]) => {
    let lo = -1 // the most rows of `extra` that fit after `fixed`, or -1
    for (let hi = extra.length; lo < hi; ) {
      const mid = Math.ceil((lo + hi) / 2)
      if (fits(attempt(n, fixed.concat(extra.slice(0, mid))))) lo = mid
      else hi = mid - 1
    }
    return lo
  }
  for (const n of [1e9, 120, 40, 0]) {
    const k = most(n, fails, warns)
    if (k >= 0) return attempt(n, fails.concat(warns.slice(0, k)))
  }
  return attempt(0, fails.slice(0, Math.max(0, most(0, [], fails)))) // may still be over a tiny maxBytes
}

/** Reads a payload, `r=…`, or a whole share path (URL-encoded or not). Never throws. */
export function decodeShare(payloadOrPath: string): ShareDecoding {
  try {
    if (typeof payloadOrPath !== 'string') bad('not a share link')
    if (payloadOrPath.length > MAX_INPUT) bad(`the link is too long (over ${MAX_INPUT} characters)`)
    let s = payloadOrPath.trim()
    for (let k = 0; k < 3 && s.includes('%'); k++) s = decodeURIComponent(s)
    if (s.includes('?') || s.includes('=')) {
      const r = s
        .slice(s.indexOf('?') + 1)
        .split(/[&#]/)
        .find((p) => p.startsWith('r='))
      s = r?.slice(2) ?? bad('no shared report (r=…) in the link')
    }
    const m = /^z(\d{1,4})\./.exec(s) ?? bad('not a zim-netcheck share link')
    if (+m[1] > VERSION) bad('shared by a newer zim-netcheck; update to read it')
    if (+m[1] < 1) bad(`unsupported share format z${m[1]}`)
    const b = base64urlDecode(s.slice(m[0].length)) ?? bad('the link is damaged (not base64url)')
    if (b.length < 5 || crc32(b, 4) !== ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0)
      bad('the link is damaged or was cut short')
    const io = codec(false, lz77Unpack(DICT(), b, 4, MAX_BODY, bad))
    const out = body(io, undefined, true, +m[1])
    if (io.at !== io.bytes.length) bad()
    const valid = validateReport(out.report)
    return valid.ok
      ? { ok: true, ...out }
      : { ok: false, error: `the shared report is invalid: ${valid.error}` }
  } catch (e) {
    return { ok: false, error: e instanceof Bad ? e.message : 'the link is damaged (bad %-encoding or body)' }
  }
}
