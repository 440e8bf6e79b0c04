/** A page definition written with WeChat's Component constructor: data and methods (onLoad, onShow…). */
interface ComponentPage {
  data?: Record<string, unknown>
  methods?: Record<string, (...args: never[]) => unknown>
}

declare const Page: (def: Record<string, unknown>) => void

/**
 * Pages are written with `Component({data, methods})` (WeChat builds a page from a component). Other platforms
 * document `Page({...})` for pages, so their builds (tools/build-platform.js) inject this for the global
 * `Component` in page files: the same data, the methods as the page's own functions.
 */
export function Component(def: ComponentPage): void {
  const page: Record<string, unknown> = { data: def.data ?? {} }
  const methods = def.methods ?? {}
  for (const name of Object.keys(methods)) page[name] = methods[name]
  Page(page)
}
