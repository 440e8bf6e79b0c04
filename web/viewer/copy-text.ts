import { CATALOG } from '../../miniprogram/core/catalog'
import {
  ERROR_CATEGORIES,
  ErrorCategory,
  isCategory,
  Lang,
  NotEnforcedReason,
} from '../../miniprogram/core/vocabulary'
import { ProbeResult } from '../../miniprogram/core/result'
import { describeEnforcement, RunEnvironment } from '../../miniprogram/core/environment'
import {
  REPORT_SCHEMA,
  Report,
  ReportSummary,
  summarize,
  validateReport,
} from '../../miniprogram/core/report'
import { ERROR_LABELS } from '../../miniprogram/core/text'

/*
 * The text a user copies from the panel ("复制结果文本", core renderText) read back into a partial report.
 * What the text holds: SDK version, time, one environment line, the verdict (the run's counts), the whitelist
 * note, up to 20 failing rows (category, url, error category, message cut at 300 characters, code, errno),
 * the notes. What it does not hold, and so a reader must be told is missing: passing, warning and skipped
 * rows, every timing, the run options, the platform (guessed from the OS), brand apart from model, the
 * failing rows past the first 20, message text past 300 characters, and whether debug mode was on.
 */

export interface CopyTextResult {
  report: Report
  /** The run's counts as the verdict line says (falls back to the rows when there is no verdict). */
  summary: ReportSummary
  lang: Lang
  /** Failing rows the text left out ("…and N more failed"). */
  moreFailed: number
  /** Probe ids whose purpose is not in the catalog (shown as unknown, not guessed). */
  purposeUnknown: string[]
  /** Lines that looked like rows but could not be read. */
  unreadLines: number
  /** The verdict line was found (else counts come from the rows alone). */
  hasVerdict: boolean
  /** Failures per error category as the verdict counts them (the listed rows may be fewer). */
  failCounts: Partial<Record<ErrorCategory, number>>
}

export type CopyTextParse = { ok: true; value: CopyTextResult } | { ok: false; error: string }

const HEADER = /^ZIM netcheck · SDK (.*) · (\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?Z?)\s*$/
const ROW = /^✗ (\S+) (\S+) — ([a-z_]+): (.*)$/
const ERRNO = / \(errno (-?\d+(?:\.\d+)?)\)$/
const CODE = / \[([\w:.-]{1,90})\]$/
const PARSED_CODE = /^(?:chromium|nsurl|cfnetwork|posix|node):[\w-]{1,80}$/
const MORE = /^…(?:and (\d+) more failed|另有 (\d+) 项失败)$/
const NETWORKS = /^(wifi|2g|3g|4g|5g|6g|unknown|none|ethernet|wwan|offline)$/i
const SYSTEMS: [RegExp, string][] = [
  [/^iOS\b|^iPadOS\b/i, 'ios'],
  [/^Android\b/i, 'android'],
  [/^HarmonyOS\b|^OpenHarmony\b/i, 'ohos'],
  [/^Windows\b/i, 'windows'],
  [/^mac ?OS\b|^OS X\b/i, 'mac'],
  [/^Linux\b/i, 'linux'],
]
const REASONS: NotEnforcedReason[] = ['debug', 'devtools', 'tourist_appid', 'develop', 'not_wechat']

/** The text of one reason inside describeEnforcement's sentence, found by comparing the sentences. */
function reasonTexts(lang: Lang): Map<NotEnforcedReason, string> {
  const full = REASONS.map((r) => describeEnforcement({ enforced: false, reasons: [r] }, lang))
  let pre = 0
  while (full.every((t) => t[pre] === full[0][pre]) && pre < full[0].length) pre++
  let suf = 0
  while (full.every((t) => t[t.length - 1 - suf] === full[0][full[0].length - 1 - suf])) suf++
  return new Map(REASONS.map((r, i) => [r, full[i].slice(pre, full[i].length - suf)]))
}

interface VerdictLine {
  lang: Lang
  total: number
  fail: number
  tail: string
  parts?: string
}

function readVerdict(line: string): VerdictLine | undefined {
  let m: RegExpExecArray | null
  if ((m = /^(\d+) of (\d+) failed: (.*?)(?: \(([^()]*)\))?$/.exec(line)))
    return { lang: 'en', total: +m[2], fail: +m[1], parts: m[3], tail: m[4] ?? '' }
  if ((m = /^none of (\d+) (?:failed|finished)(?: \(([^()]*)\))?$/.exec(line)))
    return { lang: 'en', total: +m[1], fail: 0, tail: m[2] ?? '' }
  if (line === 'nothing to probe') return { lang: 'en', total: 0, fail: 0, tail: '' }
  if ((m = /^(\d+) 项中 (\d+) 项失败：(.*?)(?:（([^（）]*)）)?$/.exec(line)))
    return { lang: 'zh', total: +m[1], fail: +m[2], parts: m[3], tail: m[4] ?? '' }
  if ((m = /^(\d+) 项(?:中没有失败|均未完成)(?:（([^（）]*)）)?$/.exec(line)))
    return { lang: 'zh', total: +m[1], fail: 0, tail: m[2] ?? '' }
  if (line === '没有要检测的域名') return { lang: 'zh', total: 0, fail: 0, tail: '' }
  return undefined
}

/** "2 not whitelisted, 1 timeout" / "未加入合法域名 2 项，超时 1 项" → counts per error category. */
function readParts(v: VerdictLine): Partial<Record<ErrorCategory, number>> | undefined {
  const out: Partial<Record<ErrorCategory, number>> = {}
  let sum = 0
  for (const part of (v.parts ?? '').split(v.lang === 'zh' ? '，' : ', ')) {
    const m = v.lang === 'zh' ? /^(.+) (\d+) 项$/.exec(part) : /^(\d+) (.+)$/.exec(part)
    const [label, n] = m ? (v.lang === 'zh' ? [m[1], +m[2]] : [m[2], +m[1]]) : ['', 0]
    const category = ERROR_CATEGORIES.find((c) => ERROR_LABELS[c][v.lang] === label)
    if (!category) return undefined
    out[category] = n
    sum += n
  }
  return sum === v.fail ? out : undefined
}

function readEnv(line: string): { env: RunEnvironment; guessedPlatform: boolean } {
  const env: RunEnvironment = { runtime: 'wechat' }
  let guessedPlatform = false
  const tokens = line
    .split(' · ')
    .map((t) => t.trim())
    .filter(Boolean)
  tokens.forEach((t, i) => {
    let m: RegExpExecArray | null
    if (i === 0 && (m = /^Node(?: (\S+))?$/.exec(t))) {
      env.runtime = 'node'
      if (m[1]) env.node = m[1]
    } else if (i === 1 && env.runtime === 'node' && !NETWORKS.test(t) && !t.startsWith('appid '))
      env.platform = t
    else if (i === 0 && (t === '开发者工具' || t === 'DevTools')) {
      env.runtime = 'devtools'
      env.platform = 'devtools'
    } else if ((m = /^WeChat (.+)$/.exec(t))) env.wechatVersion = m[1]
    else if ((m = /^(?:基础库|base lib) (.+)$/.exec(t))) env.baseLibrary = m[1]
    else if ((m = /^appid (\S+)(?: \((develop|trial|release)\))?$/.exec(t))) {
      env.appId = m[1]
      if (m[2]) env.envVersion = m[2] as RunEnvironment['envVersion']
    } else if (NETWORKS.test(t)) env.networkType = t
    else if (SYSTEMS.some(([re]) => re.test(t))) {
      env.system = t
      if (env.runtime === 'wechat' && !env.platform) {
        env.platform = SYSTEMS.find(([re]) => re.test(t))![1]
        guessedPlatform = true
      }
    } else if (i === 0 && env.runtime === 'wechat') {
      const sp = t.indexOf(' ')
      if (sp > 0) {
        env.brand = t.slice(0, sp)
        env.model = t.slice(sp + 1)
      } else env.model = t
    }
  })
  return { env, guessedPlatform }
}

/** Reads copied result text (either language). Never throws. */
export function parseCopyText(text: string): CopyTextParse {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
  const start = lines.findIndex((l) => HEADER.test(l.trim()))
  if (start < 0)
    return { ok: false, error: 'no "ZIM netcheck · SDK … · time" line: not a copied zim-netcheck result' }
  const head = HEADER.exec(lines[start].trim())!
  const createdRaw = head[2].replace(' ', 'T')
  const createdAt = /Z$/.test(createdRaw) ? createdRaw : `${createdRaw}Z`
  if (Number.isNaN(Date.parse(createdAt)))
    return { ok: false, error: 'the time in the first line is not a date' }
  const rest = lines.slice(start + 1)
  const verdictAt = rest.findIndex((l) => readVerdict(l.trim()) !== undefined)
  const verdictLine = verdictAt >= 0 ? readVerdict(rest[verdictAt].trim())! : undefined
  const envLine =
    verdictAt > 0 ? rest[0] : verdictAt < 0 && rest[0] && !rest[0].startsWith('✗') ? rest[0] : ''
  const { env } = readEnv(envLine)
  const lang: Lang = verdictLine?.lang ?? (/[\u4e00-\u9fff]/.test(text) ? 'zh' : 'en')
  let enforced = true
  let reasons: NotEnforcedReason[] = []
  const results: ProbeResult[] = []
  const warnings: string[] = []
  const purposeUnknown: string[] = []
  let moreFailed = 0
  let unreadLines = 0
  let inUnknown = false
  const seen = new Set<string>()
  for (const raw of rest.slice(verdictAt + 1)) {
    const line = raw.trim()
    let m: RegExpExecArray | null
    if (!line) continue
    if (line.startsWith('⚠ ')) {
      enforced = false
      const texts = [...reasonTexts('zh'), ...reasonTexts('en')]
      reasons = REASONS.filter((r) => texts.some(([k, t]) => k === r && line.includes(t)))
      continue
    }
    if (line === '未识别的错误:' || line === 'Unrecognised errors:') {
      inUnknown = true
      continue
    }
    if (inUnknown && line.startsWith('? ')) continue
    if ((m = MORE.exec(line))) {
      moreFailed = +(m[1] ?? m[2])
      continue
    }
    if (line.startsWith('note: ')) {
      warnings.push(line.slice(6))
      continue
    }
    if ((m = ROW.exec(line))) {
      const [, category, url, errCat] = m
      let msg = m[4]
      const result = readRow(category, url, errCat, msg)
      if (!result || seen.has(result.id)) {
        unreadLines++
        continue
      }
      seen.add(result.id)
      const e = ERRNO.exec(msg)
      if (e) {
        result.error!.errno = +e[1]
        msg = msg.slice(0, e.index)
      }
      const c = CODE.exec(msg)
      if (c) {
        if (PARSED_CODE.test(c[1])) result.error!.parsedCode = c[1]
        else result.error!.code = c[1]
        msg = msg.slice(0, c.index)
      }
      result.error!.errMsg = msg
      if (!CATALOG.some((x) => x.id === result.id)) purposeUnknown.push(result.id)
      results.push(result)
      continue
    }
    if (line.startsWith('✗')) unreadLines++
  }
  const own = summarize(results)
  let summary = own
  let failCounts: Partial<Record<ErrorCategory, number>> = {}
  for (const r of results) failCounts[r.error!.category] = (failCounts[r.error!.category] ?? 0) + 1
  if (verdictLine) {
    const tail = verdictLine.tail
    const warn = +(/(\d+) with warnings|警告 (\d+) 项/.exec(tail)?.slice(1).find(Boolean) ?? 0)
    const skipped = +(/(\d+) skipped|跳过 (\d+) 项/.exec(tail)?.slice(1).find(Boolean) ?? 0)
    const pass = verdictLine.total - verdictLine.fail - warn - skipped
    if (pass < 0 || verdictLine.fail < own.fail)
      return { ok: false, error: 'the verdict line does not add up with the rows' }
    summary = { total: verdictLine.total, pass, warn, fail: verdictLine.fail, skipped }
    if (verdictLine.fail > 0) failCounts = readParts(verdictLine) ?? failCounts
  }
  const report: Report = {
    schema: REPORT_SCHEMA,
    createdAt,
    sdk: { input: head[1], resolved: head[1] },
    environment: { ...env, whitelist: { enforced, reasons } },
    options: { timeoutMs: 0, deadlineMs: 0, concurrency: { http: 0, socket: 0 } },
    summary: own,
    results,
    warnings,
  }
  const valid = validateReport(report)
  if (!valid.ok) return { ok: false, error: valid.error }
  return {
    ok: true,
    value: {
      report,
      summary,
      lang,
      moreFailed,
      purposeUnknown,
      unreadLines,
      hasVerdict: !!verdictLine,
      failCounts,
    },
  }
}

function readRow(category: string, url: string, errCat: string, msg: string): ProbeResult | undefined {
  if (!isCategory(category) || !/^(wss|https):\/\/[^\s/]+/.test(url)) return undefined
  if (!(ERROR_CATEGORIES as readonly string[]).includes(errCat)) return undefined
  const id = `${category}:${url}`
  const entry = CATALOG.find((x) => x.id === id)
  return {
    id,
    category,
    url,
    // A url outside the catalog has no known purpose; `purposeUnknown` says so and the page shows "?".
    purpose: entry ? entry.purpose : 'access',
    status: 'fail',
    error: { category: errCat as ErrorCategory, errMsg: msg },
  }
}
