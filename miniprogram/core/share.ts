/*
 * A report inside a share-card path: `/pages/report/index?r=z1.<base64url>`. This module is the link's envelope:
 * the version `z<n>.`, then base64url of the CRC-32 of the rest and the LZ77 (preset dictionary DICT) of the body
 * (core/share-body.ts). Changing DICT needs a new version. What fits a card's bytes: core/share-fit.ts.
 *
 * DEFAULT_MAX_BYTES (the whole path): WeChat documents no limit for onShareAppMessage's path. Community answers
 * say 2048 at most (developers.weixin.qq.com/community/develop/doc/000e4c5da3453826e7e1684126b800) and report
 * long share paths opening as "链接失效，请重新分享" (…/doc/0000486e3ac228dd4ea4088ab66c00); the nearest documented
 * limit is 1024 characters for a URL Link / URL Scheme query. 1000 stays under them all (base64url needs no
 * escaping, so a character is a byte).
 */
import { base64urlDecode, base64urlEncode, crc32, utf8Encode } from './bytes'
import { lz77Pack, lz77Unpack } from './lz77'
import { Report, ReportSummary, validateReport } from './report'
import { ProbeResult } from './result'
import { Bad, bad, body, codec } from './share-body'
import { fitShare } from './share-fit'
import { PURPOSES } from './vocabulary'

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

const DICT_TEXT =
  'iPhoneHUAWEIXiaomiOPPOvivoHONORHarmonyOS Windows devtoolsandroidiosohoszh_CNwifi4g5gtouristappid' +
  '请求超时。未能找到使用指定主机名的服务器。似乎已断开与互联网的连接。 合法域名列表中ssl hand shake errorInvalid HTTP ' +
  'statusexceed max task countinterruptedERR_CONNECTION_TIMED_OUTERR_CONNECTION_RESETERR_CERT_' +
  'ERR_CONNECTION_REFUSEDERR_NAME_NOT_RESOLVEDerrcode:-1 cronet_error_code:-1 error_msg:net::' +
  'uploadFile:fail downloadFile:fail connectSocket:fail request:fail timeouturl not in domain list'

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
  return fitShare(report, build, (x) => x.bytes <= max && x.raw <= MAX_BODY)
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
