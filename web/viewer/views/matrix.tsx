import {
  breakdown,
  BreakdownRow,
  Dimension,
  DIMENSION_LABELS,
  FleetItem,
  Matrix,
  topErrors,
  UNKNOWN_VALUE,
} from '../../../miniprogram/core/fleet'
import { ERROR_LABELS } from '../../../miniprogram/core/text'
import { ERROR_CATEGORIES } from '../../../miniprogram/core/vocabulary'
import { state, strings } from '../state'

/** Host × category: failed / ran per cell, shaded by the failure rate, the top error named. */
export function MatrixTable({ m }: { m: Matrix }) {
  const s = strings()
  const lang = state.lang
  return (
    <table data-role="matrix">
      <thead>
        <tr>
          <th scope="col">{s.matrixHost}</th>
          {m.categories.map((c) => (
            <th scope="col">{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {m.rows.map((row) => (
          <tr data-host={row.host}>
            <th class="mono" scope="row">
              {row.host}
            </th>
            {m.categories.map((c) => {
              const cell = row.cells[c]
              if (!cell) return <td class="na"></td>
              const top = topErrors(cell)
              const rate = cell.ran ? cell.fail / cell.ran : 0
              const heat = cell.fail === 0 ? 0 : Math.min(4, 1 + Math.floor(rate * 4))
              return (
                <td
                  class={`heat-${heat}`}
                  data-category={c}
                  data-fail={String(cell.fail)}
                  data-ran={String(cell.ran)}
                  title={top.map((x) => `${ERROR_LABELS[x.error][lang]} ${x.count}`).join('\n')}
                >
                  <span class="cnt">{`${cell.fail} / ${cell.ran}`}</span>
                  {top.length ? <span class="err">{ERROR_LABELS[top[0].error][lang]}</span> : null}
                </td>
              )
            })}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** One dimension (platform, system, network…): reports, failed reports, failures and top errors per value. */
export function BreakdownTable({ dim, items }: { dim: Dimension; items: FleetItem[] }) {
  return (
    <BreakdownRows
      title={DIMENSION_LABELS[dim][state.lang]}
      role={`bd-${dim}`}
      rows={breakdown(items, dim, state.filter)}
    />
  )
}

/** A breakdown's rows, however they were computed (here, or by the collector's database). */
export function BreakdownRows({ title, role, rows }: { title: string; role: string; rows: BreakdownRow[] }) {
  const s = strings()
  const lang = state.lang
  const val = (v: string) => (v === UNKNOWN_VALUE ? s.unknownValue : v)
  return (
    <div class="bd">
      <h4>{title}</h4>
      <table data-role={role}>
        <thead>
          <tr>
            {[s.bdValue, s.bdReports, s.bdFailedReports, s.bdFail, s.bdTopErrors].map((x) => (
              <th scope="col">{x}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr data-value={r.value}>
              <td>{val(r.value)}</td>
              <td class="num">{String(r.reports)}</td>
              <td class="num">{String(r.failedReports)}</td>
              <td class="num">{String(r.fail)}</td>
              <td>
                {ERROR_CATEGORIES.filter((e) => r.errors[e])
                  .sort((a, b) => r.errors[b]! - r.errors[a]!)
                  .slice(0, 3)
                  .map((e) => `${ERROR_LABELS[e][lang]} ${r.errors[e]}`)
                  .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
