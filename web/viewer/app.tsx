import { render } from 'preact'
import { servedByCollector, serverStrings } from './server'
import { changed, state, strings, subscribe, Tab } from './state'
import { FleetView } from './views/fleet'
import { InputCard, RejectedCard } from './views/input'
import { SingleView } from './views/report'
import { ServerView } from './views/server'

/*
 * The page: header, input, refusals, tabs, then one report or the fleet. Preact draws it (views/*.tsx); report
 * text only ever reaches the page as text nodes and ordinary attribute values, which Preact sets as such.
 * Nothing here or in views/ uses innerHTML or dangerouslySetInnerHTML (eslint.config.mjs refuses both in web/).
 */

function App() {
  const s = strings()
  return (
    <>
      <header class="top">
        <div class="top-row">
          <h1>{s.title}</h1>
          <button
            class="lang"
            data-role="lang"
            type="button"
            onClick={() => changed((st) => (st.lang = st.lang === 'zh' ? 'en' : 'zh'))}
          >
            {s.langToggle}
          </button>
        </div>
        <p class="sub">{s.subtitle}</p>
      </header>
      <InputCard />
      {state.rejected.length ? <RejectedCard /> : null}
      <nav class="tabs" role="tablist">
        <TabButton tab="single" label={s.tabSingle} />
        <TabButton tab="fleet" label={`${s.tabFleet} (${state.entries.length})`} />
        {servedByCollector() ? <TabButton tab="server" label={serverStrings().tabServer} /> : null}
      </nav>
      {state.tab === 'single' ? <SingleView /> : state.tab === 'fleet' ? <FleetView /> : <ServerView />}
    </>
  )
}

function TabButton({ tab, label }: { tab: Tab; label: string }) {
  const on = state.tab === tab
  return (
    <button
      class={`tab${on ? ' on' : ''}`}
      data-role={`tab-${tab}`}
      type="button"
      role="tab"
      aria-selected={on}
      onClick={() => changed((st) => (st.tab = tab))}
    >
      {label}
    </button>
  )
}

/** Draws the page into `el` now and after every change (synchronously: a click's result is on the page when
 * the handler returns). */
export function mount(el: HTMLElement) {
  const draw = () => {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en'
    document.title = strings().title
    render(<App />, el)
  }
  subscribe(draw)
  draw()
}
