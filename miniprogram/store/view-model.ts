import { describeCategory } from '../core/classifier'
import { describeCause, findCauses } from '../core/causes'
import {
  breakableUrl,
  deviceName,
  formatCreatedAt,
  formatLatency,
  formatTiming,
  shownStatus,
  summaryTone,
} from '../core/format'
import { LOCAL_STORAGE_CODE } from '../core/engine'
import { ProbeResult } from '../core/result'
import {
  describeEnforcement,
  enforcementState,
  RunEnvironment,
  WhitelistEnforcement,
} from '../core/environment'
import { Report, ReportSummary, summarize, verdict } from '../core/report'
import {
  ALIPAY_LIST_LABEL,
  CATEGORY_LABELS,
  ERROR_LABELS,
  ENFORCEMENT_TEXT,
  fill,
  HOST_REQUESTS_SET,
  HOST_SOCKETS_SET,
  NOTE_SEP,
  NOT_WHITELISTED_ON,
  PANEL_TEXT,
  PLATFORM_CONSOLES,
  PanelStrings,
  PLATFORM_NAMES,
  PLATFORM_WORDS,
  purposeLabel,
  STRINGS,
  Strings,
} from '../core/text'
import { CATEGORIES, Category, ErrorCategory, Lang, PlatformId, PURPOSES } from '../core/vocabulary'
import { hostnameOf, whitelistBlocks } from '../core/whitelist'
import { noticeText } from './notices'
import type { RunStore } from './run-store'

/** One result row as WXML shows it: display strings only, no logic left for the template. */
export interface RowView {
  id: string
  /** The URL with break opportunities between labels (breakableUrl). */
  url: string
  purpose: string
  /** What the row shows: pass | warn | fail | skipped | pending | running (a not-enforced pass stays a pass). */
  status: string
  statusText: string
  latency: string
  errLabel: string
  hint: string
  errMsg: string
  errno: string
  timing: string
  note: string
}

export interface GroupView {
  category: Category
  title: string
  count: number
  /** Rows per status, in words: `通过 14 · 失败 2`. */
  counts: string
  /** Passing rows are folded away (a finished run): the group shows its counts until opened. */
  fold: boolean
  rows: RowView[]
}

export interface CauseView {
  text: string
  hint: string
}

export interface ReadyView {
  purpose: string
  label: string
  text: string
  /** ok: all reachable; warn: some; fail: none. */
  tone: string
}

export interface RunView extends Record<string, unknown> {
  progress: { done: number; total: number; percent: number }
  verdict: string
  /** ok | warn | fail | '' */
  tone: string
  groups: GroupView[]
  /** The failures grouped by cause, largest first. */
  causes: CauseView[]
  /** Per ZIM purpose (access, report, config, log, file): N of M reachable. */
  ready: ReadyView[]
  hasFailed: boolean
  /** Failures in not_whitelisted: what to add where, and the text the copy button puts on the clipboard. */
  missing: { category: Category; label: string; urls: string[]; text: string }[]
  /** Said once about the run: host sockets, background, local storage, deadline. */
  notices: string[]
  /** The run waits in the background. */
  paused: boolean
}

const STATUS_TEXT: Record<string, keyof Strings | keyof PanelStrings> = {
  pass: 'statusPass',
  warn: 'statusWarn',
  fail: 'statusFail',
  skipped: 'statusSkipped',
  pending: 'statusPending',
  running: 'statusRunning',
}

type Words = Strings & PanelStrings

/**
 * The panel's words in one language: the base strings and issue 15's; on a platform other than WeChat, the
 * ones that name WeChat name that platform instead.
 */
export function words(lang: Lang, platformId?: PlatformId): Words {
  const w: Words = { ...STRINGS[lang], ...PANEL_TEXT[lang] }
  if (platformId && platformId !== 'wechat') {
    const values = { name: PLATFORM_NAMES[platformId][lang], console: PLATFORM_CONSOLES[platformId][lang] }
    w.envWechat = fill(PLATFORM_WORDS.envWechat[lang], values)
    w.whitelistHint = fill(PLATFORM_WORDS.whitelistHint[lang], values)
  }
  return w
}

// The timing breakdown, shared with the viewer (core/format.ts); tests read it here.
export { formatTiming, deviceName }

/**
 * What to do about an error. Not whitelisted names the platform's own console where it is not WeChat's (Alipay,
 * Douyin, Baidu and QQ edit their lists elsewhere); every other hint is the same on every platform.
 */
export function hintOf(category: ErrorCategory, lang: Lang, platformId?: PlatformId): string {
  if (category === 'not_whitelisted' && platformId && platformId !== 'wechat')
    return fill(NOT_WHITELISTED_ON[lang], { console: PLATFORM_CONSOLES[platformId][lang] })
  return describeCategory(category, lang)
}

function rowView(
  probe: { id: string; url: string; purpose: string },
  r: ProbeResult | undefined,
  lang: Lang,
  t: Words,
  inFlight: boolean,
  enforced: boolean,
  platformId?: PlatformId,
): RowView {
  const status = r ? shownStatus(r) : inFlight ? 'running' : 'pending'
  const error = r?.error
  // The probe could not start because the device's storage failed: not a network answer.
  const local = error?.code === LOCAL_STORAGE_CODE
  const notes: string[] = []
  // "Not enforced" is said once for the run (the banner), not on every row.
  for (const c of r?.caveats ?? [])
    if (c !== 'not_enforced') notes.push(c === 'http' ? t.caveatHttp : t.caveatSlow)
  if (r?.skipReason) notes.push(r.skipReason === 'deadline' ? t.skipDeadline : t.skipCancelled)
  if (r?.statusCode !== undefined) notes.push(`HTTP ${r.statusCode}`)
  return {
    id: probe.id,
    url: breakableUrl(probe.url),
    purpose: purposeLabel(probe.purpose, lang),
    status,
    statusText: status === 'pass' && !enforced ? t.statusPassUnchecked : t[STATUS_TEXT[status]],
    latency: formatLatency(r?.timing),
    errLabel: !error ? '' : local ? t.localStorageLabel : ERROR_LABELS[error.category][lang],
    // The stored category's hint (the engine may have decided it from the platform state, e.g. background).
    hint: !error ? '' : local ? t.localStorageHint : hintOf(error.category, lang, platformId),
    errMsg: error ? error.errMsg : '',
    errno: error?.errno !== undefined ? String(error.errno) : '',
    timing: formatTiming(r?.timing, lang),
    note: notes.join(NOTE_SEP),
  }
}

const ORDER = ['fail', 'warn', 'skipped', 'running', 'pending', 'pass']

/** `通过 14 · 失败 2`: the rows of a group per status, problems first. */
function countText(rows: readonly RowView[]): string {
  return ORDER.map((st) => {
    const list = rows.filter((r) => r.status === st)
    return list.length ? `${list[0].statusText} ${list.length}` : ''
  })
    .filter(Boolean)
    .join(' · ')
}

/**
 * Result rows grouped by category, in plan order; a probe without a result shows as pending, or as running
 * while the platform works on it. `fold` folds the passing rows of each group away.
 */
export function buildGroups(
  plan: readonly { id: string; category: Category; url: string; purpose: string }[],
  results: readonly (ProbeResult | undefined)[],
  lang: Lang,
  opts: { inFlight?: readonly string[]; enforced?: boolean; fold?: boolean; platformId?: PlatformId } = {},
): GroupView[] {
  const t = words(lang)
  const groups: GroupView[] = []
  const enforced = opts.enforced !== false
  for (const category of CATEGORIES) {
    const rows: RowView[] = []
    plan.forEach((p, i) => {
      if (p.category === category)
        rows.push(
          rowView(p, results[i], lang, t, (opts.inFlight ?? []).includes(p.id), enforced, opts.platformId),
        )
    })
    if (rows.length > 0)
      groups.push({
        category,
        title: CATEGORY_LABELS[category][lang],
        count: rows.length,
        counts: countText(rows),
        fold: opts.fold === true,
        rows,
      })
  }
  return groups
}

const CELLULAR = /^(2g|3g|4g|5g|wwan)$/i
const NETWORK_ERRORS = ['timeout', 'dns', 'refused', 'offline']

/**
 * The failures grouped by cause (core/causes.ts), each with what to do: "all 16 *.zego.im probes fail: TLS →
 * a TLS-intercepting proxy or a wrong clock"; a whole run failing on cellular → try Wi-Fi; missing domains →
 * the copy card.
 */
export function buildCauses(
  results: readonly ProbeResult[],
  lang: Lang,
  env: Pick<RunEnvironment, 'networkType' | 'platformId'> = {},
): CauseView[] {
  const t = words(lang)
  const net = env.networkType ?? ''
  return findCauses(results).map((c) => {
    const wide = c.scope.kind === 'every' && NETWORK_ERRORS.includes(c.error) && CELLULAR.test(net)
    const hint = wide ? fill(t.cellular, { net }) : hintOf(c.error, lang, env.platformId)
    return { text: describeCause(c, lang), hint }
  })
}

/** Per ZIM purpose of the plan: how many of its rows were reached (pass or warn). */
export function buildReady(
  plan: readonly { purpose: string }[],
  results: readonly (Pick<ProbeResult, 'status'> | undefined)[],
  lang: Lang,
): ReadyView[] {
  const t = words(lang)
  const out: ReadyView[] = []
  // ZIM's purposes in their order, then any an imported table named (and the app's own domains).
  const purposes: string[] = [...PURPOSES]
  for (const p of plan) if (!purposes.includes(p.purpose)) purposes.push(p.purpose)
  for (const purpose of purposes) {
    let m = 0
    let n = 0
    plan.forEach((p, i) => {
      if (p.purpose !== purpose) return
      m++
      const st = results[i]?.status
      if (st === 'pass' || st === 'warn') n++
    })
    if (m > 0)
      out.push({
        purpose,
        label: purposeLabel(purpose, lang),
        text: fill(t.ready, { n, m }),
        tone: n === m ? 'ok' : n === 0 ? 'fail' : 'warn',
      })
  }
  return out
}

/** The summary a reader sees: a pass whose only caveat is "not enforced" counts as a pass (said once). */
export const shownSummary = (results: readonly ProbeResult[]): ReportSummary =>
  summarize(results.map((r) => ({ status: shownStatus(r) as ProbeResult['status'] })))

export function buildRunView(store: RunStore): RunView {
  const lang = store.lang
  const idle = store.phase === 'idle'
  const done = store.phase === 'done'
  const plan = idle ? store.previewPlan : store.plan
  const settled = idle ? [] : store.results.filter((r): r is ProbeResult => r !== undefined)
  const groups = buildGroups(plan, idle ? [] : store.results, lang, {
    inFlight: store.phase === 'running' ? store.inFlight : [],
    enforced: store.enforcement.enforced,
    fold: done,
    platformId: store.environment.platformId,
  })
  const total = plan.length
  const fail = settled.filter((r) => r.status === 'fail')
  const missing = missingBlocks(settled, store.environment.platformId)
  const summary = shownSummary(settled)
  return {
    progress: {
      done: settled.length,
      total,
      percent: total === 0 ? 0 : Math.round((settled.length / total) * 100),
    },
    // Counted against the whole plan, also while probes are still running.
    verdict: idle ? '' : verdict(settled, lang, { ...summary, total }, store.environment),
    // No tone while the run is on: the verdict is still counting.
    tone: !done ? '' : summaryTone(summary),
    groups,
    causes: done ? buildCauses(settled, lang, store.environment) : [],
    ready: done ? buildReady(plan, store.results, lang) : [],
    hasFailed: fail.length > 0,
    missing,
    notices: runNotices(store),
    paused: store.paused && store.phase === 'running',
  }
}

function runNotices(store: RunStore): string[] {
  const lang = store.lang
  if (store.phase === 'idle') return []
  const platform = store.environment.platformId
  const out = store.notices.map((n) => noticeText(n, lang, platform))
  if (store.paused && store.phase === 'running') out.unshift(noticeText({ kind: 'paused' }, lang))
  if (store.hostSockets > 0 && !store.notices.some((n) => n.kind === 'host_sockets'))
    out.push(
      fill(HOST_SOCKETS_SET[lang], {
        held: store.hostSockets,
        name: PLATFORM_NAMES[platform ?? 'wechat'][lang],
      }),
    )
  if (store.hostRequests > 0) out.push(fill(HOST_REQUESTS_SET[lang], { held: store.hostRequests }))
  return out
}

export interface EnvView {
  rows: { label: string; value: string }[]
  notEnforced: boolean
  /** The banner's one sentence, its first clause set in bold: said once, its title not repeated. */
  notEnforcedTitle: string
  notEnforcedText: string
}

/**
 * describeEnforcement's sentence split at its first bracket: `本次运行不校验合法域名` + `（已开启调试模式…）：通过只说明…`,
 * so the banner shows one sentence with its head in bold, not a title and then the same words again.
 */
export function enforcementBanner(
  e: WhitelistEnforcement,
  lang: Lang,
  env?: Parameters<typeof describeEnforcement>[2],
): { title: string; text: string } {
  if (e.enforced) return { title: '', text: '' }
  const sentence = describeEnforcement(e, lang, env)
  const cut = sentence.search(/（| \(/)
  const head = cut > 0 ? sentence.slice(0, cut) : sentence
  return { title: head.charAt(0).toUpperCase() + head.slice(1), text: cut > 0 ? sentence.slice(cut) : '' }
}

export function buildEnvView(store: RunStore): EnvView {
  const env: RunEnvironment = store.environment
  const t = words(store.lang, env.platformId)
  const rows = [
    { label: t.envWechat, value: env.wechatVersion ?? '' },
    { label: t.envBaseLib, value: env.baseLibrary ?? '' },
    {
      label: t.envDevice,
      value: deviceName(env) || (env.platform ?? ''),
    },
    { label: t.envNetwork, value: env.networkType ?? '' },
    { label: t.envApp, value: [env.appId, env.envVersion].filter(Boolean).join(' · ') },
  ].filter((r) => r.value !== '')
  const enforcement = store.enforcement
  const record = store.measured?.record
  const E = ENFORCEMENT_TEXT
  // Whether the whitelist is checked, and how that is known (issue 27): measured by the canary, or inferred.
  rows.push({
    label: E.row[store.lang],
    value:
      E.rowValue[enforcementState(enforcement)][store.lang] +
      E.rowSource[record?.source ?? 'inferred'][store.lang],
  })
  const banner = enforcementBanner(enforcement, store.lang, { ...env, enforcement: record })
  return {
    rows,
    notEnforced: !enforcement.enforced,
    notEnforcedTitle: banner.title,
    notEnforcedText: banner.text,
  }
}

export interface WhitelistView {
  blocks: { category: Category; title: string; domains: string[]; text: string; lines: string }[]
  allText: string
}

export function buildWhitelistView(store: RunStore): WhitelistView {
  const res = store.resolution
  if (!res.ok) return { blocks: [], allText: '' }
  const four = whitelistBlocks(store.targets())
  const blocks =
    store.environment.platformId === 'alipay'
      ? [alipayList(four.flatMap((b) => b.domains))].map((l) => ({
          category: 'request' as Category,
          title: l.label,
          domains: l.urls,
          text: l.text,
          lines: l.lines,
        }))
      : four.map((b) => ({
          category: b.category,
          title: CATEGORY_LABELS[b.category].zh,
          domains: b.domains.map(breakableUrl),
          text: b.joined,
          lines: b.lines,
        }))
  // "Copy all": every category's block under its console label, as the button says.
  return { blocks, allText: blocks.map((b) => `${b.title}\n${b.lines}`).join('\n\n') }
}

export interface ReportView {
  title: string
  createdAt: string
  envLine: string
  verdict: string
  tone: string
  notEnforcedTitle: string
  notEnforcedText: string
  warnings: string[]
  groups: GroupView[]
  /** Not-whitelisted failures per category, as the panel's "add these" card. */
  missing: RunView['missing']
}

/** The one line naming the device a report came from: page, report and history say it the same way. */
export function reportEnvLine(env: Report['environment']): string {
  const app = PLATFORM_NAMES[env.platformId ?? 'wechat'].en
  return [deviceName(env), env.wechatVersion && `${app} ${env.wechatVersion}`, env.networkType]
    .filter(Boolean)
    .join(' · ')
}

/**
 * Alipay's console keeps one list of host names (服务器域名白名单), not WeChat's four lists of URLs: every
 * domain of the four, as its host, once.
 */
function alipayList(urls: readonly string[]): { label: string; urls: string[]; text: string; lines: string } {
  const hosts: string[] = []
  for (const u of urls) {
    const h = hostnameOf(u)
    if (!hosts.includes(h)) hosts.push(h)
  }
  return {
    label: ALIPAY_LIST_LABEL.zh,
    urls: hosts.map(breakableUrl),
    text: hosts.join(';'),
    lines: hosts.join('\n'),
  }
}

/**
 * Not-whitelisted failures per category, with the `;`-joined text a console field takes; on Alipay, one list
 * of host names.
 */
export function missingBlocks(results: readonly ProbeResult[], platformId?: PlatformId): RunView['missing'] {
  if (platformId === 'alipay') {
    const urls = results
      .filter((r) => r.status === 'fail' && r.error?.category === 'not_whitelisted')
      .map((r) => r.url)
    return urls.length ? [{ category: 'request', ...alipayList(urls) }] : []
  }
  const out: RunView['missing'] = []
  for (const category of CATEGORIES) {
    const urls = results
      .filter(
        (r) => r.status === 'fail' && r.category === category && r.error?.category === 'not_whitelisted',
      )
      .map((r) => r.url)
    if (urls.length > 0)
      out.push({
        category,
        label: CATEGORY_LABELS[category].zh,
        urls: urls.map(breakableUrl),
        text: urls.join(';'),
      })
  }
  return out
}

/** A saved or shared report, read-only, as the report page shows it: problems first, passing rows folded. */
export function buildReportView(
  report: Report,
  lang: Lang,
  fullSummary?: ReportSummary,
  offsetMinutes?: number,
): ReportView {
  const env = report.environment
  const summary = fullSummary ?? shownSummary(report.results)
  const groups = buildGroups(report.results, report.results, lang, {
    enforced: env.whitelist.enforced,
    fold: true,
    platformId: env.platformId,
  })
  const banner = enforcementBanner(env.whitelist, lang, env)
  return {
    title: `ZIM SDK ${report.sdk.resolved}`,
    createdAt: formatCreatedAt(report.createdAt, offsetMinutes),
    envLine: reportEnvLine(env),
    verdict: verdict(report.results, lang, summary, env),
    tone: summaryTone(summary),
    notEnforcedTitle: banner.title,
    notEnforcedText: banner.text,
    warnings: [...report.warnings],
    groups,
    missing: missingBlocks(report.results, env.platformId),
  }
}
