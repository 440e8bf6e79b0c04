import { describeCategory } from '../../../miniprogram/core/classifier'
import { formatLatency, formatTiming } from '../../../miniprogram/core/format'
import { ProbeResult } from '../../../miniprogram/core/result'
import { ERROR_LABELS, purposeLabel } from '../../../miniprogram/core/text'
import { LIMITS } from '../intake'
import { Entry, state, strings } from '../state'
import { fill } from '../strings'

/** One probe row: URL, latency, status; for a failure its category, hint, raw message (capped) and codes. */
export function RowView({ x, e }: { x: ProbeResult; e: Entry }) {
  const s = strings()
  const lang = state.lang
  const statusText = { pass: s.statusPass, warn: s.statusWarn, fail: s.statusFail, skipped: s.statusSkipped }[
    x.status
  ]
  const purpose = e.intake.textInfo?.purposeUnknown.includes(x.id)
    ? s.purposeUnknown
    : purposeLabel(x.purpose, lang)
  const err = x.error
  const notes: string[] = []
  for (const c of x.caveats ?? [])
    notes.push(c === 'http' ? s.caveatHttp : c === 'slow' ? s.caveatSlow : s.caveatNotEnforced)
  if (x.skipReason) notes.push(x.skipReason === 'deadline' ? s.skipDeadline : s.skipCancelled)
  if (x.statusCode !== undefined) notes.push(`HTTP ${x.statusCode}`)
  const msg = err?.errMsg ?? ''
  const shown = msg.length > LIMITS.messageChars ? msg.slice(0, LIMITS.messageChars) : msg
  const code = [err?.parsedCode, err?.code, err?.errno !== undefined ? `errno ${err.errno}` : '']
    .filter(Boolean)
    .join(' · ')
  return (
    <div class={`row s-${x.status}`} data-role="row" data-id={x.id} data-status={x.status}>
      <div class="row-main">
        <span class="dot" aria-hidden="true" />
        <span class="url mono">{x.url}</span>
        <span class="lat">{formatLatency(x.timing)}</span>
      </div>
      <div class="sub">
        {[purpose, statusText, err ? ERROR_LABELS[err.category][lang] : ''].filter(Boolean).join(' · ')}
      </div>
      {err ? (
        <dl class="detail">
          <div class="kv">
            <dt>{s.detailCategory}</dt>
            <dd>{`${ERROR_LABELS[err.category][lang]} (${err.category})`}</dd>
          </div>
          <div class="kv">
            <dt>{s.detailHint}</dt>
            <dd>{describeCategory(err.category, lang)}</dd>
          </div>
          <div class="kv">
            <dt>{s.detailRaw}</dt>
            <dd class="mono raw" data-role="raw">
              {shown}
              {shown.length < msg.length ? (
                <span class="cut">{fill(s.messageCut, { n: msg.length - shown.length })}</span>
              ) : null}
            </dd>
          </div>
          {code ? (
            <div class="kv">
              <dt>{s.detailCode}</dt>
              <dd class="mono">{code}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {x.timing ? <div class="timing">{`${s.detailTiming}: ${formatTiming(x.timing, lang)}`}</div> : null}
      {x.after ? <div class="timing">{`${s.detailAfter}: ${x.after}`}</div> : null}
      {notes.length ? <div class="notes">{notes.join(lang === 'zh' ? '；' : '; ')}</div> : null}
    </div>
  )
}
