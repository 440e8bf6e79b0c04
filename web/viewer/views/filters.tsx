import {
  Dimension,
  DIMENSION_LABELS,
  DIMENSIONS,
  dimensionValues,
  FleetItem,
  UNKNOWN_VALUE,
} from '../../../miniprogram/core/fleet'
import { ERROR_LABELS } from '../../../miniprogram/core/text'
import { CATEGORIES, ERROR_CATEGORIES, ErrorCategory } from '../../../miniprogram/core/vocabulary'
import { changed, state, strings } from '../state'

function toggle<T>(list: readonly T[] | undefined, v: T): T[] {
  const l = list ? [...list] : []
  const i = l.indexOf(v)
  if (i >= 0) l.splice(i, 1)
  else l.push(v)
  return l
}

function Check({
  label,
  on,
  role,
  onChange,
}: {
  label: string
  on: boolean
  role: string
  onChange: () => void
}) {
  return (
    <label class="chk">
      <input type="checkbox" data-role={role} checked={on} onChange={onChange} />
      <span>{label}</span>
    </label>
  )
}

/** What the filters offer: the error kinds seen, and each dimension's values with their report counts. */
export interface Facets {
  present: ReadonlySet<ErrorCategory>
  values: (dim: Dimension) => { value: string; count: number }[]
}

/** The facets of the reports read into the page. */
export function itemFacets(items: FleetItem[]): Facets {
  const present = new Set<ErrorCategory>()
  for (const e of items)
    for (const r of e.report.results) if (r.error && r.status === 'fail') present.add(r.error.category)
  return { present, values: (dim) => dimensionValues(items, dim) }
}

/** The fleet's filters: failed only, host text, categories, error kinds seen, and each dimension's values. */
export function Filters({ facets }: { facets: Facets }) {
  const s = strings()
  const lang = state.lang
  const f = state.filter
  const present = facets.present
  const val = (v: string) => (v === UNKNOWN_VALUE ? s.unknownValue : v)
  return (
    <section class="card filters" data-role="filters">
      <h3>{s.filtersTitle}</h3>
      <div class="frow">
        <Check
          label={s.failedOnly}
          on={!!f.failedOnly}
          role="f-failed"
          onChange={() => changed((st) => (st.filter = { ...f, failedOnly: !f.failedOnly }))}
        />
        <label class="host">
          <span>{s.hostFilter}</span>
          <input
            data-role="f-host"
            type="text"
            spellcheck={false}
            value={f.host ?? ''}
            onChange={(ev) => {
              const host = ev.currentTarget.value
              changed((st) => (st.filter = { ...st.filter, host }))
            }}
          />
        </label>
        <button data-role="f-reset" type="button" onClick={() => changed((st) => (st.filter = {}))}>
          {s.resetFilters}
        </button>
      </div>
      <div class="frow">
        <span class="flabel">{s.categoriesFilter}</span>
        {CATEGORIES.map((c) => (
          <Check
            label={c}
            on={!!f.categories?.includes(c)}
            role={`f-cat-${c}`}
            onChange={() =>
              changed((st) => (st.filter = { ...st.filter, categories: toggle(f.categories, c) }))
            }
          />
        ))}
      </div>
      {present.size ? (
        <div class="frow">
          <span class="flabel">{s.errorsFilter}</span>
          {ERROR_CATEGORIES.filter((e) => present.has(e)).map((e) => (
            <Check
              label={ERROR_LABELS[e][lang]}
              on={!!f.errors?.includes(e)}
              role={`f-err-${e}`}
              onChange={() => changed((st) => (st.filter = { ...st.filter, errors: toggle(f.errors, e) }))}
            />
          ))}
        </div>
      ) : null}
      {DIMENSIONS.map((dim) => {
        const values = facets.values(dim)
        if (values.length < 2 && !f.dims?.[dim]?.length) return null
        return (
          <div class="frow">
            <span class="flabel">{DIMENSION_LABELS[dim][lang]}</span>
            {values.slice(0, 30).map((v) => (
              <Check
                label={`${val(v.value)} (${v.count})`}
                on={!!f.dims?.[dim]?.includes(v.value)}
                role={`f-${dim}`}
                onChange={() =>
                  changed(
                    (st) =>
                      (st.filter = {
                        ...st.filter,
                        dims: { ...st.filter.dims, [dim]: toggle(f.dims?.[dim], v.value) },
                      }),
                  )
                }
              />
            ))}
          </div>
        )
      })}
    </section>
  )
}
