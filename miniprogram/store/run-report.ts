import { CatalogInfo } from '../core/catalog'
import { EngineOptions } from '../core/engine'
import { formatResolveMessage } from '../core/messages'
import { buildReport, Report } from '../core/report/model'
import { ProbeResult } from '../core/result'
import { CATEGORIES } from '../core/vocabulary'
import { noticeText } from './notices'
import type { RunStore } from './run-store'

/*
 * The report of a settled run (one job of the store, store/run-store.ts): its warnings in the run's language
 * (the resolver's notices, what was said about the run, the setup's refusals) and the versioned report
 * (core/report) built from what the run measured.
 */

/**
 * The report of the store's settled run. The store's public state says the rest; what it keeps private is
 * passed: when the run settled, the catalog it resolved in, the engine's options, and the setup's refusals (a
 * refused catalog, bad entries of the app's own domains).
 */
export function runReport(
  store: RunStore,
  createdAt: Date,
  catalog: CatalogInfo,
  engine: Pick<EngineOptions, 'timeoutMs' | 'deadlineMs' | 'concurrency'>,
  setupWarnings: readonly string[],
): Report {
  const res = store.resolution
  const lang = store.lang
  const warnings = res.ok ? [...res.notices, ...res.warnings].map((m) => formatResolveMessage(m, lang)) : []
  const platform = store.environment.platformId
  for (const n of store.notices) if (n.kind !== 'paused') warnings.push(noticeText(n, lang, platform))
  for (const w of setupWarnings) warnings.push(w)
  const only = store.only
  return buildReport({
    createdAt,
    sdk: { input: res.ok ? res.input : store.sdkInput, resolved: res.ok ? res.resolved : '' },
    catalog,
    environment: store.environment,
    enforcement: store.enforcement,
    ...(store.measured ? { enforcementRecord: store.measured.record } : {}),
    options: {
      timeoutMs: engine.timeoutMs,
      deadlineMs: engine.deadlineMs,
      concurrency: { ...engine.concurrency },
      ...(only.length < CATEGORIES.length ? { only: [...only] } : {}),
    },
    // The store's results: a retest's engine holds only the rows it ran.
    results: store.results.filter((r): r is ProbeResult => r !== undefined),
    warnings,
  })
}
