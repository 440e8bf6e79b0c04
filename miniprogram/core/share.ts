import { CATALOG } from './catalog'
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
 * and every WeChat report keeps its bytes.
 */
const VERSION = 2
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
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

// Not an Error subclass: `instanceof` on those breaks when DevTools compiles to ES5.
class Bad {
  constructor(readonly message: string) {}
}
const bad = (msg = 'the shared report is malformed'): never => {
  throw new Bad(msg)
}
const bit = (v: unknown, k: number) => (v !== undefined ? 1 << k : 0)
const list = <T>(n: number, f: (k: number) => T): T[] => {
  const a: T[] = []
  for (let k = 0; k < n; k++) a.push(f(k)) // f reads ≥ 1 byte, so a hostile n ends at the body's end
  return a
}

function utf8(s: string): number[] {
  const out: number[] = []
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    const d = s.charCodeAt(i + 1)
    if (c >= 0xd800 && c < 0xdc00 && d >= 0xdc00 && d < 0xe000)
      c = 0x10000 + ((c - 0xd800) << 10) + d - 0xdc00
    if (c > 0xffff) i++
    const n = c < 0x80 ? 0 : c < 0x800 ? 1 : c < 0x10000 ? 2 : 3
    out.push(n ? ((0xff << (7 - n)) & 255) | (c >> (6 * n)) : c)
    for (let k = n - 1; k >= 0; k--) out.push(0x80 | ((c >> (6 * k)) & 63))
  }
  return out
}

// Lenient: hostile bytes give odd characters, never an exception. Lone surrogates round-trip.
function unutf8(b: number[], i: number, end: number): string {
  let s = ''
  while (i < end) {
    const c = b[i++]
    const n = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3
    let cp = n ? c & (0x3f >> n) : c
    for (let k = 0; k < n; k++) cp = (cp << 6) | (b[i++] & 63)
    if (cp < 0x10000) s += String.fromCharCode(cp)
    else s += String.fromCharCode(0xd800 + (((cp - 0x10000) >> 10) & 1023), 0xdc00 + (cp & 1023))
  }
  return s
}

function crc32(b: number[], from: number): number {
  let c = -1
  for (let i = from; i < b.length; i++) {
    c ^= b[i]
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}

function toB64(b: number[]): string {
  let s = ''
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0)
    for (let k = 0; k <= Math.min(3, b.length - i); k++) s += B64[(n >> (18 - 6 * k)) & 63]
  }
  return s
}

/** Strict: a character outside the alphabet, a dangling character or non-zero unused bits fail. */
function fromB64(s: string): number[] | undefined {
  const out: number[] = []
  let acc = 0
  let bits = 0
  for (let i = 0; i < s.length; i++) {
    const v = B64.indexOf(s[i])
    if (v < 0) return undefined
    acc = (acc << 6) | v
    if ((bits += 6) >= 8) out.push(acc >> (bits -= 8))
    acc &= (1 << bits) - 1
  }
  return acc === 0 && bits < 6 ? out : undefined
}

function varint(out: number[], n: number) {
  for (; n >= 128; n = Math.floor(n / 128)) out.push(128 + (n % 128))
  out.push(n)
}

/** One codec for both ways: writing, each call writes its argument and returns it; reading, it returns what it read. */
class IO {
  p = 0
  strs: string[] = []
  seen = new Map<string, number>()
  constructor(
    readonly write: boolean,
    readonly b: number[] = [],
  ) {}
  u(n = 0): number {
    if (this.write) {
      varint(this.b, (n = Math.max(0, Math.round(n))))
      return n
    }
    let v = 0
    for (let k = 0, m = 1; k < 8; k++, m *= 128) {
      const c = this.b[this.p++] ?? bad()
      v += (c & 127) * m
      if (c < 128) return v
    }
    return bad()
  }
  i(n = 0): number {
    const z = this.u((n = Math.round(n)) < 0 ? -2 * n - 1 : 2 * n)
    return z % 2 ? -(z + 1) / 2 : z / 2
  }
  /** A new string is `2 × bytes` then UTF-8; a repeated one is `2 × index + 1`. */
  s(str = ''): string {
    if (this.write) {
      const k = this.seen.get(str)
      const bytes = k === undefined ? utf8(str) : []
      this.u(k === undefined ? 2 * bytes.length : 2 * k + 1)
      if (k === undefined) this.seen.set(str, this.seen.size)
      for (const x of bytes) this.b.push(x)
      return str
    }
    const n = this.u()
    if (n % 2) return this.strs[(n - 1) / 2] ?? bad()
    const start = this.p
    if ((this.p += n / 2) > this.b.length) bad()
    this.strs.push(unutf8(this.b, start, this.p))
    return this.strs[this.strs.length - 1]
  }
  e<T>(values: readonly T[], v?: T): T {
    return values[this.u(v === undefined ? 0 : values.indexOf(v))] ?? bad()
  }
}

const catalogIndex = new Map(CATALOG.map((e, i) => [e.id, i + 1]))

function row(io: IO, x?: ProbeResult): ProbeResult {
  const at = io.u(x && catalogIndex.get(x.id))
  const c = at ? (CATALOG[at - 1] ?? bad()) : undefined
  const category = c ? c.category : io.e(CATEGORIES, x?.category)
  const url = c ? c.url : io.s(x?.url)
  const { error: err, timing: t, caveats } = x ?? {}
  const h = io.u(
    x &&
      PROBE_STATUSES.indexOf(x.status) |
        (bit(err, 2) | bit(x.statusCode, 3) | bit(t, 4) | bit(caveats, 5) | bit(x.skipReason, 6)) |
        (c?.purpose === x.purpose ? 0 : 128),
  )
  const purpose = h & 128 || !c ? io.e(PURPOSES, x?.purpose) : c.purpose
  const out: ProbeResult = { id: `${category}:${url}`, category, url, purpose, status: PROBE_STATUSES[h & 3] }
  if (h & 4) {
    const e = io.u(err && ERROR_CATEGORIES.indexOf(err.category) | bit(err.errno, 4) | bit(err.code, 5))
    out.error = { category: ERROR_CATEGORIES[e & 15] ?? bad(), errMsg: io.s(err?.errMsg) }
    if (e & 16) out.error.errno = io.i(err?.errno)
    if (e & 32) out.error.code = io.s(err?.code)
  }
  if (h & 8) out.statusCode = io.u(x?.statusCode)
  if (h & 16) {
    const m = io.u(t && Math.round(t.totalMs) * 16 + TIMING_KEYS.reduce((m, k, i) => m | bit(t[k], i), 0))
    const timing: ProbeTiming = { totalMs: Math.floor(m / 16) }
    TIMING_KEYS.forEach((k, i) => m & (1 << i) && (timing[k] = io.u(t?.[k])))
    out.timing = timing
  }
  if (h & 32) {
    out.caveats = []
    // Base-4 digits, first caveat lowest.
    for (
      let v = io.u(caveats?.reduceRight((n, c) => n * 4 + CAVEATS.indexOf(c) + 1, 0));
      v;
      v = Math.floor(v / 4)
    )
      out.caveats.push(CAVEATS[(v % 4) - 1] ?? bad())
  }
  if (h & 64) out.skipReason = io.e(SKIP_REASONS, x?.skipReason)
  return out
}

/** Writes `r` (whose summary is the full run's, whatever rows it holds), or reads one back (z`version`). */
function body(io: IO, r?: Report, complete = true, version = 1) {
  const ms = r ? Date.parse(r.createdAt) : 0
  const iso = r && ms >= 0 && new Date(ms).toISOString() === r.createdAt
  const f = io.u(r && +complete | (iso ? 2 : 0) | bit(r.options.only, 2) | bit(r.environment.proxy, 3))
  const createdAt = f & 2 ? new Date(Math.min(io.u(ms), 8e15)).toISOString() : io.s(r?.createdAt)
  const sdk = { input: io.s(r?.sdk.input), resolved: io.s(r?.sdk.resolved) }
  const src = r?.environment as Record<string, unknown> | undefined
  const env: Record<string, unknown> = { runtime: io.e(RUNTIMES, r?.environment.runtime) }
  const mask = io.u(src && ENV.reduce((m, k, i) => m | bit(src[k], i), 0))
  ENV.forEach((k, i) => {
    if (mask & (1 << i))
      env[k] =
        i < 10
          ? io.s(src?.[k] as string | undefined)
          : i < 12
            ? io.u(Number(src?.[k])) === 1
            : io.e(ENV_VERSIONS, src?.[k] as EnvVersion | undefined)
  })
  const wl = r?.environment.whitelist
  const w = io.u(wl && wl.reasons.length * 2 + +wl.enforced)
  env.whitelist = {
    enforced: w % 2 === 1,
    reasons: list(Math.floor(w / 2), (k) => io.e(NOT_ENFORCED_REASONS, wl?.reasons[k])),
  }
  // A CLI run through a proxy (flag 8): scheme, host, port. Without one the bytes are as before.
  const px = r?.environment.proxy
  if (f & 8)
    env.proxy = { scheme: io.e(PROXY_SCHEMES, px?.scheme), host: io.s(px?.host), port: io.u(px?.port) }
  const o = r?.options
  const options: ReportOptions = {
    timeoutMs: io.u(o?.timeoutMs),
    deadlineMs: io.u(o?.deadlineMs),
    concurrency: { http: io.u(o?.concurrency.http), socket: io.u(o?.concurrency.socket) },
  }
  if (f & 4) options.only = list(io.u(o?.only?.length), (k) => io.e(CATEGORIES, o?.only?.[k]))
  const full = f & 1 ? undefined : PROBE_STATUSES.map((k) => io.u(r?.summary[k]))
  const warnings = list(io.u(r?.warnings.length), (k) => io.s(r?.warnings[k]))
  const results = list(io.u(r?.results.length), (k) => row(io, r?.results[k]))
  if (version > 1) env.platformId = io.e(PLATFORM_IDS, src?.platformId)
  const summary = summarize(results)
  const environment = env as unknown as Report['environment']
  const report: Report = {
    schema: REPORT_SCHEMA,
    createdAt,
    sdk,
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
  warnings.push(
    `This shared card holds only the summary and failing rows (${results.length} of ${total} results) / ` +
      `分享卡片只包含摘要和失败项（${total} 项中的 ${results.length} 项）`,
  )
  return { report, complete: false, summary: { total, pass, warn, fail, skipped } }
}

let dict: number[] | undefined
const DICT = () => (dict ??= utf8(DICT_TEXT))

// LZ77 tokens: t < 128: t+1 literal bytes follow; t ≥ 128: copy t-125 bytes from `varint` back (DICT first).
function pack(input: number[]): number[] {
  const s = DICT()
    .concat(input)
    .map((c) => String.fromCharCode(c))
    .join('')
  const out: number[] = []
  let lit: number[] = []
  const flush = () => {
    for (let k = 0; k < lit.length; k += 128)
      out.push(Math.min(128, lit.length - k) - 1, ...lit.slice(k, k + 128))
    lit = []
  }
  for (let i = DICT().length; i < s.length; ) {
    let len = 0
    let dist = 0
    const from = Math.max(0, i - 4096) // a window keeps a huge report from costing seconds
    const win = s.slice(from, i + 130)
    for (let n = 3, j; n <= 130 && i + n <= s.length; n++) {
      if ((j = win.lastIndexOf(s.slice(i, i + n), i - 1 - from)) < 0) break
      len = n
      dist = i - from - j
    }
    if (len < (dist < 128 ? 3 : 4)) lit.push(s.charCodeAt(i++))
    else {
      flush()
      out.push(len + 125)
      varint(out, dist)
      i += len
    }
  }
  flush()
  return out
}

function unpack(b: number[], from: number): number[] {
  const out = DICT().slice()
  const io = new IO(false, b)
  for (io.p = from; io.p < b.length; ) {
    const t = b[io.p++]
    if (t < 128) {
      if (io.p + t >= b.length) bad()
      out.push(...b.slice(io.p, (io.p += t + 1)))
    } else {
      const d = io.u()
      if (d < 1 || d > out.length) bad()
      for (let k = t - 125; k > 0; k--) out.push(out[out.length - d])
    }
    if (out.length > MAX_BODY) bad()
  }
  return out.slice(DICT().length)
}

function build(report: Report, results: ProbeResult[], warnings: string[], complete: boolean) {
  const io = new IO(true)
  const version = report.environment.platformId === undefined ? 1 : VERSION
  body(io, { ...report, results, warnings }, complete, version)
  const packed = pack(io.b)
  const c = crc32(packed, 0)
  const payload = `z${version}.${toB64([c >>> 24, (c >> 16) & 255, (c >> 8) & 255, c & 255, ...packed])}`
  const path = `${SHARE_PAGE}?r=${payload}`
  return { payload, path, complete, bytes: path.length, raw: io.b.length, rows: results.length }
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
    const b = fromB64(s.slice(m[0].length)) ?? bad('the link is damaged (not base64url)')
    if (b.length < 5 || crc32(b, 4) !== ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0)
      bad('the link is damaged or was cut short')
    const io = new IO(false, unpack(b, 4))
    const out = body(io, undefined, true, +m[1])
    if (io.p !== io.b.length) bad()
    const valid = validateReport(out.report)
    return valid.ok
      ? { ok: true, ...out }
      : { ok: false, error: `the shared report is invalid: ${valid.error}` }
  } catch (e) {
    return { ok: false, error: e instanceof Bad ? e.message : 'the link is damaged (bad %-encoding or body)' }
  }
}
