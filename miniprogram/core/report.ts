import { ERROR_CATEGORIES, ErrorCategory } from './classifier'
import { Caveat, ProbeResult, ProbeStatus, SkipReason } from './engine'
import {
  describeEnforcement,
  NotEnforcedReason,
  PLATFORM_IDS,
  PlatformId,
  RunEnvironment,
  WhitelistEnforcement,
} from './environment'
import { ProxyInfo, proxyFindings, proxyInfoProblem, proxyVerdictNote } from './proxy'
import { safeField, safeJson } from './sanitize'
import { CATEGORIES, CATEGORY_LABELS, Category, isCategory, isPurpose, Lang } from './types'

export const REPORT_SCHEMA = 'zim-netcheck/report@1'

export interface ReportOptions {
  timeoutMs: number
  deadlineMs: number
  concurrency: { http: number; socket: number }
  only?: Category[]
}

export interface ReportSummary {
  total: number
  pass: number
  warn: number
  fail: number
  skipped: number
}

export interface Report {
  schema: typeof REPORT_SCHEMA
  createdAt: string
  sdk: { input: string; resolved: string }
  /** `proxy`: the HTTP proxy a CLI run went through (scheme, host, port; never credentials). */
  environment: RunEnvironment & { whitelist: WhitelistEnforcement; proxy?: ProxyInfo }
  options: ReportOptions
  summary: ReportSummary
  results: ProbeResult[]
  warnings: string[]
}

export function summarize(results: readonly Pick<ProbeResult, 'status'>[]): ReportSummary {
  const s: ReportSummary = { total: results.length, pass: 0, warn: 0, fail: 0, skipped: 0 }
  for (const r of results) s[r.status]++
  return s
}

export function buildReport(input: {
  createdAt: Date | string
  sdk: { input: string; resolved: string }
  environment: RunEnvironment
  enforcement: WhitelistEnforcement
  /** The proxy the probes went through, if any: only its scheme, host and port are kept. */
  proxy?: ProxyInfo
  options: ReportOptions
  results: readonly ProbeResult[]
  warnings: readonly string[]
}): Report {
  const p = input.proxy
  const createdAt = typeof input.createdAt === 'string' ? input.createdAt : input.createdAt.toISOString()
  return {
    schema: REPORT_SCHEMA,
    createdAt,
    sdk: { ...input.sdk },
    environment: {
      ...input.environment,
      whitelist: { ...input.enforcement, reasons: [...input.enforcement.reasons] },
      ...(p ? { proxy: { scheme: p.scheme, host: p.host, port: p.port } } : {}),
    },
    options: { ...input.options },
    summary: summarize(input.results),
    // The report keeps what support needs; retry counts stay in the engine.
    results: input.results.map(({ attempts: _attempts, ...r }) => r),
    warnings: [...input.warnings],
  }
}

// ——— validation ———

export type ValidateResult = { ok: true; report: Report } | { ok: false; error: string }

const STATUSES: readonly ProbeStatus[] = ['pass', 'warn', 'fail', 'skipped']
const CAVEATS: readonly Caveat[] = ['http', 'slow', 'not_enforced']
const SKIP_REASONS: readonly SkipReason[] = ['cancelled', 'deadline']
const NOT_ENFORCED: readonly NotEnforcedReason[] = [
  'debug',
  'devtools',
  'tourist_appid',
  'develop',
  'not_wechat',
  'ide',
]
const RUNTIMES = ['wechat', 'devtools', 'node']
const ENV_STRINGS = [
  'platform',
  'wechatVersion',
  'baseLibrary',
  'system',
  'brand',
  'model',
  'networkType',
  'appId',
  'language',
  'node',
] as const

/** A platform code read from a message by classify(): `chromium:-105`, `nsurl:-1009`, `posix:ECONNRESET`… */
const PARSED_CODE = /^(?:chromium|nsurl|cfnetwork|posix|node|alipay|douyin|baidu|qq):[\w-]{1,80}$/

class Invalid extends Error {}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0
const isMs = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0

function need(cond: boolean, path: string, what: string): asserts cond {
  if (!cond) throw new Invalid(`${path}: ${what}`)
}

function optional(
  obj: Record<string, unknown>,
  key: string,
  check: (v: unknown) => boolean,
  path: string,
  what: string,
) {
  if (obj[key] !== undefined) need(check(obj[key]), `${path}.${key}`, what)
}

function checkResult(r: unknown, path: string): void {
  need(isObj(r), path, 'must be an object')
  need(
    typeof r.category === 'string' && isCategory(r.category),
    `${path}.category`,
    `must be one of ${CATEGORIES.join(', ')}`,
  )
  need(
    typeof r.url === 'string' && /^(wss|https):\/\/[^\s/]+/.test(r.url),
    `${path}.url`,
    'must be a wss:// or https:// url',
  )
  need(r.id === `${r.category}:${r.url}`, `${path}.id`, 'must be "category:url"')
  need(typeof r.purpose === 'string' && isPurpose(r.purpose), `${path}.purpose`, 'unknown purpose')
  need(
    typeof r.status === 'string' && (STATUSES as string[]).includes(r.status),
    `${path}.status`,
    'must be pass, warn, fail or skipped',
  )
  if (r.error !== undefined) {
    const e = r.error
    need(isObj(e), `${path}.error`, 'must be an object')
    need(
      typeof e.category === 'string' && (ERROR_CATEGORIES as readonly string[]).includes(e.category),
      `${path}.error.category`,
      'unknown error category',
    )
    need(typeof e.errMsg === 'string', `${path}.error.errMsg`, 'must be a string')
    optional(
      e,
      'errno',
      (v) => typeof v === 'number' && Number.isFinite(v),
      `${path}.error`,
      'must be a number',
    )
    optional(e, 'code', (v) => typeof v === 'string', `${path}.error`, 'must be a string')
    optional(
      e,
      'parsedCode',
      (v) => typeof v === 'string' && PARSED_CODE.test(v),
      `${path}.error`,
      'must be table:code',
    )
  }
  need(r.status !== 'fail' || r.error !== undefined, `${path}.error`, 'a failed probe must carry its error')
  optional(r, 'statusCode', (v) => isCount(v) && (v as number) < 1000, path, 'must be an HTTP status')
  optional(r, 'after', (v) => typeof v === 'string', path, 'must be a string')
  if (r.timing !== undefined) {
    const t = r.timing
    need(isObj(t), `${path}.timing`, 'must be an object')
    need(isMs(t.totalMs), `${path}.timing.totalMs`, 'must be a number of ms')
    for (const k of ['dnsMs', 'connectMs', 'tlsMs', 'ttfbMs'])
      optional(t, k, isMs, `${path}.timing`, 'must be a number of ms')
  }
  optional(
    r,
    'caveats',
    (v) => Array.isArray(v) && v.every((c) => (CAVEATS as unknown[]).includes(c)),
    path,
    'unknown caveat',
  )
  optional(r, 'skipReason', (v) => (SKIP_REASONS as unknown[]).includes(v), path, 'unknown skip reason')
}

/** Checks an untrusted value (a file, a shared payload) is a report this version can show. Never throws. */
export function validateReport(value: unknown): ValidateResult {
  try {
    need(isObj(value), 'report', 'must be a JSON object')
    const v = value
    need(typeof v.schema === 'string', 'schema', `missing; expected "${REPORT_SCHEMA}"`)
    need(
      v.schema === REPORT_SCHEMA,
      'schema',
      `"${String(v.schema).slice(0, 40)}" is not supported; expected "${REPORT_SCHEMA}"`,
    )
    need(
      typeof v.createdAt === 'string' && !Number.isNaN(Date.parse(v.createdAt)),
      'createdAt',
      'must be an ISO date',
    )
    need(
      isObj(v.sdk) && typeof v.sdk.input === 'string' && typeof v.sdk.resolved === 'string',
      'sdk',
      'must be {input, resolved}',
    )
    const env = v.environment
    need(isObj(env), 'environment', 'must be an object')
    need(
      typeof env.runtime === 'string' && RUNTIMES.includes(env.runtime),
      'environment.runtime',
      `must be ${RUNTIMES.join(', ')}`,
    )
    for (const k of ENV_STRINGS)
      optional(env, k, (x) => typeof x === 'string', 'environment', 'must be a string')
    optional(
      env,
      'platformId',
      (x) => PLATFORM_IDS.includes(x as PlatformId),
      'environment',
      'unknown platform',
    )
    optional(env, 'enableDebug', (x) => typeof x === 'boolean', 'environment', 'must be true or false')
    optional(env, 'hasSystemProxy', (x) => typeof x === 'boolean', 'environment', 'must be true or false')
    optional(
      env,
      'envVersion',
      (x) => x === 'develop' || x === 'trial' || x === 'release',
      'environment',
      'must be develop, trial or release',
    )
    if (env.proxy !== undefined) {
      const problem = proxyInfoProblem(env.proxy)
      need(problem === '', 'environment.proxy', problem)
    }
    const wl = env.whitelist
    need(
      isObj(wl) && typeof wl.enforced === 'boolean',
      'environment.whitelist',
      'must be {enforced, reasons}',
    )
    need(
      Array.isArray(wl.reasons) && wl.reasons.every((r) => (NOT_ENFORCED as unknown[]).includes(r)),
      'environment.whitelist.reasons',
      'unknown reason',
    )
    const o = v.options
    need(
      isObj(o) && isMs(o.timeoutMs) && isMs(o.deadlineMs),
      'options',
      'must carry timeoutMs and deadlineMs',
    )
    need(
      isObj(o.concurrency) && isCount(o.concurrency.http) && isCount(o.concurrency.socket),
      'options.concurrency',
      'must be {http, socket}',
    )
    optional(
      o,
      'only',
      (x) => Array.isArray(x) && x.every((c) => typeof c === 'string' && isCategory(c)),
      'options',
      'unknown category',
    )
    need(Array.isArray(v.results), 'results', 'must be a list')
    const results = v.results as unknown[]
    results.forEach((r, i) => checkResult(r, `results[${i}]`))
    const ids = new Set((results as ProbeResult[]).map((r) => r.id))
    need(ids.size === results.length, 'results', 'has the same probe twice')
    const s = v.summary
    need(
      isObj(s) && ['total', 'pass', 'warn', 'fail', 'skipped'].every((k) => isCount(s[k])),
      'summary',
      'must count total, pass, warn, fail, skipped',
    )
    const actual = summarize(results as ProbeResult[])
    for (const k of ['total', 'pass', 'warn', 'fail', 'skipped'] as const) {
      need(s[k] === actual[k], `summary.${k}`, `says ${String(s[k])} but the results have ${actual[k]}`)
    }
    need(
      Array.isArray(v.warnings) && v.warnings.every((w) => typeof w === 'string'),
      'warnings',
      'must be a list of strings',
    )
    return { ok: true, report: value as unknown as Report }
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: `invalid report: ${e.message}` }
    return { ok: false, error: `invalid report: ${(e as Error).message}` }
  }
}

// ——— rendering ———

export const ERROR_LABELS: Record<ErrorCategory, Record<Lang, string>> = {
  not_whitelisted: { zh: '未加入合法域名', en: 'not whitelisted' },
  dns: { zh: '域名解析失败', en: 'DNS' },
  timeout: { zh: '超时', en: 'timeout' },
  refused: { zh: '连接被拒绝或中断', en: 'refused' },
  tls: { zh: 'TLS/证书错误', en: 'TLS' },
  offline: { zh: '无网络', en: 'offline' },
  aborted: { zh: '已中断', en: 'aborted' },
  too_many: { zh: '并发任务过多', en: 'too many tasks' },
  bad_request: { zh: '请求无效', en: 'bad request' },
  http: { zh: 'WebSocket 升级被拒绝', en: 'upgrade refused' },
  unknown: { zh: '未知错误', en: 'unknown' },
  proxy: { zh: '代理', en: 'proxy' },
}

const STATUS_ICON: Record<ProbeStatus, string> = { pass: '✓', warn: '!', fail: '✗', skipped: '–' }

/**
 * "3 of 46 failed: 2 not whitelisted, 1 timeout" — the line the page, the chat text and the CLI share. With the
 * run's environment it also names the proxy: the one a CLI run went through, or a phone's system proxy when it is
 * a likely cause of the failures (see proxyVerdictNote).
 */
export function verdict(
  results: readonly ProbeResult[],
  lang: Lang,
  summary?: ReportSummary,
  env?: Pick<Report['environment'], 'proxy' | 'hasSystemProxy'>,
): string {
  return verdictCounts(results, lang, summary) + proxyVerdictNote(results, env, lang)
}

function verdictCounts(results: readonly ProbeResult[], lang: Lang, summary?: ReportSummary): string {
  // A shared card may hold only the failing rows; its full counts then come with it.
  const s = summary ?? summarize(results)
  const counts = new Map<ErrorCategory, number>()
  for (const r of results)
    if (r.status === 'fail' && r.error) counts.set(r.error.category, (counts.get(r.error.category) ?? 0) + 1)
  const parts = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => (lang === 'zh' ? `${ERROR_LABELS[c].zh} ${n} 项` : `${n} ${ERROR_LABELS[c].en}`))
  const extra: string[] = []
  if (s.warn) extra.push(lang === 'zh' ? `警告 ${s.warn} 项` : `${s.warn} with warnings`)
  if (s.skipped) extra.push(lang === 'zh' ? `跳过 ${s.skipped} 项` : `${s.skipped} skipped`)
  const tail = extra.length ? (lang === 'zh' ? `（${extra.join('，')}）` : ` (${extra.join(', ')})`) : ''
  if (s.total === 0) return lang === 'zh' ? '没有要检测的域名' : 'nothing to probe'
  if (s.fail === 0) {
    if (s.pass + s.warn === 0)
      return lang === 'zh' ? `${s.total} 项均未完成${tail}` : `none of ${s.total} finished${tail}`
    return lang === 'zh' ? `${s.total} 项中没有失败${tail}` : `none of ${s.total} failed${tail}`
  }
  return lang === 'zh'
    ? `${s.total} 项中 ${s.fail} 项失败：${parts.join('，')}${tail}`
    : `${s.fail} of ${s.total} failed: ${parts.join(', ')}${tail}`
}

function envLine(env: Report['environment'], lang: Lang): string {
  const bits: string[] = []
  if (env.runtime === 'node') bits.push(`Node ${env.node ?? ''}`.trim(), env.platform ?? '')
  else {
    bits.push(
      env.runtime === 'devtools'
        ? lang === 'zh'
          ? '开发者工具'
          : 'DevTools'
        : `${env.brand ?? ''} ${env.model ?? ''}`.trim(),
    )
    if (env.system) bits.push(env.system)
    if (env.platformId && env.platformId !== 'wechat') bits.push(env.platformId)
    if (env.wechatVersion) bits.push(`WeChat ${env.wechatVersion}`)
    if (env.baseLibrary) bits.push(`${lang === 'zh' ? '基础库' : 'base lib'} ${env.baseLibrary}`)
  }
  if (env.networkType) bits.push(env.networkType)
  if (env.appId) bits.push(`appid ${env.appId}${env.envVersion ? ` (${env.envVersion})` : ''}`)
  return safeField(bits.filter(Boolean).join(' · '))
}

/**
 * The raw message, safe to print, with the code read from it (or the Node code) and the errno:
 * `msg [chromium:-2] (errno 600001)`.
 */
const rawText = (e: NonNullable<ProbeResult['error']>) => {
  const code = e.parsedCode || e.code
  return `${safeField(e.errMsg)}${code ? ` [${safeField(code)}]` : ''}${e.errno !== undefined ? ` (errno ${e.errno})` : ''}`
}

/** The error of a row on one line, safe to print: control characters neutralised, OpenSSL trimmed. */
export const errorText = (r: ProbeResult): string =>
  r.error ? `${safeField(r.error.category)}: ${rawText(r.error)}` : ''

/** Failed probes the classifier did not recognise, one entry per distinct raw text, most frequent first. */
export function unknownErrors(results: readonly ProbeResult[]): { text: string; count: number }[] {
  const seen = new Map<string, number>()
  for (const r of results)
    if (r.status === 'fail' && r.error && r.error.category === 'unknown') {
      const text = rawText(r.error)
      seen.set(text, (seen.get(text) || 0) + 1)
    }
  return [...seen].map(([text, count]) => ({ text, count })).sort((a, b) => b.count - a.count)
}

const UNKNOWN_TITLE = { zh: '未识别的错误', en: 'Unrecognised errors' }

/** What a reached probe's connection did after the answer, e.g. `after: body: reset after 1.2 KB`. */
export const afterText = (r: ProbeResult): string => (r.after ? `after: ${safeField(r.after)}` : '')

/** Short enough for a chat message: header, verdict, every failing row (up to a cap), caveats. */
export function renderText(report: Report, lang: Lang = 'en', maxRows = 20): string {
  const lines = [
    `ZIM netcheck · SDK ${safeField(report.sdk.resolved)} · ${safeField(report.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}`,
    envLine(report.environment, lang),
    verdict(report.results, lang, undefined, report.environment),
    ...proxyFindings(report.results, lang).map((f) => `✗ ${safeField(f, 1000)}`),
  ]
  if (!report.environment.whitelist.enforced)
    lines.push(
      `⚠ ${describeEnforcement(report.environment.whitelist, lang, { platformId: report.environment.platformId })}`,
    )
  const failing = report.results.filter((r) => r.status === 'fail')
  for (const r of failing.slice(0, maxRows))
    lines.push(`✗ ${safeField(r.category)} ${safeField(r.url)} — ${errorText(r)}`)
  if (failing.length > maxRows)
    lines.push(
      lang === 'zh'
        ? `…另有 ${failing.length - maxRows} 项失败`
        : `…and ${failing.length - maxRows} more failed`,
    )
  const unknown = unknownErrors(report.results)
  if (unknown.length) lines.push(`${UNKNOWN_TITLE[lang]}:`, ...unknown.map((u) => `? ${u.text} ×${u.count}`))
  for (const w of report.warnings) lines.push(`note: ${safeField(w, 1000)}`)
  return lines.join('\n')
}

const mdCell = (s: string, max = 300) => safeField(s, max).replace(/\|/g, '\\|')

export function renderMarkdown(report: Report, lang: Lang = 'en'): string {
  const zh = lang === 'zh'
  const out = [
    `# ZIM netcheck — SDK ${mdCell(report.sdk.resolved)}`,
    '',
    `- ${zh ? '时间' : 'created'}: ${mdCell(report.createdAt)}`,
    `- ${zh ? '输入版本' : 'SDK input'}: \`${mdCell(report.sdk.input)}\``,
    `- ${zh ? '环境' : 'environment'}: ${mdCell(envLine(report.environment, lang))}`,
    `- ${zh ? '结论' : 'verdict'}: **${mdCell(verdict(report.results, lang, undefined, report.environment), 1000)}**`,
    ...proxyFindings(report.results, lang).map((f) => `- ${zh ? '代理' : 'proxy'}: ${mdCell(f, 1000)}`),
  ]
  if (!report.environment.whitelist.enforced)
    out.push(
      '',
      `> ⚠ ${describeEnforcement(report.environment.whitelist, lang, { platformId: report.environment.platformId })}`,
    )
  for (const category of CATEGORIES) {
    const rows = report.results.filter((r) => r.category === category)
    if (rows.length === 0) continue
    out.push('', `## ${CATEGORY_LABELS[category].zh} / ${CATEGORY_LABELS[category].en}`, '')
    out.push(
      `| | ${zh ? '域名' : 'domain'} | ${zh ? '用途' : 'purpose'} | ${zh ? '耗时' : 'time'} | ${zh ? '说明' : 'detail'} |`,
      '|---|---|---|---|---|',
    )
    for (const r of rows) {
      const time = r.timing ? `${Math.round(r.timing.totalMs)} ms` : ''
      const detail = [
        errorText(r),
        r.statusCode !== undefined ? `HTTP ${r.statusCode}` : '',
        afterText(r),
        (r.caveats ?? []).join(', '),
        r.skipReason ?? '',
      ]
        .filter(Boolean)
        .join('; ')
      out.push(
        `| ${STATUS_ICON[r.status]} ${r.status} | ${mdCell(r.url)} | ${r.purpose} | ${time} | ${mdCell(detail, 600)} |`,
      )
    }
  }
  const unknown = unknownErrors(report.results)
  if (unknown.length)
    out.push('', `## ${UNKNOWN_TITLE[lang]}`, '', ...unknown.map((u) => `- ${u.count} × ${mdCell(u.text)}`))
  if (report.warnings.length)
    out.push('', `## ${zh ? '提示' : 'Notes'}`, '', ...report.warnings.map((w) => `- ${mdCell(w, 1000)}`))
  return out.join('\n') + '\n'
}

/** The report as JSON; C1, bidi and line-separator characters are written as \u escapes (same value). */
export function renderJson(report: Report): string {
  return safeJson(JSON.stringify(report, null, 2)) + '\n'
}
