import { summaryTone } from '../../../miniprogram/core/format'
import { FleetItem } from '../../../miniprogram/core/fleet'
import { Intake, intakeVerdict } from '../intake'
import { changed, state, strings } from '../state'
import { Strings } from '../strings'

/** The reports read so far, one button each: picks that report in the single view. */
export function ReportList() {
  const s = strings()
  if (!state.entries.length) return <p class="empty">{s.none}</p>
  return (
    <section class="card list" data-role="list">
      <h2>{`${s.loadedTitle} (${state.entries.length})`}</h2>
      <ul>
        {state.entries.map((e, i) => (
          <li class={i === state.selected ? 'sel' : ''}>
            <button
              class={`pick tone-${tone(e)}`}
              type="button"
              onClick={() =>
                changed((st) => {
                  st.selected = i
                  st.tab = 'single'
                })
              }
            >
              <span class="name">{e.name}</span>
              <span class="meta">
                {`${kindLabel(e.intake.kind, s)} · SDK ${e.report.sdk.resolved} · ${deviceLine(e)}`}
              </span>
              <span class="v">{intakeVerdict(e.intake, state.lang)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}

export const kindLabel = (k: Intake['kind'], s: Strings) =>
  k === 'json' ? s.kindJson : k === 'share' ? s.kindShare : s.kindText

export const tone = (e: FleetItem) => summaryTone(e.summary)

/** "HUAWEI ALN-AL00", "iPhone 15": the brand is left out when the model already starts with it. */
export function device(env: FleetItem['report']['environment']) {
  const brand =
    env.brand && env.model && env.model.toLowerCase().startsWith(env.brand.toLowerCase()) ? '' : env.brand
  return [brand, env.model].filter(Boolean).join(' ')
}

function deviceLine(e: FleetItem) {
  const env = e.report.environment
  if (env.runtime === 'node') return [`Node ${env.node ?? ''}`.trim(), env.platform].filter(Boolean).join(' ')
  return [device(env), env.system, env.networkType].filter(Boolean).join(' ') || (env.platform ?? '')
}
