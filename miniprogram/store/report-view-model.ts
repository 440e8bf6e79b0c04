import { deviceName, formatCreatedAt, summaryTone } from '../core/format'
import type { Report, ReportSummary } from '../core/report/model'
import { verdict } from '../core/report/model'
import { Lang } from '../core/vocabulary'
import { enforcementBanner } from './env-view'
import { platformName } from './platform-words'
import { buildGroups, GroupView } from './rows'
import { shownSummary } from './run-summary'
import { missingBlocks } from './whitelist-view'
import type { RunView } from './view-model'

/*
 * A saved or shared report as the report page (components/report-view) shows it. Its own module, not part of
 * store/view-model.ts, so that the panel's bundle does not carry what only the report page runs (issue 31).
 */

/** The one line naming the device a report came from: page, report and history say it the same way. */
export function reportEnvLine(env: Report['environment']): string {
  const app = platformName(env.platformId, 'en')
  return [deviceName(env), env.wechatVersion && `${app} ${env.wechatVersion}`, env.networkType]
    .filter(Boolean)
    .join(' · ')
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
