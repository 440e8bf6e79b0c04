import { ErrorCategory, Lang } from '../../miniprogram/core/vocabulary'
import { ProbeResult } from '../../miniprogram/core/result'
import { Report, REPORT_SCHEMA, ReportSummary, validateReport, verdict } from '../../miniprogram/core/report'
import { decodeShare } from '../../miniprogram/core/share'
import { jsonDepth } from '../../miniprogram/core/json-depth'
import { parseCopyText } from './copy-text'
import { withoutBom } from '../../miniprogram/core/sanitize'

export { jsonDepth }

/*
 * Everything a support engineer may hand the viewer (or `netcheck view`), recognised and checked before any of
 * it is drawn: a report file (zim-netcheck/report@1 JSON), a share link, path or payload (plain or URL-encoded)
 * and copied result text. Pure (no DOM, no Node), so the page and the CLI read input the same way.
 *
 * Caps, so a hostile or mistaken file is refused with a message and never freezes the tab (README, "Viewer"):
 */
export const LIMITS = {
  /** A real report is 10–60 KB; refuse files over 4 MiB before reading them. */
  fileBytes: 4 * 1024 * 1024,
  /** JSON nesting: a report is 4 deep; anything past 32 is not a report. */
  depth: 32,
  /** Probe rows in one report: the catalog has 63; a few hundred leaves room for growth. */
  results: 1000,
  /** Notes in one report. */
  warnings: 200,
  /** Files (or pasted items) read in one go; the rest are listed as refused. */
  files: 500,
  /** Reports kept in the page at once. */
  reports: 2000,
  /** Characters of one raw message shown (the rest is counted, not drawn). */
  messageChars: 2000,
} as const

export type IntakeKind = 'json' | 'share' | 'text'

export interface Intake {
  kind: IntakeKind
  report: Report
  /** The whole run's counts (a share card or copied text may hold only the failing rows). */
  summary: ReportSummary
  complete: boolean
  /** Copied text: what was read and what could not be. */
  textInfo?: {
    moreFailed: number
    purposeUnknown: string[]
    unreadLines: number
    hasVerdict: boolean
    failCounts: Partial<Record<ErrorCategory, number>>
  }
}

export type IntakeError =
  | { code: 'empty' }
  | { code: 'too_big'; bytes: number }
  | { code: 'binary' }
  | { code: 'not_json'; detail: string }
  | { code: 'too_deep' }
  | { code: 'not_report'; detail: string }
  /** A report of a later schema (`zim-netcheck/report@2`…): made by a newer zim-netcheck than this one. */
  | { code: 'newer'; schema: string }
  | { code: 'too_many_rows'; rows: number }
  | { code: 'share'; detail: string }
  | { code: 'text'; detail: string }
  | { code: 'unrecognised' }
  | { code: 'too_many_files' }

/**
 * The verdict line for an input, by core's verdict(). Copied text lists at most 20 failing rows, so its
 * failures are counted per error category as its own verdict line gave them.
 */
export function intakeVerdict(v: Pick<Intake, 'report' | 'summary' | 'textInfo'>, lang: Lang): string {
  if (!v.textInfo) return verdict(v.report.results, lang, v.summary)
  const counted: ProbeResult[] = []
  for (const [category, n] of Object.entries(v.textInfo.failCounts))
    for (let k = 0; k < (n ?? 0); k++)
      counted.push({
        id: '',
        category: 'request',
        url: '',
        purpose: 'access',
        status: 'fail',
        error: { category: category as ErrorCategory, errMsg: '' },
      })
  return verdict(counted, lang, v.summary)
}

export type IntakeResult = { ok: true; value: Intake } | { ok: false; error: IntakeError }

const fail = (error: IntakeError): IntakeResult => ({ ok: false, error })
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`

/** One line for a refused input, zh or en. Details from the core validators stay in English. */
export function intakeMessage(e: IntakeError, lang: Lang): string {
  const zh = lang === 'zh'
  switch (e.code) {
    case 'empty':
      return zh ? '内容为空' : 'empty'
    case 'too_big':
      return zh
        ? `文件过大（${mib(e.bytes)}，上限 ${mib(LIMITS.fileBytes)}）：不是检测报告`
        : `too large (${mib(e.bytes)}; the limit is ${mib(LIMITS.fileBytes)}): not a netcheck report`
    case 'binary':
      return zh ? '不是文本文件' : 'not a text file'
    case 'not_json':
      return zh ? `不是有效的 JSON：${e.detail}` : `not valid JSON: ${e.detail}`
    case 'too_deep':
      return zh
        ? `JSON 嵌套超过 ${LIMITS.depth} 层：不是检测报告`
        : `JSON nested deeper than ${LIMITS.depth} levels: not a netcheck report`
    case 'not_report':
      return zh ? `不是可读取的检测报告：${e.detail}` : `not a readable netcheck report: ${e.detail}`
    case 'newer':
      return zh
        ? `由更新版本的 zim-netcheck 生成（${e.schema}）：请更新查看工具后再打开`
        : `made by a newer zim-netcheck (${e.schema}): update this tool to read it`
    case 'too_many_rows':
      return zh
        ? `检测项过多（${e.rows}，上限 ${LIMITS.results}）`
        : `too many probe rows (${e.rows}; the limit is ${LIMITS.results})`
    case 'share':
      return zh ? `分享链接无法读取：${e.detail}` : `share link unreadable: ${e.detail}`
    case 'text':
      return zh ? `复制的结果文本无法读取：${e.detail}` : `copied result text unreadable: ${e.detail}`
    case 'unrecognised':
      return zh
        ? '无法识别：请粘贴分享链接（z1.… 或 /pages/report/index?r=…）、报告 JSON 或“复制结果文本”的内容'
        : 'not recognised: paste a share link (z1.… or /pages/report/index?r=…), report JSON, or the copied result text'
    case 'too_many_files':
      return zh
        ? `一次最多读取 ${LIMITS.files} 个文件，其余未读取`
        : `at most ${LIMITS.files} files are read at once; this one was not`
  }
}

/** Looks like the payload of a share link: z1.… in the text. */
const SHARE_TOKEN = /z\d{1,4}\.[A-Za-z0-9_-]+/

/** The report schema's version this tool reads (`zim-netcheck/report@1` → 1). */
const REPORT_VERSION = Number(REPORT_SCHEMA.slice(REPORT_SCHEMA.indexOf('@') + 1))

/** A report JSON text, checked. */
export function readReportJson(text: string): IntakeResult {
  if (jsonDepth(text, LIMITS.depth) > LIMITS.depth) return fail({ code: 'too_deep' })
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    return fail({ code: 'not_json', detail: String((e as Error).message).slice(0, 160) })
  }
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const d = data as Record<string, unknown>
    if (Array.isArray(d.results) && d.results.length > LIMITS.results)
      return fail({ code: 'too_many_rows', rows: d.results.length })
    if (Array.isArray(d.warnings) && d.warnings.length > LIMITS.warnings)
      return fail({ code: 'not_report', detail: `over ${LIMITS.warnings} warnings` })
  } else if (Array.isArray(data)) {
    return fail({
      code: 'not_report',
      detail: 'a JSON list, not one report object; give the reports one by one',
    })
  }
  const valid = validateReport(data)
  if (!valid.ok) {
    const schema = (data as { schema?: unknown } | null)?.schema
    const later = typeof schema === 'string' ? /^zim-netcheck\/report@(\d{1,6})$/.exec(schema) : null
    if (later && Number(later[1]) > REPORT_VERSION) return fail({ code: 'newer', schema: later[0] })
    return fail({ code: 'not_report', detail: valid.error })
  }
  return {
    ok: true,
    value: { kind: 'json', report: valid.report, summary: valid.report.summary, complete: true },
  }
}

/**
 * Anything pasted or read from a file: JSON, a share link/path/payload (also URL-encoded, also inside a
 * longer line of chat text), or copied result text. `bytes`: the file's size when known (checked first).
 */
export function readAny(text: string, bytes = text.length): IntakeResult {
  if (bytes > LIMITS.fileBytes || text.length > LIMITS.fileBytes) return fail({ code: 'too_big', bytes })
  if (text.includes('\u0000')) return fail({ code: 'binary' })
  const t = withoutBom(text).trim()
  if (!t) return fail({ code: 'empty' })
  if (t.startsWith('{') || t.startsWith('[')) return readReportJson(t)
  if (/^\s*ZIM netcheck · SDK /m.test(t)) {
    const parsed = parseCopyText(t)
    if (!parsed.ok) return fail({ code: 'text', detail: parsed.error })
    const v = parsed.value
    return {
      ok: true,
      value: {
        kind: 'text',
        report: v.report,
        summary: v.summary,
        complete: false,
        textInfo: {
          moreFailed: v.moreFailed,
          purposeUnknown: v.purposeUnknown,
          unreadLines: v.unreadLines,
          hasVerdict: v.hasVerdict,
          failCounts: v.failCounts,
        },
      },
    }
  }
  // One token: the whole link as it is (decodeShare reads paths, r=…, payloads, %-encoding, and says what is
  // wrong). Chat text around a link: the first z1.… token in it.
  let link = !/\s/.test(t) ? t : undefined
  if (!link) {
    let decoded = t
    try {
      for (let k = 0; k < 3 && decoded.includes('%'); k++) decoded = decodeURIComponent(decoded)
    } catch {
      /* keep what decoded so far */
    }
    link = SHARE_TOKEN.exec(decoded)?.[0]
  }
  if (!link) return fail({ code: 'unrecognised' })
  if (!SHARE_TOKEN.test(link) && !/[?&]r=|%3F|\/pages\//i.test(link)) return fail({ code: 'unrecognised' })
  const d = decodeShare(link)
  if (!d.ok) return fail({ code: 'share', detail: d.error })
  return { ok: true, value: { kind: 'share', report: d.report, summary: d.summary, complete: d.complete } }
}

/** Several share links pasted one per line (nothing else): each is its own input. Otherwise undefined. */
export function splitLinks(text: string): string[] | undefined {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
  return lines.length > 1 && lines.every((l) => SHARE_TOKEN.test(l) && !/\s/.test(l)) ? lines : undefined
}
