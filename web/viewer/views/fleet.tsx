import {
  buildMatrix,
  detailTable,
  DIMENSIONS,
  fleetCauses,
  matrixTable,
} from '../../../miniprogram/core/fleet'
import { downloadCsv } from '../download'
import { state, strings } from '../state'
import { fill } from '../strings'
import { Filters, itemFacets } from './filters'
import { BreakdownTable, MatrixTable } from './matrix'
import { ReportList } from './report-list'

/** The 汇总 tab: counts and CSV export, filters, the fleet's causes, the host × category matrix, breakdowns
 * by device, system, network…, and the list of reports. */
export function FleetView() {
  const s = strings()
  const lang = state.lang
  const items = state.entries
  if (!items.length)
    return (
      <main class="fleet" data-role="fleet">
        <p class="empty">{s.fleetEmpty}</p>
      </main>
    )
  const f = state.filter
  const m = buildMatrix(items, f)
  const failed = items.filter((e) => e.summary.fail > 0).length
  const causes = fleetCauses(items, lang, f)
  return (
    <main class="fleet" data-role="fleet">
      <section class="card head">
        <p class="verdict" data-role="fleet-count">
          {fill(s.fleetReports, { n: items.length, f: failed })}
        </p>
        <div class="actions">
          <button
            data-role="csv-detail"
            type="button"
            onClick={() => downloadCsv('zim-netcheck-detail.csv', detailTable(items, f))}
          >
            {s.exportDetail}
          </button>
          <button
            data-role="csv-matrix"
            type="button"
            onClick={() => downloadCsv('zim-netcheck-matrix.csv', matrixTable(m))}
          >
            {s.exportMatrix}
          </button>
        </div>
      </section>
      <Filters facets={itemFacets(items)} />
      <section class="card causes" data-role="fleet-causes">
        <h3>{s.fleetCausesTitle}</h3>
        {causes.length ? (
          <ul>
            {causes.slice(0, 15).map((c) => (
              <li title={c.names.slice(0, 50).join('\n')}>
                <span class="n">{String(c.reports)}</span> {c.text}
              </li>
            ))}
          </ul>
        ) : (
          <p class="ok">{s.noFailures}</p>
        )}
      </section>
      <section class="card matrix">
        <h3>{`${s.matrixTitle} (${m.reports})`}</h3>
        <div class="scroll">
          <MatrixTable m={m} />
        </div>
      </section>
      <section class="card breakdowns">
        <h3>{s.breakdownTitle}</h3>
        <div class="bd-grid">
          {DIMENSIONS.map((dim) => (
            <BreakdownTable dim={dim} items={items} />
          ))}
        </div>
      </section>
      <ReportList />
    </main>
  )
}
