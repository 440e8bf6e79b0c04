import { causeHint, describeCause, findCauses } from '../../miniprogram/core/causes'
import { describeCategory } from '../../miniprogram/core/classifier'
import { formatCreatedAt, formatLatency, formatTiming, summaryTone } from '../../miniprogram/core/format'
import { CATEGORIES, ERROR_CATEGORIES, ErrorCategory, Lang } from '../../miniprogram/core/vocabulary'
import { ProbeResult } from '../../miniprogram/core/result'
import { enforcementState } from '../../miniprogram/core/environment'
import {
  breakdown,
  buildMatrix,
  detailTable,
  Dimension,
  DIMENSION_LABELS,
  DIMENSIONS,
  dimensionValues,
  FleetFilter,
  FleetItem,
  fleetCauses,
  matrixTable,
  topErrors,
  UNKNOWN_VALUE,
} from '../../miniprogram/core/fleet'
import { CATEGORY_LABELS, ERROR_LABELS, purposeLabel } from '../../miniprogram/core/text'
import { catalogText, enforcementLines } from '../../miniprogram/core/report/render'
import { toCsv } from './csv'
import { h } from './dom'
import { EMBED_SCHEMA, Embedded } from './embed'
import { Intake, IntakeError, intakeMessage, intakeVerdict, LIMITS, readAny, splitLinks } from './intake'
import { fill, STRINGS, Strings } from './strings'

interface Entry extends FleetItem {
  intake: Intake
}

interface State {
  lang: Lang
  tab: 'single' | 'fleet'
  entries: Entry[]
  rejected: { name: string; error: IntakeError }[]
  selected: number
  paste: string
  filter: FleetFilter
  busy: { done: number; total: number } | null
}

const state: State = {
  lang: 'zh',
  tab: 'single',
  entries: [],
  rejected: [],
  selected: 0,
  paste: '',
  filter: {},
  busy: null,
}

let root: HTMLElement

const t = (): Strings => STRINGS[state.lang]
const yieldToBrowser = () => new Promise<void>((r) => setTimeout(r, 0))

function uniqueName(name: string): string {
  const taken = new Set(state.entries.map((e) => e.name))
  if (!taken.has(name)) return name
  for (let k = 2; ; k++) if (!taken.has(`${name} (${k})`)) return `${name} (${k})`
}

/** Reads one input; a refusal is listed with its reason and never stops the others. */
function take(name: string, text: string, bytes?: number) {
  if (state.entries.length >= LIMITS.reports) {
    state.rejected.push({ name, error: { code: 'too_many_files' } })
    return
  }
  const r = readAny(text, bytes)
  if (!r.ok) {
    state.rejected.push({ name, error: r.error })
    return
  }
  const v = r.value
  state.entries.push({
    name: uniqueName(name),
    report: v.report,
    summary: v.summary,
    complete: v.complete,
    intake: v,
  })
}

function afterAdding(before: number) {
  const added = state.entries.length - before
  if (added > 0) {
    state.selected = state.entries.length - added
    state.tab = state.entries.length > 1 && added > 1 ? 'fleet' : 'single'
  }
  render()
}

/** Pasted text: one input, or several share links one per line. */
export function addPaste(text: string) {
  const before = state.entries.length
  const links = splitLinks(text)
  const n = state.entries.length + state.rejected.length
  const label = state.lang === 'zh' ? '粘贴' : 'paste'
  if (links) links.forEach((l, i) => take(`${label} ${n + i + 1}`, l))
  else take(`${label} ${n + 1}`, text)
  afterAdding(before)
}

/** Files, read one at a time with a yield between them: the page stays responsive for hundreds. */
export async function addFiles(files: File[]) {
  const before = state.entries.length
  const list = files.slice(0, LIMITS.files)
  for (const f of files.slice(LIMITS.files))
    state.rejected.push({ name: f.name, error: { code: 'too_many_files' } })
  state.busy = { done: 0, total: list.length }
  render()
  for (let i = 0; i < list.length; i++) {
    const f = list[i]
    if (f.size > LIMITS.fileBytes)
      state.rejected.push({ name: f.name, error: { code: 'too_big', bytes: f.size } })
    else {
      let text: string | undefined
      try {
        text = await f.text()
      } catch {
        state.rejected.push({ name: f.name, error: { code: 'binary' } })
      }
      if (text !== undefined) take(f.name, text, f.size)
    }
    state.busy = { done: i + 1, total: list.length }
    if (i % 20 === 19) {
      renderBusy()
      await yieldToBrowser()
    }
  }
  state.busy = null
  afterAdding(before)
}

export function loadEmbedded(json: string) {
  let data: Embedded
  try {
    data = JSON.parse(json) as Embedded
  } catch {
    return
  }
  if (!data || data.schema !== EMBED_SCHEMA || !Array.isArray(data.items)) return
  const before = state.entries.length
  for (const it of data.items.slice(0, LIMITS.reports))
    if (it && typeof it.name === 'string' && typeof it.text === 'string') take(it.name, it.text)
  afterAdding(before)
}

// ——— rendering ———

export function mount(el: HTMLElement) {
  root = el
  render()
}

function renderBusy() {
  const b = root.querySelector('[data-role="busy"]')
  if (b && state.busy) b.textContent = `${t().reading} ${state.busy.done} / ${state.busy.total}`
}

export function render() {
  const s = t()
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en'
  document.title = s.title
  const scrollY = window.scrollY
  root.replaceChildren(
    ...[
      h(
        'header',
        { class: 'top' },
        h('div', { class: 'top-row' }, h('h1', null, s.title), langButton()),
        h('p', { class: 'sub' }, s.subtitle),
      ),
      inputCard(),
      state.rejected.length ? rejectedCard() : null,
      h(
        'nav',
        { class: 'tabs', attrs: { role: 'tablist' } },
        tabButton('single', s.tabSingle),
        tabButton('fleet', `${s.tabFleet} (${state.entries.length})`),
      ),
      state.tab === 'single' ? singleView() : fleetView(),
    ].filter((x): x is HTMLElement => x !== null),
  )
  window.scrollTo(0, scrollY)
}

function langButton() {
  return h(
    'button',
    {
      class: 'lang',
      data: { role: 'lang' },
      attrs: { type: 'button' },
      onClick: () => {
        state.lang = state.lang === 'zh' ? 'en' : 'zh'
        render()
      },
    },
    t().langToggle,
  )
}

function tabButton(tab: State['tab'], label: string) {
  return h(
    'button',
    {
      class: `tab${state.tab === tab ? ' on' : ''}`,
      data: { role: `tab-${tab}` },
      attrs: { type: 'button', role: 'tab', 'aria-selected': String(state.tab === tab) },
      onClick: () => {
        state.tab = tab
        render()
      },
    },
    label,
  )
}

function inputCard() {
  const s = t()
  const area = h('textarea', {
    data: { role: 'paste' },
    attrs: { rows: '3', spellcheck: 'false', placeholder: s.pasteLabel, 'aria-label': s.pasteLabel },
    onInput: (ev) => (state.paste = (ev.target as HTMLTextAreaElement).value),
  }) as HTMLTextAreaElement
  area.value = state.paste
  const file = h('input', {
    data: { role: 'files' },
    attrs: { type: 'file', multiple: '', accept: '.json,.txt,application/json,text/plain' },
    onChange: (ev) => {
      const input = ev.target as HTMLInputElement
      const files = Array.from(input.files ?? [])
      input.value = ''
      void addFiles(files)
    },
  })
  return h(
    'section',
    { class: 'card input' },
    area,
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          class: 'primary',
          data: { role: 'read' },
          attrs: { type: 'button' },
          onClick: () => {
            const text = state.paste
            state.paste = ''
            if (text.trim()) addPaste(text)
          },
        },
        s.read,
      ),
      h('label', { class: 'file' }, h('span', null, s.chooseFiles), file),
      h(
        'button',
        {
          data: { role: 'clear' },
          attrs: { type: 'button' },
          onClick: () => {
            state.entries = []
            state.rejected = []
            state.filter = {}
            state.selected = 0
            render()
          },
        },
        s.clear,
      ),
    ),
    h('p', { class: 'hint' }, s.dropHint),
    state.busy
      ? h(
          'p',
          { class: 'busy', data: { role: 'busy' } },
          `${s.reading} ${state.busy.done} / ${state.busy.total}`,
        )
      : null,
  )
}

function rejectedCard() {
  const s = t()
  const shown = state.rejected.slice(0, 200)
  return h(
    'section',
    { class: 'card rejected', data: { role: 'rejected' } },
    h('h2', null, `${s.rejectedTitle} (${state.rejected.length})`),
    h(
      'ul',
      null,
      shown.map((r) =>
        h(
          'li',
          null,
          h('span', { class: 'name' }, r.name),
          h('span', { class: 'why' }, intakeMessage(r.error, state.lang)),
        ),
      ),
    ),
    state.rejected.length > shown.length
      ? h('p', null, fill(s.more, { n: state.rejected.length - shown.length }))
      : null,
  )
}

const kindLabel = (k: Intake['kind'], s: Strings) =>
  k === 'json' ? s.kindJson : k === 'share' ? s.kindShare : s.kindText

const tone = (e: FleetItem) => summaryTone(e.summary)

function reportList() {
  const s = t()
  if (!state.entries.length) return h('p', { class: 'empty' }, s.none)
  return h(
    'section',
    { class: 'card list', data: { role: 'list' } },
    h('h2', null, `${s.loadedTitle} (${state.entries.length})`),
    h(
      'ul',
      null,
      state.entries.map((e, i) =>
        h(
          'li',
          { class: i === state.selected ? 'sel' : '' },
          h(
            'button',
            {
              class: `pick tone-${tone(e)}`,
              attrs: { type: 'button' },
              onClick: () => {
                state.selected = i
                state.tab = 'single'
                render()
              },
            },
            h('span', { class: 'name' }, e.name),
            h(
              'span',
              { class: 'meta' },
              `${kindLabel(e.intake.kind, s)} · SDK ${e.report.sdk.resolved} · ${deviceLine(e)}`,
            ),
            h('span', { class: 'v' }, intakeVerdict(e.intake, state.lang)),
          ),
        ),
      ),
    ),
  )
}

/** "HUAWEI ALN-AL00", "iPhone 15": the brand is left out when the model already starts with it. */
function device(env: FleetItem['report']['environment']) {
  const brand =
    env.brand && env.model && env.model.toLowerCase().startsWith(env.brand.toLowerCase()) ? '' : env.brand
  return [brand, env.model].filter(Boolean).join(' ')
}

function deviceLine(e: FleetItem) {
  const env = e.report.environment
  if (env.runtime === 'node') return [`Node ${env.node ?? ''}`.trim(), env.platform].filter(Boolean).join(' ')
  return [device(env), env.system, env.networkType].filter(Boolean).join(' ') || (env.platform ?? '')
}

const RUNTIME_LABEL = {
  wechat: { zh: '微信', en: 'WeChat' },
  devtools: { zh: '微信开发者工具', en: 'WeChat DevTools' },
  node: { zh: 'Node 命令行', en: 'Node CLI' },
}

// ——— one report ———

function singleView() {
  const s = t()
  const e = state.entries[state.selected]
  return h(
    'main',
    { class: 'single', data: { role: 'single' } },
    e ? reportView(e) : h('p', { class: 'empty' }, s.none),
    state.entries.length > 1 ? reportList() : null,
  )
}

function reportView(e: Entry) {
  const s = t()
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
  return h(
    'article',
    { class: 'report', data: { role: 'report' } },
    h(
      'section',
      { class: 'card head' },
      h('h2', { class: 'title' }, `ZIM SDK ${r.sdk.resolved}`),
      h(
        'p',
        { class: 'meta' },
        `${s.created} ${formatCreatedAt(r.createdAt)} · ${kindLabel(e.intake.kind, s)} · ${e.name}`,
      ),
      r.sdk.input !== r.sdk.resolved ? h('p', { class: 'meta' }, `${s.sdkInput} ${r.sdk.input}`) : null,
      r.catalog
        ? h('p', { class: 'meta', data: { role: 'catalog' } }, `${s.catalog} ${catalogText(r.catalog, lang)}`)
        : null,
      h('p', { class: `verdict tone-${tone(e)}`, data: { role: 'verdict' } }, intakeVerdict(e.intake, lang)),
    ),
    // Whether the whitelist was checked, and how that is known (measured by the canary, issue 27, or inferred);
    // with the platform's own words for "not in the domain list" when the canary saw them.
    wlLines.length
      ? h(
          'section',
          {
            class: wl.enforced ? 'alert measured' : 'alert',
            data: {
              role: 'enforcement',
              state: enforcementState(wl),
              source: env.enforcement?.source ?? 'inferred',
            },
          },
          ...wlLines.map((l, i) => (i === 0 ? l : h('p', { class: 'meta' }, l))),
        )
      : null,
    notes.length
      ? h(
          'section',
          { class: 'note', data: { role: 'partial' } },
          notes.map((n) => h('p', null, n)),
        )
      : null,
    h(
      'section',
      { class: 'card env', data: { role: 'env' } },
      h('h3', null, s.envTitle),
      h(
        'dl',
        null,
        envRows
          .filter(([, v]) => v !== '')
          .map(([k, v]) => h('div', { class: 'kv' }, h('dt', null, k), h('dd', null, v))),
      ),
      e.intake.kind !== 'text'
        ? h(
            'p',
            { class: 'meta' },
            fill(s.optionsLine, {
              t: o.timeoutMs,
              d: o.deadlineMs,
              h: o.concurrency.http,
              s: o.concurrency.socket,
            }) + (o.only ? ` · ${o.only.join(', ')}` : ''),
          )
        : null,
    ),
    h(
      'section',
      { class: 'card causes', data: { role: 'causes' } },
      h('h3', null, s.causesTitle),
      causes.length
        ? h(
            'ul',
            null,
            causes.map((c) =>
              h(
                'li',
                { data: { error: c.error, scope: c.scope.kind } },
                h('p', { class: 'cause' }, describeCause(c, lang)),
                h('p', { class: 'hint' }, causeHint(c, lang)),
                h('p', { class: 'hosts mono' }, c.hosts.join(', ')),
              ),
            ),
          )
        : h('p', { class: 'ok' }, s.noFailures),
    ),
    warnings.length
      ? h(
          'section',
          { class: 'card warnings', data: { role: 'warnings' } },
          h('h3', null, s.warningsTitle),
          h(
            'ul',
            null,
            warnings.map((w) => h('li', null, w)),
          ),
        )
      : null,
    h('h3', { class: 'section-title' }, s.resultsTitle),
    CATEGORIES.map((c) => {
      const rows = r.results.filter((x) => x.category === c)
      if (!rows.length) return null
      return h(
        'section',
        { class: 'card group', data: { role: 'group', category: c } },
        h('h4', null, `${CATEGORY_LABELS[c][lang]} (${rows.length})`),
        rows.map((x) => rowView(x, e)),
      )
    }),
  )
}

function rowView(x: ProbeResult, e: Entry) {
  const s = t()
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
  return h(
    'div',
    { class: `row s-${x.status}`, data: { role: 'row', id: x.id, status: x.status } },
    h(
      'div',
      { class: 'row-main' },
      h('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } }),
      h('span', { class: 'url mono' }, x.url),
      h('span', { class: 'lat' }, formatLatency(x.timing)),
    ),
    h(
      'div',
      { class: 'sub' },
      [purpose, statusText, err ? ERROR_LABELS[err.category][lang] : ''].filter(Boolean).join(' · '),
    ),
    err
      ? h(
          'dl',
          { class: 'detail' },
          h(
            'div',
            { class: 'kv' },
            h('dt', null, s.detailCategory),
            h('dd', null, `${ERROR_LABELS[err.category][lang]} (${err.category})`),
          ),
          h(
            'div',
            { class: 'kv' },
            h('dt', null, s.detailHint),
            h('dd', null, describeCategory(err.category, lang)),
          ),
          h(
            'div',
            { class: 'kv' },
            h('dt', null, s.detailRaw),
            h(
              'dd',
              { class: 'mono raw', data: { role: 'raw' } },
              shown,
              shown.length < msg.length
                ? h('span', { class: 'cut' }, fill(s.messageCut, { n: msg.length - shown.length }))
                : null,
            ),
          ),
          code
            ? h('div', { class: 'kv' }, h('dt', null, s.detailCode), h('dd', { class: 'mono' }, code))
            : null,
        )
      : null,
    x.timing ? h('div', { class: 'timing' }, `${s.detailTiming}: ${formatTiming(x.timing, lang)}`) : null,
    x.after ? h('div', { class: 'timing' }, `${s.detailAfter}: ${x.after}`) : null,
    notes.length ? h('div', { class: 'notes' }, notes.join(lang === 'zh' ? '；' : '; ')) : null,
  )
}

// ——— many reports ———

function toggle<T>(list: readonly T[] | undefined, v: T): T[] {
  const l = list ? [...list] : []
  const i = l.indexOf(v)
  if (i >= 0) l.splice(i, 1)
  else l.push(v)
  return l
}

function check(label: string, on: boolean, role: string, onChange: () => void) {
  const box = h('input', { attrs: { type: 'checkbox' }, data: { role }, onChange }) as HTMLInputElement
  box.checked = on
  return h('label', { class: 'chk' }, box, h('span', null, label))
}

function download(name: string, rows: (string | number)[][]) {
  const blob = new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' })
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
}

function fleetView() {
  const s = t()
  const lang = state.lang
  const items = state.entries
  if (!items.length)
    return h('main', { class: 'fleet', data: { role: 'fleet' } }, h('p', { class: 'empty' }, s.fleetEmpty))
  const f = state.filter
  const m = buildMatrix(items, f)
  const failed = items.filter((e) => e.summary.fail > 0).length
  const present = new Set<ErrorCategory>()
  for (const e of items)
    for (const r of e.report.results) if (r.error && r.status === 'fail') present.add(r.error.category)
  const causes = fleetCauses(items, lang, f)
  const val = (v: string) => (v === UNKNOWN_VALUE ? s.unknownValue : v)
  return h(
    'main',
    { class: 'fleet', data: { role: 'fleet' } },
    h(
      'section',
      { class: 'card head' },
      h(
        'p',
        { class: 'verdict', data: { role: 'fleet-count' } },
        fill(s.fleetReports, { n: items.length, f: failed }),
      ),
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            data: { role: 'csv-detail' },
            attrs: { type: 'button' },
            onClick: () => download('zim-netcheck-detail.csv', detailTable(items, f)),
          },
          s.exportDetail,
        ),
        h(
          'button',
          {
            data: { role: 'csv-matrix' },
            attrs: { type: 'button' },
            onClick: () => download('zim-netcheck-matrix.csv', matrixTable(m)),
          },
          s.exportMatrix,
        ),
      ),
    ),
    h(
      'section',
      { class: 'card filters', data: { role: 'filters' } },
      h('h3', null, s.filtersTitle),
      h(
        'div',
        { class: 'frow' },
        check(s.failedOnly, !!f.failedOnly, 'f-failed', () => {
          state.filter = { ...f, failedOnly: !f.failedOnly }
          render()
        }),
        h(
          'label',
          { class: 'host' },
          h('span', null, s.hostFilter),
          (() => {
            const i = h('input', {
              data: { role: 'f-host' },
              attrs: { type: 'text', spellcheck: 'false' },
              onChange: (ev) => {
                state.filter = { ...state.filter, host: (ev.target as HTMLInputElement).value }
                render()
              },
            }) as HTMLInputElement
            i.value = f.host ?? ''
            return i
          })(),
        ),
        h(
          'button',
          {
            data: { role: 'f-reset' },
            attrs: { type: 'button' },
            onClick: () => {
              state.filter = {}
              render()
            },
          },
          s.resetFilters,
        ),
      ),
      h(
        'div',
        { class: 'frow' },
        h('span', { class: 'flabel' }, s.categoriesFilter),
        CATEGORIES.map((c) =>
          check(c, !!f.categories?.includes(c), `f-cat-${c}`, () => {
            state.filter = { ...state.filter, categories: toggle(f.categories, c) }
            render()
          }),
        ),
      ),
      present.size
        ? h(
            'div',
            { class: 'frow' },
            h('span', { class: 'flabel' }, s.errorsFilter),
            ERROR_CATEGORIES.filter((e) => present.has(e)).map((e) =>
              check(ERROR_LABELS[e][lang], !!f.errors?.includes(e), `f-err-${e}`, () => {
                state.filter = { ...state.filter, errors: toggle(f.errors, e) }
                render()
              }),
            ),
          )
        : null,
      DIMENSIONS.map((dim) => {
        const values = dimensionValues(items, dim)
        if (values.length < 2 && !f.dims?.[dim]?.length) return null
        return h(
          'div',
          { class: 'frow' },
          h('span', { class: 'flabel' }, DIMENSION_LABELS[dim][lang]),
          values.slice(0, 30).map((v) =>
            check(`${val(v.value)} (${v.count})`, !!f.dims?.[dim]?.includes(v.value), `f-${dim}`, () => {
              state.filter = {
                ...state.filter,
                dims: { ...state.filter.dims, [dim]: toggle(f.dims?.[dim], v.value) },
              }
              render()
            }),
          ),
        )
      }),
    ),
    h(
      'section',
      { class: 'card causes', data: { role: 'fleet-causes' } },
      h('h3', null, s.fleetCausesTitle),
      causes.length
        ? h(
            'ul',
            null,
            causes
              .slice(0, 15)
              .map((c) =>
                h(
                  'li',
                  { title: c.names.slice(0, 50).join('\n') },
                  h('span', { class: 'n' }, String(c.reports)),
                  ' ',
                  c.text,
                ),
              ),
          )
        : h('p', { class: 'ok' }, s.noFailures),
    ),
    h(
      'section',
      { class: 'card matrix' },
      h('h3', null, `${s.matrixTitle} (${m.reports})`),
      h(
        'div',
        { class: 'scroll' },
        h(
          'table',
          { data: { role: 'matrix' } },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { attrs: { scope: 'col' } }, s.matrixHost),
              m.categories.map((c) => h('th', { attrs: { scope: 'col' } }, c)),
            ),
          ),
          h(
            'tbody',
            null,
            m.rows.map((row) =>
              h(
                'tr',
                { data: { host: row.host } },
                h('th', { class: 'mono', attrs: { scope: 'row' } }, row.host),
                m.categories.map((c) => {
                  const cell = row.cells[c]
                  if (!cell) return h('td', { class: 'na' }, '')
                  const top = topErrors(cell)
                  const rate = cell.ran ? cell.fail / cell.ran : 0
                  const heat = cell.fail === 0 ? 0 : Math.min(4, 1 + Math.floor(rate * 4))
                  return h(
                    'td',
                    {
                      class: `heat-${heat}`,
                      data: { category: c, fail: String(cell.fail), ran: String(cell.ran) },
                      title: top.map((x) => `${ERROR_LABELS[x.error][lang]} ${x.count}`).join('\n'),
                    },
                    h('span', { class: 'cnt' }, `${cell.fail} / ${cell.ran}`),
                    top.length ? h('span', { class: 'err' }, ERROR_LABELS[top[0].error][lang]) : null,
                  )
                }),
              ),
            ),
          ),
        ),
      ),
    ),
    h(
      'section',
      { class: 'card breakdowns' },
      h('h3', null, s.breakdownTitle),
      h(
        'div',
        { class: 'bd-grid' },
        DIMENSIONS.map((dim) => breakdownTable(dim, items, f, val)),
      ),
    ),
    reportList(),
  )
}

function breakdownTable(dim: Dimension, items: FleetItem[], f: FleetFilter, val: (v: string) => string) {
  const s = t()
  const lang = state.lang
  const rows = breakdown(items, dim, f)
  return h(
    'div',
    { class: 'bd' },
    h('h4', null, DIMENSION_LABELS[dim][lang]),
    h(
      'table',
      { data: { role: `bd-${dim}` } },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          [s.bdValue, s.bdReports, s.bdFailedReports, s.bdFail, s.bdTopErrors].map((x) =>
            h('th', { attrs: { scope: 'col' } }, x),
          ),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((r) =>
          h(
            'tr',
            { data: { value: r.value } },
            h('td', null, val(r.value)),
            h('td', { class: 'num' }, String(r.reports)),
            h('td', { class: 'num' }, String(r.failedReports)),
            h('td', { class: 'num' }, String(r.fail)),
            h(
              'td',
              null,
              ERROR_CATEGORIES.filter((e) => r.errors[e])
                .sort((a, b) => r.errors[b]! - r.errors[a]!)
                .slice(0, 3)
                .map((e) => `${ERROR_LABELS[e][lang]} ${r.errors[e]}`)
                .join(', '),
            ),
          ),
        ),
      ),
    ),
  )
}
