import { causeHint, describeCause, findCauses } from '../../../miniprogram/core/causes'
import { enforcementState } from '../../../miniprogram/core/environment'
import { formatCreatedAt } from '../../../miniprogram/core/format'
import { catalogText, enforcementLines } from '../../../miniprogram/core/report/render'
import { CATEGORY_LABELS } from '../../../miniprogram/core/text'
import { CATEGORIES } from '../../../miniprogram/core/vocabulary'
import { intakeVerdict } from '../intake'
import { Entry, state, strings } from '../state'
import { fill } from '../strings'
import { device, kindLabel, ReportList, tone } from './report-list'
import { RowView } from './row'

const RUNTIME_LABEL = {
  wechat: { zh: '微信', en: 'WeChat' },
  devtools: { zh: '微信开发者工具', en: 'WeChat DevTools' },
  node: { zh: 'Node 命令行', en: 'Node CLI' },
}

/** The 单份报告 tab: the selected report, and the list when there are several. */
export function SingleView() {
  const e = state.entries[state.selected]
  return (
    <main class="single" data-role="single">
      {e ? <ReportView e={e} /> : <p class="empty">{strings().none}</p>}
      {state.entries.length > 1 ? <ReportList /> : null}
    </main>
  )
}

/** One report as the mini-program's report page shows it: verdict, environment, causes, then every row. */
function ReportView({ e }: { e: Entry }) {
  const s = strings()
  const lang = state.lang
  const r = e.report
  const env = r.environment
  const wl = env.whitelist
  const wlLines = enforcementLines(env, lang)
  const notes: string[] = []
  if (e.intake.kind === 'share' && !e.complete) notes.push(fill(s.partialShare, { ...e.summary }))
  const ti = e.intake.textInfo
  if (ti) {
    notes.push(s.textRead, s.textMissing)
    if (ti.moreFailed) notes.push(fill(s.textMoreFailed, { n: ti.moreFailed }))
    if (ti.unreadLines) notes.push(fill(s.textUnread, { n: ti.unreadLines }))
    if (!ti.hasVerdict) notes.push(s.textNoVerdict)
  }
  // The share decoder's own partial-card note is said above in the reader's language.
  const warnings = r.warnings.filter(
    (w) => !(e.intake.kind === 'share' && !e.complete && w.startsWith('This shared card holds only')),
  )
  const yn = (b: boolean | undefined) => (b === undefined ? '' : b ? s.yes : s.no)
  const envRows: [string, string][] = [
    [s.envRuntime, RUNTIME_LABEL[env.runtime]?.[lang] ?? env.runtime],
    [s.envPlatform, env.platform ?? ''],
    [s.envDevice, device(env)],
    [s.envSystem, env.system ?? ''],
    [s.envWechat, env.wechatVersion ?? ''],
    [s.envBaseLib, env.baseLibrary ?? ''],
    [s.envNetwork, env.networkType ?? ''],
    [s.envApp, [env.appId, env.envVersion].filter(Boolean).join(' · ')],
    [s.envDebug, yn(env.enableDebug)],
    [s.envProxy, yn(env.hasSystemProxy)],
    [s.envNode, env.node ?? ''],
    [s.envLanguage, env.language ?? ''],
  ]
  const o = r.options
  const causes = findCauses(r.results)
  return (
    <article class="report" data-role="report">
      <section class="card head">
        <h2 class="title">{`ZIM SDK ${r.sdk.resolved}`}</h2>
        <p class="meta">{`${s.created} ${formatCreatedAt(r.createdAt)} · ${kindLabel(e.intake.kind, s)} · ${e.name}`}</p>
        {r.sdk.input !== r.sdk.resolved ? <p class="meta">{`${s.sdkInput} ${r.sdk.input}`}</p> : null}
        {r.catalog ? (
          <p class="meta" data-role="catalog">
            {`${s.catalog} ${catalogText(r.catalog, lang)}`}
          </p>
        ) : null}
        <p class={`verdict tone-${tone(e)}`} data-role="verdict">
          {intakeVerdict(e.intake, lang)}
        </p>
      </section>
      {/* Whether the whitelist was checked, and how that is known (measured by the canary, issue 27, or
          inferred); with the platform's own words for "not in the domain list" when the canary saw them. */}
      {wlLines.length ? (
        <section
          class={wl.enforced ? 'alert measured' : 'alert'}
          data-role="enforcement"
          data-state={enforcementState(wl)}
          data-source={env.enforcement?.source ?? 'inferred'}
        >
          {wlLines.map((l, i) => (i === 0 ? l : <p class="meta">{l}</p>))}
        </section>
      ) : null}
      {notes.length ? (
        <section class="note" data-role="partial">
          {notes.map((n) => (
            <p>{n}</p>
          ))}
        </section>
      ) : null}
      <section class="card env" data-role="env">
        <h3>{s.envTitle}</h3>
        <dl>
          {envRows
            .filter(([, v]) => v !== '')
            .map(([k, v]) => (
              <div class="kv">
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
        </dl>
        {e.intake.kind !== 'text' ? (
          <p class="meta">
            {fill(s.optionsLine, {
              t: o.timeoutMs,
              d: o.deadlineMs,
              h: o.concurrency.http,
              s: o.concurrency.socket,
            }) + (o.only ? ` · ${o.only.join(', ')}` : '')}
          </p>
        ) : null}
      </section>
      <section class="card causes" data-role="causes">
        <h3>{s.causesTitle}</h3>
        {causes.length ? (
          <ul>
            {causes.map((c) => (
              <li data-error={c.error} data-scope={c.scope.kind}>
                <p class="cause">{describeCause(c, lang)}</p>
                <p class="hint">{causeHint(c, lang)}</p>
                <p class="hosts mono">{c.hosts.join(', ')}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p class="ok">{s.noFailures}</p>
        )}
      </section>
      {warnings.length ? (
        <section class="card warnings" data-role="warnings">
          <h3>{s.warningsTitle}</h3>
          <ul>
            {warnings.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <h3 class="section-title">{s.resultsTitle}</h3>
      {CATEGORIES.map((c) => {
        const rows = r.results.filter((x) => x.category === c)
        if (!rows.length) return null
        return (
          <section class="card group" data-role="group" data-category={c}>
            <h4>{`${CATEGORY_LABELS[c][lang]} (${rows.length})`}</h4>
            {rows.map((x) => (
              <RowView x={x} e={e} />
            ))}
          </section>
        )
      })}
    </article>
  )
}
