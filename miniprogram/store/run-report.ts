import { CatalogInfo } from '../core/catalog'
import { EnforcementRecord } from '../core/canary'
import { EngineOptions } from '../core/engine'
import { RunEnvironment, WhitelistEnforcement } from '../core/environment'
import { formatResolveMessage } from '../core/messages'
import { buildReport, Report } from '../core/report'
import { ResolveResult } from '../core/resolver'
import { ProbeResult } from '../core/result'
import { CATEGORIES, Category, Lang } from '../core/vocabulary'
import { noticeText, RunNotice } from './notices'

/*
 * The report of a settled run (one job of the store, store/run-store.ts): its warnings in the run's language
 * (the resolver's notices, what was said about the run, the setup's refusals) and the versioned report
 * (core/report) built from what the run measured.
 */

/** What the store knows when a run settles. */
export interface SettledRun {
  createdAt: Date
  resolution: ResolveResult
  /** What the user typed, kept when the version did not resolve. */
  sdkInput: string
  lang: Lang
  /** The catalog the run resolved in. */
  catalog: CatalogInfo
  environment: RunEnvironment
  enforcement: WhitelistEnforcement
  /** What the canary measured, when one ran. */
  measured: { record: EnforcementRecord } | undefined
  engineOptions: Pick<EngineOptions, 'timeoutMs' | 'deadlineMs' | 'concurrency'>
  /** The categories probed. */
  only: readonly Category[]
  /** Said once about the run (host sockets, background, storage, deadline). */
  notices: readonly RunNotice[]
  /** A refused catalog, bad entries of the app's own domains: into the report too. */
  setupWarnings: readonly string[]
  results: readonly ProbeResult[]
}

export function runReport(run: SettledRun): Report {
  const res = run.resolution
  const warnings = res.ok
    ? [...res.notices, ...res.warnings].map((m) => formatResolveMessage(m, run.lang))
    : []
  const platform = run.environment.platformId
  for (const n of run.notices) if (n.kind !== 'paused') warnings.push(noticeText(n, run.lang, platform))
  warnings.push(...run.setupWarnings)
  const engine = run.engineOptions
  return buildReport({
    createdAt: run.createdAt,
    sdk: { input: res.ok ? res.input : run.sdkInput, resolved: res.ok ? res.resolved : '' },
    catalog: run.catalog,
    environment: run.environment,
    enforcement: run.enforcement,
    ...(run.measured ? { enforcementRecord: run.measured.record } : {}),
    options: {
      timeoutMs: engine.timeoutMs,
      deadlineMs: engine.deadlineMs,
      concurrency: { ...engine.concurrency },
      ...(run.only.length < CATEGORIES.length ? { only: [...run.only] } : {}),
    },
    results: run.results,
    warnings,
  })
}
