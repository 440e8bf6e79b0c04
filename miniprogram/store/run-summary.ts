import { describeCause, findCauses } from '../core/causes'
import { shownStatus } from '../core/format'
import { ProbeResult } from '../core/result'
import { RunEnvironment } from '../core/environment'
import { ReportSummary, summarize } from '../core/report/model'
import { fill, HOST_REQUESTS_SET, HOST_SOCKETS_SET, purposeLabel } from '../core/text'
import { Lang, PURPOSES } from '../core/vocabulary'
import { noticeText } from './notices'
import { platformName } from './platform-words'
import type { RunStore } from './run-store'
import { hintOf, words } from './words'

/*
 * What a run adds up to beside its rows (one job of the view model, store/view-model.ts): the failures grouped
 * by cause with what to do, how many rows of each ZIM purpose were reached, the summary a reader sees, and the
 * notices said once about the run.
 */

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

/** Said once about the run: paused, host sockets and requests, background, storage, deadline. */
export function runNotices(store: RunStore): string[] {
  const lang = store.lang
  if (store.phase === 'idle') return []
  const platform = store.environment.platformId
  const out = store.notices.map((n) => noticeText(n, lang, platform))
  if (store.paused && store.phase === 'running') out.unshift(noticeText({ kind: 'paused' }, lang))
  if (store.hostSockets > 0 && !store.notices.some((n) => n.kind === 'host_sockets'))
    out.push(
      fill(HOST_SOCKETS_SET[lang], {
        held: store.hostSockets,
        name: platformName(platform, lang),
      }),
    )
  if (store.hostRequests > 0) out.push(fill(HOST_REQUESTS_SET[lang], { held: store.hostRequests }))
  return out
}
