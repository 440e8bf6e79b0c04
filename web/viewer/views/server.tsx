import { summaryTone } from '../../../miniprogram/core/format'
import { DIMENSION_LABELS, Matrix } from '../../../miniprogram/core/fleet'
import { ErrorCategory } from '../../../miniprogram/core/vocabulary'
import {
  connect,
  forget,
  openReport,
  page,
  refresh,
  server,
  SERVER_DIMS,
  ServerDim,
  serverStrings,
} from '../server'
import { state, strings } from '../state'
import { fill } from '../strings'
import { Facets, Filters } from './filters'
import { BreakdownRows, MatrixTable } from './matrix'

/** The 服务器 tab: the token form until connected, then the collector's fleet and its paged report list. */
export function ServerView() {
  const ss = serverStrings()
  const s = strings()
  const fleet = server.fleet
  return (
    <main class="fleet server" data-role="server">
      <section class="card head">
        <p class="sub">{ss.serverIntro}</p>
        {server.token && fleet ? (
          <div class="actions">
            <button data-role="srv-refresh" type="button" onClick={refresh}>
              {ss.refresh}
            </button>
            <button data-role="srv-forget" type="button" onClick={forget}>
              {ss.forget}
            </button>
          </div>
        ) : (
          <TokenForm />
        )}
        {server.loading ? <p data-role="srv-loading">{ss.loading}</p> : null}
        {server.error ? (
          <p class="srv-error" data-role="srv-error" role="alert">
            {server.error}
          </p>
        ) : null}
      </section>
      {fleet && server.all ? (
        <>
          <Filters facets={serverFacets()} />
          <section class="card matrix">
            <h3>{`${s.matrixTitle} (${fleet.reports})`}</h3>
            {fleet.matrix.total > fleet.matrix.items.length ? (
              <p class="sub">
                {fill(ss.hostsShown, { k: fleet.matrix.items.length, n: fleet.matrix.total })}
              </p>
            ) : null}
            <div class="scroll">
              <MatrixTable m={asMatrix()} />
            </div>
          </section>
          <section class="card breakdowns">
            <h3>{s.breakdownTitle}</h3>
            <div class="bd-grid">
              {SERVER_DIMS.map((d) => (
                <BreakdownRows title={dimLabel(d)} role={`bd-${d}`} rows={fleet.breakdowns[d]?.items ?? []} />
              ))}
            </div>
          </section>
          <ServerList />
        </>
      ) : null}
    </main>
  )
}

function TokenForm() {
  const ss = serverStrings()
  return (
    <form
      class="token"
      data-role="srv-token-form"
      onSubmit={(ev) => {
        ev.preventDefault()
        const input = ev.currentTarget.elements.namedItem('token') as HTMLInputElement | null
        connect(input?.value ?? '')
      }}
    >
      <label>
        <span>{ss.tokenLabel}</span>
        <input name="token" data-role="srv-token" type="password" autocomplete="off" spellcheck={false} />
      </label>
      <button data-role="srv-connect" type="submit">
        {ss.connect}
      </button>
    </form>
  )
}

function ServerList() {
  const ss = serverStrings()
  const l = server.list
  if (!l) return null
  const a = l.items.length ? l.offset + 1 : 0
  const b = l.offset + l.items.length
  return (
    <section class="card list" data-role="srv-list">
      <h2>{ss.reportsTitle}</h2>
      <p data-role="srv-range">{l.total ? fill(ss.range, { a, b, n: l.total }) : ss.rangeEmpty}</p>
      <ul>
        {l.items.map((it) => (
          <li>
            <button
              class={`pick tone-${summaryTone(it.summary)}`}
              type="button"
              data-role="srv-item"
              data-id={it.id}
              onClick={() => void openReport(it)}
            >
              <span class="name">{`${it.receivedAt.slice(0, 19).replace('T', ' ')} · ${it.id.slice(0, 8)}`}</span>
              <span class="meta">{[it.platform, it.os, it.networkType, `SDK ${it.sdk}`].join(' · ')}</span>
              <span class="v">{`✕ ${it.summary.fail} · ! ${it.summary.warn} · ✓ ${it.summary.pass}`}</span>
            </button>
          </li>
        ))}
      </ul>
      <div class="actions">
        <button data-role="srv-prev" type="button" disabled={l.offset === 0} onClick={() => page(-1)}>
          {ss.prev}
        </button>
        <button data-role="srv-next" type="button" disabled={b >= l.total} onClick={() => page(1)}>
          {ss.next}
        </button>
      </div>
    </section>
  )
}

const dimLabel = (d: ServerDim) =>
  d === 'app'
    ? serverStrings().dimApp
    : d === 'day'
      ? serverStrings().dimDay
      : d === 'trigger'
        ? serverStrings().dimTrigger
        : DIMENSION_LABELS[d][state.lang]

/** The collector's matrix answer in core's shape, for the offline view's table. */
function asMatrix(): Matrix {
  const f = server.fleet!
  return { categories: f.categories, rows: f.matrix.items, reports: f.reports }
}

/** Filter values from the unfiltered fleet: each dimension's values (first 20) and the error kinds seen. */
function serverFacets(): Facets {
  const all = server.all!
  const present = new Set<ErrorCategory>()
  for (const d of SERVER_DIMS)
    for (const r of all.breakdowns[d]?.items ?? [])
      for (const e of Object.keys(r.errors)) present.add(e as ErrorCategory)
  return {
    present,
    values: (dim) => (all.breakdowns[dim]?.items ?? []).map((r) => ({ value: r.value, count: r.reports })),
  }
}
