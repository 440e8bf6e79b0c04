import { describeCategory } from '../core/classifier'
import { formatCreatedAt, formatLatency, formatTiming, summaryTone } from '../core/format'
import { LOCAL_STORAGE_CODE } from '../core/engine'
import { ProbeResult } from '../core/result'
import { describeEnforcement, enforcementState, RunEnvironment } from '../core/environment'
import { Report, ReportSummary, summarize, verdict } from '../core/report'
import {
  CATEGORY_LABELS,
  ERROR_LABELS,
  fill,
  HOST_SOCKETS_SET,
  purposeLabel,
  STRINGS,
  Strings,
} from '../core/text'
import { CATEGORIES, Category, Lang } from '../core/vocabulary'
import { whitelistBlocks } from '../core/whitelist'
import { noticeText } from './notices'
import type { RunStore } from './run-store'

/** One result row as WXML shows it: display strings only, no logic left for the template. */
export interface RowView {
  id: string
  url: string
  purpose: string
  /** pass | warn | fail | skipped | pending */
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
  rows: RowView[]
}

export interface RunView extends Record<string, unknown> {
  progress: { done: number; total: number; percent: number }
  verdict: string
  /** ok | warn | fail | '' */
  tone: string
  groups: GroupView[]
  hasFailed: boolean
  /** Failures in not_whitelisted: what to add where, and the text the copy button puts on the clipboard. */
  missing: { category: Category; label: string; urls: string[]; text: string }[]
  /** Said once about the run: host sockets, background, local storage, deadline. */
  notices: string[]
  /** The run waits in the background. */
  paused: boolean
}

const STATUS_TEXT: Record<string, keyof Strings> = {
  pass: 'statusPass',
  warn: 'statusWarn',
  fail: 'statusFail',
  skipped: 'statusSkipped',
  pending: 'statusPending',
}

// The timing breakdown, shared with the viewer (core/format.ts); tests read it here.
export { formatTiming }

function rowView(
  probe: { id: string; url: string; purpose: string },
  r: ProbeResult | undefined,
  lang: Lang,
  t: Strings,
): RowView {
  const status = r ? r.status : 'pending'
  const error = r?.error
  // The probe could not start because the device's storage failed: not a network answer.
  const local = error?.code === LOCAL_STORAGE_CODE
  const notes: string[] = []
  for (const c of r?.caveats ?? [])
    notes.push(c === 'http' ? t.caveatHttp : c === 'slow' ? t.caveatSlow : t.caveatNotEnforced)
  if (r?.skipReason) notes.push(r.skipReason === 'deadline' ? t.skipDeadline : t.skipCancelled)
  if (r?.statusCode !== undefined) notes.push(`HTTP ${r.statusCode}`)
  return {
    id: probe.id,
    url: probe.url,
    purpose: purposeLabel(probe.purpose, lang),
    status,
    statusText: t[STATUS_TEXT[status]],
    latency: formatLatency(r?.timing),
    errLabel: !error ? '' : local ? t.localStorageLabel : ERROR_LABELS[error.category][lang],
    // The stored category's hint (the engine may have decided it from the platform state, e.g. background).
    hint: !error ? '' : local ? t.localStorageHint : describeCategory(error.category, lang),
    errMsg: error ? error.errMsg : '',
    errno: error?.errno !== undefined ? String(error.errno) : '',
    timing: formatTiming(r?.timing, lang),
    note: notes.join('；'),
  }
}

/** Result rows grouped by category, in plan order; a probe without a result shows as pending. */
export function buildGroups(
  plan: readonly { id: string; category: Category; url: string; purpose: string }[],
  results: readonly (ProbeResult | undefined)[],
  lang: Lang,
): GroupView[] {
  const t = STRINGS[lang]
  const groups: GroupView[] = []
  for (const category of CATEGORIES) {
    const rows: RowView[] = []
    plan.forEach((p, i) => {
      if (p.category === category) rows.push(rowView(p, results[i], lang, t))
    })
    if (rows.length > 0)
      groups.push({ category, title: CATEGORY_LABELS[category][lang], count: rows.length, rows })
  }
  return groups
}

export function buildRunView(store: RunStore): RunView {
  const lang = store.lang
  const idle = store.phase === 'idle'
  const plan = idle ? store.previewPlan : store.plan
  const groups = buildGroups(plan, idle ? [] : store.results, lang)
  const settled = idle ? [] : store.results.filter((r): r is ProbeResult => r !== undefined)
  const total = plan.length
  const fail = settled.filter((r) => r.status === 'fail')
  const missing: RunView['missing'] = []
  for (const category of CATEGORIES) {
    const urls = fail
      .filter((r) => r.category === category && r.error?.category === 'not_whitelisted')
      .map((r) => r.url)
    if (urls.length > 0)
      missing.push({ category, label: CATEGORY_LABELS[category].zh, urls, text: urls.join(';') })
  }
  return {
    progress: {
      done: settled.length,
      total,
      percent: total === 0 ? 0 : Math.round((settled.length / total) * 100),
    },
    // Counted against the whole plan, also while probes are still running.
    verdict:
      store.phase === 'idle'
        ? ''
        : verdict(settled, lang, { ...summarize(settled), total }, store.environment),
    // No tone while the run is on: the verdict is still counting.
    tone: store.phase !== 'done' ? '' : summaryTone(summarize(settled)),
    groups,
    hasFailed: fail.length > 0,
    missing,
    notices: runNotices(store),
    paused: store.paused && store.phase === 'running',
  }
}

function runNotices(store: RunStore): string[] {
  const lang = store.lang
  if (store.phase === 'idle') return []
  const out = store.notices.map((n) => noticeText(n, lang))
  if (store.paused && store.phase === 'running') out.unshift(noticeText({ kind: 'paused' }, lang))
  if (store.hostSockets > 0 && !store.notices.some((n) => n.kind === 'host_sockets'))
    out.push(fill(HOST_SOCKETS_SET[lang], { held: store.hostSockets }))
  return out
}

/** "iPhone 15 iOS 17.2": the brand is left out when the model already starts with it. */
export function deviceName(env: RunEnvironment): string {
  const brand =
    env.brand && env.model && env.model.toLowerCase().startsWith(env.brand.toLowerCase()) ? '' : env.brand
  return [brand, env.model, env.system].filter(Boolean).join(' ')
}

export interface EnvView {
  rows: { label: string; value: string }[]
  notEnforced: boolean
  notEnforcedTitle: string
  notEnforcedText: string
}

export function buildEnvView(store: RunStore): EnvView {
  const t = STRINGS[store.lang]
  const env: RunEnvironment = store.environment
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
  return {
    rows,
    notEnforced: !enforcement.enforced,
    notEnforcedTitle:
      enforcementState(enforcement) === 'unknown' ? t.notEnforcedUnknownTitle : t.notEnforcedTitle,
    notEnforcedText: enforcement.enforced ? '' : describeEnforcement(enforcement, store.lang, env),
  }
}

export interface WhitelistView {
  blocks: { category: Category; title: string; domains: string[]; text: string; lines: string }[]
  allText: string
}

export function buildWhitelistView(store: RunStore): WhitelistView {
  const res = store.resolution
  if (!res.ok) return { blocks: [], allText: '' }
  const blocks = whitelistBlocks(store.targets()).map((b) => ({
    category: b.category,
    title: CATEGORY_LABELS[b.category].zh,
    domains: b.domains,
    text: b.joined,
    lines: b.lines,
  }))
  return { blocks, allText: blocks.map((b) => `${b.title}\n${b.lines}`).join('\n\n') }
}

export interface ReportView {
  title: string
  createdAt: string
  envLine: string
  verdict: string
  tone: string
  notEnforcedText: string
  warnings: string[]
  groups: GroupView[]
}

/** A saved or shared report, read-only, as the report page shows it. */
export function buildReportView(report: Report, lang: Lang, fullSummary?: ReportSummary): ReportView {
  const env = report.environment
  const summary = fullSummary ?? report.summary
  return {
    title: `ZIM SDK ${report.sdk.resolved}`,
    createdAt: formatCreatedAt(report.createdAt),
    envLine: [deviceName(env), env.wechatVersion && `WeChat ${env.wechatVersion}`, env.networkType]
      .filter(Boolean)
      .join(' · '),
    verdict: verdict(report.results, lang, summary, env),
    tone: summaryTone(summary),
    notEnforcedText: env.whitelist.enforced ? '' : describeEnforcement(env.whitelist, lang),
    warnings: [...report.warnings],
    groups: buildGroups(report.results, report.results, lang),
  }
}
