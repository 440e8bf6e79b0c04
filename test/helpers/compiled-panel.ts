import { installFakeWx, sleep, until } from './panel'
import { scriptFor } from './setdata-measure'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate')

/** What a panel's `report` event carries. */
export interface ReportEvent {
  report: { results: unknown[] }
  sharePage: string
}

/**
 * A panel component as a fixture host's upload compiled it (`id` from simulate.load) rendered with `props` on a
 * fake wx answering every probe (scriptFor), its start button tapped and the run waited to its end: what each
 * host-app test does with its fixture. `first` is the view as first drawn (sdkInput, and the text without the
 * zero-width breaks URLs carry); `events` the report events; `close()` detaches it and disposes the fake.
 */
export async function runCompiledPanel(id: string, props: Record<string, unknown>) {
  const { fake } = installFakeWx(scriptFor)
  const comp = simulate.render(id, props)
  comp.attach(document.createElement('parent-wrapper'))
  await sleep(50)
  const first = {
    sdkInput: comp.data.sdkInput as string,
    text: (comp.dom.textContent as string).replace(/\u200b/g, ''),
  }
  const events: ReportEvent[] = []
  comp.addEventListener('report', (e: { detail: ReportEvent }) => events.push(e.detail))
  comp.querySelector('.nc-primary').dispatchEvent('tap')
  await until(() => comp.data.phase === 'done', 20_000)
  await sleep(100)
  return {
    comp,
    fake,
    first,
    events,
    close() {
      comp.detach()
      fake.dispose()
    },
  }
}
